#include "llmtco/embedded.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace llmtco {
namespace {

// The embedded bytes are the file's bytes, so the built-in default is exactly
// the example a user copies.
TEST(Embedded, SeedScenarioMatchesTheFileOnDisk) {
  const auto embedded = embedded_file("examples/seed-article.yaml");
  ASSERT_TRUE(embedded.has_value());
  std::ifstream in(std::string(LLMTCO_SOURCE_DIR) + "/examples/seed-article.yaml",
                   std::ios::binary);
  std::ostringstream disk;
  disk << in.rdbuf();
  EXPECT_EQ(*embedded, disk.str());
}

TEST(Embedded, UnknownPathIsAbsent) {
  EXPECT_FALSE(embedded_file("examples/none.yaml").has_value());
}

// Every catalog file in data/ is built in, byte for byte.
TEST(Embedded, EveryDataFileIsBuiltIn) {
  const std::filesystem::path root(LLMTCO_SOURCE_DIR);
  int files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root / "data")) {
    if (!entry.is_regular_file() || entry.path().filename() == "README.md") continue;
    const std::string relative = std::filesystem::relative(entry.path(), root).string();
    const auto embedded = embedded_file(relative);
    ASSERT_TRUE(embedded.has_value()) << relative;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream disk;
    disk << in.rdbuf();
    EXPECT_EQ(*embedded, disk.str()) << relative;
    ++files;
  }
  EXPECT_EQ(static_cast<std::size_t>(files) + 1, embedded_paths().size());  // + the seed
}

}  // namespace
}  // namespace llmtco
