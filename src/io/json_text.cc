#include "io/json_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <utility>
#include <vector>

#include "llmtco/error.h"
#include "llmtco/text.h"

namespace llmtco::detail {
namespace {

// "SOURCE:L:C: malformed JSON" for the byte at `offset` (0-based) of `text`.
std::string malformed_at(std::string_view text, std::size_t offset, const std::string& source) {
  const std::string_view before = text.substr(0, std::min(offset, text.size()));
  const auto line = 1 + std::count(before.begin(), before.end(), '\n');
  const std::size_t line_start = before.rfind('\n');
  const std::size_t column =
      before.size() - (line_start == std::string_view::npos ? 0 : line_start + 1) + 1;
  if (source.empty()) return fmt::format("malformed JSON at line {}, column {}", line, column);
  return fmt::format("{}:{}:{}: malformed JSON", source, line, column);
}

// nlohmann's what() less its tag and its own position: "[json.exception.parse_error.101]
// parse error at line 1, column 2: REASON" or "[json.exception.out_of_range.406] REASON".
std::string reason_of(std::string_view what) {
  const std::size_t tag_end = what.find("] ");
  if (tag_end != std::string_view::npos) what.remove_prefix(tag_end + 2);
  if (what.starts_with("parse error")) {
    const std::size_t colon = what.find(": ");
    if (colon != std::string_view::npos) what.remove_prefix(colon + 2);
  }
  return escape_text(what);
}

// nlohmann's exception id for a number past a double's range (out_of_range.406).
constexpr int kNumberOverflow = 406;

// The deepest nesting of objects and arrays read: config.json files nest five levels,
// a scenario four; a limit keeps every recursion over a parsed value (dump, ==,
// the destructor) within the stack.
constexpr std::size_t kMaxNesting = 64;

// A SAX handler (nlohmann's interface) that builds the value as json::parse does,
// refuses a key an object already has, and knows the path of the value it reads.
template <typename Json>
class StrictBuilder {
 public:
  using string_t = typename Json::string_t;

  StrictBuilder(std::string_view text, const std::string& source) : text_(text), source_(source) {}

  Json take() { return std::move(root_); }

  bool null() { return store(Json(nullptr)); }
  bool boolean(bool value) { return store(Json(value)); }
  bool number_integer(typename Json::number_integer_t value) { return store(Json(value)); }
  bool number_unsigned(typename Json::number_unsigned_t value) { return store(Json(value)); }
  bool number_float(typename Json::number_float_t value, const string_t&) {
    return store(Json(value));
  }
  bool string(string_t& value) { return store(Json(std::move(value))); }
  bool binary(typename Json::binary_t& value) { return store(Json(std::move(value))); }
  bool start_object(std::size_t) { return open(Json::object()); }
  bool start_array(std::size_t) { return open(Json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(string_t& name) {
    Frame& frame = frames_.back();
    if (!frame.keys.insert(name).second) {
      const std::string path = escape_text(path_to(frames_.size() - 1) + join(name));
      throw InputError(
          fmt::format("{}duplicate key '{}'", source_.empty() ? "" : source_ + ": ", path));
    }
    frame.key = std::move(name);
    frame.key_pending = true;
    return true;
  }

  template <typename Exception>
  bool parse_error(std::size_t bytes_read, const std::string& token, const Exception& e) {
    // A syntax error stops at the byte it could not take; a number too large for a
    // double is known once read whole: point at its first byte.
    const std::size_t back = e.id == kNumberOverflow ? token.size() : 1;
    const std::size_t offset = bytes_read - std::min(bytes_read, back);
    const std::string path = escape_text(path_to(frames_.size()));
    throw InputError(fmt::format("{}: {}{}", malformed_at(text_, offset, source_),
                                 path.empty() ? "" : path + ": ", reason_of(e.what())));
  }

 private:
  struct Frame {
    Json* container;
    std::set<string_t> keys;  // an object's keys so far
    string_t key;             // the key whose value is being read
    bool key_pending = false;
  };

  std::string join(const string_t& name) const { return (frames_.size() > 1 ? "." : "") + name; }

  // The dotted path of the value the first `depth` frames are reading.
  std::string path_to(std::size_t depth) const {
    std::string path;
    for (std::size_t i = 0; i < depth; ++i) {
      const Frame& frame = frames_[i];
      const bool innermost = i + 1 == frames_.size();
      if (frame.container->is_array()) {
        path += fmt::format("[{}]", frame.container->size() - (innermost ? 0 : 1));
      } else if (!innermost || frame.key_pending) {
        path += (path.empty() ? "" : ".") + frame.key;
      }
    }
    return path;
  }

  // Puts `value` where the parse stands and returns where it now lies.
  Json* place(Json value) {
    if (frames_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    Frame& frame = frames_.back();
    if (frame.container->is_array()) {
      frame.container->push_back(std::move(value));
      return &frame.container->back();
    }
    frame.key_pending = false;
    Json& slot = (*frame.container)[frame.key];
    slot = std::move(value);
    return &slot;
  }

  bool store(Json value) {
    place(std::move(value));
    return true;
  }
  bool open(Json container) {
    if (frames_.size() == kMaxNesting) {
      const std::string path = escape_text(path_to(frames_.size()));
      throw InputError(fmt::format("{}malformed JSON: {}{}nested deeper than {} levels",
                                   source_.empty() ? "" : source_ + ": ", path,
                                   path.empty() ? "" : ": ", kMaxNesting));
    }
    frames_.push_back(Frame{.container = place(std::move(container))});
    return true;
  }
  bool close() {
    frames_.pop_back();
    return true;
  }

  std::string_view text_;
  const std::string& source_;
  Json root_;
  std::vector<Frame> frames_;  // the objects and arrays open, outermost first
};

template <typename Json>
Json parse_strictly(std::string_view text, const std::string& source) {
  StrictBuilder<Json> builder(text, source);
  Json::sax_parse(text.begin(), text.end(), &builder);
  return builder.take();
}

}  // namespace

nlohmann::json parse_json_text(std::string_view text, const std::string& source) {
  return parse_strictly<nlohmann::json>(text, source);
}

nlohmann::ordered_json parse_ordered_json_text(std::string_view text, const std::string& source) {
  return parse_strictly<nlohmann::ordered_json>(text, source);
}

}  // namespace llmtco::detail
