#include "llmtco/figure.h"

#include <algorithm>

namespace llmtco {

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
