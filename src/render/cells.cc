#include "render/cells.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "llmtco/number_format.h"

namespace llmtco::detail {
namespace {

std::vector<std::string> split_words(const std::string& id) {
  std::vector<std::string> words;
  std::string word;
  for (char c : id) {
    if (c == '_') {
      if (!word.empty()) words.push_back(word);
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) words.push_back(word);
  return words;
}

// A word of an id as people write it: "usd" -> "USD", "gpus" -> "GPUs", "p50" -> "P50".
std::string label_word(const std::string& word) {
  static const std::vector<std::pair<std::string, std::string>> kWords = {
      {"usd", "USD"},   {"gpu", "GPU"},       {"gpus", "GPUs"}, {"tp", "TP"},     {"pp", "PP"},
      {"ttft", "TTFT"}, {"tpot", "TPOT"},     {"kv", "KV"},     {"api", "API"},   {"gb", "GB"},
      {"gib", "GiB"},   {"tflops", "TFLOPS"}, {"tbps", "TB/s"}, {"gbps", "Gb/s"}, {"flop", "FLOP"},
      {"lora", "LoRA"}, {"qlora", "QLoRA"},   {"tdp", "TDP"},   {"bf16", "bf16"}, {"fp8", "fp8"}};
  for (const auto& [id, label] : kWords) {
    if (word == id) return label;
  }
  if (word.size() > 1 && word[0] == 'p' &&
      std::all_of(word.begin() + 1, word.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return "P" + word.substr(1);
  }
  return word;
}

// A unit that ends an id and goes in parentheses in its label ("ttft_ms" -> "TTFT (ms)").
bool is_trailing_unit(const std::string& word) {
  return word == "ms" || word == "gb" || word == "gib" || word == "usd" || word == "w";
}

std::string heading_for(const std::string& method) {
  if (method == "article") return "The article's method: its rules of thumb, reproduced";
  if (method == "physics") return "The physics method: real model arithmetic and prices";
  return "Method: " + method;
}

}  // namespace

std::vector<MethodGroup> group_by_method(const std::vector<Figure>& figures) {
  std::vector<MethodGroup> groups;
  for (const Figure& figure : figures) {
    auto it = std::find_if(groups.begin(), groups.end(),
                           [&](const MethodGroup& g) { return g.method == figure.method; });
    if (it == groups.end()) {
      groups.push_back({figure.method, heading_for(figure.method), {}});
      it = std::prev(groups.end());
    }
    it->figures.push_back(&figure);
    it->has_references = it->has_references || figure.reference.has_value();
  }
  return groups;
}

std::string value_cell(const Figure& figure) {
  return format_quantity(figure.value, figure.unit);
}

std::string reference_cell(const Figure& figure) {
  return figure.reference ? figure.reference->printed : "—";
}

std::string difference_cell(const Figure& figure) {
  return figure.reference ? format_percent(figure.reference->difference_pct) : "";
}

std::string reason_cell(const Figure& figure) {
  return figure.reference ? figure.reference->reason : "";
}

std::string cell_text(const Cell& cell, const std::string& unit) {
  if (const auto* text = std::get_if<std::string>(&cell)) return *text;
  const std::string percent = unit == "fraction" ? "%" : "";
  if (const auto* number = std::get_if<double>(&cell)) {
    return format_amount(*number, unit) + percent;
  }
  if (const auto* count = std::get_if<std::int64_t>(&cell)) {
    return format_amount(static_cast<double>(*count), unit) + percent;
  }
  if (const auto* flag = std::get_if<bool>(&cell)) return *flag ? "yes" : "no";
  return "—";
}

std::string column_unit(const std::string& id) {
  const std::vector<std::string> words = split_words(id);
  const auto has = [&](const char* w) {
    return std::find(words.begin(), words.end(), w) != words.end();
  };
  if (has("usd")) return "USD";
  if (has("share") || has("probability")) return "fraction";
  if (has("flop")) return "FLOP";
  return "";
}

std::string column_label(const std::string& id) {
  const std::vector<std::string> words = split_words(id);
  std::string label;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (words[i] == "per" && i + 1 < words.size() && !label.empty()) {
      label += "/" + label_word(words[++i]);
    } else if (i + 1 == words.size() && i > 0 && is_trailing_unit(words[i])) {
      label += " (" + label_word(words[i]) + ")";
    } else {
      label += (label.empty() ? "" : " ") + label_word(words[i]);
    }
  }
  return label;
}

std::vector<std::string> table_headers(const Table& table) {
  if (table.labels.size() == table.columns.size()) return table.labels;
  std::vector<std::string> headers;
  for (const std::string& id : table.columns) headers.push_back(column_label(id));
  return headers;
}

bool is_numeric(const Cell& cell) {
  return std::holds_alternative<double>(cell) || std::holds_alternative<std::int64_t>(cell);
}

std::string inputs_cell(const Figure& figure) {
  std::vector<std::string> parts;
  for (const FigureInput& input : figure.inputs) {
    parts.push_back(fmt::format("{} = {}", input.name, format_quantity(input.value, input.unit)));
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace llmtco::detail
