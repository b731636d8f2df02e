// llmtco serve [--host 127.0.0.1] [--port 8080] [--allow-host NAME]: the web page
// and the JSON API until SIGINT or SIGTERM.
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <memory>
#include <string>

#include "commands.h"
#include "server.h"

namespace llmtco::cli {

std::function<int()> define_serve(CLI::App& app) {
  auto o = std::make_shared<server::ServeOptions>();
  app.add_option("--host", o->host,
                 "address to listen on; 0.0.0.0 serves every interface (default: loopback)")
      ->capture_default_str();
  app.add_option("--port", o->port, "TCP port; 0 picks a free one")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  app.add_option("--cors-origin", o->cors_origin,
                 "let pages from this origin call the API (default: no CORS headers)")
      ->type_name("ORIGIN");
  app.add_option("--allow-host", o->allowed_hosts,
                 "a name the Host header may carry beside localhost, 127.0.0.1, [::1] and "
                 "--host (any port; repeatable): the name a proxy or the LAN uses; other names "
                 "get 403 (DNS rebinding)")
      ->type_name("NAME");
  app.add_option("--threads", o->threads,
                 "reports computed at once; slow or idle connections hold none (docs/serve.md "
                 "lists the limits)")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  return [o] {
    // SIGINT and SIGTERM go to sigwait below, not to a handler: block them before
    // the server starts its threads, which inherit the mask.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    server::Server server(*o);
    // If serving ends by itself, wake the wait below and say so.
    static std::atomic<bool> ended_by_itself = false;
    const int port = server.start([] {
      ended_by_itself = true;
      ::kill(::getpid(), SIGTERM);
    });
    std::printf("llmtco serve: listening on http://%s:%d/ (Ctrl-C stops)\n", o->host.c_str(), port);
    std::fflush(stdout);
    int received = 0;
    sigwait(&stop_signals, &received);
    const bool unexpected = ended_by_itself;
    server.stop();
    if (unexpected) {
      std::fprintf(stderr, "llmtco: error: serving ended without a signal\n");
      return 1;
    }
    std::printf("llmtco serve: stopped (%s)\n", received == SIGINT ? "SIGINT" : "SIGTERM");
    return 0;
  };
}

}  // namespace llmtco::cli
