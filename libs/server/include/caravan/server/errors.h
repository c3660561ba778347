#pragma once
// Every error the HTTP API answers, in one table: a stable machine code, its HTTP status and what it
// means. Bodies always have the shape {"code", "message", "details"}, where details names the offending
// request parameter when there is one ({"parameter": "fromPlace"}). docs/server.md lists the table.
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include "caravan/planner/error.h"

namespace caravan::server {

enum class error_code : std::uint8_t {
  kBadRequest,            // malformed request line, target, percent-encoding or UTF-8
  kMissingParameter,      // a required parameter is absent or empty
  kInvalidParameter,      // a parameter that cannot be read (not a number, not true/false, out of range)
  kUnknownParameter,      // a parameter the operation does not take (a typo would else go unnoticed)
  kUnknownPlace,          // fromPlace/toPlace names no stop, or is ambiguous, or has no stop near it
  kInvalidTime,           // a time that cannot be read, or outside the timetable
  kWindowTooLarge,        // searchWindow longer than the planner's limit
  kInvalidModes,          // an unknown mode name
  kInvalidBody,           // a request body that is not the document the operation reads (JSON, trip.json)
  kQueryTooExpensive,     // the request's estimated work is over the server's budget (docs/server.md)
  kNotFound,              // no such route, or no such stop in /stops/{id}
  kMethodNotAllowed,      // the path exists, the method does not
  kBodyTooLarge,          // request body over the limit
  kUnsupportedMediaType,  // a request body that is not application/json
  kHeaderTooLarge,        // request header over the limit
  kTooManyConnections,    // the connection limit is reached
  kNotReady,              // the data is still loading
  kDeadlineExceeded,      // the request ran past its deadline
  kServerBusy,            // every worker is busy and the queue for them is full
  kExpectationFailed,     // an Expect header other than 100-continue
  kUnauthorized,          // the register: no valid session, or a wrong email or password
  kForbidden,             // the register: signed in, but this role or owner may not
  kConflict,              // the register: changed since read, or already there
  kRateLimited,           // the register: too many failed sign-ins
  kRegisterOff,           // the register's endpoints on a server started without one (--register)
  kInternal,              // a bug: logged, never the planner's answer to bad input
};

struct error_info {
  error_code code_;
  std::string_view name_;  // the JSON "code"
  unsigned status_;        // HTTP status
  std::string_view meaning_;
};

std::span<error_info const> error_table();
error_info const& info(error_code c);

// What a handler throws for a request it cannot answer; the transport turns it into the JSON body.
class api_error : public std::runtime_error {
 public:
  // `body`: for a request body that cannot be read, what is wrong in it as its parser says (line, JSON path).
  api_error(error_code code, std::string const& message, std::string parameter = {}, std::string body = {});
  error_code code() const { return code_; }
  std::string const& parameter() const { return parameter_; }
  std::string const& body() const { return body_; }

 private:
  error_code code_;
  std::string parameter_;
  std::string body_;
};

// {"code":..., "message":..., "details":{"parameter":..., "body":...}} (each detail only when given;
// "details" is {} without any).
std::string error_body(error_code code,
                       std::string_view message,
                       std::string_view parameter = {},
                       std::string_view body = {});

// A planner::query_error as the API says it: the planner's field ("from", "window", ...) becomes the
// request parameter ("fromPlace", "searchWindow", ...) and picks the code.
api_error from_query_error(planner::query_error const& e);

}  // namespace caravan::server
