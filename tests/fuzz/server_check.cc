#include "server_check.h"

#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

namespace llmtco::fuzz {
namespace {

[[noreturn]] void fail(const char* what, const server::Reply& reply) {
  std::fprintf(stderr, "fuzz oracle: %s (status %d): %s\n", what, reply.status, reply.body.c_str());
  std::abort();
}

}  // namespace

void check_reply(const server::Reply& reply) {
  const nlohmann::json body = nlohmann::json::parse(reply.body, nullptr, false);
  if (!body.is_object()) fail("the reply is not a JSON object", reply);
  if (reply.status == 400 || reply.status == 404) {
    if (!body.contains("error") || !body["error"].is_string()) fail("no error message", reply);
    return;
  }
  if (reply.status != 200) fail("unexpected status", reply);
  const auto figures = body.find("figures");
  if (figures == body.end()) return;
  for (const nlohmann::json& figure : *figures) {
    if (!figure.contains("value") || !figure["value"].is_number()) {
      fail("a figure is not a number", reply);
    }
  }
}

}  // namespace llmtco::fuzz
