// The table that the generated embedded_files.cc defines (see cmake/embed.cmake).
#pragma once
#ifndef LLMTCO_IO_LAYER
#error "an io header (files and formats): the core and the commands read no file"
#endif

#include <cstddef>
#include <string_view>

namespace llmtco::detail {

struct EmbeddedFile {
  std::string_view path;
  std::string_view data;
};

extern const EmbeddedFile kEmbeddedFiles[];
extern const std::size_t kEmbeddedFileCount;

}  // namespace llmtco::detail
