#include "api.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>

#include "llmtco/error.h"
#include "llmtco/nearest.h"
#include "llmtco/report.h"
#include "llmtco/scenario_file.h"
#include "llmtco/verdict_report.h"
#include "reply_cache.h"

namespace llmtco::server {
namespace {

using nlohmann::json;

// Work one request may ask for, kept to a fraction of a second: the CLI allows
// 10 million Monte Carlo draws, a shared server 100,000 (21 ms, bench/README.md).
constexpr double kMaxSamples = 100'000;
constexpr double kMaxTop = 100'000;
// Integers a JSON number holds exactly (2^53).
constexpr double kMaxExactInteger = 9007199254740992.0;

// A request's "options": the command's settings, each optional, unknown names refused.
class Options {
 public:
  Options(const json& body, std::initializer_list<std::string_view> known) {
    const auto it = body.find("options");
    if (it == body.end() || it->is_null()) return;
    if (!it->is_object()) {
      throw InputError(fmt::format("options: must be an object of settings (got {})", it->dump()));
    }
    for (const auto& [key, value] : it->items()) {
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        throw InputError(
            fmt::format("options.{}: unknown option (valid: {})", key, fmt::join(known, ", ")));
      }
    }
    options_ = &*it;
  }

  // A number within [min, max] (whole if `whole`), or nullopt if absent.
  std::optional<double> number(std::string_view key, double min, double max, bool whole) const {
    const json* value = find(key);
    if (!value) return std::nullopt;
    const std::string valid =
        fmt::format("{} from {:g} to {:g}", whole ? "a whole number" : "a number", min, max);
    if (!value->is_number()) {
      throw InputError(fmt::format("options.{}: must be {} (got {})", key, valid, value->dump()));
    }
    const double x = value->get<double>();
    if (!std::isfinite(x) || x < min || x > max || (whole && std::floor(x) != x)) {
      throw InputError(fmt::format("options.{}: must be {} (got {})", key, valid, value->dump()));
    }
    return x;
  }

  // One of `choices`, or nullopt if absent.
  std::optional<std::string> choice(std::string_view key,
                                    std::initializer_list<std::string_view> choices) const {
    const json* value = find(key);
    if (!value) return std::nullopt;
    if (!value->is_string() ||
        std::find(choices.begin(), choices.end(), value->get<std::string>()) == choices.end()) {
      throw InputError(fmt::format("options.{}: must be one of {} (got {})", key,
                                   fmt::join(choices, ", "), value->dump()));
    }
    return value->get<std::string>();
  }

 private:
  const json* find(std::string_view key) const {
    if (!options_) return nullptr;
    const auto it = options_->find(key);
    return it == options_->end() || it->is_null() ? nullptr : &*it;
  }

  const json* options_ = nullptr;
};

// The scenario part of a body: everything but "options".
Scenario scenario_of(const json& body) {
  json sections = body;
  sections.erase("options");
  return parse_scenario_json(sections, "");
}

Report compare(const json& body) {
  const Options options(body, {"method", "samples", "seed"});
  const std::string method =
      options.choice("method", {"article", "physics", "both"}).value_or("both");
  CompareSettings settings{.article = method != "physics", .physics = method != "article"};
  if (const auto samples = options.number("samples", 0, kMaxSamples, true)) {
    settings.samples = static_cast<std::size_t>(*samples);
  }
  if (const auto seed = options.number("seed", 0, kMaxExactInteger, true)) {
    settings.seed = static_cast<std::uint64_t>(*seed);
  }
  return compare_report(scenario_of(body), settings);
}

Report breakeven(const json& body) {
  const Options options(body, {"from_tokens_per_day", "to_tokens_per_day"});
  const double from =
      options.number("from_tokens_per_day", 1, kBreakevenToTokensPerDay * 1e3, false)
          .value_or(kBreakevenFromTokensPerDay);
  const double to = options.number("to_tokens_per_day", 1, kBreakevenToTokensPerDay * 1e3, false)
                        .value_or(kBreakevenToTokensPerDay);
  if (!(to > from)) {
    throw InputError(fmt::format(
        "options.to_tokens_per_day: must be > from_tokens_per_day ({:g}) (got {:g})", from, to));
  }
  return breakeven_report(scenario_of(body), from, to);
}

Report plan(const json& body) {
  const Options options(body, {"top"});
  const double top = options.number("top", 0, kMaxTop, true).value_or(10);
  return plan_report(scenario_of(body), static_cast<std::size_t>(top));
}

struct Endpoint {
  std::string_view name;
  Report (*run)(const json& body);
};

constexpr std::array<Endpoint, 3> kEndpoints = {{
    {"compare", &compare},
    {"plan", &plan},
    {"breakeven", &breakeven},
}};

const std::array<std::string_view, kEndpoints.size()>& endpoint_names() {
  static const auto names = [] {
    std::array<std::string_view, kEndpoints.size()> out;
    std::transform(kEndpoints.begin(), kEndpoints.end(), out.begin(),
                   [](const Endpoint& e) { return e.name; });
    return out;
  }();
  return names;
}

// Replies to the same body are the same bytes: 256 of them, 64 MiB at most
// (a default compare is about 100 kB).
ReplyCache& cache() {
  static ReplyCache replies(256, std::size_t{64} << 20);
  return replies;
}

}  // namespace

std::span<const std::string_view> report_endpoints() {
  return endpoint_names();
}

Reply error_reply(int status, const std::string& message) {
  return Reply{.status = status, .body = json{{"error", message}}.dump()};
}

Reply post_report(std::string_view endpoint, std::string_view body) {
  const auto it = std::find_if(kEndpoints.begin(), kEndpoints.end(),
                               [&](const Endpoint& e) { return e.name == endpoint; });
  if (it == kEndpoints.end()) {
    return error_reply(404, fmt::format("no report '{}' (nearest: '{}'; reports: {})", endpoint,
                                        nearest_name(endpoint, endpoint_names()),
                                        fmt::join(endpoint_names(), ", ")));
  }
  json request;
  try {
    request = body.empty() ? json::object() : json::parse(body);
  } catch (const json::exception& e) {
    // what() is "[json.exception.parse_error.101] parse error at line 1, column 2: ..."
    // or, for a number past a double's range, "[json.exception.out_of_range.406] ...".
    const std::string_view what = e.what();
    const std::size_t tag_end = what.find("] ");
    return error_reply(
        400, fmt::format("malformed JSON: {}",
                         tag_end == std::string_view::npos ? what : what.substr(tag_end + 2)));
  }
  if (!request.is_object()) {
    return error_reply(400, fmt::format("the body must be a JSON object with the scenario's "
                                        "sections (got {})",
                                        request.type_name()));
  }
  const std::string key = std::string(endpoint) + '\n' + request.dump();
  if (const auto cached = cache().find(key)) return Reply{.body = *cached};
  try {
    Reply reply{.body = render_json(it->run(request))};
    cache().store(key, std::make_shared<const std::string>(reply.body));
    return reply;
  } catch (const InputError& e) {
    return error_reply(400, e.what());
  }
}

Reply health() {
  return Reply{.body = json{{"status", "ok"}, {"version", LLMTCO_VERSION}}.dump()};
}

}  // namespace llmtco::server
