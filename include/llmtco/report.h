// Report: what a command computed, and the renderers that print it as text, JSON
// or Markdown. Renderers print from the figures; none recomputes anything.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "llmtco/figure.h"
#include "llmtco/scenario.h"

namespace llmtco {

struct Report {
  std::string command;               // "compare"
  std::string title;                 // a heading, e.g. the scenario's name
  std::optional<Scenario> scenario;  // the scenario as used, where there is one
  std::vector<Figure> figures;
};

struct RenderOptions {
  bool explain = false;  // formula, inputs and source under each figure
};

// An aligned table per method: figure, our value, the reference value, the
// difference in %, and a one-line reason wherever the difference is over 1%.
std::string render_text(const Report& report, const RenderOptions& options);

// {"command", "title", "scenario": {...}, "figures": [{"id", "method", "label",
// "value", "unit", "formula", "inputs", "source", "reference"}]} with a final newline.
std::string render_json(const Report& report);

// The same tables as render_text, as GitHub-flavoured Markdown.
std::string render_markdown(const Report& report, const RenderOptions& options);

}  // namespace llmtco
