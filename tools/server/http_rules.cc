#include "http_rules.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "llmtco/text.h"

namespace llmtco::server {
namespace {

// Names that reach this machine only: a page on another site cannot make the
// browser send them (DNS rebinding sends the attacker's name).
constexpr std::array<std::string_view, 3> kLoopbackNames = {"localhost", "127.0.0.1", "[::1]"};
constexpr std::size_t kMaxEchoedBytes = 80;

struct Asset {
  std::string_view path;
  std::string_view file;
  std::string_view content_type;
};
constexpr std::array<Asset, 3> kAssets = {{
    {"/", "index.html", "text/html; charset=utf-8"},
    {"/app.js", "app.js", "text/javascript; charset=utf-8"},
    {"/app.css", "app.css", "text/css; charset=utf-8"},
}};

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// An IPv6 address as a Host header writes it: in brackets.
std::string host_form(std::string_view name) {
  const std::string out = lower(trim(name));
  if (out.find(':') != std::string::npos && !out.starts_with('[')) return "[" + out + "]";
  return out;
}

// The name of a Host header value without its port ("[::1]:8080" -> "[::1]"), or
// nullopt if what follows the name is not ":digits".
std::optional<std::string> host_name(std::string_view value) {
  value = trim(value);
  const std::size_t name_end = value.starts_with('[') ? value.find(']') + 1 : value.rfind(':');
  if (name_end == 0 || name_end > value.size()) return lower(value);
  const std::string_view port = value.substr(name_end);
  const bool digits = port.size() > 1 && port[0] == ':' &&
                      std::all_of(port.begin() + 1, port.end(),
                                  [](unsigned char c) { return std::isdigit(c) != 0; });
  if (!port.empty() && !digits) return std::nullopt;
  return lower(value.substr(0, name_end));
}

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || c == '_';
}

bool is_name(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), is_name_char);
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const int high = i + 2 < text.size() && text[i] == '%' ? hex_digit(text[i + 1]) : -1;
    const int low = high >= 0 ? hex_digit(text[i + 2]) : -1;
    if (low >= 0) {
      out += static_cast<char>(high * 16 + low);
      i += 2;
    } else {
      out += text[i] == '+' ? ' ' : text[i];
    }
  }
  return out;
}

std::optional<Reply> refuse_host(const std::optional<std::string_view>& host,
                                 const std::vector<std::string>& allowed) {
  if (!host) return error_reply(400, "the request has no Host header (HTTP/1.1 requires one)");
  const auto name = host_name(*host);
  if (name && std::find(allowed.begin(), allowed.end(), *name) != allowed.end()) {
    return std::nullopt;
  }
  return error_reply(403, fmt::format("Host '{}' is not allowed (allowed: {}; llmtco serve "
                                      "--allow-host NAME adds one)",
                                      printable(*host), fmt::join(allowed, ", ")));
}

std::optional<Reply> refuse_encoding(const RequestHead& head) {
  if (head.content_encoding && lower(trim(*head.content_encoding)) != "identity") {
    return error_reply(415, fmt::format("Content-Encoding '{}' is not accepted: send the body "
                                        "uncompressed (identity)",
                                        printable(*head.content_encoding)));
  }
  if (head.transfer_encoding && lower(trim(*head.transfer_encoding)) != "chunked") {
    return error_reply(415, fmt::format("Transfer-Encoding '{}' is not accepted (valid: chunked)",
                                        printable(*head.transfer_encoding)));
  }
  return std::nullopt;
}

// A POST's body is JSON and says so: a form or a text/plain "simple" request,
// which a page on any site may send cross-origin, is refused.
std::optional<Reply> refuse_content_type(const RequestHead& head) {
  if (head.method != "POST") return std::nullopt;
  const std::string_view type = head.content_type.value_or("");
  if (lower(trim(type.substr(0, type.find(';')))) == "application/json") return std::nullopt;
  return error_reply(
      415, fmt::format("POST needs Content-Type: application/json (got {})",
                       head.content_type ? fmt::format("'{}'", printable(*head.content_type))
                                         : std::string("none")));
}

}  // namespace

std::vector<std::string> allowed_host_names(std::string_view listen_host,
                                            const std::vector<std::string>& extra) {
  std::vector<std::string> names(kLoopbackNames.begin(), kLoopbackNames.end());
  std::vector<std::string> asked = extra;
  if (listen_host != "0.0.0.0" && listen_host != "::") asked.emplace_back(listen_host);
  for (const std::string& name : asked) {
    const std::string form = host_form(name);
    if (!form.empty() && std::find(names.begin(), names.end(), form) == names.end()) {
      names.push_back(form);
    }
  }
  return names;
}

std::optional<Reply> refuse_head(const RequestHead& head, const std::vector<std::string>& allowed) {
  if (auto refused = refuse_host(head.host, allowed)) return refused;
  if (auto refused = refuse_encoding(head)) return refused;
  return refuse_content_type(head);
}

Route route_of(std::string_view method, std::string_view path) {
  if (method == "GET") {
    for (const Asset& asset : kAssets) {
      if (path == asset.path) return {RouteKind::kAsset, asset.file, asset.content_type};
    }
    if (path == "/healthz") return {RouteKind::kHealth};
  }
  constexpr std::string_view kApi = "/api/v1/";
  constexpr std::string_view kCatalog = "catalog/";
  if (!path.starts_with(kApi)) return {};
  const std::string_view rest = path.substr(kApi.size());
  if (method == "OPTIONS") return {RouteKind::kPreflight};
  if (method == "GET" && rest.starts_with(kCatalog) && is_name(rest.substr(kCatalog.size()))) {
    return {RouteKind::kCatalog, rest.substr(kCatalog.size())};
  }
  if (!is_name(rest)) return {};
  if (method == "POST") return {RouteKind::kReport, rest};
  if (method == "GET") return {RouteKind::kPostOnly, rest};
  return {};
}

std::multimap<std::string, std::string> parse_query(std::string_view query) {
  std::multimap<std::string, std::string> out;
  while (!query.empty()) {
    const std::string_view pair = query.substr(0, query.find('&'));
    query.remove_prefix(std::min(query.size(), pair.size() + 1));
    if (pair.empty()) continue;
    const std::size_t equals = pair.find('=');
    out.emplace(percent_decode(pair.substr(0, equals)),
                equals == std::string_view::npos ? "" : percent_decode(pair.substr(equals + 1)));
  }
  return out;
}

std::string printable(std::string_view text) {
  std::string out = escape_text(text.substr(0, kMaxEchoedBytes));
  if (text.size() > kMaxEchoedBytes) out += "...";
  return out;
}

}  // namespace llmtco::server
