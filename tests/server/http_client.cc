#include "http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace llmtco_test {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool names(const Headers& headers, std::string_view name) {
  return std::any_of(headers.begin(), headers.end(),
                     [&](const auto& h) { return lower(h.first) == name; });
}

// The status and headers of a reply's head (up to, not including, its blank line).
HttpReply parse_head(std::string_view head) {
  HttpReply reply;
  const std::size_t line_end = head.find("\r\n");
  const std::string_view status_line = head.substr(0, line_end);
  const std::size_t space = status_line.find(' ');
  if (space != std::string_view::npos) {
    reply.status = std::atoi(std::string(status_line.substr(space + 1, 3)).c_str());
  }
  std::size_t at = line_end == std::string_view::npos ? head.size() : line_end + 2;
  while (at < head.size()) {
    std::size_t end = head.find("\r\n", at);
    if (end == std::string_view::npos) end = head.size();
    const std::string_view line = head.substr(at, end - at);
    const std::size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      reply.headers[lower(std::string(line.substr(0, colon)))] = std::string(value);
    }
    at = end + 2;
  }
  return reply;
}

}  // namespace

std::string HttpReply::header(const std::string& lower_case_name) const {
  const auto it = headers.find(lower_case_name);
  return it == headers.end() ? "" : it->second;
}

std::string request_text(int port, std::string_view method, std::string_view target,
                         std::string_view body, const Headers& headers) {
  std::string text = std::string(method) + " " + std::string(target) + " HTTP/1.1\r\n";
  if (!names(headers, "host")) text += "Host: 127.0.0.1:" + std::to_string(port) + "\r\n";
  const bool has_body = !body.empty() || method == "POST";
  if (has_body && !names(headers, "content-type")) text += "Content-Type: application/json\r\n";
  if (has_body && !names(headers, "content-length") && !names(headers, "transfer-encoding")) {
    text += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  for (const auto& [name, value] : headers) text += name + ": " + value + "\r\n";
  return text + "\r\n" + std::string(body);
}

Connection::Connection(int port, int timeout_s) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd_ < 0) return;
  const timeval timeout{.tv_sec = timeout_s, .tv_usec = 0};
  ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);  // loopback only, always
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

Connection::~Connection() {
  if (fd_ >= 0) ::close(fd_);
}

bool Connection::send(std::string_view bytes) {
  while (fd_ >= 0 && !bytes.empty()) {
    const ssize_t sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(sent));
  }
  return fd_ >= 0;
}

bool Connection::send_chunked_spaces(std::size_t total_bytes, std::size_t chunk_bytes) {
  // One chunk's bytes, reused: the test measures the memory of this process, which
  // serves too (and under ASan freed memory is held in quarantine for a while).
  const std::string chunk = std::string(chunk_bytes, ' ') + "\r\n";
  char size[32];
  for (std::size_t sent = 0; sent < total_bytes; sent += chunk_bytes) {
    const std::size_t n = std::min(chunk_bytes, total_bytes - sent);
    std::snprintf(size, sizeof size, "%zx\r\n", n);
    const std::string_view data = std::string_view(chunk).substr(chunk_bytes - n);
    if (!send(size) || !send(data)) return false;
  }
  return send("0\r\n\r\n");
}

bool Connection::fill() {
  if (fd_ < 0) return false;
  char chunk[16384];
  const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
  if (n <= 0) return false;
  buffer_.append(chunk, static_cast<std::size_t>(n));
  return true;
}

std::optional<HttpReply> Connection::read_reply() {
  for (;;) {
    std::size_t head_end = buffer_.find("\r\n\r\n");
    while (head_end == std::string::npos) {
      if (!fill()) return std::nullopt;
      head_end = buffer_.find("\r\n\r\n");
    }
    HttpReply reply = parse_head(std::string_view(buffer_).substr(0, head_end));
    buffer_.erase(0, head_end + 4);
    if (reply.status >= 100 && reply.status < 200) continue;
    const std::string length = reply.header("content-length");
    if (reply.status == 204 || reply.status == 304) return reply;
    if (length.empty()) {
      while (fill()) {
      }
      reply.body = std::move(buffer_);
      buffer_.clear();
      return reply;
    }
    const std::size_t n = std::strtoull(length.c_str(), nullptr, 10);
    while (buffer_.size() < n) {
      if (!fill()) return std::nullopt;
    }
    reply.body = buffer_.substr(0, n);
    buffer_.erase(0, n);
    return reply;
  }
}

bool Connection::closed_by_server() {
  if (fd_ < 0) return false;
  char chunk[4096];
  for (;;) {
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n == 0) return true;
    if (n < 0) return errno == ECONNRESET;
  }
}

std::optional<HttpReply> http_request(int port, std::string_view method, std::string_view target,
                                      std::string_view body, const Headers& headers) {
  Connection connection(port);
  if (!connection.send(request_text(port, method, target, body, headers))) return std::nullopt;
  return connection.read_reply();
}

}  // namespace llmtco_test
