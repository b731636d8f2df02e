// SVG: a Chart (report.h) drawn as a standalone SVG document, for the HTML report,
// `--plot` and any browser. Pure: the same chart always gives the same bytes.
#pragma once
#ifndef LLMTCO_RENDER_LAYER
#error \
    "a render header: the core and the commands print nothing; only src/render and the shells include it"
#endif

#include <string>

#include "llmtco/report.h"

namespace llmtco {

// A line chart (chart.bars empty) or a tornado (chart.bars non-empty) as one
// <svg> element with xmlns, width, height and viewBox; it opens standalone as a
// .svg file and inlines as-is in HTML5. Never writes NaN or inf: points with a
// non-finite coordinate, or a non-positive one on a log axis, are left out (a
// series breaks there), and bands with an infinite end run to the axis's end.
//
// Line chart: decade ticks on a log axis ("1M", "10M", "$1k"), "nice" 1-2-5 ticks
// on a linear one; values print with "$" on an axis whose label mentions USD.
// The x range spans the points and the markers; a linear y axis starts at 0 when
// every value has the same sign. One polyline per series with a legend, bands as
// shaded x ranges labelled at their top, markers as labelled dashed vertical lines.
//
// Tornado: one row per bar in the given order, its label on the left, a bar from
// `base` to the result at the input's low end and one to its high end, each value
// printed at its end, and a vertical line at `base`. The value axis is horizontal
// and is labelled with x_label (y_label when x_label is empty).
std::string render_svg(const Chart& chart);

}  // namespace llmtco
