// The HTTP transport: keep-alive, gzip, CORS, limits, timeouts, concurrency, the connection limit,
// the access log and a graceful shutdown. Real sockets on loopback, ports chosen by the system.
#include <gtest/gtest.h>

#include <future>
#include <nlohmann/json.hpp>
#include <thread>

#include "harness.h"

namespace caravan::server::testing {
namespace {

using json = nlohmann::json;
namespace net = boost::asio;
namespace beast = boost::beast;

std::string const kPlan = "/api/v1/plan?fromPlace=Almaty&toPlace=Tashkent&time=2026-06-05T06:00";

TEST(Transport, KeepAliveServesSeveralRequestsOnOneConnection) {
  test_server s;
  client c{s.port()};
  for (int i = 0; i != 5; ++i) {
    auto const r = c.get(i % 2 == 0 ? "/health" : kPlan);
    EXPECT_EQ(r.status, 200);
    EXPECT_NE(r.header("connection"), "close");
  }
  auto const m = c.get("/metrics").body;
  EXPECT_NE(m.find("caravan_http_connections_total 1\n"), std::string::npos) << m;
}

TEST(Transport, GzipWhenAcceptedAndLargeEnough) {
  test_server s;
  client c{s.port()};
  auto const plain = c.get("/api/v1/network");
  EXPECT_TRUE(plain.header("content-encoding").empty());
  auto const zipped = c.get("/api/v1/network", {{"Accept-Encoding", "deflate, gzip;q=0.8"}});
  EXPECT_EQ(zipped.header("content-encoding"), "gzip");
  EXPECT_LT(zipped.raw_body.size(), plain.body.size() / 3);
  EXPECT_EQ(zipped.body, plain.body);
  // The network does not change while the data is loaded: its compressed form is kept, and the same.
  auto const again = c.get("/api/v1/network", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(again.raw_body, zipped.raw_body);
  EXPECT_EQ(again.body, plain.body);
  EXPECT_NE(zipped.header("vary").find("Accept-Encoding"), std::string::npos);
  EXPECT_TRUE(c.get("/api/v1/network", {{"Accept-Encoding", "gzip;q=0"}}).header("content-encoding").empty());
  EXPECT_TRUE(c.get("/health", {{"Accept-Encoding", "gzip"}}).header("content-encoding").empty())
      << "small bodies are sent as they are";
}

TEST(Transport, CorsForConfiguredOriginsOnly) {
  auto cfg = test_config();
  cfg.cors_origins_ = {"https://app.example"};
  test_server s{cfg};
  client c{s.port()};
  EXPECT_EQ(c.get("/health", {{"Origin", "https://app.example"}}).header("access-control-allow-origin"),
            "https://app.example");
  EXPECT_TRUE(
      c.get("/health", {{"Origin", "https://evil.example"}}).header("access-control-allow-origin").empty());
  EXPECT_TRUE(c.get("/health").header("access-control-allow-origin").empty());
  auto const pre = c.raw(
      "OPTIONS /api/v1/plan HTTP/1.1\r\nHost: x\r\nOrigin: "
      "https://app.example\r\nAccess-Control-Request-Method: GET\r\n"
      "Access-Control-Request-Headers: accept\r\n\r\n");
  EXPECT_EQ(pre.status, 204);
  EXPECT_EQ(pre.header("access-control-allow-origin"), "https://app.example");
  EXPECT_EQ(pre.header("access-control-allow-methods"), "GET, HEAD, OPTIONS");
  EXPECT_EQ(pre.header("access-control-allow-headers"), "accept");
  EXPECT_NE(pre.header("vary").find("Origin"), std::string::npos) << "caches keep one preflight per origin";
  // A preflight for a path with no route is 404, not an invitation.
  auto const nowhere = c.raw(
      "OPTIONS /api/v1/nowhere HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example\r\n"
      "Access-Control-Request-Method: GET\r\n\r\n");
  EXPECT_EQ(nowhere.status, 404);
  EXPECT_TRUE(nowhere.header("access-control-allow-methods").empty());
  // POST only where a route takes it: the entry check, whose JSON body makes browsers ask first.
  auto const post = c.raw(
      "OPTIONS /api/v1/entry/check HTTP/1.1\r\nHost: x\r\nOrigin: "
      "https://app.example\r\nAccess-Control-Request-Method: POST\r\n"
      "Access-Control-Request-Headers: content-type\r\n\r\n");
  EXPECT_EQ(post.status, 204);
  EXPECT_EQ(post.header("access-control-allow-methods"), "POST, OPTIONS");
  EXPECT_EQ(post.header("allow"), "POST, OPTIONS");
  EXPECT_EQ(post.header("access-control-allow-headers"), "content-type");
  auto const cross =
      c.request("POST", "/api/v1/entry/check?travellers=KZ",
                {{"Origin", "https://app.example"}, {"Content-Type", "application/json"}},
                R"({"stays": [{"country": "UZ", "entry": "2026-06-01", "exit": "2026-06-05"}]})");
  EXPECT_EQ(cross.status, 200) << cross.body;
  EXPECT_EQ(cross.header("access-control-allow-origin"), "https://app.example");

  auto any = test_config();
  any.cors_origins_ = {"*"};
  test_server open{any};
  client o{open.port()};
  EXPECT_EQ(o.get("/health", {{"Origin", "https://anyone.example"}}).header("access-control-allow-origin"),
            "https://anyone.example");
}

TEST(Transport, OversizedHeaderIs431AndBodyIs413) {
  test_server s;
  {
    client c{s.port()};
    auto const r = c.raw("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(9000, 'a') + "\r\n\r\n");
    EXPECT_EQ(r.status, 431);
    EXPECT_EQ(json::parse(r.body)["code"], "header_too_large");
    // Answered before any route, still with MOTIS's `error` (its clients show it).
    EXPECT_EQ(json::parse(r.body)["error"], json::parse(r.body)["message"]);
    check_reply("GET", "/health", r);
  }
  {
    client c{s.port()};
    // The declared length is over the limit: answered before the body is sent.
    auto const r = c.raw("POST /api/v1/plan HTTP/1.1\r\nHost: x\r\nContent-Length: 70000\r\n\r\n" +
                         std::string(1000, 'b'));
    EXPECT_EQ(r.status, 413);
    EXPECT_EQ(json::parse(r.body)["code"], "body_too_large");
    check_reply("POST", "/api/v1/plan", r);
  }
  {
    // A chunked body that grows past the limit.
    client c{s.port()};
    std::string chunked = "POST /api/v1/plan HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i != 20; ++i) {
      chunked += "1000\r\n" + std::string(0x1000, 'c') + "\r\n";
    }
    auto const r = c.raw(chunked + "0\r\n\r\n");
    EXPECT_EQ(r.status, 413);
  }
  // The server still serves.
  client c{s.port()};
  EXPECT_EQ(c.get("/health").status, 200);
}

TEST(Transport, MalformedRequestsAre400) {
  test_server s;
  {
    client c{s.port()};
    auto const r = c.raw("GET /api/v1/plan?fromPlace=\xFF\xFE&toPlace=Osh HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(json::parse(r.body)["code"], "bad_request");
  }
  {
    client c{s.port()};
    auto const r = c.raw("GARBAGE\r\n\r\n");
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(json::parse(r.body)["code"], "bad_request");
  }
  {
    client c{s.port()};
    auto const r = c.raw("GET http://elsewhere/health HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(json::parse(r.body)["code"], "bad_request");
  }
}

TEST(Transport, ConcurrentRequestsFromSeveralThreadsGetTheSameAnswers) {
  test_server s;
  std::string const expected = client{s.port()}.get(kPlan).body;
  std::vector<std::thread> threads;
  std::atomic<int> good{0};
  for (int t = 0; t != 4; ++t) {
    threads.emplace_back([&] {
      client c{s.port()};
      for (int i = 0; i != 8; ++i) {
        auto const r = c.get(i % 2 == 0 ? kPlan : "/api/v1/stops/almaty/departures?date=2026-06-03");
        if (r.status == 200 && (i % 2 != 0 || r.body == expected)) {
          ++good;
        }
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  EXPECT_EQ(good, 32);
}

TEST(Transport, ASlowClientIsDroppedWhileOthersAreServed) {
  auto cfg = test_config();
  cfg.limits_.read_timeout_ = std::chrono::milliseconds{300};
  test_server s{cfg};
  client slow{s.port()};
  std::string const request = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
  // Byte by byte, 60 ms apart: the first 12 bytes alone take longer than the timeout.
  bool dropped = false;
  for (std::size_t i = 0; i != 12 && !dropped; ++i) {
    beast::error_code ec;
    net::write(slow.stream().socket(), net::buffer(request.data() + i, 1), ec);
    dropped = static_cast<bool>(ec);
    std::this_thread::sleep_for(std::chrono::milliseconds{60});
    if (i == 5) {
      client other{s.port()};
      EXPECT_EQ(other.get("/health").status, 200) << "another client is served meanwhile";
    }
  }
  // The server closed the slow connection without an answer.
  char byte = 0;
  beast::error_code ec;
  slow.stream().expires_after(std::chrono::seconds{5});
  auto const n = slow.stream().socket().read_some(net::buffer(&byte, 1), ec);
  EXPECT_EQ(n, 0U);
  EXPECT_TRUE(ec == net::error::eof || ec == net::error::connection_reset) << ec.message();
}

TEST(Transport, AnIdleKeepAliveConnectionIsClosed) {
  auto cfg = test_config();
  cfg.limits_.idle_timeout_ = std::chrono::milliseconds{200};
  test_server s{cfg};
  client c{s.port()};
  EXPECT_EQ(c.get("/health").status, 200);
  char byte = 0;
  beast::error_code ec;
  auto const n = c.stream().socket().read_some(net::buffer(&byte, 1), ec);
  EXPECT_EQ(n, 0U);
  EXPECT_EQ(ec, net::error::eof) << ec.message();
}

TEST(Transport, OverTheConnectionLimitIs503) {
  auto cfg = test_config();
  cfg.limits_.max_connections_ = 2;
  test_server s{cfg};
  client a{s.port()}, b{s.port()};
  EXPECT_EQ(a.get("/health").status, 200);
  EXPECT_EQ(b.get("/health").status, 200);
  client c{s.port()};
  auto const r = c.get("/health");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(json::parse(r.body)["code"], "too_many_connections");
  EXPECT_EQ(r.header("connection"), "close");
}

TEST(Transport, ThePerRequestDeadlineStopsBetweenSearches) {
  auto cfg = test_config();
  cfg.limits_.request_deadline_ = std::chrono::milliseconds{0};
  test_server s{cfg};
  client c{s.port()};
  auto const r = c.get(kPlan);
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(json::parse(r.body)["code"], "deadline_exceeded");
}

TEST(Transport, TheAccessLogHasOneLinePerRequestWithoutTheQuery) {
  test_server s;
  {
    client c{s.port()};
    c.get(kPlan);
    c.get("/api/v1/stops/nowhere");
  }
  auto const lines = s.log_lines();
  ASSERT_EQ(lines.size(), 2U);
  EXPECT_NE(lines[0].find(" GET /api/v1/plan 200 "), std::string::npos) << lines[0];
  EXPECT_EQ(lines[0].find("Almaty"), std::string::npos) << "no query string (places people travel between)";
  EXPECT_NE(lines[1].find(" GET /api/v1/stops/nowhere 404 "), std::string::npos) << lines[1];
  EXPECT_NE(lines[1].find("B"), std::string::npos);
}

TEST(Transport, ShutdownFinishesTheRequestInFlight) {
  std::promise<void> entered, release;
  auto released = release.get_future().share();
  test_server s{test_config(), true, [&](service& svc) {
                  svc.add("GET", "/test/slow", [&entered, released](api_request const&) {
                    entered.set_value();
                    released.wait();
                    return ok("text/plain", "finished");
                  });
                }};
  auto const port = s.port();
  auto answer = std::async(std::launch::async, [port] {
    client c{port};
    // Not in the spec (a test route): read it raw.
    return c.raw("GET /test/slow HTTP/1.1\r\nHost: x\r\n\r\n");
  });
  entered.get_future().wait();
  s.http_->shutdown();
  release.set_value();
  auto const r = answer.get();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "finished");
  EXPECT_EQ(r.header("connection"), "close");
  s.http_->wait();
  // No longer listening.
  net::io_context ioc;
  net::ip::tcp::socket sock{ioc};
  beast::error_code ec;
  sock.connect({net::ip::make_address("127.0.0.1"), port}, ec);
  EXPECT_TRUE(ec) << "connected after shutdown";
}

}  // namespace
}  // namespace caravan::server::testing
