#include "llmtco/rate_limits.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>

#include "llmtco/number_format.h"
#include "llmtco/verdict.h"

namespace llmtco {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool all_digits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Without a trailing date or snapshot: -2024-08-06, -20251001, -0125.
std::string without_date(std::string id) {
  const auto dash = [&](std::size_t from_end) {
    return id.size() > from_end && id[id.size() - from_end - 1] == '-';
  };
  const std::string_view view = id;
  if (id.size() > 11 && dash(10) && all_digits(view.substr(id.size() - 10, 4)) &&
      view[id.size() - 6] == '-' && all_digits(view.substr(id.size() - 5, 2)) &&
      view[id.size() - 3] == '-' && all_digits(view.substr(id.size() - 2))) {
    return id.substr(0, id.size() - 11);
  }
  for (const std::size_t digits : {std::size_t{8}, std::size_t{4}}) {
    if (dash(digits) && all_digits(view.substr(id.size() - digits))) {
      return id.substr(0, id.size() - digits - 1);
    }
  }
  return id;
}

// The row's model before any " (...)", and what the parentheses say.
std::string row_base(const std::string& model) {
  const std::size_t open = model.find(" (");
  return open == std::string::npos ? model : model.substr(0, open);
}

std::string row_note(const std::string& model) {
  const std::size_t open = model.find(" (");
  const std::size_t close = model.rfind(')');
  if (open == std::string::npos || close == std::string::npos || close < open) return "";
  return model.substr(open + 2, close - open - 2);
}

// A long-context row's threshold: "gpt-4.1 (long context >128k input)" -> 128,000.
std::optional<double> long_context_above(const std::string& model) {
  constexpr std::string_view kMark = "long context >";
  const std::string note = row_note(model);
  const std::size_t at = note.find(kMark);
  if (at == std::string::npos) return std::nullopt;
  std::size_t end = at + kMark.size();
  std::string digits;
  while (end < note.size() && note[end] >= '0' && note[end] <= '9') digits += note[end++];
  if (digits.empty()) return std::nullopt;
  constexpr double kTokensPerK = 1000;
  const bool thousands = end < note.size() && note[end] == 'k';
  return std::stod(digits) * (thousands ? kTokensPerK : 1);
}

// An Anthropic key's family and version: "claude-sonnet-4-6" -> ("sonnet", "4.6"),
// "claude-3-5-haiku" -> ("haiku", "3.5"), "claude-opus-4" -> ("opus", "4").
struct ClaudeName {
  std::string family;
  std::string version;
};

ClaudeName claude_name(const std::string& id) {
  ClaudeName name;
  std::size_t from = 0;
  while (from <= id.size()) {
    const std::size_t dash = std::min(id.find('-', from), id.size());
    const std::string part = id.substr(from, dash - from);
    if (part == "opus" || part == "sonnet" || part == "haiku") {
      name.family = part;
    } else if (all_digits(part) && part.size() <= 2) {
      name.version += (name.version.empty() ? "" : ".") + part;
    }
    from = dash + 1;
  }
  return name;
}

// Does the class row ("Claude Sonnet 4.x (Sonnet 4.6, 4.5, 4 combined)", "Claude
// Haiku 4.5") cover this family and version?
bool claude_row_covers(const std::string& row_model, const ClaudeName& name) {
  const std::string base = lower(row_base(row_model));
  const std::string prefix = "claude " + name.family + " ";
  if (name.family.empty() || !base.starts_with(prefix)) return false;
  const std::string version = base.substr(prefix.size());
  if (!version.ends_with(".x")) return version == name.version;
  // The versions the class lists: the numbers in its parentheses.
  const std::string note = lower(row_note(row_model));
  std::size_t at = 0;
  while (at < note.size()) {
    if (note[at] >= '0' && note[at] <= '9') {
      std::size_t end = at;
      while (end < note.size() && ((note[end] >= '0' && note[end] <= '9') || note[end] == '.')) {
        ++end;
      }
      if (note.substr(at, end - at) == name.version) return true;
      at = end;
    } else {
      ++at;
    }
  }
  return false;
}

struct KeyParts {
  std::string provider;  // "" when the prefix names another host
  std::string id;        // without prefix, "ft:" and date
  std::vector<std::string> assumptions;
};

KeyParts key_parts(const std::string& key) {
  KeyParts k{.id = lower(key)};
  if (const std::size_t slash = k.id.find('/'); slash != std::string::npos) {
    const std::string host = k.id.substr(0, slash);
    k.id = k.id.substr(slash + 1);
    k.provider = host == "openai"      ? "openai"
                 : host == "anthropic" ? "anthropic"
                 : host == "gemini"    ? "google"
                                       : "";
    if (k.provider.empty()) return k;
  }
  if (k.id.starts_with("ft:")) {
    k.id = k.id.substr(3);
    k.id = k.id.substr(0, k.id.find(':'));  // ft:BASE:ORG:NAME:ID
    k.assumptions.push_back(fmt::format(
        "{} is a fine-tune: assumed to have the limits of its base model (OpenAI's model "
        "pages list none for fine-tunes)",
        key));
  }
  k.id = without_date(k.id);
  if (k.id.ends_with("-latest")) k.id = k.id.substr(0, k.id.size() - 7);
  if (k.provider.empty()) {
    k.provider = k.id.starts_with("claude")   ? "anthropic"
                 : k.id.starts_with("gemini") ? "google"
                                              : "openai";
  }
  return k;
}

void keep_tiers(RateLimitMatch& m, const RateLimitCatalog& catalog, auto&& matches) {
  for (const RateLimitRow& row : catalog.rows) {
    if (row.provider != m.provider || row.model == "*" || !matches(row)) continue;
    if (m.model.empty()) m.model = row.model;
    if (row.model == m.model) m.tiers.push_back(row);
  }
}

}  // namespace

RateLimitMatch match_rate_limits(const RateLimitCatalog& catalog, const std::string& key,
                                 double input_tokens_per_request) {
  KeyParts parts = key_parts(key);
  RateLimitMatch m{.key = key, .provider = parts.provider};
  m.assumptions = std::move(parts.assumptions);
  if (m.provider.empty()) return m;
  if (m.provider == "anthropic") {
    const ClaudeName name = claude_name(parts.id);
    keep_tiers(m, catalog, [&](const RateLimitRow& r) { return claude_row_covers(r.model, name); });
  } else {
    // The long-context rows where the requests are above their threshold, else the
    // standard rows.
    const auto base_is = [&](const RateLimitRow& r) {
      return lower(row_base(r.model)) == parts.id;
    };
    keep_tiers(m, catalog, [&](const RateLimitRow& r) {
      const auto above = long_context_above(r.model);
      return base_is(r) && above && input_tokens_per_request > *above;
    });
    if (m.tiers.empty()) {
      keep_tiers(m, catalog,
                 [&](const RateLimitRow& r) { return base_is(r) && row_note(r.model).empty(); });
    }
    m.long_context = !m.model.empty() && long_context_above(m.model).has_value();
  }
  m.counts_cache_reads = lower(m.model).find("cache reads count") != std::string::npos;
  // A provider's tier-level rows ("*") for tiers the model's rows do not name
  // (Anthropic's Monthly Invoicing: limits by contract).
  if (!m.tiers.empty()) {
    for (const RateLimitRow& row : catalog.rows) {
      const bool named = std::any_of(m.tiers.begin(), m.tiers.end(),
                                     [&](const RateLimitRow& t) { return t.tier == row.tier; });
      if (row.provider == m.provider && row.model == "*" && !named) m.tiers.push_back(row);
    }
  }
  return m;
}

PeakMinute peak_minute(const Scenario& s, const std::array<double, 24>& profile) {
  const WorkloadSpec& w = s.workload;
  PeakMinute p;
  const double interactive = 1 - w.batch_share;
  p.mean_requests_per_min = w.tokens_per_day * interactive / tokens_per_request(s) / kMinutesPerDay;
  p.peak_over_mean = *std::max_element(profile.begin(), profile.end());
  p.hour_requests_per_min = p.mean_requests_per_min * p.peak_over_mean;
  p.arrivals_cv = w.request_shape.arrivals == "gamma" ? w.request_shape.burstiness_cv : 1.0;
  const double given = w.peak_minute_factor;
  p.burst_given = given > 0;
  if (p.burst_given) {
    p.burst_factor = given;
  } else if (p.hour_requests_per_min > 0) {
    // A renewal process's count in a window has variance ~ λ c²: the busiest of 60
    // minutes is about λ + z c √λ.
    p.burst_factor = 1 + kBusiestOf60MinutesZ * p.arrivals_cv / std::sqrt(p.hour_requests_per_min);
  }
  p.requests_per_min = p.hour_requests_per_min * p.burst_factor;
  p.input_tokens_per_min = p.requests_per_min * w.input_tokens_per_request;
  p.uncached_input_tokens_per_min = p.input_tokens_per_min * (1 - w.cached_input_share);
  p.output_tokens_per_min = p.requests_per_min * w.output_tokens_per_request;
  p.requests_per_day = w.tokens_per_day * interactive / tokens_per_request(s);
  p.batch_input_tokens_per_day =
      w.tokens_per_day * w.batch_share * w.input_tokens_per_request / tokens_per_request(s);
  return p;
}

const char* rate_limit_name(RateLimitKind kind) {
  switch (kind) {
    case RateLimitKind::kRpm:
      return "RPM";
    case RateLimitKind::kTpm:
      return "TPM";
    case RateLimitKind::kItpm:
      return "ITPM";
    case RateLimitKind::kOtpm:
      return "OTPM";
    case RateLimitKind::kRpd:
      return "RPD";
    case RateLimitKind::kBatchQueue:
      return "batch queue";
  }
  return "";
}

double counted_demand(const RateLimitMatch& m, const PeakMinute& p, RateLimitKind kind) {
  switch (kind) {
    case RateLimitKind::kRpm:
      return p.requests_per_min;
    case RateLimitKind::kTpm:
      return m.provider == "google" ? p.input_tokens_per_min
                                    : p.input_tokens_per_min + p.output_tokens_per_min;
    case RateLimitKind::kItpm:
      return m.counts_cache_reads ? p.input_tokens_per_min : p.uncached_input_tokens_per_min;
    case RateLimitKind::kOtpm:
      return p.output_tokens_per_min;
    case RateLimitKind::kRpd:
      return p.requests_per_day;
    case RateLimitKind::kBatchQueue:
      return p.batch_input_tokens_per_day;
  }
  return 0;
}

namespace {

TierFit fit_tier(const RateLimitMatch& m, const PeakMinute& p, const RateLimitRow& row,
                 double tokens_per_day, double bill_usd_per_month) {
  TierFit t{.row = row};
  const std::pair<RateLimitKind, std::optional<double>> limits[] = {
      {RateLimitKind::kRpm, row.requests_per_min},
      {RateLimitKind::kTpm, row.tokens_per_min},
      {RateLimitKind::kItpm, row.input_tokens_per_min},
      {RateLimitKind::kOtpm, row.output_tokens_per_min},
      {RateLimitKind::kRpd, row.requests_per_day},
      {RateLimitKind::kBatchQueue, row.batch_queue_tokens}};
  for (const auto& [kind, limit] : limits) {
    if (!limit) continue;
    const double demand = counted_demand(m, p, kind);
    t.uses.push_back({.kind = kind, .limit = *limit, .demand = demand, .share = demand / *limit});
  }
  t.published = !t.uses.empty();
  if (t.published) {
    const auto largest =
        std::max_element(t.uses.begin(), t.uses.end(),
                         [](const LimitUse& a, const LimitUse& b) { return a.share < b.share; });
    t.binding = static_cast<std::size_t>(largest - t.uses.begin());
    t.carries_limits = largest->share <= 1;
    if (largest->share > 0) t.stops_carrying_tokens_per_day = tokens_per_day / largest->share;
  }
  t.within_cap = !row.monthly_cap_usd || bill_usd_per_month <= *row.monthly_cap_usd;
  t.carries = t.carries_limits && t.within_cap;
  // The bill grows with the volume too: the cap stops the tier at cap / bill x today.
  if (row.monthly_cap_usd && bill_usd_per_month > 0 && t.stops_carrying_tokens_per_day) {
    t.stops_carrying_tokens_per_day =
        std::min(*t.stops_carrying_tokens_per_day,
                 tokens_per_day * *row.monthly_cap_usd / bill_usd_per_month);
  }
  return t;
}

}  // namespace

RateLimitFit fit_rate_limits(const RateLimitCatalog& catalog, const Scenario& s,
                             const std::array<double, 24>& profile, double bill_usd_per_month) {
  RateLimitFit fit{
      .match = match_rate_limits(catalog, s.api.model, s.workload.input_tokens_per_request),
      .peak = peak_minute(s, profile),
      .bill_usd_per_month = bill_usd_per_month};
  for (const RateLimitRow& row : fit.match.tiers) {
    fit.tiers.push_back(
        fit_tier(fit.match, fit.peak, row, s.workload.tokens_per_day, bill_usd_per_month));
    if (!fit.lowest_carrying && fit.tiers.back().carries) {
      fit.lowest_carrying = fit.tiers.size() - 1;
    }
  }
  return fit;
}

namespace {

std::string qualification(const RateLimitRow& row) {
  const double usd = row.qualification_usd_paid.value_or(0);
  const double days = row.qualification_days.value_or(0);
  if (usd <= 0 && days <= 0) return "needs no payment";
  if (days <= 0) return fmt::format("needs {} paid", format_usd(usd));
  return fmt::format("needs {} paid and {} days", format_usd(usd), format_number(days));
}

std::string percent(double share) {
  return format_quantity(share, "fraction");
}

const TierFit* top_published(const RateLimitFit& fit) {
  const TierFit* top = nullptr;
  for (const TierFit& t : fit.tiers) {
    if (t.published) top = &t;
  }
  return top;
}

}  // namespace

std::string rate_limit_verdict(const RateLimitFit& fit) {
  if (fit.match.key.empty()) {
    return "none to check: api.model is empty (the scenario's own prices name no model)";
  }
  if (fit.tiers.empty() || !top_published(fit)) {
    return fmt::format(
        "no published limits for {} in the rate-limit catalog: check the provider's console "
        "before relying on the API at this volume",
        fit.match.key);
  }
  if (fit.lowest_carrying) {
    const TierFit& t = fit.tiers[*fit.lowest_carrying];
    const LimitUse& use = t.uses[*t.binding];
    const std::string head = fmt::format("{} {}: {}", t.row.tier == "Free" ? "stay on" : "raise to",
                                         t.row.tier, qualification(t.row));
    const double cap_share =
        t.row.monthly_cap_usd ? fit.bill_usd_per_month / *t.row.monthly_cap_usd : 0;
    if (cap_share > use.share) {  // the spend cap is nearer than any rate limit
      return fmt::format("{}; your bill uses {} of its {} monthly cap (your peak {} of its {})",
                         head, percent(cap_share), format_usd(*t.row.monthly_cap_usd),
                         percent(use.share), rate_limit_name(use.kind));
    }
    return fmt::format("{}; your peak uses {} of its {}", head, percent(use.share),
                       rate_limit_name(use.kind));
  }
  // A tier that carries the limits but caps the month's spend below the bill.
  for (const TierFit& t : fit.tiers) {
    if (t.carries_limits && !t.within_cap) {
      const LimitUse& use = t.uses[*t.binding];
      return fmt::format(
          "{} carries your peak ({} of its {}) but caps spend at {} a month; your bill is {}: "
          "ask the provider for a higher cap, spread across providers, or own",
          t.row.tier, percent(use.share), rate_limit_name(use.kind),
          format_usd(*t.row.monthly_cap_usd), format_usd(fit.bill_usd_per_month));
    }
  }
  const TierFit& top = *top_published(fit);
  const LimitUse& use = top.uses[*top.binding];
  const std::string unit = use.kind == RateLimitKind::kBatchQueue
                               ? " batch tokens queued"
                               : std::string(" ") + rate_limit_name(use.kind);
  return fmt::format(
      "no published tier carries your peak (needs {}{}, {} has {}): batch the deferrable share, "
      "spread across providers, or own",
      format_compact(use.demand), unit, top.row.tier, format_compact(use.limit));
}

}  // namespace llmtco
