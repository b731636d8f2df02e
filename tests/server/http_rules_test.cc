// The server's header rules without a socket: routes, the Host allow-list, the
// query's decoding and the echo of untrusted text.
#include "http_rules.h"

#include <gtest/gtest.h>

namespace llmtco::server {
namespace {

TEST(HttpRules, RoutesAreTheApisAndThePage) {
  EXPECT_EQ(route_of("GET", "/").kind, RouteKind::kAsset);
  EXPECT_EQ(route_of("GET", "/app.js").name, "app.js");
  EXPECT_EQ(route_of("GET", "/app.css").content_type, "text/css; charset=utf-8");
  EXPECT_EQ(route_of("GET", "/healthz").kind, RouteKind::kHealth);
  EXPECT_EQ(route_of("POST", "/api/v1/compare").kind, RouteKind::kReport);
  EXPECT_EQ(route_of("POST", "/api/v1/compare").name, "compare");
  EXPECT_EQ(route_of("GET", "/api/v1/compare").kind, RouteKind::kPostOnly);
  EXPECT_EQ(route_of("GET", "/api/v1/catalog/gpus").kind, RouteKind::kCatalog);
  EXPECT_EQ(route_of("GET", "/api/v1/catalog/gpus").name, "gpus");
  EXPECT_EQ(route_of("OPTIONS", "/api/v1/anything/at/all").kind, RouteKind::kPreflight);
  EXPECT_EQ(route_of("POST", "/api/v1/catalog/gpus").kind, RouteKind::kNotFound);
  EXPECT_EQ(route_of("POST", "/healthz").kind, RouteKind::kNotFound);
  EXPECT_EQ(route_of("GET", "/api/v1/Compare").kind, RouteKind::kNotFound);
  EXPECT_EQ(route_of("GET", "/../../etc/passwd").kind, RouteKind::kNotFound);
}

TEST(HttpRules, HostNamesAllowedAreLoopbackTheListenAddressAndTheExtras) {
  EXPECT_EQ(allowed_host_names("127.0.0.1", {}),
            (std::vector<std::string>{"localhost", "127.0.0.1", "[::1]"}));
  EXPECT_EQ(allowed_host_names("0.0.0.0", {"Calc.Example"}),
            (std::vector<std::string>{"localhost", "127.0.0.1", "[::1]", "calc.example"}));
  EXPECT_EQ(allowed_host_names("192.168.1.5", {"::1"}),
            (std::vector<std::string>{"localhost", "127.0.0.1", "[::1]", "192.168.1.5"}));
  EXPECT_EQ(allowed_host_names("fd00::5", {}),
            (std::vector<std::string>{"localhost", "127.0.0.1", "[::1]", "[fd00::5]"}));
}

TEST(HttpRules, TheHostIsCheckedWithoutItsPort) {
  const auto allowed = allowed_host_names("127.0.0.1", {});
  const auto status = [&](std::string_view host) {
    const auto refused = refuse_head({.method = "GET", .path = "/", .host = host}, allowed);
    return refused ? refused->status : 200;
  };
  EXPECT_EQ(status("localhost"), 200);
  EXPECT_EQ(status("localhost:8080"), 200);
  EXPECT_EQ(status("[::1]:80"), 200);
  EXPECT_EQ(status("localhost:80x"), 403);
  EXPECT_EQ(status("localhost.rebind.example"), 403);
  EXPECT_EQ(status("127.0.0.1.nip.io:8080"), 403);
}

TEST(HttpRules, QueriesArePercentDecoded) {
  const auto query = parse_query("search=a%20b&clouds=aws%2Cgcp&&gpu=h100+sxm&flag&bad=%zz");
  EXPECT_EQ(query.size(), 5u);
  EXPECT_EQ(query.find("search")->second, "a b");
  EXPECT_EQ(query.find("clouds")->second, "aws,gcp");
  EXPECT_EQ(query.find("gpu")->second, "h100 sxm");
  EXPECT_EQ(query.find("flag")->second, "");
  EXPECT_EQ(query.find("bad")->second, "%zz");
}

TEST(HttpRules, EchoedTextIsPrintable) {
  EXPECT_EQ(printable("evil\r\nX: \xff"), "evil\\r\\nX: \\xff");
  EXPECT_EQ(printable(std::string(100, 'a')), std::string(80, 'a') + "...");
}

}  // namespace
}  // namespace llmtco::server
