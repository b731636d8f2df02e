#include "server.h"

#include <fmt/format.h>
#include <sys/resource.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdio>
#include <list>
#include <optional>
#include <string_view>
#include <thread>

#include "api.h"
#include "http_rules.h"
#include "llmtco/error.h"
#include "llmtco/plan.h"
#include "web_assets.h"

namespace llmtco::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using Request = http::request<http::string_body>;
using Field = std::pair<http::field, std::string>;

// After a refusal sent before the body was read, the rest of the request is read
// and dropped for this long, so that closing with unread bytes does not reset the
// connection before the client has read the refusal.
constexpr auto kLingerDuration = std::chrono::seconds(1);
constexpr std::size_t kReadChunkBytes = 4096;
// Open files kept beside the connections: stdio, the listener, the I/O machinery.
constexpr rlim_t kSpareFiles = 64;

// The connection cap within the open-file limit: the soft limit raised to the
// hard one if the cap needs more, kSpareFiles kept for the rest.
std::size_t connection_cap(std::size_t wanted) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return wanted;
  if (limit.rlim_cur < wanted + kSpareFiles && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &limit) != 0) ::getrlimit(RLIMIT_NOFILE, &limit);
  }
  if (limit.rlim_cur <= kSpareFiles) return 1;
  return std::min<std::size_t>(wanted, limit.rlim_cur - kSpareFiles);
}

// Reports computed on threads of their own, so that the I/O thread keeps reading,
// writing and answering /healthz: `threads` at once, `max_queued` waiting.
class ComputePool {
 public:
  ComputePool(int threads, std::size_t max_queued)
      : pool_(static_cast<std::size_t>(threads)),
        limit_(static_cast<std::size_t>(threads) + max_queued) {}

  // Runs `job` on the pool, or returns false if the pool is full. I/O thread only.
  bool try_run(std::function<void()> job) {
    if (jobs_.load() >= limit_) return false;
    ++jobs_;
    asio::post(pool_, [this, job = std::move(job)] {
      job();
      --jobs_;
    });
    return true;
  }
  // Lets the running jobs finish, drops the waiting ones.
  void stop() {
    pool_.stop();
    pool_.join();
  }

 private:
  asio::thread_pool pool_;
  std::atomic<std::size_t> jobs_ = 0;  // running or waiting
  std::size_t limit_;
};

std::optional<std::string_view> field_of(const Request& request, http::field name) {
  const auto it = request.find(name);
  if (it == request.end()) return std::nullopt;
  return std::string_view(it->value().data(), it->value().size());
}

std::string_view view(beast::string_view text) {
  return {text.data(), text.size()};
}

// A report computed on the pool; any exception is a 500 naming it.
Reply guarded(const std::function<Reply()>& compute) {
  try {
    return compute();
  } catch (const std::exception& e) {
    return error_reply(500, "internal error: " + printable(e.what()));
  }
}

// Runs the I/O loop until it is stopped; an exception out of a handler is one
// line on stderr and the loop goes on.
void run_logging_errors(asio::io_context& io) {
  for (;;) {
    try {
      io.run();
      return;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "llmtco serve: error in a connection: %s\n", e.what());
    }
  }
}

class Session;

}  // namespace

struct Server::State {
  explicit State(const ServeOptions& o)
      : options(o),
        allowed_hosts(allowed_host_names(o.host, o.allowed_hosts)),
        pool(o.threads, o.max_queued_reports) {
    set_search_threads(1);  // each report is one pool thread's (plan.h)
  }

  void accept();
  void on_accept(const beast::error_code& error, tcp::socket socket);
  // The open connection that has waited longest without a whole request, if any.
  Session* longest_waiting() const;
  void close_all();

  // Declared in the order they may be needed while the members below them are
  // destroyed (a pending job or handler owns a session).
  const ServeOptions options;
  const std::vector<std::string> allowed_hosts;
  std::size_t max_connections = 0;  // options' cap within the open-file limit
  bool accepting = false;
  bool stopping = false;
  // Every open connection; touched on the I/O thread only (and once it has ended).
  std::list<Session*> sessions;
  asio::io_context io{1};
  tcp::acceptor acceptor{io};
  ComputePool pool;
  std::thread thread;
};

namespace {

// How a connection goes on after a reply.
enum class Ending {
  kKeepAlive,  // the next request
  kClose,      // closed: the request was read whole
  kLinger,     // closed after reading and dropping what is left of the request
};

// One connection: waits for a request, reads it within its limits, serves it
// (on the pool if it is a report) and writes the reply, on the I/O thread.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(Server::State& server, tcp::socket socket)
      : server_(server),
        entry_(server.sessions.insert(server.sessions.end(), this)),
        stream_(std::move(socket)) {}
  ~Session() { unregister(); }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void start() {
    beast::error_code ignored;
    stream_.socket().set_option(tcp::no_delay(true), ignored);
    wait_for_request();
  }
  // Whether it waits for a request (or lingers), and since when.
  bool waiting() const { return waiting_; }
  Clock::time_point waiting_since() const { return waiting_since_; }
  // Closes the connection now; its pending reads and writes end.
  void close() {
    unregister();
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
  }

 private:
  const ServeOptions& options() const { return server_.options; }

  void unregister() {
    if (!registered_) return;
    registered_ = false;
    server_.sessions.erase(entry_);
    server_.accept();
  }

  // Until a request's first byte, within the idle timeout.
  void wait_for_request() {
    waiting_ = true;
    waiting_since_ = Clock::now();
    server_.accept();  // it can make room now, if the server is at its cap
    if (buffer_.size() > 0) return read_header();
    stream_.expires_after(std::chrono::seconds(options().idle_timeout_s));
    stream_.async_read_some(buffer_.prepare(kReadChunkBytes),
                            [self = shared_from_this()](beast::error_code error, std::size_t n) {
                              if (error) return;
                              self->buffer_.commit(n);
                              self->read_header();
                            });
  }

  // The request line and headers, then the body, within the request timeout.
  void read_header() {
    stream_.expires_after(std::chrono::seconds(options().request_timeout_s));
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(options().max_header_bytes));
    parser_->body_limit(options().max_body_bytes);
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code error, std::size_t) {
                              error ? self->refuse_unread(error) : self->on_header();
                            });
  }

  void on_header() {
    const Request& request = parser_->get();
    const std::string_view target = view(request.target());
    const RequestHead head{.method = view(request.method_string()),
                           .path = target.substr(0, target.find('?')),
                           .host = field_of(request, http::field::host),
                           .content_type = field_of(request, http::field::content_type),
                           .content_encoding = field_of(request, http::field::content_encoding),
                           .transfer_encoding = field_of(request, http::field::transfer_encoding)};
    if (auto refused = refuse_head(head, server_.allowed_hosts)) {
      return reply(std::move(*refused), Ending::kLinger);
    }
    if (parser_->is_done()) return serve();
    if (beast::iequals(request[http::field::expect], "100-continue")) return send_continue();
    read_body();
  }

  // Expect: 100-continue: the header passed, the client may send the body.
  void send_continue() {
    auto interim = std::make_shared<http::response<http::empty_body>>(http::status::continue_, 11);
    http::async_write(stream_, *interim,
                      [self = shared_from_this(), interim](beast::error_code error, std::size_t) {
                        if (!error) self->read_body();
                      });
  }

  void read_body() {
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code error, std::size_t) {
                       error ? self->refuse_unread(error) : self->serve();
                     });
  }

  // A request that failed while it was read: over a limit or malformed gets its
  // status; one the client gave up or that ran out of time is closed.
  void refuse_unread(const beast::error_code& error) {
    if (error == http::error::header_limit) {
      return reply(error_reply(431, fmt::format("the request's header is over {} bytes",
                                                options().max_header_bytes)),
                   Ending::kLinger);
    }
    if (error == http::error::body_limit) {
      return reply(error_reply(413, fmt::format("the request body is over {} bytes",
                                                options().max_body_bytes)),
                   Ending::kLinger);
    }
    const bool malformed =
        error.category() == http::make_error_code(http::error::bad_method).category() &&
        error != http::error::end_of_stream && error != http::error::partial_message;
    if (malformed) {
      reply(error_reply(400, fmt::format("malformed HTTP request: {}", error.message())),
            Ending::kLinger);
    }
  }

  void serve() {
    waiting_ = false;
    ++requests_;
    Request request = parser_->release();
    const Ending ending = request.keep_alive() && requests_ < options().max_requests_per_connection
                              ? Ending::kKeepAlive
                              : Ending::kClose;
    const std::string_view target = view(request.target());
    const std::string_view path = target.substr(0, target.find('?'));
    const Route route = route_of(view(request.method_string()), path);
    switch (route.kind) {
      case RouteKind::kAsset:
        return serve_asset(route, ending);
      case RouteKind::kHealth:
        return reply(health(), ending);
      case RouteKind::kReport:
        return compute([name = std::string(route.name),
                        body = std::move(request.body())] { return post_report(name, body); },
                       ending);
      case RouteKind::kCatalog:
        return compute(
            [kind = std::string(route.name),
             query = parse_query(target.substr(std::min(target.size(), path.size() + 1)))] {
              return get_catalog(kind, query);
            },
            ending);
      case RouteKind::kPostOnly:
        return reply(error_reply(405, fmt::format("{} takes POST with a JSON body", path)), ending,
                     {{http::field::allow, "POST"}});
      case RouteKind::kPreflight:
        if (!options().cors_origin.empty()) return preflight(ending);
        break;
      case RouteKind::kNotFound:
        break;
    }
    reply(error_reply(404, fmt::format("no route {} {} (see GET / or docs/serve.md)",
                                       printable(view(request.method_string())), printable(path))),
          ending);
  }

  // The page's files, embedded at build time; the page loads nothing else.
  void serve_asset(const Route& route, Ending ending) {
    const auto file = web_asset(route.name);
    if (!file) return reply(error_reply(404, fmt::format("no page file '{}'", route.name)), ending);
    reply(Reply{.body = std::string(*file), .content_type = std::string(route.content_type)},
          ending, {{http::field::cache_control, "no-cache"}});
  }

  void preflight(Ending ending) {
    reply(Reply{.status = 204, .content_type = ""}, ending,
          {{http::field::access_control_allow_methods, "GET, POST"},
           {http::field::access_control_allow_headers, "Content-Type"}});
  }

  // Computes the reply on the pool and writes it from the I/O thread; a full pool
  // is a 503.
  void compute(std::function<Reply()> job, Ending ending) {
    auto self = shared_from_this();
    // The job hands its reference on to the I/O thread: a session ends there.
    const bool queued = server_.pool.try_run([self, job = std::move(job), ending]() mutable {
      Reply computed = guarded(job);
      const auto executor = self->stream_.get_executor();
      asio::post(executor, [self = std::move(self), computed = std::move(computed),
                            ending]() mutable { self->reply(std::move(computed), ending); });
    });
    if (queued) return;
    reply(error_reply(503, "the server is busy computing other reports; retry in a second"), ending,
          {{http::field::retry_after, "1"}});
  }

  void reply(Reply out, Ending ending, std::initializer_list<Field> fields = {}) {
    waiting_ = false;
    response_ = {};
    response_.version(11);
    response_.result(static_cast<unsigned>(out.status));
    if (!out.content_type.empty()) response_.set(http::field::content_type, out.content_type);
    response_.set("X-Content-Type-Options", "nosniff");
    response_.set("Content-Security-Policy",
                  "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:");
    if (!options().cors_origin.empty()) {
      response_.set(http::field::access_control_allow_origin, options().cors_origin);
      response_.set(http::field::vary, "Origin");
    }
    for (const auto& [name, value] : fields) response_.set(name, value);
    response_.body() = std::move(out.body);
    response_.keep_alive(ending == Ending::kKeepAlive);
    response_.prepare_payload();
    stream_.expires_after(std::chrono::seconds(options().write_timeout_s));
    http::async_write(stream_, response_,
                      [self = shared_from_this(), ending](beast::error_code error, std::size_t) {
                        if (!error) self->on_written(ending);
                      });
  }

  void on_written(Ending ending) {
    if (ending == Ending::kKeepAlive) return wait_for_request();
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    if (ending == Ending::kLinger) {
      waiting_ = true;
      waiting_since_ = Clock::time_point::min();  // the first to go at the cap
      server_.accept();
      stream_.expires_after(kLingerDuration);
      drain();
    }
  }

  // Reads and drops bytes until the client closes or kLingerDuration is up.
  void drain() {
    buffer_.clear();
    stream_.async_read_some(buffer_.prepare(kReadChunkBytes),
                            [self = shared_from_this()](beast::error_code error, std::size_t) {
                              if (!error) self->drain();
                            });
  }

  Server::State& server_;
  std::list<Session*>::iterator entry_;
  bool registered_ = true;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> response_;
  int requests_ = 0;
  bool waiting_ = true;
  Clock::time_point waiting_since_ = Clock::now();
};

}  // namespace

// At the cap, a new connection is taken only if one waiting for a request can make
// room for it; else the kernel's backlog holds it until a session ends or waits.
void Server::State::accept() {
  if (accepting || stopping) return;
  if (sessions.size() >= max_connections && !longest_waiting()) return;
  accepting = true;
  acceptor.async_accept([this](const beast::error_code& error, tcp::socket socket) {
    on_accept(error, std::move(socket));
  });
}

void Server::State::on_accept(const beast::error_code& error, tcp::socket socket) {
  accepting = false;
  if (stopping) return;
  if (!error) {
    if (sessions.size() >= max_connections) {
      if (Session* longest = longest_waiting()) longest->close();
    }
    std::make_shared<Session>(*this, std::move(socket))->start();
  }
  accept();
}

Session* Server::State::longest_waiting() const {
  Session* longest = nullptr;
  for (Session* s : sessions) {
    if (s->waiting() && (!longest || s->waiting_since() < longest->waiting_since())) longest = s;
  }
  return longest;
}

void Server::State::close_all() {
  stopping = true;
  beast::error_code ignored;
  acceptor.close(ignored);
  while (!sessions.empty()) sessions.front()->close();
  io.stop();
}

Server::Server(const ServeOptions& options) : state_(std::make_unique<State>(options)) {
  server_catalogs();  // parsed before the first request, not during it
}

Server::~Server() {
  stop();
}

int Server::start(std::function<void()> on_finished) {
  State& s = *state_;
  const ServeOptions& o = s.options;
  beast::error_code error;
  tcp::resolver resolver(s.io);
  const auto endpoints =
      resolver.resolve(o.host, std::to_string(o.port),
                       tcp::resolver::passive | tcp::resolver::numeric_service, error);
  if (!error && !endpoints.empty()) {
    const tcp::endpoint endpoint = *endpoints.begin();
    s.acceptor.open(endpoint.protocol(), error);
    // SO_REUSEADDR only: a port in TIME_WAIT is taken again, a listening one is not.
    if (!error) s.acceptor.set_option(tcp::acceptor::reuse_address(true), error);
    if (!error) s.acceptor.bind(endpoint, error);
    if (!error) s.acceptor.listen(o.listen_backlog, error);
  }
  if (error || endpoints.empty()) {
    throw InputError(
        fmt::format("cannot listen on {}:{} (in use, or not an address of this "
                    "machine)",
                    o.host, o.port));
  }
  s.max_connections = connection_cap(o.max_connections);
  const int port = s.acceptor.local_endpoint().port();
  s.accept();
  s.thread = std::thread([&s, on_finished = std::move(on_finished)] {
    run_logging_errors(s.io);
    if (on_finished) on_finished();
  });
  return port;
}

void Server::stop() {
  State& s = *state_;
  if (!s.thread.joinable()) return;
  asio::post(s.io, [&s] { s.close_all(); });
  s.thread.join();
  s.stopping = true;  // if it ended by itself
  s.pool.stop();
}

}  // namespace llmtco::server
