#include "api.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>

#include "io/json_text.h"
#include "llmtco/api_price.h"
#include "llmtco/builtin_catalogs.h"
#include "llmtco/catalog_report.h"
#include "llmtco/catalogs.h"
#include "llmtco/clock.h"
#include "llmtco/error.h"
#include "llmtco/finetune_report.h"
#include "llmtco/limits_report.h"
#include "llmtco/memory_report.h"
#include "llmtco/nearest.h"
#include "llmtco/perf_report.h"
#include "llmtco/render.h"
#include "llmtco/scenario_file.h"
#include "llmtco/simulate_report.h"
#include "llmtco/text.h"
#include "llmtco/usage_export.h"
#include "llmtco/usage_report.h"
#include "llmtco/verdict_report.h"
#include "llmtco/volume.h"
#include "reply_cache.h"

namespace llmtco::server {
namespace {

using nlohmann::json;

// Work one request may ask for, kept to a fraction of a second: the CLI allows
// 10 million Monte Carlo draws, a shared server 100,000 (21 ms, bench/README.md).
constexpr double kMaxSamples = 100'000;
// Requests one simulation may run: 20,000 take well under a second (the
// simulator serves 10,000 in under 100 ms, bench/README.md); the CLI allows 1,000,000.
constexpr std::int64_t kMaxServerSimulatedRequests = 20'000;
// Replicas one simulation may have: every arrival brings each to its time, so 20,000
// requests over 64 busy replicas take about half a second; the CLI allows 1,000.
constexpr int kMaxServerSimulatedReplicas = 64;
// Integers a JSON number holds exactly (2^53).
constexpr double kMaxExactInteger = 9007199254740992.0;

// A scenario nests four levels at most (body, section, field, list of names); a
// body nested deeper is refused before it is parsed, so that no recursion over a
// parsed value can run out of stack.
constexpr int kMaxNesting = 16;
// Usage files one request may send; their bytes are bounded by the body's limit.
constexpr std::size_t kMaxUsageFiles = 32;

// The deepest nesting of objects and arrays in JSON text, strings skipped.
int nesting_depth(std::string_view text) {
  int depth = 0;
  int deepest = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      deepest = std::max(deepest, ++depth);
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return deepest;
}

// A request's "options": the command's settings, each optional. Each accessor
// names a valid option; refuse_unknown(), called after them all, refuses the rest.
class Options {
 public:
  explicit Options(const json& body) {
    const auto it = body.find("options");
    if (it == body.end() || it->is_null()) return;
    if (!it->is_object()) {
      throw InputError(fmt::format("options: must be an object of settings (got {})", it->dump()));
    }
    options_ = &*it;
  }

  void refuse_unknown() const {
    if (!options_) return;
    for (const auto& [key, value] : options_->items()) {
      if (std::find(known_.begin(), known_.end(), key) == known_.end()) {
        throw InputError(
            fmt::format("options.{}: unknown option (valid: {})", key, fmt::join(known_, ", ")));
      }
    }
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

  // Request members the library validates: only the JSON type is checked here.
  void bind(std::string_view key, std::string& out) const {
    if (const json* value = find(key)) {
      if (!value->is_string()) fail(key, "text", *value);
      out = value->get<std::string>();
    }
  }
  void bind(std::string_view key, bool& out) const {
    if (const json* value = find(key)) {
      if (!value->is_boolean()) fail(key, "true or false", *value);
      out = value->get<bool>();
    }
  }
  void bind(std::string_view key, double& out) const {
    if (const json* value = find(key)) {
      if (!value->is_number()) fail(key, "a number", *value);
      out = value->get<double>();
    }
  }
  void bind(std::string_view key, std::optional<double>& out) const {
    if (find(key)) bind(key, out.emplace());
  }
  template <typename Integer>
  void bind(std::string_view key, Integer& out) const {
    if (const json* value = find(key)) {
      const double x = value->is_number() ? value->get<double>() : 0.5;
      // Within the member's type, and exact in a double.
      const double limit =
          std::min(static_cast<double>(std::numeric_limits<Integer>::max()), kMaxExactInteger);
      if (std::floor(x) != x || std::abs(x) > limit) {
        fail(key, "a whole number", *value);
      }
      out = static_cast<Integer>(x);
    }
  }
  template <typename Integer>
  void bind(std::string_view key, std::optional<Integer>& out) const {
    if (find(key)) bind(key, out.emplace());
  }
  // Text, or a number as text ("95" for 95): a member the library parses.
  void bind_text_or_number(std::string_view key, std::string& out) const {
    if (const json* value = find(key)) {
      if (value->is_number()) {
        out = fmt::format("{}", value->get<double>());
      } else if (value->is_string()) {
        out = value->get<std::string>();
      } else {
        fail(key, "a number or text", *value);
      }
    }
  }
  // Whether the body's options set `key`; unlike the accessors, it names no valid
  // option (it tells where a member's value came from).
  bool has(std::string_view key) const {
    if (!options_) return false;
    const auto it = options_->find(key);
    return it != options_->end() && !it->is_null();
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
  [[noreturn]] static void fail(std::string_view key, std::string_view valid, const json& value) {
    throw InputError(fmt::format("options.{}: must be {} (got {})", key, valid, value.dump()));
  }

  const json* find(std::string_view key) const {
    if (std::find(known_.begin(), known_.end(), key) == known_.end()) known_.push_back(key);
    if (!options_) return nullptr;
    const auto it = options_->find(key);
    return it == options_->end() || it->is_null() ? nullptr : &*it;
  }

  const json* options_ = nullptr;
  mutable std::vector<std::string_view> known_;  // the options asked for, in order
};

// options.include_flagged (default false) and today's date (UTC).
PriceChecks price_checks(const Options& options) {
  PriceChecks checks{.today_iso = today_utc_iso()};
  options.bind("include_flagged", checks.include_flagged);
  return checks;
}

// The scenario part of a body: everything but "options".
Scenario scenario_of(const json& body) {
  json sections = body;
  sections.erase("options");
  return with_open_model(parse_scenario_json(sections, ""));
}

Report compare(const json& body) {
  const Options options(body);
  const std::string method =
      options.choice("method", {"auto", "article", "physics", "both"}).value_or("auto");
  const Scenario scenario = scenario_of(body);
  CompareSettings settings = compare_settings(method, scenario);
  if (const auto samples = options.number("samples", 0, kMaxSamples, true)) {
    settings.samples = static_cast<std::size_t>(*samples);
  }
  if (const auto seed = options.number("seed", 0, kMaxExactInteger, true)) {
    settings.seed = static_cast<std::uint64_t>(*seed);
  }
  settings.checks = price_checks(options);
  options.refuse_unknown();
  return compare_report(server_catalogs(), scenario, settings);
}

Report plan(const json& body) {
  const Options options(body);
  const double top = options.number("top", 0, static_cast<double>(kMaxPlanRows), true).value_or(10);
  const PriceChecks checks = price_checks(options);
  options.refuse_unknown();
  return plan_report(server_catalogs(), scenario_of(body), static_cast<std::size_t>(top), checks);
}

// Refuses unknown options, then runs `build`; a FieldError about a request member
// is renamed for the body: the scenario field it was taken from, or the option
// that set it.
Report with_field_names(const Options& options,
                        std::initializer_list<std::pair<std::string_view, std::string_view>> from,
                        const std::function<Report()>& build) {
  options.refuse_unknown();
  try {
    return build();
  } catch (const FieldError& e) {
    for (const auto& [member, path] : from) {
      if (e.field() == member && !options.has(member)) {
        throw InputError(fmt::format("{}: {}", path, e.problem()));
      }
    }
    throw InputError(fmt::format("options.{}: {}", e.field(), e.problem()));
  }
}

Report breakeven(const json& body) {
  const Options options(body);
  double from = kBreakevenFromTokensPerDay;
  double to = kBreakevenToTokensPerDay;
  options.bind("from_tokens_per_day", from);
  options.bind("to_tokens_per_day", to);
  const PriceChecks checks = price_checks(options);
  return with_field_names(options, {}, [&] {
    return breakeven_report(server_catalogs(), scenario_of(body), from, to, checks);
  });
}

// The API's usage tiers against the scenario's busiest minute, as `llmtco limits`.
Report limits(const json& body) {
  const Options options(body);  // an object, if given
  if (const auto it = body.find("options"); it != body.end() && !it->empty()) {
    throw InputError(fmt::format("options.{}: unknown option (limits takes none)",
                                 escape_text(it->begin().key())));
  }
  return limits_report(server_catalogs(), scenario_of(body));
}

// Tokens per request as the whole number the speed model takes.
std::int64_t whole_tokens(double tokens) {
  return static_cast<std::int64_t>(std::ceil(tokens));
}

// The memory to serve (or fine-tune) the scenario's model on one GPU, as
// `llmtco memory`: model and precision from self_host, the context from the
// tokens per request; every MemoryRequest member may be set in options.
Report memory(const json& body) {
  const Options options(body);
  const Scenario s = scenario_of(body);
  MemoryRequest r{.model = s.self_host.model,
                  .precision = s.self_host.precision,
                  .context_tokens = whole_tokens(s.workload.input_tokens_per_request +
                                                 s.workload.output_tokens_per_request)};
  options.bind("precision", r.precision);
  options.bind("kv_precision", r.kv_precision);
  options.bind("gpu", r.gpu);
  options.bind("mode", r.mode);
  options.bind("batch", r.batch);
  options.bind("context_tokens", r.context_tokens);
  options.bind("tp", r.tp);
  options.bind("gpu_memory_utilization", r.gpu_memory_utilization);
  options.bind("max_batched_tokens", r.max_batched_tokens);
  options.bind("lora_rank", r.lora_rank);
  options.bind("lora_targets", r.lora_targets);
  options.bind("zero_stage", r.zero_stage);
  options.bind("gpus", r.gpus);
  options.bind("gradient_checkpointing", r.gradient_checkpointing);
  options.bind("flash_attention", r.flash_attention);
  options.bind("adam_8bit", r.adam_8bit);
  return with_field_names(options,
                          {{"model", "self_host.model"},
                           {"precision", "self_host.precision"},
                           {"context_tokens", "workload.input_tokens_per_request"}},
                          [&] { return memory_report(server_catalogs(), r); });
}

// The speed of one deployment, as `llmtco perf`: model, precision and engine from
// self_host, tokens per request from the workload; options.gpu is required.
Report perf(const json& body) {
  const Options options(body);
  const Scenario s = scenario_of(body);
  PerfRequest r{.model = s.self_host.model,
                .precision = s.self_host.precision,
                .engine = s.self_host.engine,
                .input_tokens = whole_tokens(s.workload.input_tokens_per_request),
                .output_tokens = whole_tokens(s.workload.output_tokens_per_request)};
  options.bind("gpu", r.gpu);
  options.bind("tp", r.tp);
  options.bind("pp", r.pp);
  options.bind("precision", r.precision);
  options.bind("kv_precision", r.kv_precision);
  options.bind("engine", r.engine);
  options.bind("engine_version", r.engine_version);
  options.bind("input_tokens", r.input_tokens);
  options.bind("output_tokens", r.output_tokens);
  options.bind("batch", r.batch);
  options.bind("rate_per_s", r.rate_per_s);
  return with_field_names(options,
                          {{"model", "self_host.model"},
                           {"precision", "self_host.precision"},
                           {"engine", "self_host.engine"},
                           {"input_tokens", "workload.input_tokens_per_request"},
                           {"output_tokens", "workload.output_tokens_per_request"}},
                          [&] { return perf_report(server_catalogs(), r); });
}

// A fine-tuning run on the cheapest instance that holds it against the API's
// training price, as `llmtco finetune`: the job from fine_tune, where it runs from
// self_host, the API's price as compare takes it (api.model's catalog training
// price, else api.fine_tune_usd_per_1m).
Report finetune(const json& body) {
  const Options options(body);
  const Scenario s = scenario_of(body);
  FinetuneRequest r{.model = s.self_host.model,
                    .dataset_tokens = s.fine_tune.dataset_tokens,
                    .epochs = s.fine_tune.epochs,
                    .method = s.fine_tune.method,
                    .retune_months = s.fine_tune.retune_months,
                    .clouds = split_cloud_list(s.self_host.clouds),
                    .regions = s.self_host.regions,
                    .pricing = s.self_host.pricing,
                    .today_iso = today_utc_iso()};
  const ApiPrice* listed = nullptr;
  if (!s.api.model.empty()) {
    try {
      listed = &find_api(server_catalogs().api, s.api.model);
    } catch (const InputError& e) {
      throw InputError(fmt::format("api.model: {}", e.what()));
    }
  }
  if (listed && listed->training_usd_per_1m) {
    r.api_model = listed->id;
  } else {
    r.api_training_usd_per_1m = s.api.fine_tune_usd_per_1m;
  }
  options.bind("lora_rank", r.lora_rank);
  options.bind("sequence_tokens", r.sequence_tokens);
  options.bind("micro_batch", r.micro_batch);
  options.bind("gradient_checkpointing", r.gradient_checkpointing);
  options.bind("flash_attention", r.flash_attention);
  options.bind("adam_8bit", r.adam_8bit);
  options.bind("utilisation", r.utilisation);
  options.bind("top", r.top);
  options.bind("include_flagged", r.include_flagged);
  return with_field_names(options,
                          {{"model", "self_host.model"},
                           {"dataset_tokens", "fine_tune.dataset_tokens"},
                           {"epochs", "fine_tune.epochs"},
                           {"method", "fine_tune.method"},
                           {"retune_months", "fine_tune.retune_months"},
                           {"clouds", "self_host.clouds"},
                           {"regions", "self_host.regions"},
                           {"pricing", "self_host.pricing"},
                           {"api_model", "api.model"},
                           {"api_training_usd_per_1m", "api.fine_tune_usd_per_1m"}},
                          [&] { return finetune_report(server_catalogs(), r); });
}

// A run of requests through the serving simulator, as `llmtco simulate`: model,
// precision and engine from self_host, mean lengths from the workload;
// options.gpu and options.rate_per_s are required, and at most
// kMaxServerSimulatedRequests are drawn.
Report simulate(const json& body) {
  const Options options(body);
  const Scenario s = scenario_of(body);
  SimulateRequest r{.model = s.self_host.model,
                    .precision = s.self_host.precision,
                    .engine = s.self_host.engine,
                    .input_tokens = s.workload.input_tokens_per_request,
                    .output_tokens = s.workload.output_tokens_per_request,
                    .max_requests = kMaxServerSimulatedRequests,
                    .max_replicas = kMaxServerSimulatedReplicas};
  for (auto [key, member] : {std::pair{"gpu", &r.gpu},
                             {"precision", &r.precision},
                             {"kv_precision", &r.kv_precision},
                             {"engine", &r.engine},
                             {"engine_version", &r.engine_version},
                             {"arrivals", &r.arrivals},
                             {"length_dist", &r.length_dist},
                             {"balancer", &r.balancer}}) {
    options.bind(key, *member);
  }
  for (auto [key, member] : {std::pair{"rate_per_s", &r.rate_per_s},
                             {"duration_s", &r.duration_s},
                             {"burstiness_cv", &r.burstiness_cv},
                             {"input_cv", &r.input_cv},
                             {"output_cv", &r.output_cv}}) {
    options.bind(key, *member);
  }
  options.bind("tp", r.tp);
  options.bind("requests", r.requests);
  options.bind("input_tokens", r.input_tokens);
  options.bind("output_tokens", r.output_tokens);
  options.bind("seed", r.seed);
  options.bind("replicas", r.replicas);
  options.bind("warmup_requests", r.warmup_requests);
  options.bind_text_or_number("percentile", r.percentile);
  options.bind("ttft_ms", r.ttft_ms);
  options.bind("tpot_ms", r.tpot_ms);
  return with_field_names(options,
                          {{"model", "self_host.model"},
                           {"precision", "self_host.precision"},
                           {"engine", "self_host.engine"},
                           {"input_tokens", "workload.input_tokens_per_request"},
                           {"output_tokens", "workload.output_tokens_per_request"}},
                          [&] { return simulate_report(server_catalogs(), r); });
}

// `llmtco usage` on uploaded files: {"files": [{"name", "content"}], "model"}; the
// reply's scenario is the default one with apply_usage of `model` (default: the
// largest implied bill). The server parses the body, never the disk.
Report usage(const json& body) {
  for (const auto& [key, value] : body.items()) {
    if (key != "files" && key != "model") {
      throw InputError(fmt::format("unknown field '{}' (valid: files, model)", key));
    }
  }
  const auto files = body.find("files");
  if (files == body.end() || !files->is_array() || files->empty() ||
      files->size() > kMaxUsageFiles) {
    throw InputError(
        fmt::format("files: must be an array of 1 to {} {{\"name\", \"content\"}} "
                    "objects",
                    kMaxUsageFiles));
  }
  std::vector<UsageFile> uploads;
  for (std::size_t i = 0; i < files->size(); ++i) {
    const json& f = (*files)[i];
    const auto name = f.is_object() ? f.find("name") : f.end();
    const auto content = f.is_object() ? f.find("content") : f.end();
    if (!f.is_object() || name == f.end() || !name->is_string() || content == f.end() ||
        !content->is_string()) {
      throw InputError(
          fmt::format("files[{}]: must be an object with a string name and a string content", i));
    }
    const std::string& text = content->get_ref<const std::string&>();
    require_text(name->get<std::string>(), fmt::format("files[{}].name", i));
    if (const int depth = nesting_depth(text); depth > kMaxNesting) {
      throw InputError(fmt::format("files[{}].content: nests {} levels deep (at most {})", i, depth,
                                   kMaxNesting));
    }
    uploads.push_back({name->get<std::string>(), text});
  }
  std::string model;
  if (const auto m = body.find("model"); m != body.end() && !m->is_null()) {
    if (!m->is_string()) throw InputError("model: must be a string");
    model = m->get<std::string>();
  }
  const UsageData data = parse_usage_files(uploads);
  const UsageSummary summary = summarize_usage(data, server_catalogs().api);
  Report report = usage_report(summary, data);
  if (!summary.models.empty()) {
    // As compare reads it: the volume and the profile's peak resolved.
    report.scenario =
        with_volume(server_catalogs(),
                    with_open_model(scenario_from_usage(summary, model, default_scenario())));
  }
  return report;
}

struct Endpoint {
  std::string_view name;
  Report (*run)(const json& body);
};

constexpr std::array<Endpoint, 9> kEndpoints = {{
    {"compare", &compare},
    {"memory", &memory},
    {"perf", &perf},
    {"plan", &plan},
    {"finetune", &finetune},
    {"breakeven", &breakeven},
    {"simulate", &simulate},
    {"usage", &usage},
    {"limits", &limits},
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

// The catalog query as a request; throws InputError for an unknown parameter or
// a value that is not one line of UTF-8 text.
CatalogRequest catalog_request(std::string_view kind,
                               const std::multimap<std::string, std::string>& query) {
  CatalogRequest request{.kind = std::string(kind)};
  for (const auto& [name, value] : query) {
    if (name != "search" && name != "clouds" && name != "gpu" && name != "model") {
      throw InputError(
          fmt::format("unknown query parameter '{}' (valid: search, clouds, gpu, model)", name));
    }
    require_text(value, name);
    if (name == "search") {
      request.search = value;
    } else if (name == "clouds") {
      request.clouds = split_cloud_list(value);
    } else if (name == "model") {
      request.model = value;
    } else {
      request.gpu = value;
    }
  }
  return request;
}

}  // namespace

std::span<const std::string_view> report_endpoints() {
  return endpoint_names();
}

const Catalogs& server_catalogs() {
  static const Catalogs kCatalogs = [] {
    Catalogs c = builtin_catalogs();
    c.other_model_names = "this server reads no files: a catalog name, see llmtco catalog models";
    return c;
  }();
  return kCatalogs;
}

Reply error_reply(int status, const std::string& message) {
  return Reply{.status = status, .body = json{{"error", escape_text(message)}}.dump()};
}

Reply post_report(std::string_view endpoint, std::string_view body) {
  const auto it = std::find_if(kEndpoints.begin(), kEndpoints.end(),
                               [&](const Endpoint& e) { return e.name == endpoint; });
  if (it == kEndpoints.end()) {
    return error_reply(404, fmt::format("no report '{}' (nearest: '{}'; reports: {})", endpoint,
                                        nearest_name(endpoint, endpoint_names()),
                                        fmt::join(endpoint_names(), ", ")));
  }
  if (const int depth = nesting_depth(body); depth > kMaxNesting) {
    return error_reply(400,
                       fmt::format("the body nests {} levels deep (a scenario needs 4; at most "
                                   "{})",
                                   depth, kMaxNesting));
  }
  json request;
  try {
    request = body.empty() ? json::object() : detail::parse_json_text(body, "");
  } catch (const InputError& e) {
    return error_reply(400, e.what());
  }
  if (!request.is_object()) {
    return error_reply(400, fmt::format("the body must be a JSON object with the scenario's "
                                        "sections (got {})",
                                        request.type_name()));
  }
  const std::string key = std::string(endpoint) + '\n' + request.dump();
  if (const auto cached = cache().find(key)) return Reply{.body = *cached};
  try {
    const Report report = it->run(request);
    check_finite(report);
    Reply reply{.body = render_json(report)};
    cache().store(key, std::make_shared<const std::string>(reply.body));
    return reply;
  } catch (const InputError& e) {
    return error_reply(400, e.what());
  }
}

Reply get_catalog(std::string_view kind, const std::multimap<std::string, std::string>& query) {
  CatalogRequest request;
  try {
    request = catalog_request(kind, query);
  } catch (const InputError& e) {
    return error_reply(400, e.what());
  }
  const std::string key = fmt::format("catalog/{}\n{}\n{}\n{}\n{}", kind, request.search,
                                      fmt::join(request.clouds, ","), request.gpu, request.model);
  if (const auto cached = cache().find(key)) return Reply{.body = *cached};
  try {
    const Report report = catalog_report(server_catalogs(), request);
    check_finite(report);
    Reply reply{.body = render_json(report)};
    cache().store(key, std::make_shared<const std::string>(reply.body));
    return reply;
  } catch (const FieldError& e) {
    return error_reply(e.field() == "kind" ? 404 : 400,
                       e.field() == "kind" ? fmt::format("{}", e.problem())
                                           : fmt::format("{}: {}", e.field(), e.problem()));
  } catch (const InputError& e) {
    return error_reply(400, e.what());
  }
}

Reply health() {
  return Reply{.body = json{{"status", "ok"}, {"version", LLMTCO_VERSION}}.dump()};
}

}  // namespace llmtco::server
