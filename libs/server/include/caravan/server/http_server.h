#pragma once
// HTTP/1.1 over Boost.Beast: keep-alive, a fixed pool of threads running one io_context, limits on
// header and body size and on open connections, read and idle timeouts (a slow client cannot hold a
// worker: each read has a deadline for the whole request), gzip when the client accepts it, CORS for
// configured origins, one access-log line per request, and a graceful shutdown that finishes the
// requests in flight. Requests are answered by a service (service.h).
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
  std::size_t max_connections_{512};                    // over it: 503 too_many_connections, then closed
  std::chrono::milliseconds read_timeout_{10'000};      // to receive a whole request once it began
  std::chrono::milliseconds idle_timeout_{30'000};      // keep-alive: waiting for the next request
  std::chrono::milliseconds write_timeout_{10'000};     // to send a response
  std::chrono::milliseconds request_deadline_{10'000};  // for the handler (checked between searches)
  std::size_t gzip_min_bytes_{1024};                    // smaller bodies are sent as they are
};

struct server_config {
  std::string bind_{"127.0.0.1"};
  std::uint16_t port_{8080};  // 0: any free port (see port())
  unsigned threads_{1};
  std::vector<std::string> cors_origins_;  // allowed Origin values; "*" allows any
  server_limits limits_;
  // One line per request: method, path without the query, status, duration, bytes. No addresses, no
  // query strings (they name places people travel between). Called on the worker threads, several at
  // once. Empty: no log.
  std::function<void(std::string const&)> access_log_;
};

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

  // Stops accepting; requests in flight are finished and answered with Connection: close; idle
  // connections are closed. Returns at once; wait() joins the threads.
  void shutdown();
  void wait();

  struct impl;  // defined with the transport in http_server.cc

 private:
  std::unique_ptr<impl> impl_;
};

}  // namespace caravan::server
