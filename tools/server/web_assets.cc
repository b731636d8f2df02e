#include "web_assets.h"

#include "io/embedded_table.h"

namespace llmtco::detail {
extern const EmbeddedFile kWebFiles[];
extern const std::size_t kWebFilesCount;
}  // namespace llmtco::detail

namespace llmtco::server {

std::optional<std::string_view> web_asset(std::string_view name) {
  for (std::size_t i = 0; i < detail::kWebFilesCount; ++i) {
    if (detail::kWebFiles[i].path == name) return detail::kWebFiles[i].data;
  }
  return std::nullopt;
}

}  // namespace llmtco::server
