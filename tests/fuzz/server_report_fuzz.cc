// The server's reports on any body: the first line of the input names the
// endpoint (one of report_endpoints(), or anything else), the rest is the POST
// body. The oracle: server_check.h.
#include "fuzz_check.h"
#include "server_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace llmtco;
  const auto [endpoint, body] = fuzz::split_first_line(fuzz::as_text(data, size));
  fuzz::check_reply(server::post_report(endpoint, body));
  return 0;
}
