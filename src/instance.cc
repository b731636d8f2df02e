#include "llmtco/instance.h"

#include <algorithm>

#include "llmtco/nearest.h"

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

}  // namespace

std::vector<const Instance*> select_instances(const InstanceCatalog& catalog,
                                              const InstanceFilter& filter) {
  const std::string needle = ascii_lowercase(filter.search);
  std::vector<const Instance*> out;
  for (const Instance& instance : catalog.instances) {
    if (matches(instance, filter, needle)) out.push_back(&instance);
  }
  return out;
}

}  // namespace llmtco
