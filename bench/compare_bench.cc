// Speed of the compare pipeline: parsing the seed scenario, computing the
// article's figures, the physics method's verdict, a full plan search and the
// Monte Carlo, and rendering them. Results: bench/README.md.
#include <benchmark/benchmark.h>

#include <string>

#include "llmtco/article.h"
#include "llmtco/builtin_catalogs.h"
#include "llmtco/render.h"
#include "llmtco/resolve.h"
#include "llmtco/scenario_file.h"
#include "llmtco/verdict.h"
#include "llmtco/verdict_report.h"

namespace {

void BM_ParseSeedScenario(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(llmtco::default_scenario());
}
BENCHMARK(BM_ParseSeedScenario);

void BM_ArticleFigures(benchmark::State& state) {
  const llmtco::Scenario scenario = llmtco::default_scenario();
  for (auto _ : state) benchmark::DoNotOptimize(llmtco::article_figures(scenario));
}
BENCHMARK(BM_ArticleFigures);

void BM_CompareToJson(benchmark::State& state) {
  for (auto _ : state) {
    const llmtco::Scenario scenario = llmtco::default_scenario();
    const llmtco::Report report{.command = "compare",
                                .title = scenario.name,
                                .scenario = scenario,
                                .figures = llmtco::article_figures(scenario)};
    benchmark::DoNotOptimize(llmtco::render_json(report));
  }
}
BENCHMARK(BM_CompareToJson);

// The default `compare`: both methods, the search, break-even, hybrid, tornado and
// 10,000 Monte Carlo draws, rendered as JSON.
void BM_CompareVerdictToJson(benchmark::State& state) {
  const llmtco::Scenario scenario = llmtco::default_scenario();
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        llmtco::render_json(llmtco::compare_report(llmtco::all_builtin_catalogs(), scenario, {})));
  }
  state.SetLabel("seed scenario, 10k Monte Carlo draws");
}
BENCHMARK(BM_CompareVerdictToJson)->Unit(benchmark::kMillisecond);

// A full plan search: every instance type of every cloud x TP x four weight formats,
// each deployment's capacity simulated (the seed scenario's p95).
void BM_PlanFullSearch(benchmark::State& state) {
  llmtco::Scenario scenario = llmtco::default_scenario();
  scenario.self_host.precision = "auto";
  scenario.self_host.clouds = "aws,azure,gcp,lambda,vast";
  for (auto _ : state)
    benchmark::DoNotOptimize(llmtco::plan_report(llmtco::all_builtin_catalogs(), scenario, 10));
  state.SetLabel("Llama-2-70B, 5 clouds, bf16/fp8/int8/int4");
}
BENCHMARK(BM_PlanFullSearch)->Unit(benchmark::kMillisecond)->UseRealTime();

// Issue 16's done-when plan: find_candidates and rank_plans alone, held to the
// 99th percentile (2,200 simulated requests a run), Poisson or bursty arrivals.
void BM_PlanSimulatedP99(benchmark::State& state) {
  llmtco::Scenario scenario = llmtco::default_scenario();
  scenario.self_host.model = "llama-3.1-70b";
  scenario.self_host.precision = "fp8";
  scenario.workload.tokens_per_day = 2e8;
  scenario.self_host.latency = {.percentile = 99, .ttft_ms = 1500, .tpot_ms = 40};
  if (state.range(0) > 1) {
    scenario.workload.request_shape.arrivals = "gamma";
    scenario.workload.request_shape.burstiness_cv = static_cast<double>(state.range(0));
  }
  const llmtco::Catalogs& catalogs = llmtco::all_builtin_catalogs();
  const llmtco::DeploymentSearch search = llmtco::deployment_search(catalogs, scenario);
  const double peak = llmtco::peak_requests_per_s(scenario);
  std::size_t options = 0;
  for (auto _ : state) {
    const llmtco::Candidates c = llmtco::find_candidates(catalogs, search);
    options = c.options.size();
    benchmark::DoNotOptimize(llmtco::rank_plans(search, c, peak, llmtco::Redundancy::kNPlus1, 10));
  }
  state.SetLabel("Llama-3.1-70B fp8, 4 clouds, burstiness " + std::to_string(state.range(0)) +
                 ", " + std::to_string(options) + " options");
}
BENCHMARK(BM_PlanSimulatedP99)->Arg(1)->Arg(3)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_MonteCarlo100k(benchmark::State& state) {
  const llmtco::CostModel model =
      llmtco::resolve_cost_model(llmtco::all_builtin_catalogs(), llmtco::default_scenario());
  for (auto _ : state) benchmark::DoNotOptimize(llmtco::monte_carlo(model, 100000, 42));
  state.SetLabel(std::to_string(model.frontier.size()) + " frontier options");
}
BENCHMARK(BM_MonteCarlo100k)->Unit(benchmark::kMillisecond);

}  // namespace
