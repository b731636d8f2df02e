#include "llmtco/instance.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "llmtco/error.h"
#include "llmtco/nearest.h"
#include "request_checks.h"

namespace llmtco {
namespace {

bool contains_any_case(const std::string& text, const std::string& lowercase_needle) {
  return ascii_lowercase(text).find(lowercase_needle) != std::string::npos;
}

bool matches(const Instance& instance, const InstanceFilter& filter, const std::string& needle) {
  if (!filter.clouds.empty() && std::find(filter.clouds.begin(), filter.clouds.end(),
                                          instance.cloud) == filter.clouds.end()) {
    return false;
  }
  if (!filter.gpu_id.empty() && instance.gpu_id != filter.gpu_id) return false;
  return needle.empty() || contains_any_case(instance.instance_type, needle) ||
         contains_any_case(instance.gpu_id, needle) ||
         contains_any_case(instance.accelerator_name, needle) ||
         contains_any_case(instance.region, needle);
}

constexpr std::array<std::pair<Pricing, const char*>, 4> kPricingNames = {{
    {Pricing::kOnDemand, "on_demand"},
    {Pricing::kSpot, "spot"},
    {Pricing::kReserved1y, "reserved_1y"},
    {Pricing::kReserved3y, "reserved_3y"},
}};

}  // namespace

const char* pricing_name(Pricing pricing) {
  for (const auto& [value, name] : kPricingNames) {
    if (value == pricing) return name;
  }
  return "on_demand";
}

Pricing parse_pricing(const std::string& name) {
  for (const auto& [value, known] : kPricingNames) {
    if (name == known) return value;
  }
  throw InputError(
      fmt::format("unknown pricing '{}' (valid: on_demand, spot, reserved_1y, reserved_3y)", name));
}

std::optional<double> price_usd_per_hour(const Instance& instance, Pricing pricing) {
  switch (pricing) {
    case Pricing::kOnDemand:
      return instance.on_demand_usd_per_hour;
    case Pricing::kSpot:
      return instance.spot_usd_per_hour;
    case Pricing::kReserved1y:
      return instance.reserved_1y_usd_per_hour;
    case Pricing::kReserved3y:
      return std::nullopt;
  }
  return std::nullopt;
}

std::vector<const Instance*> select_instances(const InstanceCatalog& catalog,
                                              const InstanceFilter& filter) {
  const std::string needle = ascii_lowercase(filter.search);
  std::vector<const Instance*> out;
  for (const Instance& instance : catalog.instances) {
    if (matches(instance, filter, needle)) out.push_back(&instance);
  }
  return out;
}

std::string instance_date_words(const Instance& instance) {
  if (instance.date.empty()) return "unknown date";
  return instance.date_estimated ? fmt::format("about {} (estimated)", instance.date)
                                 : instance.date;
}

std::string source_date_words(const InstanceSource& source) {
  if (source.date.empty()) return "undated";
  return source.date_estimated ? fmt::format("about {} (estimated)", source.date) : source.date;
}

std::string source_note(const InstanceSource& s) {
  std::string note = fmt::format("{} prices of {}: {}{}", s.cloud,
                                 s.date.empty() ? "unknown date" : source_date_words(s), s.file,
                                 s.origin.empty() ? "" : ", from " + s.origin);
  if (s.date_estimated)
    note += fmt::format("; the upstream file is undated, estimate: {}", s.date_basis);
  if (s.volatile_offers) {
    note += "; a marketplace with volatile offers: a listed offer may be gone or repriced";
  }
  return note;
}

std::vector<std::string> resolve_cloud_names(const char* field,
                                             const std::vector<std::string>& names,
                                             const InstanceCatalog& catalog) {
  std::vector<std::string> clouds;
  auto add = [&](std::string_view cloud) {
    if (std::find(clouds.begin(), clouds.end(), cloud) == clouds.end()) clouds.emplace_back(cloud);
  };
  for (const std::string& name : names) {
    if (name != kAllClouds) {
      std::vector<std::string_view> valid(kInstanceClouds.begin(), kInstanceClouds.end());
      valid.push_back(kAllClouds);
      detail::check_choice(field, "cloud", name, valid);
      add(name);
      continue;
    }
    for (std::string_view cloud : kInstanceClouds) {
      const auto source = std::find_if(catalog.sources.begin(), catalog.sources.end(),
                                       [&](const InstanceSource& s) { return s.cloud == cloud; });
      if (source != catalog.sources.end() && !volatile_cloud(catalog, cloud)) add(cloud);
    }
  }
  if (clouds.empty() && !names.empty()) {  // none would mean every cloud
    throw FieldError(field, fmt::format("'{}' names no cloud: every cloud of the catalog is a "
                                        "marketplace with volatile offers; name them instead",
                                        kAllClouds));
  }
  return clouds;
}

bool volatile_cloud(const InstanceCatalog& catalog, std::string_view cloud) {
  return std::any_of(catalog.sources.begin(), catalog.sources.end(), [&](const InstanceSource& s) {
    return s.cloud == cloud && s.volatile_offers;
  });
}

std::vector<std::string> split_cloud_list(std::string_view text) {
  std::vector<std::string> names;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    std::string_view name = text.substr(start, comma - start);
    name.remove_prefix(std::min(name.find_first_not_of(" \t"), name.size()));
    name.remove_suffix(name.size() - std::min(name.find_last_not_of(" \t") + 1, name.size()));
    if (!name.empty()) names.emplace_back(name);
    start = comma + 1;
  }
  return names;
}

}  // namespace llmtco
