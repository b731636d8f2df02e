// Fine-tuning time and cost, worked by hand from the configs, the GPU datasheets
// and the instance prices in data/instances/.
#include "llmtco/finetune_plan.h"

#include <gtest/gtest.h>

#include <list>

#include "llmtco/instance_catalog.h"
#include "llmtco/model_catalog.h"
#include "shipped.h"

namespace llmtco {
namespace {

constexpr double kLlama7bParams = 6'738'415'616.0;  // Llama-2-7B, the model card's 6.74B

// A made-up instance: `gpus` x `gpu` at `usd_per_hour` on demand.
Instance instance(const std::string& type, const std::string& gpu, int gpus, double usd_per_hour,
                  const std::string& region = "r1") {
  return {.cloud = "test",
          .instance_type = type,
          .gpu_id = gpu,
          .gpu_count = gpus,
          .region = region,
          .on_demand_usd_per_hour = usd_per_hour};
}

// The catalog's instances of one type, every region.
// The shipped GPUs and formats with only `instances`, kept for the whole test run:
// a plan's runs point into them.
const Catalogs& with_instances(std::vector<Instance> instances) {
  static std::list<Catalogs> kept;
  kept.push_back(builtin_catalogs({.instances = false, .api = false, .benchmarks = false}));
  kept.back().instances.instances = std::move(instances);
  return kept.back();
}

std::vector<Instance> catalog_instances(const std::string& type) {
  std::vector<Instance> out;
  for (const Instance& i : instance_catalog().instances) {
    if (i.instance_type == type) out.push_back(i);
  }
  return out;
}

FinetuneJob job(FinetuneMethod method) {
  FinetuneJob j;
  j.options.method = method;
  return j;
}

// 6 FLOPs a parameter a token for full fine-tuning (forward 2, backward 4), 4 for
// LoRA (no weight gradients), 2 more for the forward pass gradient checkpointing repeats.
TEST(FinetuneFlops, PerTokenByHand) {
  const ModelArch m = find_model(shipped(), "llama-2-7b");
  auto flops = [&](FinetuneMethod method, bool checkpointing) {
    return finetune_flops_per_token(m, {.method = method, .gradient_checkpointing = checkpointing});
  };
  EXPECT_DOUBLE_EQ(flops(FinetuneMethod::kFull, false), 6 * kLlama7bParams);
  EXPECT_DOUBLE_EQ(flops(FinetuneMethod::kFull, true), 8 * kLlama7bParams);
  EXPECT_DOUBLE_EQ(flops(FinetuneMethod::kLora, false), 4 * kLlama7bParams);
  EXPECT_DOUBLE_EQ(flops(FinetuneMethod::kLora, true), 6 * kLlama7bParams);
  EXPECT_DOUBLE_EQ(flops(FinetuneMethod::kQlora, true), 6 * kLlama7bParams);
}

// MoE counts the parameters a token runs through. Mixtral-8x7B, 2 of 8 experts:
// per layer attention 2 x 4096^2 + 2 x 4096 x 1024 = 41,943,040, two experts
// 2 x 3 x 4096 x 14336 = 352,321,536, router 32,768, norms 8,192: 394,305,536;
// x 32 layers + embeddings and lm_head 2 x 32000 x 4096 + final norm 4096 =
// 12,879,925,248 (Mistral: "12.9B active").
TEST(FinetuneFlops, MixtureOfExpertsUsesActiveParams) {
  const ModelArch m = find_model(shipped(), "mixtral-8x7b");
  EXPECT_DOUBLE_EQ(finetune_flops_per_token(
                       m, {.method = FinetuneMethod::kFull, .gradient_checkpointing = false}),
                   6 * 12'879'925'248.0);
}

// LoRA on Llama-2-7B, 20M tokens x 3 epochs, on AWS g5.xlarge (1 x A10G, 24 GiB;
// data/instances/aws.csv: 1.006 USD/hour in us-east-1, us-east-2 and us-west-2, the
// cheapest regions; the first of equals is kept).
// Memory: bf16 base 13,476,831,232 + adapters (rank 16, all 7 linears: 32 x 16 x
// (4 x 8,192 + 3 x 15,104) = 39,976,960 params) x 16 bytes 639,631,360 + activations
// 851,705,856 + logits 393,216,000 + overhead 1,610,612,736 = 16,971,997,184 bytes.
// FLOPs: 6 x 6,738,415,616 x 60e6 = 2.42582962176e18; A10G 70 TFLOP/s x 0.35 =
// 24.5e12 FLOP/s: 99,013.45 s = 27.5037 hours; x 1.006 = 27.6688 USD.
TEST(PlanFinetune, LoraOnG5XlargeByHand) {
  const ModelArch m = find_model(shipped(), "llama-2-7b");
  const std::vector<Instance> g5 = catalog_instances("g5.xlarge");
  ASSERT_GT(g5.size(), 3u);
  const FinetunePlan plan = plan_finetune(with_instances(g5), m, job(FinetuneMethod::kLora), {});
  ASSERT_EQ(plan.runs.size(), 1u);
  const FinetuneRun& r = plan.runs[0];
  EXPECT_EQ(r.instance->region, "us-east-1");
  EXPECT_EQ(r.gpu->id, "a10g");
  EXPECT_EQ(r.gpus, 1);
  EXPECT_EQ(r.zero_stage, 0);
  EXPECT_DOUBLE_EQ(r.usd_per_hour, 1.006);
  EXPECT_DOUBLE_EQ(r.memory.total_bytes, 16'971'997'184.0);
  EXPECT_DOUBLE_EQ(r.training_tokens, 60e6);
  EXPECT_DOUBLE_EQ(r.training_flops, 6 * kLlama7bParams * 60e6);
  const double hours = 6 * kLlama7bParams * 60e6 / (70e12 * 0.35) / 3600;
  EXPECT_DOUBLE_EQ(r.hours, hours);
  EXPECT_NEAR(r.hours, 27.5037, 1e-4);
  EXPECT_NEAR(r.cost_usd, 27.6688, 1e-4);
  EXPECT_DOUBLE_EQ(r.usd_per_month, r.cost_usd);  // re-tuned every month
  EXPECT_EQ(plan.why_none, "");
}

// QLoRA: the same FLOPs, 1.39 times the time (dequantizing the NF4 base).
TEST(PlanFinetune, QloraTakesTheDequantizationFactor) {
  const ModelArch m = find_model(shipped(), "llama-2-7b");
  const std::vector<Instance> g5 = catalog_instances("g5.xlarge");
  const FinetuneRun lora =
      plan_finetune(with_instances(g5), m, job(FinetuneMethod::kLora), {}).runs.at(0);
  const FinetuneRun qlora =
      plan_finetune(with_instances(g5), m, job(FinetuneMethod::kQlora), {}).runs.at(0);
  EXPECT_DOUBLE_EQ(qlora.training_flops, lora.training_flops);
  EXPECT_DOUBLE_EQ(qlora.hours, lora.hours * 1.39);
  EXPECT_LT(qlora.memory.weights_bytes, lora.memory.weights_bytes / 3);
}

// Full fine-tuning shards everything with ZeRO-3 over the instance's GPUs; LoRA keeps
// a whole base on every GPU while that fits, and shards it when it does not.
TEST(PlanFinetune, ShardingRule) {
  const std::vector<Instance> eight = {instance("8x", "h100-sxm", 8, 20)};
  const ModelArch llama7 = find_model(shipped(), "llama-2-7b");
  const FinetuneRun full =
      plan_finetune(with_instances(eight), llama7, job(FinetuneMethod::kFull), {}).runs.at(0);
  EXPECT_EQ(full.zero_stage, 3);
  EXPECT_DOUBLE_EQ(full.memory.weights_bytes, kLlama7bParams * 2 / 8);
  EXPECT_DOUBLE_EQ(full.memory.optimizer_bytes, kLlama7bParams * 8 / 8);
  const FinetuneRun lora =
      plan_finetune(with_instances(eight), llama7, job(FinetuneMethod::kLora), {}).runs.at(0);
  EXPECT_EQ(lora.zero_stage, 0);
  EXPECT_DOUBLE_EQ(lora.memory.weights_bytes, (kLlama7bParams + 39'976'960.0) * 2);
  // Llama-2-70B's bf16 base, 137.95 GB, fits no 80 GiB GPU whole: sharded 8 ways.
  const ModelArch llama70 = find_model(shipped(), "llama-2-70b");
  const FinetuneRun big =
      plan_finetune(with_instances(eight), llama70, job(FinetuneMethod::kLora), {}).runs.at(0);
  EXPECT_EQ(big.zero_stage, 3);
  EXPECT_LT(big.memory.weights_bytes, 20e9);
  // 8 GPUs do the FLOPs 8 times as fast: 8 x H100 at 989.4 TFLOP/s.
  EXPECT_DOUBLE_EQ(full.compute_hours, 8 * kLlama7bParams * 60e6 / (8 * 989.4e12 * 0.35) / 3600);
  EXPECT_DOUBLE_EQ(lora.communication_hours, 0);  // a whole copy per GPU: no ZeRO-3 traffic
  EXPECT_DOUBLE_EQ(full.hours, full.compute_hours + full.communication_hours);
}

// ZeRO-3's traffic, worked by hand: full fine-tuning of Llama-2-7B (P = 6,738,415,616)
// on 8 x H100 SXM (NVLink 4, 900 GB/s both ways: 450e9 bytes/s each way). Per step
// the bf16 weights (2P bytes) are all-gathered twice and the bf16 gradients (2P)
// reduce-scattered once: 6P bytes, of which a ring moves 7/8 through each link:
// 6 x 6,738,415,616 x 7/8 / 450e9 = 0.078614 s. Steps: 60e6 training tokens over
// 8 GPUs x 1 x 2048 tokens = 3,662.11; x 0.078614 s = 287.89 s = 0.07997 hours.
TEST(PlanFinetune, Zero3CommunicationByHand) {
  const std::vector<Instance> eight = {instance("8x", "h100-sxm", 8, 20)};
  const ModelArch llama7 = find_model(shipped(), "llama-2-7b");
  const FinetuneRun full =
      plan_finetune(with_instances(eight), llama7, job(FinetuneMethod::kFull), {}).runs.at(0);
  ASSERT_EQ(full.zero_stage, 3);
  EXPECT_DOUBLE_EQ(full.steps, 60e6 / (8 * 2048.0));
  EXPECT_DOUBLE_EQ(full.step_communication_s, 6 * kLlama7bParams * 7.0 / 8.0 / 450e9);
  EXPECT_NEAR(full.communication_hours, 0.07997, 1e-5);
}

// The same job at equal compute is slower over PCIe than over NVLink: an H100 SXM
// with the L40S's link (PCIe Gen4 x16, 64 GB/s both ways: 32e9 bytes/s each way)
// against the real one (450e9). Compute hours are the same; the communication is
// 450 / 32 = 14.0625 times as long: 0.07997 x 14.0625 = 1.1246 hours on PCIe.
TEST(PlanFinetune, Zero3SlowerOverPcieThanNvlink) {
  const std::vector<Instance> eight = {instance("8x", "h100-sxm", 8, 20)};
  const ModelArch llama7 = find_model(shipped(), "llama-2-7b");
  const FinetuneRun nvlink =
      plan_finetune(with_instances(eight), llama7, job(FinetuneMethod::kFull), {}).runs.at(0);
  Catalogs pcie_catalogs = with_instances(eight);  // outlives the runs it prices
  const double pcie_gb_per_s = find_gpu(pcie_catalogs, "l40s").interconnect_gb_per_s;
  ASSERT_EQ(pcie_gb_per_s, 64);
  for (Gpu& g : pcie_catalogs.gpus) {
    if (g.id == "h100-sxm") g.interconnect_gb_per_s = pcie_gb_per_s;
  }
  const FinetuneRun pcie =
      plan_finetune(pcie_catalogs, llama7, job(FinetuneMethod::kFull), {}).runs.at(0);
  EXPECT_DOUBLE_EQ(pcie.compute_hours, nvlink.compute_hours);
  EXPECT_DOUBLE_EQ(pcie.communication_hours, nvlink.communication_hours * 450.0 / 32.0);
  EXPECT_NEAR(pcie.communication_hours, 1.1246, 1e-4);
  EXPECT_GT(pcie.hours, nvlink.hours);
}

// LoRA sharded with ZeRO-3 gathers the frozen base (with the adapters) but
// scatters only the adapters' gradients: Llama-2-70B on 8 x H100, per GPU the
// memory model's shards; per step (2 x weights + gradients) x 8 x 7/8 / 450e9.
TEST(PlanFinetune, Zero3LoraScattersOnlyTheAdapters) {
  const std::vector<Instance> eight = {instance("8x", "h100-sxm", 8, 20)};
  const ModelArch llama70 = find_model(shipped(), "llama-2-70b");
  const FinetuneRun big =
      plan_finetune(with_instances(eight), llama70, job(FinetuneMethod::kLora), {}).runs.at(0);
  ASSERT_EQ(big.zero_stage, 3);
  const double weights = big.memory.weights_bytes * 8;      // the base and the adapters
  const double gradients = big.memory.gradients_bytes * 8;  // the adapters only
  EXPECT_LT(gradients, weights / 100);
  EXPECT_DOUBLE_EQ(big.step_communication_s, (2 * weights + gradients) * 7.0 / 8.0 / 450e9);
}

// A run is billed on demand or spot, never at a reservation: a reserved_1y search
// prices on demand (a year's commitment for a job of hours); spot stays spot.
TEST(PlanFinetune, ReservationsPriceTheRunOnDemand) {
  std::vector<Instance> list = {instance("a", "h100-sxm", 1, 4.0)};
  list[0].reserved_1y_usd_per_hour = 2.5;
  list[0].spot_usd_per_hour = 1.5;
  const ModelArch m = find_model(shipped(), "llama-2-7b");
  const Catalogs& c = with_instances(list);
  const FinetunePlan reserved =
      plan_finetune(c, m, job(FinetuneMethod::kLora), {.pricing = Pricing::kReserved1y});
  EXPECT_EQ(reserved.pricing, Pricing::kOnDemand);
  EXPECT_EQ(reserved.runs.at(0).usd_per_hour, 4.0);
  EXPECT_EQ(finetune_pricing_note(Pricing::kReserved1y),
            "The fine-tuning run is priced on demand, not reserved_1y: a reservation is a "
            "commitment of a year or more, and the job lasts hours.");
  const FinetunePlan spot =
      plan_finetune(c, m, job(FinetuneMethod::kLora), {.pricing = Pricing::kSpot});
  EXPECT_EQ(spot.runs.at(0).usd_per_hour, 1.5);
  EXPECT_EQ(finetune_pricing_note(Pricing::kSpot), "");
}

// A flagged row is left out unless asked for, and named.
TEST(PlanFinetune, FlaggedRowsLeftOut) {
  std::vector<Instance> list = {instance("cheap", "h100-sxm", 1, 0.5),
                                instance("fair", "h100-sxm", 1, 3.0)};
  list[0].warnings = {"0.2x the median"};
  const ModelArch m = find_model(shipped(), "llama-2-7b");
  const Catalogs& c = with_instances(list);
  const FinetunePlan plan = plan_finetune(c, m, job(FinetuneMethod::kLora), {});
  ASSERT_EQ(plan.runs.size(), 1u);
  EXPECT_EQ(plan.runs[0].instance->instance_type, "fair");
  ASSERT_EQ(plan.flagged.size(), 1u);
  const FinetunePlan all =
      plan_finetune(c, m, job(FinetuneMethod::kLora), {.include_flagged = true});
  EXPECT_EQ(all.runs.at(0).instance->instance_type, "cheap");
}

// One run per (cloud, instance type), at its cheapest region; cheapest run first,
// equal costs by fewer GPUs; filtered by cloud and by the prices the pricing has.
TEST(PlanFinetune, RegionsRankingAndFilters) {
  const ModelArch m = find_model(shipped(), "llama-2-7b");
  std::vector<Instance> list = {instance("a", "h100-sxm", 2, 8.0, "r1"),
                                instance("a", "h100-sxm", 2, 6.0, "r2"),
                                instance("b", "h100-sxm", 1, 3.0), instance("c", "l40s", 1, 1.0)};
  list[3].cloud = "other";
  list[2].spot_usd_per_hour = 1.0;
  const FinetunePlan plan = plan_finetune(with_instances(list), m, job(FinetuneMethod::kLora), {});
  ASSERT_EQ(plan.runs.size(), 3u);
  // Costs: a and b both 3 USD per H100-hour: b (1 GPU) ranks before a (2 GPUs).
  EXPECT_EQ(plan.runs[0].instance->instance_type, "c");
  EXPECT_EQ(plan.runs[1].instance->instance_type, "b");
  EXPECT_EQ(plan.runs[2].instance->instance_type, "a");
  EXPECT_EQ(plan.runs[2].instance->region, "r2");
  EXPECT_DOUBLE_EQ(plan.runs[1].cost_usd, plan.runs[2].cost_usd);
  const FinetunePlan test_only =
      plan_finetune(with_instances(list), m, job(FinetuneMethod::kLora), {.clouds = {"test"}});
  EXPECT_EQ(test_only.runs.size(), 2u);
  const FinetunePlan spot = plan_finetune(with_instances(list), m, job(FinetuneMethod::kLora),
                                          {.pricing = Pricing::kSpot});
  ASSERT_EQ(spot.runs.size(), 1u);
  EXPECT_DOUBLE_EQ(spot.runs[0].usd_per_hour, 1.0);
}

TEST(PlanFinetune, WhyNothingFits) {
  const ModelArch llama70 = find_model(shipped(), "llama-2-70b");
  const std::vector<Instance> small = {instance("one", "a10g", 1, 1.0),
                                       instance("four", "a10g", 4, 4.0)};
  // Full fine-tuning on one GPU: 16 bytes x 68,976,648,192 = 1,103,626,371,072, plus
  // activations 2048 x (80 x 16,384 + 332,032) = 3,364,356,096, logits 393,216,000 and
  // overhead 1,610,612,736: 1,109 GB. Over 4 GPUs with ZeRO-3 it is a quarter of the
  // 16 bytes a parameter: 281.3 GB (three significant digits: 281), the closest of the
  // two to an A10G, named as its datasheet names it: 24 GB (24 GiB, 25.77 GB).
  const FinetunePlan plan =
      plan_finetune(with_instances(small), llama70, job(FinetuneMethod::kFull), {});
  EXPECT_TRUE(plan.runs.empty());
  EXPECT_EQ(plan.why_none,
            "full fine-tuning of meta-llama/Llama-2-70b-hf fits no instance's GPUs: the closest, "
            "test four (4 x a10g, 24 GB each), would need 281 GB per GPU with ZeRO-3 "
            "across its 4 GPUs");
  const FinetunePlan one = plan_finetune(with_instances({small[0]}), llama70,
                                         job(FinetuneMethod::kFull), {.clouds = {"test"}});
  EXPECT_EQ(one.why_none,
            "full fine-tuning of meta-llama/Llama-2-70b-hf fits no instance's GPUs: the closest, "
            "test one (1 x a10g, 24 GB each), would need 1,109 GB per GPU on its one GPU");
  const FinetunePlan spot =
      plan_finetune(with_instances(small), llama70, job(FinetuneMethod::kLora),
                    {.clouds = {"test"}, .pricing = Pricing::kSpot});
  EXPECT_EQ(spot.why_none, "no instance of test has a price for 'spot'");
  EXPECT_EQ(plan_finetune(with_instances({}), llama70, job(FinetuneMethod::kLora), {}).why_none,
            "no instance has a price for 'on_demand'");
}

// Law: a cheaper price never raises the plan's best cost.
TEST(PlanFinetune, CheaperPriceNeverCostsMore) {
  const ModelArch m = find_model(shipped(), "mistral-7b");
  const FinetuneJob j = job(FinetuneMethod::kLora);
  std::vector<Instance> aws;
  for (const Instance& i : instance_catalog().instances) {
    if (i.cloud == "aws") aws.push_back(i);
  }
  const double best = plan_finetune(with_instances(aws), m, j, {}).runs.at(0).cost_usd;
  for (std::size_t k = 0; k < aws.size(); k += 7) {
    std::vector<Instance> cheaper = aws;
    cheaper[k].on_demand_usd_per_hour *= 0.5;
    EXPECT_LE(plan_finetune(with_instances(cheaper), m, j, {}).runs.at(0).cost_usd, best)
        << aws[k].instance_type;
  }
}

// Law: more training tokens never cost less, by the same instance or another.
TEST(PlanFinetune, MoreTokensNeverCostLess) {
  const ModelArch m = find_model(shipped(), "llama-2-13b");
  const std::vector<Instance>& all = instance_catalog().instances;
  double last = 0;
  for (double tokens : {1e5, 1e6, 1e7, 1e8, 1e9}) {
    FinetuneJob j = job(FinetuneMethod::kQlora);
    j.dataset_tokens = tokens;
    const double cost = plan_finetune(with_instances(all), m, j, {}).runs.at(0).cost_usd;
    EXPECT_GT(cost, last) << tokens;
    last = cost;
  }
}

// The API: 60M training tokens at gpt-3.5-turbo's 8 USD per 1M = 480 USD, the seed
// article's $0.008 per 1K.
TEST(ApiFinetune, CostByHand) {
  EXPECT_DOUBLE_EQ(api_finetune_cost_usd(60e6, 8.0), 480.0);
  FinetuneJob j;
  j.retune_months = 3;
  const std::vector<Figure> f = api_finetune_figures(j, 8.0, "test price");
  EXPECT_DOUBLE_EQ(find_figure(f, "api_finetune_cost_usd")->value, 480.0);
  EXPECT_DOUBLE_EQ(find_figure(f, "api_finetune_usd_per_month")->value, 160.0);
  EXPECT_EQ(find_figure(f, "api_finetune_cost_usd")->source, "test price");
}

// The run's figures are its fields, in order, each with a formula.
TEST(FinetuneFigures, TraceTheRun) {
  const ModelArch m = find_model(shipped(), "llama-2-7b");
  FinetuneJob j = job(FinetuneMethod::kQlora);
  j.retune_months = 2;
  // The run points into the catalog it was planned over: keep the catalog alive.
  const auto catalog = catalog_instances("g5.xlarge");
  const FinetuneRun r = plan_finetune(with_instances(catalog), m, j, {}).runs.at(0);
  const std::vector<Figure> f = finetune_run_figures(m, j, r);
  const std::vector<std::string> ids = {"finetune_training_tokens", "finetune_flops_per_token",
                                        "finetune_training_flops",  "finetune_memory_per_gpu_gb",
                                        "finetune_hours",           "finetune_usd_per_hour",
                                        "finetune_run_cost_usd",    "finetune_usd_per_month"};
  ASSERT_EQ(f.size(), ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    EXPECT_EQ(f[i].id, ids[i]);
    EXPECT_EQ(f[i].method, "physics");
    EXPECT_FALSE(f[i].formula.empty()) << ids[i];
  }
  EXPECT_DOUBLE_EQ(find_figure(f, "finetune_training_flops")->value, r.training_flops);
  EXPECT_DOUBLE_EQ(find_figure(f, "finetune_memory_per_gpu_gb")->value, r.memory.total_bytes / 1e9);
  EXPECT_DOUBLE_EQ(find_figure(f, "finetune_hours")->value, r.hours);
  EXPECT_EQ(find_figure(f, "finetune_hours")->inputs.back().name,
            "qlora_dequantization_time_factor");
  EXPECT_DOUBLE_EQ(find_figure(f, "finetune_run_cost_usd")->value, r.cost_usd);
  EXPECT_DOUBLE_EQ(find_figure(f, "finetune_usd_per_month")->value, r.cost_usd / 2);
  EXPECT_EQ(find_figure(f, "finetune_usd_per_hour")->source,
            "aws g5.xlarge in us-east-1 (its cheapest region), on_demand prices of 2026-01-21");
}

}  // namespace
}  // namespace llmtco
