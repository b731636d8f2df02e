#include "llmtco/replay.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <numeric>
#include <random>

#include "llmtco/units.h"

namespace llmtco {
namespace {

constexpr std::uint64_t kArrivalSeed = 14;  // any fixed value: the same run every time

double as_double(std::int64_t n) {
  return static_cast<double>(n);
}

// A sequence in the running batch.
struct Running {
  std::size_t request = 0;
  double context_tokens = 0;         // in its KV cache
  std::int64_t left_tokens = 0;      // still to decode
  std::int64_t reserved_tokens = 0;  // of KV cache: its whole context
};

class Engine {
 public:
  Engine(const Deployment& d, std::span<const ReplayRequest> requests, std::int64_t capacity_tokens)
      : d_(d), requests_(requests), capacity_tokens_(capacity_tokens), out_(requests.size()) {
    order_.resize(requests.size());
    std::iota(order_.begin(), order_.end(), std::size_t{0});
    std::stable_sort(order_.begin(), order_.end(), [&](std::size_t a, std::size_t b) {
      return requests[a].arrival_s < requests[b].arrival_s;
    });
    queue_front_end();
  }

  std::int64_t run() {
    while (done_ < requests_.size()) {
      take_arrivals();
      if (running_.empty() && waiting_.empty()) {
        now_ = ready_[next_];
        continue;
      }
      std::vector<Running> admitted = admit();
      if (!admitted.empty()) {
        prefill(admitted);
      } else {
        decode_round();
      }
    }
    return steps_;
  }

  const std::vector<RequestTimes>& times() const { return out_; }
  double max_batch() const { return max_batch_; }

 private:
  // The front end (HTTP, tokenisation, admission) handles requests concurrently,
  // request_overhead_ms each, before the scheduler sees them.
  void queue_front_end() {
    const double cost_s = d_.engine.request_overhead_ms / kMsPerSecond;
    for (std::size_t i : order_) ready_.push_back(requests_[i].arrival_s + cost_s);
  }
  std::size_t limit() const { return static_cast<std::size_t>(d_.engine.max_num_seqs); }
  static std::int64_t scheduled_output(const ReplayRequest& r) {
    return std::max<std::int64_t>(r.output_tokens, 1);
  }

  void take_arrivals() {
    while (next_ < order_.size() && ready_[next_] <= now_) {
      waiting_.push_back(order_[next_++]);
    }
  }

  // Waiting requests that join now: as many as the sequence limit, the KV cache
  // (each reserves its whole context) and one step's token budget allow.
  std::vector<Running> admit() {
    std::vector<Running> admitted;
    double prompt_tokens = 0;
    while (!waiting_.empty() && running_.size() + admitted.size() < limit()) {
      const ReplayRequest& r = requests_[waiting_.front()];
      const std::int64_t need_tokens = r.input_tokens + scheduled_output(r);
      // The cache must hold it beside the others (an empty engine takes anything
      // that fits at all); a step's budget bounds the prompts that join together,
      // and one longer than the budget joins alone, in chunks.
      const bool idle = running_.empty() && admitted.empty();
      if (!idle && reserved_tokens_ + need_tokens > capacity_tokens_) break;
      if (!admitted.empty() && prompt_tokens + as_double(r.input_tokens) > prompt_budget()) break;
      reserved_tokens_ += need_tokens;
      prompt_tokens += as_double(r.input_tokens);
      admitted.push_back({.request = waiting_.front(),
                          .context_tokens = as_double(r.input_tokens),
                          .left_tokens = scheduled_output(r) - 1,
                          .reserved_tokens = need_tokens});
      waiting_.pop_front();
    }
    return admitted;
  }

  bool mixes() const { return d_.engine.mixed_prefill && !running_.empty(); }

  // Prompt tokens a step may carry: the engine's budget, less the running
  // sequences' decode tokens when they share the step.
  double prompt_budget() const {
    const double decode_tokens =
        mixes() ? as_double(static_cast<std::int64_t>(running_.size())) : 0;
    return std::max(1.0, as_double(d_.engine.max_batched_tokens) - decode_tokens);
  }

  // The prompts of `admitted` in chunks of the token budget; when the engine
  // mixes them, every chunk step also decodes a token of each running sequence.
  // Every prompt's first token streams at the last chunk's end.
  void prefill(std::vector<Running>& admitted) {
    StepLoad prompts;
    for (const Running& r : admitted) {
      prompts.tokens += r.context_tokens;
      prompts.logits += 1;
      prompts.attended_tokens += r.context_tokens * (r.context_tokens + 1.0) / 2.0;
    }
    const bool mixed = mixes();
    const double chunks = std::ceil(prompts.tokens / prompt_budget());
    StepLoad chunk{.tokens = prompts.tokens / chunks,
                   .logits = prompts.logits / chunks,
                   .attended_tokens = prompts.attended_tokens / chunks};
    if (mixed) add_decode(chunk);
    now_ += chunks * step_time(d_, chunk).total_s;
    steps_ += static_cast<std::int64_t>(chunks);
    if (mixed) advance(static_cast<std::int64_t>(chunks));
    for (Running& r : admitted) {
      out_[r.request].first_token_s = now_;
      if (r.left_tokens == 0) {
        finish(r);
      } else {
        running_.push_back(r);
      }
    }
    max_batch_ = std::max(max_batch_, static_cast<double>(running_.size()));
  }

  void add_decode(StepLoad& load) const {
    for (const Running& r : running_) {
      load.tokens += 1;
      load.logits += 1;
      load.attended_tokens += r.context_tokens;
      load.kv_tokens_read += r.context_tokens;
    }
  }

  // Decode steps until the next event: a round of scheduler_steps (shorter when
  // every running sequence ends sooner), or with single-step scheduling the steps
  // until a sequence ends or a request arrives.
  void decode_round() {
    std::int64_t longest = 0;
    for (const Running& r : running_) longest = std::max(longest, r.left_tokens);
    std::int64_t steps = std::min<std::int64_t>(std::max(d_.engine.scheduler_steps, 1), longest);
    StepLoad load;
    add_decode(load);
    double step_s = step_time(d_, load).total_s;
    if (d_.engine.scheduler_steps <= 1) {
      steps = running_.front().left_tokens;
      for (const Running& r : running_) steps = std::min(steps, r.left_tokens);
      // A request arriving while there is room joins at the next step.
      const bool room = waiting_.empty() && running_.size() < limit();
      if (room && next_ < order_.size()) {
        const double until_steps = std::ceil((ready_[next_] - now_) / step_s);
        steps = static_cast<std::int64_t>(std::clamp(until_steps, 1.0, as_double(steps)));
      }
    }
    // Contexts grow a token a step: the steps' mean load is that of the middle one.
    StepLoad middle = load;
    middle.attended_tokens += load.tokens * (as_double(steps) - 1.0) / 2.0;
    middle.kv_tokens_read = middle.attended_tokens;
    step_s = step_time(d_, middle).total_s;
    now_ += as_double(steps) * step_s;
    steps_ += steps;
    advance(steps);
  }

  // Every running sequence decodes `steps` tokens (or what it has left); those
  // done stream their last token now.
  void advance(std::int64_t steps) {
    std::vector<Running> still;
    for (Running& r : running_) {
      const std::int64_t n = std::min(steps, r.left_tokens);
      r.left_tokens -= n;
      r.context_tokens += as_double(n);
      if (r.left_tokens == 0) {
        finish(r);
      } else {
        still.push_back(r);
      }
    }
    running_ = std::move(still);
  }

  void finish(const Running& r) {
    out_[r.request].finish_s = now_;
    reserved_tokens_ -= r.reserved_tokens;
    ++done_;
  }

  const Deployment& d_;
  std::span<const ReplayRequest> requests_;
  std::int64_t capacity_tokens_;
  std::vector<RequestTimes> out_;
  std::vector<std::size_t> order_;
  std::vector<double> ready_;  // when order_[k] reaches the scheduler
  std::size_t next_ = 0, done_ = 0;
  std::deque<std::size_t> waiting_;
  std::vector<Running> running_;
  std::int64_t reserved_tokens_ = 0, steps_ = 0;
  double now_ = 0, max_batch_ = 0;
};

void summarise(std::span<const ReplayRequest> requests, Replay& r) {
  double first = INFINITY, last = 0, ttft = 0, tpot = 0, decode = 0, gaps = 0, tokens = 0;
  int with_output = 0, with_gaps = 0;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const ReplayRequest& q = requests[i];
    const RequestTimes& t = r.times[i];
    first = std::min(first, q.arrival_s);
    last = std::max(last, t.finish_s);
    tokens += as_double(q.output_tokens);
    if (q.output_tokens > 0) {
      ttft += t.first_token_s - q.arrival_s;
      ++with_output;
    }
    if (q.output_tokens > 1) {
      const double n = as_double(q.output_tokens - 1);
      tpot += (t.finish_s - t.first_token_s) / n;
      decode += t.finish_s - t.first_token_s;
      gaps += n;
      ++with_gaps;
    }
  }
  r.duration_s = last - first;
  if (with_output > 0) r.mean_ttft_s = ttft / with_output;
  if (with_gaps > 0) {
    r.mean_tpot_s = tpot / with_gaps;
    r.mean_itl_s = decode / gaps;
  }
  if (r.duration_s > 0) {
    r.output_tokens_per_s = tokens / r.duration_s;
    r.requests_per_s = as_double(static_cast<std::int64_t>(requests.size())) / r.duration_s;
  }
}

}  // namespace

std::vector<ReplayRequest> requests_at_rate(std::span<const std::int64_t> input_tokens,
                                            std::span<const std::int64_t> output_tokens,
                                            double rate_per_s) {
  // Exponential gaps by inversion, -ln(1 - u) / rate, u from a fixed-seed
  // mt19937_64 (its output is fixed by the standard; the distributions are not).
  std::mt19937_64 random(kArrivalSeed);
  std::vector<ReplayRequest> out;
  double at = 0;
  for (std::size_t i = 0; i < input_tokens.size() && i < output_tokens.size(); ++i) {
    if (std::isfinite(rate_per_s) && i > 0) {
      const double u = static_cast<double>(random() >> 11) * 0x1.0p-53;
      at += -std::log1p(-u) / rate_per_s;
    }
    out.push_back(
        {.arrival_s = at, .input_tokens = input_tokens[i], .output_tokens = output_tokens[i]});
  }
  return out;
}

Replay replay(const Deployment& d, std::span<const ReplayRequest> requests) {
  Replay r;
  std::int64_t longest = 1;
  for (const ReplayRequest& q : requests) {
    longest = std::max(longest, q.input_tokens + std::max<std::int64_t>(q.output_tokens, 1));
  }
  const ServingMemory mem = deployment_memory(d, longest);
  r.fits = mem.fits;
  if (!r.fits) {
    r.why =
        mem.kv_free_bytes <= 0
            ? "the weights, workspace and overhead exceed the usable GPU memory"
            : fmt::format("the longest request ({} tokens) does not fit in the KV cache", longest);
    return r;
  }
  if (requests.empty()) return r;
  Engine engine(d, requests, mem.kv_tokens);
  r.steps = engine.run();
  r.times = engine.times();
  r.max_batch = engine.max_batch();
  summarise(requests, r);
  return r;
}

Replay replay_replicas(const Deployment& d, std::span<const ReplayRequest> requests, int replicas) {
  const auto shards = static_cast<std::size_t>(std::max(replicas, 1));
  if (shards == 1) return replay(d, requests);
  // Request i goes to replica i mod replicas, in arrival order.
  std::vector<std::size_t> order(requests.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return requests[a].arrival_s < requests[b].arrival_s;
  });
  Replay all{.fits = true, .times = std::vector<RequestTimes>(requests.size())};
  for (std::size_t shard = 0; shard < shards && shard < requests.size(); ++shard) {
    std::vector<std::size_t> mine;
    std::vector<ReplayRequest> share;
    for (std::size_t k = shard; k < order.size(); k += shards) {
      mine.push_back(order[k]);
      share.push_back(requests[order[k]]);
    }
    const Replay one = replay(d, share);
    if (!one.fits) return one;
    for (std::size_t j = 0; j < mine.size(); ++j) all.times[mine[j]] = one.times[j];
    all.max_batch = std::max(all.max_batch, one.max_batch);
    all.steps += one.steps;
  }
  summarise(requests, all);
  return all;
}

}  // namespace llmtco
