// A running `llmtco serve --port 0` for the end-to-end tests: its process id,
// the port its first line names, and a stop by signal.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>

namespace llmtco_test {

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
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  FILE* out_ = nullptr;
  std::string first_line_;
  int port_ = 0;
  bool stopped_ = false;
};

}  // namespace llmtco_test
