// The hidden temporary file an `-o` report is written to before it is renamed
// over its target: if SIGINT, SIGTERM or SIGHUP ends the process meanwhile, the
// file is removed first. SIGKILL cannot be caught, so after a kill -9 it stays.
#pragma once

#include <string>

namespace llmtco::cli {

// Creates a file from mkstemp's `pattern` (ending in XXXXXX, replaced in place by
// the name) and returns its descriptor, or -1 with errno set. Until
// forget_temp_file(), each of the three signals (unless ignored) removes the file,
// then ends the process as the signal would have. One such file at a time.
int create_temp_file(std::string& pattern);

// The file is no longer removed on a signal (it was renamed or removed); the
// signals' previous handlers are back.
void forget_temp_file();

}  // namespace llmtco::cli
