// Prints a libFuzzer dictionary of the scenario's words, from the schema itself:
// every dotted path (for --set), each of its parts (YAML and JSON keys) and each
// text field's choices.
#include <cstdio>
#include <set>
#include <string_view>

#include "llmtco/scenario.h"

int main() {
  std::set<std::string_view> words;
  for (const llmtco::ScenarioField& field : llmtco::scenario_fields()) {
    words.insert(field.path);
    for (std::size_t start = 0; start <= field.path.size();) {
      const std::size_t dot = std::min(field.path.find('.', start), field.path.size());
      words.insert(field.path.substr(start, dot - start));
      start = dot + 1;
    }
    words.insert(field.choices.begin(), field.choices.end());
  }
  for (const std::string_view word : words) {
    std::printf("\"%.*s\"\n", static_cast<int>(word.size()), word.data());
  }
  return 0;
}
