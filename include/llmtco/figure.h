// Figure: one reported quantity with its unit, formula and inputs (the "explain"
// trace). Every renderer and shell prints from figures; none recomputes them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llmtco {

// One named input of a figure's formula: a scenario field or another figure.
struct FigureInput {
  std::string name;  // a scenario path ("article.params") or a figure id
  double value = 0;
  std::string unit;
};

// The unit constants of units.h that formulas use, named by what they count: a
// byte's bits, a GB's bytes, a month's hours. A formula never types one as a
// number: it names it as an input, so that the trace cannot drift from the code.
enum class UnitInput {
  kByteBits,
  kGbBytes,
  kGibBytes,
  kMonthDays,
  kTflopFlops,
  kMonthHours,
  kYearMonths,
  kSecondMs,
  kDaySeconds,
  kHourSeconds,
  kMillionTokens,
  kThousandTokens,  // the last: find_unit_input() runs up to it
};
inline constexpr int kUnitInputs = static_cast<int>(UnitInput::kThousandTokens) + 1;

// The constant as a named input: {"bytes_per_gb", 1e9, "bytes/GB"},
// {"hours_per_month", 730, "hours/month"}, {"days_per_month", 730 / 24, "days/month"}, ...
FigureInput unit_input(UnitInput constant);

// The unit input named `name` ("tokens_per_million"), if there is one.
std::optional<FigureInput> find_unit_input(std::string_view name);

// A published value the figure is compared with (the seed article's printed figure).
struct Reference {
  std::string printed;         // as the source prints it, e.g. "~$90/day"
  double low = 0;              // the printed value; the low end where it prints a range
  std::optional<double> high;  // the high end of a printed range ("$200,000-250,000+")
  double difference_pct = 0;   // (value - printed) / printed * 100; 0 inside a range
  std::string reason;          // one line, set wherever |difference_pct| > 1
};

struct Figure {
  std::string id;       // stable: tests, scripts and the web page rely on it
  std::string method;   // "article" (the seed article's rules of thumb) or "physics"
  std::string label;    // a short human name
  double value = 0;     // always finite
  std::string unit;     // "GB", "USD/day", "tokens/day", ...
  std::string formula;  // in terms of the names in `inputs`
  std::vector<FigureInput> inputs;
  std::string source;  // where the rule comes from
  std::optional<Reference> reference;
};

// A figure of the "physics" method (this tool's own estimate).
Figure physics_figure(std::string id, std::string label, double value, std::string unit,
                      std::string formula, std::vector<FigureInput> inputs, std::string source);

// The figure with `id`, or nullptr.
const Figure* find_figure(const std::vector<Figure>& figures, const std::string& id);

}  // namespace llmtco
