// Files built into the binary at compile time (cmake/embed.cmake), so that llmtco
// runs offline and from any directory: the seed scenario, later the catalogs.
#pragma once
#ifndef LLMTCO_IO_LAYER
#error "an io header (files and formats): the core and the commands read no file"
#endif

#include <optional>
#include <string_view>
#include <vector>

namespace llmtco {

// The bytes of the embedded file at `path` (relative to the repository root, e.g.
// "examples/seed-article.yaml"), or nullopt.
std::optional<std::string_view> embedded_file(std::string_view path);

// Every embedded path, in build order.
std::vector<std::string_view> embedded_paths();

}  // namespace llmtco
