// The check every shell runs on a report before rendering it: a figure, a table's
// number or a chart's point that is not finite is an input error naming it.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "llmtco/error.h"
#include "llmtco/report.h"

namespace llmtco {
namespace {

bool all_inputs_finite(const Figure& f) {
  return std::all_of(f.inputs.begin(), f.inputs.end(),
                     [](const FigureInput& i) { return std::isfinite(i.value); });
}

// The non-finite figure to blame: one whose inputs are all finite (where the
// overflow happened) if there is one, else the first.
const Figure* first_non_finite(const std::vector<Figure>& figures) {
  const Figure* first = nullptr;
  for (const Figure& f : figures) {
    if (std::isfinite(f.value)) continue;
    if (all_inputs_finite(f)) return &f;
    if (!first) first = &f;
  }
  return first;
}

std::string inputs_text(const Figure& f) {
  std::vector<std::string> parts;
  for (const FigureInput& i : f.inputs) {
    parts.push_back(
        fmt::format("{} = {:g}{}{}", i.name, i.value, i.unit.empty() ? "" : " ", i.unit));
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

void check_figures(const std::vector<Figure>& figures) {
  const Figure* f = first_non_finite(figures);
  if (!f) return;
  throw InputError(fmt::format("{}: must be a finite number (got {:g}); computed from {}", f->id,
                               f->value, inputs_text(*f)));
}

void check_tables(const std::vector<Table>& tables) {
  for (const Table& t : tables) {
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
      for (std::size_t c = 0; c < t.rows[r].size(); ++c) {
        const double* x = std::get_if<double>(&t.rows[r][c]);
        if (!x || std::isfinite(*x)) continue;
        throw InputError(fmt::format("{}[{}].{}: must be a finite number (got {:g})", t.id, r,
                                     c < t.columns.size() ? t.columns[c] : "?", *x));
      }
    }
  }
}

void check_charts(const std::vector<Chart>& charts) {
  for (const Chart& chart : charts) {
    for (const ChartSeries& s : chart.series) {
      for (const ChartPoint& p : s.points) {
        if (std::isfinite(p.x) && std::isfinite(p.y)) continue;
        throw InputError(fmt::format("{}: the point ({:g}, {:g}) of '{}' must be finite", chart.id,
                                     p.x, p.y, s.name));
      }
    }
    for (const ChartBar& b : chart.bars) {
      if (std::isfinite(b.low) && std::isfinite(b.high)) continue;
      throw InputError(fmt::format("{}: the bar '{}' must be finite (got {:g} to {:g})", chart.id,
                                   b.label, b.low, b.high));
    }
  }
}

}  // namespace

void check_finite(const Report& report) {
  check_figures(report.figures);
  check_tables(report.tables);
  check_charts(report.charts);
}

}  // namespace llmtco
