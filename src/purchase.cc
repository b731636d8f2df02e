#include "llmtco/purchase.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "llmtco/error.h"
#include "llmtco/growth.h"
#include "llmtco/units.h"

namespace llmtco {
namespace {

constexpr double kWattsPerKw = 1000;

std::string valid_server_ids(const Catalogs& catalogs) {
  std::string ids = "auto";
  for (const ServerPrice& s : catalogs.servers) ids += ", " + s.id;
  return ids;
}

}  // namespace

bool purchase_enabled(const Scenario& scenario) {
  return scenario.self_host.purchase.enabled == "true";
}

bool is_purchase(const Instance& instance) {
  return instance.cloud == kPurchaseCloud;
}

double annuity_usd_per_month(double price_usd, double residual_usd, double rate_per_year,
                             int months) {
  const double r = rate_per_year / kMonthsPerYear, n = months;
  if (r == 0) return (price_usd - residual_usd) / n;
  return (price_usd - residual_usd / std::pow(1 + r, n)) * r / (1 - std::pow(1 + r, -n));
}

ServerMonth server_month(const PurchaseSpec& spec, const ServerPrice& server, double gpu_tdp_watts,
                         double peak_to_average) {
  ServerMonth m{.server = &server,
                .price_usd = spec.price_usd > 0 ? spec.price_usd : server.price_usd,
                .gpu_tdp_watts = gpu_tdp_watts,
                .utilisation = 1 / peak_to_average};
  m.residual_usd = m.price_usd * spec.residual_share;
  m.gpu_watts = server.gpu_count * gpu_tdp_watts *
                (spec.gpu_idle_share + (1 - spec.gpu_idle_share) * m.utilisation);
  m.it_watts = m.gpu_watts + server.host_watts;
  m.capital_usd_per_month = annuity_usd_per_month(
      m.price_usd, m.residual_usd, spec.financing_rate_per_year, spec.amortisation_months);
  m.power_usd_per_month = m.it_watts / kWattsPerKw * spec.pue * kHoursPerMonth * spec.usd_per_kwh;
  m.colocation_usd_per_month =
      server.max_system_watts / kWattsPerKw * spec.colocation_usd_per_kw_month;
  m.support_usd_per_month = m.price_usd * spec.support_share_per_year / kMonthsPerYear;
  m.total_usd_per_month = m.capital_usd_per_month + m.power_usd_per_month +
                          m.colocation_usd_per_month + m.support_usd_per_month;
  return m;
}

std::vector<const ServerPrice*> purchase_servers(const Catalogs& catalogs,
                                                 const PurchaseSpec& spec) {
  std::vector<const ServerPrice*> out;
  if (spec.server == "auto") {
    if (spec.price_usd > 0) {
      throw InputError(
          fmt::format("self_host.purchase.price_usd: {} is one server's price and needs "
                      "self_host.purchase.server to name that server (valid: {})",
                      spec.price_usd, valid_server_ids(catalogs).substr(6)));
    }
    for (const ServerPrice& s : catalogs.servers) out.push_back(&s);
    return out;
  }
  for (const ServerPrice& s : catalogs.servers) {
    if (s.id == spec.server) return {&s};
  }
  throw InputError(fmt::format("self_host.purchase.server: unknown server '{}' (valid: {})",
                               spec.server, valid_server_ids(catalogs)));
}

ServerMonth option_server_month(const Catalogs& catalogs, const Scenario& scenario,
                                const Instance& instance) {
  for (const ServerPrice& s : catalogs.servers) {
    if (s.id == instance.instance_type) {
      return server_month(scenario.self_host.purchase, s, find_gpu(catalogs, s.gpu_id).tdp_watts,
                          scenario.workload.peak_to_average);
    }
  }
  throw InputError(fmt::format("self_host.purchase.server: unknown server '{}' (valid: {})",
                               instance.instance_type, valid_server_ids(catalogs)));
}

std::vector<Instance> purchase_instances(const Catalogs& catalogs, const Scenario& scenario) {
  std::vector<Instance> out;
  for (const ServerPrice* s : purchase_servers(catalogs, scenario.self_host.purchase)) {
    const ServerMonth month =
        server_month(scenario.self_host.purchase, *s, find_gpu(catalogs, s->gpu_id).tdp_watts,
                     scenario.workload.peak_to_average);
    const double usd_per_hour = month.total_usd_per_month / kHoursPerMonth;
    out.push_back({.cloud = std::string(kPurchaseCloud),
                   .instance_type = s->id,
                   .gpu_id = s->gpu_id,
                   .accelerator_name = s->name,
                   .gpu_count = s->gpu_count,
                   .region = std::string(kPurchaseRegion),
                   .on_demand_usd_per_hour = usd_per_hour,
                   .spot_usd_per_hour = usd_per_hour,
                   .reserved_1y_usd_per_hour = usd_per_hour,
                   .date = s->date});
  }
  return out;
}

CostModel bought_only(const CostModel& model) {
  CostModel out = model;
  std::erase_if(out.frontier, [](const Candidate& c) { return !is_purchase(*c.instance); });
  // The rented options that dominated a bought one hid it: take every bought option
  // no other bought one beats on price, capacity and disk.
  for (const Candidate& c : model.candidates.options) {
    if (!is_purchase(*c.instance)) continue;
    const bool dominated = std::any_of(
        model.candidates.options.begin(), model.candidates.options.end(), [&](const Candidate& o) {
          return is_purchase(*o.instance) && o.usd_per_hour <= c.usd_per_hour &&
                 o.weights_gb <= c.weights_gb &&
                 o.replica_requests_per_s >= c.replica_requests_per_s &&
                 (o.usd_per_hour < c.usd_per_hour || o.weights_gb < c.weights_gb ||
                  o.replica_requests_per_s > c.replica_requests_per_s);
        });
    const bool listed = std::any_of(out.frontier.begin(), out.frontier.end(), [&](auto& f) {
      return f.usd_per_hour == c.usd_per_hour && f.weights_gb == c.weights_gb &&
             f.replica_requests_per_s == c.replica_requests_per_s;
    });
    if (!dominated && !listed) out.frontier.push_back(c);
  }
  return out;
}

Payback payback(const CostModel& m, const Candidate& option, const ServerMonth& server) {
  const Scenario& s = m.scenario;
  const PurchaseSpec& spec = s.self_host.purchase;
  Payback out{.financed = spec.financed == "true"};
  std::vector<int> bought_in;  // servers bought in each month so far
  double cumulative_api = 0, cumulative_buy = 0;
  int servers = 0;
  for (int month = 0; month < s.workload.horizon_months; ++month) {
    const double t =
        growth_tokens_per_day(s.workload.tokens_per_day, s.workload.monthly_growth, month);
    if (t > kMaxTokensPerDay) break;
    const double peak = t / tokens_per_request(s) / kSecondsPerDay * s.workload.peak_to_average;
    const int needed = total_replicas(
        std::max(1,
                 static_cast<int>(std::min(std::ceil(peak / option.replica_requests_per_s), 1e9))),
        m.redundancy);
    PaybackMonth row{.month = month, .tokens_per_day = t, .bought = std::max(0, needed - servers)};
    servers = std::max(servers, needed);
    row.servers = servers;
    bought_in.push_back(row.bought);
    if (out.financed) {
      for (int j = 0; j <= month; ++j) {
        if (month - j < spec.amortisation_months) {
          row.capital_usd += bought_in[j] * server.capital_usd_per_month;
        }
      }
    } else {
      row.capital_usd = row.bought * server.price_usd;
    }
    const OwnCost own = own_cost(m, t);
    row.running_usd = servers * (server.power_usd_per_month + server.colocation_usd_per_month +
                                 server.support_usd_per_month +
                                 option.weights_gb * s.self_host.storage_usd_per_gb_month) +
                      own.egress_usd_per_month + own.staff_usd_per_month +
                      own.finetune_usd_per_month;
    row.api_usd = api_cost(m, t).total_usd_per_month;
    cumulative_api += row.api_usd;
    cumulative_buy += row.capital_usd + row.running_usd;
    row.cumulative_api_usd = cumulative_api;
    row.cumulative_buy_usd = cumulative_buy;
    if (!out.month && cumulative_api >= cumulative_buy) out.month = month;
    out.months.push_back(row);
  }
  return out;
}

}  // namespace llmtco
