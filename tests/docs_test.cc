// The docs keep up with the code: every scenario field is documented with its
// valid range, and every figure id has its formula in the methodology.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "llmtco/article.h"
#include "llmtco/catalogs.h"
#include "llmtco/finetune_memory.h"
#include "llmtco/finetune_plan.h"
#include "llmtco/instance_catalog.h"
#include "llmtco/memory.h"
#include "llmtco/model_catalog.h"
#include "llmtco/perf.h"
#include "llmtco/scenario.h"
#include "llmtco/simulate_report.h"
#include "llmtco/verdict_report.h"
#include "shipped.h"

namespace llmtco {
namespace {

std::string read_doc(const std::string& name) {
  std::ifstream in(std::string(LLMTCO_SOURCE_DIR) + "/docs/" + name);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(Docs, CompareDocumentsEveryFieldWithItsUnitAndRange) {
  const std::string doc = read_doc("compare.md");
  for (const ScenarioField& field : scenario_fields()) {
    const std::string row_start = "| `" + std::string(field.path) + "` | ";
    const std::size_t at = doc.find(row_start);
    ASSERT_NE(at, std::string::npos) << field.path;
    const std::string row = doc.substr(at, doc.find('\n', at) - at);
    if (std::holds_alternative<ScenarioField::TextRef>(field.ref)) continue;
    EXPECT_NE(row.find("| " + std::string(field.unit) + " |"), std::string::npos) << row;
    // check_field_value(-1e300) is "must be <valid>" for every numeric field.
    const std::string valid = check_field_value(field, -1e300)->substr(8);
    EXPECT_NE(row.find("| " + valid + " |"), std::string::npos) << row;
  }
}

TEST(Docs, MethodologyHasEveryArticleFigure) {
  const std::string doc = read_doc("methodology.md");
  for (std::string_view id : article_figure_ids()) {
    EXPECT_NE(doc.find("| `" + std::string(id) + "` |"), std::string::npos) << id;
  }
}

// Every physics figure the memory command prints is named in the methodology.
TEST(Docs, MethodologyHasEveryMemoryFigure) {
  const std::string doc = read_doc("methodology.md");
  const ModelArch m = find_model(shipped(), "llama-2-7b");
  std::vector<Figure> figures = serving_memory_figures(m, find_precision(shipped(), "bf16"),
                                                       find_precision(shipped(), "bf16"),
                                                       find_gpu(shipped(), "h100-sxm"), {});
  for (FinetuneMethod method : {FinetuneMethod::kFull, FinetuneMethod::kLora}) {
    const auto more =
        finetune_memory_figures(m, find_precision(shipped(), "bf16"), {.method = method});
    figures.insert(figures.end(), more.begin(), more.end());
  }
  for (const Figure& f : figures) {
    EXPECT_NE(doc.find("`" + f.id + "`"), std::string::npos) << f.id;
  }
}

// Every figure the perf command prints is named in the methodology.
TEST(Docs, MethodologyHasEveryPerfFigure) {
  const std::string doc = read_doc("methodology.md");
  Deployment d{.model = find_model(shipped(), "llama-2-7b"),
               .weights = find_precision(shipped(), "bf16"),
               .kv = find_precision(shipped(), "bf16"),
               .gpu = find_gpu(shipped(), "h100-sxm"),
               .engine = find_engine(shipped(), "vllm")};
  const Workload w;
  for (const std::string mode : {"offline", "online"}) {
    for (const Figure& f : perf_figures(d, w, offline_throughput(d, w), mode)) {
      EXPECT_NE(doc.find("`" + f.id + "`"), std::string::npos) << f.id;
    }
  }
}

// Every figure the finetune command prints is named in the methodology, and in the
// command's page.
TEST(Docs, MethodologyHasEveryFinetuneFigure) {
  const std::string methodology = read_doc("methodology.md");
  const std::string page = read_doc("finetune.md");
  const ModelArch m = find_model(shipped(), "llama-2-7b");
  const FinetuneJob job;
  const FinetunePlan plan = plan_finetune(shipped(), m, job, {});
  ASSERT_FALSE(plan.runs.empty());
  std::vector<Figure> figures = finetune_run_figures(m, job, plan.runs.front());
  const auto api = api_finetune_figures(job, 8.0, "test");
  figures.insert(figures.end(), api.begin(), api.end());
  for (const Figure& f : figures) {
    EXPECT_NE(methodology.find("| `" + f.id + "` |"), std::string::npos) << f.id;
    EXPECT_NE(page.find("`" + f.id + "`"), std::string::npos) << f.id;
  }
}

// Every physics figure compare and plan print is named in the methodology, with
// fine-tuning and growth on so that every cost line appears.
TEST(Docs, MethodologyHasEveryCostAndPlanFigure) {
  const std::string doc = read_doc("methodology.md");
  Scenario s;
  s.fine_tune.dataset_tokens = 20e6;
  s.workload.monthly_growth = 0.1;
  std::vector<Figure> figures =
      compare_report(shipped(), s, {.article = false, .samples = 100}).figures;
  const std::vector<Figure> plan = plan_report(shipped(), s, 3).figures;
  figures.insert(figures.end(), plan.begin(), plan.end());
  EXPECT_NE(find_figure(figures, "months_to_breakeven"), nullptr);
  for (const Figure& f : figures) {
    EXPECT_EQ(f.method, "physics") << f.id;
    EXPECT_NE(doc.find("`" + f.id + "`"), std::string::npos) << f.id;
  }
}

// Every figure the simulate command prints is in the methodology's "Simulation
// outputs", and named in the command's page.
TEST(Docs, MethodologyHasEverySimulateFigure) {
  const std::string methodology = read_doc("methodology.md");
  const std::size_t section = methodology.find("## Simulation outputs");
  ASSERT_NE(section, std::string::npos);
  const std::string outputs = methodology.substr(section);
  const std::string page = read_doc("simulate.md");
  const Report report = simulate_report(
      shipped(), {.model = "llama-3.1-8b", .gpu = "h100-sxm", .rate_per_s = 2.0, .requests = 20});
  for (const Figure& f : report.figures) {
    EXPECT_NE(outputs.find("`" + f.id + "`"), std::string::npos) << f.id;
    EXPECT_NE(page.find("`" + f.id + "`"), std::string::npos) << f.id;
  }
}

}  // namespace
}  // namespace llmtco
