#pragma once
// The route table between the HTTP transport and the endpoints: a request (method and target) in, a
// response (status, type, body) out, with no sockets, so tests and the fuzzer can call it directly.
// Every route is registered here once, as (method, pattern, handler); a pattern's `{name}` segment
// matches one path segment. Adding an endpoint is one add() call. Errors thrown by handlers become the
// JSON error bodies of errors.h; anything else thrown is a bug, answered 500 and counted.
//
// Thread safety: register routes before serving; handle() may then run on any number of threads.
#include <chrono>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "caravan/server/errors.h"
#include "caravan/server/metrics.h"
#include "caravan/server/target.h"

namespace caravan::server {

using clock = std::chrono::steady_clock;

struct api_request {
  std::string_view method;
  request_target const& target;
  std::vector<std::string> path_params;  // the {…} segments of the pattern, in order, decoded
  clock::time_point deadline;            // handlers doing several searches check it between them
  std::string_view content_type{};       // the Content-Type header, "" when none
  std::string_view body{};               // the request body (read in full, within the body limit)
  std::string_view authorization{};      // the Authorization header ("Bearer <token>"), "" when none
  std::string_view client{};             // the client's address (its /64 for IPv6): sign-in limits

  // Throws api_error(kUnknownParameter) naming the first parameter given that is not in `allowed`.
  void only(std::initializer_list<std::string_view> allowed) const;
  void only(std::span<std::string_view const> allowed) const;
};

struct api_response {
  unsigned status{200};
  std::string content_type{"application/json"};
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers (Allow on 405)
  std::string_view error;  // the error code's name for an error response (metrics), else empty
  // The same for every request while the data stays loaded (the spec, the datasets, the network): the
  // transport keeps its compressed form instead of compressing it again per request.
  bool fixed{false};
  // The body's gzip made beforehand (the web app's files, compressed once at load), sent instead of
  // compressing it when the client accepts gzip.
  std::string gzip_body;
  // False for formats that are compressed already (png, woff2): sent as they are.
  bool compressible{true};
};

// What answering a route costs, for admission control (http_server.h): a light route answers from
// memory in microseconds (health, metrics, precomputed documents) and runs on the I/O thread, so it is
// answered even when every worker is busy; a heavy one (searches, checks) waits for a worker in a
// bounded queue.
enum class route_cost : std::uint8_t { kHeavy, kLight };

class service {
 public:
  using handler = std::function<api_response(api_request const&)>;

  // Registers GET /metrics (light).
  service();

  void add(std::string method, std::string pattern, handler h, route_cost cost = route_cost::kHeavy);

  // Whether the request would run a light route; an unknown route (answered 404 or 405 at once) is light.
  bool is_light(std::string_view method, std::string_view target) const;

  struct result {
    api_response response;
    std::string route;  // the matched pattern, "unmatched" when none: the metrics label
  };
  // Parses the target, finds the route, runs the handler and maps errors; records the metrics.
  result handle(std::string_view method,
                std::string_view target,
                clock::duration deadline,
                std::string_view content_type = {},
                std::string_view body = {},
                std::string_view authorization = {},
                std::string_view client = {});

  // The methods registered for the path of `target` (for a CORS preflight), in registration order;
  // empty when no route has that path or the target cannot be read.
  std::vector<std::string> methods(std::string_view target) const;

  // Answers GET (and HEAD) requests that no route matches, outside /api/ (which keeps its JSON 404s):
  // the web app's files (static_files.h). Set before serving. Counted under route "static".
  void set_fallback(handler h) { fallback_ = std::move(h); }

  metrics& stats() { return metrics_; }

 private:
  struct route {
    std::string method_, pattern_;
    std::vector<std::string> segments_;
    handler handler_;
    route_cost cost_;
  };
  std::vector<route> routes_;
  handler fallback_;
  metrics metrics_;
};

// A 200 answer.
api_response ok(std::string content_type, std::string body);

// The same error as a response.
api_response error_response(error_code code,
                            std::string_view message,
                            std::string_view parameter = {},
                            std::string_view body = {});

}  // namespace caravan::server
