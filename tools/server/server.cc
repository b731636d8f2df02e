#include "server.h"

#include <fmt/format.h>
#include <httplib.h>

#include <chrono>
#include <string_view>

#include "api.h"
#include "llmtco/error.h"
#include "llmtco/model_catalog.h"
#include "web_assets.h"

namespace llmtco::server {
namespace {

void send(httplib::Response& res, const Reply& reply) {
  res.status = reply.status;
  res.set_content(reply.body, reply.content_type);
}

// The page's files, embedded at build time; the page loads nothing else.
void serve_asset(httplib::Response& res, std::string_view name, const char* content_type) {
  const auto file = web_asset(name);
  if (!file) {
    send(res, error_reply(404, fmt::format("no page file '{}'", name)));
    return;
  }
  res.set_header("Cache-Control", "no-cache");
  res.set_content(file->data(), file->size(), content_type);
}

}  // namespace

Server::Server(const ServeOptions& options)
    : options_(options), http_(std::make_unique<httplib::Server>()) {
  // A model named in a request is a catalog name, never a path to read.
  set_model_files(ModelFiles::kRefused);
  httplib::Server& http = *http_;
  const std::size_t threads = static_cast<std::size_t>(options_.threads);
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http.set_payload_max_length(options_.max_body_bytes);
  http.set_read_timeout(options_.read_timeout_s, 0);
  http.set_write_timeout(options_.write_timeout_s, 0);
  // A keep-alive connection serves many requests (a page, a load generator).
  http.set_keep_alive_max_count(1000);
  http.set_keep_alive_timeout(options_.read_timeout_s);
  http.set_tcp_nodelay(true);
  http.set_default_headers({{"X-Content-Type-Options", "nosniff"},
                            {"Content-Security-Policy",
                             "default-src 'self'; style-src 'self' 'unsafe-inline'; "
                             "img-src 'self' data:"}});

  http.Get("/", [](const httplib::Request&, httplib::Response& res) {
    serve_asset(res, "index.html", "text/html; charset=utf-8");
  });
  http.Get("/app.js", [](const httplib::Request&, httplib::Response& res) {
    serve_asset(res, "app.js", "text/javascript; charset=utf-8");
  });
  http.Get("/app.css", [](const httplib::Request&, httplib::Response& res) {
    serve_asset(res, "app.css", "text/css; charset=utf-8");
  });
  http.Get("/healthz",
           [](const httplib::Request&, httplib::Response& res) { send(res, health()); });
  http.Post(R"(/api/v1/([a-z_]+))", [](const httplib::Request& req, httplib::Response& res) {
    send(res, post_report(req.matches[1].str(), req.body));
  });
  http.Get(R"(/api/v1/catalog/([a-z_]+))", [](const httplib::Request& req, httplib::Response& res) {
    send(res, get_catalog(req.matches[1].str(), req.params));
  });
  http.Get(R"(/api/v1/([a-z_]+))", [](const httplib::Request& req, httplib::Response& res) {
    res.set_header("Allow", "POST");
    send(res, error_reply(405, fmt::format("{} takes POST with a JSON body", req.path)));
  });

  if (!options_.cors_origin.empty()) {
    const std::string origin = options_.cors_origin;
    http.set_post_routing_handler([origin](const httplib::Request&, httplib::Response& res) {
      res.set_header("Access-Control-Allow-Origin", origin);
      res.set_header("Vary", "Origin");
    });
    http.Options(R"(/api/v1/.*)", [](const httplib::Request&, httplib::Response& res) {
      res.set_header("Access-Control-Allow-Methods", "GET, POST");
      res.set_header("Access-Control-Allow-Headers", "Content-Type");
      res.status = 204;
    });
  }

  // Every error is JSON: an unknown route, a body over the cap, a bug.
  http.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    const int status = res.status;
    std::string message;
    if (status == 413) {
      message = fmt::format("the request body is over {} bytes", options_.max_body_bytes);
    } else if (status == 404) {
      message = fmt::format("no route {} {} (see GET / or docs/serve.md)", req.method, req.path);
    } else {
      message = fmt::format("HTTP {}", status);
    }
    send(res, error_reply(status, message));
  });
  http.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr error) {
        std::string message = "internal error";
        try {
          std::rethrow_exception(error);
        } catch (const std::exception& e) {
          message += std::string(": ") + e.what();
        } catch (...) {
        }
        send(res, error_reply(500, message));
      });
}

Server::~Server() {
  stop();
}

int Server::start(std::function<void()> on_finished) {
  const int port = options_.port == 0
                       ? http_->bind_to_any_port(options_.host)
                       : (http_->bind_to_port(options_.host, options_.port) ? options_.port : -1);
  if (port < 0) {
    throw InputError(
        fmt::format("cannot listen on {}:{} (in use, or not an address of this "
                    "machine)",
                    options_.host, options_.port));
  }
  thread_ = std::thread([this, on_finished = std::move(on_finished)] {
    http_->listen_after_bind();
    finished_ = true;
    if (on_finished) on_finished();
  });
  return port;
}

void Server::stop() {
  if (!thread_.joinable()) return;
  // httplib's stop() does nothing until the thread is listening: repeat it until
  // the thread is done.
  while (!finished_) {
    http_->stop();
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  thread_.join();
}

}  // namespace llmtco::server
