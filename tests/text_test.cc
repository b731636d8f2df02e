#include "llmtco/text.h"

#include <gtest/gtest.h>

#include "llmtco/error.h"

namespace llmtco {
namespace {

TEST(InvalidUtf8At, AcceptsEveryWellFormedLength) {
  // "a", U+00E9, U+20AC, U+1F600, and the ends of the range: U+D7FF, U+E000, U+10FFFF.
  EXPECT_EQ(invalid_utf8_at("a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"), std::nullopt);
  EXPECT_EQ(invalid_utf8_at("\xed\x9f\xbf\xee\x80\x80\xf4\x8f\xbf\xbf"), std::nullopt);
  EXPECT_EQ(invalid_utf8_at(""), std::nullopt);
}

TEST(InvalidUtf8At, RefusesOverlongForms) {
  EXPECT_EQ(invalid_utf8_at("a\xc0\xaf"), 1u);           // '/' in two bytes
  EXPECT_EQ(invalid_utf8_at("\xc1\xbf"), 0u);            // U+007F in two bytes
  EXPECT_EQ(invalid_utf8_at("\xe0\x80\xaf"), 0u);        // '/' in three bytes
  EXPECT_EQ(invalid_utf8_at("\xe0\x9f\xbf"), 0u);        // U+07FF in three bytes
  EXPECT_EQ(invalid_utf8_at("ab\xf0\x8f\xbf\xbf"), 2u);  // U+FFFF in four bytes
}

TEST(InvalidUtf8At, RefusesSurrogatesAndCodePointsPastTheRange) {
  EXPECT_EQ(invalid_utf8_at("\xed\xa0\x80"), 0u);      // U+D800
  EXPECT_EQ(invalid_utf8_at("x\xed\xbf\xbf"), 1u);     // U+DFFF
  EXPECT_EQ(invalid_utf8_at("\xf4\x90\x80\x80"), 0u);  // U+110000
  EXPECT_EQ(invalid_utf8_at("\xf5\x80\x80\x80"), 0u);
  EXPECT_EQ(invalid_utf8_at("\xff"), 0u);
  EXPECT_EQ(invalid_utf8_at("\xfe"), 0u);
}

TEST(InvalidUtf8At, RefusesTruncatedAndStraySequences) {
  EXPECT_EQ(invalid_utf8_at("caf\xc3"), 3u);       // the end cuts a 2-byte sequence
  EXPECT_EQ(invalid_utf8_at("\xe2\x82"), 0u);      // a 3-byte one
  EXPECT_EQ(invalid_utf8_at("\xf0\x9f\x98"), 0u);  // a 4-byte one
  EXPECT_EQ(invalid_utf8_at("\xe2\x82x"), 0u);     // a continuation that is not one
  EXPECT_EQ(invalid_utf8_at("ok\x80"), 2u);        // a continuation byte alone
  EXPECT_EQ(invalid_utf8_at("caf\xe9"), 3u);       // Latin-1
  EXPECT_EQ(invalid_utf8_at(std::string_view("a\0b", 3)), std::nullopt);  // NUL is UTF-8
}

TEST(TextProblem, NamesTheFirstBadByte) {
  EXPECT_EQ(text_problem("caf\xc3\xa9 \xe2\x82\xac"), std::nullopt);
  EXPECT_EQ(text_problem("caf\xe9"), "has invalid UTF-8 at byte 3");
  EXPECT_EQ(text_problem("\x1b[31mRED"), "has a control character at byte 0");
  EXPECT_EQ(text_problem("two\nlines"), "has a control character at byte 3");
  EXPECT_EQ(text_problem("tab\t"), "has a control character at byte 3");
  EXPECT_EQ(text_problem("del\x7f"), "has a control character at byte 3");
  EXPECT_EQ(text_problem("\xc3\xa9\xc2\x9b"), "has a control character at byte 2");  // C1 CSI
  EXPECT_EQ(text_problem("\xc2\xa0"), std::nullopt);  // U+00A0, the first after C1
}

TEST(EscapeText, KeepsOneLineOfPrintableText) {
  EXPECT_EQ(escape_text("caf\xc3\xa9"), "caf\xc3\xa9");
  EXPECT_EQ(escape_text("a\nb\r\tc"), "a\\nb\\r\\tc");
  EXPECT_EQ(escape_text("\x1b[31mRED\x7f"), "\\x1b[31mRED\\x7f");
  EXPECT_EQ(escape_text("\xc2\x9b"), "\\u009b");
  EXPECT_EQ(escape_text("caf\xe9 \xf0\x9f"), "caf\\xe9 \\xf0\\x9f");
  EXPECT_EQ(escape_text(std::string_view("\0", 1)), "\\x00");
}

TEST(EscapeText, IsIdempotent) {
  const std::string once = escape_text("\x1b\n\xff\xc2\x85");
  EXPECT_EQ(text_problem(once), std::nullopt);
  EXPECT_EQ(escape_text(once), once);
}

TEST(RequireText, NamesTheFieldTheOffsetAndTheEscapedValue) {
  EXPECT_NO_THROW(require_text("caf\xc3\xa9", "--search"));
  try {
    require_text("caf\xe9\n", "--search");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "--search: has invalid UTF-8 at byte 3 (got 'caf\\xe9\\n')");
  }
}

}  // namespace
}  // namespace llmtco
