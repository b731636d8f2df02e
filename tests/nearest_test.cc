#include "llmtco/nearest.h"

#include <gtest/gtest.h>

#include <array>

namespace llmtco {
namespace {

TEST(EditDistance, ClassicPairs) {
  // kitten -> sitten -> sittin -> sitting: two substitutions and one insertion.
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("abc", ""), 3u);
  EXPECT_EQ(edit_distance("same", "same"), 0u);
  // A transposition costs two single-character edits.
  EXPECT_EQ(edit_distance("wrod", "word"), 2u);
}

TEST(NearestName, PicksTheClosestAndTheFirstOfEquals) {
  const std::array<std::string_view, 3> known = {"workload", "api", "article"};
  EXPECT_EQ(nearest_name("worklod", known), "workload");
  EXPECT_EQ(nearest_name("apl", known), "api");
  const std::array<std::string_view, 2> ties = {"ab", "ba"};
  EXPECT_EQ(nearest_name("aa", ties), "ab");
  EXPECT_EQ(nearest_name("x", std::span<const std::string_view>{}), "");
}

}  // namespace
}  // namespace llmtco
