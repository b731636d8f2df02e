#include "llmtco/nearest.h"

#include <algorithm>
#include <numeric>
#include <vector>

namespace llmtco {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // One row of the dynamic-programming table at a time.
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const std::size_t substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitution});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string_view nearest_name(std::string_view query, std::span<const std::string_view> known) {
  // A name the query begins is what a user typing it most likely meant: "h10" is
  // "h100-sxm" rather than "a10". The shortest such name, the first of equals.
  std::string_view prefixed;
  for (std::string_view name : known) {
    if (!query.empty() && name.starts_with(query) &&
        (prefixed.empty() || name.size() < prefixed.size())) {
      prefixed = name;
    }
  }
  if (!prefixed.empty()) return prefixed;
  std::string_view best;
  std::size_t best_distance = 0;
  for (std::string_view name : known) {
    const std::size_t d = edit_distance(query, name);
    if (best.empty() || d < best_distance) {
      best = name;
      best_distance = d;
    }
  }
  return best;
}

std::string ascii_lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace llmtco
