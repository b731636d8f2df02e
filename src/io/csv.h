// A small reader for RFC 4180 CSV text: quoted fields, doubled quotes inside
// them, commas and newlines inside quotes. The catalogs in data/ use it.
#pragma once
#ifndef LLMTCO_IO_LAYER
#error "an io header (files and formats): the core and the commands read no file"
#endif

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace llmtco::detail {

struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // each as wide as the header
  std::vector<std::size_t> row_lines;          // 1-based line where each row starts
};

// What to do with a row wider than the header.
enum class ExtraFields {
  kError,
  // Join the extra fields, with their commas, into the last column: SkyPilot's Azure
  // catalog writes its last column, Generation, as an unquoted "V1,V2".
  kJoinIntoLast,
};

// Throws InputError (naming `source` and the line) on an unterminated quote, a
// row whose width differs from the header's (wider is allowed with kJoinIntoLast),
// or a cell that is not one line of UTF-8 text (text.h; naming the column).
CsvTable parse_csv(std::string_view text, const std::string& source,
                   ExtraFields extra = ExtraFields::kError);

// The index of `name` in `header`; throws InputError naming `source` if absent.
std::size_t csv_column(const CsvTable& table, std::string_view name, const std::string& source);

}  // namespace llmtco::detail
