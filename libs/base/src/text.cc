#include "caravan/base/text.h"

#include <algorithm>
#include <charconv>
#include <cstring>

#include <fmt/format.h>

namespace caravan {

std::string_view trim(std::string_view s) {
  auto const is_space = [](char c) { return c == ' ' || c == '\t'; };
  while (!s.empty() && is_space(s.front())) {
    s.remove_prefix(1);
  }
  while (!s.empty() && is_space(s.back())) {
    s.remove_suffix(1);
  }
  return s;
}

std::vector<std::string> split_list(std::string_view text, char separator) {
  std::vector<std::string> out;
  while (true) {
    auto const end = text.find(separator);
    if (auto const item = trim(text.substr(0, end)); !item.empty()) {
      out.emplace_back(item);
    }
    if (end == std::string_view::npos) {
      return out;
    }
    text.remove_prefix(end + 1);
  }
}

std::optional<std::int64_t> parse_int(std::string_view s) {
  if (!s.empty() && s.front() == '+') {
    s.remove_prefix(1);
  }
  std::int64_t v = 0;
  auto const [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || ptr != s.data() + s.size() || s.empty()) {
    return std::nullopt;
  }
  return v;
}

std::optional<double> parse_double(std::string_view s) {
  if (!s.empty() && s.front() == '+') {
    s.remove_prefix(1);
  }
  double v = 0;
  auto const [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || ptr != s.data() + s.size() || s.empty()) {
    return std::nullopt;
  }
  return v;
}

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string ascii_lower(std::string_view s) {
  std::string out{s};
  for (auto& c : out) {
    c = ascii_lower(c);
  }
  return out;
}

std::string ascii_upper(std::string_view s) {
  std::string out{s};
  for (auto& c : out) {
    c = c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return out;
}

bool equal_ignoring_ascii_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80U) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800U) {
    out += static_cast<char>(0xC0U | (cp >> 6U));
    out += static_cast<char>(0x80U | (cp & 0x3FU));
  } else if (cp < 0x10000U) {
    out += static_cast<char>(0xE0U | (cp >> 12U));
    out += static_cast<char>(0x80U | ((cp >> 6U) & 0x3FU));
    out += static_cast<char>(0x80U | (cp & 0x3FU));
  } else {
    out += static_cast<char>(0xF0U | (cp >> 18U));
    out += static_cast<char>(0x80U | ((cp >> 12U) & 0x3FU));
    out += static_cast<char>(0x80U | ((cp >> 6U) & 0x3FU));
    out += static_cast<char>(0x80U | (cp & 0x3FU));
  }
}

namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 if it is invalid (RFC 3629: no overlongs,
// no surrogates, nothing above U+10FFFF).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  auto const b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  auto const cont = [&](std::size_t k) { return i + k < s.size() && (b(k) & 0xC0U) == 0x80U; };
  unsigned char const c = b(0);
  if (c < 0x80U) {
    return 1;
  }
  if (c >= 0xC2U && c <= 0xDFU) {
    return cont(1) ? 2 : 0;
  }
  if (c >= 0xE0U && c <= 0xEFU) {
    if (!cont(1) || !cont(2)) {
      return 0;
    }
    if ((c == 0xE0U && b(1) < 0xA0U) || (c == 0xEDU && b(1) > 0x9FU)) {
      return 0;
    }
    return 3;
  }
  if (c >= 0xF0U && c <= 0xF4U) {
    if (!cont(1) || !cont(2) || !cont(3)) {
      return 0;
    }
    if ((c == 0xF0U && b(1) < 0x90U) || (c == 0xF4U && b(1) > 0x8FU)) {
      return 0;
    }
    return 4;
  }
  return 0;
}

bool is_ascii(std::string_view s) {
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    if ((w & 0x8080808080808080ULL) != 0) {
      return false;
    }
  }
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0x80U) != 0) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::optional<std::size_t> find_invalid_utf8(std::string_view s) {
  if (is_ascii(s)) {
    return std::nullopt;
  }
  for (std::size_t i = 0; i < s.size();) {
    auto const n = utf8_sequence_length(s, i);
    if (n == 0) {
      return i;
    }
    i += n;
  }
  return std::nullopt;
}

std::string repair_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (std::size_t i = 0; i < s.size();) {
    auto const n = utf8_sequence_length(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

std::string shorten(std::string_view s, std::size_t max) {
  if (s.size() <= max) {
    return std::string{s};
  }
  auto cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0U) == 0x80U) {
    --cut;  // not in the middle of a character
  }
  return fmt::format("{}…({} bytes)", s.substr(0, cut), s.size());
}

}  // namespace caravan
