#include "reply_cache.h"

#include <gtest/gtest.h>

namespace llmtco::server {
namespace {

TEST(ReplyCache, FindsWhatItStored) {
  ReplyCache cache(4, 1000);
  EXPECT_FALSE(cache.find("a"));
  cache.store("a", std::make_shared<const std::string>("reply a"));
  ASSERT_TRUE(cache.find("a"));
  EXPECT_EQ(*cache.find("a"), "reply a");
}

TEST(ReplyCache, DropsTheLeastRecentlyUsedBeyondItsCount) {
  ReplyCache cache(2, 1000);
  cache.store("a", std::make_shared<const std::string>("1"));
  cache.store("b", std::make_shared<const std::string>("2"));
  EXPECT_TRUE(cache.find("a"));  // a is now more recent than b
  cache.store("c", std::make_shared<const std::string>("3"));
  EXPECT_TRUE(cache.find("a"));
  EXPECT_FALSE(cache.find("b"));
  EXPECT_TRUE(cache.find("c"));
}

TEST(ReplyCache, KeepsWithinItsBytes) {
  // Each entry is key + body: 1 + 4 = 5 bytes; 12 bytes hold two.
  ReplyCache cache(10, 12);
  cache.store("a", std::make_shared<const std::string>("1111"));
  cache.store("b", std::make_shared<const std::string>("2222"));
  cache.store("c", std::make_shared<const std::string>("3333"));
  EXPECT_FALSE(cache.find("a"));
  EXPECT_TRUE(cache.find("b"));
  EXPECT_TRUE(cache.find("c"));
  cache.store("d", std::make_shared<const std::string>(
                       std::string(20, 'x')));  // larger than the whole cache: not kept
  EXPECT_FALSE(cache.find("d"));
  EXPECT_TRUE(cache.find("c"));
}

}  // namespace
}  // namespace llmtco::server
