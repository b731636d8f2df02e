// llmtco compare: both methods side by side, the verdict decided in the core
// (decide(), verdict.h) and put in words, where the rules of thumb go wrong, the
// break-even ranges, the hybrid, the tornado and the Monte Carlo.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <utility>

#include "growth_section.h"
#include "llmtco/article.h"
#include "llmtco/finetune_memory.h"
#include "llmtco/limits_report.h"
#include "llmtco/memory.h"
#include "llmtco/number_format.h"
#include "llmtco/resolve.h"
#include "llmtco/units.h"
#include "llmtco/verdict_report.h"
#include "llmtco/volume.h"
#include "purchase_section.h"
#include "verdict_parts.h"

namespace llmtco {
namespace {

using detail::autoscale_figures;
using detail::autoscale_note;
using detail::breakeven_figures;
using detail::cost_chart;
using detail::cost_figure;
using detail::gb;
using detail::hourly_instances_table;
using detail::kCostSource;
using detail::kPlanSource;
using detail::peak_figure;
using detail::plans_table;
using detail::price_dates;
using detail::ranges_table;
using detail::ranges_text;
using detail::readable;
using detail::search_note;

std::string deployment_words(const OwnCost& own) {
  const Candidate& o = *own.option;
  return fmt::format("{} x {} {} ({} x {}, TP {}, {}) at {}", own.replicas, o.instance->cloud,
                     o.instance->instance_type, o.instance->gpu_count, o.instance->gpu_id, o.tp,
                     o.weights.id, format_usd_per_hour(o.usd_per_hour));
}

// The API offer by name: its catalog key (the fine-tuned key it bills, if any).
std::string api_name(const CostModel& m) {
  return m.api.id.empty() ? std::string("the API (the scenario's prices)") : m.api.id;
}

const std::string& open_model(const CostModel& m) {
  return m.scenario.self_host.model;
}

// "meta-llama/Llama-3.3-70B-Instruct hosted (deepinfra/...)".
std::string hosted_name(const CostModel& m) {
  return fmt::format("{} hosted ({})", open_model(m), m.hosted->id);
}

// What a row of "Where the rules of thumb go wrong" reads: the article's figures,
// the scenario's cost model and the decision at its volume.
struct Thumb {
  const CostModel& m;
  const Decision& d;
  const std::vector<Figure>& article;
  double art(const char* id) const {
    const Figure* f = find_figure(article, id);
    return f ? f->value : 0.0;
  }
};

using Row = std::vector<Cell>;

Row instance_row(const Thumb& t) {
  const Scenario& s = t.m.scenario;
  const Candidate& o = *t.d.own.option;
  return {
      std::string("instance that holds the model"),
      fmt::format("{} for one replica (an AWS on-demand GPU)",
                  format_usd_per_hour(s.article.serving_usd_per_hour)),
      fmt::format("{} {} ({} x {}, {}): {}, the cheapest that meets the target", o.instance->cloud,
                  o.instance->instance_type, o.instance->gpu_count, o.instance->gpu_id,
                  o.gpu->memory_label(), format_usd_per_hour(o.usd_per_hour)),
      o.usd_per_hour / s.article.serving_usd_per_hour};
}

// The weights, and the KV cache the peak needs.
Row serving_memory_row(const Thumb& t) {
  const OwnCost& own = t.d.own;
  const Candidate& o = *own.option;
  const DeploymentSearch& r = t.m.search;
  const double sequences = t.d.at_peak.batch * o.copies * own.working_replicas;
  const Workload w = mean_workload(r.shape);
  const double kv_gb =
      sequences * kv_cache_bytes_per_sequence(r.model, o.kv, w.input_tokens + w.output_tokens) /
      kBytesPerGb;
  const double weights_gb = weights_bytes(r.model, o.weights) / kBytesPerGb;
  const int copies = o.copies * own.working_replicas;
  return {std::string("serving memory"),
          fmt::format("{} GB = {} GB of weights x {} headroom",
                      format_number(t.art("serving_memory_gb")),
                      format_number(t.art("serving_weights_gb")),
                      format_number(t.m.scenario.article.serving_headroom)),
          fmt::format("{} GB of {} weights per copy; the peak keeps {} sequences in flight, "
                      "{} GB of KV cache over {} cop{}",
                      gb(weights_gb), o.weights.id, format_number(std::round(sequences)), gb(kv_gb),
                      copies, copies == 1 ? "y" : "ies"),
          (weights_gb + kv_gb / copies) / t.art("serving_memory_gb")};
}

// LoRA training memory against the article's 5x rule.
Row lora_memory_row(const Thumb& t) {
  const FinetuneOptions lora;  // the options of d.reference_lora
  const double lora_gb = t.d.reference_lora.total_bytes / kBytesPerGb;
  return {std::string("LoRA fine-tuning memory"),
          fmt::format("{} GB: the weights + {} x the trainable weights",
                      format_number(t.art("finetune_memory_gb")),
                      format_number(t.m.scenario.article.lora_training_multiplier)),
          fmt::format("{} GB on one device: bf16 base, rank {} on every linear layer, AdamW, "
                      "{}-token sequences with checkpointing",
                      gb(lora_gb), lora.lora_rank, lora.sequence_tokens),
          lora_gb / t.art("finetune_memory_gb")};
}

Row replicas_row(const Thumb& t) {
  const Scenario& s = t.m.scenario;
  const OwnCost& own = t.d.own;
  return {std::string("replicas for the workload"),
          fmt::format("{} (one and a spare), whatever the traffic", s.article.replicas),
          fmt::format("{} working + {} spare ({}): one instance carries {} tokens/day at a "
                      "{}x peak within the target; the workload is {}",
                      own.working_replicas, own.replicas - own.working_replicas,
                      redundancy_name(t.m.redundancy),
                      format_compact(replica_tokens_per_day_at_peak(s, *own.option)),
                      format_number(s.workload.peak_to_average),
                      format_compact(s.workload.tokens_per_day)),
          static_cast<double>(own.replicas) / s.article.replicas};
}

// The scenario's fine-tuning run, or the price of 1M training tokens.
Row finetune_row(const Thumb& t, const FinetuneRun& r) {
  const Scenario& s = t.m.scenario;
  const double article_month = t.art("finetune_usd_per_day") * s.article.days_per_month;
  const bool scenario_run = t.d.reference_is_scenario_run;
  return {std::string("fine-tuning cost"),
          fmt::format("{}/month: {} x {} h, every day", format_usd(article_month),
                      format_usd_per_hour(s.article.finetune_usd_per_hour),
                      format_number(s.article.hours_per_day)),
          scenario_run
              ? fmt::format("{} per run ({} h of {} on {} {}), one run every {} months",
                            format_usd(r.cost_usd), format_number(r.hours), s.fine_tune.method,
                            r.instance->cloud, r.instance->instance_type,
                            format_number(s.fine_tune.retune_months))
              : fmt::format("{} per 1M training tokens ({} on {} {}, {} h per 1M) "
                            "against the API's {}; set fine_tune.dataset_tokens to count runs",
                            format_usd(r.cost_usd), s.fine_tune.method, r.instance->cloud,
                            r.instance->instance_type, format_number(r.hours),
                            t.m.api.offers_fine_tuning ? format_usd(t.m.api.training_usd_per_1m)
                                                       : "none (no fine-tuning offered)"),
          scenario_run ? Cell{r.cost_usd / s.fine_tune.retune_months / article_month} : Cell{}};
}

Row breakeven_row(const Thumb& t) {
  const Breakeven& b = t.d.breakeven;
  const double article = t.art("serving_breakeven_tokens_per_day");
  return {std::string("break-even volume"),
          fmt::format("{} tokens/day (serving only, no staff)", format_compact(article)),
          b.breakeven_tokens_per_day
              ? fmt::format("{} tokens/day, with staff, storage, egress and fine-tuning",
                            format_compact(*b.breakeven_tokens_per_day))
              : std::string("never, up to ") + format_compact(b.to_tokens_per_day),
          b.breakeven_tokens_per_day ? Cell{*b.breakeven_tokens_per_day / article} : Cell{}};
}

Table rules_of_thumb(const Thumb& t) {
  Table table{.id = "rules_of_thumb",
              .title = "Where the rules of thumb go wrong",
              .columns = {"topic", "article", "physics", "ratio"}};
  table.rows = {instance_row(t), serving_memory_row(t), lora_memory_row(t), replicas_row(t)};
  if (t.d.reference_finetune) table.rows.push_back(finetune_row(t, *t.d.reference_finetune));
  table.rows.push_back(breakeven_row(t));
  return table;
}

// An offer's price per 1M tokens of the scenario's mix, its input names prefixed by
// `prefix` ("" for the API, "hosted_" for the hosted open model).
Figure mix_price_figure(const Scenario& s, const ApiOffer& a, double blended_usd_per_1m,
                        const std::string& id, const std::string& label,
                        const std::string& prefix) {
  const double in_share = s.workload.input_tokens_per_request / tokens_per_request(s);
  // Above the long-context threshold every price is the tier's (the batch ones its full
  // prices): the names say which, and the condition follows the formula.
  const ApiRates r = api_rates(a, s);
  const std::string tier = prefix + (r.long_context ? "long_context_" : "");
  const std::string in_price = tier + "input_usd_per_1m", out_price = tier + "output_usd_per_1m";
  const std::string cached = tier + "cached_input_usd_per_1m";
  const std::string write = tier + "cache_write_input_usd_per_1m";
  const std::string batch_in = r.long_context ? in_price : prefix + "batch_input_usd_per_1m";
  const std::string batch_out = r.long_context ? out_price : prefix + "batch_output_usd_per_1m";
  std::vector<FigureInput> inputs = {
      {"input_share", in_share, "fraction"},
      {"workload.cached_input_share", s.workload.cached_input_share, "fraction"},
      {"workload.cache_write_share", s.workload.cache_write_share, "fraction"},
      {"workload.batch_share", s.workload.batch_share, "fraction"},
      {in_price, r.input_usd_per_1m, "USD/1M tokens"},
      {cached, r.cached_input_usd_per_1m, "USD/1M tokens"},
      {write, r.cache_write_input_usd_per_1m, "USD/1M tokens"},
      {out_price, r.output_usd_per_1m, "USD/1M tokens"}};
  if (!r.long_context) {
    inputs.push_back({batch_in, r.batch_input_usd_per_1m, "USD/1M tokens"});
    inputs.push_back({batch_out, r.batch_output_usd_per_1m, "USD/1M tokens"});
  }
  std::string formula = fmt::format(
      "input_share x ((1 - workload.batch_share) x ((1 - workload.cached_input_share - "
      "workload.cache_write_share) x {} + workload.cached_input_share x {} + "
      "workload.cache_write_share x {}) + workload.batch_share x {}) + (1 - input_share) x ((1 - "
      "workload.batch_share) x {} + workload.batch_share x {})",
      in_price, cached, write, batch_in, out_price, batch_out);
  if (a.long_context) {
    formula +=
        fmt::format(", where workload.input_tokens_per_request {} {}long_context_threshold_tokens",
                    r.long_context ? ">" : "<=", prefix);
    inputs.push_back(
        {"workload.input_tokens_per_request", s.workload.input_tokens_per_request, "tokens"});
    inputs.push_back({prefix + "long_context_threshold_tokens",
                      static_cast<double>(a.long_context->threshold_tokens), "tokens"});
  }
  Figure f = cost_figure(id, label, blended_usd_per_1m, "USD/1M tokens", std::move(formula),
                         std::move(inputs));
  f.source =
      fmt::format("{}; prices: {}{}", kCostSource, a.id.empty() ? "" : a.id + " in ", a.source);
  return f;
}

std::vector<Figure> api_figures(const CostModel& m, const ApiCost& api) {
  const Scenario& s = m.scenario;
  const ApiOffer& a = m.api;
  std::vector<Figure> f;
  f.push_back(mix_price_figure(s, a, api.blended_usd_per_1m, "api_usd_per_1m_tokens",
                               "API price per 1M tokens of the mix", ""));
  f.push_back(cost_figure("api_tokens_usd_per_month", "API tokens a month",
                          api.tokens_usd_per_month, "USD/month",
                          "workload.tokens_per_day x days_per_month x api_usd_per_1m_tokens / "
                          "tokens_per_million",
                          {{"workload.tokens_per_day", s.workload.tokens_per_day, "tokens/day"},
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
  return f;
}

// The hosted open model: its price for the mix and its month.
std::vector<Figure> hosted_figures(const CostModel& m, const ApiCost& hosted) {
  const Scenario& s = m.scenario;
  const ApiOffer& h = *m.hosted;
  std::vector<Figure> f;
  f.push_back(mix_price_figure(s, h, hosted.blended_usd_per_1m, "hosted_usd_per_1m_tokens",
                               "Hosted open model: price per 1M tokens of the mix", "hosted_"));
  f.push_back(cost_figure(
      "hosted_usd_per_month", "Renting the open model: hosted, a month", hosted.total_usd_per_month,
      "USD/month",
      "workload.tokens_per_day x days_per_month x hosted_usd_per_1m_tokens / tokens_per_million "
      "+ selfhost_finetune_usd_per_month",
      {{"workload.tokens_per_day", s.workload.tokens_per_day, "tokens/day"},
       {"hosted_usd_per_1m_tokens", hosted.blended_usd_per_1m, "USD/1M tokens"},
       unit_input(UnitInput::kMonthDays),
       unit_input(UnitInput::kMillionTokens),
       {"selfhost_finetune_usd_per_month", hosted.finetune_usd_per_month, "USD/month"}}));
  return f;
}

// The three ways side by side: keep the API, rent the open model, own it.
Table ways_table(const CostModel& m, const Decision& d) {
  Table t{.id = "ways",
          .title = "Three ways to run it, a month",
          .columns = {"way", "offer", "usd_per_month"},
          .labels = {"way", "offer", "USD/month"}};
  t.rows.push_back({std::string("keep the API"), api_name(m), d.api.total_usd_per_month});
  t.rows.push_back({std::string("rent the open model"),
                    d.hosted ? hosted_name(m) : open_model(m) + ": no hosted offer",
                    d.hosted ? Cell{d.hosted->total_usd_per_month} : Cell{}});
  t.rows.push_back({std::string("own it"),
                    d.own.option ? open_model(m) + " on " + deployment_words(d.own)
                                 : open_model(m) + ": no deployment meets the target",
                    d.own.option ? Cell{d.own.total_usd_per_month} : Cell{}});
  return t;
}

// Whose inputs the article's method uses, beside a scenario that is not the article's.
std::string article_note(const Scenario& s) {
  const ArticleRules& a = s.article;
  return fmt::format(
      "The article's method uses the article's own inputs (article.*), not this scenario's: "
      "fine-tuned GPT-3.5 Turbo at {} / {} per 1M tokens in and out ({} to train), {} per "
      "serving replica, {} tokens a word; only the request's input:output mix is the "
      "scenario's. The physics method prices {} against {}.",
      format_usd(a.api_input_usd_per_1m), format_usd(a.api_output_usd_per_1m),
      format_usd(a.api_fine_tune_usd_per_1m), format_usd_per_hour(a.serving_usd_per_hour),
      format_number(a.tokens_per_word), s.api.model.empty() ? "the scenario's prices" : s.api.model,
      s.self_host.model);
}

// The cheapest deployment at the peak: its throughput, instances and price.
std::vector<Figure> deployment_figures(const CostModel& m, const OwnCost& own) {
  const Scenario& s = m.scenario;
  const Candidate& o = *own.option;
  std::vector<Figure> f;
  f.push_back(physics_figure(
      "replica_output_tokens_per_s", "One instance's output within the latency target",
      o.replica_output_tokens_per_s, "tokens/s",
      "copies x copy_requests_per_s x request_output_tokens",
      {{"copies", static_cast<double>(o.copies), "copies"},
       {"copy_requests_per_s", o.copy_requests_per_s, "requests/s"},
       {"request_output_tokens", m.search.shape.output.mean_tokens, "tokens"},
       {"tp", static_cast<double>(o.tp), "GPUs"},
       {"self_host.latency.ttft_ms", s.self_host.latency.ttft_ms, "ms"},
       {"self_host.latency.tpot_ms", s.self_host.latency.tpot_ms, "ms"}},
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
                  o.instance->region, s.self_host.pricing, instance_date_words(*o.instance));
  return f;
}

// Spot's spares and fallback as terms of owning's sum (spot_parts.cc has their figures).
void add_spot_terms(const OwnCost& own, Figure& total) {
  if (!own.spot) return;
  total.formula += " + selfhost_spot_spares_usd_per_month + selfhost_spot_fallback_usd_per_month";
  total.inputs.push_back(
      {"selfhost_spot_spares_usd_per_month", own.spot->spares_usd_per_month, "USD/month"});
  total.inputs.push_back(
      {"selfhost_spot_fallback_usd_per_month", own.spot->fallback_usd_per_month, "USD/month"});
}

// Owning's cost lines and their sum.
std::vector<Figure> own_cost_figures(const CostModel& m, const OwnCost& own) {
  const Scenario& s = m.scenario;
  const Candidate& o = *own.option;
  const double out_share = 1.0 - s.workload.input_tokens_per_request / tokens_per_request(s);
  const FigureInput replicas{"selfhost_replicas", static_cast<double>(own.replicas), "instances"};
  std::vector<Figure> f;
  if (own.scaled_chosen) {  // following the day costs less than always on (autoscale_parts.cc)
    f.push_back(cost_figure(
        "selfhost_compute_usd_per_month", "Owning: instances a month", own.compute_usd_per_month,
        "USD/month", "selfhost_compute_scaled_usd_per_month",
        {{"selfhost_compute_scaled_usd_per_month", own.compute_usd_per_month, "USD/month"},
         {"selfhost_compute_always_on_usd_per_month", own.always_on.compute_usd_per_month,
          "USD/month"}}));
    f.back().source += "; following the day, with its disk, costs less than always on";
  } else {
    f.push_back(cost_figure("selfhost_compute_usd_per_month", "Owning: instances a month",
                            own.compute_usd_per_month, "USD/month",
                            "selfhost_replicas x selfhost_usd_per_hour x hours_per_month",
                            {replicas,
                             {"selfhost_usd_per_hour", o.usd_per_hour, "USD/hour"},
                             unit_input(UnitInput::kMonthHours)}));
  }
  f.push_back(cost_figure("selfhost_storage_usd_per_month", "Owning: disk for the weights",
                          own.storage_usd_per_month, "USD/month",
                          "selfhost_replicas x weights_gb x self_host.storage_usd_per_gb_month",
                          {replicas,
                           {"weights_gb", o.weights_gb, "GB"},
                           {"self_host.storage_usd_per_gb_month",
                            s.self_host.storage_usd_per_gb_month, "USD/GB-month"}}));
  f.push_back(cost_figure("selfhost_egress_usd_per_month", "Owning: responses out of the cloud",
                          own.egress_usd_per_month, "USD/month",
                          "workload.tokens_per_day x output_share x workload.bytes_per_token / "
                          "bytes_per_gb x self_host.egress_usd_per_gb x days_per_month",
                          {{"workload.tokens_per_day", s.workload.tokens_per_day, "tokens/day"},
                           {"output_share", out_share, "fraction"},
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
  add_spot_terms(own, f.back());
  return f;
}

// Owning minus renting, break-even, months to it, the hybrid and the Monte Carlo.
std::vector<Figure> decision_figures(const CostModel& m, const Decision& d, const MonteCarlo& mc) {
  const Scenario& s = m.scenario;
  const Hybrid& h = d.hybrid;
  std::vector<Figure> f;
  f.push_back(cost_figure("owning_minus_renting_usd_per_month", "Owning minus renting",
                          d.own.total_usd_per_month - d.api.total_usd_per_month, "USD/month",
                          "selfhost_usd_per_month - api_usd_per_month",
                          {{"selfhost_usd_per_month", d.own.total_usd_per_month, "USD/month"},
                           {"api_usd_per_month", d.api.total_usd_per_month, "USD/month"}}));
  for (Figure& x : breakeven_figures(s, d.breakeven)) f.push_back(std::move(x));
  if (d.months_to_breakeven) {
    f.push_back(cost_figure(
        "months_to_breakeven", "Months until traffic reaches break-even", *d.months_to_breakeven,
        "months",
        "ln(breakeven_tokens_per_day / workload.tokens_per_day) / "
        "ln(1 + workload.monthly_growth)",
        {{"breakeven_tokens_per_day", *d.breakeven.breakeven_tokens_per_day, "tokens/day"},
         {"workload.tokens_per_day", s.workload.tokens_per_day, "tokens/day"},
         {"workload.monthly_growth", s.workload.monthly_growth, "fraction/month"}}));
  }
  f.push_back(cost_figure(
      "hybrid_usd_per_month", "Hybrid: own the base, rent the peaks", h.total_usd_per_month,
      "USD/month",
      "hybrid_owned_usd_per_month + hybrid_api_usd_per_month (k = hybrid_owned_replicas)",
      {{"hybrid_owned_replicas", static_cast<double>(h.owned_replicas), "instances"},
       {"hybrid_owned_token_share", h.owned_token_share, "fraction"},
       {"hybrid_owned_usd_per_month", h.owned_usd_per_month, "USD/month"},
       {"hybrid_api_usd_per_month", h.api_usd_per_month, "USD/month"}}));
  f.push_back(cost_figure("hybrid_owned_replicas",
                          "Hybrid: working instances owned (spares on top)", h.owned_replicas,
                          "instances", "argmin(hybrid_usd_per_month(k)) over k",
                          {{"workload.peak_to_average", s.workload.peak_to_average, "x"}}));
  if (mc.samples > 0) {
    f.push_back(cost_figure(
        "owning_cheaper_probability", "Chance that owning is cheaper",
        mc.owning_cheaper_probability, "probability",
        "mean(selfhost_usd_per_month(draw) < api_usd_per_month(draw)) over draw in samples(seed)",
        {{"samples", static_cast<double>(mc.samples), "draws"},
         {"seed", static_cast<double>(mc.seed), ""}}));
  }
  return f;
}

// "$22,728/month ($10,205 for 2 x ..., staff $12,500, disk and egress $22.23)".
std::string owning_words(const OwnCost& own) {
  return fmt::format("{}/month ({} for {}, staff {}{}, disk and egress {})",
                     format_usd(own.total_usd_per_month), format_usd(own.compute_usd_per_month),
                     deployment_words(own), format_usd(own.staff_usd_per_month),
                     own.finetune_usd_per_month > 0
                         ? ", fine-tuning " + format_usd(own.finetune_usd_per_month)
                         : "",
                     format_usd(own.storage_usd_per_month + own.egress_usd_per_month));
}

std::string mix_text(const CostModel& m, const Decision& d) {
  const Hybrid& h = d.hybrid;
  return fmt::format(
      "Verdict: mix. Own {} x {} {} ({}) of {} for the base load and send the busiest hours' "
      "overflow ({}% of tokens) to {}: {}/month, {} less than the cheapest pure option.",
      total_replicas(h.owned_replicas, m.redundancy), h.option->instance->cloud,
      h.option->instance->instance_type,
      detail::replicas_words(h.owned_replicas, total_replicas(h.owned_replicas, m.redundancy),
                             redundancy_name(m.redundancy)),
      open_model(m), readable((1.0 - h.owned_token_share) * 100),
      h.rents_hosted ? hosted_name(m) : api_name(m), format_usd(h.total_usd_per_month),
      format_usd(d.best_pure_usd_per_month - h.total_usd_per_month));
}

std::string api_text(const CostModel& m, const Decision& d) {
  const double t = m.scenario.workload.tokens_per_day;
  std::string text = fmt::format(
      "Verdict: keep the API, {}. At {} tokens/day it costs {}/month; owning {} would cost {}, "
      "{} more.",
      api_name(m), format_compact(t), format_usd(d.api.total_usd_per_month), open_model(m),
      owning_words(d.own), format_usd(d.own.total_usd_per_month - d.api.total_usd_per_month));
  if (const auto& at = d.breakeven.breakeven_tokens_per_day) {
    text += fmt::format(" Owning becomes cheaper from {} tokens/day ({}x today's volume)",
                        format_compact(*at), readable(*at / t));
    text += d.months_to_breakeven
                ? fmt::format(", {} months away at {}% growth a month.",
                              format_number(*d.months_to_breakeven),
                              format_number(m.scenario.workload.monthly_growth * 100))
                : ".";
  }
  return text;
}

std::string hosted_text(const CostModel& m, const Decision& d) {
  const double saving = d.api.total_usd_per_month - d.hosted->total_usd_per_month;
  return fmt::format(
      "Verdict: rent the open model. At {} tokens/day {} costs {}/month against {} for {}: {} a "
      "month less ({}%).",
      format_compact(m.scenario.workload.tokens_per_day), hosted_name(m),
      format_usd(d.hosted->total_usd_per_month), format_usd(d.api.total_usd_per_month), api_name(m),
      format_usd(saving), format_number(saving / d.api.total_usd_per_month * 100));
}

std::string self_host_text(const CostModel& m, const Decision& d) {
  const bool hosted = d.hosted && d.hosted->total_usd_per_month < d.api.total_usd_per_month;
  const double rent = hosted ? d.hosted->total_usd_per_month : d.api.total_usd_per_month;
  const double saving = rent - d.own.total_usd_per_month;
  return fmt::format(
             "Verdict: self-host {}. At {} tokens/day owning costs {} against {}/month for {}, the "
             "cheaper way to rent: {} a month less ({}%).",
             open_model(m), format_compact(m.scenario.workload.tokens_per_day), owning_words(d.own),
             format_usd(rent), hosted ? hosted_name(m) : api_name(m), format_usd(saving),
             format_number(saving / rent * 100)) +
         detail::spot_risk_text(d);
}

// "The three ways a month: keep gpt-4o $X; rent ... $Y; own it $Z."
std::string ways_text(const CostModel& m, const Decision& d) {
  std::string text = fmt::format(" The three ways a month: keep {} {}; ", api_name(m),
                                 format_usd(d.api.total_usd_per_month));
  text += d.hosted ? fmt::format("rent {} {}; ", hosted_name(m),
                                 format_usd(d.hosted->total_usd_per_month))
                   : fmt::format("rent {} hosted: no offer in the price map; ", open_model(m));
  text += d.own.option ? fmt::format("own it {}.", format_usd(d.own.total_usd_per_month))
                       : std::string("own it: cannot be costed.");
  return text;
}

// The verdict in words, the three ways and the Monte Carlo's chance at its end.
std::string verdict_text(const CostModel& m, const Decision& d, const MonteCarlo& mc) {
  std::string text = d.choice == Choice::kMix        ? mix_text(m, d)
                     : d.choice == Choice::kSelfHost ? self_host_text(m, d)
                     : d.choice == Choice::kHosted   ? hosted_text(m, d)
                                                     : api_text(m, d);
  text += ways_text(m, d);
  if (mc.samples > 0) {
    text += fmt::format(" Owning is cheaper than {} in {}% of {} Monte Carlo draws (seed {}).",
                        api_name(m), readable(mc.owning_cheaper_probability * 100),
                        format_number(static_cast<double>(mc.samples)), mc.seed);
  }
  return text;
}

// " Left out: KEY (why); ... and N more." or "".
std::string left_out_words(const CostModel& m) {
  constexpr std::size_t kNamed = 3;
  const auto& out = m.hosted_left_out;
  if (out.empty()) return "";
  const std::vector<std::string> named(
      out.begin(), out.begin() + static_cast<std::ptrdiff_t>(std::min(kNamed, out.size())));
  return fmt::format(
      " Left out{}: {}{}.", " (--include-flagged keeps the price outliers)", fmt::join(named, "; "),
      out.size() > kNamed ? fmt::format("; and {} more", out.size() - kNamed) : std::string());
}

// What the hosted offers are and how they were matched.
std::string hosted_note(const CostModel& m) {
  if (!m.hosted) {
    return fmt::format(
        "No provider in the price map hosts {} (llmtco catalog apis --model {}): the third way, "
        "renting the open model, is not priced.{}",
        open_model(m), open_model(m), left_out_words(m));
  }
  constexpr std::size_t kNamed = 5;
  std::vector<std::string> named(
      m.hosted_keys.begin(),
      m.hosted_keys.begin() + static_cast<std::ptrdiff_t>(std::min(kNamed, m.hosted_keys.size())));
  return fmt::format(
      "Hosted offers of {}: {} matched in the price map by model name (llmtco catalog apis "
      "--model {}), cheapest at this mix first: {}{}. The cheapest is priced.{}{}",
      open_model(m), m.hosted_keys.size(), open_model(m), fmt::join(named, ", "),
      m.hosted_keys.size() > kNamed ? fmt::format(" and {} more", m.hosted_keys.size() - kNamed)
                                    : std::string(),
      m.scenario.fine_tune.dataset_tokens > 0
          ? " Fine-tuning runs on rented GPUs, and the tuned weights are assumed served at the "
            "base model's price: most providers charge more for custom weights (a dedicated "
            "deployment)."
          : "",
      left_out_words(m));
}

// The notes after the verdict: ranges, the search, staff, what is left out, sources.
std::vector<std::string> later_notes(const Catalogs& catalogs, const CostModel& m,
                                     const Decision& d) {
  const Scenario& s = m.scenario;
  std::vector<std::string> notes = {
      "Against " + api_name(m) + ": " + ranges_text(d.breakeven),
      detail::hosted_breakeven_note(m, d.breakeven.from_tokens_per_day,
                                    d.breakeven.to_tokens_per_day),
      search_note(s, m.search, m.candidates)};
  for (std::string& note : detail::price_notes(m.search, m.candidates,
                                               d.own.option ? d.own.option->instance : nullptr)) {
    notes.push_back(std::move(note));
  }
  if (d.breakeven_without_staff) {
    const auto& without = d.breakeven_without_staff->breakeven_tokens_per_day;
    notes.push_back(fmt::format(
        "Staff is {}% of owning's cost; without it owning would be cheaper {}.",
        format_number(std::round(d.own.staff_usd_per_month / d.own.total_usd_per_month * 100)),
        without ? "from " + format_compact(*without) + " tokens/day"
                : std::string("nowhere in the range searched")));
  }
  if (s.fine_tune.dataset_tokens == 0) {
    notes.push_back(
        "Fine-tuning is priced on neither side: the scenario names no data set "
        "(fine_tune.dataset_tokens).");
  }
  for (std::string& note : detail::api_offer_notes(m)) notes.push_back(std::move(note));
  notes.push_back(
      "Both sides are assumed to answer equally well: llmtco prices tokens, not quality.");
  notes.push_back(fmt::format("Instance prices: {}. API prices: {}.",
                              price_dates(catalogs.instances, m.search.clouds), m.api.source));
  if (s.fine_tune.dataset_tokens > 0) {
    if (std::string why = finetune_pricing_note(m.search.pricing); !why.empty()) {
      notes.push_back(std::move(why));
    }
  }
  if (!m.finetune_run && s.fine_tune.dataset_tokens > 0) {
    notes.push_back("No instance holds the fine-tuning run; owning's cost leaves it out: " +
                    m.finetune_why_none + ".");
  }
  notes.push_back(fmt::format("{} factors: {}.", m.search.engine.name, m.search.engine.basis));
  return notes;
}

Table verdict_table(Choice choice, const std::string& text) {
  return Table{.id = "verdict",
               .title = "Verdict",
               .columns = {"decision", "text"},
               .rows = {{std::string(choice_name(choice)), text}},
               .json_object = true,
               .json_only = true};
}

Table deployment_table(const CostModel& m, const Decision& d) {
  const OwnCost& own = d.own;
  const Plan plan{.option = *own.option,
                  .working_replicas = own.working_replicas,
                  .replicas = own.replicas,
                  .usd_per_month = own.compute_usd_per_month,
                  .ttft_s = d.peak_latency.ttft_s,
                  .tpot_s = d.peak_latency.tpot_s};
  Table deployment = plans_table({plan}, m.search);
  deployment.id = "deployment";
  deployment.title = "The cheapest deployment at the peak";
  deployment.json_object = true;
  return deployment;
}

Table hybrid_table(const CostModel& m, const Hybrid& h) {
  const std::string renter = h.rents_hosted ? hosted_name(m) : api_name(m);
  return Table{
      .id = "hybrid",
      .title = "Hybrid: own k instances for the base, " + renter + " for each hour's overflow",
      .columns = {"owned_replicas", "cloud", "instance", "owned_token_share", "owned_scaled",
                  "owned_usd_per_month", "renter", "api_usd_per_month", "total_usd_per_month"},
      .labels = {"owned replicas", "cloud", "instance", "owned token share", "owned follow the day",
                 "owned USD/month", "overflow to", "overflow USD/month", "total USD/month"},
      .rows = {{std::int64_t{h.owned_replicas}, h.option ? Cell{h.option->instance->cloud} : Cell{},
                h.option ? Cell{h.option->instance->instance_type} : Cell{}, h.owned_token_share,
                h.owned_scaled, h.owned_usd_per_month,
                std::string(h.rents_hosted ? "hosted" : "api"), h.api_usd_per_month,
                h.total_usd_per_month}},
      .json_object = true};
}

// The tornado as a table and as a chart around today's owning minus renting.
std::pair<Table, Chart> tornado_parts(const CostModel& m, double base_usd_per_month) {
  Table table{.id = "tornado",
              .title =
                  "Sensitivity: owning minus renting (USD/month) at each input's low and "
                  "high end",
              .columns = {"input", "scale", "low", "high", "owning_minus_renting_low_usd",
                          "owning_minus_renting_high_usd", "why"}};
  Chart chart{.id = "tornado",
              .title = "Owning minus renting, USD a month, as each input moves",
              .x_label = "USD per month (negative: owning is cheaper)",
              .base = base_usd_per_month};
  for (const TornadoBar& bar : tornado(m)) {
    const std::string name = uncertain_input_name(bar.input.input);
    table.rows.push_back(
        {name,
         std::string(bar.input.input == UncertainInput::kPeakToAverage ? "value" : "multiplier"),
         bar.input.low, bar.input.high, bar.low_usd_per_month, bar.high_usd_per_month,
         bar.input.why});
    chart.bars.push_back({name, bar.low_usd_per_month, bar.high_usd_per_month});
  }
  return {std::move(table), std::move(chart)};
}

Table monte_carlo_table(const MonteCarlo& mc) {
  return Table{
      .id = "monte_carlo",
      .title = "Monte Carlo over the tornado's ranges (USD/month: P10, P50, P90)",
      .columns = {"samples", "seed", "owning_cheaper_probability", "api_p10", "api_p50", "api_p90",
                  "selfhost_p10", "selfhost_p50", "selfhost_p90", "owning_minus_renting_p10",
                  "owning_minus_renting_p50", "owning_minus_renting_p90"},
      .rows = {{static_cast<std::int64_t>(mc.samples), static_cast<std::int64_t>(mc.seed),
                mc.owning_cheaper_probability, mc.api_usd_per_month[0], mc.api_usd_per_month[1],
                mc.api_usd_per_month[2], mc.own_usd_per_month[0], mc.own_usd_per_month[1],
                mc.own_usd_per_month[2], mc.owning_minus_renting_usd_per_month[0],
                mc.owning_minus_renting_usd_per_month[1],
                mc.owning_minus_renting_usd_per_month[2]}},
      .json_object = true};
}

// The cost curves around today's volume and break-even (two decades either side).
Chart curves_chart(const CostModel& m, const Decision& d, const CompareSettings& settings) {
  const double t = m.scenario.workload.tokens_per_day;
  const double at = d.breakeven.breakeven_tokens_per_day.value_or(t);
  return cost_chart(m, d.breakeven, std::max(settings.from_tokens_per_day, std::min(t, at) / 100),
                    std::min(settings.to_tokens_per_day, std::max(t, at) * 100), true);
}

// The physics method's part of the report: figures, the verdict first among the
// notes, the tables and the charts.
void add_physics(Report& report, const Catalogs& catalogs, const CompareSettings& settings,
                 const std::vector<Figure>& article) {
  const CostModel m = resolve_cost_model(catalogs, *report.scenario, settings.checks);
  const Decision d = decide(catalogs, m, settings.from_tokens_per_day, settings.to_tokens_per_day);
  auto add = [&](std::vector<Figure> figures) {
    for (Figure& f : figures) report.figures.push_back(std::move(f));
  };
  report.scenario = scenario_as_used(m.scenario, m.api);
  add(api_figures(m, d.api));
  if (d.hosted) add(hosted_figures(m, *d.hosted));
  if (!d.own.option) {
    const bool hosted = d.choice == Choice::kHosted;
    report.notes.push_back(
        fmt::format(
            "Verdict: {} ({}/month); owning {} cannot be costed: {}.",
            hosted ? "rent the open model, " + hosted_name(m) : "keep the API, " + api_name(m),
            format_usd(hosted ? d.hosted->total_usd_per_month : d.api.total_usd_per_month),
            open_model(m), m.candidates.why_none) +
        ways_text(m, d));
    report.tables.push_back(verdict_table(d.choice, report.notes.front()));
    report.tables.push_back(ways_table(m, d));
    report.notes.push_back(hosted_note(m));
    for (std::string& note : detail::api_offer_notes(m)) report.notes.push_back(std::move(note));
    return;
  }
  const MonteCarlo mc = monte_carlo(m, settings.samples, settings.seed);
  add(deployment_figures(m, d.own));
  add(own_cost_figures(m, d.own));
  add(autoscale_figures(m, d.own));
  add(detail::spot_figures(m, d.own));
  add(decision_figures(m, d, mc));
  report.notes.push_back(verdict_text(m, d, mc));
  report.notes.push_back(hosted_note(m));
  report.notes.push_back(autoscale_note(m, d.own));
  if (d.own.spot) report.notes.push_back(detail::spot_note(d.own));
  for (std::string& note : later_notes(catalogs, m, d)) report.notes.push_back(std::move(note));
  report.tables.push_back(verdict_table(d.choice, report.notes.front()));
  report.tables.push_back(ways_table(m, d));
  report.tables.push_back(deployment_table(m, d));
  if (!article.empty()) report.tables.push_back(rules_of_thumb({m, d, article}));
  report.tables.push_back(ranges_table(m.scenario, d.breakeven));
  report.tables.push_back(hybrid_table(m, d.hybrid));
  report.tables.push_back(hourly_instances_table(m, d.own));
  auto [tornado_table, tornado_chart] =
      tornado_parts(m, d.own.total_usd_per_month - d.api.total_usd_per_month);
  report.tables.push_back(std::move(tornado_table));
  if (mc.samples > 0) report.tables.push_back(monte_carlo_table(mc));
  report.charts.push_back(curves_chart(m, d, settings));
  report.charts.push_back(std::move(tornado_chart));
  detail::add_growth_section(
      report, m, d, m.scenario.workload.horizon_months,
      rate_limit_capacities(scenario_rate_limits(catalogs, m.scenario, m.api)));
  detail::add_purchase_section(report, catalogs, m);
}

}  // namespace

CompareSettings compare_settings(const std::string& method, const Scenario& scenario) {
  const bool article = method == "article" || method == "both" ||
                       (method == "auto" && is_article_decision(scenario));
  return {.article = article, .physics = method != "article"};
}

Report compare_report(const Catalogs& catalogs, const Scenario& given,
                      const CompareSettings& settings) {
  const ResolvedVolume volume = resolve_volume(catalogs, with_open_model(given));
  const Scenario& scenario = volume.scenario;
  Report report{.command = "compare",
                .title = scenario.name,
                .scenario = scenario,
                .lead_note = settings.physics};
  const std::vector<Figure> article = article_figures(scenario);
  if (settings.article) report.figures = article;
  if (settings.physics) {
    report.figures.insert(report.figures.end(), volume.figures.begin(), volume.figures.end());
    add_physics(report, catalogs, settings, settings.article ? article : std::vector<Figure>{});
    add_rate_limits(report, catalogs, scenario, api_offer(catalogs, scenario));
  }
  if (settings.article && !is_article_decision(scenario))
    report.notes.push_back(article_note(scenario));
  return report;
}

}  // namespace llmtco
