// The server abuse test (issue 12): the real `llmtco serve --port 0`, on
// loopback only, for about 15 seconds under slow clients (a byte every 2 s), a
// thousand idle connections, compressed and chunked bodies and a mixed load of
// good and bad requests, at most about 2,500 requests in all. Throughout, a new
// connection's GET /healthz answers within a second and the server's resident
// memory stays under a bound; then SIGTERM stops it within two seconds.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "http_client.h"
#include "serving.h"

namespace llmtco_test {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr auto kAbuse = seconds(15);
constexpr int kIdleConnections = 1000;
constexpr int kSlowClients = 20;
// The server holds the catalogs, a reply cache of 64 MiB at most and per
// connection at most a 16 KiB header and a 1 MiB body; before issue 12 one
// compressed body took it to 824 MB.
// Under AddressSanitizer (make test-sanitize) the server also keeps up to 256 MiB
// of freed memory in quarantine (ASan's default quarantine_size_mb) and redzones
// around each block: the same bound, plus that quarantine and as much again.
#if defined(__SANITIZE_ADDRESS__)
constexpr std::size_t kMaxServerRssBytes = std::size_t{256 + 2 * 256} << 20;
#else
constexpr std::size_t kMaxServerRssBytes = std::size_t{256} << 20;
#endif

std::size_t rss_bytes(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmRSS:")) return std::stoull(line.substr(6)) * 1024;
  }
  return 0;
}

// This process opens over a thousand sockets.
void raise_open_file_limit() {
  rlimit limit{};
  ::getrlimit(RLIMIT_NOFILE, &limit);
  limit.rlim_cur = limit.rlim_max;
  ::setrlimit(RLIMIT_NOFILE, &limit);
}

class Abuse {
 public:
  explicit Abuse(const Serving& serving) : serving_(serving), port_(serving.port()) {}

  // A new connection's /healthz every 200 ms, and the server's memory, until done.
  void watch() {
    while (!done_) {
      const auto started = Clock::now();
      const auto r = http_request(port_, "GET", "/healthz");
      const auto took = std::chrono::duration_cast<milliseconds>(Clock::now() - started);
      {
        const std::lock_guard lock(mutex_);
        slowest_health_ = std::max(slowest_health_, took);
        ++health_checks_;
        if (!r || r->status != 200) ++health_failures_;
        peak_rss_bytes_ = std::max(peak_rss_bytes_, rss_bytes(serving_.pid()));
      }
      std::this_thread::sleep_for(milliseconds(200));
    }
  }

  // A thousand connections that never send a byte, kept open to the end (the
  // server closes the longest waiting at its cap).
  void idle() {
    for (int i = 0; i < kIdleConnections && !done_; ++i) {
      idle_.push_back(std::make_unique<Connection>(port_, 5));
    }
    flooded_ = true;
  }

  // Requests that trickle in a byte every two seconds, kept open to the end.
  void slow() {
    for (int i = 0; i < kSlowClients; ++i) {
      slow_.push_back(std::make_unique<Connection>(port_, 5));
      slow_.back()->send("POST /api/v1/compare HTTP/1.1\r\n");
    }
    while (!done_) {
      for (auto& c : slow_) c->send("X");
      for (int i = 0; i < 20 && !done_; ++i) std::this_thread::sleep_for(milliseconds(100));
    }
  }

  // Bodies the server must refuse without reading them whole, and chunked bodies
  // within the cap that it must serve.
  void bodies() {
    wait_for_flood();
    for (int round = 0; !done_ && round < 200; ++round) {
      expect(415, http_request(port_, "POST", "/api/v1/compare", std::string(261'000, '\x1f'),
                               {{"Content-Encoding", "gzip"}}));
      expect(200, chunked("{}", 1));
      if (round < 3) expect(413, chunked(" ", std::size_t{64} << 20));
    }
  }

  // Good and bad requests, interleaved; each gets its status.
  void mixed() {
    const std::string headers = [] {
      std::string h;
      for (int i = 0; i < 200'000; ++i) h += "X-A: 1\r\n";
      return h;
    }();
    wait_for_flood();
    for (int i = 0; !done_ && i < 200; ++i) {
      expect(200, http_request(port_, "POST", "/api/v1/compare", "{}"));
      expect(200, http_request(port_, "POST", "/api/v1/compare",
                               R"({"workload": {"tokens_per_day": )" + std::to_string(1e6 + i) +
                                   "}, \"options\": {\"samples\": 100}}"));
      expect(400, http_request(port_, "POST", "/api/v1/compare", "{\"workload\": "));
      expect(403, http_request(port_, "GET", "/healthz", "", {{"Host", "rebind.example"}}));
      expect(415, http_request(port_, "POST", "/api/v1/compare", "{}",
                               {{"Content-Type", "text/plain"}}));
      expect(413,
             http_request(port_, "POST", "/api/v1/compare", "", {{"Content-Length", "2097152"}}));
      expect(404, http_request(port_, "GET", "/nothing"));
      if (i % 10 == 0) {
        Connection c(port_, 10);
        c.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "\r\n");
        expect(431, c.read_reply());
      }
    }
  }

  void finish() { done_ = true; }

  std::atomic<bool> done_ = false;
  std::atomic<bool> flooded_ = false;
  std::mutex mutex_;
  milliseconds slowest_health_{0};
  int health_checks_ = 0;
  int health_failures_ = 0;
  std::size_t peak_rss_bytes_ = 0;
  int wrong_statuses_ = 0;
  int replies_ = 0;

 private:
  // Requests start once the idle connections are open: a request still being
  // sent while hundreds of newer connections arrive would be the one closed.
  void wait_for_flood() {
    while (!flooded_ && !done_) std::this_thread::sleep_for(milliseconds(10));
  }

  std::optional<HttpReply> chunked(const std::string& chunk, std::size_t total_bytes) {
    Connection c(port_, 10);
    c.send(
        "POST /api/v1/compare HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json"
        "\r\nTransfer-Encoding: chunked\r\n\r\n");
    if (chunk == "{}") {
      c.send("2\r\n{}\r\n0\r\n\r\n");
    } else {
      c.send_chunked_spaces(total_bytes, std::size_t{64} << 10);
    }
    return c.read_reply();
  }

  void expect(int status, const std::optional<HttpReply>& r) {
    const std::lock_guard lock(mutex_);
    ++replies_;
    if (!r || r->status != status) {
      ++wrong_statuses_;
      ADD_FAILURE() << "expected " << status << ", got " << (r ? r->status : 0) << " "
                    << (r ? r->body.substr(0, 200) : "no reply");
    }
  }

  const Serving& serving_;
  const int port_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::vector<std::unique_ptr<Connection>> slow_;
};

TEST(ServeAbuse, HealthAnswersMemoryStaysBoundedAndSigtermStops) {
  raise_open_file_limit();
  Serving serving;
  ASSERT_GT(serving.port(), 0) << serving.first_line();
  Abuse abuse(serving);
  std::vector<std::thread> threads;
  threads.emplace_back([&] { abuse.watch(); });
  threads.emplace_back([&] { abuse.idle(); });
  threads.emplace_back([&] { abuse.slow(); });
  threads.emplace_back([&] { abuse.bodies(); });
  threads.emplace_back([&] { abuse.mixed(); });
  std::this_thread::sleep_for(kAbuse);
  abuse.finish();
  // The idle and slow connections stay open (Abuse holds them) through SIGTERM.
  for (std::thread& t : threads) t.join();
  const auto stopping = Clock::now();
  const auto [code, rest] = serving.stop(SIGTERM);
  const auto stop_took = Clock::now() - stopping;

  EXPECT_EQ(abuse.health_failures_, 0) << "of " << abuse.health_checks_;
  EXPECT_GT(abuse.health_checks_, 20);
  EXPECT_LT(abuse.slowest_health_, milliseconds(1000));
  EXPECT_LT(abuse.peak_rss_bytes_, kMaxServerRssBytes);
  EXPECT_GT(abuse.replies_, 100);
  EXPECT_EQ(abuse.wrong_statuses_, 0);
  EXPECT_EQ(code, 0);
  EXPECT_EQ(rest, "llmtco serve: stopped (SIGTERM)\n");
  EXPECT_LT(stop_took, seconds(2));
  std::printf(
      "healthz: %d checks, slowest %lld ms; server RSS peak %zu MiB; %d replies; stop %lld ms\n",
      abuse.health_checks_, static_cast<long long>(abuse.slowest_health_.count()),
      abuse.peak_rss_bytes_ >> 20, abuse.replies_,
      static_cast<long long>(std::chrono::duration_cast<milliseconds>(stop_took).count()));
}

}  // namespace
}  // namespace llmtco_test
