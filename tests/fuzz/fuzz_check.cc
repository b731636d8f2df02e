#include "fuzz_check.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "llmtco/error.h"
#include "llmtco/render.h"

namespace llmtco::fuzz {

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  for (std::size_t start = 0; start < text.size();) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::pair<std::string_view, std::string_view> split_first_line(std::string_view text) {
  const std::size_t newline = text.find('\n');
  if (newline == std::string_view::npos) return {text, {}};
  return {text.substr(0, newline), text.substr(newline + 1)};
}

void unless_input_error(const std::function<void()>& step) {
  try {
    step();
  } catch (const InputError&) {
  }
}

void expect_finite(double value, std::string_view what) {
  if (std::isfinite(value)) return;
  std::fprintf(stderr, "fuzz oracle: %.*s is not finite (%g)\n", static_cast<int>(what.size()),
               what.data(), value);
  std::abort();
}

namespace {

void check_summary(const ErrorSummary& s) {
  expect_finite(s.coverage, "coverage");
  expect_finite(s.mape, "mape");
  expect_finite(s.median_ape, "median_ape");
  expect_finite(s.p90_ape, "p90_ape");
}

}  // namespace

void check_validation(const Validation& v) {
  for (const RowPrediction& row : v.rows) {
    const std::string line = "line " + std::to_string(row.line);
    if (row.predicted) expect_finite(*row.predicted, "the prediction of " + line);
    if (row.error_pct) expect_finite(*row.error_pct, "the error of " + line);
  }
  check_summary(v.summary);
  for (const ErrorGroup& group : v.groups) check_summary(group.summary);
}

void check_report(const Report& report) {
  for (const Figure& figure : report.figures) {
    expect_finite(figure.value, "figure " + figure.id);
    for (const FigureInput& input : figure.inputs) {
      expect_finite(input.value, "input " + input.name + " of figure " + figure.id);
    }
  }
  // Tables and charts pass the shells' own check (an InputError there is a number
  // the input bounds let through: a finding too).
  try {
    check_finite(report);
    for (const bool explain : {false, true}) {
      const RenderOptions options{.explain = explain};
      static_cast<void>(render_text(report, options));
      static_cast<void>(render_markdown(report, options));
      static_cast<void>(render_html(report, options));
    }
    static_cast<void>(render_json(report));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fuzz oracle: rendering a report threw: %s\n", e.what());
    std::abort();
  }
}

}  // namespace llmtco::fuzz
