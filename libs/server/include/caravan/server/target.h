#pragma once
// The request target of an HTTP request ("/api/v1/plan?fromPlace=Xi%27an&toPlace=Almaty") read into a
// path and parameters. Everything here is untrusted input; it is fuzzed (fuzz/query_fuzz.cc).
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace caravan::server {

struct request_target {
  std::string path;  // percent-decoded
  // The path's segments between '/', each decoded on its own, so an id with an escaped slash
  // ("/stops/a%2Fb") stays one segment ("a/b").
  std::vector<std::string> segments;
  std::vector<std::pair<std::string, std::string>> params;  // decoded, in the order given

  // The value of a parameter, or std::nullopt when absent.
  std::optional<std::string_view> get(std::string_view name) const;
};

// Origin form only ("/path?query"). Percent-escapes are decoded (%2C), '+' in the query is a space.
// Throws api_error(kBadRequest) naming what is wrong: a target not starting with '/', a fragment, a bad
// or truncated escape, a decoded NUL or control character, invalid UTF-8 in the path or a value (the
// parameter is named), a parameter without a name, the same parameter twice, or more than kMaxParams.
request_target parse_target(std::string_view target);

constexpr std::size_t kMaxParams = 64;

}  // namespace caravan::server
