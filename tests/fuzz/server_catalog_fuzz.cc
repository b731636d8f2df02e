// The server's catalog listings on any query: the first line of the input is the
// kind (models, gpus, instances, apis, or anything else), each further line a
// query parameter NAME=VALUE as the server receives it, decoded. The oracle:
// server_check.h.
#include <map>
#include <string>

#include "fuzz_check.h"
#include "server_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace llmtco;
  const auto [kind, rest] = fuzz::split_first_line(fuzz::as_text(data, size));
  std::multimap<std::string, std::string> query;
  for (const std::string_view line : fuzz::lines_of(rest)) {
    const std::size_t equals = std::min(line.find('='), line.size());
    query.emplace(line.substr(0, equals), line.substr(std::min(equals + 1, line.size())));
  }
  fuzz::check_reply(server::get_catalog(kind, query));
  return 0;
}
