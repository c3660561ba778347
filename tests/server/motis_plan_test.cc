// MOTIS's plan (issue 14): /api/v6/plan and /api/v5/plan as MOTIS's clients call them, over the Silk Road
// data (road links, border crossings, journeys of several days) and Sacramento's feed (walks, many modes);
// every answer checked against both MOTIS specs and Caravan's own with zero violations.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <string>

#include "motis_check.h"

namespace caravan::server::testing {
namespace {

using json = nlohmann::json;

constexpr auto kAlmatyTashkent = "/api/v6/plan?time=2026-06-05T02:00:00.000Z&fromPlace=almaty&toPlace=tashkent";

class MotisPlan : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new test_server{}; }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static json get(std::string const& target, unsigned status = 200) { return motis_get(server_->port(), target, status); }
  static void expect_error(std::string const& target, std::string const& code, std::string const& parameter) {
    auto const body = get(target, 400);
    EXPECT_EQ(body["code"], code) << target << ": " << body.dump();
    EXPECT_EQ(body["details"]["parameter"], parameter) << target << ": " << body.dump();
    EXPECT_EQ(body["error"], body["message"]) << target;
  }
  static test_server* server_;
};

test_server* MotisPlan::server_ = nullptr;

std::set<std::string> modes_of(json const& plan) {
  std::set<std::string> out;
  for (auto const& it : plan["itineraries"]) {
    for (auto const& l : it["legs"]) {
      out.insert(l["mode"].get<std::string>());
    }
  }
  return out;
}

// What the clients rely on beyond the schema: a zone on every place, a name on every transit leg, the
// scheduled times equal to the times, ids unique.
void expect_client_ready(json const& plan) {
  std::set<std::string> ids;
  for (auto const* key : {"itineraries", "direct"}) {
    for (auto const& it : plan[key]) {
      EXPECT_TRUE(ids.insert(it["id"].get<std::string>()).second) << it["id"];
      for (auto const& l : it["legs"]) {
        EXPECT_FALSE(l["from"]["tz"].get<std::string>().empty());
        EXPECT_FALSE(l["to"]["tz"].get<std::string>().empty());
        EXPECT_EQ(l["startTime"], l["scheduledStartTime"]);
        EXPECT_EQ(l["endTime"], l["scheduledEndTime"]);
        EXPECT_EQ(l["realTime"], false);
        if (l["mode"] != "WALK") {
          EXPECT_FALSE(l["displayName"].get<std::string>().empty()) << l.dump();
        }
      }
    }
  }
  EXPECT_FALSE(plan["from"]["tz"].get<std::string>().empty());
  EXPECT_FALSE(plan["to"]["tz"].get<std::string>().empty());
}

TEST_F(MotisPlan, TheClientsRequestsOfTheReferenceReadme) {
  SKIP_WITHOUT_MOTIS_SPECS();
  // Transitous web UI 2.11, first search from a map click; the older full form; on search; KPublicTransport.
  for (auto const* target :
       {"/api/v6/plan?time=2026-06-05T02:00:00.000Z&fromPlace=43.2525,76.9115,0&toPlace=tashkent&withFares=true&"
        "numLegAlternatives=3&joinInterlinedLegs=false&maxMatchingDistance=250",
        "/api/v6/plan?time=2026-06-05T02:00:00Z&fromPlace=almaty&toPlace=tashkent&arriveBy=false&timetableView=true&"
        "searchWindow=900&numItineraries=5&pedestrianProfile=FOOT&detailedTransfers=true&transitModes=TRANSIT&"
        "preTransitModes=WALK&postTransitModes=WALK&directModes=WALK&maxTransfers=14&maxMatchingDistance=250&"
        "useRoutedTransfers=false&requireBikeTransport=false",
        "/api/v6/plan?time=2026-06-05T03:00:00.000Z&fromPlace=almaty&toPlace=tashkent&withFares=true&"
        "numLegAlternatives=3&joinInterlinedLegs=false&noCompulsoryReservation=false&maxMatchingDistance=250",
        "/api/v5/plan?fromPlace=43.2525,76.9115,0&toPlace=41.2646,69.2163,0&time=2026-06-05T02:00:00Z&"
        "detailedTransfers=false&detailedLegs=false&transitModes=TRANSIT&directModes=WALK&preTransitModes=WALK&"
        "postTransitModes=WALK&numItineraries=12&arriveBy=false&language=en"}) {
    auto const p = get(target);
    EXPECT_GE(p["itineraries"].size(), 5U) << target;
    expect_client_ready(p);
  }
}

TEST_F(MotisPlan, SilkRoadJourneysInMotisModesWithCaravansExtensions) {
  SKIP_WITHOUT_MOTIS_SPECS();
  auto const p = get(kAlmatyTashkent);
  ASSERT_GE(p["itineraries"].size(), 5U);
  auto const modes = modes_of(p);
  EXPECT_TRUE(modes.contains("LONG_DISTANCE"));  // Talgo 1/2 (route_type 102)
  EXPECT_TRUE(modes.contains("AIRPLANE"));
  EXPECT_TRUE(modes.contains("COACH"));  // the road link bus over Zhibek Zholy
  EXPECT_EQ(p["from"]["stopId"], "almaty");
  EXPECT_EQ(p["from"]["tz"], "Asia/Almaty");
  EXPECT_EQ(p["to"]["country"], "UZ");
  EXPECT_EQ(p["requestParameters"]["fromPlace"], "almaty");
  expect_client_ready(p);
  bool saw_train = false, saw_road = false;
  for (auto const& it : p["itineraries"]) {
    EXPECT_TRUE(it.contains("borderCrossings"));
    for (auto const& l : it["legs"]) {
      if (l["mode"] == "LONG_DISTANCE") {
        saw_train = true;
        EXPECT_EQ(l["routeShortName"], "1/2");
        EXPECT_EQ(l["displayName"], "1/2");
        EXPECT_EQ(l["routeType"], 102);
        EXPECT_EQ(l["caravanMode"], "rail");
        EXPECT_TRUE(l["tripId"].get<std::string>().rfind("202606", 0) == 0) << l["tripId"];
        EXPECT_EQ(l["from"]["scheduledDeparture"], l["startTime"]);
        EXPECT_EQ(l["to"]["scheduledArrival"], l["endTime"]);
        // Over the night: the train arrives the next day, in Tashkent's zone.
        EXPECT_EQ(l["endTime"].get<std::string>().substr(19), "+05:00");
        EXPECT_EQ(it["borderCrossings"].size(), 1U);
      }
      if (l["mode"] == "COACH") {
        saw_road = true;
        EXPECT_EQ(l["roadLink"]["mode"], "bus");
        EXPECT_FALSE(l["roadLink"]["crossingName"].get<std::string>().empty());
        EXPECT_EQ(l["confidence"], "estimated");
        EXPECT_EQ(l["estimated"], true);
        EXPECT_FALSE(l["source"].get<std::string>().empty());
      }
    }
  }
  EXPECT_TRUE(saw_train);
  EXPECT_TRUE(saw_road);
  // The best per main mode, as /api/v1/plan gives it, shaped as MOTIS itineraries.
  ASSERT_TRUE(p["bestByMode"].is_object());
  EXPECT_EQ(p["bestByMode"]["flight"]["legs"][0]["mode"], "AIRPLANE");
  // The same request, the same answer: ids are stable.
  EXPECT_EQ(get(kAlmatyTashkent), p);
}

TEST_F(MotisPlan, ACoordinatePlaceStartsAndEndsWithAWalk) {
  SKIP_WITHOUT_MOTIS_SPECS();
  // 300 m from Tashkent's city point: the journey ends with a walk to the point.
  auto const p = get("/api/v6/plan?time=2026-06-05T02:00:00Z&fromPlace=almaty&toPlace=41.2670,69.2163,0");
  ASSERT_FALSE(p["itineraries"].empty());
  EXPECT_EQ(p["to"]["vertexType"], "NORMAL");
  EXPECT_FALSE(p["to"].contains("stopId"));
  for (auto const& it : p["itineraries"]) {
    auto const& last = it["legs"].back();
    EXPECT_EQ(last["mode"], "WALK");
    EXPECT_EQ(last["to"]["vertexType"], "NORMAL");
    EXPECT_EQ(last["endTime"], it["endTime"]);
    EXPECT_GT(last["distance"].get<double>(), 100);
    EXPECT_LT(last["distance"].get<double>(), 1000);
    EXPECT_GT(last["duration"].get<int>(), 60);
  }
}

TEST_F(MotisPlan, ArriveByEndsBeforeTheTimeAndCoversTheWindow) {
  SKIP_WITHOUT_MOTIS_SPECS();
  auto const p = get("/api/v6/plan?time=2026-06-07T12:00:00%2B05:00&fromPlace=almaty&toPlace=tashkent&arriveBy=true&"
                     "searchWindow=172800&numItineraries=1");
  ASSERT_FALSE(p["itineraries"].empty());
  std::string earliest = "9999";
  for (auto const& it : p["itineraries"]) {
    EXPECT_LE(it["endTime"].get<std::string>(), "2026-06-07T12:00:00+05:00");
    earliest = std::min(earliest, it["endTime"].get<std::string>());
  }
  // searchWindow with arriveBy: arrivals back to two days before, not just the one journey asked for.
  EXPECT_LE(earliest, "2026-06-05T12:00:00+05:00");
}

TEST_F(MotisPlan, CursorsPageLaterAndEarlierWithoutOverlap) {
  SKIP_WITHOUT_MOTIS_SPECS();
  auto const first = get(kAlmatyTashkent);
  auto const later = get(std::string{kAlmatyTashkent} + "&pageCursor=" + first["nextPageCursor"].get<std::string>());
  auto const earlier = get(std::string{kAlmatyTashkent} + "&pageCursor=" + first["previousPageCursor"].get<std::string>());
  ASSERT_FALSE(later["itineraries"].empty());
  ASSERT_FALSE(earlier["itineraries"].empty());
  std::set<std::string> ids;
  std::string last_departure, first_arrival = "9999";
  for (auto const& it : first["itineraries"]) {
    ids.insert(it["id"].get<std::string>());
    last_departure = std::max(last_departure, it["startTime"].get<std::string>());
    first_arrival = std::min(first_arrival, it["endTime"].get<std::string>());
  }
  for (auto const& it : later["itineraries"]) {
    EXPECT_FALSE(ids.contains(it["id"].get<std::string>()));
    EXPECT_GT(it["startTime"].get<std::string>(), last_departure);
  }
  for (auto const& it : earlier["itineraries"]) {
    EXPECT_FALSE(ids.contains(it["id"].get<std::string>()));
    EXPECT_LT(it["endTime"].get<std::string>(), first_arrival);
  }
  // Direct connections and Caravan's per-request extras come with the first page only.
  EXPECT_FALSE(later.contains("bestByMode"));
  // Paging on from a later page goes further still.
  auto const later2 = get(std::string{kAlmatyTashkent} + "&pageCursor=" + later["nextPageCursor"].get<std::string>());
  ASSERT_FALSE(later2["itineraries"].empty());
  EXPECT_GT(later2["itineraries"][0]["startTime"].get<std::string>(), later["itineraries"].back()["startTime"].get<std::string>());
}

TEST_F(MotisPlan, TravellersGetEntryVerdictsPerItinerary) {
  SKIP_WITHOUT_MOTIS_SPECS();
  auto const p = get(std::string{kAlmatyTashkent} + "&travellers=CN,us");
  ASSERT_FALSE(p["itineraries"].empty());
  EXPECT_EQ(p["travellers"], json::parse(R"(["CN", "US"])"));
  for (auto const& it : p["itineraries"]) {
    ASSERT_TRUE(it.contains("entry")) << it["id"];
  }
  EXPECT_TRUE(p.contains("visaFreeItineraries"));
  EXPECT_TRUE(p.contains("closedCountries"));
  auto const only = get(std::string{kAlmatyTashkent} + "&travellers=CN&onlyVisaFree=true");
  for (auto const& it : only["itineraries"]) {
    EXPECT_TRUE(it.contains("entry"));
  }
}

TEST_F(MotisPlan, ModesFilterAndRoadLinksAloneAreDirectWhenAsked) {
  SKIP_WITHOUT_MOTIS_SPECS();
  auto const air = get(std::string{kAlmatyTashkent} + "&transitModes=AIRPLANE");
  ASSERT_FALSE(air["itineraries"].empty());
  EXPECT_EQ(modes_of(air), std::set<std::string>{"AIRPLANE"});
  auto const rail = get(std::string{kAlmatyTashkent} + "&transitModes=RAIL");
  ASSERT_FALSE(rail["itineraries"].empty());
  EXPECT_EQ(modes_of(rail), std::set<std::string>{"LONG_DISTANCE"});
  // The bus over the border is a road link (no timetable): a direct connection when directModes has COACH.
  auto const direct = get(std::string{kAlmatyTashkent} + "&transitModes=AIRPLANE&directModes=WALK,COACH,CAR");
  ASSERT_FALSE(direct["direct"].empty());
  for (auto const& it : direct["direct"]) {
    for (auto const& l : it["legs"]) {
      EXPECT_TRUE(l["mode"] == "COACH" || l["mode"] == "CAR" || l["mode"] == "WALK") << l["mode"];
    }
  }
  EXPECT_EQ(modes_of(direct), std::set<std::string>{"AIRPLANE"});
  // Only walking asked for: nothing Caravan can search (no street network), the places still answered.
  auto const walk = get(std::string{kAlmatyTashkent} + "&transitModes=WALK&directModes=WALK");
  EXPECT_TRUE(walk["itineraries"].empty());
  EXPECT_EQ(walk["from"]["stopId"], "almaty");
}

TEST_F(MotisPlan, CountsLanguageAndTimetableView) {
  SKIP_WITHOUT_MOTIS_SPECS();
  EXPECT_LE(get(std::string{kAlmatyTashkent} + "&maxItineraries=2")["itineraries"].size(), 2U);
  EXPECT_GE(get(std::string{kAlmatyTashkent} + "&numItineraries=9")["itineraries"].size(), 9U);
  auto const single = get(std::string{kAlmatyTashkent} + "&timetableView=false");
  EXPECT_EQ(single["debugOutput"]["rounds"], 1);
  auto const ru = get(std::string{kAlmatyTashkent} + "&language=ru");
  EXPECT_EQ(ru["to"]["name"], "Ташкент");
  for (auto const& it : get(std::string{kAlmatyTashkent} + "&maxTravelTime=720")["itineraries"]) {
    EXPECT_LE(it["duration"].get<int>(), 720 * 60);
  }
}

TEST_F(MotisPlan, ErrorsAreMotisErrorsNamingTheParameter) {
  SKIP_WITHOUT_MOTIS_SPECS();
  expect_error("/api/v6/plan?toPlace=tashkent", "missing_parameter", "fromPlace");
  expect_error("/api/v6/plan?fromPlace=almaty", "missing_parameter", "toPlace");
  expect_error("/api/v6/plan?fromPlace=almaty&toPlace=tashkent&time=2026-06-05T02:00:00.Z", "invalid_time", "time");
  expect_error("/api/v6/plan?fromPlace=almaty&toPlace=tashkent&time=tomorrow", "invalid_time", "time");
  expect_error("/api/v6/plan?fromPlace=almaty&toPlace=tashkent&transitModes=CAMEL", "invalid_parameter",
               "transitModes");
  expect_error("/api/v6/plan?fromPlace=almaty&toPlace=tashkent&pageCursor=SOON", "invalid_parameter", "pageCursor");
  expect_error("/api/v6/plan?fromPlace=almaty&toPlace=tashkent&arriveBy=maybe", "invalid_parameter", "arriveBy");
  expect_error("/api/v6/plan?fromPlace=almaty&toPlace=tashkent&numItineraries=0", "invalid_parameter",
               "numItineraries");
  expect_error("/api/v6/plan?fromPlace=91,0&toPlace=tashkent", "invalid_parameter", "fromPlace");
  expect_error("/api/v6/plan?fromPlace=1,2,x&toPlace=tashkent", "unknown_place", "fromPlace");
  expect_error("/api/v6/plan?fromPlace=nowhere-at-all&toPlace=tashkent", "unknown_place", "fromPlace");
  expect_error("/api/v6/plan?fromPlace=almaty&toPlace=tashkent&travellers=XX1", "invalid_parameter", "travellers");
  expect_error("/api/v6/plan?fromPlace=almaty&toPlace=tashkent&onlyVisaFree=true", "missing_parameter", "travellers");
  expect_error("/api/v6/plan?fromPlace=almaty&toPlace=tashkent&modes=rail", "unknown_parameter", "modes");
  expect_error("/api/v5/plan?fromPlace=almaty&toPlace=tashkent&radiuss=5", "unknown_parameter", "radiuss");
  EXPECT_TRUE(get("/api/v6/plan?fromPlace=almaty&toPlace=tashkent&time=2026-06-05T02:00:00Z&radius=5")["itineraries"].is_array());
}

// What a tester found: journeys the clients cannot show, pages that skipped journeys, cursors that led
// nowhere.
TEST_F(MotisPlan, NoItineraryWithoutLegsAndNoWalkOfNoTime) {
  SKIP_WITHOUT_MOTIS_SPECS();
  for (auto const* target : {"/api/v6/plan?fromPlace=almaty&toPlace=almaty&time=2026-06-05T02:00:00Z",
                             "/api/v6/plan?fromPlace=39.07428,63.57861&toPlace=39.07328,63.57761&"
                             "time=2026-06-05T02:00:00Z&arriveBy=true",
                             "/api/v6/plan?fromPlace=43.25249,76.9115&toPlace=tashkent&time=2026-06-05T02:00:00Z"}) {
    auto const p = get(target);
    for (auto const* key : {"itineraries", "direct"}) {
      for (auto const& it : p[key]) {
        ASSERT_FALSE(it["legs"].empty()) << target;
        for (auto const& l : it["legs"]) {
          EXPECT_GT(l["duration"].get<int>(), 0) << target << " " << l["mode"];
        }
      }
    }
    for (auto const& [mode, best] : p["bestByMode"].items()) {
      EXPECT_TRUE(best.is_null() || !best["legs"].empty()) << target << " " << mode;
    }
  }
}

TEST_F(MotisPlan, ArriveByPagesOnFromTheLastDeparture) {
  SKIP_WITHOUT_MOTIS_SPECS();
  std::string const q = "/api/v6/plan?fromPlace=almaty&toPlace=tashkent&time=2026-06-05T02:00:00Z&arriveBy=true";
  auto const first = get(q);
  ASSERT_FALSE(first["itineraries"].empty());
  auto const next = get(q + "&pageCursor=" + first["nextPageCursor"].get<std::string>());
  ASSERT_FALSE(next["itineraries"].empty());
  // The night train that leaves before the arrive-by time and arrives after it is on the next page.
  bool night_train = false;
  for (auto const& it : next["itineraries"]) {
    night_train = night_train || it["startTime"] == "2026-06-04T18:32:00+05:00";
  }
  EXPECT_TRUE(night_train) << next["itineraries"].dump().substr(0, 600);
}

TEST_F(MotisPlan, MaxItinerariesDoesNotSkipJourneysWhenPaging) {
  SKIP_WITHOUT_MOTIS_SPECS();
  std::string const q = std::string{kAlmatyTashkent} + "&numItineraries=3&maxItineraries=1";
  auto const first = get(q);
  ASSERT_EQ(first["itineraries"].size(), 1U);
  auto const next = get(q + "&pageCursor=" + first["nextPageCursor"].get<std::string>());
  ASSERT_EQ(next["itineraries"].size(), 1U);
  auto const all = get(kAlmatyTashkent);  // the first page unlimited: its second journey comes next
  ASSERT_GE(all["itineraries"].size(), 2U);
  EXPECT_EQ(next["itineraries"][0]["id"], all["itineraries"][1]["id"]);
}

TEST_F(MotisPlan, CursorsStayUsable) {
  SKIP_WITHOUT_MOTIS_SPECS();
  expect_error(std::string{kAlmatyTashkent} + "&pageCursor=LATER%7C9223372036854775807", "invalid_parameter",
               "pageCursor");
  expect_error(std::string{kAlmatyTashkent} + "&pageCursor=EARLIER%7C-9223372036854775808", "invalid_parameter",
               "pageCursor");
  expect_error(std::string{kAlmatyTashkent} + "&pageCursor=LATER%7C0", "invalid_parameter", "pageCursor");
  // Nothing searched (walking only): the cursors still stand at the time asked.
  auto const walk = get(std::string{kAlmatyTashkent} + "&transitModes=WALK");
  EXPECT_EQ(walk["nextPageCursor"], "LATER|1780624800");
  EXPECT_EQ(walk["previousPageCursor"], "EARLIER|1780624800");
  // Past the end of the data an empty page moves its cursor a search's horizon on, not a second.
  auto const end = get("/api/v6/plan?fromPlace=almaty&toPlace=tashkent&time=2027-12-31T12:00:00Z");
  auto const beyond = get("/api/v6/plan?fromPlace=almaty&toPlace=tashkent&time=2027-12-31T12:00:00Z&pageCursor=" +
                          end["nextPageCursor"].get<std::string>());
  if (beyond["itineraries"].empty()) {
    auto const at = std::stoll(beyond["nextPageCursor"].get<std::string>().substr(6));
    auto const was = std::stoll(end["nextPageCursor"].get<std::string>().substr(6));
    EXPECT_GE(at - was, 86'400);
  }
}

TEST_F(MotisPlan, ACrossingsLegIndexCountsTheWalkFromAPoint) {
  SKIP_WITHOUT_MOTIS_SPECS();
  auto const p = get("/api/v6/plan?time=2026-06-05T02:00:00Z&fromPlace=43.2525,76.9115,0&toPlace=41.2646,69.2163");
  ASSERT_FALSE(p["itineraries"].empty());
  for (auto const& it : p["itineraries"]) {
    for (auto const& c : it["borderCrossings"]) {
      auto const& l = it["legs"][c["legIndex"].get<std::size_t>()];
      EXPECT_NE(l["mode"], "WALK") << it.dump().substr(0, 400);
      // The crossing's first stop is one the leg calls at (the crossing may lie between two of its stops).
      bool on_leg = l["from"]["stopId"] == c["fromStopId"];
      for (auto const& stop : l["intermediateStops"]) {
        on_leg = on_leg || stop["stopId"] == c["fromStopId"];
      }
      EXPECT_TRUE(on_leg) << c.dump();
    }
  }
}

// A city feed: walks between stops and to coordinates, buses and light rail.
TEST(MotisPlanSacramento, WalksAndCityModesValidate) {
  SKIP_WITHOUT_MOTIS_SPECS();
  auto const data = shared_feed("sacrt");
  if (!data) {
    GTEST_SKIP() << "sacrt is not in " << shared_dir() / "gtfs" / "feeds";
  }
  test_server server{test_config(), false};
  server.api_.set_data(data);
  auto const& tt = data->timetable();
  auto const day = tt.scalars().first_day_ + 10;
  // Downtown Sacramento to near Sacramento State, on a weekday of the feed, as the web UI sends it.
  auto const when = [&] {
    auto const d = std::chrono::sys_days{std::chrono::days{day}};
    std::chrono::year_month_day const ymd{d};
    return fmt::format("{:04}-{:02}-{:02}T15:00:00.000Z", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                       static_cast<unsigned>(ymd.day()));
  }();
  auto const p = motis_get(server.port(), "/api/v6/plan?time=" + when +
                                              "&fromPlace=38.5816,-121.4944,0&toPlace=38.5610,-121.4240,0&numItineraries=3");
  ASSERT_FALSE(p["itineraries"].empty()) << p.dump().substr(0, 500);
  auto const modes = modes_of(p);
  EXPECT_TRUE(modes.contains("WALK"));
  EXPECT_TRUE(modes.contains("BUS") || modes.contains("TRAM")) << json(modes).dump();
  expect_client_ready(p);
  // A walk from the point, then a footpath on, is one walk.
  for (auto const& it : p["itineraries"]) {
    for (std::size_t i = 1; i < it["legs"].size(); ++i) {
      EXPECT_FALSE(it["legs"][i - 1]["mode"] == "WALK" && it["legs"][i]["mode"] == "WALK") << it.dump().substr(0, 500);
    }
  }
  // Two platforms 83 s apart: one direct walk, leaving at the time asked.
  auto const platforms = motis_get(server.port(), "/api/v6/plan?fromPlace=7005&toPlace=7044&time=" + when);
  ASSERT_EQ(platforms["direct"].size(), 1U) << platforms["direct"].dump().substr(0, 500);
  EXPECT_EQ(platforms["direct"][0]["legs"][0]["mode"], "WALK");
  EXPECT_EQ(platforms["direct"][0]["startTime"].get<std::string>().substr(0, 16), when.substr(0, 10) + "T08:00");
  // Nor is a walk any mode's best, in Caravan's plan either.
  client c{server.port()};
  auto const own_reply = c.get("/api/v1/plan?fromPlace=7005&toPlace=7044&time=" + when.substr(0, 19) + "Z");
  ASSERT_EQ(own_reply.status, 200U) << own_reply.body;
  auto const own = json::parse(own_reply.body);
  ASSERT_TRUE(own["bestByMode"].is_object());
  for (auto const& [mode, best] : own["bestByMode"].items()) {
    EXPECT_TRUE(best.is_null()) << mode << ": " << best.dump().substr(0, 300);
  }
  auto const later = motis_get(server.port(), "/api/v5/plan?time=" + when +
                                                  "&fromPlace=38.5816,-121.4944,0&toPlace=38.5610,-121.4240,0&pageCursor=" +
                                                  p["nextPageCursor"].get<std::string>());
  EXPECT_FALSE(later["itineraries"].empty());
}

}  // namespace
}  // namespace caravan::server::testing
