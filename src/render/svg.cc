#include "llmtco/svg.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <string_view>
#include <vector>

#include "llmtco/number_format.h"
#include "render/markup.h"

namespace llmtco {
namespace {

using detail::escape_xml;

// Layout, in SVG user units (CSS pixels at 100%).
constexpr double kWidth = 760;
constexpr double kCharWidth = 7;  // a 12px sans-serif character, on average, for layout only
constexpr double kTop = 52;       // the plot's top edge: title above, marker labels just above
constexpr double kRight = 28;
constexpr double kLegendRow = 20;
// Okabe-Ito colours, told apart with every common colour-vision deficiency.
constexpr std::string_view kPalette[] = {"#0072b2", "#d55e00", "#009e73",
                                         "#cc79a7", "#e69f00", "#56b4e9"};
constexpr std::string_view kBandFill = "#009e73";
constexpr std::string_view kBandText = "#00664a";
constexpr std::string_view kGrid = "#e3e3e3";
constexpr std::string_view kInk = "#222";
// A white outline under a label, so that it reads over grid lines and other marks.
constexpr std::string_view kHalo = "stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\"";

// A coordinate with at most one decimal; never "nan" or "inf" (callers keep them finite).
std::string num(double v) {
  if (!std::isfinite(v)) v = 0;
  std::string text = fmt::format("{:.1f}", v);
  if (text.ends_with(".0")) text.resize(text.size() - 2);
  return text == "-0" ? "0" : text;
}

double text_width(std::string_view text) {
  const auto chars =
      std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; });
  return static_cast<double>(chars) * kCharWidth;
}

bool mentions_usd(const std::string& label) {
  return label.find("USD") != std::string::npos || label.find('$') != std::string::npos;
}

bool usable(double v, bool log) {
  return std::isfinite(v) && (!log || v > 0);
}

// One axis: its data range, where that range lies on the page, and its ticks.
struct Axis {
  bool log = false;
  bool dollars = false;
  double lo = 0, hi = 1;      // data range, lo < hi (both > 0 on a log axis)
  double from = 0, to = 1;    // page positions of lo and hi
  std::vector<double> ticks;  // labelled, with a grid line
  std::vector<double> minor;  // short unlabelled ticks

  double pos(double v) const {
    const double t = log ? (std::log10(v) - std::log10(lo)) / (std::log10(hi) - std::log10(lo))
                         : (v - lo) / (hi - lo);
    return from + t * (to - from);
  }
  std::string label(double v) const {
    if (!dollars) return format_compact(v);
    return v < 0 ? "-$" + format_compact(-v) : "$" + format_compact(v);
  }
};

// Whole decades around [min, max] (both > 0); every decade ticked, at most about
// eight labelled, and 2..9 marked in between while there are few decades.
Axis log_axis(double min, double max) {
  Axis axis{.log = true};
  int a = static_cast<int>(std::floor(std::log10(min)));
  int b = static_cast<int>(std::ceil(std::log10(max)));
  if (b <= a) {  // a single value, itself a decade: centred between the decades around it
    --a;
    b = a + 2;
  }
  const int step = std::max(1, static_cast<int>(std::ceil((b - a) / 8.0)));
  b = a + (b - a + step - 1) / step * step;
  axis.lo = std::pow(10.0, a);
  axis.hi = std::pow(10.0, b);
  for (int k = a; k <= b; ++k) {
    const double decade = std::pow(10.0, k);
    ((k - a) % step == 0 ? axis.ticks : axis.minor).push_back(decade);
    if (b - a <= 6 && k < b) {
      for (int m = 2; m <= 9; ++m) axis.minor.push_back(m * decade);
    }
  }
  return axis;
}

// A 1-2-5 step giving about five intervals, the range widened to whole steps.
Axis linear_axis(double min, double max, bool from_zero) {
  Axis axis;
  if (from_zero && min > 0) min = 0;
  if (from_zero && max < 0) max = 0;
  if (max <= min) {  // every value equal
    const double pad = min == 0 ? 1 : std::fabs(min) * 0.1;
    if (from_zero && min == 0) {
      max = 1;
    } else {
      min -= pad;
      max += pad;
    }
  }
  const double raw = (max - min) / 5;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double r = raw / magnitude;
  const double step = (r <= 1 ? 1 : r <= 2 ? 2 : r <= 5 ? 5 : 10) * magnitude;
  axis.lo = std::floor(min / step) * step;
  axis.hi = std::ceil(max / step) * step;
  for (int i = 0; i <= 20; ++i) {
    double v = axis.lo + i * step;
    if (v > axis.hi + step * 1e-9) break;
    if (std::fabs(v) < step * 1e-9) v = 0;
    axis.ticks.push_back(v);
  }
  return axis;
}

// The axis for `values` (all usable on it); 0 to 1 (1 to 10 on a log axis) if none.
Axis make_axis(const std::vector<double>& values, bool log, bool from_zero) {
  if (values.empty()) return log ? log_axis(1, 10) : linear_axis(0, 1, false);
  const auto [min, max] = std::minmax_element(values.begin(), values.end());
  return log ? log_axis(*min, *max) : linear_axis(*min, *max, from_zero);
}

std::string open_svg(const Chart& chart, double height) {
  const std::string title = escape_xml(chart.title);
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" "
      "font-size=\"12\" role=\"img\" aria-label=\"{2}\" class=\"chart\" data-chart=\"{3}\">\n"
      "<title>{2}</title>\n"
      "<rect width=\"{0}\" height=\"{1}\" fill=\"#fff\"/>\n"
      "<text x=\"16\" y=\"26\" font-size=\"16\" font-weight=\"bold\" fill=\"{4}\">{2}</text>\n",
      num(kWidth), num(height), title, escape_xml(chart.id), kInk);
}

std::string text(double x, double y, std::string_view anchor, const std::string& content,
                 std::string_view extra = "") {
  return fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"{}\"{}{}>{}</text>\n", num(x), num(y),
                     anchor, extra.empty() ? "" : " ", extra, escape_xml(content));
}

// Ticks, grid lines and labels of a horizontal axis under a plot spanning [top, bottom].
std::string x_axis_marks(const Axis& x, double top, double bottom) {
  std::string out = "<g class=\"x-axis\">\n";
  for (double v : x.ticks) {
    const double px = x.pos(v);
    out += fmt::format(
        "<line class=\"grid\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"{3}\"/>\n",
        num(px), num(top), num(bottom), kGrid);
    out += fmt::format(
        "<line class=\"tick\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"{3}\"/>\n",
        num(px), num(bottom), num(bottom + 5), kInk);
    out += text(px, bottom + 18, "middle", x.label(v), "class=\"tick-label\"");
  }
  for (double v : x.minor) {
    out += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"{3}\"/>\n",
                       num(x.pos(v)), num(bottom), num(bottom + 3), kInk);
  }
  return out + "</g>\n";
}

// Legend entries in rows under the plot, from `left`; returns the markup and the rows used.
struct LegendEntry {
  std::string name;
  std::string_view colour;
  bool bar = false;  // a swatch rather than a line
};

std::string legend(const std::vector<LegendEntry>& entries, double left, double y, int& rows) {
  rows = entries.empty() ? 0 : 1;
  std::string out = "<g class=\"legend\">\n";
  double x = left;
  for (const LegendEntry& e : entries) {
    const double w = 30 + text_width(e.name) + 18;
    if (x > left && x + w > kWidth - kRight) {
      x = left;
      ++rows;
    }
    const double row_y = y + (rows - 1) * kLegendRow;
    if (e.bar) {
      out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"22\" height=\"10\" fill=\"{}\"/>\n",
                         num(x), num(row_y - 9), e.colour);
    } else {
      out += fmt::format(
          "<line x1=\"{0}\" y1=\"{2}\" x2=\"{1}\" y2=\"{2}\" stroke=\"{3}\" "
          "stroke-width=\"2.5\"/>\n",
          num(x), num(x + 22), num(row_y - 4), e.colour);
    }
    out += text(x + 28, row_y, "start", e.name);
    x += w;
  }
  return out + "</g>\n";
}

// The series' usable points, split where a point is left out.
std::vector<std::vector<ChartPoint>> runs_of(const ChartSeries& series, bool log_x, bool log_y) {
  std::vector<std::vector<ChartPoint>> runs(1);
  for (const ChartPoint& p : series.points) {
    if (usable(p.x, log_x) && usable(p.y, log_y)) {
      runs.back().push_back(p);
    } else if (!runs.back().empty()) {
      runs.emplace_back();
    }
  }
  if (runs.back().empty()) runs.pop_back();
  return runs;
}

std::string line_chart(const Chart& chart) {
  const double left = 84;
  const double right = kWidth - kRight;
  const double bottom = kTop + 290;

  std::vector<std::vector<std::vector<ChartPoint>>> series_runs;
  std::vector<double> xs, ys;
  for (const ChartSeries& s : chart.series) {
    series_runs.push_back(runs_of(s, chart.log_x, chart.log_y));
    for (const auto& run : series_runs.back()) {
      for (const ChartPoint& p : run) {
        xs.push_back(p.x);
        ys.push_back(p.y);
      }
    }
  }
  for (const ChartMarker& m : chart.markers) {
    if (usable(m.x, chart.log_x)) xs.push_back(m.x);
  }
  if (xs.empty()) {  // nothing else to place the x axis by: the bands' finite ends
    for (const ChartBand& b : chart.bands) {
      for (double v : {b.x_from, b.x_to}) {
        if (usable(v, chart.log_x)) xs.push_back(v);
      }
    }
  }
  const bool same_sign = std::all_of(ys.begin(), ys.end(), [](double v) { return v >= 0; }) ||
                         std::all_of(ys.begin(), ys.end(), [](double v) { return v <= 0; });
  Axis x = make_axis(xs, chart.log_x, false);
  Axis y = make_axis(ys, chart.log_y, same_sign);
  x.from = left;
  x.to = right;
  x.dollars = mentions_usd(chart.x_label);
  y.from = bottom;
  y.to = kTop;
  y.dollars = mentions_usd(chart.y_label);

  std::vector<LegendEntry> entries;
  for (std::size_t i = 0; i < chart.series.size(); ++i) {
    const bool empty = series_runs[i].empty();
    entries.push_back(
        {chart.series[i].name + (empty ? " (no data)" : ""), kPalette[i % std::size(kPalette)]});
  }
  int rows = 0;
  const std::string legend_marks = legend(entries, left, bottom + 64, rows);
  const double height = bottom + 50 + rows * kLegendRow + (rows > 0 ? 8 : 0);

  std::string out = open_svg(chart, height);
  // Grid, ticks and labels.
  out += x_axis_marks(x, kTop, bottom);
  out += "<g class=\"y-axis\">\n";
  for (double v : y.ticks) {
    const double py = y.pos(v);
    out += fmt::format(
        "<line class=\"grid\" x1=\"{0}\" y1=\"{2}\" x2=\"{1}\" y2=\"{2}\" stroke=\"{3}\"/>\n",
        num(left), num(right), num(py), kGrid);
    out += fmt::format(
        "<line class=\"tick\" x1=\"{0}\" y1=\"{2}\" x2=\"{1}\" y2=\"{2}\" stroke=\"{3}\"/>\n",
        num(left - 5), num(left), num(py), kInk);
    out += text(left - 8, py + 4, "end", y.label(v), "class=\"tick-label\"");
  }
  for (double v : y.minor) {
    out += fmt::format("<line x1=\"{0}\" y1=\"{2}\" x2=\"{1}\" y2=\"{2}\" stroke=\"{3}\"/>\n",
                       num(left - 3), num(left), num(y.pos(v)), kInk);
  }
  out += "</g>\n";
  // Bands: translucent, over the grid and under the series; labels haloed.
  for (const ChartBand& b : chart.bands) {
    if (std::isnan(b.x_from) || std::isnan(b.x_to)) continue;
    const double from = usable(b.x_from, chart.log_x) ? std::clamp(b.x_from, x.lo, x.hi) : x.lo;
    const double to = usable(b.x_to, chart.log_x) ? std::clamp(b.x_to, x.lo, x.hi)
                      : b.x_to > 0                ? x.hi
                                                  : x.lo;
    if (to <= from) continue;
    const double px0 = x.pos(from), px1 = x.pos(to);
    out += fmt::format(
        "<g class=\"band\">\n<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" "
        "fill-opacity=\"0.13\"/>\n",
        num(px0), num(kTop), num(px1 - px0), num(bottom - kTop), kBandFill);
    const double w = text_width(b.label);
    const std::string band_text =
        fmt::format("font-weight=\"bold\" fill=\"{}\" {}", kBandText, kHalo);
    if (b.label.empty()) {
      // An unlabelled band continues the one before it.
    } else if (px1 - px0 >= w + 8) {
      out += text((px0 + px1) / 2, kTop + 18, "middle", b.label, band_text);
    } else if (px0 + 4 + w <= right) {
      out += text(px0 + 4, kTop + 18, "start", b.label, band_text);
    } else {
      out += text(px1 - 4, kTop + 18, "end", b.label, band_text);
    }
    out += "</g>\n";
  }
  out += fmt::format(
      "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"{}\"/>\n",
      num(left), num(kTop), num(right - left), num(bottom - kTop), kInk);
  out += text((left + right) / 2, bottom + 40, "middle", chart.x_label, "class=\"axis-label\"");
  out += fmt::format(
      "<text class=\"axis-label\" transform=\"rotate(-90)\" x=\"{}\" y=\"18\" "
      "text-anchor=\"middle\">{}</text>\n",
      num(-(kTop + bottom) / 2), escape_xml(chart.y_label));
  if (xs.empty() && ys.empty()) {
    out += text((left + right) / 2, (kTop + bottom) / 2, "middle", "no data", "fill=\"#777\"");
  }
  // Series.
  for (std::size_t i = 0; i < chart.series.size(); ++i) {
    const std::string_view colour = kPalette[i % std::size(kPalette)];
    out +=
        fmt::format("<g class=\"series\" data-series=\"{}\">\n", escape_xml(chart.series[i].name));
    for (const auto& run : series_runs[i]) {
      if (run.size() == 1) {
        out += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"{}\"/>\n",
                           num(x.pos(run[0].x)), num(y.pos(run[0].y)), colour);
        continue;
      }
      std::string points;
      for (const ChartPoint& p : run) {
        points += (points.empty() ? "" : " ") + num(x.pos(p.x)) + "," + num(y.pos(p.y));
      }
      out += fmt::format(
          "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2.5\" "
          "stroke-linejoin=\"round\"/>\n",
          points, colour);
    }
    out += "</g>\n";
  }
  // Markers, over the series.
  for (const ChartMarker& m : chart.markers) {
    if (!usable(m.x, chart.log_x)) continue;
    const double px = x.pos(m.x);
    out += fmt::format(
        "<g class=\"marker\">\n<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#444\" "
        "stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>\n",
        num(px), num(kTop - 2), num(bottom));
    const double w = text_width(m.label);
    const std::string_view anchor = px - w / 2 < 16           ? "start"
                                    : px + w / 2 > kWidth - 8 ? "end"
                                                              : "middle";
    out += text(px, kTop - 6, anchor, m.label, kHalo) + "</g>\n";
  }
  return out + legend_marks + "</svg>\n";
}

std::string tornado(const Chart& chart) {
  constexpr double kRow = 30;
  constexpr double kBar = 18;
  double label_chars_width = 0;
  for (const ChartBar& b : chart.bars)
    label_chars_width = std::max(label_chars_width, text_width(b.label));
  // Row labels end at label_right; the plot keeps room on both sides for the values
  // printed beyond the bars' ends.
  const double label_right = 16 + std::clamp(label_chars_width, 90.0, 300.0);
  const double left = label_right + 56;
  const double right = kWidth - kRight - 48;
  const double bottom = kTop + static_cast<double>(chart.bars.size()) * kRow;
  const std::string& value_label = chart.x_label.empty() ? chart.y_label : chart.x_label;

  const bool log = chart.log_x;
  std::vector<double> values;
  if (usable(chart.base, log)) values.push_back(chart.base);
  for (const ChartBar& b : chart.bars) {
    for (double v : {b.low, b.high}) {
      if (usable(v, log)) values.push_back(v);
    }
  }
  if (!values.empty()) {  // room for the printed values beyond the bars' ends
    // Copied out before push_back, which may move the vector's storage.
    const auto [min_it, max_it] = std::minmax_element(values.begin(), values.end());
    const double min = *min_it;
    const double max = *max_it;
    if (!log) {
      const double pad = (max - min) * 0.08;
      values.push_back(min - pad);
      values.push_back(max + pad);
    }
  }
  Axis x = make_axis(values, log, false);
  x.from = left;
  x.to = right;
  x.dollars = mentions_usd(value_label);
  const bool has_base = usable(chart.base, log);
  const double base_px = has_base ? x.pos(chart.base) : x.pos(x.lo);

  const std::vector<LegendEntry> entries = {{"input at its low end", kPalette[0], true},
                                            {"input at its high end", kPalette[1], true}};
  int rows = 0;
  const std::string legend_marks = legend(entries, left, bottom + 64, rows);
  const double height = bottom + 50 + rows * kLegendRow + 8;

  std::string out = open_svg(chart, height);
  out += x_axis_marks(x, kTop, bottom);
  out += fmt::format("<line x1=\"{0}\" y1=\"{2}\" x2=\"{1}\" y2=\"{2}\" stroke=\"{3}\"/>\n",
                     num(left), num(right), num(bottom), kInk);
  for (std::size_t i = 0; i < chart.bars.size(); ++i) {
    const ChartBar& b = chart.bars[i];
    const double cy = kTop + (static_cast<double>(i) + 0.5) * kRow;
    out += "<g class=\"bar\">\n";
    out += text(label_right, cy + 4, "end", b.label, "class=\"bar-label\"");
    struct End {
      double value;
      std::string_view cls, colour;
    };
    std::vector<End> ends;
    for (const End& e :
         {End{b.low, "bar-low", kPalette[0]}, End{b.high, "bar-high", kPalette[1]}}) {
      if (usable(e.value, log)) ends.push_back(e);
    }
    // The longer bar first, so that a shorter one on the same side stays visible over it.
    std::sort(ends.begin(), ends.end(), [&](const End& a, const End& c) {
      return std::fabs(x.pos(a.value) - base_px) > std::fabs(x.pos(c.value) - base_px);
    });
    for (const End& e : ends) {
      const double px = x.pos(e.value);
      out += fmt::format(
          "<rect class=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>\n", e.cls,
          num(std::min(px, base_px)), num(cy - kBar / 2), num(std::fabs(px - base_px)), num(kBar),
          e.colour);
    }
    // Each value at its bar's outer end; two on one side print together at the outer one.
    const auto side = [&](double v) {
      return x.pos(v) < base_px ? -1 : x.pos(v) > base_px ? 1 : 0;
    };
    const auto put = [&](double px, int dir, const std::string& label) {
      out += text(px + (dir < 0 ? -5 : 5), cy + 4, dir < 0 ? "end" : "start", label,
                  "class=\"bar-value\"");
    };
    if (ends.size() == 2 && side(ends[0].value) == side(ends[1].value)) {
      const int dir = side(ends[0].value) == 0 ? 1 : side(ends[0].value);
      put(x.pos(ends[0].value), dir, x.label(b.low) + " / " + x.label(b.high));
    } else {
      for (std::size_t k = 0; k < ends.size(); ++k) {
        int dir = side(ends[k].value);
        if (dir == 0) dir = ends.size() == 2 ? -side(ends[1 - k].value) : 1;  // at base: away
        put(x.pos(ends[k].value), dir, x.label(ends[k].value));
      }
    }
    out += "</g>\n";
  }
  if (has_base) {
    out += fmt::format(
        "<g class=\"base\">\n<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"{3}\" "
        "stroke-width=\"1.5\"/>\n",
        num(base_px), num(kTop - 2), num(bottom), kInk);
    out += text(base_px, kTop - 6, "middle", "base " + x.label(chart.base)) + "</g>\n";
  }
  out += text((left + right) / 2, bottom + 40, "middle", value_label, "class=\"axis-label\"");
  return out + legend_marks + "</svg>\n";
}

}  // namespace

std::string render_svg(const Chart& chart) {
  return chart.bars.empty() ? line_chart(chart) : tornado(chart);
}

}  // namespace llmtco
