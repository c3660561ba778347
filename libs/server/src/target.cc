#include "caravan/server/target.h"

#include <fmt/format.h>

#include <algorithm>

#include "caravan/base/text.h"
#include "caravan/server/errors.h"

namespace caravan::server {

namespace {

int hex(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

// `what` names the part for messages: "the path", "parameter `x`".
std::string decode(std::string_view s, bool plus_is_space, std::string_view what) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i != s.size(); ++i) {
    auto c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size()) {
        throw api_error{error_code::kBadRequest, fmt::format("truncated percent-escape in {}", what)};
      }
      auto const hi = hex(s[i + 1]), lo = hex(s[i + 2]);
      if (hi < 0 || lo < 0) {
        throw api_error{error_code::kBadRequest,
                        fmt::format("bad percent-escape `%{}{}` in {}", s[i + 1], s[i + 2], what)};
      }
      c = static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      c = ' ';
    }
    if (static_cast<unsigned char>(c) < 0x20U || c == 0x7F) {
      throw api_error{error_code::kBadRequest, fmt::format("control character in {}", what)};
    }
    out += c;
  }
  if (auto const bad = find_invalid_utf8(out)) {
    throw api_error{error_code::kBadRequest, fmt::format("{} is not valid UTF-8 (byte {})", what, *bad + 1)};
  }
  return out;
}

}  // namespace

std::optional<std::string_view> request_target::get(std::string_view name) const {
  auto const it = std::find_if(params.begin(), params.end(), [&](auto const& p) { return p.first == name; });
  if (it == params.end()) {
    return std::nullopt;
  }
  return it->second;
}

request_target parse_target(std::string_view target) {
  if (target.empty() || target.front() != '/') {
    throw api_error{error_code::kBadRequest, "the request target must be a path starting with /"};
  }
  if (target.find('#') != std::string_view::npos) {
    throw api_error{error_code::kBadRequest, "the request target must not have a fragment (#)"};
  }
  request_target out;
  auto const q = target.find('?');
  auto const raw_path = target.substr(0, q);
  out.path = decode(raw_path, false, "the path");
  for (std::size_t i = 1; i <= raw_path.size();) {
    auto const slash = raw_path.find('/', i);
    auto const end = slash == std::string_view::npos ? raw_path.size() : slash;
    out.segments.push_back(decode(raw_path.substr(i, end - i), false, "the path"));
    i = end + 1;
  }
  if (q == std::string_view::npos) {
    return out;
  }
  auto query = target.substr(q + 1);
  while (!query.empty()) {
    auto const amp = query.find('&');
    auto const pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) {
      continue;  // "a=1&&b=2" or a trailing '&'
    }
    auto const eq = pair.find('=');
    auto name = decode(pair.substr(0, eq), true, "a parameter name");
    if (name.empty()) {
      throw api_error{error_code::kBadRequest, "a query parameter without a name"};
    }
    auto value = eq == std::string_view::npos
                     ? std::string{}
                     : decode(pair.substr(eq + 1), true, fmt::format("parameter `{}`", name));
    if (out.get(name)) {
      throw api_error{error_code::kBadRequest, fmt::format("parameter `{}` is given twice", name), name};
    }
    if (out.params.size() == kMaxParams) {
      throw api_error{error_code::kBadRequest, fmt::format("more than {} query parameters", kMaxParams)};
    }
    out.params.emplace_back(std::move(name), std::move(value));
  }
  return out;
}

}  // namespace caravan::server
