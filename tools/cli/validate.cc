// llmtco validate [FILE.csv] [--fit]: the speed model's prediction for every row
// of a benchmark file against its measured value; --fit refits the engines'
// efficiency factors on the file and prints them.
#include <memory>
#include <string>

#include "commands.h"
#include "llmtco/benchmark_file.h"
#include "llmtco/builtin_catalogs.h"
#include "llmtco/validate_report.h"
#include "output.h"

namespace llmtco::cli {
namespace {

struct ValidateOptions {
  std::string file;
  bool fit = false;
  OutputOptions output;
};

}  // namespace

std::function<int()> define_validate(CLI::App& app) {
  auto o = std::make_shared<ValidateOptions>();
  app.add_option("file", o->file,
                 "benchmark CSV (format: docs/validate.md); default: the built-in benchmark "
                 "files")
      ->type_name("FILE.csv");
  app.add_flag("--fit", o->fit,
               "refit each engine's efficiency factors on the file and print them");
  add_output_options(app, o->output);
  return [o] {
    Catalogs catalogs =
        builtin_catalogs({.instances = false, .api = false, .benchmarks = o->file.empty()});
    if (!o->file.empty()) {
      catalogs.benchmarks = load_benchmark_file(o->file);
      catalogs.benchmarks_source = o->file;
    }
    emit(o->fit ? fit_report(catalogs) : validation_report(catalogs), o->output);
    return 0;
  };
}

}  // namespace llmtco::cli
