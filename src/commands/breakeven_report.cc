// llmtco breakeven: the two cost curves over a range of volumes and where owning
// is cheaper.
#include <fmt/format.h>

#include "llmtco/number_format.h"
#include "llmtco/resolve.h"
#include "llmtco/verdict_report.h"
#include "llmtco/volume.h"
#include "verdict_parts.h"

namespace llmtco {

using detail::breakeven_figures;
using detail::check_search;
using detail::cost_chart;
using detail::ranges_table;
using detail::ranges_text;

Report breakeven_report(const Catalogs& catalogs, const Scenario& given, double from, double to,
                        const PriceChecks& checks) {
  const Scenario scenario = with_volume(catalogs, with_open_model(given));
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
  report.notes.push_back(
      fmt::format("Against {}: {}", m.api.id.empty() ? "the API" : m.api.id, ranges_text(b)));
  report.notes.push_back(detail::hosted_breakeven_note(m, from, to));
  if (b.to_tokens_per_day < to) {
    report.notes.push_back(fmt::format(
        "Searched up to {} tokens/day only: the replica steps above it are too many to list.",
        format_compact(b.to_tokens_per_day)));
  }
  report.notes.insert(report.notes.end(), price_notes.begin(), price_notes.end());
  return report;
}

}  // namespace llmtco
