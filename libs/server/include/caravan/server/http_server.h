#pragma once
// HTTP/1.1 over Boost.Beast (docs/server.md, "Under load"): keep-alive, I/O threads running one
// io_context, and workers for the heavy routes behind a bounded queue (service.h's route_cost), so
// /health and the other light routes are answered while every worker searches. Limits: header and body
// size, chunk-size lines and trailers, connections in total and per client address, the queue; read,
// idle and write timeouts (a slow client cannot hold a worker: each read has a deadline for the whole
// request) and a deadline per request, counted from when it was read. RFC 9112: a Transfer-Encoding
// other than `chunked` alone, an HTTP/1.1 request without one Host, a bad chunk line are refused with
// 400 and the connection closed; HEAD is GET without the body; `Expect: 100-continue` is answered
// before the body is read. When accept() fails (out of file descriptors) it pauses instead of
// spinning. gzip when the client accepts it, CORS for configured origins, a rate-limited access log,
// and a graceful shutdown that finishes the requests in flight. Requests are answered by a service.
//
// Thread safety: start(), shutdown() and wait() from one controlling thread; port() from any.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "caravan/server/service.h"

namespace caravan::server {

struct server_limits {
  std::size_t header_bytes_{8 * 1024};                  // request line and headers; over it: 431
  std::size_t body_bytes_{64 * 1024};                   // over it: 413
  // Uploads (server_config::is_upload_): a case's photo or scanned receipt, sent signed in.
  std::size_t upload_bytes_{(5U << 20U) + 1024};
  std::size_t max_connections_{512};                    // over it: 503 too_many_connections, then closed
  std::chrono::milliseconds read_timeout_{10'000};      // to receive a whole request once it began
  std::chrono::milliseconds idle_timeout_{30'000};      // keep-alive: waiting for the next request
  std::chrono::milliseconds write_timeout_{10'000};     // to send a response
  std::chrono::milliseconds request_deadline_{10'000};  // from the request read to the answer (queue included)
  std::size_t gzip_min_bytes_{1024};                    // smaller bodies are sent as they are
  std::size_t max_connections_per_client_{64};          // from one address; over it: 503, then closed
  std::size_t queue_length_{64};                        // heavy requests waiting for a worker; over: 503
  std::size_t chunk_line_bytes_{1024};                  // a chunk-size line with its extensions; over: 400
  std::size_t trailer_bytes_{4096};                     // the trailers of a chunked body; over: 400
  std::chrono::milliseconds accept_pause_{100};         // after accept() fails (EMFILE): wait, then retry
  std::chrono::milliseconds refused_linger_{1000};      // a refused connection is closed after at most this
  unsigned access_log_lines_per_second_{200};           // over it, lines are counted, not written; 0: no limit
};

struct server_config {
  std::string bind_{"127.0.0.1"};
  std::uint16_t port_{8080};  // 0: any free port (see port())
  unsigned threads_{1};     // workers for heavy routes
  unsigned io_threads_{1};  // reading, writing and the light routes
  std::vector<std::string> cors_origins_;  // allowed Origin values; "*" allows any
  // Reverse proxies (exact addresses) whose X-Forwarded-For names the client: the register's sign-in
  // and sign-up limits then count the client, not the proxy (docs/deployment.md). Connection limits
  // still count the connecting peer.
  std::vector<std::string> trusted_proxies_;
  server_limits limits_;
  // One line per request: method, path without the query, status, duration, bytes. No addresses, no
  // query strings (they name places people travel between). Called on the worker threads, several at
  // once. Empty: no log. Over limits_.access_log_lines_per_second_ a second, lines are dropped and a
  // line saying how many is written once the rate falls (a flood of refused connections cannot fill the
  // disk).
  std::function<void(std::string const&)> access_log_;
  // Which requests may carry an upload's body (limits_.upload_bytes_) rather than body_bytes_: asked with
  // the method, target and Authorization header once the header is read (cases_api::upload_gate checks
  // the session there, so a client without one never gets the larger limit).
  std::function<bool(std::string_view method, std::string_view target, std::string_view authorization)> is_upload_;
};

// The connections counted together for the per-client cap: an IPv4 address (an IPv4-mapped IPv6 one as
// IPv4), or the /64 of an IPv6 address (one subscriber's network, where a client may take any of 2^64
// addresses). An address that cannot be read is its own group.
std::string client_group(std::string const& address);

bool is_ip_address(std::string const& text);  // IPv4 or IPv6, as Boost.Asio reads them

// The client of a request that came from `peer`: with `peer` among `trusted` and an X-Forwarded-For,
// the rightmost address in it that is not a trusted proxy (the one the first trusted proxy saw), as its
// client_group; else the peer's group. An entry that is not an address ends the walk (what is left of it
// was written by the client).
std::string forwarded_client(std::string const& peer, std::string_view forwarded_for,
                             std::vector<std::string> const& trusted);

class http_server {
 public:
  http_server(server_config config, service& s);
  ~http_server();  // shuts down and waits, if still running
  http_server(http_server const&) = delete;
  http_server& operator=(http_server const&) = delete;

  // Binds and listens, then runs the threads. Throws std::runtime_error naming the address when it
  // cannot bind.
  void start();
  std::uint16_t port() const;
  std::string address() const;  // "http://127.0.0.1:8080"
  // The connection limit in force: limits_.max_connections_, lowered at start() to what the open-file
  // limit (RLIMIT_NOFILE) leaves room for.
  std::size_t max_connections() const;

  // Stops accepting; requests in flight are finished and answered with Connection: close; idle
  // connections are closed. Returns at once; wait() joins the threads.
  void shutdown();
  void wait();

  struct impl;  // defined with the transport in http_server.cc

 private:
  std::unique_ptr<impl> impl_;
};

}  // namespace caravan::server
