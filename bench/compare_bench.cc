// Speed of the compare pipeline: parsing the seed scenario, computing the
// article's figures, and rendering them. Results: bench/README.md.
#include <benchmark/benchmark.h>

#include "llmtco/article.h"
#include "llmtco/report.h"
#include "llmtco/scenario_file.h"

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

}  // namespace
