#pragma once
// The checks of what people type into the register and its cases (names, titles, notes, messages):
// present when required, bounded, UTF-8, and no control characters, which hide look-alikes
// ("admin@x.org\0") and break the screens and logs that show them. Long texts (a description, a message)
// may keep their line breaks and tabs. Each refusal names the field, never its value.
#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "caravan/base/text.h"
#include "caravan/registry/service.h"

namespace caravan::registry {

inline bool has_control(std::string_view s, bool line_breaks_allowed = false) {
  return std::any_of(s.begin(), s.end(), [&](char c) {
    if (line_breaks_allowed && (c == '\n' || c == '\r' || c == '\t')) {
      return false;
    }
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
}

// Throws refused{kInvalid, field, ...} for the first thing wrong.
inline void check_text(std::string_view field, std::string_view value, std::size_t max, bool required = true,
                       bool line_breaks_allowed = false) {
  auto const refuse = [&](std::string const& what) { throw refused{refusal::kInvalid, std::string{field}, what}; };
  if (required && trim(value).empty()) {
    refuse(fmt::format("{} is required", field));
  }
  if (value.size() > max) {
    refuse(fmt::format("{} is longer than {} bytes", field, max));
  }
  if (find_invalid_utf8(value)) {
    refuse(fmt::format("{} is not valid UTF-8", field));
  }
  if (has_control(value, line_breaks_allowed)) {
    refuse(fmt::format("{} holds a control character", field));
  }
}

// A satisfaction rating (issue 19): a whole number from 1 to 5 and an optional comment of at most
// kMaxRatingComment characters (code points), UTF-8, line breaks allowed.
inline constexpr std::size_t kMaxRatingComment = 1'000;
inline void check_rating(int rating, std::string_view comment) {
  if (rating < 1 || rating > 5) {
    throw refused{refusal::kInvalid, "rating", "rating is a whole number from 1 (poor) to 5 (excellent)"};
  }
  check_text("comment", comment, 4 * kMaxRatingComment, false, true);
  auto const characters = std::count_if(comment.begin(), comment.end(),
                                        [](char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; });
  if (static_cast<std::size_t>(characters) > kMaxRatingComment) {
    throw refused{refusal::kInvalid, "comment", fmt::format("comment is longer than {} characters", kMaxRatingComment)};
  }
}

}  // namespace caravan::registry
