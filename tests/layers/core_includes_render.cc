// Must not compile: a file of the core that includes a render header (ctest
// layers_core_refuses_render).
#include "llmtco/render.h"
