// `llmtco serve` as a user runs it: it says where it listens, answers, and stops
// cleanly on SIGINT or SIGTERM.
#include <httplib.h>
#include <signal.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli_fixture.h"

namespace llmtco_test {
namespace {

// A running `llmtco serve --port 0`, its stdout on a pipe.
class Serving {
 public:
  Serving() {
    int pipe_fds[2];
    if (::pipe(pipe_fds) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(pipe_fds[1], 1);
      ::close(pipe_fds[0]);
      ::execl(LLMTCO_BINARY, LLMTCO_BINARY, "serve", "--port", "0", static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(pipe_fds[1]);
    out_ = ::fdopen(pipe_fds[0], "r");
    char line[256] = {};
    if (out_ && std::fgets(line, sizeof line, out_)) first_line_ = line;
    const std::size_t colon = first_line_.rfind(':');
    if (colon != std::string::npos) port_ = std::atoi(first_line_.c_str() + colon + 1);
  }
  ~Serving() {
    if (pid_ > 0 && !stopped_) stop(SIGKILL);
    if (out_) std::fclose(out_);
  }

  // Sends `signal`; returns the exit code and the rest of stdout.
  std::pair<int, std::string> stop(int signal) {
    stopped_ = true;
    ::kill(pid_, signal);
    std::string rest;
    char buffer[256];
    while (out_ && std::fgets(buffer, sizeof buffer, out_)) rest += buffer;
    int status = 0;
    ::waitpid(pid_, &status, 0);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, rest};
  }

  const std::string& first_line() const { return first_line_; }
  int port() const { return port_; }

 private:
  pid_t pid_ = -1;
  FILE* out_ = nullptr;
  std::string first_line_;
  int port_ = 0;
  bool stopped_ = false;
};

TEST(Serve, ListensOnLoopbackAndStopsOnSigterm) {
  Serving serving;
  ASSERT_GT(serving.port(), 0) << serving.first_line();
  EXPECT_EQ(serving.first_line(), "llmtco serve: listening on http://127.0.0.1:" +
                                      std::to_string(serving.port()) + "/ (Ctrl-C stops)\n");
  httplib::Client client("127.0.0.1", serving.port());
  const auto health = client.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  const auto compare = client.Post("/api/v1/compare", "{}", "application/json");
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

TEST_F(Cli, ServeSaysWhenItCannotListen) {
  // 192.0.2.1 is TEST-NET-1 (RFC 5737): never an address of this machine.
  expect_input_error({"serve", "--host", "192.0.2.1", "--port", "8080"},
                     "cannot listen on 192.0.2.1:8080 (in use, or not an address of this "
                     "machine)");
}

}  // namespace
}  // namespace llmtco_test
