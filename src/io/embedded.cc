#include "llmtco/embedded.h"

#include <span>

#include "io/embedded_table.h"

namespace llmtco {
namespace {

std::span<const detail::EmbeddedFile> table() {
  return {detail::kEmbeddedFiles, detail::kEmbeddedFileCount};
}

}  // namespace

std::optional<std::string_view> embedded_file(std::string_view path) {
  for (const detail::EmbeddedFile& file : table()) {
    if (file.path == path) return file.data;
  }
  return std::nullopt;
}

std::vector<std::string_view> embedded_paths() {
  std::vector<std::string_view> paths;
  for (const detail::EmbeddedFile& file : table()) paths.push_back(file.path);
  return paths;
}

}  // namespace llmtco
