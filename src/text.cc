#include "llmtco/text.h"

#include <fmt/format.h>

#include "llmtco/error.h"

namespace llmtco {
namespace {

unsigned char byte_at(std::string_view text, std::size_t at) {
  return static_cast<unsigned char>(text[at]);
}

// The length of the well-formed UTF-8 sequence that starts at `at`, 0 if none does.
// The lead byte bounds the second byte (RFC 3629, table 3-7): E0 and F0 refuse
// overlong forms, ED refuses surrogates, F4 refuses code points past U+10FFFF.
std::size_t sequence_bytes(std::string_view text, std::size_t at) {
  const unsigned char lead = byte_at(text, at);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (text.size() - at < length) return 0;
  if (byte_at(text, at + 1) < low || byte_at(text, at + 1) > high) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if ((byte_at(text, at + k) & 0xC0) != 0x80) return 0;
  }
  return length;
}

// Whether the sequence of `length` bytes at `at` is a control character: C0, DEL,
// or C1 (U+0080 to U+009F, which some terminals read as escapes).
bool is_control(std::string_view text, std::size_t at, std::size_t length) {
  const unsigned char lead = byte_at(text, at);
  if (length == 1) return lead < 0x20 || lead == 0x7F;
  return length == 2 && lead == 0xC2 && byte_at(text, at + 1) < 0xA0;
}

std::string escape_control(char c) {
  switch (c) {
    case '\n':
      return "\\n";
    case '\r':
      return "\\r";
    case '\t':
      return "\\t";
    default:
      return fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
  }
}

}  // namespace

std::optional<std::size_t> invalid_utf8_at(std::string_view text) {
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t length = sequence_bytes(text, at);
    if (length == 0) return at;
    at += length;
  }
  return std::nullopt;
}

std::optional<std::string> text_problem(std::string_view text) {
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t length = sequence_bytes(text, at);
    if (length == 0) return fmt::format("has invalid UTF-8 at byte {}", at);
    if (is_control(text, at, length)) {
      return fmt::format("has a control character at byte {}", at);
    }
    at += length;
  }
  return std::nullopt;
}

std::string escape_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t length = sequence_bytes(text, at);
    if (length == 0) {
      out += fmt::format("\\x{:02x}", byte_at(text, at));
      ++at;
      continue;
    }
    if (!is_control(text, at, length)) {
      out.append(text.substr(at, length));
    } else if (length == 1) {
      out += escape_control(text[at]);
    } else {
      out += fmt::format("\\u{:04x}", byte_at(text, at + 1));
    }
    at += length;
  }
  return out;
}

void require_text(std::string_view text, std::string_view what) {
  if (const auto problem = text_problem(text)) {
    throw InputError(fmt::format("{}: {} (got '{}')", what, *problem, escape_text(text)));
  }
}

}  // namespace llmtco
