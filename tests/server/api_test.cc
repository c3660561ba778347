// Every endpoint over HTTP on the Silk Road data: answers, errors and their codes, each response
// checked against api/openapi.yaml by the client (harness.cc).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "caravan/planner/countries.h"
#include "harness.h"

namespace caravan::server::testing {
namespace {

using json = nlohmann::json;

class Api : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new test_server{}; }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static json get_json(std::string const& target, unsigned status = 200) {
    client c{server_->port()};
    auto const r = c.get(target);
    EXPECT_EQ(r.status, status) << target << ": " << r.body;
    return json::parse(r.body);
  }
  // The error body of a request that must fail: its code and parameter.
  static void expect_error(std::string const& target,
                           unsigned status,
                           std::string const& code,
                           std::string const& parameter = {}) {
    auto const body = get_json(target, status);
    EXPECT_EQ(body["code"], code) << target << ": " << body.dump();
    if (!parameter.empty()) {
      EXPECT_EQ(body["details"]["parameter"], parameter) << target << ": " << body.dump();
    }
    EXPECT_FALSE(body["message"].get<std::string>().empty());
  }
  static test_server* server_;
};
test_server* Api::server_ = nullptr;

TEST_F(Api, HealthSaysWhatIsLoaded) {
  auto const h = get_json("/health");
  EXPECT_EQ(h["status"], "ok");
  EXPECT_EQ(h["timetable"]["version"], "silkroad-2026-12");
  EXPECT_EQ(h["timetable"]["counts"]["stops"], 139);
  EXPECT_EQ(h["sites"], 45);
}

TEST_F(Api, PlanOverARoadLinkShowsTheBorderCrossingAndGeometry) {
  auto const p = get_json("/api/v1/plan?fromPlace=Kashgar&toPlace=Osh&time=2026-06-05T15:00");
  ASSERT_FALSE(p["itineraries"].empty());
  auto const& it = p["itineraries"][0];
  ASSERT_EQ(it["legs"].size(), 1U);
  auto const& leg = it["legs"][0];
  EXPECT_EQ(leg["mode"], "road");
  EXPECT_EQ(leg["crossing"]["id"], "irkeshtam");
  ASSERT_EQ(it["borderCrossings"].size(), 1U);
  auto const& x = it["borderCrossings"][0];
  EXPECT_EQ(x["fromCountry"], "CN");
  EXPECT_EQ(x["toCountry"], "KG");
  EXPECT_EQ(x["crossingId"], "irkeshtam");
  // The geometry is the two stops' points, encoded.
  EXPECT_EQ(leg["legGeometry"]["length"], 2);
  EXPECT_EQ(leg["legGeometry"]["points"],
            encode_polyline({{leg["from"]["lat"].get<double>(), leg["from"]["lon"].get<double>()},
                             {leg["to"]["lat"].get<double>(), leg["to"]["lon"].get<double>()}}));
  EXPECT_TRUE(p["bestByMode"]["train"].is_null());
  EXPECT_EQ(p["bestByMode"]["road"]["duration"], it["duration"]);
}

TEST_F(Api, PlanOnATrainAcrossABorderListsTheStopsInTwoCountries) {
  // The 2025 tourism train Xi'an - Almaty crosses at Horgos inside one trip leg.
  auto const p = get_json("/api/v1/plan?fromPlace=Xi%27an&toPlace=Almaty&time=2025-05-29T08:00&modes=rail");
  ASSERT_FALSE(p["itineraries"].empty());
  auto const& it = p["itineraries"][0];
  ASSERT_EQ(it["borderCrossings"].size(), 1U) << it.dump();
  EXPECT_EQ(it["borderCrossings"][0]["mode"], "rail");
  EXPECT_EQ(it["borderCrossings"][0]["fromCountry"], "CN");
  EXPECT_EQ(it["borderCrossings"][0]["toCountry"], "KZ");
  EXPECT_FALSE(it["borderCrossings"][0].contains("crossingId"));
  auto const& leg = it["legs"][0];
  EXPECT_EQ(leg["legGeometry"]["length"], leg["intermediateStops"].size() + 2);
  // modes=rail leaves flights, buses and roads out of bestByMode.
  EXPECT_TRUE(p["bestByMode"].contains("train"));
  EXPECT_FALSE(p["bestByMode"].contains("flight"));
}

TEST_F(Api, BestByModeShowsTheSlowerTrainBesideTheFasterFlight) {
  auto const p = get_json("/api/v1/plan?fromPlace=Almaty&toPlace=Tashkent&time=2026-06-05T06:00");
  ASSERT_FALSE(p["itineraries"].empty());
  for (auto const& it : p["itineraries"]) {
    for (auto const& l : it["legs"]) {
      EXPECT_NE(l["mode"], "rail") << "the train is slower and not in the Pareto set";
    }
  }
  auto const& train = p["bestByMode"]["train"];
  ASSERT_FALSE(train.is_null());
  EXPECT_EQ(train["legs"][0]["mode"], "rail");
  EXPECT_GT(train["duration"].get<int>(), p["bestByMode"]["flight"]["duration"].get<int>());
  EXPECT_TRUE(p["bestByMode"]["bus"].is_null());
}

TEST_F(Api, PlanFromCoordinatesStartsAtTheStopsNearby) {
  // The Almaty city point: its stations lie there.
  auto const p = get_json("/api/v1/plan?fromPlace=43.25249,76.9115&toPlace=Tashkent&time=2026-06-05T06:00");
  EXPECT_FALSE(p["from"].contains("stopId"));
  EXPECT_DOUBLE_EQ(p["from"]["lat"].get<double>(), 43.25249);
  EXPECT_FALSE(p["itineraries"].empty());
  expect_error("/api/v1/plan?fromPlace=43.0,70.0&toPlace=Tashkent", 400, "unknown_place", "fromPlace");
  expect_error("/api/v1/plan?fromPlace=95,70&toPlace=Tashkent", 400, "unknown_place", "fromPlace");
}

TEST_F(Api, PlanArriveByAndWindow) {
  auto const a =
      get_json("/api/v1/plan?fromPlace=Tashkent&toPlace=Samarkand&time=2026-06-05T12:00&arriveBy=true");
  EXPECT_TRUE(a["arriveBy"].get<bool>());
  ASSERT_FALSE(a["itineraries"].empty());
  auto const w =
      get_json("/api/v1/plan?fromPlace=Tashkent&toPlace=Samarkand&time=2026-06-05T00:00&searchWindow=86400");
  EXPECT_EQ(w["window"], 86400);
  EXPECT_GE(w["itineraries"].size(), 2U);
  auto const t =
      get_json("/api/v1/plan?fromPlace=Tashkent&toPlace=Samarkand&time=2026-06-05T06:00&travellers=KZ,cn");
  EXPECT_EQ(t["travellers"], json::array({"KZ", "CN"}));
}

TEST_F(Api, PlanErrorsNameTheParameter) {
  expect_error("/api/v1/plan?fromPlace=Kashgarx&toPlace=Osh&time=2026-06-05T15:00", 400, "unknown_place",
               "fromPlace");
  expect_error("/api/v1/plan?fromPlace=Kashgar&toPlace=Nowhere&time=2026-06-05T15:00", 400, "unknown_place",
               "toPlace");
  expect_error("/api/v1/plan?fromPlace=Kashgar&time=2026-06-05T15:00", 400, "missing_parameter", "toPlace");
  expect_error("/api/v1/plan?fromPlace=&toPlace=Osh", 400, "missing_parameter", "fromPlace");
  expect_error("/api/v1/plan?fromPlace=Kashgar&toPlace=Osh&time=2026-02-30T08:00", 400, "invalid_time",
               "time");
  expect_error("/api/v1/plan?fromPlace=Kashgar&toPlace=Osh&time=2035-01-01T08:00", 400, "invalid_time",
               "time");
  expect_error("/api/v1/plan?fromPlace=Kashgar&toPlace=Osh&time=", 400, "invalid_time", "time");
  expect_error("/api/v1/plan?fromPlace=Kashgar&toPlace=Osh&time=2026-06-05T15:00&searchWindow=700000", 400,
               "window_too_large", "searchWindow");
  expect_error("/api/v1/plan?fromPlace=Kashgar&toPlace=Osh&time=2026-06-05T15:00&searchWindow=6h", 400,
               "invalid_parameter", "searchWindow");
  expect_error(
      "/api/v1/plan?fromPlace=Kashgar&toPlace=Osh&time=2026-06-05T15:00&searchWindow=600&arriveBy=true", 400,
      "invalid_parameter", "searchWindow");
  expect_error("/api/v1/plan?fromPlace=Kashgar&toPlace=Osh&time=2026-06-05T15:00&arriveBy=yes", 400,
               "invalid_parameter", "arriveBy");
  expect_error("/api/v1/plan?fromPlace=Kashgar&toPlace=Osh&time=2026-06-05T15:00&maxTransfers=16", 400,
               "invalid_parameter", "maxTransfers");
  expect_error("/api/v1/plan?fromPlace=Kashgar&toPlace=Osh&time=2026-06-05T15:00&modes=camel", 400,
               "invalid_modes", "modes");
  expect_error("/api/v1/plan?fromPlace=Kashgar&toPlace=Osh&time=2026-06-05T15:00&travellers=KZ,XX", 400,
               "invalid_parameter", "travellers");
  expect_error("/api/v1/plan?fromPlace=Kashgar&toPlace=Osh&time=2026-06-05T15:00&fromplace=x", 400,
               "unknown_parameter", "fromplace");
}

TEST_F(Api, Stop) {
  auto const s = get_json("/api/v1/stops/almaty");
  EXPECT_EQ(s["name"], "Almaty");
  EXPECT_EQ(s["country"], "KZ");
  EXPECT_EQ(s["locationType"], "station");
  EXPECT_EQ(s["translations"]["zh"], "阿拉木图");
  EXPECT_NE(std::find(s["children"].begin(), s["children"].end(), "almaty_2"), s["children"].end());
  auto const child = get_json("/api/v1/stops/almaty_2");
  EXPECT_EQ(child["parentStation"], "almaty");
  expect_error("/api/v1/stops/nowhere", 404, "not_found", "id");
  expect_error("/api/v1/stops/almaty?lang=zh", 400, "unknown_parameter", "lang");
}

TEST_F(Api, Departures) {
  auto const d = get_json("/api/v1/stops/almaty/departures?date=2026-06-03");
  EXPECT_EQ(d["date"], "2026-06-03");
  EXPECT_EQ(d["timezone"], "Asia/Almaty");
  ASSERT_FALSE(d["departures"].empty());
  EXPECT_EQ(d["total"], d["departures"].size());
  std::string previous;
  for (auto const& x : d["departures"]) {
    EXPECT_EQ(x["time"].get<std::string>().substr(0, 10), "2026-06-03");
    EXPECT_LE(previous, x["time"].get<std::string>());
    previous = x["time"];
  }
  auto const one = get_json("/api/v1/stops/almaty/departures?date=2026-06-03&limit=1");
  EXPECT_EQ(one["departures"].size(), 1U);
  EXPECT_EQ(one["total"], d["total"]);
  expect_error("/api/v1/stops/almaty/departures?date=2026-13-01", 400, "invalid_parameter", "date");
  expect_error("/api/v1/stops/almaty/departures?date=2030-01-01", 400, "invalid_parameter", "date");
  expect_error("/api/v1/stops/almaty/departures?date=2026-06-03&limit=0", 400, "invalid_parameter", "limit");
  expect_error("/api/v1/stops/nowhere/departures?date=2026-06-03", 404, "not_found", "id");
}

TEST_F(Api, NetworkIsGeoJson) {
  auto const n = get_json("/api/v1/network");
  EXPECT_EQ(n["type"], "FeatureCollection");
  std::map<std::string, int> kinds;
  bool found_tourism_train = false;
  for (auto const& f : n["features"]) {
    auto const kind = f["properties"]["kind"].get<std::string>();
    ++kinds[kind];
    EXPECT_EQ(f["geometry"]["type"], kind == "stop" ? "Point" : "LineString");
    if (kind != "stop") {
      EXPECT_GE(f["geometry"]["coordinates"].size(), 2U);
    }
    found_tourism_train =
        found_tourism_train || (kind == "pattern" && f["properties"]["routeId"] == "y29" &&
                                f["properties"]["mode"] == "rail" && f["geometry"]["coordinates"].size() > 2);
  }
  EXPECT_EQ(kinds["stop"], 139);
  EXPECT_EQ(kinds["road"], 36);
  EXPECT_GT(kinds["pattern"], 20);
  EXPECT_TRUE(found_tourism_train);
  expect_error("/api/v1/network?bbox=1", 400, "unknown_parameter", "bbox");
}

TEST_F(Api, Datasets) {
  auto const d = get_json("/api/v1/datasets");
  EXPECT_EQ(d["timetable"]["version"], "silkroad-2026-12");
  EXPECT_EQ(d["timetable"]["validFrom"], "2025-05-01");
  EXPECT_EQ(d["timetable"]["validTo"], "2027-06-30");
  EXPECT_EQ(d["timetable"]["serviceDays"]["last"], "2027-06-30");
  EXPECT_EQ(d["timetable"]["counts"]["roadLinks"], 36);
  EXPECT_EQ(d["sites"]["count"], 45);
  expect_error("/api/v1/datasets?x=1", 400, "unknown_parameter", "x");
}

TEST_F(Api, Sites) {
  EXPECT_EQ(get_json("/api/v1/sites")["features"].size(), 45U);
  auto const kg = get_json("/api/v1/sites?country=KG");
  ASSERT_FALSE(kg["features"].empty());
  for (auto const& f : kg["features"]) {
    EXPECT_NE(f["properties"]["country"].get<std::string>().find("KG"), std::string::npos);
  }
  // Near Samarkand's city point: Samarkand first, Bukhara (about 240 km) not within 50 km.
  auto const near = get_json("/api/v1/sites?near=39.65456,66.96445&radiusKm=50");
  ASSERT_FALSE(near["features"].empty());
  EXPECT_EQ(near["features"][0]["properties"]["country"].get<std::string>().substr(0, 2), "UZ");
  for (auto const& f : near["features"]) {
    EXPECT_FALSE(f["geometry"].is_null());
    EXPECT_EQ(f["properties"]["name"].get<std::string>().find("Bukhara"), std::string::npos);
  }
  expect_error("/api/v1/sites?country=XX", 400, "invalid_parameter", "country");
  expect_error("/api/v1/sites?near=samarkand", 400, "invalid_parameter", "near");
  expect_error("/api/v1/sites?near=39.6,66.9&radiusKm=-1", 400, "invalid_parameter", "radiusKm");
  expect_error("/api/v1/sites?radiusKm=10", 400, "missing_parameter", "near");
}

TEST_F(Api, TheSpecServedIsTheFile) {
  client c{server_->port()};
  auto const r = c.get("/api/openapi.yaml");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, spec_text());
}

TEST_F(Api, MetricsCountRequestsErrorsAndQueries) {
  client c{server_->port()};
  c.get("/api/v1/plan?fromPlace=Kashgar&toPlace=Osh&time=2026-06-05T15:00");
  c.get("/api/v1/plan?fromPlace=Kashgar&toPlace=Osh&time=2026-06-05T15:00&arriveBy=true");
  c.get("/api/v1/stops/nowhere");
  auto const m = c.get("/metrics").body;
  EXPECT_NE(m.find("caravan_http_requests_total{route=\"/api/v1/plan\",status=\"200\"}"), std::string::npos)
      << m;
  EXPECT_NE(m.find("caravan_http_errors_total{route=\"/api/v1/stops/{id}\",code=\"not_found\"}"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("caravan_plan_queries_total{kind=\"depart\"}"), std::string::npos) << m;
  EXPECT_NE(m.find("caravan_plan_queries_total{kind=\"arrive_by\"}"), std::string::npos) << m;
  EXPECT_NE(m.find("caravan_http_request_duration_seconds_bucket{route=\"/api/v1/plan\",le=\"+Inf\"}"),
            std::string::npos)
      << m;
}

TEST_F(Api, UnknownRouteIs404AndWrongMethod405) {
  expect_error("/api/v1/nothing", 404, "not_found");
  expect_error("/api/v2/plan", 404, "not_found");
  client c{server_->port()};
  auto const r = c.request("POST", "/api/v1/plan", {}, "{}");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.header("allow"), "GET");
  EXPECT_EQ(json::parse(r.body)["code"], "method_not_allowed");
}

TEST_F(Api, BadQueryStringsAre400) {
  expect_error("/api/v1/plan?fromPlace=%FF%FE&toPlace=Osh", 400, "bad_request");
  expect_error("/api/v1/plan?fromPlace=%G1&toPlace=Osh", 400, "bad_request");
  expect_error("/api/v1/plan?fromPlace=Osh&toPlace=%4", 400, "bad_request");
  expect_error("/api/v1/plan?=x&toPlace=Osh", 400, "bad_request");
  expect_error("/api/v1/plan?fromPlace=a&fromPlace=b&toPlace=Osh", 400, "bad_request", "fromPlace");
  expect_error("/api/v1/plan?fromPlace=Osh%00&toPlace=Osh", 400, "bad_request");
  expect_error("/api/v1/stops/%C3%28", 400, "bad_request");
}

// The spec cannot drift from the code: every operation and response status it documents is
// exercised here (each response checked by the client), the 503s on a server still loading.
TEST(Spec, EveryDocumentedResponseIsExercisedAndConforms) {
  {
    test_server loaded;
    client c{loaded.port()};
    for (auto const* target :
         {"/health", "/metrics", "/api/openapi.yaml",
          "/api/v1/plan?fromPlace=Kashgar&toPlace=Osh&time=2026-06-05T15:00",
          "/api/v1/plan?fromPlace=Kashgar", "/api/v1/stops/almaty", "/api/v1/stops/almaty?x=1",
          "/api/v1/stops/nowhere", "/api/v1/stops/almaty/departures?date=2026-06-03",
          "/api/v1/stops/almaty/departures?date=x", "/api/v1/stops/nowhere/departures", "/api/v1/network",
          "/api/v1/network?x=1", "/api/v1/datasets", "/api/v1/datasets?x=1", "/api/v1/sites?country=CN",
          "/api/v1/sites?country=1"}) {
      c.get(target);
    }
  }
  {
    test_server loading{test_config(), false};
    client c{loading.port()};
    for (auto const* target :
         {"/health", "/api/v1/plan?fromPlace=a&toPlace=b", "/api/v1/stops/a", "/api/v1/stops/a/departures",
          "/api/v1/network", "/api/v1/datasets", "/api/v1/sites"}) {
      auto const r = c.get(target);
      EXPECT_EQ(r.status, 503) << target;
      EXPECT_EQ(json::parse(r.body)["code"], "not_ready") << target;
    }
  }
  for (auto const& [op, status] : spec().documented()) {
    EXPECT_EQ(spec().exercised().count({op, status}), 1U)
        << op << " " << status << " is documented but never exercised";
  }
}

TEST(Spec, TheValidatorCatchesWhatIsWrong) {
  openapi_check check{spec_text()};
  // A stop without its required fields, a wrong type, and a value outside an enum.
  auto const problems = check.check("GET", "/api/v1/stops/x", 200, "application/json",
                                    R"({"stopId": 1, "name": "x", "locationType": "platform"})");
  EXPECT_GE(problems.size(), 3U);
  auto const has = [&](std::string const& what) {
    return std::any_of(problems.begin(), problems.end(),
                       [&](auto const& p) { return p.find(what) != std::string::npos; });
  };
  EXPECT_TRUE(has("required property `lat`"));
  EXPECT_TRUE(has("#/stopId: integer where the schema wants string"));
  EXPECT_TRUE(has("#/locationType: \"platform\" is not in the enum"));
  EXPECT_EQ(check.check("GET", "/api/v1/datasets", 200, "application/json",
                        R"({"timetable": {}, "sites": {"file": "f", "count": 1, "secret": true}})")
                .size(),
            9U)
      << "eight required timetable properties and one undeclared";
  auto const extra = check.check("GET", "/api/v1/stops/x", 200, "application/json",
                                 R"({"stopId":"a","name":"b","lat":1,"lon":2,"timezone":"UTC","country":"",
                                     "locationType":"stop","parentStation":null,"children":[],"translations":{"zh":"x"},
                                     "extra":1})");
  ASSERT_EQ(extra.size(), 1U) << "allOf parts together declare every other property";
  EXPECT_EQ(extra[0], "#: property `extra` is not in the spec");
  EXPECT_FALSE(check.check("GET", "/api/v1/stops/x", 418, "application/json", "{}").empty());
  EXPECT_FALSE(check.check("GET", "/api/v1/stops/x", 200, "text/html", "<p>").empty());
  EXPECT_FALSE(check
                   .check("GET", "/api/v1/plan", 400, "application/json",
                          R"({"code":"oops","message":"","details":{}})")
                   .empty());
  EXPECT_TRUE(check
                  .check("GET", "/nowhere", 404, "application/json",
                         R"({"code":"not_found","message":"m","details":{}})")
                  .empty());
}

}  // namespace
}  // namespace caravan::server::testing
