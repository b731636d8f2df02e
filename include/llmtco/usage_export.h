// Reading usage exports (docs/usage.md, "Formats"): OpenAI Usage API completions
// pages, OpenAI Costs API pages, Anthropic usage_report/messages pages and LiteLLM
// spend logs (CSV, a JSON array of rows, or /spend/logs/ui's {"data": [...]}),
// each recognised from its content, never its name.
#pragma once
#ifndef LLMTCO_IO_LAYER
#error "an io header (files and formats): the core and the commands read no file"
#endif

#include <string>
#include <string_view>
#include <vector>

#include "llmtco/usage.h"

namespace llmtco {

// One file's name (for messages) and its text.
struct UsageFile {
  std::string name;
  std::string content;
};

// The format of `content`, from its shape: a JSON page whose buckets have
// start_time and usage results (OpenAI usage) or amount results (OpenAI costs),
// whose buckets have starting_at (Anthropic), or LiteLLM rows. Throws InputError
// "NAME: unknown usage export format (...)" otherwise.
UsageFormat detect_usage_format(std::string_view content, const std::string& name);

// The records and cost lines of all `files` together (several pages combine). A
// bucket (same format, start and end) or a LiteLLM request_id met twice is refused,
// naming both places: pages are given once. Throws InputError naming the file, the
// record ("data[3].results[1]", "row 17"), the field, the value and what is valid.
UsageData parse_usage_files(const std::vector<UsageFile>& files);

// Reads `paths` and parses them together.
UsageData load_usage_files(const std::vector<std::string>& paths);

}  // namespace llmtco
