#include "llmtco/instance_checks.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>

#include "llmtco/number_format.h"

namespace llmtco {
namespace {

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

// Counts rows per (cloud, kind) with a non-positive price, remembering the first.
struct BadPrices {
  std::size_t rows = 0;
  std::string first;
};

void count_bad(std::map<std::pair<std::string, std::string>, BadPrices>& bad,
               const Instance& instance, const std::string& kind, double value) {
  BadPrices& entry = bad[{instance.cloud, kind}];
  if (entry.rows++ == 0) {
    entry.first =
        fmt::format("{} in {}: {}", instance.instance_type, instance.region, format_number(value));
  }
}

void clear_nonpositive(std::optional<double>& price, const std::string& kind,
                       const Instance& instance,
                       std::map<std::pair<std::string, std::string>, BadPrices>& bad) {
  if (price && *price <= 0) {
    count_bad(bad, instance, kind, *price);
    price.reset();
  }
}

}  // namespace

std::string instance_label(const Instance& instance) {
  return fmt::format("{}: {} ({} x {}) in {}", instance.cloud, instance.instance_type,
                     instance.gpu_count, instance.gpu_id, instance.region);
}

std::vector<std::string> drop_nonpositive_prices(std::vector<Instance>& instances) {
  std::map<std::pair<std::string, std::string>, BadPrices> bad;
  std::erase_if(instances, [&](const Instance& instance) {
    if (instance.on_demand_usd_per_hour > 0) return false;
    count_bad(bad, instance, "on-demand", instance.on_demand_usd_per_hour);
    return true;
  });
  for (Instance& instance : instances) {
    clear_nonpositive(instance.spot_usd_per_hour, "spot", instance, bad);
    clear_nonpositive(instance.reserved_1y_usd_per_hour, "reserved", instance, bad);
  }
  std::vector<std::string> warnings;
  for (const auto& [key, entry] : bad) {
    const auto& [cloud, kind] = key;
    warnings.push_back(fmt::format("{}: {} price <= 0 in {} row{} (first: {}); {}", cloud, kind,
                                   entry.rows, entry.rows == 1 ? "" : "s", entry.first,
                                   kind == "on-demand" ? "rows skipped" : kind + " left empty"));
  }
  return warnings;
}

std::vector<std::string> flag_suspicious_prices(std::vector<Instance>& instances) {
  using Key = std::tuple<std::string, std::string, std::string, int>;
  std::map<Key, std::vector<const Instance*>> same_type;
  for (const Instance& instance : instances) {
    same_type[{instance.cloud, instance.instance_type, instance.gpu_id, instance.gpu_count}]
        .push_back(&instance);
  }
  std::vector<std::string> warnings;
  auto flag = [&](Instance& instance, const std::string& what) {
    instance.warnings.push_back(fmt::format("{}: {}", instance_label(instance), what));
    warnings.push_back(instance.warnings.back());
  };
  for (Instance& instance : instances) {
    const double on_demand = instance.on_demand_usd_per_hour;
    if (instance.spot_usd_per_hour && *instance.spot_usd_per_hour > on_demand) {
      flag(instance, fmt::format("spot {} is above on-demand {}",
                                 format_usd_per_hour(*instance.spot_usd_per_hour),
                                 format_usd_per_hour(on_demand)));
    }
    std::vector<double> others;
    for (const Instance* other :
         same_type[{instance.cloud, instance.instance_type, instance.gpu_id, instance.gpu_count}]) {
      if (other->region != instance.region) others.push_back(other->on_demand_usd_per_hour);
    }
    if (others.size() < kMinOtherRegions) continue;
    const double usual = median(others);
    const double ratio = on_demand / usual;
    if (ratio > kRegionalOutlierRatio || ratio < 1.0 / kRegionalOutlierRatio) {
      flag(instance, fmt::format("on-demand {} is {}x the median {} of {} other regions "
                                 "(flagged above {}x or below {}x)",
                                 format_usd_per_hour(on_demand), fmt::format("{:.2f}", ratio),
                                 format_usd_per_hour(usual), others.size(),
                                 format_number(kRegionalOutlierRatio),
                                 format_number(1.0 / kRegionalOutlierRatio)));
    }
  }
  return warnings;
}

}  // namespace llmtco
