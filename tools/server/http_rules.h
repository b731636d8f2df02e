// What `llmtco serve` decides from a request's header alone, before any body is
// read: the route, the Host allow-list, the body's type and encoding. Free of
// sockets and of the HTTP library; server.cc passes the header's fields in.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api.h"

namespace llmtco::server {

// The names a Host header may carry (any port): the loopback names, `listen_host`
// unless it is a wildcard (0.0.0.0, ::), and `extra` (--allow-host).
std::vector<std::string> allowed_host_names(std::string_view listen_host,
                                            const std::vector<std::string>& extra);

// The header fields the checks read; an absent field is nullopt.
struct RequestHead {
  std::string_view method;  // "GET", "POST", ...
  std::string_view path;    // the target up to '?'
  std::optional<std::string_view> host;
  std::optional<std::string_view> content_type;
  std::optional<std::string_view> content_encoding;
  std::optional<std::string_view> transfer_encoding;
};

// The reply that refuses the request before its body is read (400 without a
// Host, 403 for a Host not allowed, 415 for an encoded body or a POST that is not
// application/json), or nullopt to read the body and serve it.
std::optional<Reply> refuse_head(const RequestHead& head, const std::vector<std::string>& allowed);

enum class RouteKind {
  kAsset,      // GET /, /app.js, /app.css: `name` is the file
  kHealth,     // GET /healthz
  kReport,     // POST /api/v1/<name>
  kCatalog,    // GET /api/v1/catalog/<name>
  kPostOnly,   // GET /api/v1/<name>: 405
  kPreflight,  // OPTIONS /api/v1/...: 204 when CORS is on, else 404
  kNotFound,   // anything else
};

struct Route {
  RouteKind kind = RouteKind::kNotFound;
  std::string_view name;          // the file, report or catalog named by the path
  std::string_view content_type;  // an asset's
};

Route route_of(std::string_view method, std::string_view path);

// The query of a target ("a=1&b=x%2Cy" -> {a: 1, b: x,y}), percent-decoded, '+'
// as a space.
std::multimap<std::string, std::string> parse_query(std::string_view query);

// At most 80 bytes of `text` for a one-line error message, escaped as every echoed
// value is (escape_text in llmtco/text.h).
std::string printable(std::string_view text);

}  // namespace llmtco::server
