// llmtco plan --emit: the engine command line and the SkyPilot task for the
// cheapest plan, with the numbers the plan assumed.
#include "llmtco/launch_file.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <vector>

#include "llmtco/error.h"
#include "llmtco/nearest.h"
#include "llmtco/number_format.h"
#include "llmtco/purchase.h"
#include "llmtco/units.h"

namespace llmtco {
namespace {

// `vllm serve --data-parallel-size` (several engines behind one API server) needs
// vLLM 0.9 or later (recalled from vLLM's release notes; the 0.6 profile's runs
// served one copy a server).
constexpr std::string_view kVllmDataParallelMinVersion = "0.9";

// What each engine calls the settings (vLLM's `vllm serve --help`, SGLang's
// `python -m sglang.launch_server --help`; recalled).
struct EngineFlags {
  std::string_view serve;  // the command, before the model
  std::string_view tp;
  std::string_view dp;
  std::string_view fp8_kv;  // the --kv-cache-dtype value of FP8 E4M3
  std::string_view max_model_len;
  std::string_view max_num_seqs;
  std::string_view gpu_memory_utilization;
};
constexpr EngineFlags kVllmFlags = {
    "vllm serve",      "--tensor-parallel-size", "--data-parallel-size",    "fp8",
    "--max-model-len", "--max-num-seqs",         "--gpu-memory-utilization"};
constexpr EngineFlags kSglangFlags = {"python -m sglang.launch_server --model-path",
                                      "--tp",
                                      "--dp",
                                      "fp8_e4m3",
                                      "--context-length",
                                      "--max-running-requests",
                                      "--mem-fraction-static"};

// A scenario's model name that is a Hugging Face repository id ("org/name"), not
// a catalog short name or a path.
bool is_repository_id(const std::string& name) {
  const std::size_t slash = name.find('/');
  return slash != std::string::npos && slash > 0 && slash + 1 < name.size() &&
         name.find('/', slash + 1) == std::string::npos && name.front() != '.' &&
         name.front() != '~' && !name.ends_with(".json");
}

// The repository served: the scenario's name when it is one (an -AWQ repo keeps
// its own name), else the model's id (the catalog's repository, or the directory
// of the config.json it was read from).
std::string served_model(const std::string& asked, const ModelArch& model) {
  if (is_repository_id(asked)) return asked;
  constexpr std::string_view kConfig = "/config.json";
  const std::string& id = model.id;
  return id.ends_with(kConfig) ? id.substr(0, id.size() - kConfig.size()) : id;
}

bool unquantized(const std::string& format) {
  return format == "bf16" || format == "fp16" || format == "fp32";
}

// The repository name suffixes of name_formats() that store `format`.
std::string suffixes_of(const std::string& format) {
  std::vector<std::string_view> out;
  for (const NameFormat& f : name_formats()) {
    if (f.precision == format) out.push_back(f.suffix);
  }
  return out.empty() ? std::string("none the catalog knows")
                     : fmt::format("{}", fmt::join(out, ", "));
}

std::string checkpoint_format(const ModelArch& model) {
  return model.checkpoint_precision.empty() ? "bf16" : model.checkpoint_precision;
}

// The engine's --quantization for serving `weights` from `model`'s checkpoint.
std::string quantization_flag(const Precision& weights, const ModelArch& model,
                              const std::string& served) {
  const std::string own = checkpoint_format(model);
  if (engine_loads(weights, model)) return weights.id == "fp8" && unquantized(own) ? "fp8" : "";
  throw InputError(fmt::format(
      "--emit: the cheapest plan serves {} weights and {}'s checkpoint is {}: vLLM and SGLang "
      "load {} from a checkpoint stored in it, which the catalog does not name; plan that "
      "checkpoint by its repository id (names ending {}), or --precision auto or fp8",
      weights.id, served, own, weights.id, suffixes_of(weights.id)));
}

const Plan& top_plan(const PlanSearch& search) {
  if (search.plans.empty()) {
    throw InputError(
        fmt::format("--emit: no plan to launch: nothing fits: {}", search.candidates.why_none));
  }
  return search.plans.front();
}

std::string min_version(const EngineProfile& engine, int dp) {
  if (engine.id == "vllm" && dp > 1 &&
      compare_versions(engine.min_version, std::string(kVllmDataParallelMinVersion)) < 0) {
    return std::string(kVllmDataParallelMinVersion);
  }
  return engine.min_version;
}

// A word the shell reads as itself; anything else single-quoted.
std::string shell_word(const std::string& word) {
  const bool plain = !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("._-/:=@+").find(c) != std::string_view::npos;
  });
  if (plain) return word;
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// The plan the file launches, `model` served, in comment lines (without the "# ").
std::vector<std::string> plan_lines(const PlanSearch& search, const std::string& model) {
  const Plan& p = top_plan(search);
  const Candidate& o = p.option;
  const Instance& i = *o.instance;
  const DeploymentSearch& r = search.request;
  return {
      fmt::format("llmtco plan: {} at {} tokens/day, peak {} requests/s; the cheapest plan:", model,
                  format_compact(search.volume.scenario.workload.tokens_per_day),
                  format_number(search.peak_requests_per_s)),
      fmt::format("{} x {} {} ({} x {}) in {}, {} at {}: {}/month for the instances", p.replicas,
                  i.cloud, i.instance_type, i.gpu_count, i.accelerator_name, i.region,
                  is_purchase(i) ? "bought, always on," : pricing_name(r.pricing),
                  format_usd_per_hour(o.usd_per_hour), format_usd(p.usd_per_month)),
      fmt::format("({} working, redundancy {}); each carries {} requests/s: {} cop{} of TP {}, "
                  "{} weights, {} KV cache; {} TTFT {} ms, TPOT {} ms at the peak",
                  p.working_replicas, redundancy_name(search.redundancy),
                  format_number(o.replica_requests_per_s), o.copies, o.copies == 1 ? "y" : "ies",
                  o.tp, o.weights.id, o.kv.id, statistic_label(r.target),
                  format_number(p.ttft_s * kMsPerSecond), format_number(p.tpot_s * kMsPerSecond)),
      fmt::format("engine profile: {} {} (data/engines.json); {} of {}", r.engine.name,
                  r.engine.version, is_purchase(i) ? "a recalled list price" : "prices",
                  i.date.empty() ? std::string("an unknown date") : instance_date_words(i))};
}

std::string comments(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) out += "# " + line + "\n";
  return out;
}

// A YAML double-quoted scalar.
std::string yaml_string(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string install_command(const EngineLaunch& launch) {
  const std::string package = launch.engine == "sglang" ? "sglang[all]" : launch.engine;
  return fmt::format("pip install {}", shell_word(package + ">=" + launch.min_version));
}

// SkyPilot names: lowercase letters, digits and dashes.
std::string task_name(const std::string& model) {
  std::string out = "llmtco-";
  const std::size_t slash = model.rfind('/');
  for (char c : model.substr(slash == std::string::npos ? 0 : slash + 1)) {
    const bool keep = std::isalnum(static_cast<unsigned char>(c));
    if (keep) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!keep && out.back() != '-') out += '-';
  }
  while (out.back() == '-') out.pop_back();
  return out;
}

std::string skypilot_yaml(const PlanSearch& search, const EngineLaunch& launch) {
  const Plan& p = top_plan(search);
  const Instance& i = *p.option.instance;
  std::vector<std::string> head = plan_lines(search, launch.model);
  head.push_back("sky serve up THIS_FILE (gated repositories: add --env HF_TOKEN)");
  if (search.request.pricing == Pricing::kReserved1y ||
      search.request.pricing == Pricing::kReserved3y) {
    head.push_back(
        fmt::format("priced at the {} rate: a reservation is bought from {}; "
                    "SkyPilot launches the instances on demand",
                    pricing_name(search.request.pricing), i.cloud));
  }
  std::string out = comments(head);
  out += fmt::format("name: {}\n", task_name(launch.model));
  out += fmt::format(
      "resources:\n  cloud: {}\n  region: {}\n  instance_type: {}\n  accelerators: {}\n"
      "  use_spot: {}\n  ports: {}\n",
      yaml_string(i.cloud), yaml_string(i.region), yaml_string(i.instance_type),
      yaml_string(fmt::format("{}:{}", i.accelerator_name, i.gpu_count)),
      search.request.pricing == Pricing::kSpot ? "true" : "false", launch.port);
  out += fmt::format("setup: |\n  {}\n", install_command(launch));
  out += fmt::format("run: |\n  {}\n", engine_command(launch));
  out +=
      fmt::format("service:\n  readiness_probe:\n    path: /health\n  replicas: {}\n", p.replicas);
  return out;
}

}  // namespace

bool engine_loads(const Precision& weights, const ModelArch& model) {
  const std::string own = checkpoint_format(model);
  return weights.id == own ||
         (unquantized(own) && (unquantized(weights.id) || weights.id == "fp8"));
}

PlanSearch launch_search(const Catalogs& catalogs, const Scenario& scenario,
                         const PriceChecks& checks) {
  PlanSearch search = plan_request(catalogs, scenario, checks);
  if (search.volume.scenario.self_host.precision == "auto") {
    std::vector<Precision>& formats = search.request.precisions;
    std::erase_if(formats,
                  [&](const Precision& p) { return !engine_loads(p, search.request.model); });
  }
  run_plan_search(catalogs, search, 1);
  return search;
}

LaunchKind parse_launch_kind(const std::string& name) {
  for (std::size_t k = 0; k < kLaunchKinds.size(); ++k) {
    if (name == kLaunchKinds[k]) return static_cast<LaunchKind>(k);
  }
  throw InputError(
      fmt::format("unknown --emit value '{}' (valid: {})", name, fmt::join(kLaunchKinds, ", ")));
}

EngineLaunch engine_launch(const PlanSearch& search, const std::string& model) {
  const Plan& p = top_plan(search);
  const DeploymentSearch& r = search.request;
  if (r.engine.id != "vllm" && r.engine.id != "sglang") {
    throw InputError(fmt::format(
        "--emit: the plan's engine is {} (self_host.engine); launch files are written for vllm "
        "and sglang: plan with --engine vllm or --engine sglang",
        r.engine.id));
  }
  EngineLaunch launch{.engine = r.engine.id,
                      .model = served_model(model, r.model),
                      .tp = p.option.tp,
                      .dp = p.option.copies,
                      .weights = p.option.weights.id,
                      .fp8_kv = p.option.kv.id == "fp8",
                      .max_model_len = longest_capacity_request_tokens(r),
                      .max_num_seqs = r.engine.max_num_seqs,
                      .gpu_memory_utilization = r.engine.gpu_memory_utilization};
  launch.quantization = quantization_flag(p.option.weights, r.model, launch.model);
  launch.min_version = min_version(r.engine, launch.dp);
  if (!launch.fp8_kv && !unquantized(p.option.kv.id)) {
    throw InputError(
        fmt::format("--emit: the plan's KV cache is {}; vLLM and SGLang store it "
                    "in 16 bits or FP8",
                    p.option.kv.id));
  }
  return launch;
}

std::string engine_command(const EngineLaunch& l) {
  const EngineFlags& f = l.engine == "vllm" ? kVllmFlags : kSglangFlags;
  std::string out = fmt::format("{} {} {} {}", f.serve, shell_word(l.model), f.tp, l.tp);
  if (l.dp > 1) out += fmt::format(" {} {}", f.dp, l.dp);
  if (!l.quantization.empty()) out += " --quantization " + l.quantization;
  if (l.fp8_kv) out += fmt::format(" --kv-cache-dtype {}", f.fp8_kv);
  out += fmt::format(" {} {} {} {} {} {}", f.max_model_len, l.max_model_len, f.max_num_seqs,
                     l.max_num_seqs, f.gpu_memory_utilization, l.gpu_memory_utilization);
  return out + fmt::format(" --host 0.0.0.0 --port {}", l.port);
}

std::string launch_file(const PlanSearch& search, LaunchKind kind) {
  const EngineLaunch launch = engine_launch(search, search.volume.scenario.self_host.model);
  if (kind == LaunchKind::kSkypilot) {
    const Plan& top = top_plan(search);
    if (is_purchase(*top.option.instance)) {
      throw InputError(fmt::format(
          "--emit skypilot: the cheapest plan is {} bought {} servers on premises, which SkyPilot "
          "does not rent: --emit vllm or sglang for their command line, or leave "
          "self_host.purchase.enabled false for the cheapest rented plan",
          top.replicas, top.option.instance->instance_type));
    }
    return skypilot_yaml(search, launch);
  }
  const std::string asked(kLaunchKinds[static_cast<std::size_t>(kind)]);
  if (asked != launch.engine) {
    throw InputError(fmt::format(
        "--emit {}: the plan's engine is {} and its numbers are {}'s: --emit {}, or plan with "
        "--engine {}",
        asked, launch.engine, launch.engine, launch.engine, asked));
  }
  return comments(plan_lines(search, launch.model)) + comments({install_command(launch)}) +
         engine_command(launch) + "\n";
}

}  // namespace llmtco
