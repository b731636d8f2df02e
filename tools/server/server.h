// `llmtco serve`: the JSON API (api.h) and the page on cpp-httplib, safe by
// default: loopback only, bodies capped, timeouts on every read and write, no
// file-system access from a request, no CORS unless asked.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <thread>

namespace httplib {
class Server;
}

namespace llmtco::server {

struct ServeOptions {
  std::string host = "127.0.0.1";  // loopback; "0.0.0.0" serves every interface
  int port = 8080;                 // 0: a free port, chosen by the system
  std::string cors_origin;         // empty: no CORS headers; else the origin allowed
  std::size_t max_body_bytes = std::size_t{1} << 20;  // 1 MiB; larger bodies get 413
  int read_timeout_s = 5;   // a client that sends nothing for this long is dropped
  int write_timeout_s = 5;  // likewise for one that reads nothing
  int threads = 8;          // requests computed at once
};

class Server {
 public:
  explicit Server(const ServeOptions& options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds the address and serves on a thread of its own; returns the port.
  // Throws InputError naming host and port if the address cannot be bound.
  // `on_finished` runs on that thread when serving ends, for whatever reason.
  int start(std::function<void()> on_finished = {});
  // Stops serving and returns once the serving thread has ended: requests in
  // progress finish, new connections are refused. The destructor stops too.
  void stop();

 private:
  ServeOptions options_;
  std::unique_ptr<httplib::Server> http_;
  std::thread thread_;
  std::atomic<bool> finished_ = false;
};

}  // namespace llmtco::server
