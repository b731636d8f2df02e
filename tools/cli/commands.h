// The subcommands of `llmtco`: one row each in commands(); main() builds the
// parser and the help from the table.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <span>
#include <string_view>

namespace llmtco::cli {

// Adds a command's arguments to its (sub)app and returns what runs it once the
// command line is parsed; the runner returns the exit code.
using Define = std::function<int()> (*)(CLI::App& app);

struct Command {
  std::string_view name;
  std::string_view summary;
  Define define;
};

std::span<const Command> commands();

std::function<int()> define_compare(CLI::App& app);
std::function<int()> define_breakeven(CLI::App& app);
std::function<int()> define_memory(CLI::App& app);
std::function<int()> define_catalog(CLI::App& app);
std::function<int()> define_perf(CLI::App& app);
std::function<int()> define_simulate(CLI::App& app);
std::function<int()> define_finetune(CLI::App& app);
std::function<int()> define_plan(CLI::App& app);
std::function<int()> define_validate(CLI::App& app);
std::function<int()> define_limits(CLI::App& app);
std::function<int()> define_serve(CLI::App& app);
std::function<int()> define_usage(CLI::App& app);

}  // namespace llmtco::cli
