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

TEST(NearestName, APrefixBeatsASmallerEditDistance) {
  const std::array<std::string_view, 4> gpus = {"a10", "h100-pcie", "h100-sxm", "h200-sxm"};
  // "h10" is one edit from "a10" but begins "h100-sxm", the shortest such name.
  EXPECT_EQ(nearest_name("h10", gpus), "h100-sxm");
  EXPECT_EQ(nearest_name("b10", gpus), "a10");
}

}  // namespace
}  // namespace llmtco

namespace llmtco {
namespace {

TEST(AsciiLowercase, OnlyLettersChange) {
  EXPECT_EQ(ascii_lowercase("Meta-Llama-3-8B_v0.1"), "meta-llama-3-8b_v0.1");
}

}  // namespace
}  // namespace llmtco
