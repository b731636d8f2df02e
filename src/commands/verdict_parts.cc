#include "verdict_parts.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "llmtco/number_format.h"
#include "llmtco/units.h"
#include "request_checks.h"

namespace llmtco::detail {

std::string readable(double v) {
  return format_number(v);
}

std::string gb(double v) {
  return format_number(v);
}

std::string replicas_words(int working, int total, const std::string& redundancy) {
  if (total == working) return fmt::format("{} working, no spare", working);
  return fmt::format("{} working + {} spare, {}", working, total - working, redundancy);
}

Figure cost_figure(std::string id, std::string label, double value, std::string unit,
                   std::string formula, std::vector<FigureInput> inputs) {
  return physics_figure(std::move(id), std::move(label), value, std::move(unit), std::move(formula),
                        std::move(inputs), kCostSource);
}

std::string price_dates(const InstanceCatalog& catalog, const std::vector<std::string>& clouds) {
  std::vector<std::string> parts;
  for (const InstanceSource& source : catalog.sources) {
    if (!clouds.empty() && std::find(clouds.begin(), clouds.end(), source.cloud) == clouds.end()) {
      continue;
    }
    parts.push_back(fmt::format("{} {}{}", source.cloud, source_date_words(source),
                                source.volatile_offers ? " (a marketplace: volatile offers)" : ""));
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

namespace {

// How the requests arrive and vary: "Poisson arrivals, fixed lengths".
std::string shape_words(const RequestShape& q) {
  const auto length = [](const char* name, const LengthSpec& l) {
    return l.dist == LengthDist::kFixed
               ? fmt::format("{} length fixed", name)
               : fmt::format("{} length {} (cv {})", name, length_dist_name(l.dist),
                             format_number(l.cv));
  };
  return fmt::format("{}, {}, {}",
                     q.arrivals == Arrivals::kPoisson
                         ? std::string("Poisson arrivals")
                         : fmt::format("gamma arrivals (cv {})", format_number(q.burstiness_cv)),
                     length("input", q.input), length("output", q.output));
}

}  // namespace

Table plans_table(const std::vector<Plan>& plans, const DeploymentSearch& r) {
  Table t{.id = "plans",
          .title = fmt::format("Deployments that carry the peak within the latency target ({} "
                               "TTFT and TPOT), cheapest first",
                               statistic_label(r.target)),
          .columns = {"cloud", "instance", "region", "gpu", "gpus_per_replica", "tp", "precision",
                      "engine", "replicas", "replica_output_tokens_per_s", "latency_met", "ttft_ms",
                      "tpot_ms", "usd_per_hour", "usd_per_month", "price_date"}};
  for (const Plan& p : plans) {
    const Candidate& o = p.option;
    t.rows.push_back({o.instance->cloud, o.instance->instance_type, o.instance->region,
                      o.instance->gpu_id, std::int64_t{o.instance->gpu_count}, std::int64_t{o.tp},
                      o.weights.id, r.engine.id, std::int64_t{p.replicas},
                      o.replica_output_tokens_per_s, statistic_label(r.target),
                      p.ttft_s * kMsPerSecond, p.tpot_s * kMsPerSecond, o.usd_per_hour,
                      p.usd_per_month, o.instance->date});
  }
  return t;
}

std::vector<std::string> api_offer_notes(const CostModel& m) {
  const Scenario& s = m.scenario;
  const ApiOffer& a = m.api;
  const ApiRates r = api_rates(a, s);
  const std::string name = a.id.empty() ? std::string("the scenario's API prices") : a.id;
  std::vector<std::string> notes;
  const bool fine_tunes = s.fine_tune.dataset_tokens > 0;
  if (fine_tunes && !a.fine_tuned_from.empty()) {
    notes.push_back(fmt::format(
        "The fine-tuned {} is called at {}'s prices ({} input, {} output per 1M), not the base "
        "model's.",
        a.fine_tuned_from, a.id, format_usd(a.input_usd_per_1m), format_usd(a.output_usd_per_1m)));
  }
  if (fine_tunes && !a.offers_fine_tuning) {
    notes.push_back(fmt::format(
        "{} offers no fine-tuning (no training price and no ft: key of its family in the "
        "catalog): keeping it bills the base model's tokens and no training; the fine-tuning "
        "run is priced on rented GPUs, for owning and for the hosted open model.",
        name));
  }
  if (s.workload.batch_share > 0 && !a.lists_batch) {
    notes.push_back(fmt::format(
        "{} lists no batch price: workload.batch_share ({}%) is billed at the full price.", name,
        readable(s.workload.batch_share * 100)));
  }
  if (s.workload.cache_write_share > 0 && !a.lists_cache_write) {
    notes.push_back(fmt::format(
        "{} lists no cache-write price: workload.cache_write_share ({}%) is billed at the input "
        "price.",
        name, readable(s.workload.cache_write_share * 100)));
  }
  if (r.long_context) {
    notes.push_back(fmt::format(
        "Requests of {} input tokens are above {}'s {}-token long-context threshold: every token "
        "of them bills at the higher prices ({} input, {} output per 1M){}.",
        format_number(s.workload.input_tokens_per_request), name,
        format_number(static_cast<double>(a.long_context->threshold_tokens)),
        format_usd(r.input_usd_per_1m), format_usd(r.output_usd_per_1m),
        s.workload.batch_share > 0
            ? ", the batch share too (the catalog lists no batch price above the threshold)"
            : ""));
  }
  return notes;
}

namespace {

// The clouds searched as self_host.clouds names them, 'all' spelled out.
std::string searched_clouds(const std::string& text, const std::vector<std::string>& clouds) {
  if (clouds.empty()) return "every cloud";
  const std::vector<std::string> names = split_cloud_list(text);
  if (std::find(names.begin(), names.end(), kAllClouds) == names.end()) return text;
  return fmt::format("{}: {}", text, fmt::join(clouds, ", "));
}

}  // namespace

std::string search_note(const Scenario& s, const DeploymentSearch& r, const Candidates& c) {
  std::vector<std::string> formats;
  for (const Precision& p : r.precisions) formats.push_back(p.id);
  std::string note = fmt::format(
      "Searched {} instance types ({}{}, {} prices, cheapest region each) x tensor-parallel sizes "
      "x {}: {} options meet a {} TTFT <= {} ms and TPOT <= {} ms for {} + {} token requests "
      "({}) on {} in a simulated run.",
      c.instance_types, searched_clouds(s.self_host.clouds, r.clouds),
      r.regions.empty() ? std::string() : fmt::format(", regions {}", fmt::join(r.regions, ", ")),
      pricing_name(r.pricing), fmt::join(formats, ", "), c.options.size(),
      statistic_label(r.target), format_number(s.self_host.latency.ttft_ms),
      format_number(s.self_host.latency.tpot_ms),
      format_number(s.workload.input_tokens_per_request),
      format_number(s.workload.output_tokens_per_request), shape_words(r.shape), r.engine.name);
  if (!c.pricing_gaps.empty()) {
    note += fmt::format(" What the price snapshots lack: {}.", c.pricing_gaps);
  }
  return note;
}

std::vector<std::string> price_notes(const DeploymentSearch& r, const Candidates& c,
                                     const Instance* picked) {
  std::vector<std::string> notes;
  if (std::string flagged = flagged_note(c.flagged); !flagged.empty()) {
    notes.push_back(std::move(flagged));
  }
  if (picked != nullptr) {
    if (std::string stale = stale_note(*picked, r.today_iso); !stale.empty()) {
      notes.push_back(std::move(stale));
    }
    if (picked->volatile_offers) {
      notes.push_back(fmt::format(
          "{} {} is an offer of a marketplace whose offers come and go: it may be gone or "
          "repriced; check it before relying on the figures.",
          picked->cloud, picked->instance_type));
    }
  }
  return notes;
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

// Owning against the third way: the same search with the open model's cheapest
// hosted offer as the renter. Fine-tuning is left out of both sides (the run on
// rented GPUs is the same either way), so the difference is the serving's.
std::string hosted_breakeven_note(const CostModel& m, double from, double to) {
  if (!m.hosted) {
    return fmt::format(
        "No provider in the price map hosts {}: renting the open model is not "
        "priced.",
        m.scenario.self_host.model);
  }
  CostModel against = m;
  against.api = *m.hosted;
  against.hosted.reset();
  against.finetune_run.reset();
  const Breakeven b = breakeven(against, from, to);
  const double usd_per_1m = offer_cost(m, *m.hosted, 1).blended_usd_per_1m;
  return fmt::format(
      "Against {} hosted ({}, {} per 1M tokens of the mix), fine-tuning left out of both sides: "
      "{}.",
      m.scenario.self_host.model, m.hosted->id, format_usd(usd_per_1m),
      b.breakeven_tokens_per_day
          ? "owning is cheaper from " + format_compact(*b.breakeven_tokens_per_day) + " tokens/day"
          : "owning is cheaper nowhere up to " + format_compact(b.to_tokens_per_day) +
                " tokens/day");
}

}  // namespace llmtco::detail
