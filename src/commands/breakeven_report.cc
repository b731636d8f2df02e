// llmtco breakeven: the two cost curves over a range of volumes and where owning
// is cheaper.
#include <fmt/format.h>

#include "llmtco/number_format.h"
#include "llmtco/resolve.h"
#include "llmtco/verdict_report.h"
#include "verdict_parts.h"

namespace llmtco {

using detail::breakeven_figures;
using detail::check_search;
using detail::cost_chart;
using detail::ranges_table;
using detail::ranges_text;

namespace {

// Owning against the third way: the same search with the open model's cheapest
// hosted offer as the renter. Fine-tuning is left out of both sides (the run on
// rented GPUs is the same either way), so the difference is the serving's.
std::string hosted_breakeven_note(const CostModel& m, double from, double to) {
  if (!m.hosted) {
    return fmt::format(
        "No provider in the price map hosts {}: renting the open model is not "
        "priced.",
        m.scenario.self_host.model);
  }
  CostModel against = m;
  against.api = *m.hosted;
  against.hosted.reset();
  against.finetune_run.reset();
  const Breakeven b = breakeven(against, from, to);
  const double usd_per_1m = offer_cost(m, *m.hosted, 1).blended_usd_per_1m;
  return fmt::format(
      "Against {} hosted ({}, {} per 1M tokens of the mix), fine-tuning left out of both sides: "
      "{}.",
      m.scenario.self_host.model, m.hosted->id, format_usd(usd_per_1m),
      b.breakeven_tokens_per_day
          ? "owning is cheaper from " + format_compact(*b.breakeven_tokens_per_day) + " tokens/day"
          : "owning is cheaper nowhere up to " + format_compact(b.to_tokens_per_day) +
                " tokens/day");
}

}  // namespace

Report breakeven_report(const Catalogs& catalogs, const Scenario& given, double from, double to,
                        const PriceChecks& checks) {
  const Scenario scenario = with_open_model(given);
  check_search(from, to);
  const CostModel m = resolve_cost_model(catalogs, scenario, checks);
  Report report{.command = "breakeven",
                .title = fmt::format("{}: break-even between {} and {} tokens/day", scenario.name,
                                     format_compact(from), format_compact(to)),
                .scenario = scenario};
  const std::vector<std::string> price_notes = detail::price_notes(m.search, m.candidates, nullptr);
  if (m.frontier.empty()) {
    report.notes.push_back(fmt::format("Owning is not possible: {}.", m.candidates.why_none));
    report.notes.insert(report.notes.end(), price_notes.begin(), price_notes.end());
    return report;
  }
  const Breakeven b = breakeven(m, from, to);
  report.figures = breakeven_figures(scenario, b);
  report.tables.push_back(ranges_table(scenario, b));
  report.charts.push_back(cost_chart(m, b, from, b.to_tokens_per_day, false));
  report.notes.push_back(ranges_text(b));
  report.notes.push_back(hosted_breakeven_note(m, from, to));
  if (b.to_tokens_per_day < to) {
    report.notes.push_back(fmt::format(
        "Searched up to {} tokens/day only: the replica steps above it are too many to list.",
        format_compact(b.to_tokens_per_day)));
  }
  report.notes.insert(report.notes.end(), price_notes.begin(), price_notes.end());
  return report;
}

}  // namespace llmtco
