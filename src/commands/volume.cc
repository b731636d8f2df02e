#include "llmtco/volume.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "llmtco/error.h"
#include "llmtco/number_format.h"
#include "llmtco/resolve.h"
#include "llmtco/units.h"
#include "llmtco/verdict.h"

namespace llmtco {
namespace {

// One volume field's traffic as tokens a day, with its trace.
struct GivenVolume {
  std::string field;
  double value = 0;
  std::string unit;
  Figure figure;
};

Figure tokens_figure(std::string formula, std::vector<FigureInput> inputs, double tokens) {
  return physics_figure("volume_tokens_per_day", "traffic, input plus output tokens", tokens,
                        "tokens/day", std::move(formula), std::move(inputs),
                        "derived from the volume the scenario gives (docs/methodology.md, "
                        "\"Traffic volume\")");
}

GivenVolume from_requests(const WorkloadSpec& w) {
  const double per_request = w.input_tokens_per_request + w.output_tokens_per_request;
  return {
      "workload.requests_per_day", w.requests_per_day, "requests/day",
      tokens_figure("workload.requests_per_day x (workload.input_tokens_per_request + "
                    "workload.output_tokens_per_request)",
                    {{"workload.requests_per_day", w.requests_per_day, "requests/day"},
                     {"workload.input_tokens_per_request", w.input_tokens_per_request, "tokens"},
                     {"workload.output_tokens_per_request", w.output_tokens_per_request, "tokens"}},
                    w.requests_per_day * per_request)};
}

GivenVolume from_words(const WorkloadSpec& w) {
  return {"workload.words_per_day", w.words_per_day, "words/day",
          tokens_figure("workload.words_per_day x workload.tokens_per_word",
                        {{"workload.words_per_day", w.words_per_day, "words/day"},
                         {"workload.tokens_per_word", w.tokens_per_word, "tokens/word"}},
                        w.words_per_day * w.tokens_per_word)};
}

GivenVolume from_spend(const Catalogs& catalogs, const Scenario& s) {
  const double usd_per_1m = blended_usd_per_1m(api_offer(catalogs, s), s);
  const FigureInput days = unit_input(UnitInput::kMonthDays);
  const FigureInput million = unit_input(UnitInput::kMillionTokens);
  return {"api.monthly_spend_usd", s.api.monthly_spend_usd, "USD/month",
          tokens_figure("api.monthly_spend_usd / days_per_month / api_usd_per_1m_tokens x "
                        "tokens_per_million",
                        {{"api.monthly_spend_usd", s.api.monthly_spend_usd, "USD/month"},
                         days,
                         {"api_usd_per_1m_tokens", usd_per_1m, "USD/1M tokens"},
                         million},
                        s.api.monthly_spend_usd / days.value / usd_per_1m * million.value)};
}

std::string describe(const GivenVolume& v) {
  if (v.field == "workload.tokens_per_day") {
    return fmt::format("{} ({} tokens/day)", v.field, format_compact(v.value));
  }
  return fmt::format("{} ({} {} = {} tokens/day)", v.field, format_number(v.value), v.unit,
                     format_compact(v.figure.value));
}

std::vector<GivenVolume> given_volumes(const Catalogs& catalogs, const Scenario& s) {
  const WorkloadSpec& w = s.workload;
  std::vector<GivenVolume> given;
  if (w.tokens_per_day > 0) {
    given.push_back({"workload.tokens_per_day", w.tokens_per_day, "tokens/day", {}});
    given.back().figure.value = w.tokens_per_day;
  }
  if (w.requests_per_day > 0) given.push_back(from_requests(w));
  if (w.words_per_day > 0) given.push_back(from_words(w));
  if (s.api.monthly_spend_usd > 0) given.push_back(from_spend(catalogs, s));
  return given;
}

// Every pair of given volumes within kVolumeAgreementShare of each other.
void check_agreement(const std::vector<GivenVolume>& given) {
  for (std::size_t i = 1; i < given.size(); ++i) {
    const double a = given.front().figure.value, b = given[i].figure.value;
    if (std::abs(a - b) > kVolumeAgreementShare * std::max(a, b)) {
      throw InputError(fmt::format("{} and {} disagree: give one of them", describe(given.front()),
                                   describe(given[i])));
    }
  }
}

void check_range(const GivenVolume& v) {
  const double tokens = v.figure.value;
  if (!(tokens >= 1 && tokens <= kMaxTokensPerDay)) {
    throw InputError(
        fmt::format("{} gives {} tokens a day; workload.tokens_per_day must be between 1 and {}",
                    v.field, format_bound(tokens), format_bound(kMaxTokensPerDay)));
  }
}

// The profile's busiest hour over its mean; refuses a given peak_to_average that
// disagrees with it.
std::optional<Figure> profile_peak(const WorkloadSpec& w, double& peak_to_average) {
  if (w.hourly_profile.empty()) return std::nullopt;
  const std::array<double, 24> p = hourly_profile(w);
  const double peak = *std::max_element(p.begin(), p.end());
  peak_to_average = peak;
  return physics_figure(
      "profile_peak_to_average", "busiest hour over the day's average", peak, "x",
      "max(workload.hourly_profile) / mean(workload.hourly_profile)",
      {{"workload.hourly_profile (busiest hour's weight over the mean)", peak, "x"}},
      "the scenario's hourly profile");
}

}  // namespace

ResolvedVolume resolve_volume(const Catalogs& catalogs, const Scenario& scenario) {
  ResolvedVolume r{.scenario = scenario};
  WorkloadSpec& w = r.scenario.workload;
  const std::vector<GivenVolume> given = given_volumes(catalogs, scenario);
  if (given.empty()) {
    throw InputError(
        "workload: no volume given: set one of workload.tokens_per_day, "
        "workload.requests_per_day, workload.words_per_day or api.monthly_spend_usd");
  }
  for (const GivenVolume& v : given) check_range(v);
  check_agreement(given);
  const auto derived = std::find_if(given.begin(), given.end(), [](const GivenVolume& v) {
    return v.field != "workload.tokens_per_day";
  });
  if (derived != given.end()) {
    w.tokens_per_day = derived->figure.value;
    r.figures.push_back(derived->figure);
  }
  if (w.peak_minute_factor > 0 && w.peak_minute_factor < 1) {
    throw InputError(fmt::format(
        "workload.peak_minute_factor must be 0 (derived from the arrivals) or between 1 and 60 "
        "(got {})",
        format_number(w.peak_minute_factor)));
  }
  if (auto peak = profile_peak(w, w.peak_to_average)) r.figures.push_back(std::move(*peak));
  return r;
}

Scenario with_volume(const Catalogs& catalogs, const Scenario& scenario) {
  return resolve_volume(catalogs, scenario).scenario;
}

}  // namespace llmtco
