// libFuzzer target: request targets (path and query string) on arbitrary bytes, through the parser and
// the route table of a server whose data is not loaded (so every route answers without a search).
// Anything may be rejected with an error response; nothing may crash, hang, leak or read out of bounds,
// and every answer must be one of the error table's statuses with a JSON body of its shape.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "caravan/base/text.h"
#include "caravan/server/api.h"
#include "caravan/server/errors.h"
#include "caravan/server/service.h"
#include "caravan/server/target.h"

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  using namespace caravan;
  using namespace caravan::server;
  std::string const target{reinterpret_cast<char const*>(data), size};
  try {
    auto const t = parse_target(target);
    // What parses is a path and decoded UTF-8 parameters, each name once.
    if (t.path.empty() || t.path.front() != '/' || find_invalid_utf8(t.path) ||
        t.params.size() > kMaxParams) {
      __builtin_trap();
    }
    for (auto const& [name, value] : t.params) {
      if (name.empty() || find_invalid_utf8(name) || find_invalid_utf8(value)) {
        __builtin_trap();
      }
    }
  } catch (api_error const& e) {
    if (e.code() != error_code::kBadRequest) {
      __builtin_trap();
    }
  }
  static service svc;
  static caravan_api api{svc};
  auto const r = svc.handle("GET", target, std::chrono::seconds{1});
  if (r.response.status < 200 || r.response.status >= 600 || r.response.status == 500) {
    __builtin_trap();
  }
  if (r.response.status >= 400) {
    auto const body = nlohmann::json::parse(r.response.body, nullptr, false);
    if (body.is_discarded() || !body.contains("code") || !body.contains("message") ||
        !body.contains("details")) {
      __builtin_trap();
    }
  }
  return 0;
}
