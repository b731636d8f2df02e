#include "llmtco/figure.h"

#include <algorithm>

#include "llmtco/units.h"

namespace llmtco {

FigureInput unit_input(UnitInput constant) {
  switch (constant) {
    case UnitInput::kByteBits:
      return {"bits_per_byte", kBitsPerByte, "bits/byte"};
    case UnitInput::kGbBytes:
      return {"bytes_per_gb", kBytesPerGb, "bytes/GB"};
    case UnitInput::kGibBytes:
      return {"bytes_per_gib", kBytesPerGib, "bytes/GiB"};
    case UnitInput::kMonthDays:
      return {"days_per_month", kDaysPerMonth, "days/month"};
    case UnitInput::kTflopFlops:
      return {"flops_per_tflop", kFlopsPerTflop, "FLOP/TFLOP"};
    case UnitInput::kMonthHours:
      return {"hours_per_month", kHoursPerMonth, "hours/month"};
    case UnitInput::kYearMonths:
      return {"months_per_year", kMonthsPerYear, "months/year"};
    case UnitInput::kSecondMs:
      return {"ms_per_s", kMsPerSecond, "ms/s"};
    case UnitInput::kDaySeconds:
      return {"seconds_per_day", kSecondsPerDay, "s/day"};
    case UnitInput::kHourSeconds:
      return {"seconds_per_hour", kSecondsPerHour, "s/hour"};
    case UnitInput::kMillionTokens:
      return {"tokens_per_million", kTokensPerMillion, "tokens"};
    case UnitInput::kThousandTokens:
      return {"tokens_per_thousand", kTokensPerThousand, "tokens"};
  }
  return {};  // unreachable: every enumerator is listed above
}

std::optional<FigureInput> find_unit_input(std::string_view name) {
  for (int i = 0; i < kUnitInputs; ++i) {
    FigureInput input = unit_input(static_cast<UnitInput>(i));
    if (input.name == name) return input;
  }
  return std::nullopt;
}

Figure physics_figure(std::string id, std::string label, double value, std::string unit,
                      std::string formula, std::vector<FigureInput> inputs, std::string source) {
  return {.id = std::move(id),
          .method = "physics",
          .label = std::move(label),
          .value = value,
          .unit = std::move(unit),
          .formula = std::move(formula),
          .inputs = std::move(inputs),
          .source = std::move(source)};
}

const Figure* find_figure(const std::vector<Figure>& figures, const std::string& id) {
  const auto it =
      std::find_if(figures.begin(), figures.end(), [&](const Figure& f) { return f.id == id; });
  return it == figures.end() ? nullptr : &*it;
}

}  // namespace llmtco
