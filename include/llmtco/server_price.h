// ServerPrice: one server a buyer can buy outright, with its list price and power
// (data/servers/servers.csv: every price dated and its source named).
#pragma once

#include <string>

namespace llmtco {

struct ServerPrice {
  std::string id;               // "hgx-h100-8gpu"
  std::string name;             // "OEM HGX H100 8-GPU server (8x H100 SXM)"
  std::string gpu_id;           // our GPU catalog id (data/gpus.csv)
  int gpu_count = 0;            // >= 1
  double price_usd = 0;         // list price, > 0
  double host_watts = 0;        // the server's draw besides its GPUs (CPUs, memory, NICs, fans)
  double max_system_watts = 0;  // the datasheet's maximum: the power provisioned for it
  std::string date;             // of the price, YYYY-MM-DD
  std::string source;           // where the price and the watts come from
};

}  // namespace llmtco
