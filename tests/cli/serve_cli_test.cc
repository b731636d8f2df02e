// `llmtco serve` as a user runs it: it says where it listens, answers, and stops
// cleanly on SIGINT or SIGTERM.
#include <signal.h>

#include <nlohmann/json.hpp>

#include "cli_fixture.h"
#include "http_client.h"
#include "serving.h"

namespace llmtco_test {
namespace {

TEST(Serve, ListensOnLoopbackAndStopsOnSigterm) {
  Serving serving;
  ASSERT_GT(serving.port(), 0) << serving.first_line();
  EXPECT_EQ(serving.first_line(), "llmtco serve: listening on http://127.0.0.1:" +
                                      std::to_string(serving.port()) + "/ (Ctrl-C stops)\n");
  const auto health = http_request(serving.port(), "GET", "/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  const auto compare = http_request(serving.port(), "POST", "/api/v1/compare", "{}");
  ASSERT_TRUE(compare);
  EXPECT_EQ(compare->status, 200);
  EXPECT_EQ(nlohmann::json::parse(compare->body)["command"], "compare");
  const auto [code, rest] = serving.stop(SIGTERM);
  EXPECT_EQ(code, 0);
  EXPECT_EQ(rest, "llmtco serve: stopped (SIGTERM)\n");
}

TEST(Serve, StopsOnSigint) {
  Serving serving;
  ASSERT_GT(serving.port(), 0) << serving.first_line();
  const auto [code, rest] = serving.stop(SIGINT);
  EXPECT_EQ(code, 0);
  EXPECT_EQ(rest, "llmtco serve: stopped (SIGINT)\n");
}

TEST_F(Cli, ServeRefusesAPortOutOfRange) {
  expect_input_error({"serve", "--port", "70000"},
                     "--port: Value 70000 not in range 0 to 65535 (see 'llmtco --help')");
}

// Issue 12, D11: a second serve on a port in use bound it too (SO_REUSEPORT).
TEST_F(Cli, ServeRefusesAPortInUse) {
  Serving serving;
  ASSERT_GT(serving.port(), 0) << serving.first_line();
  const std::string port = std::to_string(serving.port());
  expect_input_error({"serve", "--port", port}, "cannot listen on 127.0.0.1:" + port +
                                                    " (in use, or not an address of this machine)");
  const auto health = http_request(serving.port(), "GET", "/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
}

TEST_F(Cli, ServeSaysWhenItCannotListen) {
  // 192.0.2.1 is TEST-NET-1 (RFC 5737): never an address of this machine.
  expect_input_error({"serve", "--host", "192.0.2.1", "--port", "8080"},
                     "cannot listen on 192.0.2.1:8080 (in use, or not an address of this "
                     "machine)");
}

}  // namespace
}  // namespace llmtco_test
