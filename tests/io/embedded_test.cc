#include "llmtco/embedded.h"

#include <gtest/gtest.h>

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
  EXPECT_EQ(embedded_paths(), std::vector<std::string_view>{"examples/seed-article.yaml"});
}

}  // namespace
}  // namespace llmtco
