#include "json_locate.h"

#include <algorithm>
#include <string>

#include "caravan/base/text.h"

namespace caravan::rules::detail {

namespace {

// A minimal scanner over valid JSON: positions only, no values.
struct scanner {
  std::string_view text_;
  std::size_t pos_{0};
  bool failed_{false};

  void skip_space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\n' || text_[pos_] == '\r' ||
                                   text_[pos_] == '\t')) {
      ++pos_;
    }
  }

  bool at(char c) {
    skip_space();
    return pos_ < text_.size() && text_[pos_] == c;
  }

  // Reads a string at pos_ (which is at '"'); returns its raw content (escapes kept; keys we look up
  // have none).
  std::string_view read_string() {
    auto const start = ++pos_;
    while (pos_ < text_.size() && text_[pos_] != '"') {
      pos_ += text_[pos_] == '\\' ? 2 : 1;
    }
    if (pos_ >= text_.size()) {
      failed_ = true;
      return {};
    }
    return text_.substr(start, pos_++ - start);
  }

  void skip_value() {
    skip_space();
    if (pos_ >= text_.size()) {
      failed_ = true;
      return;
    }
    auto const c = text_[pos_];
    if (c == '"') {
      read_string();
    } else if (c == '{' || c == '[') {
      auto const close = c == '{' ? '}' : ']';
      ++pos_;
      if (at(close)) {
        ++pos_;
        return;
      }
      while (!failed_) {
        if (c == '{') {
          skip_space();
          read_string();
          if (!at(':')) {
            failed_ = true;
            return;
          }
          ++pos_;
        }
        skip_value();
        if (at(',')) {
          ++pos_;
        } else if (at(close)) {
          ++pos_;
          return;
        } else {
          failed_ = true;
        }
      }
    } else {
      while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '}' && text_[pos_] != ']' &&
             text_[pos_] != ' ' && text_[pos_] != '\n' && text_[pos_] != '\r' && text_[pos_] != '\t') {
        ++pos_;
      }
    }
  }

  // With pos_ at a value: moves to the member/element `step` inside it; false if there is none.
  bool enter(std::variant<std::string, std::size_t> const& step) {
    skip_space();
    if (pos_ >= text_.size()) {
      return false;
    }
    auto const* key = std::get_if<std::string>(&step);
    auto const close = key != nullptr ? '}' : ']';
    if (text_[pos_] != (key != nullptr ? '{' : '[')) {
      return false;
    }
    ++pos_;
    // Members (after their key) or elements in turn, until the one asked for.
    for (std::size_t i = 0; !failed_ && !at(close); ++i) {
      if (key != nullptr) {
        skip_space();
        auto const k = read_string();
        if (!at(':')) {
          return false;
        }
        ++pos_;
        if (k == *key) {
          skip_space();
          return true;
        }
      } else if (i == std::get<std::size_t>(step)) {
        skip_space();
        return true;
      }
      skip_value();
      if (at(',')) {
        ++pos_;
      }
    }
    return false;
  }
};

}  // namespace

std::string to_pointer(json_path const& path) {
  std::string out;
  for (auto const& step : path) {
    out += '/';
    if (auto const* key = std::get_if<std::string>(&step)) {
      out += shorten(*key);  // a key may be as long as the document
    } else {
      out += std::to_string(std::get<std::size_t>(step));
    }
  }
  return out.empty() ? "/" : out;
}

std::pair<std::uint64_t, std::uint32_t> line_column(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  auto const before = text.substr(0, offset);
  auto const line = static_cast<std::uint64_t>(std::count(before.begin(), before.end(), '\n')) + 1;
  auto const last_newline = before.rfind('\n');
  auto const column = static_cast<std::uint32_t>(last_newline == std::string_view::npos ? offset + 1
                                                                                          : offset - last_newline);
  return {line, column};
}

std::uint64_t json_line(std::string_view text, json_path const& path) {
  scanner s{text};
  s.skip_space();
  auto best = s.pos_;
  for (auto const& step : path) {
    if (!s.enter(step) || s.failed_) {
      break;
    }
    best = s.pos_;
  }
  if (s.failed_) {
    return 0;
  }
  return line_column(text, best).first;
}

}  // namespace caravan::rules::detail
