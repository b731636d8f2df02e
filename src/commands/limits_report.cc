// llmtco limits, and compare's rate-limit part: the busiest minute's figures, the
// tier table and the line (docs/limits.md).
#include "llmtco/limits_report.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "llmtco/number_format.h"
#include "llmtco/resolve.h"
#include "llmtco/volume.h"

namespace llmtco {
namespace {

constexpr const char* kMethodology = "docs/methodology.md, \"API rate limits\"";

FigureInput input(std::string name, double value, std::string unit) {
  return {std::move(name), value, std::move(unit)};
}

std::vector<Figure> peak_figures(const Scenario& s, const RateLimitFit& fit) {
  const PeakMinute& p = fit.peak;
  const WorkloadSpec& w = s.workload;
  const double request_tokens = tokens_per_request(s);
  const FigureInput per_day = input("minutes_per_day", kMinutesPerDay, "min/day");
  std::vector<Figure> f;
  f.push_back(physics_figure(
      "rate_limit_mean_requests_per_min", "Interactive requests a minute, the day's mean",
      p.mean_requests_per_min, "requests/min",
      "workload.tokens_per_day * (1 - workload.batch_share) / tokens_per_request / "
      "minutes_per_day",
      {input("workload.tokens_per_day", w.tokens_per_day, "tokens/day"),
       input("workload.batch_share", w.batch_share, "fraction"),
       input("tokens_per_request", request_tokens, "tokens"), per_day},
      "the batch share goes through the batch queue, not against the per-minute limits"));
  f.push_back(physics_figure("rate_limit_peak_over_mean", "Busiest hour over the day's mean",
                             p.peak_over_mean, "x", "workload.peak_to_average",
                             {input("workload.peak_to_average", w.peak_to_average, "x")},
                             "the day's busiest hour over its mean (hourly_profile, "
                             "verdict.h): workload.hourly_profile's when one is given"));
  f.push_back(physics_figure(
      "rate_limit_hour_requests_per_min", "Requests a minute in the busiest hour",
      p.hour_requests_per_min, "requests/min",
      "rate_limit_mean_requests_per_min * rate_limit_peak_over_mean",
      {input("rate_limit_mean_requests_per_min", p.mean_requests_per_min, "requests/min"),
       input("rate_limit_peak_over_mean", p.peak_over_mean, "x")},
      kMethodology));
  if (p.burst_given) {
    f.push_back(physics_figure(
        "rate_limit_burst_factor", "Busiest minute over its hour's mean minute", p.burst_factor,
        "x", "workload.peak_minute_factor",
        {input("workload.peak_minute_factor", p.burst_factor, "x")}, "the scenario"));
  } else {
    f.push_back(physics_figure(
        "rate_limit_burst_factor", "Busiest minute over its hour's mean minute", p.burst_factor,
        "x", "1 + busiest_of_60_z * arrivals_cv / sqrt(rate_limit_hour_requests_per_min)",
        {input("busiest_of_60_z", kBusiestOf60MinutesZ, ""),
         input("arrivals_cv", p.arrivals_cv, ""),
         input("rate_limit_hour_requests_per_min", p.hour_requests_per_min, "requests/min")},
        "a renewal process's count in a minute has variance ~ lambda c^2; the largest of 60 "
        "independent standard normals is 2.32 on average (Harter 1961)"));
  }
  const FigureInput rpm =
      input("rate_limit_peak_requests_per_min", p.requests_per_min, "requests/min");
  f.push_back(physics_figure(
      "rate_limit_peak_requests_per_min", "Requests in the busiest minute (RPM)",
      p.requests_per_min, "requests/min",
      "rate_limit_hour_requests_per_min * rate_limit_burst_factor",
      {input("rate_limit_hour_requests_per_min", p.hour_requests_per_min, "requests/min"),
       input("rate_limit_burst_factor", p.burst_factor, "x")},
      kMethodology));
  const FigureInput in =
      input("workload.input_tokens_per_request", w.input_tokens_per_request, "tokens");
  const FigureInput out =
      input("workload.output_tokens_per_request", w.output_tokens_per_request, "tokens");
  const FigureInput cached = input("workload.cached_input_share", w.cached_input_share, "fraction");
  const std::string& provider = fit.match.provider;
  if (provider == "anthropic") {
    const bool reads = fit.match.counts_cache_reads;
    f.push_back(physics_figure(
        "rate_limit_peak_itpm", "Input tokens in the busiest minute, as Anthropic counts (ITPM)",
        counted_demand(fit.match, p, RateLimitKind::kItpm), "tokens/min",
        reads ? "rate_limit_peak_requests_per_min * workload.input_tokens_per_request"
              : "rate_limit_peak_requests_per_min * workload.input_tokens_per_request * (1 - "
                "workload.cached_input_share)",
        reads ? std::vector<FigureInput>{rpm, in} : std::vector<FigureInput>{rpm, in, cached},
        reads ? "Anthropic's rate-limits page: this model's cache reads count toward ITPM"
              : "Anthropic's rate-limits page: cache reads do not count toward ITPM, uncached "
                "input and cache writes do"));
    f.push_back(physics_figure(
        "rate_limit_peak_otpm", "Output tokens in the busiest minute (OTPM)",
        counted_demand(fit.match, p, RateLimitKind::kOtpm), "tokens/min",
        "rate_limit_peak_requests_per_min * workload.output_tokens_per_request", {rpm, out},
        "Anthropic's rate-limits page: OTPM counts the output tokens generated"));
  } else if (provider == "google") {
    f.push_back(physics_figure(
        "rate_limit_peak_tpm", "Input tokens in the busiest minute, as Gemini counts (TPM)",
        counted_demand(fit.match, p, RateLimitKind::kTpm), "tokens/min",
        "rate_limit_peak_requests_per_min * workload.input_tokens_per_request", {rpm, in},
        "Gemini's rate-limits page: TPM is input tokens; cached tokens taken as counting"));
  } else {
    f.push_back(physics_figure(
        "rate_limit_peak_tpm", "Tokens in the busiest minute, as OpenAI counts (TPM)",
        counted_demand(fit.match, p, RateLimitKind::kTpm), "tokens/min",
        "rate_limit_peak_requests_per_min * (workload.input_tokens_per_request + "
        "workload.output_tokens_per_request)",
        {rpm, in, out},
        "OpenAI's prompt-caching FAQ: cached tokens count toward TPM; input and output "
        "together"));
  }
  f.push_back(physics_figure(
      "rate_limit_requests_per_day", "Interactive requests a day (RPD)", p.requests_per_day,
      "requests/day", "workload.tokens_per_day * (1 - workload.batch_share) / tokens_per_request",
      {input("workload.tokens_per_day", w.tokens_per_day, "tokens/day"),
       input("workload.batch_share", w.batch_share, "fraction"),
       input("tokens_per_request", request_tokens, "tokens")},
      kMethodology));
  f.push_back(physics_figure(
      "rate_limit_batch_input_tokens_per_day", "Batch input tokens a day (one submission)",
      p.batch_input_tokens_per_day, "tokens/day",
      "workload.tokens_per_day * workload.batch_share * workload.input_tokens_per_request / "
      "tokens_per_request",
      {input("workload.tokens_per_day", w.tokens_per_day, "tokens/day"),
       input("workload.batch_share", w.batch_share, "fraction"), in,
       input("tokens_per_request", request_tokens, "tokens")},
      "held against the batch queue limit as if the day's batch were enqueued at once"));
  f.push_back(physics_figure("rate_limit_bill_usd_per_month",
                             "The API's bill a month, against the tiers' caps",
                             fit.bill_usd_per_month, "USD/month", "api_usd_per_month",
                             {input("api_usd_per_month", fit.bill_usd_per_month, "USD/month")},
                             "offer_cost (verdict.h): the scenario's mix at the offer's prices"));
  return f;
}

constexpr RateLimitKind kKinds[] = {RateLimitKind::kRpm,  RateLimitKind::kTpm,
                                    RateLimitKind::kItpm, RateLimitKind::kOtpm,
                                    RateLimitKind::kRpd,  RateLimitKind::kBatchQueue};

const char* kind_id(RateLimitKind kind) {
  switch (kind) {
    case RateLimitKind::kRpm:
      return "rpm";
    case RateLimitKind::kTpm:
      return "tpm";
    case RateLimitKind::kItpm:
      return "itpm";
    case RateLimitKind::kOtpm:
      return "otpm";
    case RateLimitKind::kRpd:
      return "rpd";
    case RateLimitKind::kBatchQueue:
      return "batch_queue_tokens";
  }
  return "";
}

const LimitUse* use_of(const TierFit& t, RateLimitKind kind) {
  for (const LimitUse& u : t.uses) {
    if (u.kind == kind) return &u;
  }
  return nullptr;
}

Cell optional_cell(const std::optional<double>& value) {
  Cell cell;
  if (value) cell = *value;
  return cell;
}

Table tier_table(const RateLimitFit& fit) {
  std::vector<RateLimitKind> kinds;  // those some tier publishes
  for (const RateLimitKind kind : kKinds) {
    if (std::any_of(fit.tiers.begin(), fit.tiers.end(),
                    [&](const TierFit& t) { return use_of(t, kind) != nullptr; })) {
      kinds.push_back(kind);
    }
  }
  Table table{
      .id = "rate_limit_tiers",
      .title = fmt::format("Usage tiers of {} ({})", fit.match.key,
                           fit.match.model.empty() ? "none published" : fit.match.model),
      .columns = {"tier", "qualification_usd_paid", "qualification_days", "monthly_cap_usd"},
      .labels = {"tier", "USD paid", "days since first payment", "cap USD/month"}};
  for (const RateLimitKind kind : kinds) {
    table.columns.push_back(kind_id(kind));
    table.columns.push_back(std::string(kind_id(kind)) + "_share");
    table.labels.push_back(rate_limit_name(kind));
    table.labels.push_back(std::string(rate_limit_name(kind)) + " share");
  }
  for (const char* column :
       {"binding_limit", "within_cap", "carries", "stops_carrying_tokens_per_day", "as_of"}) {
    table.columns.push_back(column);
  }
  for (const char* label :
       {"binding", "bill within cap", "carries", "stops carrying, tokens/day", "as of"}) {
    table.labels.push_back(label);
  }
  for (const TierFit& t : fit.tiers) {
    std::vector<Cell> row = {t.row.tier, optional_cell(t.row.qualification_usd_paid),
                             optional_cell(t.row.qualification_days),
                             optional_cell(t.row.monthly_cap_usd)};
    for (const RateLimitKind kind : kinds) {
      const LimitUse* u = use_of(t, kind);
      row.push_back(optional_cell(u ? std::optional<double>(u->limit) : std::nullopt));
      row.push_back(optional_cell(u ? std::optional<double>(u->share) : std::nullopt));
    }
    std::string binding = "not published";
    if (t.binding) binding = rate_limit_name(t.uses[*t.binding].kind);
    row.emplace_back(std::move(binding));
    row.push_back(t.within_cap);
    row.push_back(t.carries);
    row.push_back(optional_cell(t.stops_carrying_tokens_per_day));
    row.push_back(t.row.as_of);
    table.rows.push_back(std::move(row));
  }
  return table;
}

std::vector<std::string> limit_notes(const Scenario& s, const RateLimitFit& fit,
                                     const std::string& catalog_source) {
  std::vector<std::string> notes = fit.match.assumptions;
  const PeakMinute& p = fit.peak;
  notes.push_back(
      p.burst_given
          ? fmt::format("The busiest minute carries {} its hour's mean minute "
                        "(workload.peak_minute_factor).",
                        format_quantity(p.burst_factor, "x"))
          : fmt::format("The busiest minute carries {} its hour's mean minute: {} requests a "
                        "minute arriving with gaps of coefficient of variation {}, the busiest of "
                        "60 minutes about 2.32 standard deviations above the mean (set "
                        "workload.peak_minute_factor to use a measured one).",
                        format_quantity(p.burst_factor, "x"),
                        format_number(p.hour_requests_per_min), format_number(p.arrivals_cv)));
  if (p.batch_input_tokens_per_day > 0) {
    notes.push_back(
        "The batch share's input tokens are held against the batch queue limit as one day's "
        "submission enqueued at once; spread over the day it needs less.");
  }
  if (fit.match.long_context) {
    notes.push_back(fmt::format(
        "Requests of {} input tokens are above the long-context threshold: {}'s rows apply.",
        format_number(s.workload.input_tokens_per_request), fit.match.model));
  }
  if (!fit.tiers.empty()) {
    notes.push_back(
        "A tier stops carrying at today's tokens a day over its largest share, or times its cap "
        "over the bill where that is less (the burst factor shrinks as traffic grows, so this "
        "errs low). Limits are maxima set per organization; "
        "the console shows an account's own.");
    std::vector<std::string> dates;
    for (const TierFit& t : fit.tiers) {
      if (std::find(dates.begin(), dates.end(), t.row.as_of) == dates.end() && !t.row.as_of.empty())
        dates.push_back(t.row.as_of);
    }
    notes.push_back(fmt::format("Rate limits: {} (rows as of {}; each row names its source).",
                                catalog_source, fmt::join(dates, ", ")));
  }
  return notes;
}

}  // namespace

RateLimitFit scenario_rate_limits(const Catalogs& catalogs, const Scenario& scenario,
                                  const ApiOffer& offer) {
  CostModel bill{.scenario = scenario, .api = offer};
  bill.training_tokens = scenario.fine_tune.dataset_tokens * scenario.fine_tune.epochs;
  const double usd_per_month =
      offer_cost(bill, offer, scenario.workload.tokens_per_day).total_usd_per_month;
  return fit_rate_limits(catalogs.rate_limits, scenario, hourly_profile(scenario.workload),
                         usd_per_month);
}

std::vector<NamedCapacity> rate_limit_capacities(const RateLimitFit& fit) {
  std::vector<NamedCapacity> out;
  for (const TierFit& t : fit.tiers) {
    if (!t.carries || !t.stops_carrying_tokens_per_day) continue;
    out.push_back({.name = fmt::format("{} {} rate limits", fit.match.key, t.row.tier),
                   .tokens_per_day = *t.stops_carrying_tokens_per_day});
  }
  return out;
}

std::string rate_limit_line(const RateLimitFit& fit) {
  if (fit.match.key.empty()) return "Rate limits: " + rate_limit_verdict(fit) + ".";
  return fmt::format("Rate limits for {}: {}.", fit.match.key, rate_limit_verdict(fit));
}

void add_rate_limits(Report& report, const Catalogs& catalogs, const Scenario& scenario,
                     const ApiOffer& offer) {
  const RateLimitFit fit = scenario_rate_limits(catalogs, scenario, offer);
  for (Figure& f : peak_figures(scenario, fit)) report.figures.push_back(std::move(f));
  report.tables.push_back(tier_table(fit));
  const std::string line = rate_limit_line(fit);
  // The answer for programs and the page: the tier named (empty: none carries).
  report.tables.push_back(
      Table{.id = "rate_limit",
            .columns = {"tier", "text"},
            .rows = {{fit.lowest_carrying ? Cell{fit.tiers[*fit.lowest_carrying].row.tier} : Cell{},
                      line}},
            .json_object = true,
            .json_only = true});
  const auto at = report.notes.empty() ? report.notes.begin() : report.notes.begin() + 1;
  report.notes.insert(at, line);
}

Report limits_report(const Catalogs& catalogs, const Scenario& given) {
  const ResolvedVolume volume = resolve_volume(catalogs, given);
  const Scenario& scenario = volume.scenario;
  const ApiOffer offer = api_offer(catalogs, scenario);
  const RateLimitFit fit = scenario_rate_limits(catalogs, scenario, offer);
  Report report{.command = "limits",
                .title = fmt::format("API rate limits: {}", scenario.name),
                .scenario = scenario_as_used(scenario, offer),
                .figures = volume.figures,
                .tables = {tier_table(fit)},
                .notes = {rate_limit_line(fit)},
                .lead_note = true};
  for (Figure& f : peak_figures(scenario, fit)) report.figures.push_back(std::move(f));
  for (std::string& note : limit_notes(scenario, fit, catalogs.rate_limits.source))
    report.notes.push_back(std::move(note));
  return report;
}

}  // namespace llmtco
