// The output flags every command shares (--format, -o, --explain) and writing a
// rendered report: to stdout, or to a file replaced whole or not at all.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "llmtco/render.h"

namespace llmtco::cli {

struct OutputOptions {
  std::string format = "text";  // text | json | markdown | html
  std::string path;             // -o FILE; empty = stdout
  bool explain = false;         // formula, inputs and source under each figure
};

void add_output_options(CLI::App& app, OutputOptions& options);

// Writes `text` beside `path` and renames it over it, so a failure never leaves a
// partial file; SIGINT, SIGTERM or SIGHUP meanwhile removes the temporary file
// (temp_file.h). Throws InputError naming the path if it cannot.
void write_file_atomically(const std::string& path, const std::string& text);

// Checks that every number of `report` is finite (check_finite), renders it and
// writes it. A file is written beside its target and renamed
// over it, so a failure never leaves a partial file. Throws InputError if the file
// cannot be written.
void emit(const Report& report, const OutputOptions& options);

// Writes `text` to stdout (`path` empty) or to the file, as emit does.
void write_output(const std::string& text, const std::string& path);

}  // namespace llmtco::cli
