// Bought servers (on-premises or colocated) beside the rented instances: one
// server's monthly cost line by line (capital as a financed annuity, power,
// colocation, support), the pseudo-instances of cloud "purchase" that put them in
// the deployment search at that cost an hour, and the month buying pays back
// against the API. docs/methodology.md, "Bought servers", gives every formula.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "llmtco/catalogs.h"
#include "llmtco/instance.h"
#include "llmtco/scenario.h"
#include "llmtco/server_price.h"
#include "llmtco/verdict.h"

namespace llmtco {

// The cloud and region of a bought server's pseudo-instance.
inline constexpr std::string_view kPurchaseCloud = "purchase";
inline constexpr std::string_view kPurchaseRegion = "on-premises";

// self_host.purchase.enabled is "true".
bool purchase_enabled(const Scenario& scenario);

// Whether the instance is a bought server's pseudo-instance.
bool is_purchase(const Instance& instance);

// The monthly payment that pays off `price_usd` over `months` at
// `rate_per_year` / 12 a month, leaving `residual_usd` due at the end (settled
// by selling the server): (P - R / (1 + r)^n) x r / (1 - (1 + r)^-n); at r = 0,
// straight-line (P - R) / n.
double annuity_usd_per_month(double price_usd, double residual_usd, double rate_per_year,
                             int months);

// One bought server a month, line by line.
struct ServerMonth {
  const ServerPrice* server = nullptr;
  double price_usd = 0;      // self_host.purchase.price_usd, or the catalog's
  double residual_usd = 0;   // price x residual_share
  double gpu_tdp_watts = 0;  // one GPU's, data/gpus.csv
  // Each GPU's load: the mean of a fleet sized exactly for the peak,
  // 1 / peak_to_average.
  double utilisation = 0;
  double gpu_watts = 0;                 // gpu_count x tdp x (idle + (1 - idle) x utilisation)
  double it_watts = 0;                  // gpu_watts + host_watts
  double capital_usd_per_month = 0;     // annuity_usd_per_month(price, residual, rate, months)
  double power_usd_per_month = 0;       // it_watts / 1000 x pue x 730 x usd_per_kwh
  double colocation_usd_per_month = 0;  // max_system_watts / 1000 x USD/kW-month
  double support_usd_per_month = 0;     // price x support_share_per_year / 12
  double total_usd_per_month = 0;       // the four lines' sum
};

ServerMonth server_month(const PurchaseSpec& spec, const ServerPrice& server, double gpu_tdp_watts,
                         double peak_to_average);

// The servers the scenario buys from: the one named, or every one ("auto").
// Throws InputError naming the field, the value and the valid ids: an unknown id,
// or a price_usd of the buyer's with "auto".
std::vector<const ServerPrice*> purchase_servers(const Catalogs& catalogs,
                                                 const PurchaseSpec& spec);

// One pseudo-instance per server of purchase_servers(): cloud "purchase", region
// "on-premises", type the server id, every price its ServerMonth total / 730.
std::vector<Instance> purchase_instances(const Catalogs& catalogs, const Scenario& scenario);

// The server a bought option's pseudo-instance stands for, and its month.
ServerMonth option_server_month(const Catalogs& catalogs, const Scenario& scenario,
                                const Instance& instance);

// The cost model with only the bought options on its frontier; none of them when
// no bought server meets the target (or purchase is off).
CostModel bought_only(const CostModel& model);

// One month of the payback: the API's bill against the cash of buying.
struct PaybackMonth {
  int month = 0;  // 0 = today
  double tokens_per_day = 0;
  int servers = 0;  // kept: the most any month so far needed (bought servers are not sold)
  int bought = 0;   // bought this month
  double api_usd = 0;
  double capital_usd = 0;  // cash: bought x price, or financed: the capital lines due
  double running_usd = 0;  // servers x (power + colocation + support) + storage, egress,
                           // staff and fine-tuning as own_cost bills them
  double cumulative_api_usd = 0;
  double cumulative_buy_usd = 0;
};

struct Payback {
  bool financed = false;             // self_host.purchase.financed
  std::vector<PaybackMonth> months;  // horizon_months of them (fewer past kMaxTokensPerDay)
  // The first month whose cumulative API bill reaches buying's cumulative cash;
  // none within the horizon.
  std::optional<int> month;
};

// For `option` (a bought server) with `server`'s month lines, traffic growing by
// workload.monthly_growth from month 0.
Payback payback(const CostModel& bought, const Candidate& option, const ServerMonth& server);

}  // namespace llmtco
