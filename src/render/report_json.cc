#include <algorithm>
#include <nlohmann/json.hpp>

#include "llmtco/render.h"

namespace llmtco {
namespace {

// The scenario as nested objects, by the schema's dotted paths.
nlohmann::ordered_json scenario_json(const Scenario& scenario) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const ScenarioField& field : scenario_fields()) {
    std::string pointer = "/" + std::string(field.path);
    std::replace(pointer.begin(), pointer.end(), '.', '/');
    nlohmann::ordered_json& slot = out[nlohmann::ordered_json::json_pointer(pointer)];
    if (const auto* get_text = std::get_if<ScenarioField::TextRef>(&field.ref)) {
      slot = (*get_text)(const_cast<Scenario&>(scenario));
    } else if (std::holds_alternative<ScenarioField::IntegerRef>(field.ref)) {
      slot = static_cast<long long>(field_number(scenario, field));
    } else {
      slot = field_number(scenario, field);
    }
  }
  return out;
}

nlohmann::ordered_json figure_json(const Figure& f) {
  nlohmann::ordered_json inputs = nlohmann::ordered_json::array();
  for (const FigureInput& in : f.inputs) {
    inputs.push_back({{"name", in.name}, {"value", in.value}, {"unit", in.unit}});
  }
  nlohmann::ordered_json out = {{"id", f.id},       {"method", f.method}, {"label", f.label},
                                {"value", f.value}, {"unit", f.unit},     {"formula", f.formula},
                                {"inputs", inputs}, {"source", f.source}, {"reference", nullptr}};
  if (f.reference) {
    const Reference& r = *f.reference;
    out["reference"] = {
        {"printed", r.printed},
        {"value", r.low},
        {"high", r.high ? nlohmann::ordered_json(*r.high) : nlohmann::ordered_json(nullptr)},
        {"difference_pct", r.difference_pct},
        {"reason", r.reason}};
  }
  return out;
}

nlohmann::ordered_json chart_json(const Chart& c) {
  nlohmann::ordered_json series = nlohmann::ordered_json::array();
  for (const ChartSeries& s : c.series) {
    nlohmann::ordered_json points = nlohmann::ordered_json::array();
    for (const ChartPoint& p : s.points) points.push_back({p.x, p.y});
    series.push_back({{"name", s.name}, {"points", std::move(points)}});
  }
  nlohmann::ordered_json bands = nlohmann::ordered_json::array();
  for (const ChartBand& b : c.bands) {
    bands.push_back({{"x_from", b.x_from}, {"x_to", b.x_to}, {"label", b.label}});
  }
  nlohmann::ordered_json markers = nlohmann::ordered_json::array();
  for (const ChartMarker& m : c.markers) markers.push_back({{"x", m.x}, {"label", m.label}});
  nlohmann::ordered_json bars = nlohmann::ordered_json::array();
  for (const ChartBar& b : c.bars) {
    bars.push_back({{"label", b.label}, {"low", b.low}, {"high", b.high}});
  }
  return {{"title", c.title},          {"x_label", c.x_label},
          {"y_label", c.y_label},      {"log_x", c.log_x},
          {"log_y", c.log_y},          {"series", std::move(series)},
          {"bands", std::move(bands)}, {"markers", std::move(markers)},
          {"bars", std::move(bars)},   {"base", c.base}};
}

}  // namespace

std::string render_json(const Report& report) {
  nlohmann::ordered_json figures = nlohmann::ordered_json::array();
  for (const Figure& f : report.figures) figures.push_back(figure_json(f));
  nlohmann::ordered_json out = {
      {"command", report.command},
      {"title", report.title},
      {"scenario", report.scenario ? scenario_json(*report.scenario) : nullptr},
      {"figures", figures},
      {"notes", report.notes}};
  for (const Table& table : report.tables) {
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (const auto& cells : table.rows) {
      nlohmann::ordered_json row = nlohmann::ordered_json::object();
      for (std::size_t c = 0; c < cells.size(); ++c) {
        std::visit(
            [&](const auto& v) {
              if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::monostate>) {
                row[table.columns[c]] = nullptr;
              } else {
                row[table.columns[c]] = v;
              }
            },
            cells[c]);
      }
      rows.push_back(std::move(row));
    }
    if (table.json_object && rows.size() == 1) {
      out[table.id] = std::move(rows[0]);
    } else {
      out[table.id] = std::move(rows);
    }
  }
  if (!report.charts.empty()) {
    nlohmann::ordered_json charts = nlohmann::ordered_json::object();
    for (const Chart& chart : report.charts) charts[chart.id] = chart_json(chart);
    out["charts"] = std::move(charts);
  }
  return out.dump(2) + "\n";
}

}  // namespace llmtco
