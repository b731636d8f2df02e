// `llmtco serve`: the JSON API (api.h) and the page over HTTP/1.1 on Boost.Beast,
// safe by default: loopback only, Host names allow-listed, every request bounded
// in bytes and in time while it is read, idle or slow clients holding no thread,
// no file-system access from a request, no CORS unless asked. docs/serve.md
// states each limit and the status it gets.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace llmtco::server {

struct ServeOptions {
  std::string host = "127.0.0.1";  // loopback; "0.0.0.0" serves every interface
  int port = 8080;                 // 0: a free port, chosen by the system
  std::string cors_origin;         // empty: no CORS headers; else the origin allowed
  // Host header names allowed beside the loopback names and `host` (any port).
  std::vector<std::string> allowed_hosts;
  int threads = 8;  // reports computed at once, 1 to 256, beside the one I/O thread
  std::size_t max_queued_reports = 64;  // reports waiting for a thread; one more gets 503
  // Connections open at once; at the cap, the one that has waited longest without
  // sending a whole request is closed for the newcomer. Kept below the open-file
  // limit (whose soft value is raised to the hard one if the cap needs it).
  std::size_t max_connections = 256;
  int listen_backlog = 128;                              // connections the kernel queues for accept
  std::size_t max_header_bytes = std::size_t{16} << 10;  // request line + headers; over: 431
  std::size_t max_body_bytes = std::size_t{1} << 20;     // Content-Length or chunked; over: 413
  int idle_timeout_s = 5;      // a connection with no request begun (new or kept alive) is closed
  int request_timeout_s = 10;  // from a request's first byte to its last, header and body
  int write_timeout_s = 10;    // to send a reply
  int max_requests_per_connection = 1000;  // the last one's reply says Connection: close
};

class Server {
 public:
  explicit Server(const ServeOptions& options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the address (no SO_REUSEPORT: a port in use is an error) and serves on
  // a thread of its own; returns the port. Throws InputError naming host and port
  // if the address cannot be bound. `on_finished` runs on that thread when serving
  // ends, for whatever reason.
  int start(std::function<void()> on_finished = {});
  // Closes the listener and every connection, lets the reports being computed
  // finish (their replies are not sent), and returns once every thread has ended.
  // The destructor stops too.
  void stop();

  struct State;  // server.cc's: the listener, the connections, the threads

 private:
  std::unique_ptr<State> state_;
};

}  // namespace llmtco::server
