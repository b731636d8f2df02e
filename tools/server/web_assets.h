// The page's files (web/, bundled by web/build.mjs), embedded in the binary at
// build time so that `llmtco serve` works offline and from any directory.
#pragma once

#include <optional>
#include <string_view>

namespace llmtco::server {

// The bytes of the page file `name` ("index.html", "app.js", "app.css"), or nullopt.
std::optional<std::string_view> web_asset(std::string_view name);

}  // namespace llmtco::server
