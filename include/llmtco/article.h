// The seed article's method: the 21 figures of its calculation chain (memory for
// fine-tuning and serving, daily and monthly cost, API break-even volumes, yearly
// cost of owning), computed from the scenario's rules of thumb and compared with
// the values the article prints.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "llmtco/figure.h"
#include "llmtco/scenario.h"

namespace llmtco {

// The figure ids, in the article's order.
std::span<const std::string_view> article_figure_ids();

// The 21 figures, method "article", each with its formula, inputs and the
// article's printed value as its reference. Where a figure differs from the printed
// value by more than 1%, the reference's reason says why: the scenario differs
// from the article's, the article carries a rounded figure forward, or the article
// prints an approximation of its own rule.
std::vector<Figure> article_figures(const Scenario& scenario);

}  // namespace llmtco
