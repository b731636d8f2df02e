// llmtco: should we keep paying an LLM API, or self-host an open model and own it?
// The command table, the parser built from it, and the one place where errors
// become an exit code: 2 for bad input, 1 for anything else.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <exception>

#include "commands.h"
#include "llmtco/error.h"
#include "llmtco/nearest.h"
#include "llmtco/text.h"

namespace llmtco::cli {

std::span<const Command> commands() {
  static constexpr std::array<Command, 12> kCommands = {{
      {"compare", "API vs self-hosting for a scenario (default: the seed article's)",
       &define_compare},
      {"plan", "the cheapest deployments that carry a workload within its latency target",
       &define_plan},
      {"breakeven", "the volumes at which owning becomes cheaper, and the cost curves",
       &define_breakeven},
      {"limits", "the API's usage tiers against the busiest minute: the lowest that carries it",
       &define_limits},
      {"memory", "parameters and memory to serve or fine-tune a model; where it fits",
       &define_memory},
      {"perf", "latency and throughput of one deployment (model, GPU, parallelism, engine)",
       &define_perf},
      {"simulate", "request-level serving simulation: latency percentiles, throughput, goodput",
       &define_simulate},
      {"finetune", "fine-tuning time and cost on the cheapest instance that fits, vs the API",
       &define_finetune},
      {"validate", "predicted vs measured speed for each row of a benchmark file",
       &define_validate},
      {"usage", "the workload and bill a usage export describes (OpenAI, Anthropic, LiteLLM)",
       &define_usage},
      {"catalog", "what the built-in catalogs hold: models, gpus, instances, apis",
       &define_catalog},
      {"serve", "the web page and the JSON API (same figures) on 127.0.0.1:8080", &define_serve},
  }};
  return kCommands;
}

}  // namespace llmtco::cli

namespace {

// One line on stderr, whatever the message echoes.
int fail(int code, const std::string& message) {
  std::fprintf(stderr, "llmtco: error: %s\n", llmtco::escape_text(message).c_str());
  return code;
}

// Every value given to `app` or to its chosen subcommand is one line of UTF-8
// text (text.h); throws InputError naming the flag or the argument.
void check_arguments(const CLI::App& app) {
  for (const CLI::Option* option : app.get_options()) {
    for (const std::string& value : option->results()) {
      llmtco::require_text(value, option->get_name());
    }
  }
  for (const CLI::App* sub : app.get_subcommands()) check_arguments(*sub);
}

}  // namespace

int main(int argc, char** argv) {
  using llmtco::cli::Command;
  CLI::App app{"llmtco: rent or own your LLM? Compares an LLM API with self-hosting an open model.",
               "llmtco"};
  app.set_version_flag("--version", "llmtco " LLMTCO_VERSION);
  app.require_subcommand(1);
  std::vector<std::pair<CLI::App*, std::function<int()>>> runners;
  for (const Command& command : llmtco::cli::commands()) {
    CLI::App* sub = app.add_subcommand(std::string(command.name), std::string(command.summary));
    runners.emplace_back(sub, command.define(*sub));
  }

  // CLI11 would call an unknown command "not expected"; name it and the nearest one.
  if (argc > 1 && argv[1][0] != '-') {
    std::vector<std::string_view> names;
    for (const Command& command : llmtco::cli::commands()) names.push_back(command.name);
    if (std::find(names.begin(), names.end(), argv[1]) == names.end()) {
      return fail(2, fmt::format("unknown command '{}' (nearest known command: '{}'; see "
                                 "'llmtco --help')",
                                 argv[1], llmtco::nearest_name(argv[1], names)));
    }
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {  // --help, --version
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return fail(2, fmt::format("{} (see 'llmtco --help')", e.what()));
  }

  try {
    check_arguments(app);
    for (const auto& [sub, run] : runners) {
      if (sub->parsed()) return run();
    }
  } catch (const llmtco::InputError& e) {
    return fail(2, e.what());
  } catch (const std::exception& e) {
    return fail(1, fmt::format("internal error: {}", e.what()));
  }
  return 1;
}
