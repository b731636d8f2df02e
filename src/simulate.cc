#include "llmtco/simulate.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <deque>
#include <limits>
#include <numbers>
#include <numeric>
#include <random>

#include "llmtco/error.h"
#include "llmtco/units.h"

namespace llmtco {
namespace {

double as_double(std::int64_t n) {
  return static_cast<double>(n);
}

// ---- Drawing requests -------------------------------------------------------

// Independent streams for the gaps and the two lengths, so that changing one
// distribution leaves the others' draws as they were.
constexpr std::uint64_t kInputStream = 0x9E3779B97F4A7C15ULL;
constexpr std::uint64_t kOutputStream = 0xC2B2AE3D27D4EB4FULL;

class Draws {
 public:
  explicit Draws(std::uint64_t seed) : random_(seed) {}
  // Uniform in [0, 1): the top 53 bits of the generator's output.
  double uniform() { return static_cast<double>(random_() >> 11) * 0x1.0p-53; }
  // Standard normal by Box-Muller (one of the pair).
  double normal() {
    const double radius = std::sqrt(-2.0 * std::log1p(-uniform()));
    return radius * std::cos(2.0 * std::numbers::pi * uniform());
  }
  double exponential() { return -std::log1p(-uniform()); }
  // Gamma of shape k and mean 1: Marsaglia and Tsang (2000), "A simple method for
  // generating gamma variables"; below shape 1 boosted by u^(1/k).
  double gamma(double k) {
    if (k < 1.0) return gamma(k + 1.0) * std::pow(1.0 - uniform(), 1.0 / k) * (k + 1.0) / k;
    const double d = k - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d);
    for (;;) {
      const double x = normal(), v = std::pow(1.0 + c * x, 3.0);
      if (v <= 0) continue;
      const double u = 1.0 - uniform();
      if (std::log(u) < 0.5 * x * x + d - d * v + d * std::log(v)) return d * v / k;
    }
  }

 private:
  std::mt19937_64 random_;
};

std::int64_t draw_length(const LengthSpec& spec, Draws& draws) {
  double tokens = spec.mean_tokens;
  if (spec.dist == LengthDist::kUniform) {
    tokens *= 1.0 + spec.cv * std::sqrt(3.0) * (2.0 * draws.uniform() - 1.0);
  } else if (spec.dist == LengthDist::kLognormal) {
    const double sigma2 = std::log1p(spec.cv * spec.cv);
    tokens =
        std::exp(std::log(spec.mean_tokens) - sigma2 / 2.0 + std::sqrt(sigma2) * draws.normal());
  }
  return static_cast<std::int64_t>(std::max(1.0, std::round(std::min(tokens, 1e12))));
}

template <typename Enum, std::size_t N>
Enum parse_name(const std::array<std::pair<Enum, const char*>, N>& names, const std::string& name,
                const char* what) {
  std::string valid;
  for (const auto& [value, known] : names) {
    if (name == known) return value;
    valid += (valid.empty() ? "" : ", ") + std::string(known);
  }
  throw InputError(fmt::format("unknown {} '{}' (valid: {})", what, name, valid));
}

template <typename Enum, std::size_t N>
const char* name_of(const std::array<std::pair<Enum, const char*>, N>& names, Enum value) {
  for (const auto& [known, name] : names) {
    if (known == value) return name;
  }
  return names[0].second;
}

constexpr std::array<std::pair<Arrivals, const char*>, 2> kArrivalNames = {
    {{Arrivals::kPoisson, "poisson"}, {Arrivals::kGamma, "gamma"}}};
constexpr std::array<std::pair<LengthDist, const char*>, 3> kLengthNames = {
    {{LengthDist::kFixed, "fixed"},
     {LengthDist::kUniform, "uniform"},
     {LengthDist::kLognormal, "lognormal"}}};
constexpr std::array<std::pair<Balancer, const char*>, 2> kBalancerNames = {
    {{Balancer::kRoundRobin, "round_robin"}, {Balancer::kLeastLoaded, "least_loaded"}}};

std::string length_problem(const LengthSpec& spec, const char* which) {
  if (!(spec.mean_tokens >= 1 && spec.mean_tokens <= 1e7)) {
    return fmt::format("{} mean length must be between 1 and 1e7 tokens (got {})", which,
                       spec.mean_tokens);
  }
  const double most_cv = spec.dist == LengthDist::kUniform ? 1.0 / std::sqrt(3.0) : 10.0;
  if (spec.dist != LengthDist::kFixed && !(spec.cv >= 0 && spec.cv <= most_cv)) {
    return fmt::format("{} length cv must be between 0 and {:.3g} for {} lengths (got {})", which,
                       most_cv, length_dist_name(spec.dist), spec.cv);
  }
  return {};
}

}  // namespace

const char* arrivals_name(Arrivals arrivals) {
  return name_of(kArrivalNames, arrivals);
}
Arrivals parse_arrivals(const std::string& name) {
  return parse_name(kArrivalNames, name, "arrival process");
}
const char* length_dist_name(LengthDist dist) {
  return name_of(kLengthNames, dist);
}
LengthDist parse_length_dist(const std::string& name) {
  return parse_name(kLengthNames, name, "length distribution");
}
const char* balancer_name(Balancer balancer) {
  return name_of(kBalancerNames, balancer);
}
Balancer parse_balancer(const std::string& name) {
  return parse_name(kBalancerNames, name, "load balancer");
}

std::string request_shape_problem(const RequestShape& shape) {
  if (shape.arrivals == Arrivals::kGamma &&
      !(shape.burstiness_cv > 0 && shape.burstiness_cv <= kMaxBurstinessCv)) {
    return fmt::format(
        "burstiness (the gaps' coefficient of variation) must be > 0 and <= {} (got {})",
        kMaxBurstinessCv, shape.burstiness_cv);
  }
  if (std::string problem = length_problem(shape.input, "input"); !problem.empty()) return problem;
  return length_problem(shape.output, "output");
}

std::vector<double> arrival_times(const RequestShape& shape, double rate_per_s, std::size_t count,
                                  std::uint64_t seed) {
  std::vector<double> out(count, 0.0);
  if (!std::isfinite(rate_per_s)) return out;
  Draws gaps(seed);
  const double shape_k = 1.0 / (shape.burstiness_cv * shape.burstiness_cv);
  double at = 0;
  for (std::size_t i = 1; i < count; ++i) {
    at += shape.arrivals == Arrivals::kGamma ? gaps.gamma(shape_k) : gaps.exponential();
    out[i] = at / rate_per_s;
  }
  return out;
}

std::vector<SimRequest> generate_requests(const RequestShape& shape, double rate_per_s,
                                          std::size_t count, std::uint64_t seed) {
  const std::vector<double> at = arrival_times(shape, rate_per_s, count, seed);
  Draws input(seed ^ kInputStream), output(seed ^ kOutputStream);
  std::vector<SimRequest> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    out.push_back({.arrival_s = at[i],
                   .input_tokens = draw_length(shape.input, input),
                   .output_tokens = draw_length(shape.output, output)});
  }
  return out;
}

namespace {

// ---- One replica --------------------------------------------------------------

// A request inside a replica.
struct Seq {
  std::size_t request = 0;
  bool counted = true;
  double ready_s = 0;             // when the front end hands it to the scheduler
  std::int64_t input_tokens = 1;  // its prompt
  std::int64_t target = 1;        // tokens to produce, >= 1 (an empty reply still takes a step)
  // Tokens to compute before its next token: the prompt, and after a preemption
  // the prompt with the tokens it had produced (recomputed, vLLM's default).
  std::int64_t prompt_tokens = 1;
  std::int64_t computed = 0;   // tokens in its KV cache
  std::int64_t generated = 0;  // tokens produced
  std::int64_t blocks = 0;     // KV blocks held
  std::int64_t scheduled = 0;  // new tokens in the step being built
  double last_token_s = 0;
  bool decoding() const { return computed >= prompt_tokens; }
};

// Every gap between two tokens (of counted requests) as (seconds, how many).
using Gaps = std::vector<std::pair<double, double>>;

// Watches one latency of the counted requests as they come in, against a
// target: missed once the target's statistic is sure to exceed it whatever the
// rest turn out to be. Of n values at percentile p the linear interpolation
// lies at or above the value of rank floor(p / 100 (n - 1)), so more than
// n - 1 - that rank values above the target put it above; values are >= 0, so
// a sum above n x target puts the mean above.
class Watch {
 public:
  Watch() = default;
  Watch(const LatencyTarget& target, double limit_s, std::size_t n)
      : on_(n > 0), mean_(target.mean), limit_s_(limit_s) {
    const auto rank = static_cast<std::size_t>(
        std::floor(target.percentile / 100.0 * as_double(static_cast<std::int64_t>(n) - 1)));
    allowed_ = n - 1 - std::min(rank, n - 1);
    budget_s_ = limit_s * as_double(static_cast<std::int64_t>(n));
  }
  void add(double value_s) {
    if (!on_) return;
    if (mean_) {
      sum_s_ += value_s;
      missed_ = missed_ || sum_s_ > budget_s_;
    } else if (value_s > limit_s_) {
      missed_ = missed_ || ++over_ > allowed_;
    }
  }
  bool missed() const { return missed_; }

 private:
  bool on_ = false, mean_ = false, missed_ = false;
  double limit_s_ = 0, budget_s_ = 0, sum_s_ = 0;
  std::size_t allowed_ = 0, over_ = 0;
};

struct Watches {
  Watch ttft, tpot;
  bool missed() const { return ttft.missed() || tpot.missed(); }
};

class Replica {
 public:
  Replica(const Deployment& d, std::span<const SimRequest> requests,
          std::vector<RequestTimes>& times, std::int64_t blocks, Gaps& gaps, Watches& watches,
          int index)
      : d_(d),
        requests_(requests),
        times_(times),
        free_blocks_(blocks),
        gaps_(gaps),
        watches_(watches),
        index_(index) {}

  void collect_gaps(bool on) { inter_token_ = on; }

  void submit(std::size_t request, bool counted) {
    const SimRequest& r = requests_[request];
    pending_.push_back({.request = request,
                        .counted = counted,
                        .ready_s = r.arrival_s + d_.engine.request_overhead_ms / kMsPerSecond,
                        .input_tokens = r.input_tokens,
                        .target = std::max<std::int64_t>(r.output_tokens, 1),
                        .prompt_tokens = r.input_tokens});
    times_[request].replica = index_;
  }

  // Runs steps until the clock reaches `limit` (a step under way may end after
  // it) or there is nothing left to do.
  void advance_to(double limit) {
    while (now_ < limit && !(pending_.empty() && waiting_.empty() && running_.empty()) &&
           !watches_.missed()) {
      iterate(limit);
    }
  }

  std::size_t outstanding() const { return pending_.size() + waiting_.size() + running_.size(); }
  int waiting() const { return static_cast<int>(pending_.size() + waiting_.size()); }
  int running() const { return static_cast<int>(running_.size()); }
  std::int64_t steps() const { return steps_; }
  std::size_t max_batch() const { return max_batch_; }

 private:
  std::int64_t block_tokens() const { return std::max<std::int64_t>(d_.engine.kv_block_tokens, 1); }
  std::int64_t blocks_for(std::int64_t tokens) const {
    return (tokens + block_tokens() - 1) / block_tokens();
  }
  std::size_t seq_limit() const { return static_cast<std::size_t>(d_.engine.max_num_seqs); }

  void iterate(double limit) {
    while (!pending_.empty() && pending_.front().ready_s <= now_) {
      waiting_.push_back(pending_.front());
      pending_.pop_front();
    }
    if (running_.empty() && waiting_.empty()) {
      now_ = std::min(pending_.front().ready_s, limit);  // idle until the next request
      return;
    }
    if (d_.engine.mixed_prefill && d_.engine.continuous_batching) {
      mixed_step(limit);
    } else {
      phased_step(limit);
    }
  }

  // Blocks for `n` more tokens of running_[i]; while the cache is short, the
  // newest running sequence is preempted (the sequence itself when it is the
  // newest: then false).
  bool reserve(std::size_t i, std::int64_t n) {
    Seq& s = running_[i];
    const std::int64_t need = blocks_for(s.computed + n) - s.blocks;
    while (need > free_blocks_) {
      const std::size_t newest = running_.size() - 1;
      preempt(newest);
      if (newest == i) return false;
    }
    running_[i].blocks += need;
    free_blocks_ -= need;
    return true;
  }

  bool take(Seq& s, std::int64_t n) {
    const std::int64_t need = blocks_for(s.computed + n) - s.blocks;
    if (need > free_blocks_) return false;
    s.blocks += need;
    free_blocks_ -= need;
    return true;
  }

  void preempt(std::size_t i) {
    Seq s = running_[i];
    if (!s.decoding()) --prefilling_;
    cached_tokens_ -= s.computed;
    running_.erase(running_.begin() + static_cast<std::ptrdiff_t>(i));
    free_blocks_ += s.blocks;
    s.blocks = 0;
    s.computed = 0;
    s.scheduled = 0;
    s.prompt_tokens = s.input_tokens + s.generated;
    ++times_[s.request].preemptions;
    waiting_.push_front(s);
  }

  static void add_load(const Seq& s, StepLoad& load) {
    const double n = as_double(s.scheduled), c = as_double(s.computed);
    load.tokens += n;
    load.attended_tokens += n * c + n * (n + 1.0) / 2.0;
    load.kv_tokens_read += c;
    if (s.computed + s.scheduled >= s.prompt_tokens) load.logits += 1;
  }

  // One step as vLLM's V1 scheduler builds it: the running sequences first,
  // oldest first (a decode takes one token, a prompt under way a chunk of what
  // the budget has left), then waiting prompts in order while the budget, the
  // sequence limit and the cache allow.
  void mixed_step(double limit) {
    const bool admits = !waiting_.empty() && running_.size() < seq_limit();
    if (prefilling_ == 0 && !admits) return decode_only(limit);
    std::int64_t budget = d_.engine.max_batched_tokens;
    bool prompts = false;
    for (std::size_t i = 0; i < running_.size(); ++i) {
      Seq& s = running_[i];
      s.scheduled = s.decoding() ? 1 : std::min(s.prompt_tokens - s.computed, budget);
      if (s.scheduled <= 0) continue;
      const std::int64_t n = s.scheduled;
      if (!reserve(i, n)) break;
      prompts = prompts || !running_[i].decoding();
      budget -= n;
    }
    while (!waiting_.empty() && running_.size() < seq_limit() && budget > 0) {
      Seq& s = waiting_.front();
      s.scheduled = std::min(s.prompt_tokens, budget);
      if (!take(s, s.scheduled)) break;
      budget -= s.scheduled;
      prompts = true;
      join(s);
      waiting_.pop_front();
    }
    if (!prompts && budget > 0) return decode_jump(limit);
    run_step();
  }

  // Prompts in steps of their own that pause the decodes (vLLM without chunked
  // prefill), or an engine without continuous batching: a new batch only when
  // the last has ended.
  void phased_step(double limit) {
    const bool admit = d_.engine.continuous_batching || running_.empty();
    std::int64_t budget = d_.engine.max_batched_tokens;
    bool admitted = false;
    while (admit && !waiting_.empty() && running_.size() < seq_limit()) {
      Seq& s = waiting_.front();
      // A prompt longer than the budget runs alone.
      if (admitted && s.prompt_tokens > budget) break;
      s.scheduled = s.prompt_tokens;
      if (!take(s, s.scheduled)) break;
      budget -= s.scheduled;
      admitted = true;
      join(s);
      waiting_.pop_front();
    }
    if (admitted) {
      for (Seq& s : running_) {
        if (s.decoding()) s.scheduled = 0;
      }
      return run_step();
    }
    const std::int64_t round = d_.engine.scheduler_steps;
    if (round > 1) return multi_step_round(round);
    decode_only(limit);
  }

  // A step of decodes only: each sequence needs at most one more block; when the
  // cache has fewer free, they are taken in order, preempting the newest.
  void decode_only(double limit) {
    if (free_blocks_ < static_cast<std::int64_t>(running_.size())) {
      for (std::size_t i = 0; i < running_.size(); ++i) {
        if (!reserve(i, 1)) break;
      }
    }
    decode_jump(limit);
  }

  // The step built: its time from the speed model for exactly this batch.
  void run_step() {
    StepLoad load;
    for (const Seq& s : running_) {
      if (s.scheduled > 0) add_load(s, load);
    }
    max_batch_ = std::max(max_batch_, running_.size());
    now_ += step_time(d_, load).total_s;
    ++steps_;
    retire([this](Seq& s) {
      if (s.scheduled == 0) return false;
      const bool prefilled = !s.decoding();
      s.computed += s.scheduled;
      s.scheduled = 0;
      if (!s.decoding()) return false;
      if (prefilled) --prefilling_;
      double none = 0;
      return emit(s, 1, now_, 0.0, none);
    });
  }

  // `tokens` more tokens of `s`, the first at `first_s`, the rest `step_s`
  // apart (those gaps the caller counts: `steady_gaps`); true when that was its
  // last (its blocks are then free).
  bool emit(Seq& s, std::int64_t tokens, double first_s, double step_s, double& steady_gaps) {
    RequestTimes& t = times_[s.request];
    std::int64_t steady = tokens - 1;
    if (s.generated > 0 && s.last_token_s + step_s == first_s) {
      ++steady;  // its last token ended the step before: its first gap is a step too
    } else if (s.generated == 0) {
      t.first_token_s = first_s;
      if (s.counted && t.output_tokens > 0) watches_.ttft.add(first_s - t.arrival_s);
    } else {
      const double first_gap_s = first_s - s.last_token_s;
      t.max_gap_s = std::max(t.max_gap_s, first_gap_s);
      if (s.counted) add_gaps(first_gap_s, 1);
    }
    if (steady > 0) {
      t.max_gap_s = std::max(t.max_gap_s, step_s);
      if (s.counted) steady_gaps += as_double(steady);
    }
    s.generated += tokens;
    s.last_token_s = first_s + step_s * as_double(tokens - 1);
    if (s.generated < s.target) return false;
    t.finish_s = s.last_token_s;
    if (s.counted && t.output_tokens > 1) {
      watches_.tpot.add((t.finish_s - t.first_token_s) / as_double(t.output_tokens - 1));
    }
    free_blocks_ += s.blocks;
    return true;
  }

  // Gaps of the same length in a row (a step's, for every sequence in it) are
  // one entry.
  void add_gaps(double gap_s, double count) {
    if (count <= 0 || !inter_token_) return;
    if (!gaps_.empty() && gaps_.back().first == gap_s) {
      gaps_.back().second += count;
    } else {
      gaps_.emplace_back(gap_s, count);
    }
  }

  // Applies `step` to every running sequence and keeps, in order, those for
  // which it returns false (not finished).
  // It keeps the tokens in the cache and the fewest tokens left to produce up to date.
  template <typename Step>
  void retire(Step step) {
    std::size_t kept = 0;
    min_left_ = std::numeric_limits<std::int64_t>::max();
    for (std::size_t i = 0; i < running_.size(); ++i) {
      Seq& s = running_[i];
      const std::int64_t before = s.computed;
      const bool done = step(s);
      cached_tokens_ += (done ? 0 : s.computed) - before;
      if (done) continue;
      min_left_ = std::min(min_left_, s.target - s.generated);
      if (kept != i) running_[kept] = s;
      ++kept;
    }
    running_.resize(kept);
  }

  void join(const Seq& s) {
    ++prefilling_;
    min_left_ = std::min(min_left_, s.target - s.generated);
    running_.push_back(s);
  }

  // The decode step, and as many like it after it as change nothing the
  // scheduler looks at: no sequence ends, no request becomes admissible, the
  // cache does not run short, the clock stays short of `limit`.
  void decode_jump(double limit) {
    if (running_.empty()) return;
    // min_left_ may be below the true fewest (a preempted sequence's): a shorter jump.
    std::int64_t k = min_left_;
    const double kv_tokens = as_double(cached_tokens_);
    const auto n = static_cast<std::int64_t>(running_.size());
    // k more tokens need at most ceil(k / block) more blocks each (the first's
    // are reserved when the cache has fewer than one a sequence free).
    k = std::min(k, std::max<std::int64_t>(1, block_tokens() * (free_blocks_ / n)));
    double until_s = limit - now_;
    const bool room = waiting_.empty() && running_.size() < seq_limit();
    if (room && !pending_.empty()) until_s = std::min(until_s, pending_.front().ready_s - now_);
    double step_s = decode_step_s(kv_tokens, n, k);
    if (until_s < as_double(k) * step_s) {
      k = std::clamp<std::int64_t>(static_cast<std::int64_t>(std::ceil(until_s / step_s)), 1, k);
      step_s = decode_step_s(kv_tokens, n, k);
    }
    max_batch_ = std::max(max_batch_, running_.size());
    const double first_s = now_ + step_s;
    now_ += as_double(k) * step_s;
    steps_ += k;
    double steady_gaps = 0;
    retire([&](Seq& s) {
      take(s, k);  // room was left for it above
      s.computed += k;
      return emit(s, k, first_s, step_s, steady_gaps);
    });
    add_gaps(step_s, steady_gaps);
  }

  // One of k decode steps of n sequences holding kv_tokens in the cache: the
  // middle one's time, contexts growing a token a step.
  double decode_step_s(double kv_tokens, std::int64_t n, std::int64_t k) const {
    const double batch = as_double(n), middle = kv_tokens + batch * as_double(k - 1) / 2.0;
    return step_time(d_, {.tokens = batch,
                          .logits = batch,
                          .attended_tokens = middle + batch,
                          .kv_tokens_read = middle})
        .total_s;
  }

  // vLLM's multi-step scheduling: `round` decode steps with the batch fixed,
  // their tokens streamed at the round's end.
  void multi_step_round(std::int64_t round) {
    std::int64_t longest = 0;
    for (const Seq& s : running_) longest = std::max(longest, s.target - s.generated);
    const std::int64_t k = std::min(round, longest);
    for (std::size_t i = 0; i < running_.size(); ++i) {
      const Seq& s = running_[i];
      if (!reserve(i, std::min(k, s.target - s.generated))) break;
    }
    StepLoad load;
    for (Seq& s : running_) {
      s.scheduled = 1;
      add_load(s, load);
    }
    const double n = as_double(static_cast<std::int64_t>(running_.size()));
    load.attended_tokens += n * as_double(k - 1) / 2.0;
    load.kv_tokens_read += n * as_double(k - 1) / 2.0;
    max_batch_ = std::max(max_batch_, running_.size());
    now_ += as_double(k) * step_time(d_, load).total_s;
    steps_ += k;
    double burst_gaps = 0;  // the round's tokens after a sequence's first stream at once
    retire([&](Seq& s) {
      const std::int64_t tokens = std::min(k, s.target - s.generated);
      s.computed += tokens;
      s.scheduled = 0;
      return emit(s, tokens, now_, 0.0, burst_gaps);
    });
    add_gaps(0.0, burst_gaps);
  }

  const Deployment& d_;
  std::span<const SimRequest> requests_;
  std::vector<RequestTimes>& times_;
  std::int64_t free_blocks_;
  Gaps& gaps_;
  Watches& watches_;
  int index_;
  std::deque<Seq> pending_, waiting_;
  std::vector<Seq> running_;
  double now_ = 0;
  std::int64_t steps_ = 0;
  std::size_t max_batch_ = 0;
  bool inter_token_ = true;
  std::size_t prefilling_ = 0;      // running sequences whose prompt is under way
  std::int64_t cached_tokens_ = 0;  // in the running sequences' caches
  std::int64_t min_left_ = std::numeric_limits<std::int64_t>::max();  // tokens, at most the fewest
};

double sorted_percentile(const std::vector<double>& values, double p) {
  if (values.empty()) return 0;
  const double rank =
      std::clamp(p, 0.0, 100.0) / 100.0 * as_double(static_cast<std::int64_t>(values.size() - 1));
  const auto low = static_cast<std::size_t>(std::floor(rank));
  const std::size_t high = std::min(low + 1, values.size() - 1);
  return values[low] +
         (rank - as_double(static_cast<std::int64_t>(low))) * (values[high] - values[low]);
}

// The longest request's blocks, or why the deployment cannot serve the run.
std::string fit_problem(const Deployment& d, std::span<const SimRequest> requests,
                        std::int64_t& blocks) {
  std::int64_t longest = 1;
  for (const SimRequest& q : requests) {
    longest = std::max(longest, q.input_tokens + std::max<std::int64_t>(q.output_tokens, 1));
  }
  const ServingMemory mem = deployment_memory(d, longest);
  if (mem.kv_free_bytes <= 0)
    return "the weights, workspace and overhead exceed the usable GPU memory";
  const std::int64_t block = std::max<std::int64_t>(d.engine.kv_block_tokens, 1);
  blocks = mem.kv_tokens / block;
  if (!mem.fits || blocks * block < longest) {
    return fmt::format("the longest request ({} tokens) does not fit in the KV cache", longest);
  }
  return {};
}

LatencyStats stats_of(std::vector<double> values) {
  LatencyStats out{.count = values.size()};
  if (values.empty()) return out;
  out.mean_s = std::accumulate(values.begin(), values.end(), 0.0) /
               as_double(static_cast<std::int64_t>(values.size()));
  std::sort(values.begin(), values.end());
  const auto at = [&](double p) { return sorted_percentile(values, p); };
  out.p50_s = at(50);
  out.p90_s = at(90);
  out.p95_s = at(95);
  out.p99_s = at(99);
  return out;
}

// Percentiles of weighted gaps by nearest rank: the smallest gap with at least
// p% of all gaps at or below it.
LatencyStats gap_stats(Gaps gaps) {
  LatencyStats out;
  double total = 0, sum = 0;
  for (const auto& [gap_s, count] : gaps) {
    total += count;
    sum += gap_s * count;
  }
  if (total <= 0) return out;
  out.count = static_cast<std::size_t>(total);
  out.mean_s = sum / total;
  std::sort(gaps.begin(), gaps.end());
  const auto at = [&](double p) {
    double seen = 0;
    for (const auto& [gap_s, count] : gaps) {
      seen += count;
      if (seen >= p / 100.0 * total) return gap_s;
    }
    return gaps.back().first;
  };
  out.p50_s = at(50);
  out.p90_s = at(90);
  out.p95_s = at(95);
  out.p99_s = at(99);
  return out;
}

enum class Latency { kTtft, kTpot, kE2e };

std::vector<double> latencies(const Simulation& sim, Latency which) {
  std::vector<double> out;
  out.reserve(sim.times.size());
  for (const RequestTimes& t : sim.times) {
    if (!t.counted) continue;
    if (which == Latency::kE2e) {
      out.push_back(t.finish_s - t.arrival_s);
    } else if (which == Latency::kTtft && t.output_tokens > 0) {
      out.push_back(t.first_token_s - t.arrival_s);
    } else if (which == Latency::kTpot && t.output_tokens > 1) {
      out.push_back((t.finish_s - t.first_token_s) / as_double(t.output_tokens - 1));
    }
  }
  return out;
}

void summarise(Simulation& sim, Gaps gaps) {
  double first = INFINITY, last = 0, tokens = 0;
  for (const RequestTimes& t : sim.times) {
    first = std::min(first, t.arrival_s);
    last = std::max(last, t.finish_s);
    tokens += as_double(t.output_tokens);
    sim.preemptions += t.preemptions;
    if (t.counted) ++sim.counted;
  }
  sim.ttft = stats_of(latencies(sim, Latency::kTtft));
  sim.tpot = stats_of(latencies(sim, Latency::kTpot));
  sim.e2e = stats_of(latencies(sim, Latency::kE2e));
  sim.itl = gap_stats(std::move(gaps));
  sim.duration_s = last - first;
  if (sim.duration_s > 0) {
    sim.output_tokens_per_s = tokens / sim.duration_s;
    sim.requests_per_s = as_double(static_cast<std::int64_t>(sim.times.size())) / sim.duration_s;
  }
}

std::size_t pick_replica(const std::vector<Replica>& fleet, Balancer balancer, std::size_t nth) {
  if (balancer == Balancer::kRoundRobin) return nth % fleet.size();
  std::size_t best = 0;
  for (std::size_t i = 1; i < fleet.size(); ++i) {
    if (fleet[i].outstanding() < fleet[best].outstanding()) best = i;
  }
  return best;
}

// The watches of a target over the counted requests' TTFT and TPOT; none without one.
Watches watches_of(const SimOptions& options, const Simulation& sim) {
  if (!options.stop_when_missed) return {};
  std::size_t with_output = 0, with_gaps = 0;
  for (const RequestTimes& t : sim.times) {
    with_output += t.counted && t.output_tokens > 0 ? 1 : 0;
    with_gaps += t.counted && t.output_tokens > 1 ? 1 : 0;
  }
  const LatencyTarget& target = *options.stop_when_missed;
  return {.ttft = Watch(target, target.ttft_s, with_output),
          .tpot = Watch(target, target.tpot_s, with_gaps)};
}

void run_fleet(const Deployment& d, std::span<const SimRequest> requests, const SimOptions& options,
               std::int64_t blocks, Simulation& sim, Gaps& gaps) {
  std::vector<std::size_t> order(requests.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return requests[a].arrival_s < requests[b].arrival_s;
  });
  for (std::size_t nth = 0; nth < order.size(); ++nth) {
    sim.times[order[nth]].counted = nth >= options.warmup_requests;
  }
  Watches watches = watches_of(options, sim);
  std::vector<Replica> fleet;
  for (int i = 0; i < std::max(options.replicas, 1); ++i) {
    fleet.emplace_back(d, requests, sim.times, blocks, gaps, watches, i);
    fleet.back().collect_gaps(options.inter_token);
  }
  for (std::size_t nth = 0; nth < order.size() && !watches.missed(); ++nth) {
    const std::size_t i = order[nth];
    const double at_s = requests[i].arrival_s;
    TimelinePoint point{.time_s = at_s};
    for (Replica& r : fleet) {
      r.advance_to(at_s);
      point.waiting += r.waiting();
      point.running += r.running();
    }
    if (options.timeline) sim.timeline.push_back(point);
    fleet[pick_replica(fleet, options.balancer, nth)].submit(i, sim.times[i].counted);
  }
  for (Replica& r : fleet) {
    r.advance_to(INFINITY);
    sim.steps += r.steps();
    sim.max_batch = std::max(sim.max_batch, static_cast<double>(r.max_batch()));
  }
  sim.missed = watches.missed();
}

}  // namespace

Simulation simulate(const Deployment& d, std::span<const SimRequest> requests,
                    const SimOptions& options) {
  Simulation sim;
  std::int64_t blocks = 0;
  sim.why = fit_problem(d, requests, blocks);
  sim.fits = sim.why.empty();
  if (!sim.fits || requests.empty()) return sim;
  sim.times.resize(requests.size());
  for (std::size_t i = 0; i < requests.size(); ++i) {
    sim.times[i].arrival_s = requests[i].arrival_s;
    sim.times[i].output_tokens = requests[i].output_tokens;
  }
  Gaps gaps;
  run_fleet(d, requests, options, blocks, sim, gaps);
  if (sim.missed) {
    sim.times.clear();
    sim.timeline.clear();
    return sim;
  }
  summarise(sim, std::move(gaps));
  return sim;
}

double percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  return sorted_percentile(values, p);
}

namespace {
// The target's statistic of a latency: from its summary when that has it.
double statistic(const Simulation& sim, Latency which, const LatencyTarget& target) {
  const LatencyStats& stats = which == Latency::kTtft ? sim.ttft : sim.tpot;
  if (target.mean) return stats.mean_s;
  const std::pair<double, double> summarised[] = {
      {50, stats.p50_s}, {90, stats.p90_s}, {95, stats.p95_s}, {99, stats.p99_s}};
  for (const auto& [p, value] : summarised) {
    if (target.percentile == p) return value;
  }
  return percentile(latencies(sim, which), target.percentile);
}

}  // namespace

double ttft_at(const Simulation& sim, const LatencyTarget& target) {
  return statistic(sim, Latency::kTtft, target);
}

double tpot_at(const Simulation& sim, const LatencyTarget& target) {
  return statistic(sim, Latency::kTpot, target);
}

Goodput goodput(const Simulation& sim, const LatencyTarget& target) {
  Goodput out;
  for (const RequestTimes& t : sim.times) {
    if (!t.counted) continue;
    const bool ttft_ok = t.output_tokens == 0 || t.first_token_s - t.arrival_s <= target.ttft_s;
    const bool tpot_ok =
        t.output_tokens <= 1 ||
        (t.finish_s - t.first_token_s) / as_double(t.output_tokens - 1) <= target.tpot_s;
    if (ttft_ok && tpot_ok) ++out.met;
  }
  if (sim.counted > 0)
    out.share = as_double(static_cast<std::int64_t>(out.met)) /
                as_double(static_cast<std::int64_t>(sim.counted));
  if (sim.duration_s > 0)
    out.requests_per_s = as_double(static_cast<std::int64_t>(out.met)) / sim.duration_s;
  return out;
}

}  // namespace llmtco
