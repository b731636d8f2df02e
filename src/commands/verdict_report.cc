#include "llmtco/verdict_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "llmtco/article.h"
#include "llmtco/finetune_memory.h"
#include "llmtco/memory.h"
#include "llmtco/number_format.h"
#include "llmtco/resolve.h"
#include "llmtco/units.h"
#include "request_checks.h"

namespace llmtco {
namespace {

constexpr const char* kCostSource = "docs/methodology.md, \"Cost of renting and owning\"";
constexpr const char* kPlanSource = "docs/methodology.md, \"Deployment plans\"";

// A ratio or percentage as people read it: 4.2, 0.025, 187.
std::string readable(double v) {
  return std::abs(v) < 100 ? fmt::format("{:.2g}", v) : format_number(std::round(v));
}

std::string gb(double v) {
  return fmt::format("{:.1f}", v);
}

Figure cost_figure(std::string id, std::string label, double value, std::string unit,
                   std::string formula, std::vector<FigureInput> inputs) {
  return physics_figure(std::move(id), std::move(label), value, std::move(unit), std::move(formula),
                        std::move(inputs), kCostSource);
}

// "the prices of aws (2026-01-21), gcp (2026-05-20)".
std::string price_dates(const InstanceCatalog& catalog, const std::vector<std::string>& clouds) {
  std::vector<std::string> parts;
  for (const InstanceSource& source : catalog.sources) {
    if (!clouds.empty() && std::find(clouds.begin(), clouds.end(), source.cloud) == clouds.end()) {
      continue;
    }
    parts.push_back(
        fmt::format("{} {}", source.cloud, source.date.empty() ? "undated" : source.date));
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

Figure peak_figure(const Scenario& s) {
  return physics_figure(
      "peak_requests_per_s", "Requests per second in the busiest hour", peak_requests_per_s(s),
      "requests/s",
      "workload.tokens_per_day / (workload.input_tokens_per_request + "
      "workload.output_tokens_per_request) / seconds_per_day * workload.peak_to_average",
      {{"workload.tokens_per_day", s.workload.tokens_per_day, "tokens/day"},
       {"workload.input_tokens_per_request", s.workload.input_tokens_per_request, "tokens"},
       {"workload.output_tokens_per_request", s.workload.output_tokens_per_request, "tokens"},
       {"workload.peak_to_average", s.workload.peak_to_average, "x"},
       unit_input(UnitInput::kDaySeconds)},
      kPlanSource);
}

Table plans_table(const std::vector<Plan>& plans, const EngineProfile& engine) {
  Table t{.id = "plans",
          .title = "Deployments that carry the peak within the latency target, cheapest first",
          .columns = {"cloud", "instance", "region", "gpu", "gpus_per_replica", "tp", "precision",
                      "engine", "replicas", "replica_output_tokens_per_s", "ttft_ms", "tpot_ms",
                      "usd_per_hour", "usd_per_month", "price_date"}};
  for (const Plan& p : plans) {
    const Candidate& o = p.option;
    t.rows.push_back({o.instance->cloud, o.instance->instance_type, o.instance->region,
                      o.instance->gpu_id, std::int64_t{o.instance->gpu_count}, std::int64_t{o.tp},
                      o.weights.id, engine.id, std::int64_t{p.replicas},
                      o.replica_output_tokens_per_s, p.ttft_s * kMsPerSecond,
                      p.tpot_s * kMsPerSecond, o.usd_per_hour, p.usd_per_month, o.instance->date});
  }
  return t;
}

std::string search_note(const Scenario& s, const PlanRequest& r, const Candidates& c) {
  std::vector<std::string> formats;
  for (const Precision& p : r.precisions) formats.push_back(p.id);
  return fmt::format(
      "Searched {} instance types ({}, {} prices, cheapest region each) x tensor-parallel sizes x "
      "{}: {} options meet TTFT <= {} ms and TPOT <= {} ms for {} + {} token requests on {}.",
      c.instance_types, r.clouds.empty() ? "every cloud" : s.self_host.clouds,
      pricing_name(r.pricing), fmt::join(formats, ", "), c.options.size(),
      format_number(s.self_host.ttft_ms), format_number(s.self_host.tpot_ms),
      format_number(s.workload.input_tokens_per_request),
      format_number(s.workload.output_tokens_per_request), r.engine.name);
}

Table ranges_table(const Scenario& s, const Breakeven& b) {
  Table t{.id = "breakeven_ranges",
          .title = "Volumes at which owning is cheaper (from, to]",
          .columns = {"from_tokens_per_day", "to_tokens_per_day", "from_words_per_day",
                      "to_words_per_day", "from_pages_per_day", "to_pages_per_day"}};
  const double wpt = 1.0 / s.workload.tokens_per_word;
  const double ppt = wpt / s.workload.words_per_page;
  for (const VolumeRange& r : b.ranges) {
    t.rows.push_back({r.from_tokens_per_day, r.to_tokens_per_day, r.from_tokens_per_day * wpt,
                      r.to_tokens_per_day * wpt, r.from_tokens_per_day * ppt,
                      r.to_tokens_per_day * ppt});
  }
  return t;
}

std::vector<Figure> breakeven_figures(const Scenario& s, const Breakeven& b) {
  std::vector<Figure> f;
  if (!b.breakeven_tokens_per_day) return f;
  const double t = *b.breakeven_tokens_per_day;
  f.push_back(cost_figure("breakeven_tokens_per_day",
                          "Lowest daily volume at which owning is cheaper", t, "tokens/day",
                          "min t in (search_from_tokens_per_day, search_to_tokens_per_day] where "
                          "selfhost_usd_per_month(t) < api_usd_per_month(t)",
                          {{"search_from_tokens_per_day", b.from_tokens_per_day, "tokens/day"},
                           {"search_to_tokens_per_day", b.to_tokens_per_day, "tokens/day"}}));
  f.push_back(cost_figure(
      "breakeven_words_per_day", "Break-even in words a day", t / s.workload.tokens_per_word,
      "words/day", "breakeven_tokens_per_day / workload.tokens_per_word",
      {{"breakeven_tokens_per_day", t, "tokens/day"},
       {"workload.tokens_per_word", s.workload.tokens_per_word, "tokens/word"}}));
  f.push_back(
      cost_figure("breakeven_pages_per_day", "Break-even in pages a day",
                  t / s.workload.tokens_per_word / s.workload.words_per_page, "pages/day",
                  "breakeven_tokens_per_day / workload.tokens_per_word / workload.words_per_page",
                  {{"breakeven_tokens_per_day", t, "tokens/day"},
                   {"workload.tokens_per_word", s.workload.tokens_per_word, "tokens/word"},
                   {"workload.words_per_page", s.workload.words_per_page, "words/page"}}));
  return f;
}

std::string ranges_text(const Breakeven& b) {
  if (b.ranges.empty()) {
    return fmt::format("Owning is not cheaper anywhere between {} and {} tokens a day.",
                       format_compact(b.from_tokens_per_day), format_compact(b.to_tokens_per_day));
  }
  const VolumeRange& first = b.ranges.front();
  const VolumeRange& last_range = b.ranges.back();
  const bool open_ended = last_range.to_tokens_per_day >= b.to_tokens_per_day;
  if (b.ranges.size() > 4) {  // where an instance costs about its traffic through the API
    return fmt::format(
        "Owning is cheaper in {} ranges from {} tokens a day {} {}: each whole instance added "
        "makes renting cheaper again for a while (the breakeven_ranges table lists them).",
        b.ranges.size(), format_compact(first.from_tokens_per_day),
        open_ended ? "on, and for good above" : "up to",
        format_compact(open_ended ? last_range.from_tokens_per_day : last_range.to_tokens_per_day));
  }
  std::vector<std::string> parts;
  for (const VolumeRange& r : b.ranges) {
    parts.push_back(r.to_tokens_per_day >= b.to_tokens_per_day
                        ? fmt::format("above {}", format_compact(r.from_tokens_per_day))
                        : fmt::format("from {} to {}", format_compact(r.from_tokens_per_day),
                                      format_compact(r.to_tokens_per_day)));
  }
  const std::string last = parts.back();
  parts.pop_back();
  const std::string all =
      parts.empty() ? last : fmt::format("{} and {}", fmt::join(parts, ", "), last);
  return fmt::format("Owning is cheaper {} tokens a day{}.", all,
                     b.ranges.size() > 1 ? " (whole instances make the cost a staircase)" : "");
}

// The two curves (and the hybrid) at log-spaced volumes, the ranges shaded.
Chart cost_chart(const CostModel& m, const Breakeven& b, double from, double to, bool hybrid) {
  Chart c{.id = "cost_curves",
          .title = "Monthly cost against daily volume",
          .x_label = "tokens per day",
          .y_label = "USD per month",
          .log_x = true,
          .log_y = true};
  ChartSeries api{.name = "API"}, own{.name = "Self-hosting"}, mix{.name = "Hybrid (best mix)"};
  constexpr int kPointsPerDecade = 40;
  const int n = std::max(2, static_cast<int>(std::ceil(std::log10(to / from) * kPointsPerDecade)));
  for (int i = 0; i <= n; ++i) {
    const double t = from * std::pow(to / from, static_cast<double>(i) / n);
    api.points.push_back({t, api_cost(m, t).total_usd_per_month});
    own.points.push_back({t, own_cost(m, t).total_usd_per_month});
    if (hybrid) mix.points.push_back({t, best_hybrid(m, t).total_usd_per_month});
  }
  c.series = {api, own};
  if (hybrid) c.series.push_back(mix);
  for (const VolumeRange& r : b.ranges) {
    const double lo = std::max(from, r.from_tokens_per_day), hi = std::min(to, r.to_tokens_per_day);
    if (hi > lo) c.bands.push_back({lo, hi, c.bands.empty() ? "owning cheaper" : ""});
  }
  const double today = m.scenario.workload.tokens_per_day;
  if (today >= from && today <= to) c.markers.push_back({today, "today"});
  if (b.breakeven_tokens_per_day && *b.breakeven_tokens_per_day >= from &&
      *b.breakeven_tokens_per_day <= to) {
    c.markers.push_back({*b.breakeven_tokens_per_day, "break-even"});
  }
  return c;
}

struct Physics {
  std::vector<Figure> figures;
  std::vector<Table> tables;
  std::vector<Chart> charts;
  std::vector<std::string> notes;  // the verdict first
};

std::string deployment_words(const OwnCost& own) {
  const Candidate& o = *own.option;
  return fmt::format("{} x {} {} ({} x {}, TP {}, {}) at {}", own.replicas, o.instance->cloud,
                     o.instance->instance_type, o.instance->gpu_count, o.instance->gpu_id, o.tp,
                     o.weights.id, format_usd_per_hour(o.usd_per_hour));
}

std::vector<std::vector<Cell>> rules_of_thumb(const Catalogs& catalogs, const CostModel& m,
                                              const OwnCost& own,
                                              const std::vector<Figure>& article,
                                              const Breakeven& b) {
  const Scenario& s = m.scenario;
  const Candidate& o = *own.option;
  auto art = [&](const char* id) {
    const Figure* f = find_figure(article, id);
    return f ? f->value : 0.0;
  };
  std::vector<std::vector<Cell>> rows;
  // 1. The instance and its price.
  rows.push_back(
      {std::string("instance that holds the model"),
       fmt::format("{} for one replica (an AWS on-demand GPU)",
                   format_usd_per_hour(s.article.serving_usd_per_hour)),
       fmt::format("{} {} ({} x {}, {}): {}, the cheapest that meets the target", o.instance->cloud,
                   o.instance->instance_type, o.instance->gpu_count, o.instance->gpu_id,
                   o.gpu->memory_label(), format_usd_per_hour(o.usd_per_hour)),
       o.usd_per_hour / s.article.serving_usd_per_hour});
  // 2. Serving memory: the weights, and the KV cache the peak needs.
  const Throughput at_peak =
      throughput_at_peak(m.request, o, own.working_replicas, own.peak_requests_per_s);
  const double sequences = at_peak.batch * o.copies * own.working_replicas;
  const double kv_gb =
      sequences *
      kv_cache_bytes_per_sequence(
          m.request.model, o.kv, m.request.request.input_tokens + m.request.request.output_tokens) /
      kBytesPerGb;
  const double weights_gb = weights_bytes(m.request.model, o.weights) / kBytesPerGb;
  rows.push_back(
      {std::string("serving memory"),
       fmt::format(
           "{} GB = {} GB of weights x {} headroom", format_number(art("serving_memory_gb")),
           format_number(art("serving_weights_gb")), format_number(s.article.serving_headroom)),
       fmt::format("{} GB of {} weights per copy; the peak keeps {} sequences in flight, "
                   "{} GB of KV cache over {} cop{}",
                   gb(weights_gb), o.weights.id, format_number(std::round(sequences)), gb(kv_gb),
                   o.copies * own.working_replicas,
                   o.copies * own.working_replicas == 1 ? "y" : "ies"),
       (weights_gb + kv_gb / (o.copies * own.working_replicas)) / art("serving_memory_gb")});
  // 3. LoRA training memory against the 5x rule.
  FinetuneOptions lora;
  const double lora_gb =
      finetune_memory(m.request.model, find_precision(catalogs, "bf16"), lora).total_bytes /
      kBytesPerGb;
  rows.push_back(
      {std::string("LoRA fine-tuning memory"),
       fmt::format("{} GB: the weights + {} x the trainable weights",
                   format_number(art("finetune_memory_gb")),
                   format_number(s.article.lora_training_multiplier)),
       fmt::format("{} GB on one device: bf16 base, rank {} on every linear layer, AdamW, "
                   "{}-token sequences with checkpointing",
                   gb(lora_gb), lora.lora_rank, lora.sequence_tokens),
       lora_gb / art("finetune_memory_gb")});
  // 4. Replicas against the workload.
  const double replica_tokens_per_day = replica_tokens_per_day_at_peak(s, o);
  rows.push_back({std::string("replicas for the workload"),
                  fmt::format("{} (one and a spare), whatever the traffic", s.article.replicas),
                  fmt::format("{} working + {} spare ({}): one instance carries {} tokens/day at a "
                              "{}x peak within the target; the workload is {}",
                              own.working_replicas, own.replicas - own.working_replicas,
                              redundancy_name(m.redundancy), format_compact(replica_tokens_per_day),
                              format_number(s.workload.peak_to_average),
                              format_compact(s.workload.tokens_per_day)),
                  static_cast<double>(own.replicas) / s.article.replicas});
  // 5. Fine-tuning cost: the scenario's run, or the price of 1M training tokens.
  const bool scenario_run = m.finetune_run.has_value();
  FinetuneJob job{.dataset_tokens = scenario_run ? s.fine_tune.dataset_tokens : kTokensPerMillion,
                  .epochs = scenario_run ? s.fine_tune.epochs : 1};
  job.options.method = finetune_method(s.fine_tune.method);
  const FinetunePlan reference =
      scenario_run ? FinetunePlan{.runs = {*m.finetune_run}}
                   : plan_finetune(catalogs, m.request.model, job,
                                   {.clouds = m.request.clouds, .pricing = m.request.pricing});
  if (!reference.runs.empty()) {
    const FinetuneRun& r = reference.runs.front();
    const double article_month = art("finetune_usd_per_day") * s.article.days_per_month;
    rows.push_back(
        {std::string("fine-tuning cost"),
         fmt::format("{}/month: {} x {} h, every day", format_usd(article_month),
                     format_usd_per_hour(s.article.finetune_usd_per_hour),
                     format_number(s.article.hours_per_day)),
         scenario_run
             ? fmt::format("{} per run ({:.1f} h of {} on {} {}), one run every {} months",
                           format_usd(r.cost_usd), r.hours, s.fine_tune.method, r.instance->cloud,
                           r.instance->instance_type, format_number(s.fine_tune.retune_months))
             : fmt::format("{} per 1M training tokens ({} on {} {}, {:.2f} h per 1M) "
                           "against the API's {}; set fine_tune.dataset_tokens to count runs",
                           format_usd(r.cost_usd), s.fine_tune.method, r.instance->cloud,
                           r.instance->instance_type, r.hours,
                           format_usd(m.api.training_usd_per_1m)),
         scenario_run ? Cell{r.cost_usd / s.fine_tune.retune_months / article_month} : Cell{}});
  }
  // 6. The break-even volume.
  rows.push_back({std::string("break-even volume"),
                  fmt::format("{} tokens/day (serving only, no staff)",
                              format_compact(art("serving_breakeven_tokens_per_day"))),
                  b.breakeven_tokens_per_day
                      ? fmt::format("{} tokens/day, with staff, storage, egress and fine-tuning",
                                    format_compact(*b.breakeven_tokens_per_day))
                      : std::string("never, up to ") + format_compact(b.to_tokens_per_day),
                  b.breakeven_tokens_per_day
                      ? Cell{*b.breakeven_tokens_per_day / art("serving_breakeven_tokens_per_day")}
                      : Cell{}});
  return rows;
}

Physics physics(const Catalogs& catalogs, const Scenario& s, const CompareSettings& settings,
                const std::vector<Figure>& article) {
  Physics out;
  const CostModel m = resolve_cost_model(catalogs, s);
  const double t = s.workload.tokens_per_day;
  const ApiCost api = api_cost(m, t);
  const OwnCost own = own_cost(m, t);
  const ApiOffer& a = m.api;
  const double in_share = s.workload.input_tokens_per_request / tokens_per_request(s);
  auto& f = out.figures;
  f.push_back(cost_figure(
      "api_usd_per_1m_tokens", "API price per 1M tokens of the mix", api.blended_usd_per_1m,
      "USD/1M tokens",
      "input_share x ((1 - workload.batch_share) x ((1 - workload.cached_input_share) x "
      "input_usd_per_1m + workload.cached_input_share x cached_input_usd_per_1m) + "
      "workload.batch_share x batch_input_usd_per_1m) + (1 - input_share) x ((1 - "
      "workload.batch_share) x output_usd_per_1m + workload.batch_share x batch_output_usd_per_1m)",
      {{"input_share", in_share, "fraction"},
       {"workload.cached_input_share", s.workload.cached_input_share, "fraction"},
       {"workload.batch_share", s.workload.batch_share, "fraction"},
       {"input_usd_per_1m", a.input_usd_per_1m, "USD/1M tokens"},
       {"cached_input_usd_per_1m", a.cached_input_usd_per_1m, "USD/1M tokens"},
       {"batch_input_usd_per_1m", a.batch_input_usd_per_1m, "USD/1M tokens"},
       {"output_usd_per_1m", a.output_usd_per_1m, "USD/1M tokens"},
       {"batch_output_usd_per_1m", a.batch_output_usd_per_1m, "USD/1M tokens"}}));
  f.back().source =
      fmt::format("{}; prices: {}{}", kCostSource, a.id.empty() ? "" : a.id + " in ", a.source);
  f.push_back(cost_figure("api_tokens_usd_per_month", "API tokens a month",
                          api.tokens_usd_per_month, "USD/month",
                          "workload.tokens_per_day x days_per_month x api_usd_per_1m_tokens / "
                          "tokens_per_million",
                          {{"workload.tokens_per_day", t, "tokens/day"},
                           {"api_usd_per_1m_tokens", api.blended_usd_per_1m, "USD/1M tokens"},
                           unit_input(UnitInput::kMonthDays),
                           unit_input(UnitInput::kMillionTokens)}));
  f.push_back(cost_figure("api_finetune_usd_per_month", "API fine-tuning a month",
                          api.finetune_usd_per_month, "USD/month",
                          "fine_tune.dataset_tokens x fine_tune.epochs x training_usd_per_1m / "
                          "tokens_per_million / fine_tune.retune_months",
                          {{"fine_tune.dataset_tokens", s.fine_tune.dataset_tokens, "tokens"},
                           {"fine_tune.epochs", s.fine_tune.epochs, "epochs"},
                           {"training_usd_per_1m", a.training_usd_per_1m, "USD/1M tokens"},
                           {"fine_tune.retune_months", s.fine_tune.retune_months, "months"},
                           unit_input(UnitInput::kMillionTokens)}));
  f.back().source = fmt::format("{}; training price: {}", kCostSource, a.training_source);
  f.push_back(
      cost_figure("api_usd_per_month", "Renting: the API a month", api.total_usd_per_month,
                  "USD/month", "api_tokens_usd_per_month + api_finetune_usd_per_month",
                  {{"api_tokens_usd_per_month", api.tokens_usd_per_month, "USD/month"},
                   {"api_finetune_usd_per_month", api.finetune_usd_per_month, "USD/month"}}));
  f.push_back(peak_figure(s));
  if (!own.option) {
    out.notes.push_back(
        fmt::format("Verdict: keep the API ({}/month); owning {} cannot be costed: {}.",
                    format_usd(api.total_usd_per_month), s.self_host.model, m.candidates.why_none));
    out.tables.push_back(Table{.id = "verdict",
                               .title = "Verdict",
                               .columns = {"decision", "text"},
                               .rows = {{std::string("api"), out.notes.front()}},
                               .json_object = true,
                               .json_only = true});
    return out;
  }
  const Candidate& o = *own.option;
  const double replica_tokens_per_s = o.replica_output_tokens_per_s;
  f.push_back(physics_figure(
      "replica_output_tokens_per_s", "One instance's output within the latency target",
      replica_tokens_per_s, "tokens/s", "copies x copy_requests_per_s x request_output_tokens",
      {{"copies", static_cast<double>(o.copies), "copies"},
       {"copy_requests_per_s", o.copy_requests_per_s, "requests/s"},
       {"request_output_tokens", static_cast<double>(m.request.request.output_tokens), "tokens"},
       {"tp", static_cast<double>(o.tp), "GPUs"},
       {"self_host.ttft_ms", s.self_host.ttft_ms, "ms"},
       {"self_host.tpot_ms", s.self_host.tpot_ms, "ms"}},
      kPlanSource));
  f.push_back(physics_figure(
      "selfhost_replicas", "Instances, the spare included", static_cast<double>(own.replicas),
      "instances", "max(1, ceil(peak_requests_per_s / replica_requests_per_s)) + spare_replicas",
      {{"peak_requests_per_s", own.peak_requests_per_s, "requests/s"},
       {"replica_requests_per_s", o.replica_requests_per_s, "requests/s"},
       {"working_replicas", static_cast<double>(own.working_replicas), "instances"},
       {"spare_replicas", static_cast<double>(own.replicas - own.working_replicas), "instances"}},
      kPlanSource));
  f.push_back(cost_figure("selfhost_usd_per_hour", "Price of one instance", o.usd_per_hour,
                          "USD/hour", "catalog_usd_per_hour",
                          {{"catalog_usd_per_hour", o.usd_per_hour, "USD/hour"},
                           {"gpus", static_cast<double>(o.instance->gpu_count), "GPUs"}}));
  f.back().source =
      fmt::format("{} {} in {}, {} price of {}", o.instance->cloud, o.instance->instance_type,
                  o.instance->region, s.self_host.pricing, o.instance->date);
  f.push_back(cost_figure("selfhost_compute_usd_per_month", "Owning: instances a month",
                          own.compute_usd_per_month, "USD/month",
                          "selfhost_replicas x selfhost_usd_per_hour x hours_per_month",
                          {{"selfhost_replicas", static_cast<double>(own.replicas), "instances"},
                           {"selfhost_usd_per_hour", o.usd_per_hour, "USD/hour"},
                           unit_input(UnitInput::kMonthHours)}));
  f.push_back(cost_figure("selfhost_storage_usd_per_month", "Owning: disk for the weights",
                          own.storage_usd_per_month, "USD/month",
                          "selfhost_replicas x weights_gb x self_host.storage_usd_per_gb_month",
                          {{"selfhost_replicas", static_cast<double>(own.replicas), "instances"},
                           {"weights_gb", o.weights_gb, "GB"},
                           {"self_host.storage_usd_per_gb_month",
                            s.self_host.storage_usd_per_gb_month, "USD/GB-month"}}));
  f.push_back(cost_figure("selfhost_egress_usd_per_month", "Owning: responses out of the cloud",
                          own.egress_usd_per_month, "USD/month",
                          "workload.tokens_per_day x output_share x workload.bytes_per_token / "
                          "bytes_per_gb x self_host.egress_usd_per_gb x days_per_month",
                          {{"workload.tokens_per_day", t, "tokens/day"},
                           {"output_share", 1.0 - in_share, "fraction"},
                           {"workload.bytes_per_token", s.workload.bytes_per_token, "bytes/token"},
                           {"self_host.egress_usd_per_gb", s.self_host.egress_usd_per_gb, "USD/GB"},
                           unit_input(UnitInput::kGbBytes),
                           unit_input(UnitInput::kMonthDays)}));
  f.push_back(
      cost_figure("selfhost_staff_usd_per_month", "Owning: staff", own.staff_usd_per_month,
                  "USD/month", "self_host.staff_usd_per_year / months_per_year",
                  {{"self_host.staff_usd_per_year", s.self_host.staff_usd_per_year, "USD/year"},
                   unit_input(UnitInput::kYearMonths)}));
  f.push_back(cost_figure(
      "selfhost_finetune_usd_per_month", "Owning: fine-tuning runs", own.finetune_usd_per_month,
      "USD/month", "finetune_run_cost_usd / fine_tune.retune_months",
      {{"finetune_run_cost_usd", m.finetune_run ? m.finetune_run->cost_usd : 0.0, "USD"},
       {"fine_tune.retune_months", s.fine_tune.retune_months, "months"}}));
  f.push_back(cost_figure(
      "selfhost_usd_per_month", "Owning: everything a month", own.total_usd_per_month, "USD/month",
      "selfhost_compute_usd_per_month + selfhost_storage_usd_per_month + "
      "selfhost_egress_usd_per_month + selfhost_staff_usd_per_month + "
      "selfhost_finetune_usd_per_month",
      {{"selfhost_compute_usd_per_month", own.compute_usd_per_month, "USD/month"},
       {"selfhost_storage_usd_per_month", own.storage_usd_per_month, "USD/month"},
       {"selfhost_egress_usd_per_month", own.egress_usd_per_month, "USD/month"},
       {"selfhost_staff_usd_per_month", own.staff_usd_per_month, "USD/month"},
       {"selfhost_finetune_usd_per_month", own.finetune_usd_per_month, "USD/month"}}));
  const double diff = own.total_usd_per_month - api.total_usd_per_month;
  f.push_back(cost_figure("owning_minus_renting_usd_per_month", "Owning minus renting", diff,
                          "USD/month", "selfhost_usd_per_month - api_usd_per_month",
                          {{"selfhost_usd_per_month", own.total_usd_per_month, "USD/month"},
                           {"api_usd_per_month", api.total_usd_per_month, "USD/month"}}));

  const Breakeven b = breakeven(m, settings.from_tokens_per_day, settings.to_tokens_per_day);
  for (Figure& x : breakeven_figures(s, b)) f.push_back(std::move(x));
  const double g = s.workload.monthly_growth;
  std::optional<double> months;
  if (b.breakeven_tokens_per_day && g > 0 && t < *b.breakeven_tokens_per_day) {
    months = std::log(*b.breakeven_tokens_per_day / t) / std::log1p(g);
    f.push_back(cost_figure(
        "months_to_breakeven", "Months until traffic reaches break-even", *months, "months",
        "ln(breakeven_tokens_per_day / workload.tokens_per_day) / "
        "ln(1 + workload.monthly_growth)",
        {{"breakeven_tokens_per_day", *b.breakeven_tokens_per_day, "tokens/day"},
         {"workload.tokens_per_day", t, "tokens/day"},
         {"workload.monthly_growth", g, "fraction/month"}}));
  }
  const Hybrid h = best_hybrid(m, t);
  f.push_back(cost_figure(
      "hybrid_usd_per_month", "Hybrid: own the base, rent the peaks", h.total_usd_per_month,
      "USD/month",
      "hybrid_owned_usd_per_month + hybrid_api_usd_per_month (k = hybrid_owned_replicas)",
      {{"hybrid_owned_replicas", static_cast<double>(h.owned_replicas), "instances"},
       {"hybrid_owned_token_share", h.owned_token_share, "fraction"},
       {"hybrid_owned_usd_per_month", h.owned_usd_per_month, "USD/month"},
       {"hybrid_api_usd_per_month", h.api_usd_per_month, "USD/month"}}));
  f.push_back(cost_figure("hybrid_owned_replicas", "Hybrid: instances owned", h.owned_replicas,
                          "instances", "argmin(hybrid_usd_per_month(k)) over k",
                          {{"workload.peak_to_average", s.workload.peak_to_average, "x"}}));
  const MonteCarlo mc = monte_carlo(m, settings.samples, settings.seed);
  if (settings.samples > 0) {
    f.push_back(cost_figure(
        "owning_cheaper_probability", "Chance that owning is cheaper",
        mc.owning_cheaper_probability, "probability",
        "mean(selfhost_usd_per_month(draw) < api_usd_per_month(draw)) over draw in samples(seed)",
        {{"samples", static_cast<double>(mc.samples), "draws"},
         {"seed", static_cast<double>(mc.seed), ""}}));
  }

  // The verdict.
  const double best_pure = std::min(api.total_usd_per_month, own.total_usd_per_month);
  const bool mix =
      h.owned_replicas > 0 && h.owned_token_share < 1.0 && h.total_usd_per_month < best_pure * 0.99;
  std::string decision, text;
  const std::string owning = fmt::format(
      "{}/month ({} for {}, staff {}{}, disk and egress {})", format_usd(own.total_usd_per_month),
      format_usd(own.compute_usd_per_month), deployment_words(own),
      format_usd(own.staff_usd_per_month),
      own.finetune_usd_per_month > 0 ? ", fine-tuning " + format_usd(own.finetune_usd_per_month)
                                     : "",
      format_usd(own.storage_usd_per_month + own.egress_usd_per_month));
  if (mix) {
    decision = "hybrid";
    text = fmt::format(
        "Verdict: mix. Own {} x {} {} (and the {} spare capacity) for the base load and send the "
        "busiest hours' overflow ({}% of tokens) to the API: {}/month, {} less than the cheaper "
        "pure option (API {}, owning {}).",
        h.owned_replicas, h.option->instance->cloud, h.option->instance->instance_type,
        redundancy_name(m.redundancy), readable((1.0 - h.owned_token_share) * 100),
        format_usd(h.total_usd_per_month), format_usd(best_pure - h.total_usd_per_month),
        format_usd(api.total_usd_per_month), format_usd(own.total_usd_per_month));
  } else if (own.total_usd_per_month < api.total_usd_per_month) {
    decision = "self_host";
    text = fmt::format(
        "Verdict: self-host. At {} tokens/day owning costs {} against {}/month for the API: "
        "{} a month less ({:.0f}%).",
        format_compact(t), owning, format_usd(api.total_usd_per_month), format_usd(-diff),
        -diff / api.total_usd_per_month * 100);
  } else {
    decision = "api";
    text = fmt::format(
        "Verdict: keep the API. At {} tokens/day it costs {}/month; owning would cost {}, {} "
        "more.",
        format_compact(t), format_usd(api.total_usd_per_month), owning, format_usd(diff));
    if (b.breakeven_tokens_per_day) {
      text += fmt::format(" Owning becomes cheaper from {} tokens/day ({}x today's volume)",
                          format_compact(*b.breakeven_tokens_per_day),
                          readable(*b.breakeven_tokens_per_day / t));
      text += months
                  ? fmt::format(", {:.1f} months away at {:.3g}% growth a month.", *months, g * 100)
                  : ".";
    }
  }
  if (settings.samples > 0) {
    text += fmt::format(" Owning is cheaper in {}% of {} Monte Carlo draws (seed {}).",
                        readable(mc.owning_cheaper_probability * 100),
                        format_number(static_cast<double>(mc.samples)), mc.seed);
  }
  out.notes.push_back(text);
  out.notes.push_back(ranges_text(b));
  out.notes.push_back(search_note(s, m.request, m.candidates));
  if (own.staff_usd_per_month > 0) {
    CostModel no_staff = m;
    no_staff.scenario.self_host.staff_usd_per_year = 0;
    const Breakeven without =
        breakeven(no_staff, settings.from_tokens_per_day, settings.to_tokens_per_day);
    out.notes.push_back(fmt::format(
        "Staff is {}% of owning's cost; without it owning would be cheaper {}.",
        format_number(std::round(own.staff_usd_per_month / own.total_usd_per_month * 100)),
        without.breakeven_tokens_per_day
            ? "from " + format_compact(*without.breakeven_tokens_per_day) + " tokens/day"
            : std::string("nowhere in the range searched")));
  }
  if (s.fine_tune.dataset_tokens == 0) {
    out.notes.push_back(
        "Fine-tuning is priced on neither side: the scenario names no data set "
        "(fine_tune.dataset_tokens).");
  }
  out.notes.push_back(
      "Both sides are assumed to answer equally well: llmtco prices tokens, not quality.");
  out.notes.push_back(fmt::format("Instance prices: {}. API prices: {}.",
                                  price_dates(catalogs.instances, m.request.clouds), a.source));
  if (!m.finetune_run && s.fine_tune.dataset_tokens > 0) {
    out.notes.push_back("No instance holds the fine-tuning run; owning's cost leaves it out: " +
                        m.finetune_why_none + ".");
  }
  out.notes.push_back(
      fmt::format("{} factors: {}.", m.request.engine.name, m.request.engine.basis));

  out.tables.push_back(Table{.id = "verdict",
                             .title = "Verdict",
                             .columns = {"decision", "text"},
                             .rows = {{decision, text}},
                             .json_object = true,
                             .json_only = true});
  Plan plan{.option = o,
            .working_replicas = own.working_replicas,
            .replicas = own.replicas,
            .usd_per_month = own.compute_usd_per_month};
  const Throughput at_peak =
      throughput_at_peak(m.request, o, own.working_replicas, own.peak_requests_per_s);
  plan.ttft_s = at_peak.ttft_s;
  plan.tpot_s = at_peak.tpot_s;
  Table deployment = plans_table({plan}, m.request.engine);
  deployment.id = "deployment";
  deployment.title = "The cheapest deployment at the peak";
  deployment.json_object = true;
  out.tables.push_back(std::move(deployment));
  if (!article.empty()) {
    out.tables.push_back(Table{.id = "rules_of_thumb",
                               .title = "Where the rules of thumb go wrong",
                               .columns = {"topic", "article", "physics", "ratio"},
                               .rows = rules_of_thumb(catalogs, m, own, article, b)});
  }
  out.tables.push_back(ranges_table(s, b));
  out.tables.push_back(Table{
      .id = "hybrid",
      .title = "Hybrid: own k instances for the base, the API for each hour's overflow",
      .columns = {"owned_replicas", "cloud", "instance", "owned_token_share", "owned_usd_per_month",
                  "api_usd_per_month", "total_usd_per_month"},
      .rows = {{std::int64_t{h.owned_replicas}, h.option ? Cell{h.option->instance->cloud} : Cell{},
                h.option ? Cell{h.option->instance->instance_type} : Cell{}, h.owned_token_share,
                h.owned_usd_per_month, h.api_usd_per_month, h.total_usd_per_month}},
      .json_object = true});
  Table tornado_table{.id = "tornado",
                      .title =
                          "Sensitivity: owning minus renting (USD/month) at each input's "
                          "low and high end",
                      .columns = {"input", "scale", "low", "high", "owning_minus_renting_low_usd",
                                  "owning_minus_renting_high_usd", "why"}};
  Chart tornado_chart{.id = "tornado",
                      .title = "Owning minus renting, USD a month, as each input moves",
                      .x_label = "USD per month (negative: owning is cheaper)",
                      .base = diff};
  for (const TornadoBar& bar : tornado(m)) {
    tornado_table.rows.push_back(
        {std::string(uncertain_input_name(bar.input.input)),
         std::string(bar.input.input == UncertainInput::kPeakToAverage ? "value" : "multiplier"),
         bar.input.low, bar.input.high, bar.low_usd_per_month, bar.high_usd_per_month,
         bar.input.why});
    tornado_chart.bars.push_back(
        {uncertain_input_name(bar.input.input), bar.low_usd_per_month, bar.high_usd_per_month});
  }
  out.tables.push_back(std::move(tornado_table));
  if (settings.samples > 0) {
    out.tables.push_back(Table{
        .id = "monte_carlo",
        .title = "Monte Carlo over the tornado's ranges (USD/month: P10, P50, P90)",
        .columns = {"samples", "seed", "owning_cheaper_probability", "api_p10", "api_p50",
                    "api_p90", "selfhost_p10", "selfhost_p50", "selfhost_p90",
                    "owning_minus_renting_p10", "owning_minus_renting_p50",
                    "owning_minus_renting_p90"},
        .rows = {{static_cast<std::int64_t>(mc.samples), static_cast<std::int64_t>(mc.seed),
                  mc.owning_cheaper_probability, mc.api_usd_per_month[0], mc.api_usd_per_month[1],
                  mc.api_usd_per_month[2], mc.own_usd_per_month[0], mc.own_usd_per_month[1],
                  mc.own_usd_per_month[2], mc.owning_minus_renting_usd_per_month[0],
                  mc.owning_minus_renting_usd_per_month[1],
                  mc.owning_minus_renting_usd_per_month[2]}},
        .json_object = true});
  }
  const double hi_edge = std::max(t, b.breakeven_tokens_per_day.value_or(t));
  const double lo_edge = std::min(t, b.breakeven_tokens_per_day.value_or(t));
  out.charts.push_back(cost_chart(m, b, std::max(settings.from_tokens_per_day, lo_edge / 100),
                                  std::min(settings.to_tokens_per_day, hi_edge * 100), true));
  out.charts.push_back(std::move(tornado_chart));
  return out;
}

// The volumes a break-even search spans: 1 token a day up to the most a scenario
// takes.
void check_search(double from, double to) {
  detail::check_number("from_tokens_per_day", from, kBreakevenMinTokensPerDay, true,
                       kMaxTokensPerDay);
  detail::check_number("to_tokens_per_day", to, kBreakevenMinTokensPerDay, true, kMaxTokensPerDay);
  if (!(to > from)) {
    throw FieldError(
        "to_tokens_per_day",
        fmt::format("must be > the lowest volume searched, {:g} (got {:g})", from, to));
  }
}

}  // namespace

Report plan_report(const Catalogs& catalogs, const Scenario& scenario, std::size_t top) {
  const PlanRequest request = plan_request(catalogs, scenario);
  const Redundancy redundancy = parse_redundancy(scenario.self_host.redundancy);
  const Candidates candidates = find_candidates(catalogs, request);
  const double peak = peak_requests_per_s(scenario);
  const std::vector<Plan> plans = rank_plans(request, candidates, peak, redundancy, top);
  Report report{.command = "plan",
                .title = fmt::format("{} at {} tokens/day", request.model.id,
                                     format_compact(scenario.workload.tokens_per_day)),
                .scenario = scenario};
  report.figures.push_back(peak_figure(scenario));
  if (!plans.empty()) {
    const Plan& p = plans.front();
    report.figures.push_back(
        physics_figure("plan_usd_per_month", "The cheapest plan's instances a month",
                       p.usd_per_month, "USD/month", "replicas x usd_per_hour x hours_per_month",
                       {{"replicas", static_cast<double>(p.replicas), "instances"},
                        {"usd_per_hour", p.option.usd_per_hour, "USD/hour"},
                        unit_input(UnitInput::kMonthHours)},
                       kPlanSource));
  }
  report.tables.push_back(plans_table(plans, request.engine));
  if (plans.empty()) {
    report.notes.push_back(fmt::format("Nothing fits: {}.", candidates.why_none));
    Table rejected{
        .id = "rejected", .title = "Why each option was left out", .columns = {"reason"}};
    for (const std::string& why : candidates.rejected) rejected.rows.push_back({why});
    if (!rejected.rows.empty()) report.tables.push_back(std::move(rejected));
  } else {
    report.notes.push_back(fmt::format(
        "Cheapest: {} x {} {} in {} at {} = {}/month for the instances alone (staff, storage, "
        "egress and fine-tuning are compare's).",
        plans.front().replicas, plans.front().option.instance->cloud,
        plans.front().option.instance->instance_type, plans.front().option.instance->region,
        format_usd_per_hour(plans.front().option.usd_per_hour),
        format_usd(plans.front().usd_per_month)));
  }
  report.notes.push_back(search_note(scenario, request, candidates));
  report.notes.push_back(fmt::format("Replicas are whole instances (redundancy: {}); prices: {}.",
                                     redundancy_name(redundancy),
                                     price_dates(catalogs.instances, request.clouds)));
  return report;
}

Report compare_report(const Catalogs& catalogs, const Scenario& scenario,
                      const CompareSettings& settings) {
  Report report{.command = "compare",
                .title = scenario.name,
                .scenario = scenario,
                .lead_note = settings.physics};
  const std::vector<Figure> article = article_figures(scenario);
  if (settings.article) report.figures = article;
  if (settings.physics) {
    Physics p =
        physics(catalogs, scenario, settings, settings.article ? article : std::vector<Figure>{});
    for (Figure& f : p.figures) report.figures.push_back(std::move(f));
    report.tables = std::move(p.tables);
    report.charts = std::move(p.charts);
    report.notes = std::move(p.notes);
  }
  return report;
}

Report breakeven_report(const Catalogs& catalogs, const Scenario& scenario, double from,
                        double to) {
  check_search(from, to);
  const CostModel m = resolve_cost_model(catalogs, scenario);
  Report report{.command = "breakeven",
                .title = fmt::format("{}: break-even between {} and {} tokens/day", scenario.name,
                                     format_compact(from), format_compact(to)),
                .scenario = scenario};
  if (m.frontier.empty()) {
    report.notes.push_back(fmt::format("Owning is not possible: {}.", m.candidates.why_none));
    return report;
  }
  const Breakeven b = breakeven(m, from, to);
  report.figures = breakeven_figures(scenario, b);
  report.tables.push_back(ranges_table(scenario, b));
  report.charts.push_back(cost_chart(m, b, from, b.to_tokens_per_day, false));
  report.notes.push_back(ranges_text(b));
  if (b.to_tokens_per_day < to) {
    report.notes.push_back(fmt::format(
        "Searched up to {} tokens/day only: the replica steps above it are too many to list.",
        format_compact(b.to_tokens_per_day)));
  }
  return report;
}

}  // namespace llmtco
