#include "llmtco/rate_limit_catalog.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>
#include <optional>

#include "io/csv.h"
#include "llmtco/embedded.h"
#include "llmtco/error.h"
#include "llmtco/text.h"

namespace llmtco {
namespace {

constexpr const char* kRateLimitsFile = "data/rate_limits/rate_limits.csv";

// One row's cells by column name, each error naming the row and the column.
class RowReader {
 public:
  RowReader(const detail::CsvTable& table, std::size_t row, const std::string& source)
      : table_(table), row_(row), source_(source) {}

  const std::string& text(std::string_view column) const {
    return table_.rows[row_][detail::csv_column(table_, column, source_)];
  }

  const std::string& required_text(std::string_view column) const {
    const std::string& value = text(column);
    if (value.empty()) throw error(column, "must not be empty", value);
    return value;
  }

  // Empty: not published. `positive`: > 0, else >= 0.
  std::optional<double> number(std::string_view column, bool positive) const {
    const std::string& value = text(column);
    if (value.empty()) return std::nullopt;
    char* end = nullptr;
    const double parsed = std::strtod(value.c_str(), &end);
    const bool valid =
        *end == '\0' && std::isfinite(parsed) && (positive ? parsed > 0 : parsed >= 0);
    if (!valid) {
      throw error(column,
                  positive ? "must be a number > 0 or empty" : "must be a number >= 0 or empty",
                  value);
    }
    return parsed;
  }

  InputError error(std::string_view column, std::string_view what, const std::string& value) const {
    return InputError(fmt::format("{}: row {} (line {}), column '{}': {} (got '{}')", source_,
                                  row_ + 1, table_.row_lines[row_], column, what,
                                  escape_text(value)));
  }

 private:
  const detail::CsvTable& table_;
  std::size_t row_;
  const std::string& source_;
};

RateLimitRow parse_row(const RowReader& r) {
  RateLimitRow row{.provider = r.required_text("provider"),
                   .tier = r.required_text("tier"),
                   .qualification_usd_paid = r.number("qualification_usd_paid", false),
                   .qualification_days = r.number("qualification_days", false),
                   .monthly_cap_usd = r.number("monthly_cap_usd", true),
                   .model = r.required_text("model"),
                   .requests_per_min = r.number("rpm", true),
                   .tokens_per_min = r.number("tpm", true),
                   .input_tokens_per_min = r.number("itpm", true),
                   .output_tokens_per_min = r.number("otpm", true),
                   .requests_per_day = r.number("rpd", true),
                   .tokens_per_day = r.number("tpd", true),
                   .batch_queue_tokens = r.number("batch_queue_tpd", true),
                   .source = r.text("source"),
                   .as_of = r.text("as_of")};
  if (row.provider != "openai" && row.provider != "anthropic" && row.provider != "google") {
    throw r.error("provider", "must be openai, anthropic or google", row.provider);
  }
  return row;
}

}  // namespace

RateLimitCatalog parse_rate_limits(std::string_view csv, const std::string& source) {
  const detail::CsvTable table = detail::parse_csv(csv, source);
  // Every column is needed: a missing one is named before any row is read.
  for (const char* column : {"provider", "tier", "qualification_usd_paid", "qualification_days",
                             "monthly_cap_usd", "model", "rpm", "tpm", "itpm", "otpm", "rpd", "tpd",
                             "batch_queue_tpd", "source", "as_of"}) {
    detail::csv_column(table, column, source);
  }
  RateLimitCatalog catalog{.source = source};
  for (std::size_t i = 0; i < table.rows.size(); ++i) {
    catalog.rows.push_back(parse_row(RowReader(table, i, source)));
  }
  return catalog;
}

// Built in and checked by the tests: parsing cannot fail on a built binary.
const RateLimitCatalog& rate_limit_catalog() {
  static const RateLimitCatalog kCatalog =
      parse_rate_limits(*embedded_file(kRateLimitsFile), kRateLimitsFile);
  return kCatalog;
}

}  // namespace llmtco
