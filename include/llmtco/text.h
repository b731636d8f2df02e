// Text from outside (files, flags, HTTP): checked as UTF-8 without control
// characters where it enters, and escaped wherever a message echoes it, so that an
// error stays one line and a report carries no terminal escape.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace llmtco {

// The offset of the first byte of `text` that does not begin a well-formed UTF-8
// sequence (RFC 3629: no overlong form, no surrogate, nothing past U+10FFFF, no
// truncated sequence); nullopt if all of `text` is UTF-8.
std::optional<std::size_t> invalid_utf8_at(std::string_view text);

// What keeps `text` from being one line of printable text: "has invalid UTF-8 at
// byte 3" or "has a control character at byte 0" (C0, DEL or C1, so line breaks
// and tabs too); nullopt if nothing does. Offsets count bytes from 0.
std::optional<std::string> text_problem(std::string_view text);

// `text` for a one-line message: a control character as \n, \r, \t, \xNN (C0 and
// DEL) or \uNNNN (C1), a byte that is not UTF-8 as \xNN, the rest as it is. The
// result passes text_problem, and escaping it again changes nothing.
std::string escape_text(std::string_view text);

// Throws InputError "`what`: has invalid UTF-8 at byte 3 (got 'caf\xe9')" where
// text_problem finds a problem, the value escaped; `what` names the input ("--search").
void require_text(std::string_view text, std::string_view what);

}  // namespace llmtco
