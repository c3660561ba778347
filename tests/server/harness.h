#pragma once
// The server under test: the real service, API and HTTP transport on a free loopback port, over the
// bundled Silk Road data imported with the real importer; and a Beast client that checks every
// response it gets against api/openapi.yaml.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "caravan/server/api.h"
#include "caravan/server/http_server.h"
#include "openapi_check.h"

namespace caravan::server::testing {

// The Silk Road data and sites and the entry rules of data/rules, loaded once per process.
std::shared_ptr<loaded_data const> silkroad();

// One spec checker per process; check_reply records problems as test failures.
openapi_check& spec();
std::string spec_text();

struct reply {
  unsigned status{0};
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;                            // decompressed when gzip
  std::string raw_body;                        // as sent
  std::string header(std::string const& name) const {
    auto const it = headers.find(name);
    return it == headers.end() ? std::string{} : it->second;
  }
};

// A keep-alive connection; every reply is checked against the spec.
class client {
 public:
  // `from`: the local address to connect from ("127.0.0.2"), default the system's choice.
  explicit client(std::uint16_t port, std::string const& from = {});
  reply get(std::string const& target, std::vector<std::pair<std::string, std::string>> const& headers = {});
  reply request(std::string const& method,
                std::string const& target,
                std::vector<std::pair<std::string, std::string>> const& headers = {},
                std::string const& body = {});
  // Sends bytes as they are and reads one reply (the spec check is the caller's).
  reply raw(std::string const& bytes);
  boost::beast::tcp_stream& stream() { return stream_; }

 private:
  reply read();
  boost::asio::io_context ioc_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
};

// Checks a reply against the spec (adds a gtest failure per problem).
void check_reply(std::string const& method, std::string const& target, reply const& r);

server_config test_config();  // loopback, port 0, 2 threads, short timeouts

struct test_server {
  // `setup` may add routes before the server starts.
  explicit test_server(server_config cfg = test_config(),
                       bool with_data = true,
                       std::function<void(service&)> const& setup = {});
  ~test_server();
  std::uint16_t port() const { return http_->port(); }

  service svc_;
  caravan_api api_{svc_};
  std::unique_ptr<http_server> http_;
  std::mutex log_m_;
  std::vector<std::string> log_;
  std::vector<std::string> log_lines() {
    std::lock_guard const lock{log_m_};
    return log_;
  }
};

std::string gunzip(std::string const& data);

// Calls every documented status of the register's endpoints once (register_test.cc).
void exercise_register_endpoints();
void exercise_case_endpoints();  // cases_test.cc
void exercise_tour_endpoints();  // tours_test.cc
void exercise_stats_endpoints();  // stats_test.cc

}  // namespace caravan::server::testing
