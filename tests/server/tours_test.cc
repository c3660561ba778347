// GET /api/v1/tours/plan over HTTP on the Silk Road data: the tour of Kazakhstan's Silk Road corridor
// sites as JSON and in each export format, and the requests answered 400 or 503; every response checked
// against api/openapi.yaml by the client (harness.cc).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "harness.h"

namespace caravan::server::testing {
namespace {

using json = nlohmann::json;

// The 8 sites of the Silk Roads corridor (UNESCO 1442) in Kazakhstan, from Almaty on a day in the data.
constexpr char const* kCorridor = "/api/v1/tours/plan?start=Almaty&time=2026-06-01T08:00&theme=corridor:KZ&days=10";

class Tours : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new test_server{}; }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static reply get(std::string const& target) {
    client c{server_->port()};
    return c.get(target);
  }
  static test_server* server_;
};

test_server* Tours::server_ = nullptr;

TEST_F(Tours, TheKazakhCorridorAsJson) {
  auto const r = get(kCorridor);
  ASSERT_EQ(r.status, 200U) << r.body;
  EXPECT_EQ(r.header("content-type"), "application/json");
  auto const j = json::parse(r.body);
  EXPECT_EQ(j["daysAvailable"], 10);
  EXPECT_EQ(j["start"]["text"], "Almaty");
  EXPECT_EQ(j["start"]["tz"], "Asia/Almaty");
  ASSERT_EQ(j["sites"].size(), 8U) << j["sites"].dump();
  for (auto const& s : j["sites"]) {
    EXPECT_EQ(s["country"], "KZ") << s.dump();
  }
  EXPECT_TRUE(j["tours"].is_array());
  EXPECT_LE(j["tours"].size(), 3U);
  if (!j["tours"].empty()) {
    auto const& best = j["tours"][0];
    EXPECT_LE(best["days"].get<int>(), 10);
    EXPECT_TRUE(best["startTime"].get<std::string>().starts_with("2026-06-01T")) << best["startTime"];
    EXPECT_FALSE(best["dayByDay"].empty());
    EXPECT_EQ(best["dayByDay"][0]["day"], 1);
  } else {
    EXPECT_FALSE(j["shortfall"].is_null()) << "no tour and no shortfall";
  }
  // One tour asked, one at most answered; travellers get their verdicts.
  auto const one = get(std::string{kCorridor} + "&tours=1&travellers=CN,de:service&dayStart=07:30&dayEnd=22:00&overnight=false");
  ASSERT_EQ(one.status, 200U) << one.body;
  EXPECT_LE(json::parse(one.body)["tours"].size(), 1U);
}

TEST_F(Tours, EachFormatHasItsContentType) {
  auto const ics = get(std::string{kCorridor} + "&format=ics");
  ASSERT_EQ(ics.status, 200U) << ics.body;
  EXPECT_EQ(ics.header("content-type"), "text/calendar; charset=utf-8");
  EXPECT_EQ(ics.header("content-disposition"), "attachment; filename=\"caravan-tour.ics\"");
  EXPECT_TRUE(ics.body.starts_with("BEGIN:VCALENDAR\r\n")) << ics.body.substr(0, 200);
  EXPECT_NE(ics.body.find("BEGIN:VTIMEZONE\r\nTZID:Asia/Almaty\r\n"), std::string::npos);
  EXPECT_TRUE(ics.body.ends_with("END:VCALENDAR\r\n"));
  // The same request gives the same UIDs (a calendar updates what it imported).
  auto const again = get(std::string{kCorridor} + "&format=ics");
  auto const uid = [](std::string const& body) { return body.substr(body.find("UID:"), body.find("@caravan") - body.find("UID:")); };
  EXPECT_EQ(uid(ics.body), uid(again.body));

  auto const geo = get(std::string{kCorridor} + "&format=geojson");
  ASSERT_EQ(geo.status, 200U) << geo.body;
  EXPECT_EQ(geo.header("content-type"), "application/geo+json");
  auto const g = json::parse(geo.body);
  EXPECT_EQ(g["type"], "FeatureCollection");
  std::size_t sites = 0;
  for (auto const& f : g["features"]) {
    if (f["properties"]["kind"] == "site") {
      ++sites;
      auto const& c = f["geometry"]["coordinates"];
      EXPECT_GT(c[0].get<double>(), 45.0) << "longitude first";  // Kazakhstan: lon 46..87, lat 40..56
      EXPECT_LT(c[1].get<double>(), 56.0);
    }
  }
  // Each site the best tour visits, drawn or said to have no coordinates.
  auto const best = json::parse(get(kCorridor).body)["tours"][0];
  EXPECT_EQ(sites + g["caravan"]["sitesWithoutCoordinates"].size(), best["order"].size());

  auto const page = get(std::string{kCorridor} + "&format=html");
  ASSERT_EQ(page.status, 200U) << page.body;
  EXPECT_EQ(page.header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(page.body.find("<html lang=\"en\">"), std::string::npos);
  auto const named = get(std::string{kCorridor} + "&travellers=CN&format=html");
  EXPECT_NE(named.body.find("<td>CN (ordinary)</td>"), std::string::npos) << "the verdicts name their traveller";
  EXPECT_NE(page.body.find("Day 1 &ndash; 2026-06-01"), std::string::npos);
  EXPECT_EQ(page.body.find("<script"), std::string::npos);
}

TEST_F(Tours, BadRequestsAre400NamingTheParameter) {
  struct bad {
    std::string query_, code_, parameter_, says_;
  };
  std::string const base = "/api/v1/tours/plan?";
  std::vector<bad> const cases{
      {"time=2026-06-01T08:00&theme=corridor:KZ&days=5", "missing_parameter", "start", "start"},
      {"start=Almaty&theme=corridor:KZ&days=5", "missing_parameter", "time", "time"},
      {"start=Almaty&time=2026-06-01T08:00&theme=corridor:KZ", "missing_parameter", "days", "days"},
      {"start=Almaty&time=2026-06-01T08:00&days=5", "missing_parameter", "sites", "sites"},
      {"start=Almaty&time=2026-06-01T08:00&theme=corridor:KZ&days=0", "invalid_parameter", "days", "between 1 and 30"},
      {"start=Almaty&time=2026-06-01T08:00&theme=corridor:KZ&days=31", "invalid_parameter", "days", "between 1 and 30"},
      {"start=Almaty&time=2026-06-01T08:00&theme=corridor:KZ&days=x", "invalid_parameter", "days", "whole number"},
      {"start=Almaty&time=2026-06-01T08:00&sites=kz_no_such_site&days=5", "invalid_parameter", "sites", "kz_no_such_site"},
      {"start=Almaty&time=2026-06-01T08:00&theme=corridor:KZ&days=5&dayStart=8am", "invalid_parameter", "dayStart", "HH:MM"},
      {"start=Almaty&time=2026-06-01T08:00&theme=corridor:KZ&days=5&dayStart=25:00", "invalid_parameter", "dayStart", "HH:MM"},
      {"start=Almaty&time=2026-06-01T08:00&theme=corridor:KZ&days=5&dayStart=20:00&dayEnd=09:00", "invalid_parameter", "dayEnd",
       "dayEnd"},
      {"start=Almaty&time=2026-06-01T08:00&theme=corridor:KZ&days=5&tours=9", "invalid_parameter", "tours", "between 1 and 5"},
      {"start=Almaty&time=2026-06-01T08:00&theme=corridor:KZ&days=5&format=xml", "invalid_parameter", "format", "xml"},
      {"start=Almaty&time=2026-06-01T08:00&theme=corridor:KZ&days=5&tour=1", "invalid_parameter", "tour", "format"},
      {"start=Almaty&time=2026-06-01T08:00&theme=corridor:KZ&days=5&groupOperator=x", "missing_parameter", "group", "group"},
      {"start=Almaty&time=2026-06-01T08:00&theme=corridor:KZ&days=5&travellers=XX1", "invalid_parameter", "travellers", ""},
      {"start=Almaty&time=2026-06-01T08:00&theme=corridor:KZ&days=5&modes=boat", "invalid_modes", "modes", "boat"},
      {"start=Almaty&time=2026-06-01T08:00&theme=corridor:KZ&days=5&overnight=maybe", "invalid_parameter", "overnight", "true or false"},
      {"start=Almaty&time=2026-06-01T08:00&theme=corridor:KZ&days=5&day=1", "unknown_parameter", "day", "day"},
      {"start=Nowhere%20At%20All&time=2026-06-01T08:00&theme=corridor:KZ&days=5", "unknown_place", "start", "Nowhere"},
      {"start=Almaty&time=yesterday&theme=corridor:KZ&days=5", "invalid_time", "time", "yesterday"},
  };
  for (auto const& c : cases) {
    auto const r = get(base + c.query_);
    EXPECT_EQ(r.status, 400U) << c.query_ << ": " << r.body;
    auto const j = json::parse(r.body);
    EXPECT_EQ(j["code"], c.code_) << c.query_ << ": " << r.body;
    EXPECT_EQ(j["details"]["parameter"], c.parameter_) << c.query_ << ": " << r.body;
    EXPECT_NE(j["message"].get<std::string>().find(c.says_), std::string::npos) << c.query_ << ": " << r.body;
  }
}

// Past its deadline a tour is answered 503 deadline_exceeded, never a partial answer.
TEST_F(Tours, PastTheDeadlineIs503) {
  auto const past = server_->svc_.handle("GET", kCorridor, std::chrono::seconds{-1});
  EXPECT_EQ(past.response.status, 503U) << past.response.body;
  EXPECT_EQ(json::parse(past.response.body)["code"], "deadline_exceeded") << past.response.body;
}

}  // namespace

// Every documented status of /api/v1/tours/plan, once (the Spec test of api_test.cc calls it).
void exercise_tour_endpoints() {
  {
    test_server loaded;
    client c{loaded.port()};
    for (auto const* format : {"json", "ics", "geojson", "html"}) {
      c.get(std::string{kCorridor} + "&format=" + format);
    }
    c.get("/api/v1/tours/plan?start=Almaty");
  }
  test_server loading{test_config(), false};
  client c{loading.port()};
  auto const r = c.get(kCorridor);
  EXPECT_EQ(r.status, 503U);
  EXPECT_EQ(json::parse(r.body)["code"], "not_ready");
}

}  // namespace caravan::server::testing
