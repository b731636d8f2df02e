// usage_report(): the usage summary (usage.h) as a Report, and the scenario
// sections it maps to. docs/usage.md shows the report; docs/methodology.md, "Usage
// exports", defines its figures.
#include "llmtco/usage_report.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "llmtco/error.h"
#include "llmtco/number_format.h"
#include "llmtco/text.h"
#include "llmtco/units.h"

namespace llmtco {
namespace {

// The per-model table's figure columns, in order.
constexpr const char* kModelColumns[] = {"tokens_per_day",
                                         "input_share",
                                         "cached_input_share",
                                         "cache_write_share",
                                         "batch_share",
                                         "requests_per_day",
                                         "input_tokens_per_request",
                                         "output_tokens_per_request",
                                         "peak_to_average",
                                         "failure_share",
                                         "implied_usd",
                                         "stated_usd",
                                         "bill_difference",
                                         "implied_usd_per_month"};

constexpr const char* kLengthColumns[] = {
    "input_tokens_p50",  "input_tokens_p90",  "input_tokens_p99",  "input_cv",
    "output_tokens_p50", "output_tokens_p90", "output_tokens_p99", "output_cv"};

Cell figure_cell(const UsageModelSummary& s, const char* id) {
  if (const Figure* f = find_figure(s.figures, id)) return f->value;
  return std::monostate{};
}

Table models_table(const UsageSummary& summary) {
  Table t{
      .id = "models",
      .title = "Per model over the window (empty: the export does not say, or no catalog price)"};
  t.columns = {"model", "catalog_key"};
  for (const char* c : kModelColumns) t.columns.push_back(c);
  t.labels = {"model",
              "catalog key",
              "tokens/day",
              "input share",
              "cached input",
              "cache write",
              "batch",
              "requests/day",
              "input/request",
              "output/request",
              "peak/avg hour",
              "failed",
              "implied USD",
              "stated USD",
              "implied/stated - 1",
              "implied USD/month"};
  const auto add = [&](const UsageModelSummary& s) {
    std::vector<Cell> row{s.model, s.api_model.empty() ? Cell{} : Cell{s.api_model}};
    for (const char* c : kModelColumns) row.push_back(figure_cell(s, c));
    t.rows.push_back(std::move(row));
  };
  for (const UsageModelSummary& s : summary.models) add(s);
  add(summary.total);
  return t;
}

std::optional<Table> lengths_table(const UsageSummary& summary) {
  Table t{.id = "lengths", .title = "Request lengths from per-request rows (tokens)"};
  t.columns = {"model"};
  for (const char* c : kLengthColumns) t.columns.push_back(c);
  for (const UsageModelSummary& s : summary.models) {
    if (!s.input_cv) continue;
    std::vector<Cell> row{s.model};
    for (const char* c : kLengthColumns) row.push_back(figure_cell(s, c));
    t.rows.push_back(std::move(row));
  }
  if (t.rows.empty()) return std::nullopt;
  return t;
}

std::optional<Table> hourly_table(const UsageSummary& summary) {
  if (!summary.total.has_hourly) return std::nullopt;
  Table t{.id = "hourly_profile", .title = "Share of each model's tokens per UTC hour"};
  t.columns = {"hour_utc"};
  std::vector<const UsageModelSummary*> with;
  for (const UsageModelSummary& s : summary.models) {
    if (s.has_hourly) with.push_back(&s);
  }
  with.push_back(&summary.total);
  t.labels = {"hour (UTC)"};
  for (const UsageModelSummary* s : with) {
    t.columns.push_back(s->model + "_share");  // "_share": printed as a percentage
    t.labels.push_back(s->model);
  }
  for (int h = 0; h < 24; ++h) {
    std::vector<Cell> row{static_cast<std::int64_t>(h)};
    for (const UsageModelSummary* s : with) row.push_back(s->hourly_share[h]);
    t.rows.push_back(std::move(row));
  }
  return t;
}

std::string yaml_number(double v) {
  return fmt::format("{}", v);
}

}  // namespace

Report usage_report(const UsageSummary& summary, const UsageData& data) {
  Report r;
  r.command = "usage";
  std::string files;
  for (const std::string& s : data.sources) files += (files.empty() ? "" : ", ") + s;
  r.title = "Usage: " + files;
  r.figures = summary.total.figures;
  if (summary.window_days > 0) {
    r.figures.insert(
        r.figures.begin(),
        physics_figure("window_days", "Window the means are over", summary.window_days, "days",
                       "window_s / seconds_per_day, window_s = last end - first start "
                       "(per-request rows widened to whole UTC days)",
                       {{"window_s", summary.window_days * kSecondsPerDay, "s"},
                        unit_input(UnitInput::kDaySeconds)},
                       "docs/methodology.md, \"Usage exports\""));
  }
  for (const Figure& f : summary.costs_figures) r.figures.push_back(f);
  if (!summary.models.empty()) r.tables.push_back(models_table(summary));
  if (auto t = lengths_table(summary)) r.tables.push_back(std::move(*t));
  if (auto t = hourly_table(summary)) r.tables.push_back(std::move(*t));
  r.notes = summary.notes;
  return r;
}

std::string usage_scenario_yaml(const UsageSummary& summary, const std::string& model) {
  if (summary.models.empty()) {
    throw InputError("the usage files hold no token usage: there is no workload to print as YAML");
  }
  const std::string chosen = model.empty() ? default_usage_model(summary) : model;
  Scenario scenario;
  apply_usage(summary, chosen, scenario);
  const WorkloadSpec& w = scenario.workload;
  std::string out = fmt::format("# llmtco usage: the workload of {}{}\n", escape_text(chosen),
                                model.empty() ? " (the model with the largest implied bill)" : "");
  out += "workload:\n";
  out += fmt::format("  tokens_per_day: {}\n", yaml_number(w.tokens_per_day));
  out += fmt::format("  input_tokens_per_request: {}\n", yaml_number(w.input_tokens_per_request));
  out += fmt::format("  output_tokens_per_request: {}\n", yaml_number(w.output_tokens_per_request));
  out += fmt::format("  cached_input_share: {}\n", yaml_number(w.cached_input_share));
  out += fmt::format("  cache_write_share: {}\n", yaml_number(w.cache_write_share));
  out += fmt::format("  batch_share: {}\n", yaml_number(w.batch_share));
  out += fmt::format("  monthly_growth: {}\n", yaml_number(w.monthly_growth));
  if (!w.hourly_profile.empty()) {
    out += fmt::format("  hourly_profile: \"{}\"  # share of tokens per UTC hour 0..23\n",
                       w.hourly_profile);
  }
  out += fmt::format("  peak_minute_factor: {}{}\n", yaml_number(w.peak_minute_factor),
                     w.peak_minute_factor == 0 ? "  # 0: derived from the arrivals" : "");
  const RequestShapeSpec& shape = w.request_shape;
  if (shape.input_length == "lognormal") {
    out += "  request_shape:\n";
    out += fmt::format("    input_length: {}\n    input_cv: {}\n", shape.input_length,
                       yaml_number(shape.input_cv));
    out += fmt::format("    output_length: {}\n    output_cv: {}\n", shape.output_length,
                       yaml_number(shape.output_cv));
  }
  out += "api:\n";
  out += fmt::format("  model: \"{}\"\n", scenario.api.model);
  return out;
}

}  // namespace llmtco

namespace llmtco {

Scenario scenario_from_usage(const UsageSummary& summary, const std::string& model, Scenario base) {
  if (summary.models.empty()) {
    throw InputError("the usage files hold no token usage: there is no workload to take");
  }
  const std::string chosen = model.empty() ? default_usage_model(summary) : model;
  apply_usage(summary, chosen, base);
  if (base.name == Scenario{}.name) base.name = fmt::format("{} from its usage export", chosen);
  return base;
}

std::string usage_source_note(const UsageSummary& summary, const std::string& model,
                              const std::vector<std::string>& files) {
  const std::string chosen = model.empty() ? default_usage_model(summary) : model;
  const UsageModelSummary* s = find_usage_model(summary, chosen);
  const Figure* tokens = s ? find_figure(s->figures, "tokens_per_day") : nullptr;
  std::vector<std::string> others;
  for (const UsageModelSummary& m : summary.models) {
    if (m.model != chosen && m.model != "total") others.push_back(escape_text(m.model));
  }
  std::string note =
      fmt::format("The workload is {}'s in the usage files ({}): {} tokens/day over {} days{}.",
                  escape_text(chosen), escape_text(fmt::format("{}", fmt::join(files, ", "))),
                  tokens ? format_compact(tokens->value) : "no", format_number(summary.window_days),
                  model.empty() ? ", the model with the largest implied bill" : "");
  if (!others.empty()) {
    note += fmt::format(" Left out: {} (--usage-model picks another).", fmt::join(others, ", "));
  }
  const Figure* r2 = s ? find_figure(s->figures, "growth_r2") : nullptr;
  if (s && s->monthly_growth && r2 && r2->value < kMinGrowthR2) {
    note += fmt::format(
        " Its fitted trend ({} a month, R squared {}) is not taken as growth: it "
        "explains under {} of the days' variation.",
        format_quantity(*s->monthly_growth, "fraction"), format_quantity(r2->value, "fraction"),
        format_quantity(kMinGrowthR2, "fraction"));
  }
  if (s && !find_figure(s->figures, "input_tokens_per_request")) {
    note +=
        " The export counts no requests: the request size is the scenario's, split as the "
        "export splits its tokens.";
  }
  return note;
}

}  // namespace llmtco
