#include "llmtco/figure.h"

#include <algorithm>

namespace llmtco {

const Figure* find_figure(const std::vector<Figure>& figures, const std::string& id) {
  const auto it =
      std::find_if(figures.begin(), figures.end(), [&](const Figure& f) { return f.id == id; });
  return it == figures.end() ? nullptr : &*it;
}

}  // namespace llmtco
