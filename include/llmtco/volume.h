// The traffic's volume and daily shape as the scenario gives them: tokens a day
// from whichever of workload.tokens_per_day, requests_per_day, words_per_day or
// api.monthly_spend_usd is given (each traced as a figure), and peak_to_average
// from workload.hourly_profile when one is given.
#pragma once
#ifndef LLMTCO_COMMANDS_LAYER
#error "a commands header: the core knows no command; only src/commands and the shells include it"
#endif

#include <vector>

#include "llmtco/catalogs.h"
#include "llmtco/figure.h"
#include "llmtco/scenario.h"

namespace llmtco {

// Two volume fields that both give the traffic agree when their tokens a day are
// within this share of each other (a report's scenario as used, posted back,
// carries tokens_per_day beside the field it was derived from).
inline constexpr double kVolumeAgreementShare = 0.01;

struct ResolvedVolume {
  Scenario scenario;  // tokens_per_day and peak_to_average set
  // How tokens_per_day was derived (one figure a volume field given besides it),
  // and the profile's peak; empty when the scenario gives tokens_per_day alone.
  std::vector<Figure> figures;
};

// Throws InputError when no volume field is given, when two give volumes that
// disagree by more than kVolumeAgreementShare (naming both, with their tokens a
// day), when a derived volume is out of workload.tokens_per_day's range, when
// and when workload.peak_minute_factor is in (0, 1). A given hourly_profile sets
// peak_to_average (its busiest hour over its mean). monthly_spend_usd needs the API
// offer's prices (api_offer, resolve.h): its tokens are spend / (days_per_month x
// blended price per token).
ResolvedVolume resolve_volume(const Catalogs& catalogs, const Scenario& scenario);

// resolve_volume(...).scenario.
Scenario with_volume(const Catalogs& catalogs, const Scenario& scenario);

}  // namespace llmtco
