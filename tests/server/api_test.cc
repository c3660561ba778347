// Every endpoint over HTTP on the Silk Road data: answers, errors and their codes, each response
// checked against api/openapi.yaml by the client (harness.cc).
#include <gtest/gtest.h>

#include <set>

#include <nlohmann/json.hpp>

#include "caravan/planner/countries.h"
#include "caravan/planner/entry.h"
#include "caravan/planner/json.h"
#include "caravan/routing/raptor.h"
#include "caravan/rules/itinerary.h"
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
  // POST a body to /api/v1/entry/check (query: "?travellers=..." or "").
  static std::pair<unsigned, json> post_trip(std::string const& body,
                                             std::string const& query = {},
                                             std::string const& content_type = "application/json") {
    client c{server_->port()};
    std::vector<std::pair<std::string, std::string>> headers;
    if (!content_type.empty()) {
      headers.emplace_back("Content-Type", content_type);
    }
    auto const r = c.request("POST", "/api/v1/entry/check" + query, headers, body);
    return {r.status, json::parse(r.body)};
  }
  static test_server* server_;
};

// Xi'an -> Almaty -> Samarkand: 36 days in Uzbekistan is over the 30 a Chinese citizen may stay.
constexpr char const* kTrip = R"({
  "stays": [
    {"country": "CN", "entry": "2025-06-01T09:00+08:00", "exit": "2025-06-03T10:00+08:00", "entry_port": "XIY"},
    {"country": "KZ", "entry": "2025-06-03T14:00+05:00", "exit": "2025-06-20T09:00+05:00", "entry_port": "ALA"},
    {"country": "UZ", "entry": "2025-06-20T12:00+05:00", "exit": "2025-07-25T18:00+05:00", "entry_port": "SKD"}
  ]
})";
test_server* Api::server_ = nullptr;

TEST_F(Api, HealthSaysWhatIsLoaded) {
  auto const h = get_json("/health");
  EXPECT_EQ(h["status"], "ok");
  EXPECT_EQ(h["timetable"]["version"], "silkroad-2027-12");  // the data a year ahead (issue 12)
  // What is loaded, however many stops and sites the data has.
  EXPECT_EQ(h["timetable"]["counts"]["stops"], silkroad()->timetable().n_stops());
  EXPECT_EQ(h["sites"], silkroad()->sites().size());
}

TEST_F(Api, PlanOverARoadLinkShowsTheBorderCrossingAndGeometry) {
  auto const p = get_json("/api/v1/plan?fromPlace=Kashgar&toPlace=Osh&time=2026-06-05T15:00");
  ASSERT_FALSE(p["itineraries"].empty());
  auto const& it = p["itineraries"][0];
  ASSERT_EQ(it["legs"].size(), 1U);
  auto const& leg = it["legs"][0];
  EXPECT_EQ(leg["mode"], "road");
  EXPECT_EQ(leg["crossing"]["id"], "irkeshtam");
  // The crossing on the day it is passed: after Friday's closing, on Monday, in Beijing time.
  EXPECT_EQ(leg["crossing"]["timezone"], "Asia/Shanghai");
  EXPECT_EQ(leg["crossing"]["date"], "2026-06-08");
  EXPECT_EQ(leg["crossing"]["hours"], "10:00-18:00");
  EXPECT_EQ(leg["crossing"]["confidence"], "estimated");
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

TEST_F(Api, PlanPastTheDataSaysWhereItEnds) {
  auto const p = get_json("/api/v1/plan?fromPlace=Almaty&toPlace=Tashkent&time=2028-01-03T08:00");
  EXPECT_TRUE(p["itineraries"].empty());
  EXPECT_EQ(p["coverageNote"], "the Silk Road data ends on 2027-12-31");
  EXPECT_FALSE(get_json("/api/v1/plan?fromPlace=Almaty&toPlace=Tashkent&time=2026-06-05T06:00").contains("coverageNote"));
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
  expect_error("/api/v1/plan?fromPlace=Kashgar&toPlace=Osh&time=2026-06-05T15:00&travellers=CN:tourist", 400,
               "invalid_parameter", "travellers");
  expect_error(
      "/api/v1/plan?fromPlace=Kashgar&toPlace=Osh&time=2026-06-05T15:00&travellers=CN:ordinary:1960-13-01",
      400, "invalid_parameter", "travellers");
  expect_error("/api/v1/plan?fromPlace=Kashgar&toPlace=Osh&time=2026-06-05T15:00&travellers=CN,", 400,
               "invalid_parameter", "travellers");
  expect_error("/api/v1/plan?fromPlace=Kashgar&toPlace=Osh&time=2026-06-05T15:00&onlyVisaFree=true", 400,
               "missing_parameter", "travellers");
  expect_error(
      "/api/v1/plan?fromPlace=Kashgar&toPlace=Osh&time=2026-06-05T15:00&travellers=CN&onlyVisaFree=1", 400,
      "invalid_parameter", "onlyVisaFree");
  expect_error("/api/v1/plan?fromPlace=Kashgar&toPlace=Osh&time=2026-06-05T15:00&fromplace=x", 400,
               "unknown_parameter", "fromplace");
}

TEST_F(Api, PlanWithTravellersGivesTheEntryVerdictsOfThePlanner) {
  auto const target =
      "/api/v1/plan?fromPlace=Kashgar&toPlace=Osh&time=2026-06-05T15:00&travellers=CN,kz:service";
  auto const p = get_json(target);
  EXPECT_EQ(p["travellers"], json::array({"CN", "KZ"}));
  ASSERT_FALSE(p["itineraries"].empty());
  auto const& entry = p["itineraries"][0]["entry"];
  ASSERT_EQ(entry.size(), 1U) << entry.dump();
  EXPECT_EQ(entry[0]["country"], "KG");
  EXPECT_EQ(entry[0]["from"], "CN");
  EXPECT_EQ(entry[0]["port"], "irkeshtam");
  ASSERT_EQ(entry[0]["travellers"].size(), 2U);
  EXPECT_EQ(entry[0]["travellers"][0]["nationality"], "CN");
  EXPECT_EQ(entry[0]["travellers"][1]["nationality"], "KZ");
  EXPECT_EQ(entry[0]["travellers"][1]["passport"], "service");
  // The Chinese traveller's sentences also as messages: the e-visa to get, and what to arrange with the
  // data's own translations (the reply's shape is checked against the spec by the client).
  auto const& cn = entry[0]["travellers"][0];
  ASSERT_EQ(cn["reasonMessages"].size(), cn["reasons"].size()) << cn.dump();
  ASSERT_FALSE(cn["reasonMessages"].empty()) << cn.dump();
  EXPECT_EQ(cn["reasonMessages"][0]["code"], "e_visa_needed_arrange");
  EXPECT_EQ(cn["reasonMessages"][0]["text"], cn["reasons"][0]);
  ASSERT_EQ(cn["beforeDepartureMessages"].size(), cn["beforeDeparture"].size()) << cn.dump();
  auto const& todo = cn["beforeDepartureMessages"][0];
  EXPECT_EQ(todo["code"], "arrange_at_least_working");
  EXPECT_EQ(todo["params"]["days"], 3);
  EXPECT_EQ(todo["params"]["what"][0]["code"], "rules_text");
  EXPECT_EQ(todo["params"]["what"][0]["texts"]["zh"], "在 evisa.e-gov.kg 申请电子签证");
  EXPECT_TRUE(todo["params"]["what"][0]["texts"].contains("ru"));
  EXPECT_EQ(cn["conditionMessages"].size(), cn["conditions"].size());
  // Exactly what the planner's check_entry and to_json give (the CLI's `route --traveller --json`).
  auto const& d = *silkroad();
  planner::plan_request pr;
  pr.from_ = "Kashgar";
  pr.to_ = "Osh";
  pr.time_ = "2026-06-05T15:00";
  auto const state = routing::make_search_state();
  auto const answer = d.planner().plan(pr, *state);
  ASSERT_EQ(answer.itineraries_.size(), p["itineraries"].size());
  std::vector<rules::traveller> people{rules::parse_traveller_spec("CN"),
                                       rules::parse_traveller_spec("KZ:service")};
  for (std::size_t i = 0; i != answer.itineraries_.size(); ++i) {
    auto const expected =
        planner::to_json(planner::check_entry(answer.itineraries_[i], d.rules(), people), people);
    EXPECT_EQ(p["itineraries"][i]["entry"], json::parse(expected.dump())) << i;
  }
  EXPECT_EQ(p["bestByMode"]["road"]["entry"], p["itineraries"][0]["entry"]);
  // Without travellers there is no entry; a journey inside one country enters none.
  EXPECT_FALSE(
      get_json("/api/v1/plan?fromPlace=Kashgar&toPlace=Osh&time=2026-06-05T15:00")["itineraries"][0].contains(
          "entry"));
  auto const inside =
      get_json("/api/v1/plan?fromPlace=Tashkent&toPlace=Samarkand&time=2026-06-05T06:00&travellers=CN");
  ASSERT_FALSE(inside["itineraries"].empty());
  EXPECT_EQ(inside["itineraries"][0]["entry"], json::array());
}

TEST_F(Api, OnlyVisaFreeKeepsTheJourneysEveryTravellerMayMake) {
  auto const base =
      std::string{"/api/v1/plan?fromPlace=Kashgar&toPlace=Osh&time=2026-06-05T15:00&travellers="};
  auto const visa_free = [](json const& it) {
    for (auto const& e : it["entry"]) {
      for (auto const& t : e["travellers"]) {
        auto const v = t["verdict"].get<std::string>();
        if (v != "allowed" && v != "allowed_with_conditions" && v != "own_country") {
          return false;
        }
      }
    }
    return true;
  };
  for (auto const* who : {"KZ", "CN", "US", "KZ,US"}) {
    auto const all = get_json(base + who);
    auto const kept = get_json(base + who + "&onlyVisaFree=true");
    std::size_t expected = 0;
    for (auto const& it : all["itineraries"]) {
      expected += visa_free(it) ? 1 : 0;
    }
    EXPECT_EQ(kept["itineraries"].size(), expected) << who;
    // onlyVisaFree answers the no-visa set the full answer offers beside its itineraries.
    EXPECT_EQ(kept["itineraries"], all["visaFreeItineraries"]) << who;
    EXPECT_EQ(kept["closedCountries"], all["closedCountries"]) << who;
    for (auto const& it : kept["itineraries"]) {
      EXPECT_TRUE(visa_free(it)) << who << ": " << it["entry"].dump();
    }
    auto const& road = kept["bestByMode"]["road"];
    EXPECT_TRUE(road.is_null() || visa_free(road)) << who;
    EXPECT_EQ(road.is_null(), expected == 0) << who;
  }
  // Kashgar - Osh enters Kyrgyzstan: visa-free for a Kazakh citizen, a visa for a Chinese one.
  EXPECT_FALSE(get_json(base + "KZ&onlyVisaFree=true")["itineraries"].empty());
  auto const cn = get_json(base + "CN&onlyVisaFree=true");
  EXPECT_TRUE(cn["itineraries"].empty());
  EXPECT_NE(std::find(cn["closedCountries"].begin(), cn["closedCountries"].end(), "KG"), cn["closedCountries"].end());
  EXPECT_FALSE(get_json("/api/v1/plan?fromPlace=Kashgar&toPlace=Osh&time=2026-06-05T15:00").contains("visaFreeItineraries"));
  EXPECT_TRUE(cn["bestByMode"]["road"].is_null());
  EXPECT_FALSE(get_json(base + "CN")["itineraries"].empty());
  auto const off = get_json(base + "KZ&onlyVisaFree=false");
  EXPECT_EQ(off["itineraries"].size(), get_json(base + "KZ")["itineraries"].size());
}

TEST_F(Api, EntryCheckIsTheCheckCommandsJson) {
  auto const [status, r] = post_trip(kTrip, "?travellers=CN");
  ASSERT_EQ(status, 200U) << r.dump();
  ASSERT_EQ(r["travellers"].size(), 1U);
  auto const& t = r["travellers"][0];
  EXPECT_EQ(t["nationality"], "CN");
  EXPECT_FALSE(t["all_ok"].get<bool>());
  ASSERT_EQ(t["stays"].size(), 3U);
  EXPECT_EQ(t["stays"][0]["verdict"], "own_country");
  EXPECT_EQ(t["stays"][2]["country"], "UZ");
  EXPECT_EQ(t["stays"][2]["verdict"], "limit_exceeded");
  EXPECT_GT(t["stays"][2]["over_by_days"].get<int>(), 0);
  // The reasons also as messages, with the dates and numbers as parameters.
  auto const& uz = t["stays"][2];
  ASSERT_EQ(uz["reason_messages"].size(), uz["reasons"].size()) << uz.dump();
  auto const& why = uz["reason_messages"][0];
  EXPECT_EQ(why["code"], "exit_after_latest_window") << why.dump();
  EXPECT_EQ(why["params"]["exit"], "2025-07-25");
  EXPECT_EQ(why["params"]["latest"], uz["latest_exit"]);
  EXPECT_EQ(why["params"]["days"], uz["over_by_days"]);
  EXPECT_EQ(why["params"]["limits"][0]["code"], "limit_stay_days");
  EXPECT_EQ(why["text"], uz["reasons"][0]);
  EXPECT_EQ(uz["note_messages"].size(), uz["notes"].size());
  EXPECT_EQ(t["before_departure_messages"].size(), t["before_departure"].size());
  // The body's travellers come first, then those of the query; the answer is rules::to_json's.
  auto trip = rules::parse_trip(kTrip, "t");
  auto body = json::parse(kTrip);
  body["travellers"] = json::array({{{"name", "Li"}, {"nationality", "KZ"}}});
  auto const [s2, both] = post_trip(body.dump(), "?travellers=CN:service");
  ASSERT_EQ(s2, 200U) << both.dump();
  ASSERT_EQ(both["travellers"].size(), 2U);
  EXPECT_EQ(both["travellers"][0]["name"], "Li");
  EXPECT_EQ(both["travellers"][1]["passport"], "service");
  std::vector<rules::traveller> people{rules::parse_traveller_spec("KZ"),
                                       rules::parse_traveller_spec("CN:service")};
  people[0].name_ = "Li";
  auto const& rs = silkroad()->rules();
  EXPECT_EQ(both,
            json::parse(rules::to_json(people, trip.itinerary_, rules::check(rs, people, trip.itinerary_))));
  // A charset parameter is fine.
  EXPECT_EQ(post_trip(kTrip, "?travellers=CN", "application/json; charset=utf-8").first, 200U);
}

TEST_F(Api, EntryCheckErrors) {
  auto const expect = [](std::pair<unsigned, json> const& r, unsigned status, std::string const& code,
                         std::string const& parameter = {}) {
    EXPECT_EQ(r.first, status) << r.second.dump();
    EXPECT_EQ(r.second["code"], code) << r.second.dump();
    if (!parameter.empty()) {
      EXPECT_EQ(r.second["details"]["parameter"], parameter) << r.second.dump();
    }
  };
  // Malformed JSON and a bad trip: the rules parser's message, with line and JSON path, in details.body.
  auto const broken = post_trip("{\"stays\": [", "?travellers=CN");
  expect(broken, 400, "invalid_body");
  EXPECT_NE(broken.second["details"]["body"].get<std::string>().find("not valid JSON"), std::string::npos)
      << broken.second.dump();
  auto const bad_date = post_trip(R"({"stays": [
    {"country": "KZ", "entry": "2025-06-03", "exit": "2025-06-20"},
    {"country": "UZ", "entry": "2025-06-31T10:00", "exit": "2025-07-25"}]})",
                                  "?travellers=CN");
  expect(bad_date, 400, "invalid_body");
  auto const where = bad_date.second["details"]["body"].get<std::string>();
  EXPECT_NE(where.find("body:3"), std::string::npos) << where;
  EXPECT_NE(where.find("/stays/1/entry"), std::string::npos) << where;
  EXPECT_NE(bad_date.second["message"].get<std::string>().find("/stays/1/entry"), std::string::npos);
  expect(post_trip(R"({"stays": [{"country": "KZ", "entry": "2025-06-20", "exit": "2025-06-03"}]})",
                   "?travellers=CN"),
         400, "invalid_body");
  expect(post_trip(R"({"stays": [], "hotel": "x"})", "?travellers=CN"), 400, "invalid_body");
  expect(post_trip("", "?travellers=CN"), 400, "invalid_body");
  expect(post_trip("{\"travellers\": [{\"name\": \"\xFF\", \"nationality\": \"CN\"}], \"stays\": []}"), 400,
         "invalid_body");
  expect(post_trip(kTrip), 400, "missing_parameter", "travellers");
  expect(post_trip(kTrip, "?travellers=CN:tourist"), 400, "invalid_parameter", "travellers");
  expect(post_trip(kTrip, "?traveller=CN"), 400, "unknown_parameter", "traveller");
  // Content type: JSON only.
  expect(post_trip(kTrip, "?travellers=CN", "text/plain"), 415, "unsupported_media_type");
  expect(post_trip(kTrip, "?travellers=CN", "application/x-www-form-urlencoded"), 415,
         "unsupported_media_type");
  expect(post_trip(kTrip, "?travellers=CN", ""), 415, "unsupported_media_type");
  // GET is not this operation; POST is not another's.
  client c{server_->port()};
  auto const get = c.get("/api/v1/entry/check?travellers=CN");
  EXPECT_EQ(get.status, 405U);
  EXPECT_EQ(get.header("allow"), "POST");
  EXPECT_EQ(json::parse(get.body)["code"], "method_not_allowed");
}

TEST_F(Api, EntryCheckBodyOverTheLimitIs413) {
  client c{server_->port()};
  auto const r =
      c.request("POST", "/api/v1/entry/check?travellers=CN", {{"Content-Type", "application/json"}},
                std::string(test_config().limits_.body_bytes_ + 1, ' '));
  EXPECT_EQ(r.status, 413U);
  EXPECT_EQ(json::parse(r.body)["code"], "body_too_large");
}

// Issue 13: an entry check's work is bounded. Over a limit of stays, travellers or their product is a 400
// naming the body or the parameter; at the limits the answer stays within its size bound.
TEST_F(Api, EntryCheckWorkIsBounded) {
  auto const stays = [](int n) {
    std::string out;
    for (int i = 0; i != n; ++i) {
      out += std::string{i == 0 ? "" : ","} + R"({"country":"KZ","entry":"2025-06-01","exit":"2025-06-01"})";
    }
    return "{\"stays\":[" + out + "]}";
  };
  auto const many = [](int n, std::string const& spec) {
    std::string out;
    for (int i = 0; i != n; ++i) {
      out += (i == 0 ? "" : ",") + spec;
    }
    return out;
  };
  // The report of the issue: 1,103 one-day stays in a 64 KB body, 2,000 travellers in the query.
  auto const body = stays(1103);
  ASSERT_LT(body.size(), 64U * 1024U);
  auto const too_many_stays = post_trip(body, "?travellers=CN");
  EXPECT_EQ(too_many_stays.first, 400U);
  EXPECT_EQ(too_many_stays.second["code"], "invalid_body");
  EXPECT_NE(too_many_stays.second["details"]["body"].get<std::string>().find("1103 stays; at most 1000"), std::string::npos)
      << too_many_stays.second.dump();
  auto const crowd = post_trip(stays(3), "?travellers=" + many(2000, "CN"));
  EXPECT_EQ(crowd.first, 400U);
  EXPECT_EQ(crowd.second["code"], "invalid_parameter");
  EXPECT_EQ(crowd.second["details"]["parameter"], "travellers");
  EXPECT_NE(crowd.second["message"].get<std::string>().find("2000 travellers; at most 50"), std::string::npos);
  // Travellers in the body count too, alone and with the query's.
  auto const in_body = post_trip("{\"travellers\":[" + many(51, R"({"nationality":"CN"})") + "],\"stays\":[" +
                                 R"({"country":"KZ","entry":"2025-06-01","exit":"2025-06-02"}]})");
  EXPECT_EQ(in_body.first, 400U);
  EXPECT_EQ(in_body.second["code"], "invalid_body");
  auto const both = post_trip("{\"travellers\":[" + many(30, R"({"nationality":"CN"})") + "],\"stays\":[" +
                                  R"({"country":"KZ","entry":"2025-06-01","exit":"2025-06-02"}]})",
                              "?travellers=" + many(30, "DE"));
  EXPECT_EQ(both.first, 400U);
  EXPECT_EQ(both.second["details"]["parameter"], "travellers");
  // Each within its limit, but together over the budget of stay checks.
  auto const product = post_trip(stays(1000), "?travellers=" + many(6, "CN"));
  EXPECT_EQ(product.first, 400U);
  EXPECT_EQ(product.second["code"], "query_too_expensive");
  EXPECT_EQ(product.second["details"]["parameter"], "travellers");
  // At the limits: answered, within the answer's size bound.
  client c{server_->port()};
  auto const full = c.request("POST", "/api/v1/entry/check?travellers=" + many(5, "CN"),
                              {{"Content-Type", "application/json"}}, stays(1000));
  EXPECT_EQ(full.status, 200U);
  EXPECT_LT(full.body.size(), api_limits::kMaxCheckAnswer);
  EXPECT_EQ(json::parse(full.body)["travellers"].size(), 5U);
}

// A request past its deadline is answered 503 deadline_exceeded, never a truncated 200: the entry
// check, and a plan whose search is stopped (routing::stop_condition) at its first round.
TEST_F(Api, PastTheDeadlineIs503) {
  auto const past = std::chrono::seconds{-1};
  auto const check = server_->svc_.handle("POST", "/api/v1/entry/check?travellers=CN", past, "application/json", kTrip);
  EXPECT_EQ(check.response.status, 503U);
  EXPECT_EQ(json::parse(check.response.body)["code"], "deadline_exceeded") << check.response.body;
  for (auto const* target : {"/api/v1/plan?fromPlace=Kashgar&toPlace=Osh&time=2026-06-05T15:00",
                             "/api/v1/plan?fromPlace=Almaty&toPlace=Tashkent&time=2026-06-05T08:00&searchWindow=604800&maxTransfers=15",
                             "/api/v1/plan?fromPlace=Almaty&toPlace=Tashkent&time=2026-06-05T08:00&travellers=CN"}) {
    auto const plan = server_->svc_.handle("GET", target, past);
    EXPECT_EQ(plan.response.status, 503U) << target;
    auto const j = json::parse(plan.response.body);
    EXPECT_EQ(j["code"], "deadline_exceeded") << target;
    EXPECT_NE(j["message"].get<std::string>().find("deadline"), std::string::npos);
  }
  // With time left, the same requests answer.
  EXPECT_EQ(server_->svc_.handle("POST", "/api/v1/entry/check?travellers=CN", std::chrono::seconds{60},
                                 "application/json", kTrip).response.status, 200U);
  EXPECT_EQ(server_->svc_.handle("GET", "/api/v1/plan?fromPlace=Kashgar&toPlace=Osh&time=2026-06-05T15:00",
                                 std::chrono::seconds{60}).response.status, 200U);
}

// A number of 400 digits is a 400 naming line and JSON path with the number shortened, not a 500 with
// the whole number on stderr; nothing the client sent reaches stderr.
TEST_F(Api, AHugeNumberInTheBodyIsAnInvalidBody) {
  auto const body = "{\n  \"stays\": [\n    {\"country\": \"KZ\", \"entry\": \"2025-06-01\", \"exit\": \"2025-06-02\",\n"
                    "     \"group_tour\": {\"size\": " + std::string(400, '9') + "}}\n  ]\n}";
  ::testing::internal::CaptureStderr();
  auto const r = server_->svc_.handle("POST", "/api/v1/entry/check?travellers=CN", std::chrono::seconds{60},
                                      "application/json", body);
  auto const err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(err, "");
  EXPECT_EQ(r.response.status, 400U);
  auto const j = json::parse(r.response.body);
  EXPECT_EQ(j["code"], "invalid_body");
  auto const where = j["details"]["body"].get<std::string>();
  EXPECT_NE(where.find("body:4:"), std::string::npos) << where;
  EXPECT_NE(where.find("/stays/0/group_tour/size: the number 9999"), std::string::npos) << where;
  EXPECT_LT(r.response.body.size(), 600U) << r.response.body;
  // Over HTTP too (the reply checked against the spec).
  auto const http = post_trip(body, "?travellers=CN");
  EXPECT_EQ(http.first, 400U);
  // Long values quoted in messages are shortened: a country code of 20,000 bytes, a long traveller spec.
  auto const long_country = post_trip("{\"stays\": [{\"country\": \"" + std::string(20'000, 'Q') +
                                      R"(", "entry": "2025-06-01", "exit": "2025-06-02"}]})",
                                      "?travellers=CN");
  EXPECT_EQ(long_country.first, 400U);
  EXPECT_LT(long_country.second.dump().size(), 1000U);
  auto const long_spec = post_trip(kTrip, "?travellers=CN:" + std::string(5'000, 'x'));
  EXPECT_EQ(long_spec.first, 400U);
  EXPECT_LT(long_spec.second.dump().size(), 1000U);
}

// The plan's cost estimate (docs/server.md): the issue's expensive nyc-mta-subway plan (a week's window,
// 15 transfers, with travellers: six searches) is admitted, the same on the merged NYC feed is not.
TEST(PlanCost, AdmitsTheSubwayWeekAndRefusesTheMergedFeed) {
  EXPECT_LT(plan_cost(565'093, 604'800, 15, 6), api_limits::kPlanBudget);
  EXPECT_GT(plan_cost(8'000'304, 604'800, 15, 6), api_limits::kPlanBudget);
  EXPECT_LT(plan_cost(8'000'304, 0, 7, 5), api_limits::kPlanBudget);
  EXPECT_EQ(plan_cost(100, 0, 0, 1), 100.0);
}

TEST_F(Api, StopSearch) {
  auto const s = get_json("/api/v1/stops?q=%D0%A2%D0%B0%D1%88%D0%BA%D0%B5%D0%BD%D1%82");  // Ташкент
  EXPECT_EQ(s["text"], "Ташкент");
  EXPECT_TRUE(s["near"].is_null());
  ASSERT_FALSE(s["matches"].empty());
  EXPECT_EQ(s["matches"][0]["stopId"], "tashkent");
  EXPECT_EQ(s["matches"][0]["match"], "exact");
  EXPECT_TRUE(s["matches"][0]["distanceKm"].is_null());
  // The planner's search and its JSON, as `caravan stops search --json`.
  auto const& d = *silkroad();
  tt::latlng const almaty{43.25, 76.91};
  auto const near = get_json("/api/v1/stops?q=south&near=43.25,76.91&limit=2");
  EXPECT_EQ(
      near,
      json::parse(
          planner::to_json(d.timetable(), "south", almaty, d.search().search("south", almaty, 2)).dump()));
  EXPECT_EQ(near["matches"].size(), 2U);
  EXPECT_FALSE(near["matches"][0]["distanceKm"].is_null());
  EXPECT_EQ(get_json("/api/v1/stops?q=alma-ata")["matches"][0]["match"], "fuzzy");
  EXPECT_EQ(get_json("/api/v1/stops?q=zzzzzzzz")["matches"], json::array());
  expect_error("/api/v1/stops", 400, "missing_parameter", "q");
  expect_error("/api/v1/stops?q=", 400, "missing_parameter", "q");
  expect_error("/api/v1/stops?q=%2C%2C", 400, "invalid_parameter", "q");
  expect_error("/api/v1/stops?q=tash&near=95,10", 400, "invalid_parameter", "near");
  expect_error("/api/v1/stops?q=tash&near=almaty", 400, "invalid_parameter", "near");
  expect_error("/api/v1/stops?q=tash&limit=0", 400, "invalid_parameter", "limit");
  expect_error("/api/v1/stops?q=tash&limit=1001", 400, "invalid_parameter", "limit");
  expect_error("/api/v1/stops?q=tash&limit=ten", 400, "invalid_parameter", "limit");
  expect_error("/api/v1/stops?q=tash&lang=ru", 400, "unknown_parameter", "lang");
}

TEST_F(Api, Stop) {
  auto const s = get_json("/api/v1/stops/almaty");
  EXPECT_EQ(s["name"], "Almaty");
  EXPECT_EQ(s["country"], "KZ");
  EXPECT_EQ(s["locationType"], "station");
  EXPECT_EQ(s["translations"]["zh"], "阿拉木图");
  // Its stops (railway station, airport, ...), in stop order: those whose parent station it is.
  auto const& tt = silkroad()->timetable();
  auto const almaty = tt.find_stop("almaty").value();
  json children = json::array();
  for (std::uint32_t i = 0; i != tt.n_stops(); ++i) {
    if (tt.stop(tt::stop_idx{i}).parent_ == almaty) {
      children.push_back(tt.str(tt.stop(tt::stop_idx{i}).id_));
    }
  }
  EXPECT_EQ(s["children"], children);
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
  // A station's board: its stops' departures (trains and planes), none from the station itself.
  auto const children = get_json("/api/v1/stops/almaty")["children"];
  std::set<std::string> from;
  for (auto const& x : d["departures"]) {
    EXPECT_NE(std::find(children.begin(), children.end(), x["stopId"]), children.end()) << x["stopId"];
    from.insert(x["stopId"].get<std::string>());
  }
  EXPECT_GE(from.size(), 2U);
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
    // Stops carry their station and their names by language (the map's labels and places list).
    if (kind == "stop" && f["properties"]["stopId"] == "almaty") {
      EXPECT_EQ(f["properties"]["translations"]["zh"], "阿拉木图");
      EXPECT_EQ(f["properties"]["translations"]["ru"], "Алматы");
      EXPECT_TRUE(f["properties"]["parentStation"].is_null());
    }
    if (kind == "stop" && f["properties"]["stopId"] == "almaty_ala") {
      EXPECT_EQ(f["properties"]["parentStation"], "almaty");
    }
    found_tourism_train =
        found_tourism_train || (kind == "pattern" && f["properties"]["routeId"] == "y29" &&
                                f["properties"]["mode"] == "rail" && f["geometry"]["coordinates"].size() > 2);
  }
  auto const& tt = silkroad()->timetable();
  EXPECT_EQ(kinds["stop"], static_cast<int>(tt.n_stops()));
  EXPECT_EQ(kinds["road"], static_cast<int>(tt.columns().road_links_.size()));  // border crossings and city links
  EXPECT_GT(kinds["road"], 36);
  EXPECT_GT(kinds["pattern"], 20);
  EXPECT_TRUE(found_tourism_train);
  expect_error("/api/v1/network?bbox=1", 400, "unknown_parameter", "bbox");
}

TEST_F(Api, Datasets) {
  auto const d = get_json("/api/v1/datasets");
  EXPECT_EQ(d["timetable"]["version"], "silkroad-2027-12");  // the data a year ahead (issue 12)
  EXPECT_EQ(d["timetable"]["validFrom"], "2025-05-01");
  EXPECT_EQ(d["timetable"]["validTo"], "2027-12-31");
  EXPECT_EQ(d["timetable"]["serviceDays"]["last"], "2027-12-31");
  EXPECT_EQ(d["timetable"]["tripDays"]["last"], "2027-12-31");
  EXPECT_EQ(d["timetable"]["tripDays"]["first"], "2017-09-30");
  // Each source with its as-of date.
  ASSERT_FALSE(d["timetable"]["sources"].empty());
  auto const& srcs = d["timetable"]["sources"];
  EXPECT_TRUE(std::any_of(srcs.begin(), srcs.end(), [](auto const& x) { return x["name"] == "hkcd" && x["asOf"] == "2025-06-03"; }));
  EXPECT_EQ(d["timetable"]["counts"]["roadLinks"], silkroad()->timetable().columns().road_links_.size());
  EXPECT_EQ(d["sites"]["count"], silkroad()->sites().size());
  expect_error("/api/v1/datasets?x=1", 400, "unknown_parameter", "x");
}

TEST_F(Api, Sites) {
  EXPECT_EQ(get_json("/api/v1/sites")["features"].size(), silkroad()->sites().size());  // every site loaded
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

// Every crossing's status on a day, from its weekly hours and listed closed dates (data/silkroad).
TEST_F(Api, CrossingsWithTheirStatusOnADay) {
  auto const find = [](json const& list, std::string const& id) {
    for (auto const& c : list["crossings"]) {
      if (c["id"] == id) {
        return c;
      }
    }
    ADD_FAILURE() << "no crossing " << id;
    return json{};
  };
  // A Wednesday: Irkeshtam open 10:00-18:00 Beijing time, estimated, with its position and source.
  auto const wed = get_json("/api/v1/crossings?date=2026-06-03");
  EXPECT_EQ(wed["date"], "2026-06-03");
  EXPECT_EQ(wed["crossings"].size(), silkroad()->timetable().n_crossings());
  auto const irk = find(wed, "irkeshtam");
  EXPECT_EQ(irk["status"], "open");
  EXPECT_EQ(irk["weekday"], "wednesday");
  EXPECT_EQ(irk["hours"], "10:00-18:00");
  EXPECT_EQ(irk["timezone"], "Asia/Shanghai");
  EXPECT_EQ(irk["confidence"], "estimated");
  EXPECT_EQ(irk["formalitiesSeconds"], 7200);
  EXPECT_TRUE(irk["closuresKnown"].get<bool>());
  EXPECT_NEAR(irk["lat"].get<double>(), 39.68, 1e-9);
  EXPECT_NE(irk["source"].get<std::string>().find("Location: Erkeshtam village"), std::string::npos) << irk["source"];
  EXPECT_TRUE(irk["reason"].is_null());
  EXPECT_EQ(irk["weeklyHours"]["saturday"], nullptr);
  EXPECT_EQ(irk["weeklyHours"]["monday"], "10:00-18:00");
  ASSERT_EQ(irk["week"].size(), 7U);
  EXPECT_EQ(irk["week"][3]["status"], "closed_weekday");  // Saturday the 6th
  EXPECT_EQ(irk["nextOpening"]["date"], "2026-06-04");
  // A crossing the facts give no point for: no position, said as null.
  EXPECT_TRUE(find(wed, "dostuk")["lat"].is_null());
  // A Saturday: Irkeshtam and Torugart closed that weekday, open again on Monday.
  auto const sat = get_json("/api/v1/crossings?date=2026-06-06");
  for (auto const* id : {"irkeshtam", "torugart"}) {
    auto const c = find(sat, id);
    EXPECT_EQ(c["status"], "closed_weekday") << id;
    EXPECT_TRUE(c["hours"].is_null()) << id;
    EXPECT_EQ(c["nextOpening"]["date"], "2026-06-08") << id;
    EXPECT_EQ(c["nextOpening"]["hours"], "10:00-18:00") << id;
  }
  EXPECT_EQ(find(sat, "akzhol_korday")["hours"], "00:00-24:00");  // round the clock
  // A listed holiday, with the data's reason: Spring Festival 2026 (15-23 February) at Torugart.
  auto const spring = find(get_json("/api/v1/crossings?date=2026-02-16"), "torugart");
  EXPECT_EQ(spring["status"], "closed_listed");
  EXPECT_EQ(spring["reason"], "Chinese holiday: Spring Festival");
  EXPECT_EQ(spring["nextOpening"]["date"], "2026-02-24");
  // Without a date: today at each crossing, in its own zone.
  auto const today = get_json("/api/v1/crossings");
  EXPECT_TRUE(today["date"].is_null());
  EXPECT_EQ(today["crossings"].size(), wed["crossings"].size());
  // Bad dates, in the API's error shape.
  expect_error("/api/v1/crossings?date=2026-02-30", 400, "invalid_parameter", "date");
  expect_error("/api/v1/crossings?date=tomorrow", 400, "invalid_parameter", "date");
  expect_error("/api/v1/crossings?date=", 400, "invalid_parameter", "date");
  expect_error("/api/v1/crossings?date=2031-01-01", 400, "invalid_parameter", "date");
  expect_error("/api/v1/crossings?day=2026-06-03", 400, "unknown_parameter", "day");
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
    loaded.api_.set_basemap(std::make_shared<basemap_tiles const>(basemap_tiles::from_geojson(
        R"({"type": "Polygon", "coordinates": [[[0, 0], [20, 0], [20, 20], [0, 20], [0, 0]]]})", "land")));
    client c{loaded.port()};
    for (auto const* target : {"/health",
                               "/metrics",
                               "/api/openapi.yaml",
                               "/api/v1/plan?fromPlace=Kashgar&toPlace=Osh&time=2026-06-05T15:00",
                               "/api/v1/plan?fromPlace=Kashgar",
                               "/api/v1/stops/almaty",
                               "/api/v1/stops/almaty?x=1",
                               "/api/v1/stops/nowhere",
                               "/api/v1/stops/almaty/departures?date=2026-06-03",
                               "/api/v1/stops/almaty/departures?date=x",
                               "/api/v1/stops/nowhere/departures",
                               "/api/v1/network",
                               "/api/v1/network?x=1",
                               "/api/v1/datasets",
                               "/api/v1/datasets?x=1",
                               "/api/v1/sites?country=CN",
                               "/api/v1/sites?country=1",
                               "/api/v1/crossings?date=2026-06-03",
                               "/api/v1/crossings?date=x",
                               "/api/v1/stops?q=tash",
                               "/api/v1/stops?q=",
                               "/api/v1/geocode?text=alm",
                               "/api/v1/geocode?text=",
                               "/api/v1/reverse-geocode?place=43.25,76.91",
                               "/api/v1/reverse-geocode?place=x",
                               "/api/v6/stoptimes?stopId=almaty&time=2026-06-05T03:00:00Z&n=3",
                               "/api/v6/stoptimes?stopId=almaty&n=0",
                               "/api/v6/stoptimes?stopId=nowhere",
                               "/api/v5/stoptimes?stopId=almaty&time=2026-06-05T03:00:00Z&n=3",
                               "/api/v5/stoptimes?stopId=almaty",
                               "/api/v5/stoptimes?stopId=nowhere&n=1",
                               "/api/v6/trip?tripId=x",
                               "/api/v6/trip?tripId=20260605_0_nosuchtrip",
                               "/api/v5/trip?tripId=x",
                               "/api/v5/trip?tripId=20260605_0_nosuchtrip",
                               "/api/v6/map/stops?min=43,76&max=44,77",
                               "/api/v6/map/stops?min=x&max=44,77",
                               "/api/v1/map/stops?min=43,76&max=44,77",
                               "/api/v1/map/stops?min=43,76",
                               "/api/v1/map/initial",
                               "/api/v1/map/initial?x=1",
                               "/api/v1/rentals?min=43,76&max=44,77",
                               "/api/v1/rentals?radius=x",
                               "/api/v6/one-to-all?one=almaty&time=2026-06-05T03:00:00Z&maxTravelTime=600",
                               "/api/v6/one-to-all?one=almaty",
                               "/api/v1/one-to-all?one=almaty&time=2026-06-05T03:00:00Z&maxTravelTime=600",
                               "/api/v1/one-to-all?one=almaty&maxTravelTime=600&arriveBy=true",
                               "/tiles/1/2/3.mvt",
                               "/tiles/2/2/1.mvt",
                               "/api/v6/plan?fromPlace=almaty&toPlace=tashkent&time=2026-06-05T02:00:00Z",
                               "/api/v6/plan?fromPlace=almaty",
                               "/api/v5/plan?fromPlace=almaty&toPlace=tashkent&time=2026-06-05T02:00:00Z",
                               "/api/v5/plan?fromPlace=almaty",
                               "/api/v1/entry/check"}) {
      c.get(target);
    }
    // A trip id as stoptimes gives it, read back by both trip endpoints.
    auto const board = json::parse(c.get("/api/v6/stoptimes?stopId=almaty&time=2026-06-05T03:00:00Z&n=1").body);
    auto const trip_id = board["stopTimes"][0]["tripId"].get<std::string>();
    c.get("/api/v6/trip?tripId=" + trip_id);
    c.get("/api/v5/trip?tripId=" + trip_id);
    std::vector<std::pair<std::string, std::string>> const as_json{{"Content-Type", "application/json"}};
    c.request("POST", "/api/v1/entry/check?travellers=CN", as_json, kTrip);
    c.request("POST", "/api/v1/entry/check?travellers=CN", as_json, "{");
    c.request("POST", "/api/v1/entry/check?travellers=CN", {{"Content-Type", "text/plain"}}, kTrip);
    client big{loaded.port()};  // a 413 closes the connection
    big.request("POST", "/api/v1/entry/check", as_json,
                std::string(test_config().limits_.body_bytes_ + 1, ' '));
  }
  {
    test_server loading{test_config(), false};
    client c{loading.port()};
    for (auto const* target :
         {"/health", "/api/v1/plan?fromPlace=a&toPlace=b", "/api/v1/stops/a", "/api/v1/stops/a/departures",
          "/api/v1/network", "/api/v1/datasets", "/api/v1/sites", "/api/v1/crossings", "/api/v1/stops?q=a",
          "/api/v1/geocode?text=a", "/api/v1/reverse-geocode?place=1,2", "/api/v6/plan?fromPlace=a&toPlace=b",
          "/api/v5/plan?fromPlace=a&toPlace=b", "/api/v6/stoptimes?stopId=a",
          "/api/v5/stoptimes?stopId=a&n=1", "/api/v6/trip?tripId=a", "/api/v5/trip?tripId=a",
          "/api/v6/map/stops?min=1,2&max=3,4", "/api/v1/map/stops?min=1,2&max=3,4", "/api/v1/map/initial",
          "/api/v1/rentals", "/api/v6/one-to-all?one=a&maxTravelTime=60", "/api/v1/one-to-all?one=a&maxTravelTime=60"}) {
      auto const r = c.get(target);
      EXPECT_EQ(r.status, 503) << target;
      EXPECT_EQ(json::parse(r.body)["code"], "not_ready") << target;
    }
    auto const r = c.request("POST", "/api/v1/entry/check", {{"Content-Type", "application/json"}}, kTrip);
    EXPECT_EQ(r.status, 503);
    EXPECT_EQ(json::parse(r.body)["code"], "not_ready");
  }
  exercise_register_endpoints();
  exercise_case_endpoints();
  exercise_tour_endpoints();
  exercise_stats_endpoints();
  for (auto const& [op, status] : spec().documented()) {
    EXPECT_EQ(spec().exercised().count({op, status}), 1U)
        << op << " " << status << " is documented but never exercised";
  }
}

// The request body's schema is documentation the validator cannot check on requests: the trips the
// tests send, and the example of docs/rules-format.md with every field, must conform to it.
TEST(Spec, TheTripSchemaDescribesTheTripsTheParserReads) {
  openapi_check check{spec_text()};
  auto const schema = YAML::Load(spec_text())["components"]["schemas"]["Trip"];
  auto const full = R"({
    "travellers": [
      {"name": "Li", "nationality": "CN", "passport": "ordinary", "birth_date": "1962-04-01",
       "earlier_stays": [{"country": "KZ", "entry": "2025-03-01", "exit": "2025-03-20"}]}
    ],
    "stays": [
      {"country": "CN", "entry": "2025-06-01T09:00+08:00", "exit": "2025-06-03T10:00+08:00", "entry_port": "XIY"},
      {"country": "KZ", "entry": "2025-06-03T14:00+05:00", "exit": "2025-06-20T09:00+05:00",
       "entry_port": "khorgos_road", "purpose": "tourism"},
      {"country": "KG", "entry": "2025-06-20", "exit": "2025-06-28", "onward_ticket": true,
       "group_tour": {"operator": "silk-tours", "registered": true, "size": 12}, "regions": ["Issyk-Kul"]}
    ]})";
  for (auto const* body : {kTrip, full}) {
    EXPECT_NO_THROW(rules::parse_trip(body, "body")) << body;
    std::vector<std::string> problems;
    check.validate(schema, json::parse(body), "#", problems);
    EXPECT_TRUE(problems.empty()) << problems.front();
  }
  std::vector<std::string> problems;
  check.validate(schema, json::parse(R"({"stays": [{"country": "KZ", "entry": "2025-06-01"}], "hotel": 1})"), "#",
                 problems);
  EXPECT_EQ(problems.size(), 2U) << "a stay without exit, and an undeclared property";
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
  EXPECT_EQ(check
                .check("GET", "/api/v1/datasets", 200, "application/json",
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
                         R"({"error":"m","code":"not_found","message":"m","details":{}})")
                  .empty());
}

}  // namespace
}  // namespace caravan::server::testing
