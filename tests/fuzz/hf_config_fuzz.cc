// parse_hf_config on any text, then the memory report of the model, as `llmtco
// memory path/to/config.json` computes it (the text written to a temporary file),
// to serve and to fine-tune with LoRA, rendered in every format.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "../shipped.h"
#include "fuzz_check.h"
#include "llmtco/hf_config.h"
#include "llmtco/memory_report.h"

namespace {

// A config.json of this process's own, removed at exit.
class ConfigFile {
 public:
  ConfigFile()
      : dir_(std::filesystem::temp_directory_path() /
             ("llmtco-fuzz-hf-config-" + std::to_string(getpid()))) {
    std::filesystem::create_directories(dir_);
  }
  ~ConfigFile() {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  std::string write(std::string_view text) const {
    const std::filesystem::path path = dir_ / "config.json";
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
    return path.string();
  }

 private:
  std::filesystem::path dir_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace llmtco;
  static const ConfigFile config;
  const std::string_view text = fuzz::as_text(data, size);
  fuzz::unless_input_error([&] {
    static_cast<void>(parse_hf_config(text, "fuzz/config.json", "fuzz"));
    const std::string path = config.write(text);
    for (const char* mode : {"serve", "lora"}) {
      fuzz::check_report(memory_report(shipped(), MemoryRequest{.model = path, .mode = mode}));
    }
  });
  return 0;
}
