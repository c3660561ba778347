#include "parameters.h"

#include <fmt/format.h>

#include <cmath>
#include <string>

#include "caravan/base/text.h"

namespace caravan::server {

namespace {

api_error invalid(std::string_view name, std::string message) {
  return api_error{error_code::kInvalidParameter, std::move(message), std::string{name}};
}

}  // namespace

std::string_view required(api_request const& r, std::string_view name) {
  auto const v = r.target.get(name);
  if (!v || v->empty()) {
    throw api_error{error_code::kMissingParameter, fmt::format("parameter `{}` is required", name),
                    std::string{name}};
  }
  return *v;
}

std::optional<std::int64_t> integer(api_request const& r, std::string_view name, std::int64_t lo, std::int64_t hi) {
  auto const v = r.target.get(name);
  if (!v) {
    return std::nullopt;
  }
  auto const n = parse_int(*v);
  if (!n) {
    throw invalid(name, fmt::format("`{}` must be a whole number, not `{}`", name, shorten(*v)));
  }
  if (*n < lo || *n > hi) {
    throw invalid(name, fmt::format("`{}` must be between {} and {}, not {}", name, lo, hi, *n));
  }
  return n;
}

std::optional<double> number(api_request const& r, std::string_view name) {
  auto const v = r.target.get(name);
  if (!v) {
    return std::nullopt;
  }
  auto const x = parse_double(*v);
  if (!x || !std::isfinite(*x)) {
    throw invalid(name, fmt::format("`{}` must be a number, not `{}`", name, shorten(*v)));
  }
  return x;
}

bool boolean(api_request const& r, std::string_view name, bool fallback) {
  auto const v = r.target.get(name);
  if (!v) {
    return fallback;
  }
  if (*v == "true") {
    return true;
  }
  if (*v == "false") {
    return false;
  }
  throw invalid(name, fmt::format("`{}` must be true or false, not `{}`", name, shorten(*v)));
}

}  // namespace caravan::server
