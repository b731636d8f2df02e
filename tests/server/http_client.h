// A small blocking HTTP/1.1 client over a loopback socket for the server tests:
// it sends whatever bytes a test writes (slow, malformed, chunked, oversized) and
// reads one reply. Every send and receive has a timeout, so no test can hang.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace llmtco_test {

struct HttpReply {
  int status = 0;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;

  // The header's value, or "" if absent.
  std::string header(const std::string& lower_case_name) const;
};

using Headers = std::vector<std::pair<std::string, std::string>>;

// The text of a request with Host: 127.0.0.1:PORT (unless `headers` names a
// Host), Content-Type: application/json and Content-Length for a POST or a body
// (unless `headers` names them or Transfer-Encoding), then `headers`.
std::string request_text(int port, std::string_view method, std::string_view target,
                         std::string_view body = "", const Headers& headers = {});

class Connection {
 public:
  // Connects to 127.0.0.1:port; sends and receives time out after `timeout_s`.
  explicit Connection(int port, int timeout_s = 30);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  bool connected() const { return fd_ >= 0; }
  // Sends all of `bytes`; false if the connection failed or timed out.
  bool send(std::string_view bytes);
  // The next reply (1xx interim replies skipped), or nullopt if the connection
  // closed or timed out before a whole one.
  std::optional<HttpReply> read_reply();
  // Sends a chunked body of `total_bytes` spaces, `chunk_bytes` a chunk, then the
  // last chunk; false once a send fails.
  bool send_chunked_spaces(std::size_t total_bytes, std::size_t chunk_bytes);
  // Whether the server closed the connection (reads end of stream) within the timeout.
  bool closed_by_server();

 private:
  bool fill();  // reads more into buffer_; false on close, error or timeout

  int fd_ = -1;
  std::string buffer_;
};

// One request on a new connection and its reply.
std::optional<HttpReply> http_request(int port, std::string_view method, std::string_view target,
                                      std::string_view body = "", const Headers& headers = {});

}  // namespace llmtco_test
