// Reading a whole user-named file, with the one error message every reader uses.
#pragma once
#ifndef LLMTCO_IO_LAYER
#error "an io header (files and formats): the core and the commands read no file"
#endif

#include <string>

namespace llmtco::detail {

// The bytes of `path`. Throws InputError "cannot read WHAT 'PATH': REASON" (the
// system's reason, or "it is a directory").
std::string read_text_file(const std::string& path, const std::string& what);

}  // namespace llmtco::detail
