// simulate() on requests and engine limits made from any bytes: every request
// ends after it arrives, its first token no later than its last, the counts add
// up and every statistic is finite. The bytes are read 8 at a time: the engine's
// limits first, then (arrival gap, input, output) per request.
#include <cmath>
#include <cstring>
#include <vector>

#include "../shipped.h"
#include "fuzz_check.h"
#include "llmtco/simulate.h"

namespace {

class Bytes {
 public:
  Bytes(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  bool empty() const { return at_ >= size_; }
  // The next 8 bytes as a number in [0, 1); 0 past the end.
  double unit() {
    std::uint64_t word = 0;
    const std::size_t n = std::min<std::size_t>(8, size_ - std::min(at_, size_));
    std::memcpy(&word, data_ + at_, n);
    at_ += 8;
    return static_cast<double>(word >> 11) * 0x1.0p-53;
  }
  // A whole number in [low, high], spread logarithmically.
  std::int64_t between(std::int64_t low, std::int64_t high) {
    const double span = std::log(static_cast<double>(high) / static_cast<double>(low));
    const auto n =
        static_cast<std::int64_t>(std::llround(static_cast<double>(low) * std::exp(span * unit())));
    return std::clamp(n, low, high);
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t at_ = 0;
};

llmtco::Deployment deployment(Bytes& bytes) {
  using namespace llmtco;
  const Catalogs& c = shipped();
  const std::vector<EngineProfile>& engines = c.engines;
  Deployment d{.model = find_model(c, "llama-3.1-8b"),
               .weights = find_precision(c, "bf16"),
               .kv = find_precision(c, "bf16"),
               .gpu = find_gpu(c, "h100-sxm"),
               .engine = engines[static_cast<std::size_t>(
                                     bytes.between(1, static_cast<std::int64_t>(engines.size()))) -
                                 1]};
  d.engine.max_num_seqs = bytes.between(1, 4096);
  d.engine.max_batched_tokens = bytes.between(16, 65536);
  d.engine.kv_block_tokens = bytes.between(1, 64);
  d.engine.scheduler_steps = static_cast<int>(bytes.between(1, 16));
  d.engine.mixed_prefill = bytes.unit() < 0.5;
  d.engine.continuous_batching = bytes.unit() < 0.9;
  // From a cache of a few thousand tokens to most of the GPU.
  d.engine.gpu_memory_utilization = 0.25 + 0.7 * bytes.unit();
  return d;
}

void check(const llmtco::Simulation& sim, std::size_t requests) {
  using namespace llmtco;
  if (!sim.fits) return;
  std::int64_t preemptions = 0;
  for (const RequestTimes& t : sim.times) {
    fuzz::expect_finite(t.finish_s, "finish_s");
    if (!(t.first_token_s >= t.arrival_s && t.finish_s >= t.first_token_s)) {
      fuzz::expect_finite(NAN, "a request's times out of order");
    }
    preemptions += t.preemptions;
  }
  if (sim.times.size() != requests || preemptions != sim.preemptions) {
    fuzz::expect_finite(NAN, "the counts of requests or preemptions");
  }
  for (const LatencyStats& s : {sim.ttft, sim.tpot, sim.itl, sim.e2e}) {
    for (const double v : {s.mean_s, s.p50_s, s.p90_s, s.p95_s, s.p99_s})
      fuzz::expect_finite(v, "a latency");
    if (s.p50_s > s.p99_s) fuzz::expect_finite(NAN, "p50 above p99");
  }
  fuzz::expect_finite(sim.output_tokens_per_s, "output_tokens_per_s");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace llmtco;
  Bytes bytes(data, size);
  const Deployment d = deployment(bytes);
  std::vector<SimRequest> run;
  double at_s = 0;
  while (!bytes.empty() && run.size() < 2000) {
    at_s += bytes.unit() < 0.3 ? 0.0 : 10.0 * bytes.unit();
    run.push_back({.arrival_s = at_s,
                   .input_tokens = bytes.between(1, 20000),
                   .output_tokens = bytes.between(1, 5000) - 1});
  }
  const int replicas = static_cast<int>(1 + run.size() % 3);
  const Balancer balancer = run.size() % 2 == 0 ? Balancer::kRoundRobin : Balancer::kLeastLoaded;
  check(simulate(d, run,
                 {.replicas = replicas, .balancer = balancer, .warmup_requests = run.size() / 10}),
        run.size());
  return 0;
}
