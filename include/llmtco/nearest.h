// Nearest names: which known name an unknown one was most likely meant to be, for
// "did you mean" hints in error messages.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace llmtco {

// The number of single-character insertions, deletions and substitutions that
// turn `a` into `b` (Levenshtein distance).
std::size_t edit_distance(std::string_view a, std::string_view b);

// The name in `known` nearest to `query`: the shortest name that begins with
// `query` if there is one, else the nearest by edit distance; the first of equals.
// Empty if `known` is empty.
std::string_view nearest_name(std::string_view query, std::span<const std::string_view> known);

// ASCII lower case, for names that match in any case ("LLAMA-2-70B", "H100-SXM").
std::string ascii_lowercase(std::string_view text);

}  // namespace llmtco
