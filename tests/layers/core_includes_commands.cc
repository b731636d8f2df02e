// Must not compile: a file of the core that includes a commands header (ctest
// layers_core_refuses_commands).
#include "llmtco/resolve.h"
