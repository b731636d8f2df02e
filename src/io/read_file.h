// Reading a whole user-named file, with the one error message every reader uses.
#pragma once

#include <string>

namespace llmtco::detail {

// The bytes of `path`. Throws InputError "cannot read WHAT 'PATH': REASON" (the
// system's reason, or "it is a directory").
std::string read_text_file(const std::string& path, const std::string& what);

}  // namespace llmtco::detail
