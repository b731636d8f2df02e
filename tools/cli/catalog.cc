// llmtco catalog models [--search TEXT]: what the built-in catalogs hold.
#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <string>

#include "commands.h"
#include "llmtco/model_catalog.h"
#include "llmtco/nearest.h"
#include "output.h"

namespace llmtco::cli {
namespace {

struct CatalogOptions {
  std::string kind;
  std::string search;
  OutputOptions output;
};

// True if `needle` (any case) is in the id, short name or an alias.
bool matches(const CatalogModel& m, const std::string& needle) {
  if (needle.empty()) return true;
  const std::string key = ascii_lowercase(needle);
  if (ascii_lowercase(m.id).find(key) != std::string::npos) return true;
  if (m.short_name.find(key) != std::string::npos) return true;
  return std::any_of(m.aliases.begin(), m.aliases.end(), [&](const std::string& alias) {
    return ascii_lowercase(alias).find(key) != std::string::npos;
  });
}

Table models_table(const std::string& search) {
  Table table{.id = "models",
              .title = "Models (data/models/: Hugging Face config.json files)",
              .columns = {"id", "short", "architecture", "params_total", "params_active",
                          "published_params_total", "aliases"}};
  for (const CatalogModel& entry : model_catalog()) {
    if (!matches(entry, search)) continue;
    const ModelArch m = load_model(entry.id);
    const ParamCounts c = count_params(m);
    Cell published;
    if (entry.published_params_total) published = *entry.published_params_total;
    table.rows.push_back({entry.id, entry.short_name, m.architecture, c.total(), c.active(),
                          published, fmt::format("{}", fmt::join(entry.aliases, ", "))});
  }
  return table;
}

}  // namespace

std::function<int()> define_catalog(CLI::App& app) {
  auto o = std::make_shared<CatalogOptions>();
  app.add_option("kind", o->kind, "which catalog")->required()->check(CLI::IsMember({"models"}));
  app.add_option("--search", o->search, "only entries whose id, short name or alias contain TEXT")
      ->type_name("TEXT");
  add_output_options(app, o->output);
  return [o] {
    Report report{.command = "catalog", .title = o->kind};
    report.tables.push_back(models_table(o->search));
    if (report.tables.back().rows.empty()) {
      report.notes.push_back(fmt::format("No {} match '{}'.", o->kind, o->search));
    }
    emit(report, o->output);
    return 0;
  };
}

}  // namespace llmtco::cli
