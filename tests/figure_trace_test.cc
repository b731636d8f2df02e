// Figure traces that cannot drift from the math (issue 13, item 4): in every figure
// the real reports print (compare of the seed scenario, plan, breakeven, memory in
// every mode, perf in every mode, finetune, simulate), the formula names only the figure's
// inputs (besides a few operator words, and other figures' ids as functions of a
// searched variable), and no unit constant the code takes from units.h is typed into
// it: a formula that needs one names it as an input ("hours_per_month") instead.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "llmtco/finetune_report.h"
#include "llmtco/memory_report.h"
#include "llmtco/perf_report.h"
#include "llmtco/scenario_file.h"
#include "llmtco/simulate_report.h"
#include "llmtco/units.h"
#include "llmtco/verdict_report.h"
#include "shipped.h"

namespace llmtco {
namespace {

// Words of a formula that are operators or functions, not names.
const std::set<std::string> kOperatorWords = {"x",     "min",   "max",        "argmin", "ceil",
                                              "floor", "ln",    "sqrt",       "mean",   "over",
                                              "in",    "where", "percentile", "sum"};

// The variables a search, a draw or a statistic runs over: a volume t, an owned
// count k, a Monte Carlo draw, a simulated request, a month of the growth view
// (and i, the months summed up to it). A figure searched over one
// names other figures as its functions, "api_usd_per_month(t)": such a name must
// be the id of a figure.
const std::set<std::string> kBoundVariables = {"t", "k", "draw", "request", "month", "i"};

// The unit constants of units.h; none may be typed into a formula as a number.
struct UnitConstant {
  const char* name;
  double value;
};
constexpr UnitConstant kUnitConstants[] = {
    {"kHoursPerDay", kHoursPerDay},
    {"kMonthsPerYear", kMonthsPerYear},
    {"kHoursPerYear", kHoursPerYear},
    {"kHoursPerMonth", kHoursPerMonth},
    {"kDaysPerMonth", kDaysPerMonth},
    {"kMinutesPerHour", kMinutesPerHour},
    {"kSecondsPerHour", kSecondsPerHour},
    {"kSecondsPerDay", kSecondsPerDay},
    {"kMsPerSecond", kMsPerSecond},
    {"kUsPerSecond", kUsPerSecond},
    {"kBitsPerByte", kBitsPerByte},
    {"kBytesPerGb", kBytesPerGb},
    {"kBytesPerTb", kBytesPerTb},
    {"kBytesPerGib", kBytesPerGib},
    {"kFlopsPerTflop", kFlopsPerTflop},
    {"kTokensPerThousand", kTokensPerThousand},
    {"kTokensPerMillion", kTokensPerMillion},
};

bool is_number(const std::string& token) {
  static const std::regex kNumber(R"(\d*\.?\d+(e[+-]?\d+)?)");
  return std::regex_match(token, kNumber);
}

// The unit constants `value` equals ("kUsPerSecond or kTokensPerMillion"; 730 / 24
// to four significant digits), or "".
std::string unit_constant(double value) {
  std::string names;
  for (const UnitConstant& c : kUnitConstants) {
    if (std::fabs(value - c.value) > 1e-4 * c.value) continue;
    names += (names.empty() ? "" : " or ") + std::string(c.name);
  }
  return names;
}

// What is wrong with one figure's trace, one line per fault; empty when nothing is.
// `figure_ids`: the ids a formula may name as functions of a bound variable.
std::vector<std::string> trace_faults(const Figure& f, const std::set<std::string>& figure_ids) {
  std::set<std::string> inputs;
  for (const FigureInput& in : f.inputs) inputs.insert(in.name);
  std::vector<std::string> faults;
  // Names: runs of letters, digits, '_' and '.', less a trailing '.'.
  static const std::regex kToken(R"([A-Za-z0-9_.]+)");
  for (auto it = std::sregex_iterator(f.formula.begin(), f.formula.end(), kToken);
       it != std::sregex_iterator(); ++it) {
    std::string token = it->str();
    while (token.ends_with('.')) token.pop_back();
    if (token.empty()) continue;
    // A function of a bound variable: "api_usd_per_month(t)".
    const std::string after = it->suffix().str();
    const bool curve =
        std::any_of(kBoundVariables.begin(), kBoundVariables.end(),
                    [&](const std::string& v) { return after.starts_with("(" + v + ")"); });
    if (curve) {
      if (!figure_ids.contains(token)) {
        faults.push_back("names '" + token + "' as a function, which is no figure");
      }
      continue;
    }
    if (is_number(token)) {
      if (const std::string constant = unit_constant(std::stod(token)); !constant.empty()) {
        faults.push_back("types " + token + " (" + constant + ") into the formula");
      }
      continue;
    }
    if (!inputs.contains(token) && !kOperatorWords.contains(token) &&
        !kBoundVariables.contains(token)) {
      faults.push_back("names '" + token + "', which is not an input");
    }
  }
  // Powers: 2^30 is kBytesPerGib.
  static const std::regex kPower(R"((\d+)\s*\^\s*(\d+))");
  for (auto it = std::sregex_iterator(f.formula.begin(), f.formula.end(), kPower);
       it != std::sregex_iterator(); ++it) {
    const double value = std::pow(std::stod((*it)[1].str()), std::stod((*it)[2].str()));
    if (const std::string constant = unit_constant(value); !constant.empty()) {
      faults.push_back("types " + it->str() + " (" + constant + ") into the formula");
    }
  }
  return faults;
}

// Every figure of the real reports, each mode that prints a formula of its own.
std::vector<Figure> every_figure() {
  std::vector<Figure> all;
  auto add = [&](const Report& r) { all.insert(all.end(), r.figures.begin(), r.figures.end()); };
  const Scenario seed =
      load_scenario_file(std::string(LLMTCO_SOURCE_DIR) + "/" + std::string(kSeedScenarioPath));
  add(compare_report(shipped(), seed, {.samples = 100}));
  // Fine-tuning and growth on, so that every cost line and months_to_breakeven appear.
  Scenario tuned = seed;
  tuned.fine_tune.dataset_tokens = 20e6;
  tuned.workload.monthly_growth = 0.1;
  add(compare_report(shipped(), tuned, {.samples = 100}));
  // An API with a long-context tier, below its threshold and above it.
  Scenario tiered = seed;
  tiered.api.model = "claude-sonnet-4-20250514";
  add(compare_report(shipped(), tiered, {.samples = 100}));
  tiered.workload.input_tokens_per_request = 300'000;
  add(compare_report(shipped(), tiered, {.samples = 100}));
  // Spot at a volume where it decides the verdict: the reclaims' figures.
  Scenario spot = seed;
  spot.self_host.pricing = "spot";
  spot.workload.tokens_per_day = 1e9;
  add(compare_report(shipped(), spot, {.samples = 100}));
  add(plan_report(shipped(), seed, 3));
  add(breakeven_report(shipped(), seed, kBreakevenFromTokensPerDay, kBreakevenToTokensPerDay));
  for (const char* mode : {"serve", "full", "lora", "qlora"}) {
    add(memory_report(shipped(), {.model = "meta-llama/Llama-2-70b-hf", .mode = mode}));
  }
  add(perf_report(shipped(), {.model = "llama-3.1-70b", .gpu = "h100-sxm", .tp = 4}));  // offline
  add(perf_report(shipped(), {.model = "llama-2-7b", .gpu = "a100-80gb-sxm", .rate_per_s = 2.0}));
  add(perf_report(shipped(), {.model = "llama-2-7b", .gpu = "a100-80gb-sxm", .batch = 8}));
  for (const char* method : {"full", "lora", "qlora"}) {
    add(finetune_report(shipped(),
                        {.model = "llama-3.1-8b", .dataset_tokens = 1e8, .method = method}));
  }
  // The simulator's report at a percentile and at the mean, with a warm-up.
  for (const char* percentile : {"95", "mean"}) {
    add(simulate_report(shipped(), {.model = "llama-3.1-8b",
                                    .gpu = "h100-sxm",
                                    .rate_per_s = 5.0,
                                    .requests = 200,
                                    .warmup_requests = 20,
                                    .percentile = percentile}));
  }
  return all;
}

std::set<std::string> ids_of(const std::vector<Figure>& figures) {
  std::set<std::string> ids;
  for (const Figure& f : figures) ids.insert(f.id);
  return ids;
}

TEST(FigureTrace, TheReportsPrintEveryKindOfFigure) {
  const std::set<std::string> ids = ids_of(every_figure());
  for (const char* id :
       {"weights_memory_gb", "api_usd_per_month", "selfhost_usd_per_month", "months_to_breakeven",
        "plan_usd_per_month", "breakeven_tokens_per_day", "kv_cache_tokens", "optimizer_states_gb",
        "ttft_ms", "tpot_ms", "finetune_hours", "api_finetune_usd_per_month",
        "selfhost_spot_fallback_usd_per_month"}) {
    EXPECT_TRUE(ids.contains(id)) << id;
  }
}

TEST(FigureTrace, FormulasNameOnlyTheirInputsAndTypeNoUnitConstant) {
  const std::vector<Figure> figures = every_figure();
  const std::set<std::string> ids = ids_of(figures);
  for (const Figure& f : figures) {
    for (const std::string& fault : trace_faults(f, ids)) {
      ADD_FAILURE() << f.id << " (" << f.method << "): " << fault << "\n  formula: " << f.formula;
    }
  }
}

// The check itself can fail: each kind of fault is caught.
TEST(FigureTrace, CatchesEachKindOfFault) {
  const Figure good = physics_figure(
      "staff_usd_per_month", "", 1, "USD/month", "ceil(staff_usd_per_year / months_per_year) x 1.5",
      {{"staff_usd_per_year", 12, "USD/year"}, {"months_per_year", kMonthsPerYear, "months/year"}},
      "");
  const std::set<std::string> ids = {"api_usd_per_month"};
  EXPECT_EQ(trace_faults(good, ids), std::vector<std::string>{});
  Figure typed = good;
  typed.formula = "staff_usd_per_year / 12 + 2^30 x 730 / 24";
  EXPECT_EQ(trace_faults(typed, ids),
            (std::vector<std::string>{"types 12 (kMonthsPerYear) into the formula",
                                      "types 730 (kHoursPerMonth) into the formula",
                                      "types 24 (kHoursPerDay) into the formula",
                                      "types 2^30 (kBytesPerGib) into the formula"}));
  Figure unnamed = good;
  unnamed.formula = "staff cost / months_per_year";
  EXPECT_EQ(trace_faults(unnamed, ids),
            (std::vector<std::string>{"names 'staff', which is not an input",
                                      "names 'cost', which is not an input"}));
  Figure search = good;
  search.formula = "min t where api_usd_per_month(t) < own_usd_per_month(t) + months_per_year";
  EXPECT_EQ(
      trace_faults(search, ids),
      std::vector<std::string>{"names 'own_usd_per_month' as a function, which is no figure"});
}

}  // namespace
}  // namespace llmtco
