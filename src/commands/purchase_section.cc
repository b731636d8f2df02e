#include "purchase_section.h"

#include <fmt/format.h>

#include <algorithm>

#include "llmtco/number_format.h"
#include "llmtco/purchase.h"
#include "llmtco/units.h"
#include "verdict_parts.h"

namespace llmtco::detail {
namespace {

constexpr const char* kPurchaseSource = "docs/methodology.md, \"Bought servers\"";

Figure purchase_figure(std::string id, std::string label, double value, std::string unit,
                       std::string formula, std::vector<FigureInput> inputs) {
  return physics_figure(std::move(id), std::move(label), value, std::move(unit), std::move(formula),
                        std::move(inputs), kPurchaseSource);
}

FigureInput spec_input(const char* name, double value, const char* unit) {
  return {fmt::format("self_host.purchase.{}", name), value, unit};
}

// One server's four lines and their sum.
std::vector<Figure> server_figures(const Scenario& s, const ServerMonth& v) {
  const PurchaseSpec& p = s.self_host.purchase;
  const FigureInput price{"purchase_price_usd", v.price_usd, "USD"};
  std::vector<Figure> f;
  f.push_back(purchase_figure("purchase_price_usd", "Bought server: price", v.price_usd, "USD",
                              p.price_usd > 0 ? "self_host.purchase.price_usd" : "list_price_usd",
                              {{"list_price_usd", v.server->price_usd, "USD"},
                               spec_input("price_usd", p.price_usd, "USD")}));
  f.back().source = p.price_usd > 0 ? "the buyer's own figure"
                                    : fmt::format("data/servers/servers.csv, {} ({}): {}",
                                                  v.server->id, v.server->date, v.server->source);
  f.push_back(purchase_figure(
      "purchase_capital_usd_per_month", "Bought server: capital a month", v.capital_usd_per_month,
      "USD/month",
      p.financing_rate_per_year > 0
          ? "(purchase_price_usd - residual_usd / (1 + r)^n) x r / (1 - (1 + r)^-n), r = "
            "self_host.purchase.financing_rate_per_year / months_per_year, n = "
            "self_host.purchase.amortisation_months"
          : "(purchase_price_usd - residual_usd) / self_host.purchase.amortisation_months",
      {price,
       {"residual_usd", v.residual_usd, "USD"},
       spec_input("residual_share", p.residual_share, "fraction"),
       spec_input("financing_rate_per_year", p.financing_rate_per_year, "fraction/year"),
       spec_input("amortisation_months", p.amortisation_months, "months"),
       unit_input(UnitInput::kYearMonths)}));
  f.push_back(
      purchase_figure("purchase_gpu_watts", "Bought server: its GPUs' draw", v.gpu_watts, "W",
                      "gpu_count x gpu_tdp_watts x (self_host.purchase.gpu_idle_share + (1 - "
                      "self_host.purchase.gpu_idle_share) x utilisation), utilisation = 1 / "
                      "workload.peak_to_average",
                      {{"gpu_count", static_cast<double>(v.server->gpu_count), "GPUs"},
                       {"gpu_tdp_watts", v.gpu_tdp_watts, "W"},
                       spec_input("gpu_idle_share", p.gpu_idle_share, "fraction"),
                       {"utilisation", v.utilisation, "fraction"},
                       {"workload.peak_to_average", s.workload.peak_to_average, "x"}}));
  f.push_back(purchase_figure(
      "purchase_power_usd_per_month", "Bought server: power a month", v.power_usd_per_month,
      "USD/month",
      "(purchase_gpu_watts + host_watts) / 1000 x self_host.purchase.pue x hours_per_month x "
      "self_host.purchase.usd_per_kwh",
      {{"purchase_gpu_watts", v.gpu_watts, "W"},
       {"host_watts", v.server->host_watts, "W"},
       spec_input("pue", p.pue, "x"),
       unit_input(UnitInput::kMonthHours),
       spec_input("usd_per_kwh", p.usd_per_kwh, "USD/kWh")}));
  f.push_back(purchase_figure(
      "purchase_colocation_usd_per_month", "Bought server: colocation a month",
      v.colocation_usd_per_month, "USD/month",
      "max_system_watts / 1000 x self_host.purchase.colocation_usd_per_kw_month",
      {{"max_system_watts", v.server->max_system_watts, "W"},
       spec_input("colocation_usd_per_kw_month", p.colocation_usd_per_kw_month, "USD/kW-month")}));
  f.push_back(purchase_figure(
      "purchase_support_usd_per_month", "Bought server: hardware support a month",
      v.support_usd_per_month, "USD/month",
      "purchase_price_usd x self_host.purchase.support_share_per_year / months_per_year",
      {price, spec_input("support_share_per_year", p.support_share_per_year, "fraction/year"),
       unit_input(UnitInput::kYearMonths)}));
  f.push_back(purchase_figure(
      "purchase_server_usd_per_month", "Bought server: everything a month, one server",
      v.total_usd_per_month, "USD/month",
      "purchase_capital_usd_per_month + purchase_power_usd_per_month + "
      "purchase_colocation_usd_per_month + purchase_support_usd_per_month",
      {{"purchase_capital_usd_per_month", v.capital_usd_per_month, "USD/month"},
       {"purchase_power_usd_per_month", v.power_usd_per_month, "USD/month"},
       {"purchase_colocation_usd_per_month", v.colocation_usd_per_month, "USD/month"},
       {"purchase_support_usd_per_month", v.support_usd_per_month, "USD/month"}}));
  return f;
}

// The fleet a month, as own_cost bills it with only bought servers to choose.
Figure fleet_figure(const OwnCost& own, const ServerMonth& v) {
  return purchase_figure(
      "purchase_usd_per_month", "Bought servers: everything a month", own.total_usd_per_month,
      "USD/month",
      "purchase_servers x purchase_server_usd_per_month + storage + egress + staff + fine-tuning",
      {{"purchase_servers", static_cast<double>(own.replicas), "servers"},
       {"purchase_server_usd_per_month", v.total_usd_per_month, "USD/month"},
       {"storage_usd_per_month", own.storage_usd_per_month, "USD/month"},
       {"egress_usd_per_month", own.egress_usd_per_month, "USD/month"},
       {"staff_usd_per_month", own.staff_usd_per_month, "USD/month"},
       {"finetune_usd_per_month", own.finetune_usd_per_month, "USD/month"}});
}

Table lines_table(const OwnCost& own, const ServerMonth& v) {
  Table t{.id = "purchase",
          .title = fmt::format("Bought servers: {} x {}, a month", own.replicas, v.server->name),
          .columns = {"line", "usd_per_month_per_server", "servers", "usd_per_month"},
          .labels = {"line", "USD/month a server", "servers", "USD/month"}};
  const auto servers = static_cast<std::int64_t>(own.replicas);
  for (const auto& [line, usd] : {std::pair{"capital", v.capital_usd_per_month},
                                  {"power", v.power_usd_per_month},
                                  {"colocation", v.colocation_usd_per_month},
                                  {"support", v.support_usd_per_month}}) {
    t.rows.push_back({std::string(line), usd, servers, usd * own.replicas});
  }
  for (const auto& [line, usd] : {std::pair{"storage", own.storage_usd_per_month},
                                  {"egress", own.egress_usd_per_month},
                                  {"staff", own.staff_usd_per_month},
                                  {"fine-tuning", own.finetune_usd_per_month}}) {
    t.rows.push_back({std::string(line), Cell{}, Cell{}, usd});
  }
  t.rows.push_back({std::string("total"), v.total_usd_per_month, servers, own.total_usd_per_month});
  return t;
}

Table payback_table(const Payback& p) {
  Table t{.id = "purchase_payback",
          .title = "Bought servers against the API, month by month",
          .columns = {"month", "tokens_per_day", "servers", "bought", "api_usd", "capital_usd",
                      "running_usd", "cumulative_api_usd", "cumulative_buy_usd"},
          .json_only = true};
  for (const PaybackMonth& r : p.months) {
    t.rows.push_back({std::int64_t{r.month}, r.tokens_per_day, std::int64_t{r.servers},
                      std::int64_t{r.bought}, r.api_usd, r.capital_usd, r.running_usd,
                      r.cumulative_api_usd, r.cumulative_buy_usd});
  }
  return t;
}

std::string payback_words(const Scenario& s, const Payback& p) {
  const std::string how = p.financed ? "financed" : "paid up front";
  if (!p.month) {
    return fmt::format("buying ({}) does not pay back against the API within {} months", how,
                       p.months.size());
  }
  const PaybackMonth& at = p.months[static_cast<std::size_t>(*p.month)];
  return fmt::format(
      "buying ({}) pays back in month {} (month 0 = today, traffic growing {} a month): by "
      "then the API would have billed {} against buying's {} in cash",
      how, *p.month, format_percent(s.workload.monthly_growth * 100),
      format_usd(at.cumulative_api_usd), format_usd(at.cumulative_buy_usd));
}

// The cash of buying as a series of the cumulative chart, with its payback marker.
void add_to_growth(Report& report, const Payback& p) {
  auto chart = std::find_if(report.charts.begin(), report.charts.end(),
                            [](const Chart& c) { return c.id == "growth_cumulative"; });
  if (chart == report.charts.end()) return;
  ChartSeries cash{.name = "Bought servers (cash)"};
  for (const PaybackMonth& r : p.months) {
    cash.points.push_back({static_cast<double>(r.month), r.cumulative_buy_usd});
  }
  chart->series.push_back(std::move(cash));
  if (p.month) chart->markers.push_back({static_cast<double>(*p.month), "buying pays back"});
}

}  // namespace

void add_purchase_section(Report& report, const Catalogs& catalogs, const CostModel& m) {
  if (!purchase_enabled(m.scenario)) return;
  const CostModel bought = bought_only(m);
  const double t = m.scenario.workload.tokens_per_day;
  const OwnCost own = own_cost(bought, t);
  if (!own.option) {
    report.notes.push_back(
        "Bought servers: none of the servers searched meets the latency target with the model "
        "(data/servers/servers.csv lists them; the rejected options are in the deployment "
        "search's notes).");
    return;
  }
  const ServerMonth v = option_server_month(catalogs, m.scenario, *own.option->instance);
  const Payback p = payback(bought, *own.option, v);
  for (Figure& f : server_figures(m.scenario, v)) report.figures.push_back(std::move(f));
  report.figures.push_back(fleet_figure(own, v));
  if (p.month) {
    report.figures.push_back(purchase_figure(
        "purchase_payback_month", "Bought servers: the month buying pays back",
        static_cast<double>(*p.month), "months",
        fmt::format("the first month m with sum of api_usd(0..m) >= sum of (capital_usd + "
                    "running_usd)(0..m); capital_usd: {}",
                    p.financed ? "the annuity's payments (self_host.purchase.financed true)"
                               : "each server's price in the month it is bought "
                                 "(self_host.purchase.financed false)"),
        {{"workload.monthly_growth", m.scenario.workload.monthly_growth, "fraction/month"},
         {"workload.horizon_months", static_cast<double>(m.scenario.workload.horizon_months),
          "months"},
         {"cumulative_api_usd", p.months[static_cast<std::size_t>(*p.month)].cumulative_api_usd,
          "USD"},
         {"cumulative_buy_usd", p.months[static_cast<std::size_t>(*p.month)].cumulative_buy_usd,
          "USD"}}));
  }
  report.tables.push_back(lines_table(own, v));
  report.tables.push_back(payback_table(p));
  report.notes.push_back(fmt::format(
      "Bought servers: {} x {} ({} each, {}), {}/month a server (capital {}, power {}, colocation "
      "{}, "
      "support {}), {}/month in all with disk, egress, staff and fine-tuning; {}. Unless "
      "self_host.purchase.* gives your own, the PUE, electricity, colocation, financing and "
      "support figures are recalled defaults (docs/methodology.md, \"Bought servers\").",
      own.replicas, v.server->name, format_usd(v.price_usd),
      m.scenario.self_host.purchase.price_usd > 0
          ? "the buyer's price"
          : fmt::format("a recalled list price of {}, not a quote", v.server->date),
      format_usd(v.total_usd_per_month), format_usd(v.capital_usd_per_month),
      format_usd(v.power_usd_per_month), format_usd(v.colocation_usd_per_month),
      format_usd(v.support_usd_per_month), format_usd(own.total_usd_per_month),
      payback_words(m.scenario, p)));
  add_to_growth(report, p);
}

}  // namespace llmtco::detail
