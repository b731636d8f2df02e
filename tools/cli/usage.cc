// llmtco usage FILE... [--model NAME] [--format text|json|markdown|html|yaml]: the
// workload a team's usage exports describe, per model and in total, with the bill
// at catalog prices beside the stated one (docs/usage.md).
#include <cstdio>
#include <memory>

#include "commands.h"
#include "llmtco/api_catalog.h"
#include "llmtco/usage_export.h"
#include "llmtco/usage_report.h"
#include "output.h"

namespace llmtco::cli {
namespace {

struct UsageOptions {
  std::vector<std::string> files;
  std::string model;
  OutputOptions output;
};

}  // namespace

std::function<int()> define_usage(CLI::App& app) {
  auto o = std::make_shared<UsageOptions>();
  app.add_option("files", o->files,
                 "usage exports: OpenAI usage/completions or costs pages, Anthropic "
                 "usage_report/messages pages, LiteLLM spend logs (CSV or JSON); several "
                 "pages combine")
      ->required()
      ->type_name("FILE");
  app.add_option("--model", o->model,
                 "--format yaml: the model whose workload to print (default: the largest "
                 "implied bill)");
  app.add_option("--format", o->output.format,
                 "output format; yaml prints the workload: and api: sections of a scenario")
      ->check(CLI::IsMember({"text", "json", "markdown", "html", "yaml"}))
      ->capture_default_str();
  app.add_option("-o", o->output.path,
                 "write the report to FILE instead of stdout, whole or not at all")
      ->type_name("FILE");
  app.add_flag("--explain", o->output.explain, "show each figure's formula, inputs and source");
  return [o] {
    const UsageData data = load_usage_files(o->files);
    const UsageSummary summary = summarize_usage(data, api_catalog());
    if (!o->model.empty() && !find_usage_model(summary, o->model)) {
      usage_scenario_yaml(summary, o->model);  // refuses it, naming the models there are
    }
    if (o->output.format == "yaml") {
      const std::string text = usage_scenario_yaml(summary, o->model);
      if (o->output.path.empty()) {
        std::fwrite(text.data(), 1, text.size(), stdout);
      } else {
        write_file_atomically(o->output.path, text);
      }
      return 0;
    }
    emit(usage_report(summary, data), o->output);
    return 0;
  };
}

}  // namespace llmtco::cli
