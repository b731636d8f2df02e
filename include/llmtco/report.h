// Report: what a command computed: figures, tables, charts and notes, which the
// renderers (render.h) print as text, JSON, Markdown or HTML; none recomputes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "llmtco/figure.h"
#include "llmtco/scenario.h"

namespace llmtco {

// A table cell: text, a number, a count, yes/no, or empty (null in JSON).
using Cell = std::variant<std::monostate, std::string, double, std::int64_t, bool>;

// Rows that are not figures: a GPU x TP grid, a catalog listing.
struct Table {
  std::string id;                    // JSON key, e.g. "fits"
  std::string title;                 // heading in text and Markdown
  std::vector<std::string> columns;  // JSON keys (snake_case ids)
  // Headers for people, one a column; empty: each derived from its id (text,
  // Markdown and HTML print "USD/month" for "usd_per_month"; JSON keeps the ids).
  std::vector<std::string> labels;
  std::vector<std::vector<Cell>> rows;
  bool json_object = false;  // JSON: one row as an object rather than an array of one
  // Data for programs only (JSON); the other formats say the same in a note.
  bool json_only = false;
};

// A chart the HTML report and `--plot` draw as SVG; JSON carries its data.
// Either a line chart (series, on a log or linear x axis, with shaded x ranges and
// marked x values) or a tornado (bars, each a low-high span around `base`).
struct ChartPoint {
  double x = 0;
  double y = 0;
};

struct ChartSeries {
  std::string name;  // legend text
  std::vector<ChartPoint> points;
};

struct ChartBand {  // a shaded x range, e.g. where owning is cheaper
  double x_from = 0;
  double x_to = 0;
  std::string label;
};

struct ChartMarker {  // a vertical line at x, e.g. today's volume
  double x = 0;
  std::string label;
};

struct ChartBar {  // tornado: the result at an input's low and high end
  std::string label;
  double low = 0;
  double high = 0;
};

struct Chart {
  std::string id;  // JSON key and HTML anchor, e.g. "cost_curves"
  std::string title;
  std::string x_label;  // with its unit, e.g. "tokens per day"
  std::string y_label;  // "USD per month"
  bool log_x = false;
  bool log_y = false;
  std::vector<ChartSeries> series;
  std::vector<ChartBand> bands;
  std::vector<ChartMarker> markers;
  std::vector<ChartBar> bars;  // non-empty: a tornado chart
  double base = 0;             // tornado: the result at every input's base value
};

struct Report {
  std::string command;               // "compare"
  std::string title;                 // a heading, e.g. the scenario's name
  std::optional<Scenario> scenario;  // the scenario as used, where there is one
  std::vector<Figure> figures;
  std::vector<Table> tables;
  std::vector<Chart> charts;
  std::vector<std::string> notes;  // one-line conclusions printed after the figures
  // The first note is the answer (compare's verdict): text and Markdown print it
  // under the title instead of among the notes; HTML always leads with it.
  bool lead_note = false;
};

// Throws InputError if a figure, a table's number, a chart's point or a tornado
// bar is not finite: "api_usd_per_month: must be a finite number (got inf);
// computed from tokens_per_month = 3e+16 tokens, ...", blaming the figure whose
// inputs are all finite where there is one. Every shell calls it on a report before
// rendering it (a chart's shaded band may be open to infinity).
void check_finite(const Report& report);

}  // namespace llmtco
