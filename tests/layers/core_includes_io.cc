// Must not compile: a file of the core (built with the core's flags only) that
// includes an io header. The ctest layers_core_refuses_io builds it and expects
// the build to fail, so that the core cannot come to read files unnoticed.
#include "llmtco/model_catalog.h"
