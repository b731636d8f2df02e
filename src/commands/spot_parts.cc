// Spot that gets reclaimed in the compare report (spot.h): the rate used, the
// spares the hours keep, the API's fallback, and the verdict's risk sentence.
#include <fmt/format.h>

#include <algorithm>
#include <string_view>

#include "llmtco/number_format.h"
#include "llmtco/units.h"
#include "verdict_parts.h"

namespace llmtco::detail {
namespace {

// Instances up a day, each hour's working plus its spares: sum_h (w_h + s_h).
double instance_hours_up_per_day(const OwnCost& own) {
  const OwnFleet& f = own.scaled_chosen ? *own.scaled : own.always_on;
  double sum = 0;
  for (std::size_t h = 0; h < 24; ++h) sum += f.hourly_working[h] + own.spot->hourly_spares[h];
  return sum;
}

// The hours' rule, the spares and fallback figures' source.
constexpr std::string_view kSpotRule =
    "docs/methodology.md, \"Spot that gets reclaimed\": in hour h, w_h working instances and "
    "the redundancy's r_h spares; D_h ~ Poisson((w_h + r_h) x reclaims per instance-hour x "
    "replace hours) are down at once; the spares s_h >= r_h minimise (s_h - r_h) x USD/hour + "
    "E[min(w_h, max(0, D_h - s_h))] / w_h x the hour's tokens x the API's blended price; "
    "extra_spare_instance_hours_per_day = sum_h (s_h - r_h); fallback_tokens_per_day = sum_h "
    "E[min(w_h, max(0, D_h - s_h))] / w_h x the hour's tokens";

FigureInput rate_input(const SpotCost& spot) {
  return {"selfhost_spot_reclaims_per_instance_hour", spot.reclaims_per_instance_hour,
          "reclaims/instance-hour"};
}

// The rate, reclaims a month and the replacements' start-up hours.
void add_reclaim_figures(const CostModel& m, const OwnCost& own, std::vector<Figure>& f) {
  const SpotCost& spot = *own.spot;
  const std::string name = spot.buyer_rate ? "self_host.spot.reclaims_per_instance_hour"
                                           : "cloud_reclaims_per_instance_hour";
  f.push_back(cost_figure("selfhost_spot_reclaims_per_instance_hour",
                          "Spot: reclaims per instance-hour", spot.reclaims_per_instance_hour,
                          "reclaims/instance-hour", name,
                          {{name, spot.reclaims_per_instance_hour, "reclaims/instance-hour"}}));
  f.back().source = spot.basis;
  const double up = instance_hours_up_per_day(own);
  f.push_back(cost_figure("selfhost_spot_reclaims_per_month", "Spot: reclaims a month",
                          spot.reclaims_per_month, "reclaims/month",
                          "instance_hours_up_per_day x selfhost_spot_reclaims_per_instance_hour x "
                          "days_per_month",
                          {{"instance_hours_up_per_day", up, "instance-hours/day"},
                           rate_input(spot),
                           unit_input(UnitInput::kMonthDays)}));
  f.push_back(cost_figure(
      "selfhost_spot_replace_instance_hours_per_month",
      "Spot: replacements starting (billed within the instances)",
      spot.replace_instance_hours_per_month, "instance-hours/month",
      "selfhost_spot_reclaims_per_month x self_host.spot.replace_minutes / minutes_per_hour",
      {{"selfhost_spot_reclaims_per_month", spot.reclaims_per_month, "reclaims/month"},
       {"self_host.spot.replace_minutes", m.scenario.self_host.spot.replace_minutes, "minutes"},
       {"minutes_per_hour", kMinutesPerHour, "minutes/hour"}}));
}

// The extra spares and the fallback's share, tokens and bill.
void add_fallback_figures(const CostModel& m, const OwnCost& own, std::vector<Figure>& f) {
  const SpotCost& spot = *own.spot;
  const Scenario& s = m.scenario;
  f.push_back(
      cost_figure("selfhost_spot_spares_usd_per_month", "Spot: spares beyond the redundancy",
                  spot.spares_usd_per_month, "USD/month",
                  "extra_spare_instance_hours_per_day x selfhost_usd_per_hour x days_per_month",
                  {{"extra_spare_instance_hours_per_day", spot.extra_spare_instance_hours_per_day,
                    "instance-hours/day"},
                   {"selfhost_usd_per_hour", own.option->usd_per_hour, "USD/hour"},
                   rate_input(spot),
                   {"self_host.spot.replace_minutes", s.self_host.spot.replace_minutes, "minutes"},
                   unit_input(UnitInput::kMonthDays)}));
  f.back().source = std::string(kSpotRule);
  const double tokens = s.workload.tokens_per_day;
  const double blended = blended_usd_per_1m(m.api, s);
  f.push_back(cost_figure(
      "selfhost_spot_fallback_share", "Spot: share of tokens the API serves", spot.fallback_share,
      "fraction", "fallback_tokens_per_day / workload.tokens_per_day",
      {{"fallback_tokens_per_day", spot.fallback_share * tokens, "tokens/day"},
       {"workload.tokens_per_day", tokens, "tokens/day"},
       rate_input(spot),
       {"self_host.spot.replace_minutes", s.self_host.spot.replace_minutes, "minutes"}}));
  f.back().source = std::string(kSpotRule);
  f.push_back(cost_figure("selfhost_spot_fallback_tokens_per_month",
                          "Spot: tokens the API serves a month", spot.fallback_tokens_per_month,
                          "tokens/month",
                          "selfhost_spot_fallback_share x workload.tokens_per_day x days_per_month",
                          {{"selfhost_spot_fallback_share", spot.fallback_share, "fraction"},
                           {"workload.tokens_per_day", s.workload.tokens_per_day, "tokens/day"},
                           unit_input(UnitInput::kMonthDays)}));
  f.push_back(cost_figure(
      "selfhost_spot_fallback_usd_per_month", "Spot: the API's fallback a month",
      spot.fallback_usd_per_month, "USD/month",
      "selfhost_spot_fallback_tokens_per_month x api_usd_per_1m_tokens / tokens_per_million",
      {{"selfhost_spot_fallback_tokens_per_month", spot.fallback_tokens_per_month, "tokens/month"},
       {"api_usd_per_1m_tokens", blended, "USD/1M tokens"},
       unit_input(UnitInput::kMillionTokens)}));
}

}  // namespace

std::vector<Figure> spot_figures(const CostModel& m, const OwnCost& own) {
  std::vector<Figure> f;
  if (!own.spot) return f;
  add_reclaim_figures(m, own, f);
  add_fallback_figures(m, own, f);
  return f;
}

std::string spot_note(const OwnCost& own) {
  if (!own.spot) return "";
  const SpotCost& spot = *own.spot;
  return fmt::format(
      "Spot instances are reclaimed: {} a month at {} per instance-hour ({}), each replaced in {} "
      "minutes (reclaims taken as independent: in truth they come together within a region, so "
      "the fallback may be larger in a bad hour). Spares beyond the redundancy cost {}/month; the "
      "API serves {}% of the tokens while more instances are down than there are spares, {}/month.",
      format_number(spot.reclaims_per_month), format_number(spot.reclaims_per_instance_hour),
      spot.basis, format_number(spot.replace_hours * kMinutesPerHour),
      format_usd(spot.spares_usd_per_month), format_number(spot.fallback_share * 100),
      format_usd(spot.fallback_usd_per_month));
}

std::string spot_risk_text(const Decision& d) {
  if (!spot_decides(d)) return "";
  const SpotCost& spot = *d.own.spot;
  const std::string on_demand =
      d.on_demand_own_usd_per_month
          ? fmt::format("at on-demand prices owning would cost {}/month, no cheaper than renting",
                        format_usd(*d.on_demand_own_usd_per_month))
          : std::string("at on-demand prices no instance meets the target");
  return fmt::format(
      " Spot decides it: {}. The saving rests on {} reclaims per instance-hour ({}{}) and the "
      "API serving {}% of the tokens while instances are replaced; reclaims that come together "
      "in a region cost more.",
      on_demand, format_number(spot.reclaims_per_instance_hour), spot.cloud,
      spot.buyer_rate ? ", the scenario's figure" : "'s default",
      format_number(spot.fallback_share * 100));
}

}  // namespace llmtco::detail
