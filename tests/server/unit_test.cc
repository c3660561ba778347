// The pieces below the transport: request targets, the error table, gzip negotiation, polylines,
// and coordinates as places on the bundled data.
#include <gtest/gtest.h>

#include <chrono>
#include <set>

#include "caravan/planner/error.h"
#include "caravan/planner/places.h"
#include "caravan/server/api.h"
#include "caravan/server/compress.h"
#include "caravan/server/errors.h"
#include "caravan/server/http_server.h"
#include "caravan/server/service.h"
#include "caravan/server/target.h"
#include "harness.h"

namespace caravan::server {
namespace {

// The message of the api_error that `f` throws.
template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (api_error const& e) {
    return e.what();
  }
  return "no error";
}

TEST(Target, DecodesPathAndParameters) {
  auto const t = parse_target(
      "/api/v1/"
      "plan?fromPlace=Xi%27an&toPlace=%C3%9Cr%C3%BCmqi+Diwopu&arriveBy&&time=2026-06-01T08%3A00%2B06%3A00");
  EXPECT_EQ(t.path, "/api/v1/plan");
  ASSERT_EQ(t.params.size(), 4U);
  EXPECT_EQ(t.get("fromPlace"), "Xi'an");
  EXPECT_EQ(t.get("toPlace"), "Ürümqi Diwopu");
  EXPECT_EQ(t.get("arriveBy"), "");
  EXPECT_EQ(t.get("time"), "2026-06-01T08:00+06:00");
  EXPECT_FALSE(t.get("modes").has_value());
  EXPECT_EQ(parse_target("/stops/a%20b").path, "/stops/a b");
  EXPECT_EQ(parse_target("/stops/a+b").path, "/stops/a+b") << "'+' is a space only in the query";
  EXPECT_EQ(parse_target("/api/v1/stops/a%2Fb/departures").segments,
            (std::vector<std::string>{"api", "v1", "stops", "a/b", "departures"}));
  EXPECT_EQ(parse_target("/").segments, (std::vector<std::string>{""}));
  EXPECT_EQ(parse_target("/health/").segments, (std::vector<std::string>{"health", ""}));
}

TEST(Target, RejectsMalformedTargetsNamingWhatIsWrong) {
  EXPECT_NE(error_of([] { parse_target("plan"); }).find("starting with /"), std::string::npos);
  EXPECT_NE(error_of([] { parse_target("/a#b"); }).find("fragment"), std::string::npos);
  EXPECT_NE(error_of([] { parse_target("/a?x=%4"); }).find("truncated"), std::string::npos);
  EXPECT_NE(error_of([] { parse_target("/a?x=%zz"); }).find("bad percent-escape `%zz` in parameter `x`"),
            std::string::npos);
  EXPECT_NE(error_of([] { parse_target("/a?x=%FF"); }).find("parameter `x` is not valid UTF-8"),
            std::string::npos);
  EXPECT_NE(error_of([] { parse_target("/a?x=%0A"); }).find("control character"), std::string::npos);
  EXPECT_NE(error_of([] { parse_target("/a?=1"); }).find("without a name"), std::string::npos);
  EXPECT_NE(error_of([] { parse_target("/a?x=1&x=2"); }).find("`x` is given twice"), std::string::npos);
  std::string many = "/a?";
  for (std::size_t i = 0; i != kMaxParams + 1; ++i) {
    many += "p" + std::to_string(i) + "=1&";
  }
  EXPECT_NE(error_of([&] { parse_target(many); }).find("more than"), std::string::npos);
}

TEST(Errors, OneTableWithUniqueCodesAndStatuses) {
  std::set<std::string_view> names;
  std::size_t i = 0;
  for (auto const& e : error_table()) {
    EXPECT_EQ(static_cast<std::size_t>(e.code_), i++) << e.name_ << ": the table is indexed by the code";
    EXPECT_TRUE(names.insert(e.name_).second) << e.name_;
    EXPECT_GE(e.status_, 400U);
  }
  EXPECT_EQ(info(error_code::kHeaderTooLarge).status_, 431U);
  EXPECT_EQ(info(error_code::kBodyTooLarge).status_, 413U);
  EXPECT_EQ(error_body(error_code::kUnknownPlace, "no stop `x`", "fromPlace"),
            R"({"error":"no stop `x`","code":"unknown_place","message":"no stop `x`","details":{"parameter":"fromPlace"}})");
  EXPECT_EQ(info(error_code::kUnsupportedMediaType).status_, 415U);
  EXPECT_EQ(
      error_body(error_code::kInvalidBody, "bad trip", {}, "body:4: /stays/1/entry: not a date"),
      R"({"error":"bad trip","code":"invalid_body","message":"bad trip","details":{"body":"body:4: /stays/1/entry: not a date"}})");
  EXPECT_EQ(error_body(error_code::kNotFound, "bad \xFF"),
            R"({"error":"bad �","code":"not_found","message":"bad �","details":{}})");
}

TEST(Routes, AnEscapedSlashStaysInItsSegment) {
  service svc;
  svc.add("GET", "/stops/{id}/departures",
          [](api_request const& r) { return ok("text/plain", r.path_params.at(0)); });
  auto const r = svc.handle("GET", "/stops/a%2Fb/departures", std::chrono::seconds{1});
  EXPECT_EQ(r.route, "/stops/{id}/departures");
  EXPECT_EQ(r.response.body, "a/b");
  EXPECT_EQ(svc.handle("GET", "/stops/a/b/departures", std::chrono::seconds{1}).response.status, 404U);
  EXPECT_EQ(svc.handle("GET", "/stops//departures", std::chrono::seconds{1}).response.status, 404U)
      << "an empty id";
  EXPECT_EQ(svc.handle("DELETE", "/stops/a/departures", std::chrono::seconds{1}).response.status, 405U);
}

TEST(Routes, TheHandlerGetsTheBodyAndMethodsAreByPath) {
  service svc;
  svc.add("POST", "/echo", [](api_request const& r) {
    return ok("text/plain", std::string{r.content_type} + "|" + std::string{r.body});
  });
  svc.add("GET", "/echo", [](api_request const&) { return ok("text/plain", "got"); });
  svc.add("GET", "/stops/{id}", [](api_request const&) { return ok("text/plain", "stop"); });
  EXPECT_EQ(svc.handle("POST", "/echo", std::chrono::seconds{1}, "application/json", "{}").response.body,
            "application/json|{}");
  EXPECT_EQ(svc.handle("GET", "/echo", std::chrono::seconds{1}).response.body, "got");
  EXPECT_EQ(svc.methods("/echo?x=1"), (std::vector<std::string>{"POST", "GET"}));
  EXPECT_EQ(svc.methods("/stops/almaty"), (std::vector<std::string>{"GET"}));
  EXPECT_TRUE(svc.methods("/nowhere").empty());
  EXPECT_TRUE(svc.methods("/echo%").empty()) << "a target that cannot be read";
  auto const wrong = svc.handle("PUT", "/echo", std::chrono::seconds{1});
  EXPECT_EQ(wrong.response.status, 405U);
  ASSERT_EQ(wrong.response.headers.size(), 1U);
  EXPECT_EQ(wrong.response.headers[0].second, "POST, GET");
}

TEST(Routes, ABugIs500WithoutItsMessage) {
  service svc;
  svc.add("GET", "/bug", [](api_request const&) -> api_response { throw std::logic_error{"secret detail"}; });
  auto const r = svc.handle("GET", "/bug", std::chrono::seconds{1});
  EXPECT_EQ(r.response.status, 500U);
  EXPECT_EQ(r.response.body, R"({"error":"internal error","code":"internal","message":"internal error","details":{}})");
  EXPECT_NE(svc.stats().prometheus().find("caravan_http_errors_total{route=\"/bug\",code=\"internal\"} 1"),
            std::string::npos);
}

TEST(Errors, PlannerFieldsBecomeRequestParameters) {
  auto const e = from_query_error(planner::query_error{"window", "too long"});
  EXPECT_EQ(e.code(), error_code::kWindowTooLarge);
  EXPECT_EQ(e.parameter(), "searchWindow");
  EXPECT_EQ(from_query_error(planner::query_error{"to", "x"}).parameter(), "toPlace");
  EXPECT_EQ(from_query_error(planner::query_error{"max_transfers", "x"}).parameter(), "maxTransfers");
}

TEST(Gzip, AcceptEncoding) {
  EXPECT_TRUE(accepts_gzip("gzip"));
  EXPECT_TRUE(accepts_gzip("br, GZIP;q=0.5"));
  EXPECT_TRUE(accepts_gzip("deflate, x-gzip"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0"));
  EXPECT_FALSE(accepts_gzip("deflate, br"));
  EXPECT_FALSE(accepts_gzip(""));
  std::string const text(5000, 'z');
  EXPECT_EQ(testing::gunzip(gzip(text)), text);
}

TEST(Polyline, GooglesExample) {
  EXPECT_EQ(encode_polyline({{38.5, -120.2}, {40.7, -120.95}, {43.252, -126.453}}),
            "_p~iF~ps|U_ulLnnqC_mqNvxq`@");
  EXPECT_EQ(encode_polyline({}), "");
}

TEST(Coordinates, NearbyStopsWithWalkingTimes) {
  auto const data = testing::silkroad();
  auto const& tt = data->timetable();
  // 0.005 degrees of latitude north of Almaty's stops (all at the city point): about 556 m.
  auto const p = data->planner().places().resolve("43.25749,76.9115", "from");
  ASSERT_TRUE(p.point_.has_value());
  ASSERT_FALSE(p.stops_.empty());
  ASSERT_EQ(p.walk_s_.size(), p.stops_.size());
  for (std::size_t i = 0; i != p.stops_.size(); ++i) {
    EXPECT_EQ(tt.str(tt.stop(tt.stop(p.stops_[i]).parent_).id_), "almaty");
    EXPECT_NEAR(p.walk_s_[i], 556 / 1.2, 3);
  }
}

}  // namespace
}  // namespace caravan::server

namespace caravan::server {
namespace {

TEST(ClientGroup, IPv4AloneIPv6ByItsSlash64) {
  EXPECT_EQ(client_group("203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(client_group("::ffff:203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(client_group("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), "2001:db8:1:2::/64");
  EXPECT_EQ(client_group("2001:db8:1:2::1"), client_group("2001:db8:1:2:ffff::9"));
  EXPECT_NE(client_group("2001:db8:1:2::1"), client_group("2001:db8:1:3::1"));
  EXPECT_EQ(client_group("::1"), "::/64");
  EXPECT_EQ(client_group("not an address"), "not an address");
}

// Behind a trusted proxy the client is the rightmost X-Forwarded-For address that is not a trusted
// proxy; from anyone else the header is the client's own word and is not read.
TEST(ForwardedClient, OnlyATrustedProxysHeaderIsRead) {
  std::vector<std::string> const trusted{"10.0.0.2", "::ffff:10.0.0.3"};
  EXPECT_EQ(forwarded_client("10.0.0.2", "203.0.113.7", trusted), "203.0.113.7");
  EXPECT_EQ(forwarded_client("::ffff:10.0.0.2", "203.0.113.7", trusted), "203.0.113.7") << "v4-mapped peer";
  EXPECT_EQ(forwarded_client("198.51.100.9", "203.0.113.7", trusted), "198.51.100.9") << "an untrusted peer's header";
  EXPECT_EQ(forwarded_client("10.0.0.2", "", trusted), "10.0.0.2");
  // A client's own forged entry on the left is passed over: the address the first proxy saw counts.
  EXPECT_EQ(forwarded_client("10.0.0.2", "1.2.3.4, 203.0.113.7, 10.0.0.3", trusted), "203.0.113.7");
  EXPECT_EQ(forwarded_client("10.0.0.2", "garbage, 203.0.113.7", trusted), "203.0.113.7");
  EXPECT_EQ(forwarded_client("10.0.0.2", "203.0.113.7, not-an-address", trusted), "10.0.0.2")
      << "an entry that is no address ends the walk";
  EXPECT_EQ(forwarded_client("10.0.0.2", "2001:db8:1:2::5", trusted), "2001:db8:1:2::/64");
  EXPECT_EQ(forwarded_client("10.0.0.2", "10.0.0.3", trusted), "10.0.0.3") << "only proxies: the leftmost";
  EXPECT_TRUE(is_ip_address("::1"));
  EXPECT_FALSE(is_ip_address("proxy.example"));
}

}  // namespace
}  // namespace caravan::server
