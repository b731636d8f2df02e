// The growth view of a compare report: growth() (growth.h) as figures with their
// traces, a month-by-month table and two line charts over a linear month axis.
#include "growth_section.h"

#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <utility>

#include "llmtco/number_format.h"

namespace llmtco::detail {
namespace {

constexpr const char* kGrowthSource = "docs/methodology.md, \"Growth and time\"";

// "min(api_usd_per_month(X), hosted_usd_per_month(X))", or the API's alone.
std::string rent_of(const Growth& g, const char* var) {
  return g.months.front().hosted
             ? fmt::format("min(api_usd_per_month({0}), hosted_usd_per_month({0}))", var)
             : fmt::format("api_usd_per_month({})", var);
}

// The inputs every growth figure shares: the traffic's law and the horizon.
std::vector<FigureInput> traffic_inputs(const Scenario& s, const Growth& g) {
  return {{"workload.tokens_per_day", s.workload.tokens_per_day, "tokens/day"},
          {"workload.monthly_growth", s.workload.monthly_growth, "fraction/month"},
          {"workload.horizon_months", static_cast<double>(g.horizon_months), "months"},
          {"growth_horizon_months", static_cast<double>(g.months.size()), "months"}};
}

// The horizon asked, and how many months traffic stays within the most a scenario
// may state (kMaxTokensPerDay).
std::vector<FigureInput> horizon_inputs(const Scenario& s, const Growth& g) {
  const bool stopped = g.months.size() < static_cast<std::size_t>(g.horizon_months);
  return {{"workload.tokens_per_day", s.workload.tokens_per_day, "tokens/day"},
          {"workload.monthly_growth", s.workload.monthly_growth, "fraction/month"},
          {"workload.horizon_months", static_cast<double>(g.horizon_months), "months"},
          {"months_within_max_volume",
           static_cast<double>(stopped ? g.months.size() : g.horizon_months), "months"},
          {"max_tokens_per_day", kMaxTokensPerDay, "tokens/day"}};
}

Figure growth_figure(std::string id, std::string label, double value, std::string unit,
                     std::string formula, std::vector<FigureInput> inputs) {
  return physics_figure(std::move(id), std::move(label), value, std::move(unit), std::move(formula),
                        std::move(inputs), kGrowthSource);
}

// A way's total over the horizon: the last month's running sum.
Figure horizon_total(const Scenario& s, const Growth& g, const std::string& way,
                     const std::string& label, double total, double first, double last) {
  std::vector<FigureInput> in = traffic_inputs(s, g);
  in.push_back({way + "_usd_per_month", first, "USD/month"});
  in.push_back({way + "_usd_per_month_at_horizon", last, "USD/month"});
  return growth_figure(
      "growth_" + way + "_usd_over_horizon", label + " over the horizon", total, "USD",
      fmt::format("sum({}_usd_per_month(month)) over month in [0, growth_horizon_months - 1]", way),
      std::move(in));
}

// Owning's side and renting's side of a comparison in one month.
struct Sides {
  double own = 0;
  double rent = 0;
};
using SidesOf = Sides (*)(const GrowthMonth&);

Sides monthly(const GrowthMonth& g) {
  return {g.own.total_usd_per_month, g.rent_usd_per_month};
}
Sides monthly_api(const GrowthMonth& g) {
  return {g.own.total_usd_per_month, g.api.total_usd_per_month};
}
Sides cumulative(const GrowthMonth& g) {
  return {g.cumulative_own_usd, g.cumulative_rent_usd};
}

// The month a comparison first holds, with both sides that month and the month before.
Figure month_figure(const Scenario& s, const Growth& g, std::string id, std::string label,
                    int month, std::string formula, SidesOf sides, const std::string& unit,
                    const std::string& renter) {
  std::vector<FigureInput> in = traffic_inputs(s, g);
  const Sides at = sides(g.months[static_cast<std::size_t>(month)]);
  in.push_back({"selfhost_at_month", at.own, unit});
  in.push_back({renter + "_at_month", at.rent, unit});
  if (month > 0) {
    const Sides before = sides(g.months[static_cast<std::size_t>(month - 1)]);
    in.push_back({"selfhost_month_before", before.own, unit});
    in.push_back({renter + "_month_before", before.rent, unit});
  }
  return growth_figure(std::move(id), std::move(label), month, "months from today",
                       std::move(formula), std::move(in));
}

std::vector<Figure> growth_figures(const Scenario& s, const Decision& d, const Growth& g) {
  const GrowthMonth& first = g.months.front();
  const GrowthMonth& last = g.months.back();
  std::vector<Figure> f;
  f.push_back(growth_figure(
      "growth_horizon_months", "Months the growth view spans", static_cast<double>(g.months.size()),
      "months", "min(workload.horizon_months, months_within_max_volume)", horizon_inputs(s, g)));
  f.push_back(growth_figure(
      "growth_tokens_per_day_at_horizon", "Traffic in the horizon's last month",
      last.tokens_per_day, "tokens/day",
      "workload.tokens_per_day x (1 + workload.monthly_growth) ^ (growth_horizon_months - 1)",
      traffic_inputs(s, g)));
  f.push_back(horizon_total(s, g, "api", "The API", last.cumulative_api_usd,
                            first.api.total_usd_per_month, last.api.total_usd_per_month));
  if (first.hosted) {
    f.push_back(horizon_total(s, g, "hosted", "The hosted open model", last.cumulative_hosted_usd,
                              first.hosted->total_usd_per_month, last.hosted->total_usd_per_month));
  }
  f.push_back(horizon_total(s, g, "selfhost", "Owning", last.cumulative_own_usd,
                            first.own.total_usd_per_month, last.own.total_usd_per_month));
  f.push_back(horizon_total(s, g, "hybrid", "The hybrid", last.cumulative_hybrid_usd,
                            first.hybrid.total_usd_per_month, last.hybrid.total_usd_per_month));
  const std::string months = "min month in [0, growth_horizon_months - 1] where ";
  if (g.owning_cheaper_month) {
    f.push_back(month_figure(s, g, "growth_owning_cheaper_month",
                             "First month owning costs less than renting", *g.owning_cheaper_month,
                             months + "selfhost_usd_per_month(month) < " + rent_of(g, "month"),
                             monthly, "USD/month", "rent"));
  }
  if (g.cumulative_owning_cheaper_month) {
    f.push_back(month_figure(s, g, "growth_cumulative_owning_cheaper_month",
                             "First month owning's running total is below renting's",
                             *g.cumulative_owning_cheaper_month,
                             months + "sum(selfhost_usd_per_month(i)) over i in [0, month] < sum(" +
                                 rent_of(g, "i") + ") over i in [0, month]",
                             cumulative, "USD", "rent"));
  }
  if (g.owning_cheaper_than_api_month) {
    Figure x =
        month_figure(s, g, "growth_owning_cheaper_than_api_month",
                     "First month owning costs less than the API", *g.owning_cheaper_than_api_month,
                     months + "selfhost_usd_per_month(month) < api_usd_per_month(month)",
                     monthly_api, "USD/month", "api");
    if (d.breakeven.breakeven_tokens_per_day) {
      x.inputs.push_back(
          {"breakeven_tokens_per_day", *d.breakeven.breakeven_tokens_per_day, "tokens/day"});
    }
    if (d.months_to_breakeven) {
      x.inputs.push_back({"months_to_breakeven", *d.months_to_breakeven, "months"});
    }
    f.push_back(std::move(x));
  }
  return f;
}

// One row a month: each way's cost, owning's instances and the running totals.
Table growth_table(const Growth& g) {
  Table t{.id = "growth",
          .title = "Month by month (0 = today): each way's cost and running total, USD",
          .columns = {"month", "tokens_per_day", "api_usd_per_month", "hosted_usd_per_month",
                      "selfhost_usd_per_month", "selfhost_instances", "selfhost_gpus",
                      "selfhost_instance", "hybrid_usd_per_month", "cumulative_api_usd",
                      "cumulative_hosted_usd", "cumulative_selfhost_usd", "cumulative_hybrid_usd"},
          .labels = {"month", "tokens/day", "API", "hosted", "own", "instances", "GPUs",
                     "instance type", "hybrid", "API to date", "hosted to date", "own to date",
                     "hybrid to date"}};
  for (const GrowthMonth& m : g.months) {
    const Candidate* o = m.own.option;
    t.rows.push_back({std::int64_t{m.month}, m.tokens_per_day, m.api.total_usd_per_month,
                      m.hosted ? Cell{m.hosted->total_usd_per_month} : Cell{},
                      m.own.total_usd_per_month, std::int64_t{m.own.replicas},
                      o ? Cell{std::int64_t{m.own.replicas} * o->instance->gpu_count} : Cell{},
                      o ? Cell{o->instance->cloud + " " + o->instance->instance_type} : Cell{},
                      m.hybrid.total_usd_per_month, m.cumulative_api_usd,
                      m.hosted ? Cell{m.cumulative_hosted_usd} : Cell{}, m.cumulative_own_usd,
                      m.cumulative_hybrid_usd});
  }
  return t;
}

Table capacities_table(const Growth& g) {
  Table t{.id = "growth_capacities",
          .title = "When traffic outgrows each capacity (first month above it; 0 = today)",
          .columns = {"capacity", "tokens_per_day", "month"}};
  for (const CapacityRunOut& c : g.capacities) {
    t.rows.push_back({c.capacity.name, c.capacity.tokens_per_day,
                      c.month ? Cell{std::int64_t{*c.month}} : Cell{}});
  }
  return t;
}

// The ways' series, each point (month, `value` of that month).
template <typename Value>
std::vector<ChartSeries> way_series(const Growth& g, Value value) {
  ChartSeries api{.name = "API"}, hosted{.name = "Hosted open model"}, own{.name = "Self-hosting"},
      mix{.name = "Hybrid (best mix)"};
  for (const GrowthMonth& m : g.months) {
    const double x = m.month;
    const auto [a, h, o, y] = value(m);
    api.points.push_back({x, a});
    if (m.hosted) hosted.points.push_back({x, h});
    own.points.push_back({x, o});
    mix.points.push_back({x, y});
  }
  std::vector<ChartSeries> out = {api};
  if (!hosted.points.empty()) out.push_back(hosted);
  out.push_back(own);
  out.push_back(mix);
  return out;
}

struct WayValues {
  double api, hosted, own, hybrid;
};

std::pair<Chart, Chart> growth_charts(const Growth& g) {
  Chart monthly{.id = "growth_monthly",
                .title = "Monthly cost of each way as traffic grows",
                .x_label = "month (0 = today)",
                .y_label = "USD per month"};
  monthly.series = way_series(g, [](const GrowthMonth& m) {
    return WayValues{m.api.total_usd_per_month, m.hosted ? m.hosted->total_usd_per_month : 0.0,
                     m.own.total_usd_per_month, m.hybrid.total_usd_per_month};
  });
  if (g.owning_cheaper_month)
    monthly.markers.push_back({static_cast<double>(*g.owning_cheaper_month), "owning cheaper"});
  if (g.owning_cheaper_than_api_month &&
      g.owning_cheaper_than_api_month != g.owning_cheaper_month) {
    monthly.markers.push_back(
        {static_cast<double>(*g.owning_cheaper_than_api_month), "owning cheaper than the API"});
  }
  for (const CapacityRunOut& c : g.capacities) {
    if (c.month)
      monthly.markers.push_back({static_cast<double>(*c.month), c.capacity.name + " runs out"});
  }
  Chart total{.id = "growth_cumulative",
              .title = "Running total of each way's cost",
              .x_label = "month (0 = today)",
              .y_label = "USD to date"};
  total.series = way_series(g, [](const GrowthMonth& m) {
    return WayValues{m.cumulative_api_usd, m.cumulative_hosted_usd, m.cumulative_own_usd,
                     m.cumulative_hybrid_usd};
  });
  if (g.cumulative_owning_cheaper_month) {
    total.markers.push_back(
        {static_cast<double>(*g.cumulative_owning_cheaper_month), "owning cheaper to date"});
  }
  return {std::move(monthly), std::move(total)};
}

// When owning becomes cheaper than renting, month by month and in running total.
std::string crossover_words(const Growth& g) {
  if (!g.owning_cheaper_month) {
    return fmt::format("Owning costs less than renting in none of the {} months.", g.months.size());
  }
  return fmt::format(
      "Owning first costs less than renting in month {}; its running total first falls below "
      "renting's {}.",
      *g.owning_cheaper_month,
      g.cumulative_owning_cheaper_month
          ? fmt::format("in month {}", *g.cumulative_owning_cheaper_month)
          : fmt::format("in none of the {} months", g.months.size()));
}

// " Owning first costs less than the API alone in month 16." where that differs (with
// traffic falling it may not stay so).
std::string api_crossover_words(const Growth& g) {
  if (!g.owning_cheaper_than_api_month || g.owning_cheaper_than_api_month == g.owning_cheaper_month)
    return "";
  return fmt::format(" Owning first costs less than the API alone in month {}.",
                     *g.owning_cheaper_than_api_month);
}

// " In month 21 owning moves to lambda gpu_2x_b200_sxm6 (2 instances where 3 were)."
// for each month the cheapest instance type changes, or "".
std::string switch_words(const Growth& g) {
  std::string words;
  for (std::size_t i = 1; i < g.months.size(); ++i) {
    const OwnCost& before = g.months[i - 1].own;
    const OwnCost& now = g.months[i].own;
    if (!now.option || !before.option || now.option == before.option) continue;
    words += fmt::format(" In month {} owning moves to {} {} ({} instances where {} were).",
                         g.months[i].month, now.option->instance->cloud,
                         now.option->instance->instance_type, now.replicas, before.replicas);
  }
  return words;
}

std::string growth_note(const CostModel& m, const Growth& g) {
  const Scenario& s = m.scenario;
  const GrowthMonth& last = g.months.back();
  std::string note = fmt::format(
      "Over {} months (month 0 is today) at {}% growth a month, traffic goes from {} to {} "
      "tokens/day and owning from {} to {} instances. {}{} Totals: the API {}{}, owning {}, "
      "the hybrid {}.",
      g.months.size(), format_number(s.workload.monthly_growth * 100),
      format_compact(g.months.front().tokens_per_day), format_compact(last.tokens_per_day),
      g.months.front().own.replicas, last.own.replicas, crossover_words(g), api_crossover_words(g),
      format_usd(last.cumulative_api_usd),
      last.hosted ? ", the hosted open model " + format_usd(last.cumulative_hosted_usd) : "",
      format_usd(last.cumulative_own_usd), format_usd(last.cumulative_hybrid_usd));
  const std::string switches = switch_words(g);
  note += switches;
  if (g.months.size() < static_cast<std::size_t>(g.horizon_months)) {
    note += fmt::format(
        " The view stops at month {} of the {} asked: month {}'s traffic would exceed {} "
        "tokens/day, the most a scenario may state.",
        last.month, g.horizon_months, last.month + 1, format_compact(kMaxTokensPerDay));
  }
  if (s.self_host.pricing.starts_with("reserved")) {
    note += fmt::format(
        " Priced at {} throughout: a reserved term commits the instances for its term, and "
        "instances added later are priced at the same rate{}.",
        s.self_host.pricing,
        switches.empty() ? ""
                         : "; a move to another instance type assumes the instances it replaces "
                           "are released, which a reserved term does not allow before its end");
  }
  return note;
}

}  // namespace

void add_growth_section(Report& report, const CostModel& m, const Decision& d, int horizon_months,
                        const std::vector<NamedCapacity>& capacities) {
  const Growth g = growth(m, horizon_months, capacities);
  if (g.months.empty()) return;
  for (Figure& f : growth_figures(m.scenario, d, g)) report.figures.push_back(std::move(f));
  report.tables.push_back(growth_table(g));
  if (!g.capacities.empty()) report.tables.push_back(capacities_table(g));
  auto [monthly, total] = growth_charts(g);
  report.charts.push_back(std::move(monthly));
  report.charts.push_back(std::move(total));
  report.notes.push_back(growth_note(m, g));
}

}  // namespace llmtco::detail
