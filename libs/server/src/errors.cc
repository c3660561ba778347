#include "caravan/server/errors.h"

#include <array>
#include <nlohmann/json.hpp>

#include "caravan/base/text.h"

namespace caravan::server {

namespace {

constexpr std::array<error_info, 26> kErrors{{
    {error_code::kBadRequest, "bad_request", 400,
     "the request line, target, percent-encoding or UTF-8 is malformed"},
    {error_code::kMissingParameter, "missing_parameter", 400, "a required parameter is absent or empty"},
    {error_code::kInvalidParameter, "invalid_parameter", 400,
     "a parameter cannot be read or is out of range"},
    {error_code::kUnknownParameter, "unknown_parameter", 400,
     "the operation takes no parameter of that name"},
    {error_code::kUnknownPlace, "unknown_place", 400,
     "no stop has that id or name, the name is ambiguous, or no stop is near"},
    {error_code::kInvalidTime, "invalid_time", 400, "the time cannot be read, or lies outside the timetable"},
    {error_code::kWindowTooLarge, "window_too_large", 400, "searchWindow is longer than 7 days"},
    {error_code::kInvalidModes, "invalid_modes", 400, "a mode name is unknown"},
    {error_code::kInvalidBody, "invalid_body", 400,
     "the request body is not the JSON document the operation reads"},
    {error_code::kQueryTooExpensive, "query_too_expensive", 400,
     "the request would take more work than the server allows one request (narrow it)"},
    {error_code::kNotFound, "not_found", 404, "no such route, stop or resource"},
    {error_code::kMethodNotAllowed, "method_not_allowed", 405, "the path exists but not with this method"},
    {error_code::kBodyTooLarge, "body_too_large", 413, "the request body is over the limit"},
    {error_code::kUnsupportedMediaType, "unsupported_media_type", 415,
     "the request body is not application/json"},
    {error_code::kHeaderTooLarge, "header_too_large", 431, "the request header is over the limit"},
    {error_code::kTooManyConnections, "too_many_connections", 503,
     "the server's connection limit is reached"},
    {error_code::kNotReady, "not_ready", 503, "the data is still loading"},
    {error_code::kDeadlineExceeded, "deadline_exceeded", 503, "the request ran past its deadline"},
    {error_code::kServerBusy, "server_busy", 503,
     "every worker is busy and the queue for them is full; retry after Retry-After seconds"},
    {error_code::kExpectationFailed, "expectation_failed", 417,
     "an Expect header other than 100-continue"},
    {error_code::kUnauthorized, "unauthorized", 401, "no valid session (sign in), or a wrong email or password"},
    {error_code::kForbidden, "forbidden", 403, "signed in, but this account's role or owner may not do this"},
    {error_code::kConflict, "conflict", 409, "changed by someone else since it was read, or already there"},
    {error_code::kRateLimited, "rate_limited", 429, "too many failed sign-ins; wait and try again"},
    {error_code::kRegisterOff, "register_off", 503, "this server runs without a register (caravan serve --register)"},
    {error_code::kInternal, "internal", 500, "a bug in the server; it is logged"},
}};

}  // namespace

std::span<error_info const> error_table() { return kErrors; }

error_info const& info(error_code c) { return kErrors[static_cast<std::size_t>(c)]; }

api_error::api_error(error_code code, std::string const& message, std::string parameter, std::string body)
    : std::runtime_error{message}, code_{code}, parameter_{std::move(parameter)}, body_{std::move(body)} {}

std::string error_body(error_code code,
                       std::string_view message,
                       std::string_view parameter,
                       std::string_view body) {
  // Messages quote what the client sent: bounded here once, whatever a message quotes, so no answer (and
  // no log line) grows with the request.
  nlohmann::ordered_json details = nlohmann::ordered_json::object();
  if (!parameter.empty()) {
    details["parameter"] = shorten(parameter, 100);
  }
  if (!body.empty()) {
    details["body"] = shorten(body, 500);
  }
  // `error` repeats the message: MOTIS's clients read it (its Error schema), also on errors the transport
  // answers before any route (server_busy, header_too_large), so every error body carries it.
  auto const text = shorten(message, 500);
  nlohmann::ordered_json const out = {
      {"error", text}, {"code", info(code).name_}, {"message", text}, {"details", std::move(details)}};
  // Messages quote what the client sent, which may be invalid UTF-8: replace rather than throw.
  return out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

api_error from_query_error(planner::query_error const& e) {
  auto const& f = e.field();
  if (f == "from") {
    return {error_code::kUnknownPlace, e.what(), "fromPlace"};
  }
  if (f == "to") {
    return {error_code::kUnknownPlace, e.what(), "toPlace"};
  }
  if (f == "time") {
    return {error_code::kInvalidTime, e.what(), "time"};
  }
  if (f == "window") {
    return {error_code::kWindowTooLarge, e.what(), "searchWindow"};
  }
  if (f == "modes") {
    return {error_code::kInvalidModes, e.what(), "modes"};
  }
  if (f == "max_transfers") {
    return {error_code::kInvalidParameter, e.what(), "maxTransfers"};
  }
  if (f == "date") {
    return {error_code::kInvalidParameter, e.what(), "date"};
  }
  return {error_code::kInvalidParameter, e.what(), f};
}

}  // namespace caravan::server
