// The oracle of the server targets: whatever the request, the API answers with
// a reply, never an exception: 200 with a JSON object whose figures are numbers
// (JSON null would be a non-finite one), or 400 or 404 with {"error": "..."}.
#pragma once

#include "api.h"

namespace llmtco::fuzz {

// Aborts, printing the reply, unless it is one of those.
void check_reply(const server::Reply& reply);

}  // namespace llmtco::fuzz
