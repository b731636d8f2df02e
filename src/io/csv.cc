#include "io/csv.h"

#include <fmt/format.h>

#include <algorithm>

#include "llmtco/error.h"
#include "llmtco/text.h"

namespace llmtco::detail {
namespace {

[[noreturn]] void refuse_cell(std::string_view cell, const std::string& problem,
                              const std::string& source, std::size_t line,
                              const std::string& what) {
  throw InputError(
      fmt::format("{}:{}: {} {} (got '{}')", source, line, what, problem, escape_text(cell)));
}

// Every cell is one line of UTF-8 text (text.h): the header's first, so that a
// row's message can name its column.
void check_cells(const CsvTable& table, std::size_t header_line, const std::string& source) {
  for (std::size_t c = 0; c < table.header.size(); ++c) {
    if (const auto problem = text_problem(table.header[c])) {
      refuse_cell(table.header[c], *problem, source, header_line,
                  fmt::format("header column {}", c + 1));
    }
  }
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    for (std::size_t c = 0; c < table.header.size(); ++c) {
      if (const auto problem = text_problem(table.rows[r][c])) {
        refuse_cell(table.rows[r][c], *problem, source, table.row_lines[r],
                    fmt::format("column '{}'", table.header[c]));
      }
    }
  }
}

}  // namespace

CsvTable parse_csv(std::string_view text, const std::string& source, ExtraFields extra) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::size_t> lines;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false;
  bool field_started = false;
  std::size_t line = 1;
  std::size_t record_line = 1;
  auto end_record = [&] {
    record.push_back(std::move(field));
    field.clear();
    if (!(record.size() == 1 && record[0].empty())) {  // skip blank lines
      records.push_back(std::move(record));
      lines.push_back(record_line);
    }
    record.clear();
    field_started = false;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        if (c == '\n') ++line;
        field += c;
      }
    } else if (c == '"' && !field_started) {
      quoted = true;
      field_started = true;
    } else if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
      field_started = false;
    } else if (c == '\n') {
      end_record();
      record_line = ++line;
    } else if (c != '\r') {
      field += c;
      field_started = true;
    }
  }
  if (quoted)
    throw InputError(fmt::format("{}:{}: unterminated quoted field", source, record_line));
  if (field_started || !record.empty()) end_record();

  CsvTable table;
  if (records.empty()) throw InputError(fmt::format("{}: empty CSV file", source));
  table.header = std::move(records[0]);
  const std::size_t width = table.header.size();
  for (std::size_t r = 1; r < records.size(); ++r) {
    if (extra == ExtraFields::kJoinIntoLast && records[r].size() > width) {
      for (std::size_t f = width; f < records[r].size(); ++f) {
        records[r][width - 1] += "," + records[r][f];
      }
      records[r].resize(width);
    }
    if (records[r].size() != width) {
      throw InputError(fmt::format("{}:{}: {} fields where the header has {}", source, lines[r],
                                   records[r].size(), width));
    }
    table.rows.push_back(std::move(records[r]));
    table.row_lines.push_back(lines[r]);
  }
  check_cells(table, lines[0], source);
  return table;
}

std::size_t csv_column(const CsvTable& table, std::string_view name, const std::string& source) {
  const auto it = std::find(table.header.begin(), table.header.end(), name);
  if (it == table.header.end()) {
    throw InputError(fmt::format("{}: missing column '{}'", source, name));
  }
  return static_cast<std::size_t>(it - table.header.begin());
}

}  // namespace llmtco::detail
