#pragma once
// Reading a request's query parameters the same way on every endpoint (Caravan's and MOTIS's): each
// throws api_error naming the parameter (missing_parameter, invalid_parameter) with what was sent.
#include <cstdint>
#include <optional>
#include <string_view>

#include "caravan/server/service.h"

namespace caravan::server {

// Present and not empty, else missing_parameter.
std::string_view required(api_request const& r, std::string_view name);
// A whole number in [lo, hi], or nullopt when absent.
std::optional<std::int64_t> integer(api_request const& r, std::string_view name, std::int64_t lo, std::int64_t hi);
// A finite number, or nullopt when absent.
std::optional<double> number(api_request const& r, std::string_view name);
// `true` or `false`; `fallback` when absent.
bool boolean(api_request const& r, std::string_view name, bool fallback = false);

}  // namespace caravan::server
