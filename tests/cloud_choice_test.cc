// Which cloud a plan rents from, on a made-up catalog of four clouds: the
// cheapest instance that meets the latency target wins, a neocloud included; a
// cheaper one that misses the target, or sits on a volatile marketplace that "all"
// leaves out, does not.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "llmtco/resolve.h"
#include "llmtco/scenario_file.h"
#include "llmtco/units.h"
#include "llmtco/verdict_report.h"
#include "shipped.h"

namespace llmtco {
namespace {

Instance offer(const std::string& cloud, const std::string& type, const std::string& gpu_id,
               double usd_per_hour) {
  return {.cloud = cloud,
          .instance_type = type,
          .gpu_id = gpu_id,
          .gpu_count = 1,
          .region = "r1",
          .on_demand_usd_per_hour = usd_per_hour,
          .date = "2026-12-01"};
}

// H100 SXM and L4 from data/gpus.csv, Llama-2-7B. One GPU each:
//   aws    p5-like   H100 SXM  $4.00/h
//   runpod 1x-h100   H100 SXM  $2.99/h  (a neocloud: the cheapest that meets the target)
//   nebius 1x-l4     L4        $0.50/h  (cheaper, but misses a 25 ms TPOT: below)
//   vast   1x-h100   H100 SXM  $1.00/h  (cheapest, a volatile marketplace)
// BF16 weights are 6.74e9 params x 2 bytes = 13.5 GB; reading them once per token
// takes 13.5 / 300 GB/s = 45 ms on the L4, above the 25 ms TPOT even unloaded, and
// 13.5 / 3,350 = 4 ms on the H100.
const Catalogs& four_clouds() {
  static const Catalogs kFake = [] {
    const Catalogs& real = shipped();
    Catalogs c{.gpus = {find_gpu(real, "h100-sxm"), find_gpu(real, "l4")},
               .precisions = real.precisions,
               .engines = real.engines,
               .models = {*find_catalog_model(real, "llama-2-7b")}};
    Instance vast = offer("vast", "1x-h100", "h100-sxm", 1.00);
    vast.volatile_offers = true;
    c.instances = {
        .instances = {offer("aws", "p5-like", "h100-sxm", 4.00),
                      offer("nebius", "1x-l4", "l4", 0.50),
                      offer("runpod", "1x-h100", "h100-sxm", 2.99), vast},
        .sources = {
            {.cloud = "aws", .file = "fake", .date = "2026-12-01"},
            {.cloud = "nebius", .file = "fake", .date = "2026-12-01"},
            {.cloud = "runpod", .file = "fake", .date = "2026-12-01"},
            {.cloud = "vast", .file = "fake", .date = "2026-12-01", .volatile_offers = true}}};
    c.api = fake_api_catalog();
    return c;
  }();
  return kFake;
}

Scenario scenario(const std::string& clouds) {
  Scenario s = default_scenario();
  s.api.model = "api";
  s.self_host.model = "llama-2-7b";
  s.self_host.precision = "bf16";
  s.self_host.latency.tpot_ms = 25;
  s.self_host.clouds = clouds;
  return s;
}

const Table& plans(const Report& r) {
  return *std::find_if(r.tables.begin(), r.tables.end(),
                       [](const Table& t) { return t.id == "plans"; });
}

Cell first(const Report& r, const std::string& column) {
  const Table& t = plans(r);
  const auto at = std::find(t.columns.begin(), t.columns.end(), column) - t.columns.begin();
  return t.rows.at(0).at(static_cast<std::size_t>(at));
}

bool has_note(const Report& r, const std::string& text) {
  return std::any_of(r.notes.begin(), r.notes.end(),
                     [&](const std::string& n) { return n.find(text) != std::string::npos; });
}

// "all" = aws, nebius, runpod: the L4 misses the target and Vast is left out, so
// RunPod's $2.99/h beats AWS's $4.00/h. The plan's month is replicas x $2.99 x
// 730 hours.
TEST(CloudChoice, AllPicksTheCheapestCloudThatMeetsTheTarget) {
  const Report plan = plan_report(four_clouds(), scenario("all"), 10);
  EXPECT_EQ(std::get<std::string>(first(plan, "cloud")), "runpod");
  EXPECT_DOUBLE_EQ(std::get<double>(first(plan, "usd_per_hour")), 2.99);
  const double replicas = static_cast<double>(std::get<std::int64_t>(first(plan, "replicas")));
  EXPECT_DOUBLE_EQ(std::get<double>(first(plan, "usd_per_month")),
                   replicas * 2.99 * kHoursPerMonth);
  for (const auto& row : plans(plan).rows) {
    EXPECT_NE(std::get<std::string>(row.at(0)), "vast");
    EXPECT_NE(std::get<std::string>(row.at(0)), "nebius");  // its L4 misses the target
  }
  EXPECT_TRUE(has_note(plan, "Searched 3 instance types (all: aws, nebius, runpod, on_demand"));
  EXPECT_FALSE(has_note(plan, "vast"));

  const DeploymentSearch search = deployment_search(four_clouds(), scenario("all"));
  const Candidates c = find_candidates(four_clouds(), search);
  EXPECT_TRUE(std::none_of(c.options.begin(), c.options.end(),
                           [](const Candidate& o) { return o.gpu->id == "l4"; }));
  EXPECT_TRUE(std::any_of(c.rejected.begin(), c.rejected.end(), [](const std::string& why) {
    return why.find("l4") != std::string::npos;
  }));
}

// Naming Vast adds it: its $1.00/h wins, and the notes say it is a marketplace.
TEST(CloudChoice, NamingTheMarketplaceAddsIt) {
  const Report plan = plan_report(four_clouds(), scenario("all,vast"), 10);
  EXPECT_EQ(std::get<std::string>(first(plan, "cloud")), "vast");
  EXPECT_TRUE(has_note(plan, "vast 1x-h100 is an offer of a marketplace whose offers come and go"));
  EXPECT_TRUE(has_note(plan, "vast 2026-12-01 (a marketplace: volatile offers)"));
}

// Narrower lists choose within themselves; compare's owning side picks the same.
TEST(CloudChoice, ListedCloudsOnly) {
  EXPECT_EQ(std::get<std::string>(first(plan_report(four_clouds(), scenario("aws"), 10), "cloud")),
            "aws");
  EXPECT_EQ(
      std::get<std::string>(first(plan_report(four_clouds(), scenario("aws,runpod"), 10), "cloud")),
      "runpod");
  const CostModel m = resolve_cost_model(four_clouds(), scenario("all"));
  EXPECT_EQ(m.search.clouds, (std::vector<std::string>{"aws", "nebius", "runpod"}));
  EXPECT_TRUE(std::all_of(m.candidates.options.begin(), m.candidates.options.end(),
                          [](const Candidate& o) { return o.instance->cloud != "vast"; }));
}

}  // namespace
}  // namespace llmtco
