// The reports of `llmtco compare`, `plan` and `breakeven`: the verdict's numbers
// (verdict.h) as figures with their formulas, tables, charts and notes.
#pragma once
#ifndef LLMTCO_COMMANDS_LAYER
#error "a commands header: the core knows no command; only src/commands and the shells include it"
#endif

#include <cstddef>
#include <cstdint>

#include "llmtco/report.h"
#include "llmtco/scenario.h"
#include "llmtco/verdict.h"

namespace llmtco {

// The most deployments a plan report lists (`--top`, the server's options.top):
// more than any search yields, small enough to render at once.
inline constexpr std::size_t kMaxPlanRows = 100'000;

// The deployments that carry the scenario's peak within its latency target,
// cheapest first: a "plans" table with the JSON keys of the plan contract.
// `checks`: the shell's (flagged rows, today's date for stale prices).
Report plan_report(const Catalogs& catalogs, const Scenario& scenario, std::size_t top,
                   const PriceChecks& checks = {});

struct CompareSettings {
  bool article = true;          // the seed article's method
  bool physics = true;          // this tool's: real prices and the speed model
  std::size_t samples = 10000;  // Monte Carlo draws
  std::uint64_t seed = 42;
  double from_tokens_per_day = kBreakevenFromTokensPerDay;  // the break-even search
  double to_tokens_per_day = kBreakevenToTokensPerDay;
  PriceChecks checks;  // flagged rows, today's date for stale prices
};

// The methods `method` shows: article, physics, both, or auto (both for the seed
// article's decision, is_article_decision; else physics alone).
CompareSettings compare_settings(const std::string& method, const Scenario& scenario);

// Both methods side by side, then where the rules of thumb go wrong, the break-
// even ranges, the hybrid, the tornado and the Monte Carlo; the verdict first
// among the notes.
Report compare_report(const Catalogs& catalogs, const Scenario& scenario,
                      const CompareSettings& settings);

// The two cost curves over the range (log spaced), the ranges where owning is
// cheaper and the break-even volume in tokens, words and pages a day. Throws
// FieldError (from_tokens_per_day, to_tokens_per_day) unless 1 <= from < to <=
// kMaxTokensPerDay.
Report breakeven_report(const Catalogs& catalogs, const Scenario& scenario,
                        double from_tokens_per_day, double to_tokens_per_day,
                        const PriceChecks& checks = {});

}  // namespace llmtco
