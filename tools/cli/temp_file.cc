#include "temp_file.h"

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>

namespace llmtco::cli {
namespace {

constexpr std::array<int, 3> kSignals = {SIGINT, SIGTERM, SIGHUP};

// What the handler reads: a fixed buffer and a flag, as async-signal-safe code may.
char g_path[4096];
volatile std::sig_atomic_t g_armed = 0;
std::array<struct sigaction, kSignals.size()> g_previous;

extern "C" void remove_then_reraise(int signal_number) {
  if (g_armed) ::unlink(g_path);
  struct sigaction default_action {};
  default_action.sa_handler = SIG_DFL;
  ::sigaction(signal_number, &default_action, nullptr);
  ::raise(signal_number);  // delivered when the handler returns, with the default action
}

// Blocks the three signals while it lives, so that the handler never sees the
// path and the flag half-set.
class SignalsBlocked {
 public:
  SignalsBlocked() {
    sigset_t set;
    ::sigemptyset(&set);
    for (const int s : kSignals) ::sigaddset(&set, s);
    ::sigprocmask(SIG_BLOCK, &set, &previous_);
  }
  ~SignalsBlocked() { ::sigprocmask(SIG_SETMASK, &previous_, nullptr); }
  SignalsBlocked(const SignalsBlocked&) = delete;
  SignalsBlocked& operator=(const SignalsBlocked&) = delete;

 private:
  sigset_t previous_;
};

void arm_handlers() {
  struct sigaction action {};
  action.sa_handler = &remove_then_reraise;
  ::sigemptyset(&action.sa_mask);
  for (std::size_t i = 0; i < kSignals.size(); ++i) {
    ::sigaction(kSignals[i], nullptr, &g_previous[i]);
    // A signal the user chose to ignore (nohup) stays ignored.
    if (g_previous[i].sa_handler != SIG_IGN) ::sigaction(kSignals[i], &action, nullptr);
  }
}

}  // namespace

int create_temp_file(std::string& pattern) {
  if (pattern.size() >= sizeof g_path) {
    errno = ENAMETOOLONG;
    return -1;
  }
  const SignalsBlocked blocked;
  const int fd = ::mkstemp(pattern.data());
  if (fd < 0) return -1;
  std::memcpy(g_path, pattern.c_str(), pattern.size() + 1);
  arm_handlers();
  g_armed = 1;
  return fd;
}

void forget_temp_file() {
  const SignalsBlocked blocked;
  g_armed = 0;
  for (std::size_t i = 0; i < kSignals.size(); ++i)
    ::sigaction(kSignals[i], &g_previous[i], nullptr);
}

}  // namespace llmtco::cli
