// summarize_usage(): the workload usage records describe, per model and in total,
// as figures (docs/methodology.md, "Usage exports"), and apply_usage().
#include "llmtco/usage.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "llmtco/error.h"
#include "llmtco/nearest.h"
#include "llmtco/number_format.h"
#include "llmtco/text.h"
#include "llmtco/units.h"

namespace llmtco {
namespace {

constexpr const char* kSource = "docs/methodology.md, \"Usage exports\"";
// Anthropic bills a 1-hour cache write at 2x the base input price, a 5-minute one
// at 1.25x (https://docs.anthropic.com/en/docs/about-claude/pricing, prompt caching).
constexpr double kOneHourWriteMultiplier = 2.0;
constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kMinute = 60;

double input_of(const UsageRecord& r) {
  return r.uncached_input_tokens + r.cached_input_tokens + r.cache_write_input_tokens;
}
double tokens_of(const UsageRecord& r) {
  return input_of(r) + r.output_tokens;
}
// A record whose tokens the provider served (not a failure, not a proxy cache hit).
bool served(const UsageRecord& r) {
  return !r.failed && !r.proxy_cache_hit;
}

const ApiPrice* catalog_price(const ApiCatalog& prices, const std::string& model) {
  const std::string key = ascii_lowercase(model);
  for (const ApiPrice& p : prices.prices) {
    if (!p.fine_tuned && ascii_lowercase(p.id) == key) return &p;
  }
  return nullptr;
}

// A record's bill at catalog prices (docs/methodology.md, "Implied bill").
double implied_usd(const UsageRecord& r, const ApiPrice& p) {
  const double in =
      r.batch ? p.batch_input_usd_per_1m.value_or(p.input_usd_per_1m) : p.input_usd_per_1m;
  const double out =
      r.batch ? p.batch_output_usd_per_1m.value_or(p.output_usd_per_1m) : p.output_usd_per_1m;
  const double ratio = p.input_usd_per_1m > 0 ? in / p.input_usd_per_1m : 1;
  const double cached = p.cached_input_usd_per_1m.value_or(p.input_usd_per_1m) * ratio;
  const double write = p.cache_write_input_usd_per_1m.value_or(p.input_usd_per_1m) * ratio;
  const double write_1h = p.input_usd_per_1m * kOneHourWriteMultiplier * ratio;
  const double usd = r.uncached_input_tokens * in + r.cached_input_tokens * cached +
                     (r.cache_write_input_tokens - r.cache_write_1h_input_tokens) * write +
                     r.cache_write_1h_input_tokens * write_1h + r.output_tokens * out;
  return usd / kTokensPerMillion;
}

struct Window {
  std::int64_t start_s = 0;
  std::int64_t end_s = 0;
  double days() const { return static_cast<double>(end_s - start_s) / kSecondsPerDay; }
};

// From the first bucket's start to the last one's end; per-request rows widen it to
// whole UTC days.
Window usage_window(const std::vector<const UsageRecord*>& records) {
  Window w{records.front()->start_s, records.front()->end_s};
  for (const UsageRecord* r : records) {
    std::int64_t start = r->start_s;
    std::int64_t end = r->end_s;
    if (r->per_request) {
      start = start / kDay * kDay;
      end = (end / kDay + 1) * kDay;
    }
    w.start_s = std::min(w.start_s, start);
    w.end_s = std::max(w.end_s, end);
  }
  return w;
}

FigureInput in(std::string name, double value, std::string unit) {
  return {std::move(name), value, std::move(unit)};
}

Figure fig(std::string id, std::string label, double value, std::string unit, std::string formula,
           std::vector<FigureInput> inputs) {
  return physics_figure(std::move(id), std::move(label), value, std::move(unit), std::move(formula),
                        std::move(inputs), kSource);
}

struct Fit {
  double monthly_growth = 0;
  double r2 = 0;
  int days = 0;
};

// Least squares of ln(y) on the day index, over the days with y > 0.
std::optional<Fit> fit_growth(const std::vector<double>& daily) {
  std::vector<std::pair<double, double>> xy;
  for (std::size_t i = 0; i < daily.size(); ++i) {
    if (daily[i] > 0) xy.emplace_back(static_cast<double>(i), std::log(daily[i]));
  }
  if (xy.size() < static_cast<std::size_t>(kMinFitDays)) return std::nullopt;
  const double n = static_cast<double>(xy.size());
  double sx = 0, sy = 0;
  for (const auto& [x, y] : xy) sx += x, sy += y;
  const double mx = sx / n, my = sy / n;
  double sxx = 0, sxy = 0, syy = 0;
  for (const auto& [x, y] : xy) {
    sxx += (x - mx) * (x - mx);
    sxy += (x - mx) * (y - my);
    syy += (y - my) * (y - my);
  }
  const double slope = sxy / sxx;
  const double r2 = syy > 0 ? sxy * sxy / (sxx * syy) : 1;
  return Fit{std::exp(slope * kDaysPerMonth) - 1, r2, static_cast<int>(xy.size())};
}

// The sum of `value` over the records starting in each whole UTC day of the window.
template <typename Value>
std::vector<double> whole_days(const Window& w, const std::vector<const UsageRecord*>& records,
                               Value value) {
  const std::int64_t first = (w.start_s + kDay - 1) / kDay;
  const std::int64_t last = w.end_s / kDay;  // exclusive
  std::vector<double> daily(static_cast<std::size_t>(std::max<std::int64_t>(0, last - first)), 0);
  for (const UsageRecord* r : records) {
    const std::int64_t day = r->start_s / kDay;
    if (day >= first && day < last) daily[static_cast<std::size_t>(day - first)] += value(*r);
  }
  return daily;
}

void add_fit(std::vector<Figure>& figures, const std::optional<Fit>& fit, const char* what,
             const std::string& prefix) {
  const std::string series = fmt::format("daily {}", what);
  const std::string whose = prefix.empty() ? "" : ", costs export's spend";
  figures.push_back(fig(prefix + "monthly_growth", "Monthly growth (fitted" + whose + ")",
                        fit->monthly_growth, "fraction/month",
                        "exp(slope x days_per_month) - 1, slope of the least-squares line of "
                        "ln(" +
                            series + ") on the day",
                        {in("fit_days", fit->days, "days"), unit_input(UnitInput::kMonthDays)}));
  figures.push_back(fig(prefix + "growth_r2", "Growth fit R squared" + whose, fit->r2, "fraction",
                        "r(day, ln(" + series + "))^2", {in("fit_days", fit->days, "days")}));
  figures.push_back(fig(prefix + "growth_fit_days", "Days in the growth fit" + whose, fit->days,
                        "days", "whole UTC days with " + series + " > 0", {}));
}

double percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  const auto rank =
      static_cast<std::size_t>(std::ceil(p / 100 * static_cast<double>(values.size())));
  return values[std::max<std::size_t>(rank, 1) - 1];
}

std::pair<double, double> mean_cv(const std::vector<double>& values) {
  double sum = 0;
  for (double v : values) sum += v;
  const double n = static_cast<double>(values.size());
  const double mean = sum / n;
  double ss = 0;
  for (double v : values) ss += (v - mean) * (v - mean);
  const double sd = std::sqrt(ss / n);
  return {mean, mean > 0 ? sd / mean : 0};
}

struct Sums {
  double uncached = 0, cached = 0, write = 0, output = 0, batch = 0, tokens = 0;
  double requests = 0;
  bool requests_known = true;
  std::int64_t failed = 0, rows = 0, proxy_hits = 0;
  double implied = 0;   // over the priced records
  bool priced = false;  // some record has a catalog price
  std::optional<double> stated;
  double stated_priced = 0;     // the stated part of the priced models' records
  bool batch_unpriced = false;  // batch tokens of a model the catalog has no batch price for
};

void add_volume(UsageModelSummary& s, const Sums& t, const Window& w) {
  const double days = w.days();
  const double input = t.uncached + t.cached + t.write;
  auto& f = s.figures;
  f.push_back(fig("tokens", "Tokens in the window", t.tokens, "tokens",
                  "uncached_input_tokens + cached_input_tokens + cache_write_input_tokens + "
                  "output_tokens, each summed over the served records",
                  {in("uncached_input_tokens", t.uncached, "tokens"),
                   in("cached_input_tokens", t.cached, "tokens"),
                   in("cache_write_input_tokens", t.write, "tokens"),
                   in("output_tokens", t.output, "tokens")}));
  f.push_back(fig("tokens_per_day", "Tokens a day (mean)", t.tokens / days, "tokens/day",
                  "tokens / window_days",
                  {in("tokens", t.tokens, "tokens"), in("window_days", days, "days")}));
  if (t.tokens <= 0) return;
  f.push_back(fig("input_share", "Input share of tokens", input / t.tokens, "fraction",
                  "input_tokens / tokens",
                  {in("input_tokens", input, "tokens"), in("tokens", t.tokens, "tokens")}));
  if (input > 0) {
    f.push_back(
        fig("cached_input_share", "Cached input share", t.cached / input, "fraction",
            "cached_input_tokens / input_tokens",
            {in("cached_input_tokens", t.cached, "tokens"), in("input_tokens", input, "tokens")}));
    f.push_back(fig(
        "cache_write_share", "Cache-write input share", t.write / input, "fraction",
        "cache_write_input_tokens / input_tokens",
        {in("cache_write_input_tokens", t.write, "tokens"), in("input_tokens", input, "tokens")}));
  }
  f.push_back(fig("batch_share", "Batch share of tokens", t.batch / t.tokens, "fraction",
                  "batch_tokens / tokens",
                  {in("batch_tokens", t.batch, "tokens"), in("tokens", t.tokens, "tokens")}));
  if (!t.requests_known || t.requests <= 0) return;
  f.push_back(fig("requests_per_day", "Requests a day (mean)", t.requests / days, "requests/day",
                  "requests / window_days",
                  {in("requests", t.requests, "requests"), in("window_days", days, "days")}));
  f.push_back(fig("input_tokens_per_request", "Input tokens a request (mean)", input / t.requests,
                  "tokens", "input_tokens / requests",
                  {in("input_tokens", input, "tokens"), in("requests", t.requests, "requests")}));
  f.push_back(
      fig("output_tokens_per_request", "Output tokens a request (mean)", t.output / t.requests,
          "tokens", "output_tokens / requests",
          {in("output_tokens", t.output, "tokens"), in("requests", t.requests, "requests")}));
}

void add_lengths(UsageModelSummary& s, const std::vector<const UsageRecord*>& rows) {
  std::vector<double> input, output;
  for (const UsageRecord* r : rows) {
    if (!r->per_request || !served(*r)) continue;
    input.push_back(input_of(*r));
    output.push_back(r->output_tokens);
  }
  if (input.empty()) return;
  for (auto [name, values, cv] :
       {std::tuple{"input", &input, &s.input_cv}, std::tuple{"output", &output, &s.output_cv}}) {
    const std::string n = name;
    for (double p : {50.0, 90.0, 99.0}) {
      s.figures.push_back(
          fig(fmt::format("{}_tokens_p{}", n, p),
              fmt::format("{} tokens a request, P{}", n == "input" ? "Input" : "Output", p),
              percentile(*values, p), "tokens",
              fmt::format("nearest rank: the ceil({} / 100 x requests)-th smallest "
                          "{} length of the served rows",
                          p, n),
              {in("requests", static_cast<double>(values->size()), "requests")}));
    }
    const auto [mean, c] = mean_cv(*values);
    *cv = c;
    s.figures.push_back(
        fig(n + "_cv", n == "input" ? "Input length CV" : "Output length CV", c, "ratio",
            "population standard deviation / mean of the " + n + " lengths of the served rows",
            {in("mean", mean, "tokens"),
             in("requests", static_cast<double>(values->size()), "requests")}));
  }
}

void add_profile(UsageModelSummary& s, const std::vector<const UsageRecord*>& rows, double tokens) {
  if (tokens <= 0) return;
  for (const UsageRecord* r : rows) {
    if (!r->per_request && r->end_s - r->start_s > kHour) return;
  }
  for (const UsageRecord* r : rows) {
    if (served(*r)) s.hourly_share[(r->start_s % kDay) / kHour] += tokens_of(*r) / tokens;
  }
  s.has_hourly = true;
  const double peak = *std::max_element(s.hourly_share.begin(), s.hourly_share.end());
  s.figures.push_back(fig("peak_to_average", "Busiest UTC hour over the average hour",
                          peak * kHoursPerDay, "x", "max over hours of hour_share x 24",
                          {in("peak_hour_share", peak, "fraction")}));
}

// The busiest minute, from 1-minute buckets or per-request rows.
void add_busiest_minute(UsageModelSummary& s, const std::vector<const UsageRecord*>& rows,
                        std::vector<std::string>& notes) {
  std::map<std::int64_t, std::pair<double, double>> minutes;  // tokens, requests
  std::map<std::int64_t, std::pair<double, double>> hours;
  bool rows_only = true;
  for (const UsageRecord* r : rows) {
    if (!r->per_request && r->end_s - r->start_s != kMinute) {
      if (s.model == "total") {
        notes.push_back(
            "peak_minute_factor is left 0 (derived from arrivals): the buckets are "
            "wider than a minute, so the busiest minute is not measured");
      }
      return;
    }
    rows_only = rows_only && r->per_request;
  }
  for (const UsageRecord* r : rows) {
    if (!served(*r)) continue;
    const double req = static_cast<double>(r->requests.value_or(0));
    auto& m = minutes[r->start_s / kMinute];
    m.first += tokens_of(*r), m.second += req;
    auto& h = hours[r->start_s / kHour];
    h.first += tokens_of(*r), h.second += req;
  }
  if (minutes.empty()) return;
  const auto busiest = std::max_element(minutes.begin(), minutes.end(), [](auto& a, auto& b) {
    return a.second.first < b.second.first;
  });
  const auto& [hour_tokens, hour_requests] = hours[busiest->first * kMinute / kHour];
  s.figures.push_back(fig("busiest_minute_tokens_per_min", "Busiest minute, tokens",
                          busiest->second.first, "tokens/min",
                          "max over minutes of the tokens started in it", {}));
  s.figures.push_back(fig("busiest_minute_requests_per_min", "Busiest minute, requests",
                          busiest->second.second, "requests/min",
                          "requests started in the minute with the most tokens", {}));
  double busiest_hour_requests = 0;
  for (const auto& [hour, v] : hours)
    busiest_hour_requests = std::max(busiest_hour_requests, v.second);
  if (rows_only && busiest_hour_requests < kMinPeakHourRequests) {
    if (s.model != "total") return;
    notes.push_back(
        fmt::format("peak_minute_factor is left 0 (derived from arrivals): the busiest hour has {} "
                    "requests, fewer than the {} a minute's share is measured on",
                    format_number(busiest_hour_requests), format_number(kMinPeakHourRequests)));
    return;
  }
  const double factor = busiest->second.first / (hour_tokens / kMinutesPerHour);
  s.peak_minute_factor = factor;
  s.figures.push_back(fig("peak_minute_factor", "Busiest minute over its hour's average minute",
                          factor, "x", "busiest_minute_tokens / (hour_tokens / 60)",
                          {in("busiest_minute_tokens", busiest->second.first, "tokens"),
                           in("hour_tokens", hour_tokens, "tokens")}));
}

// "7 of 300 requests failed (2.33%): 429 RateLimitError x 7"; empty without failures.
std::string failures_note(const std::vector<const UsageRecord*>& rows) {
  std::map<std::string, int> by_error;
  std::int64_t failed = 0, all = 0;
  for (const UsageRecord* r : rows) {
    if (!r->per_request) continue;
    ++all;
    if (!r->failed) continue;
    ++failed;
    ++by_error[r->error.empty() ? "no error code" : r->error];
  }
  if (failed == 0) return "";
  std::string kinds;
  for (const auto& [error, count] : by_error) {
    kinds += fmt::format("{}{} x {}", kinds.empty() ? "" : ", ", error, count);
  }
  return fmt::format(
      "{} of {} requests failed ({}): {}; a 429 is the provider's rate limit", failed, all,
      format_quantity(static_cast<double>(failed) / static_cast<double>(all), "fraction"),
      escape_text(kinds));
}

void add_failures(UsageModelSummary& s, const Sums& t) {
  if (t.rows == 0) return;
  s.figures.push_back(fig("failed_requests", "Failed requests (LiteLLM status failure)",
                          static_cast<double>(t.failed), "requests", "rows with status failure",
                          {}));
  s.figures.push_back(fig("failure_share", "Failed share of requests",
                          static_cast<double>(t.failed) / static_cast<double>(t.rows), "fraction",
                          "failed_requests / rows",
                          {in("failed_requests", static_cast<double>(t.failed), "requests"),
                           in("rows", static_cast<double>(t.rows), "requests")}));
  if (t.proxy_hits > 0) {
    s.figures.push_back(fig("proxy_cache_hits", "Answered from LiteLLM's cache",
                            static_cast<double>(t.proxy_hits), "requests",
                            "rows with cache_hit True (not sent to the provider; left out of "
                            "tokens and the bill)",
                            {}));
  }
}

void add_bill(UsageModelSummary& s, const Sums& t, const Window& w,
              std::vector<std::string>& notes) {
  const double days = w.days();
  if (t.priced) {
    s.implied_usd = t.implied;
    s.figures.push_back(fig("implied_usd", "Bill at catalog prices, the window", t.implied, "USD",
                            "sum over priced records of tokens x catalog price (batch at batch "
                            "prices)",
                            {}));
    s.figures.push_back(fig("implied_usd_per_month", "Bill at catalog prices, a month",
                            t.implied / days * kDaysPerMonth, "USD/month",
                            "implied_usd / window_days x days_per_month",
                            {in("implied_usd", t.implied, "USD"), in("window_days", days, "days"),
                             unit_input(UnitInput::kMonthDays)}));
  }
  if (!t.stated) return;
  s.figures.push_back(fig("stated_usd", "Bill the export states, the same days", *t.stated, "USD",
                          "sum of the costs export's amounts and LiteLLM's spend over the window",
                          {}));
  if (!t.priced || t.stated_priced <= 0) return;
  double diff = (t.implied - t.stated_priced) / t.stated_priced;
  // Sums of the same amounts in another order differ in their last bits only.
  if (std::abs(diff) < 1e-12) diff = 0;
  s.figures.push_back(
      fig("bill_difference", "Implied over stated bill, minus 1", diff, "fraction",
          "implied_usd / stated_priced_usd - 1 (stated_priced_usd: the stated "
          "bill of the models the catalog prices)",
          {in("implied_usd", t.implied, "USD"), in("stated_priced_usd", t.stated_priced, "USD")}));
  if (std::abs(diff) > kBillDisagreementShare) {
    notes.push_back(fmt::format(
        "{}: the bill at catalog prices ({}) and the stated bill ({}) "
        "differ by {}, more than 5%",
        s.model, format_usd(t.implied), format_usd(t.stated_priced), format_percent(diff * 100)));
  }
}

Sums sum_records(const std::vector<const UsageRecord*>& rows, const ApiCatalog& prices,
                 std::vector<std::string>& unpriced) {
  Sums t;
  for (const UsageRecord* r : rows) {
    if (r->per_request) {
      ++t.rows;
      t.failed += r->failed;
      t.proxy_hits += r->proxy_cache_hit;
    }
    const ApiPrice* price = catalog_price(prices, r->model);
    if (r->stated_cost_usd) {
      t.stated = t.stated.value_or(0) + *r->stated_cost_usd;
      if (price) t.stated_priced += *r->stated_cost_usd;
    }
    if (!served(*r)) continue;
    t.uncached += r->uncached_input_tokens;
    t.cached += r->cached_input_tokens;
    t.write += r->cache_write_input_tokens;
    t.output += r->output_tokens;
    t.tokens += tokens_of(*r);
    if (r->batch) t.batch += tokens_of(*r);
    if (r->requests) {
      t.requests += static_cast<double>(*r->requests);
    } else {
      t.requests_known = false;
    }
    if (price) {
      t.implied += implied_usd(*r, *price);
      t.priced = true;
      t.batch_unpriced = t.batch_unpriced || (r->batch && !price->batch_input_usd_per_1m);
    } else {
      if (std::find(unpriced.begin(), unpriced.end(), r->model) == unpriced.end()) {
        unpriced.push_back(r->model);
      }
    }
  }
  return t;
}

UsageModelSummary summarize_group(const std::string& model,
                                  const std::vector<const UsageRecord*>& rows,
                                  const std::vector<UsageCostLine>& costs, const Window& w,
                                  const ApiCatalog& prices, std::vector<std::string>& notes,
                                  std::vector<std::string>& unpriced) {
  UsageModelSummary s;
  s.model = model;
  if (const ApiPrice* p = catalog_price(prices, model)) s.api_model = p->id;
  Sums t = sum_records(rows, prices, unpriced);
  for (const UsageCostLine& c : costs) {
    if (c.start_s >= w.start_s && c.end_s <= w.end_s && (model == "total" || c.model == model)) {
      t.stated = t.stated.value_or(0) + c.amount_usd;
      if (catalog_price(prices, c.model)) t.stated_priced += c.amount_usd;
    }
  }
  add_volume(s, t, w);
  add_lengths(s, rows);
  add_profile(s, rows, t.tokens);
  add_busiest_minute(s, rows, notes);
  add_failures(s, t);
  if (const auto fit = fit_growth(whole_days(
          w, rows, [](const UsageRecord& r) { return served(r) ? tokens_of(r) : 0.0; }))) {
    s.monthly_growth = fit->monthly_growth;
    add_fit(s.figures, fit, "tokens", "");
  }
  add_bill(s, t, w, notes);
  if (t.batch_unpriced && model != "total") {
    notes.push_back(
        fmt::format("{}: the catalog has no batch price; its batch tokens are priced "
                    "at list prices, an upper bound",
                    escape_text(model)));
  }
  return s;
}

// The Costs export alone: spend a day over its days, and its trend.
std::vector<Figure> costs_figures(const std::vector<UsageCostLine>& costs, bool fit_spend) {
  std::map<std::int64_t, double> daily;
  for (const UsageCostLine& c : costs) daily[c.start_s / kDay] += c.amount_usd;
  if (daily.empty()) return {};
  double total = 0;
  for (const auto& [day, usd] : daily) total += usd;
  const auto span = static_cast<double>(daily.rbegin()->first - daily.begin()->first + 1);
  std::vector<Figure> f;
  f.push_back(fig("costs_usd_per_day", "Costs export, spend a day (mean)", total / span, "USD/day",
                  "sum of amounts / days from the first bucket's day to the last's",
                  {in("costs_usd", total, "USD"), in("costs_days", span, "days")}));
  if (!fit_spend) return f;
  std::vector<double> series(static_cast<std::size_t>(span), 0);
  for (const auto& [day, usd] : daily)
    series[static_cast<std::size_t>(day - daily.begin()->first)] = usd;
  if (const auto fit = fit_growth(series)) add_fit(f, fit, "spend", "costs_");
  return f;
}

}  // namespace

const char* usage_format_name(UsageFormat format) {
  switch (format) {
    case UsageFormat::kOpenAiUsage:
      return "openai_usage";
    case UsageFormat::kOpenAiCosts:
      return "openai_costs";
    case UsageFormat::kAnthropicUsage:
      return "anthropic_usage";
    case UsageFormat::kLiteLlm:
      return "litellm";
  }
  return "";
}

UsageSummary summarize_usage(const UsageData& data, const ApiCatalog& prices) {
  UsageSummary summary;
  std::vector<const UsageRecord*> all;
  std::map<std::string, std::vector<const UsageRecord*>> by_model;
  for (const UsageRecord& r : data.records) {
    all.push_back(&r);
    by_model[r.model].push_back(&r);
  }
  bool token_fit = false;
  if (all.empty()) {
    summary.notes.push_back("the files hold no token usage");
  } else {
    const Window w = usage_window(all);
    summary.window_days = w.days();
    std::vector<std::string> unpriced;
    for (const auto& [model, rows] : by_model) {
      summary.models.push_back(
          summarize_group(model, rows, data.costs, w, prices, summary.notes, unpriced));
    }
    summary.total = summarize_group("total", all, data.costs, w, prices, summary.notes, unpriced);
    if (std::string note = failures_note(all); !note.empty()) {
      summary.notes.insert(summary.notes.begin(), std::move(note));
    }
    token_fit = summary.total.monthly_growth.has_value();
    if (!token_fit) {
      summary.notes.push_back(fmt::format(
          "the token data span {} day{}, fewer than the {} whole days a growth trend is "
          "fitted on: monthly growth is not fitted",
          format_number(w.days()), w.days() == 1 ? "" : "s", kMinFitDays));
    }
    for (const std::string& model : unpriced) {
      summary.notes.push_back(fmt::format(
          "{}: not in the API price catalog (self-hosted or not a chat model): listed with its "
          "volume and no implied bill; the total's implied bill leaves it out",
          model));
    }
  }
  summary.costs_figures = costs_figures(data.costs, !token_fit);
  if (!token_fit && find_figure(summary.costs_figures, "costs_monthly_growth")) {
    summary.notes.push_back("monthly growth is fitted on the costs export's daily spend");
  }
  std::stable_sort(summary.models.begin(), summary.models.end(), [](auto& a, auto& b) {
    return a.implied_usd.value_or(-1) > b.implied_usd.value_or(-1);
  });
  return summary;
}

const UsageModelSummary* find_usage_model(const UsageSummary& summary, const std::string& model) {
  const std::string key = ascii_lowercase(model);
  for (const UsageModelSummary& s : summary.models) {
    if (ascii_lowercase(s.model) == key ||
        (!s.api_model.empty() && ascii_lowercase(s.api_model) == key)) {
      return &s;
    }
  }
  return nullptr;
}

std::string default_usage_model(const UsageSummary& summary) {
  const UsageModelSummary* best = nullptr;
  for (const UsageModelSummary& s : summary.models) {
    if (s.implied_usd && (!best || *s.implied_usd > *best->implied_usd)) best = &s;
  }
  if (best) return best->model;
  double most = -1;
  for (const UsageModelSummary& s : summary.models) {
    const double tokens = find_figure(s.figures, "tokens")->value;
    if (tokens > most) most = tokens, best = &s;
  }
  return best ? best->model : "";
}

namespace {

// Sets the scenario field at `path` to `value`, refusing a value beyond its range
// (an export of 1e20 tokens a day) in the scenario's own words.
void set_usage_field(Scenario& scenario, const std::string& model, std::string_view path,
                     double value) {
  const ScenarioField* field = find_scenario_field(path);
  if (!field) return;  // a field this build's scenario does not have
  if (const auto problem = check_field_value(*field, value)) {
    throw InputError(fmt::format("{}: its usage gives {} = {}, which {}", model, path,
                                 format_bound(value), *problem));
  }
  set_field_number(scenario, *field, value);
}

}  // namespace

void apply_usage(const UsageSummary& summary, const std::string& model, Scenario& scenario) {
  const UsageModelSummary* s = find_usage_model(summary, model);
  if (!s) {
    std::string names;
    for (const UsageModelSummary& m : summary.models) {
      names += (names.empty() ? "" : ", ") + m.model;
    }
    throw InputError(fmt::format("--model: '{}' is not a model of the usage files (they have: {})",
                                 escape_text(model), escape_text(names)));
  }
  const std::string name = escape_text(s->model);
  auto set = [&](std::string_view path, double value) {
    set_usage_field(scenario, name, path, value);
  };
  // Figure id -> scenario path; a figure the export does not give leaves its field.
  constexpr std::pair<const char*, std::string_view> kFields[] = {
      {"tokens_per_day", "workload.tokens_per_day"},
      {"input_tokens_per_request", "workload.input_tokens_per_request"},
      {"output_tokens_per_request", "workload.output_tokens_per_request"},
      {"cached_input_share", "workload.cached_input_share"},
      {"cache_write_share", "workload.cache_write_share"},
      {"batch_share", "workload.batch_share"}};
  for (const auto& [id, path] : kFields) {
    const Figure* f = find_figure(s->figures, id);
    const bool volume = path == "workload.tokens_per_day" || path.ends_with("_per_request");
    if (f && (!volume || f->value > 0)) set(path, f->value);
  }
  // No request count (Anthropic's report): the scenario's request size stays, split
  // as the export splits its tokens, so that the bill keeps the measured mix.
  const Figure* input_share = find_figure(s->figures, "input_share");
  if (!find_figure(s->figures, "input_tokens_per_request") && input_share) {
    const WorkloadSpec& w = scenario.workload;
    const double total = w.input_tokens_per_request + w.output_tokens_per_request;
    set("workload.input_tokens_per_request", std::max(1.0, total * input_share->value));
    set("workload.output_tokens_per_request", std::max(1.0, total * (1 - input_share->value)));
  }
  if (find_figure(s->figures, "tokens_per_day")) {  // the one volume field
    scenario.workload.requests_per_day = 0;
    scenario.workload.words_per_day = 0;
    scenario.api.monthly_spend_usd = 0;
  }
  const Figure* r2 = find_figure(s->figures, "growth_r2");
  if (s->monthly_growth && r2 && r2->value >= kMinGrowthR2) {
    set("workload.monthly_growth", *s->monthly_growth);
  }
  if (s->has_hourly) {
    std::string profile;
    for (double share : s->hourly_share) {
      profile += fmt::format("{}{:.6g}", profile.empty() ? "" : ",", share);
    }
    const ScenarioField* field = find_scenario_field("workload.hourly_profile");
    if (field && !check_field_text(*field, profile)) {
      scenario.workload.hourly_profile = profile;
      scenario.workload.peak_to_average = 0;  // the profile's, derived (volume.h)
    }
  }
  if (s->peak_minute_factor) set("workload.peak_minute_factor", *s->peak_minute_factor);
  if (s->input_cv && s->output_cv) {
    scenario.workload.request_shape.input_length = "lognormal";
    scenario.workload.request_shape.output_length = "lognormal";
    set("workload.request_shape.input_cv", *s->input_cv);
    set("workload.request_shape.output_cv", *s->output_cv);
  }
  if (!s->api_model.empty()) scenario.api.model = s->api_model;
}

}  // namespace llmtco
