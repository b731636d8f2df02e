// The JSON API against the real server on an ephemeral loopback port: every
// route, every kind of bad request, and that the server keeps serving after them.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "../shipped.h"
#include "api.h"
#include "http_client.h"
#include "llmtco/api_catalog.h"
#include "llmtco/catalog_report.h"
#include "llmtco/clock.h"
#include "llmtco/finetune_report.h"
#include "llmtco/instance_catalog.h"
#include "llmtco/limits_report.h"
#include "llmtco/memory_report.h"
#include "llmtco/perf_report.h"
#include "llmtco/render.h"
#include "llmtco/scenario_file.h"
#include "llmtco/simulate_report.h"
#include "llmtco/verdict_report.h"
#include "server.h"

namespace llmtco::server {
namespace {

// The server ages prices from today (UTC), as the CLI does.
PriceChecks today() {
  return {.today_iso = today_utc_iso()};
}

using llmtco_test::Connection;
using llmtco_test::HttpReply;
using nlohmann::json;
using Result = std::optional<HttpReply>;

class ApiServer : public ::testing::Test {
 protected:
  void start(const ServeOptions& options) {
    server_ = std::make_unique<Server>(options);
    port_ = server_->start();
  }
  void SetUp() override { start(ServeOptions{.port = 0}); }
  void TearDown() override { server_.reset(); }

  Result post(const std::string& path, const std::string& body,
              const llmtco_test::Headers& headers = {}) const {
    return llmtco_test::http_request(port_, "POST", path, body, headers);
  }
  Result get(const std::string& path, const llmtco_test::Headers& headers = {}) const {
    return llmtco_test::http_request(port_, "GET", path, "", headers);
  }

  // The error message of a reply that must be `status` with {"error": ...}.
  static std::string error_of(const Result& r, int status) {
    EXPECT_TRUE(r) << "no reply";
    if (!r) return "";
    EXPECT_EQ(r->status, status) << r->body;
    EXPECT_EQ(r->header("content-type"), "application/json");
    const json body = json::parse(r->body);
    EXPECT_TRUE(body.contains("error")) << r->body;
    return body.value("error", "");
  }

  void expect_healthy() const {
    const auto r = get("/healthz");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(json::parse(r->body)["status"], "ok");
  }

  std::unique_ptr<Server> server_;
  int port_ = 0;
};

double figure(const json& report, const std::string& id) {
  for (const json& f : report["figures"]) {
    if (f["id"] == id) return f["value"].get<double>();
  }
  ADD_FAILURE() << "no figure " << id;
  return 0;
}

TEST_F(ApiServer, HealthAnswers) {
  expect_healthy();
}

// {} is the seed scenario, and the reply is the CLI's JSON byte for byte:
// `llmtco compare --format json` renders the same report.
TEST_F(ApiServer, CompareOfAnEmptyBodyIsTheSeedScenarioAsTheCliPrintsIt) {
  const auto r = post("/api/v1/compare", "{}");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->header("content-type"), "application/json");
  EXPECT_EQ(r->body, render_json(compare_report(shipped(), default_scenario(),
                                                CompareSettings{.checks = today()})));
  const json report = json::parse(r->body);
  // The article's method: 70e9 params x 2 bytes = 140 GB (seed article, step 1).
  EXPECT_DOUBLE_EQ(figure(report, "weights_memory_gb"), 140.0);
  // The physics method: 44.4M tokens a day at $4 per 1M blended ((1000 x $3 +
  // 500 x $6) / 1500) = $177.60 a day x 365/12 days = $5,402 a month.
  EXPECT_NEAR(figure(report, "api_usd_per_month"), 177.6 * 365 / 12, 1e-6);
  EXPECT_FALSE(report["verdict"]["text"].get<std::string>().empty());
}

TEST_F(ApiServer, CompareFollowsTheBody) {
  const auto r = post("/api/v1/compare",
                      R"({"workload": {"tokens_per_day": 1e9},
                          "options": {"method": "physics", "samples": 100}})");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const json report = json::parse(r->body);
  // 1e9 tokens a day at $4 per 1M = $4,000 a day x 365/12 = $121,666.67 a month.
  EXPECT_NEAR(figure(report, "api_usd_per_month"), 4000.0 * 365 / 12, 1e-6);
  EXPECT_EQ(report["monte_carlo"]["samples"], 100);
  for (const json& f : report["figures"]) EXPECT_EQ(f["method"], "physics") << f["id"];
}

TEST_F(ApiServer, PlanAndBreakevenAreTheCliReports) {
  const auto plan = post("/api/v1/plan", R"({"options": {"top": 3}})");
  ASSERT_TRUE(plan);
  ASSERT_EQ(plan->status, 200) << plan->body;
  EXPECT_EQ(plan->body, render_json(plan_report(shipped(), default_scenario(), 3, today())));
  const json plans = json::parse(plan->body)["plans"];
  ASSERT_EQ(plans.size(), 3u);
  EXPECT_LE(plans[0]["usd_per_month"], plans[1]["usd_per_month"]);

  const auto breakeven = post("/api/v1/breakeven",
                              R"({"options": {"from_tokens_per_day": 1e6,
                                              "to_tokens_per_day": 1e10}})");
  ASSERT_TRUE(breakeven);
  ASSERT_EQ(breakeven->status, 200) << breakeven->body;
  EXPECT_EQ(breakeven->body,
            render_json(breakeven_report(shipped(), default_scenario(), 1e6, 1e10, today())));
}

// The scenario's API against its usage tiers, as `llmtco limits`; a key the price
// catalog lacks and an option are 400s.
TEST_F(ApiServer, LimitsIsTheCliReport) {
  const auto r = post("/api/v1/limits",
                      R"({"api": {"model": "gpt-4o"}, "workload": {"tokens_per_day": 2e9}})");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  Scenario s = default_scenario();
  s.api.model = "gpt-4o";
  s.workload.tokens_per_day = 2e9;
  EXPECT_EQ(r->body, render_json(limits_report(shipped(), with_open_model(s))));
  const json report = json::parse(r->body);
  EXPECT_EQ(report["command"], "limits");
  EXPECT_EQ(report["rate_limit_tiers"].size(), 6u);
  EXPECT_EQ(error_of(post("/api/v1/limits", R"({"options": {"top": 3}})"), 400),
            "options.top: unknown option (limits takes none)");
  EXPECT_EQ(error_of(post("/api/v1/limits", R"({"api": {"model": "gpt-4oo"}})"), 400),
            "api.model: unknown API model 'gpt-4oo' (nearest known: 'gpt-4o')");
  expect_healthy();
}

// The model and its settings come from the scenario, the command's own settings
// from options; the reply is the CLI's report for the same request.
TEST_F(ApiServer, MemoryIsTheCliReport) {
  const auto r = post("/api/v1/memory", R"({"options": {"gpu": "a100-80gb-sxm", "tp": 2}})");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  // `llmtco memory meta-llama/Llama-2-70b-hf --gpu a100-80gb-sxm --tp 2 --context 1500`:
  // the seed's 1,000 + 500 tokens per request are the context.
  EXPECT_EQ(r->body,
            render_json(memory_report(shipped(), MemoryRequest{.model = "meta-llama/Llama-2-70b-hf",
                                                               .gpu = "a100-80gb-sxm",
                                                               .context_tokens = 1500,
                                                               .tp = 2})));
  // Llama 2 70B: 68,976,648,192 parameters (count_params on its config.json; the
  // model card says 70B).
  EXPECT_DOUBLE_EQ(figure(json::parse(r->body), "params_total"), 68976648192.0);
}

TEST_F(ApiServer, PerfIsTheCliReport) {
  const auto r =
      post("/api/v1/perf", R"({"self_host": {"engine": "trtllm"}, "options": {"gpu": "h100-sxm",
                                "tp": 4, "rate_per_s": 2}})");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->body,
            render_json(perf_report(shipped(), PerfRequest{.model = "meta-llama/Llama-2-70b-hf",
                                                           .gpu = "h100-sxm",
                                                           .tp = 4,
                                                           .engine = "trtllm",
                                                           .input_tokens = 1000,
                                                           .output_tokens = 500,
                                                           .rate_per_s = 2.0})));
  EXPECT_EQ(error_of(post("/api/v1/perf", "{}"), 400),
            "options.gpu: is required (a GPU id: llmtco catalog gpus)");
}

TEST_F(ApiServer, SimulateIsTheCliReport) {
  const auto r = post("/api/v1/simulate", R"({"self_host": {"model": "llama-3.1-8b"},
      "workload": {"input_tokens_per_request": 800, "output_tokens_per_request": 200},
      "options": {"gpu": "h100-sxm", "rate_per_s": 10, "requests": 500, "seed": 7,
                  "percentile": 99}})");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->body, render_json(simulate_report(shipped(), SimulateRequest{.model = "llama-3.1-8b",
                                                                            .gpu = "h100-sxm",
                                                                            .rate_per_s = 10.0,
                                                                            .requests = 500,
                                                                            .input_tokens = 800,
                                                                            .output_tokens = 200,
                                                                            .seed = 7,
                                                                            .percentile = "99"})));
  const auto mean = post("/api/v1/simulate", R"({"self_host": {"model": "llama-3.1-8b"},
      "options": {"gpu": "h100-sxm", "rate_per_s": 1, "requests": 20, "percentile": "mean"}})");
  ASSERT_TRUE(mean);
  EXPECT_EQ(mean->status, 200) << mean->body;
}

// The work of one request is bounded: at most 20,000 simulated requests.
TEST_F(ApiServer, SimulateIsBounded) {
  EXPECT_EQ(
      error_of(post("/api/v1/simulate",
                    R"({"options": {"gpu": "h100-sxm", "rate_per_s": 10, "requests": 20001}})"),
               400),
      "options.requests: must be 1 to 20,000 (got 20001)");
  EXPECT_EQ(
      error_of(post("/api/v1/simulate",
                    R"({"options": {"gpu": "h100-sxm", "rate_per_s": 10, "duration_s": 1e4}})"),
               400),
      "options.duration_s: gives 100,000 requests at 10 requests/s, more than the 20,000 "
      "allowed (got 10000 s)");
  EXPECT_EQ(error_of(post("/api/v1/simulate", R"({"options": {"gpu": "h100-sxm"}})"), 400),
            "options.rate_per_s: is required without a trace (requests/s)");
  EXPECT_EQ(error_of(post("/api/v1/simulate",
                          R"({"options": {"gpu": "h100-sxm", "rate_per_s": 1, "percentile": []}})"),
                     400),
            "options.percentile: must be a number or text (got [])");
  EXPECT_EQ(
      error_of(post("/api/v1/simulate",
                    R"({"options": {"gpu": "h100-sxm", "rate_per_s": 1, "output_tokens": 0}})"),
               400),
      "options.output_tokens: must be between 1 and 10,000,000 (got 0)");
  expect_healthy();
}

TEST_F(ApiServer, FinetuneIsTheCliReport) {
  const auto r = post("/api/v1/finetune",
                      R"({"self_host": {"model": "llama-2-7b", "clouds": "aws, gcp,"},
                          "fine_tune": {"dataset_tokens": 1e7}, "options": {"top": 3}})");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  // The API's training price as compare takes it: ft:gpt-3.5-turbo's in the catalog.
  EXPECT_EQ(r->body, render_json(finetune_report(server::server_catalogs(),
                                                 FinetuneRequest{.model = "llama-2-7b",
                                                                 .dataset_tokens = 1e7,
                                                                 .clouds = {"aws", "gcp"},
                                                                 .today_iso = today_utc_iso(),
                                                                 .api_model = "ft:gpt-3.5-turbo",
                                                                 .top = 3})));
  // 1e7 tokens x 3 epochs at $8 per 1M training tokens = $240 through the API.
  EXPECT_DOUBLE_EQ(figure(json::parse(r->body), "finetune_training_tokens"), 3e7);
}

// A bad request member is named where the body set it: an option, or the
// scenario field it was taken from.
TEST_F(ApiServer, MemberErrorsNameTheOptionOrTheScenarioField) {
  EXPECT_EQ(error_of(post("/api/v1/memory", R"({"options": {"tp": 3}})"), 400),
            "options.tp: tensor parallelism 3 does not divide the 64 attention heads");
  EXPECT_EQ(error_of(post("/api/v1/memory", R"({"options": {"batch": "many"}})"), 400),
            "options.batch: must be a whole number (got \"many\")");
  EXPECT_EQ(error_of(post("/api/v1/memory", R"({"options": {"tp": 1e300}})"), 400),
            "options.tp: must be a whole number (got 1e+300)");
  EXPECT_EQ(error_of(post("/api/v1/memory", R"({"options": {"adam_8bit": 1}})"), 400),
            "options.adam_8bit: must be true or false (got 1)");
  const std::string engine = error_of(
      post("/api/v1/perf", R"({"self_host": {"engine": "vllx"}, "options": {"gpu": "h100-sxm"}})"),
      400);
  EXPECT_TRUE(engine.starts_with("self_host.engine: ")) << engine;
  EXPECT_EQ(error_of(post("/api/v1/finetune", "{}"), 400),
            "fine_tune.dataset_tokens: must be > 0 and <= 1e15 (got 0)");
  EXPECT_EQ(error_of(post("/api/v1/finetune", R"({"options": {"dataset_tokens": 5}})"), 400),
            "options.dataset_tokens: unknown option (valid: lora_rank, sequence_tokens, "
            "micro_batch, gradient_checkpointing, flash_attention, adam_8bit, utilisation, top, "
            "include_flagged)");
  expect_healthy();
}

TEST_F(ApiServer, CatalogsAreTheCliListings) {
  for (const std::string kind : {"models", "gpus", "instances", "apis"}) {
    const auto r = get("/api/v1/catalog/" + kind);
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << kind << ": " << r->body;
    EXPECT_EQ(r->body,
              render_json(catalog_report(server::server_catalogs(), CatalogRequest{.kind = kind})));
  }
  const auto hosted = get("/api/v1/catalog/apis?model=llama-3.3-70b&search=groq");
  ASSERT_TRUE(hosted);
  ASSERT_EQ(hosted->status, 200) << hosted->body;
  EXPECT_EQ(hosted->body, render_json(catalog_report(
                              server::server_catalogs(),
                              {.kind = "apis", .search = "groq", .model = "llama-3.3-70b"})));
  const auto narrowed = get("/api/v1/catalog/instances?clouds=aws,gcp&gpu=h100-sxm&search=a3");
  ASSERT_TRUE(narrowed);
  ASSERT_EQ(narrowed->status, 200) << narrowed->body;
  EXPECT_EQ(narrowed->body, render_json(catalog_report(server::server_catalogs(),
                                                       CatalogRequest{.kind = "instances",
                                                                      .search = "a3",
                                                                      .clouds = {"aws", "gcp"},
                                                                      .gpu = "h100-sxm"})));
  const json rows = json::parse(narrowed->body)["instances"];
  for (const json& row : rows) {
    EXPECT_EQ(row["cloud"], "gcp") << row;  // a3 is GCP's H100 family
  }
}

TEST_F(ApiServer, CatalogErrors) {
  EXPECT_EQ(error_of(get("/api/v1/catalog/gpu"), 404),
            "unknown catalog 'gpu' (valid: models, gpus, instances, clouds, apis)");
  EXPECT_EQ(error_of(get("/api/v1/catalog/gpus?clouds=aws"), 400),
            "clouds: only applies to 'instances' (got 'gpus')");
  EXPECT_EQ(error_of(get("/api/v1/catalog/gpus?model=llama-3.3-70b"), 400),
            "model: only applies to 'apis' (got 'gpus')");
  EXPECT_EQ(error_of(get("/api/v1/catalog/models?q=x"), 400),
            "unknown query parameter 'q' (valid: search, clouds, gpu, model)");
  expect_healthy();
}

// docs/serve.md has a row for every report.
TEST(ServeDocs, ListEveryRoute) {
  std::ifstream in(std::string(LLMTCO_SOURCE_DIR) + "/docs/serve.md");
  const std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (std::string_view endpoint : report_endpoints()) {
    EXPECT_NE(doc.find("| `POST /api/v1/" + std::string(endpoint) + "` |"), std::string::npos)
        << endpoint;
  }
  EXPECT_NE(doc.find("| `GET /api/v1/catalog/{models,gpus,instances,clouds,apis}` |"),
            std::string::npos);
}

TEST_F(ApiServer, BadScenariosGet400NamingTheField) {
  EXPECT_EQ(error_of(post("/api/v1/compare", R"({"workload": {"tokens_per_day": -5}})"), 400),
            "workload.tokens_per_day must be between 1 and 1e15 (got -5)");
  // Issue 12, D7: every field has an upper bound.
  EXPECT_EQ(error_of(post("/api/v1/compare", R"({"workload": {"bytes_per_token": 1e308}})"), 400),
            "workload.bytes_per_token must be > 0 and <= 1,000 (got 1e+308)");
  EXPECT_EQ(
      error_of(post("/api/v1/breakeven", R"({"options": {"from_tokens_per_day": 5e-324}})"), 400),
      "options.from_tokens_per_day: must be between 1 and 1e15 (got 5e-324)");
  EXPECT_EQ(error_of(post("/api/v1/compare", R"({"tokens_per_day": -5})"), 400),
            "unknown key 'tokens_per_day' (it is a field of 'workload': "
            "'workload.tokens_per_day')");
  EXPECT_EQ(error_of(post("/api/v1/plan", R"({"self_host": {"redundancy": "n+1"}})"), 400),
            "self_host.redundancy must be one of: none, n_plus_1, 2n (got 'n+1')");
  const std::string model =
      error_of(post("/api/v1/plan", R"({"self_host": {"model": "llama-9000"}})"), 400);
  EXPECT_TRUE(model.starts_with("self_host.model: ")) << model;
  EXPECT_NE(model.find("llama-9000"), std::string::npos) << model;
  expect_healthy();
}

// A model is a catalog name: a request never makes the server read a file.
TEST_F(ApiServer, ModelPathsAreNotRead) {
  const std::string message =
      error_of(post("/api/v1/plan", json{{"self_host", {{"model", "/etc/passwd"}}}}.dump()), 400);
  EXPECT_TRUE(
      message.starts_with("self_host.model: unknown model '/etc/passwd' (nearest known "
                          "model: "))
      << message;
  EXPECT_TRUE(
      message.ends_with("; this server reads no files: a catalog name, see llmtco "
                        "catalog models)"))
      << message;
  // Not even a config.json that exists and that the command line would read.
  const std::string config =
      std::string(LLMTCO_SOURCE_DIR) + "/data/models/meta-llama/Llama-2-70b-hf/config.json";
  const std::string existing =
      error_of(post("/api/v1/plan", json{{"self_host", {{"model", config}}}}.dump()), 400);
  EXPECT_TRUE(existing.starts_with("self_host.model: unknown model '" + config + "'")) << existing;
}

TEST_F(ApiServer, MalformedBodiesGet400) {
  const std::string truncated = error_of(post("/api/v1/compare", R"({"workload": )"), 400);
  EXPECT_TRUE(truncated.starts_with("malformed JSON at line 1, column 14: workload: "))
      << truncated;
  EXPECT_EQ(error_of(post("/api/v1/compare", "[1, 2]"), 400),
            "the body must be a JSON object with the scenario's sections (got array)");
  EXPECT_TRUE(error_of(post("/api/v1/compare", "{workload: 1}"), 400).starts_with("malformed"));
  // Nesting is bounded before parsing: a deep body is refused, the server lives.
  const std::string deep = "{\"a\": " + std::string(200000, '[') + std::string(200000, ']') + "}";
  EXPECT_EQ(error_of(post("/api/v1/compare", deep), 400),
            "the body nests 200001 levels deep (a scenario needs 4; at most 16)");
  EXPECT_EQ(
      error_of(post("/api/v1/compare", R"({"name": "[[[[[[[[[[[[[[[[[[[[[[[[\"", "a": 1})"), 400),
      "unknown key 'a' (nearest known key: 'api')");  // brackets in a string do not count
  EXPECT_EQ(error_of(post("/api/v1/compare", R"({"workload": {"tokens_per_day": 1e999}})"), 400),
            "malformed JSON at line 1, column 33: workload.tokens_per_day: number overflow "
            "parsing '1e999'");
  expect_healthy();
}

TEST_F(ApiServer, BadOptionsGet400NamingTheOption) {
  EXPECT_EQ(error_of(post("/api/v1/compare", R"({"options": {"sample": 5}})"), 400),
            "options.sample: unknown option (valid: method, samples, seed, include_flagged)");
  EXPECT_EQ(error_of(post("/api/v1/compare", R"({"options": {"samples": 1e7}})"), 400),
            "options.samples: must be a whole number from 0 to 100000 (got 10000000.0)");
  EXPECT_EQ(error_of(post("/api/v1/compare", R"({"options": {"method": "magic"}})"), 400),
            "options.method: must be one of auto, article, physics, both (got \"magic\")");
  EXPECT_EQ(error_of(post("/api/v1/compare", R"({"options": [1]})"), 400),
            "options: must be an object of settings (got [1])");
  EXPECT_EQ(error_of(post("/api/v1/plan", R"({"options": {"top": -1}})"), 400),
            "options.top: must be a whole number from 0 to 100000 (got -1)");
  EXPECT_EQ(error_of(post("/api/v1/breakeven",
                          R"({"options": {"from_tokens_per_day": 1e9, "to_tokens_per_day": 1e8}})"),
                     400),
            "options.to_tokens_per_day: must be > the lowest volume searched, 1e+09 (got 1e+08)");
  expect_healthy();
}

TEST_F(ApiServer, UnknownRoutesAndMethodsAreJsonErrors) {
  EXPECT_EQ(error_of(post("/api/v1/compar", "{}"), 404),
            "no report 'compar' (nearest: 'compare'; reports: compare, memory, perf, plan, "
            "finetune, breakeven, simulate, usage, limits)");
  const auto wrong_method = get("/api/v1/compare");
  EXPECT_EQ(error_of(wrong_method, 405), "/api/v1/compare takes POST with a JSON body");
  EXPECT_EQ(wrong_method->header("allow"), "POST");
  EXPECT_EQ(error_of(get("/nothing/here"), 404),
            "no route GET /nothing/here (see GET / or docs/serve.md)");
  // No file is served from a path: the page's three files are compiled in.
  EXPECT_EQ(error_of(get("/../../etc/passwd"), 404).substr(0, 12), "no route GET");
  expect_healthy();
}

// Bodies are capped at 1 MiB: a larger one is refused before it is parsed.
TEST_F(ApiServer, BodiesOverTheCapGet413) {
  const std::string huge(std::size_t{1} << 21, ' ');
  EXPECT_EQ(error_of(post("/api/v1/compare", huge), 413), "the request body is over 1048576 bytes");
  expect_healthy();
}

TEST_F(ApiServer, ThePageIsServedFromTheBinary) {
  const auto page = get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(page->body.find("<script src=\"/app.js\">"), std::string::npos);
  const auto script = get("/app.js");
  ASSERT_TRUE(script);
  EXPECT_EQ(script->status, 200);
  EXPECT_GT(script->body.size(), 10000u);  // our code and the charting package
  EXPECT_EQ(get("/app.css")->status, 200);
  EXPECT_EQ(page->header("x-content-type-options"), "nosniff");
}

TEST_F(ApiServer, NoCorsUnlessAsked) {
  const auto r = post("/api/v1/compare", "{}", {{"Origin", "https://example.com"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->headers.count("access-control-allow-origin"), 0u);
}

TEST_F(ApiServer, CorsWhenAsked) {
  server_.reset();
  start(ServeOptions{.port = 0, .cors_origin = "https://example.com"});
  const auto r = get("/healthz");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->header("access-control-allow-origin"), "https://example.com");
  const auto preflight = llmtco_test::http_request(port_, "OPTIONS", "/api/v1/compare");
  ASSERT_TRUE(preflight);
  EXPECT_EQ(preflight->status, 204);
  EXPECT_EQ(preflight->header("access-control-allow-methods"), "GET, POST");
}

// Requests computed at once on the server's threads get the replies they would
// get one at a time.
TEST_F(ApiServer, ConcurrentRequestsGetTheirOwnReplies) {
  constexpr int kClients = 6;
  std::vector<std::thread> threads;
  std::vector<double> api_cost(kClients, 0);
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      const double tokens = 1e6 * (i + 1);
      const auto r = post(
          "/api/v1/compare",
          json{{"workload", {{"tokens_per_day", tokens}}}, {"options", {{"samples", 50}}}}.dump());
      if (r && r->status == 200) api_cost[i] = figure(json::parse(r->body), "api_usd_per_month");
    });
  }
  for (std::thread& t : threads) t.join();
  for (int i = 0; i < kClients; ++i) {
    // $4 per 1M tokens x (i + 1)M tokens a day x 365/12 days.
    EXPECT_NEAR(api_cost[i], 4.0 * (i + 1) * 365 / 12, 1e-9) << i;
  }
}

// A client that connects and sends nothing is dropped after the idle timeout.
TEST_F(ApiServer, SilentClientsAreDropped) {
  server_.reset();
  start(ServeOptions{.port = 0, .idle_timeout_s = 1});
  Connection silent(port_);
  ASSERT_TRUE(silent.connected());
  EXPECT_TRUE(silent.closed_by_server());  // closed by the server, nothing sent
  expect_healthy();
}

// A request whose header or body does not arrive whole within the request
// timeout is closed, however steadily its bytes trickle in.
TEST_F(ApiServer, SlowRequestsAreClosedAtTheRequestTimeout) {
  server_.reset();
  start(ServeOptions{.port = 0, .request_timeout_s = 1});
  Connection slow(port_);
  const auto started = std::chrono::steady_clock::now();
  ASSERT_TRUE(slow.send("GET /healthz HTTP/1.1\r\n"));
  for (int i = 0; i < 4 && slow.send("X"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
  }
  EXPECT_TRUE(slow.closed_by_server());
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  expect_healthy();
}

// The peak resident memory of this process since the last reset_peak_memory(), in bytes.
std::size_t peak_memory_bytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmHWM:")) return std::stoull(line.substr(6)) * 1024;
  }
  return 0;
}
bool reset_peak_memory() {
  std::ofstream clear("/proc/self/clear_refs");
  clear << "5";
  return static_cast<bool>(clear.flush());
}

// What reading past the 1 MiB cap may add to this process's peak memory: well
// under the 64 MiB sent. Under AddressSanitizer freed blocks wait in quarantine
// and every block has redzones, so the bound is 3 times as wide there.
#if defined(__SANITIZE_ADDRESS__)
constexpr std::size_t kMaxChunkedBodyGrowthBytes = std::size_t{48} << 20;
#else
constexpr std::size_t kMaxChunkedBodyGrowthBytes = std::size_t{16} << 20;
#endif

// Issue 12, D3: cpp-httplib read a 64 MiB chunked body whole. Now the body cap
// holds for chunked bodies too, and the body is never buffered past it.
TEST_F(ApiServer, ChunkedBodiesOverTheCapGet413WithBoundedMemory) {
  ASSERT_TRUE(reset_peak_memory());
  const std::size_t before = peak_memory_bytes();
  Connection c(port_);
  ASSERT_TRUE(
      c.send("POST /api/v1/compare HTTP/1.1\r\nHost: 127.0.0.1\r\n"
             "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"));
  c.send_chunked_spaces(std::size_t{64} << 20, std::size_t{64} << 10);  // may fail once refused
  EXPECT_EQ(error_of(c.read_reply(), 413), "the request body is over 1048576 bytes");
  EXPECT_LT(peak_memory_bytes() - before, kMaxChunkedBodyGrowthBytes);
  expect_healthy();
}

TEST_F(ApiServer, ChunkedBodiesWithinTheCapAreServed) {
  Connection c(port_);
  ASSERT_TRUE(
      c.send("POST /api/v1/plan HTTP/1.1\r\nHost: 127.0.0.1\r\n"
             "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
             "b\r\n{\"options\":\r\n8\r\n{\"top\":3\r\n2\r\n}}\r\n0\r\n\r\n"));
  const auto r = c.read_reply();
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->body, render_json(plan_report(shipped(), default_scenario(), 3, today())));
}

// Issue 12, D3: a 261 kB gzip body that expands to 256 MiB got 200 at 824 MB.
// Now any Content-Encoding but identity is refused from the header, unread.
TEST_F(ApiServer, CompressedBodiesGet415BeforeTheyAreRead) {
  const std::string deflated(261'000, '\x1f');
  EXPECT_EQ(error_of(post("/api/v1/compare", deflated, {{"Content-Encoding", "gzip"}}), 415),
            "Content-Encoding 'gzip' is not accepted: send the body uncompressed (identity)");
  EXPECT_EQ(error_of(post("/api/v1/compare", "{}", {{"Transfer-Encoding", "gzip, chunked"}}), 415),
            "Transfer-Encoding 'gzip, chunked' is not accepted (valid: chunked)");
  const auto identity = post("/api/v1/plan", "{}", {{"Content-Encoding", "identity"}});
  ASSERT_TRUE(identity);
  EXPECT_EQ(identity->status, 200);
}

// Issue 12, D3: 200,000 headers were accepted. Now the header is capped in bytes.
TEST_F(ApiServer, HeadersOverTheCapGet431) {
  Connection c(port_);
  ASSERT_TRUE(c.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
  std::string headers;
  for (int i = 0; i < 200'000; ++i) headers += "X-A: 1\r\n";
  c.send(headers + "\r\n");  // may fail once refused
  EXPECT_EQ(error_of(c.read_reply(), 431), "the request's header is over 16384 bytes");
  expect_healthy();
}

// Issue 12, D12: a cross-site text/plain "simple" POST was computed.
TEST_F(ApiServer, PostsMustSayTheyAreJson) {
  EXPECT_EQ(error_of(post("/api/v1/compare", "{}", {{"Content-Type", "text/plain"}}), 415),
            "POST needs Content-Type: application/json (got 'text/plain')");
  EXPECT_EQ(error_of(post("/api/v1/compare", "{}",
                          {{"Content-Type", "application/x-www-form-urlencoded"}}),
                     415),
            "POST needs Content-Type: application/json (got 'application/x-www-form-urlencoded')");
  Connection bare(port_);
  ASSERT_TRUE(
      bare.send("POST /api/v1/compare HTTP/1.1\r\nHost: localhost\r\n"
                "Content-Length: 2\r\n\r\n{}"));
  EXPECT_EQ(error_of(bare.read_reply(), 415),
            "POST needs Content-Type: application/json (got none)");
  const auto charset =
      post("/api/v1/plan", "{}", {{"Content-Type", "Application/JSON; charset=utf-8"}});
  ASSERT_TRUE(charset);
  EXPECT_EQ(charset->status, 200);
}

// Issue 12, D12: the Host header was not checked, so a page on a name that
// rebinds to 127.0.0.1 could read replies. Now only allowed names are served.
TEST_F(ApiServer, OnlyAllowedHostNamesAreServed) {
  EXPECT_EQ(error_of(get("/healthz", {{"Host", "rebind.example:8080"}}), 403),
            "Host 'rebind.example:8080' is not allowed (allowed: localhost, 127.0.0.1, [::1]; "
            "llmtco serve --allow-host NAME adds one)");
  EXPECT_EQ(
      error_of(post("/api/v1/compare", "{}", {{"Host", "rebind.example"}}), 403).substr(0, 30),
      "Host 'rebind.example' is not a");
  for (const std::string host : {"localhost", "LocalHost:8080", "127.0.0.1:1", "[::1]:8080"}) {
    const auto r = get("/healthz", {{"Host", host}});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << host;
  }
  Connection no_host(port_);
  ASSERT_TRUE(no_host.send("GET /healthz HTTP/1.0\r\n\r\n"));
  EXPECT_EQ(error_of(no_host.read_reply(), 400),
            "the request has no Host header (HTTP/1.1 requires one)");
}

TEST_F(ApiServer, RequestsThatAreNotHttpGet400) {
  Connection c(port_);
  ASSERT_TRUE(c.send("GET\t/healthz\r\n\r\n"));
  EXPECT_EQ(error_of(c.read_reply(), 400), "malformed HTTP request: bad method");
  expect_healthy();
}

TEST_F(ApiServer, AllowHostAddsNames) {
  server_.reset();
  start(ServeOptions{.port = 0, .allowed_hosts = {"Calc.Example.com"}});
  const auto r = get("/healthz", {{"Host", "calc.example.com:443"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(error_of(get("/healthz", {{"Host", "example.com"}}), 403),
            "Host 'example.com' is not allowed (allowed: localhost, 127.0.0.1, [::1], "
            "calc.example.com; llmtco serve --allow-host NAME adds one)");
}

// Reports beyond the pool's threads and queue get 503 with Retry-After: with one
// thread and no queue, of two full plan searches sent at once one is computed.
TEST_F(ApiServer, ReportsBeyondThePoolGet503) {
  server_.reset();
  start(ServeOptions{.port = 0, .threads = 1, .max_queued_reports = 0});
  Connection first(port_);
  Connection second(port_);
  ASSERT_TRUE(first.send(
      llmtco_test::request_text(port_, "POST", "/api/v1/plan", R"({"options": {"top": 0}})")));
  ASSERT_TRUE(second.send(
      llmtco_test::request_text(port_, "POST", "/api/v1/plan", R"({"options": {"top": 1}})")));
  const auto a = first.read_reply();
  const auto b = second.read_reply();
  ASSERT_TRUE(a && b);
  const HttpReply& busy = a->status == 503 ? *a : *b;
  EXPECT_EQ((a->status == 200) + (b->status == 200), 1) << a->status << " " << b->status;
  EXPECT_EQ(busy.header("retry-after"), "1");
  EXPECT_EQ(json::parse(busy.body)["error"],
            "the server is busy computing other reports; retry in a second");
  expect_healthy();
}

// A keep-alive connection serves max_requests_per_connection requests, then the
// reply says Connection: close and the server closes it.
TEST_F(ApiServer, KeepAliveEndsAfterTheMaximumRequests) {
  server_.reset();
  start(ServeOptions{.port = 0, .max_requests_per_connection = 2});
  Connection c(port_);
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(c.send(llmtco_test::request_text(port_, "GET", "/healthz")));
    const auto r = c.read_reply();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->header("connection"), i == 0 ? "" : "close");
  }
  EXPECT_TRUE(c.closed_by_server());
}

// At the connection cap (4 here, all idle) a newcomer closes the connection that
// has waited longest without sending a request, and only that one: the other three
// are still served.
TEST_F(ApiServer, AtTheConnectionCapTheLongestWaitingIsClosed) {
  server_.reset();
  start(ServeOptions{.port = 0, .max_connections = 4});
  std::vector<std::unique_ptr<Connection>> idle;
  for (int i = 0; i < 4; ++i) {
    idle.push_back(std::make_unique<Connection>(port_));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  expect_healthy();
  EXPECT_TRUE(idle.front()->closed_by_server());
  for (std::size_t i = 1; i < idle.size(); ++i) {
    ASSERT_TRUE(idle[i]->send(llmtco_test::request_text(port_, "GET", "/healthz"))) << i;
    const auto reply = idle[i]->read_reply();
    ASSERT_TRUE(reply) << i;
    EXPECT_EQ(reply->status, 200) << i;
  }
}

}  // namespace
}  // namespace llmtco::server
