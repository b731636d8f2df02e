// The JSON API of `llmtco serve`, free of sockets: each route turns a request
// body into a reply with the same JSON the CLI prints. server.cc binds it to HTTP.
#pragma once

#include <map>
#include <span>
#include <string>
#include <string_view>

#include "llmtco/catalogs.h"

namespace llmtco::server {

struct Reply {
  int status = 200;  // 200, or 400 for bad input, 404 for an unknown route
  std::string body;  // JSON text; an error is {"error": "..."}
  std::string content_type = "application/json";
};

// The reports a POST computes: /api/v1/<name>.
std::span<const std::string_view> report_endpoints();

// POST /api/v1/<endpoint>. The body is a JSON object with the scenario's
// structure (every section optional; {} is the seed scenario) and an optional
// "options" object with the command's settings (docs/serve.md lists them).
Reply post_report(std::string_view endpoint, std::string_view body);

// GET /api/v1/catalog/<kind> (models, gpus, instances or apis), narrowed by the
// query's search, clouds (comma-separated) and gpu: `llmtco catalog` as JSON.
Reply get_catalog(std::string_view kind, const std::multimap<std::string, std::string>& query);

// The catalogs every route reads: the built-in ones, parsed on the first call. A
// model named in a request is a catalog name: the server reads no file.
const Catalogs& server_catalogs();

// GET /healthz.
Reply health();

// A reply of `status` with {"error": message}.
Reply error_reply(int status, const std::string& message);

}  // namespace llmtco::server
