// MOTIS compatibility (issue 14): geocode, reverse-geocode, stoptimes, trip, map/stops, map/initial,
// rentals and one-to-all answered as MOTIS's specs say (../shared/reference/motis/openapi-v6-*.yaml and
// v5), every response checked against both with zero violations, besides Caravan's own spec (the harness's
// client checks that one).
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <cstdlib>
#include <limits>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include <protozero/pbf_reader.hpp>

#include "caravan/server/basemap_tiles.h"
#include "harness.h"
#include "motis_check.h"

namespace caravan::server::testing {
namespace {

using json = nlohmann::json;

// motis_get (motis_check.h), but with `undocumented_ok` a status the spec does not list for the
// operation is not counted: v5 lists no 404 for stoptimes and trip, where MOTIS answers one.
json check_motis(std::uint16_t port, std::string const& target, unsigned status = 200,
                 bool undocumented_ok = false) {
  if (!undocumented_ok) {
    return motis_get(port, target, status);
  }
  client c{port};
  auto const r = c.get(target);
  EXPECT_EQ(r.status, status) << target << ": " << r.body.substr(0, 400);
  for (auto const& [name, spec] : motis_specs()) {
    if (!spec.has_path(target)) {
      continue;
    }
    auto check = spec;  // check() records what it saw
    for (auto const& problem : check.check("GET", target, r.status, r.header("content-type"), r.body)) {
      if (problem.find("is not documented") == std::string::npos) {
        ADD_FAILURE() << name << ": GET " << target << " -> " << r.status << ": " << problem;
      }
    }
  }
  return json::parse(r.body);
}

class Motis : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new test_server{}; }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static json get(std::string const& target, unsigned status = 200, bool undocumented_ok = false) {
    return check_motis(server_->port(), target, status, undocumented_ok);
  }
  static void expect_error(std::string const& target, std::string const& code, std::string const& parameter,
                           unsigned status = 400) {
    auto const body = get(target, status, status == 404 && target.find("/api/v5/") == 0);
    EXPECT_EQ(body["code"], code) << target << ": " << body.dump();
    EXPECT_EQ(body["details"]["parameter"], parameter) << target << ": " << body.dump();
    ASSERT_TRUE(body["error"].is_string()) << target;
    EXPECT_EQ(body["error"], body["message"]) << target;
  }
  static test_server* server_;
};

test_server* Motis::server_ = nullptr;

TEST_F(Motis, TypingAPrefixFindsTheCityAsAStopMatch) {
  SKIP_WITHOUT_MOTIS_SPECS();
  auto const m = get("/api/v1/geocode?text=Alm");
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(m[0]["type"], "STOP");
  EXPECT_EQ(m[0]["id"], "almaty");
  EXPECT_EQ(m[0]["name"], "Almaty");
  EXPECT_NEAR(m[0]["lat"].get<double>(), 43.25249, 1e-4);
  EXPECT_NEAR(m[0]["lon"].get<double>(), 76.9115, 1e-4);
  EXPECT_EQ(m[0]["level"], 0);
  EXPECT_EQ(m[0]["tz"], "Asia/Almaty");
  EXPECT_EQ(m[0]["country"], "KZ");
  EXPECT_EQ(m[0]["areas"], json::array());
  EXPECT_EQ(m[0]["tokens"], json::parse("[[0, 3]]"));
  EXPECT_DOUBLE_EQ(m[0]["score"].get<double>(), 0.8);  // a prefix
  // Exactly the fields of MOTIS's Match, nothing else.
  for (auto const& [k, v] : m[0].items()) {
    EXPECT_TRUE(k == "type" || k == "tokens" || k == "name" || k == "id" || k == "lat" || k == "lon" ||
                k == "level" || k == "tz" || k == "country" || k == "areas" || k == "score")
        << k;
  }
}

TEST_F(Motis, CyrillicFindsTashkentAndLanguagePicksTheName) {
  SKIP_WITHOUT_MOTIS_SPECS();
  auto const m = get("/api/v1/geocode?text=%D0%A2%D0%B0%D1%88%D0%BA%D0%B5%D0%BD%D1%82");  // Ташкент
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(m[0]["id"], "tashkent");
  EXPECT_EQ(m[0]["name"], "Tashkent");
  EXPECT_DOUBLE_EQ(m[0]["score"].get<double>(), 1.0);
  EXPECT_EQ(m[0]["tokens"], json::parse("[[0, 7]]"));  // code points, not bytes
  auto const ru = get("/api/v1/geocode?text=tashkent&language=ru");
  ASSERT_FALSE(ru.empty());
  EXPECT_EQ(ru[0]["name"], "Ташкент");
  auto const fallback = get("/api/v1/geocode?text=tashkent&language=xx,ru");
  EXPECT_EQ(fallback[0]["name"], "Ташкент");
  EXPECT_EQ(get("/api/v1/geocode?text=tashkent&language=xx")[0]["name"], "Tashkent");
}

TEST_F(Motis, PlaceBiasPutsTheNearestFirstAmongEquallyGoodMatches) {
  SKIP_WITHOUT_MOTIS_SPECS();
  auto const plain = get("/api/v1/geocode?text=a&numResults=50");
  ASSERT_GT(plain.size(), 2U);
  for (auto const* place : {"41.2646,69.2163", "41.2646,69.2163,0", "43.2525,76.9115"}) {
    auto const near = get(std::string{"/api/v1/geocode?text=ta&place="} + place + "&placeBias=1.5");
    ASSERT_FALSE(near.empty());
    if (std::string{place}.rfind("41.", 0) == 0) {
      EXPECT_EQ(near[0]["id"], "tashkent") << place;
    } else {
      EXPECT_EQ(near[0]["id"], "taldykorgan") << place;  // of the "Ta..." places, the nearest to Almaty
    }
  }
  EXPECT_EQ(get("/api/v1/geocode?text=alm&numResults=1").size(), 1U);
}

TEST_F(Motis, ABoxAndTypesFilter) {
  SKIP_WITHOUT_MOTIS_SPECS();
  // Uzbekistan's box: Tashkent in, Taraz (Kazakhstan) out.
  auto const in_box = get("/api/v1/geocode?text=ta&min=37.0,56.0&max=41.5,70.0");
  ASSERT_FALSE(in_box.empty());
  for (auto const& m : in_box) {
    EXPECT_NE(m["id"], "taraz");
    EXPECT_LE(m["lat"].get<double>(), 41.5);
  }
  EXPECT_EQ(get("/api/v1/geocode?text=alm&type=ADDRESS,PLACE"), json::array());
  EXPECT_FALSE(get("/api/v1/geocode?text=alm&type=STOP").empty());
  EXPECT_EQ(get("/api/v1/geocode?text=zzzzqq"), json::array());
  EXPECT_EQ(get("/api/v1/geocode?text=,,"), json::array());
  EXPECT_FALSE(get("/api/v1/geocode?text=Almaty&mode=TRANSIT,WALK").empty());
  // The corners either way round, as map/stops reads them (the spec's min is the lower right).
  EXPECT_FALSE(get("/api/v1/geocode?text=Almaty&min=30,90&max=50,60").empty());
}

TEST_F(Motis, ReverseGeocodeGivesTheNearestPlacesNearestFirst) {
  SKIP_WITHOUT_MOTIS_SPECS();
  for (auto const* place : {"43.2525,76.9115", "43.2525,76.9115,0"}) {
    auto const m = get(std::string{"/api/v1/reverse-geocode?place="} + place);
    ASSERT_EQ(m.size(), 5U) << place;
    EXPECT_EQ(m[0]["id"], "almaty");
    EXPECT_EQ(m[0]["type"], "STOP");
    EXPECT_EQ(m[0]["tokens"], json::array());
    EXPECT_GT(m[0]["score"].get<double>(), 0.99);
    for (std::size_t i = 1; i != m.size(); ++i) {
      EXPECT_GE(m[i - 1]["score"].get<double>(), m[i]["score"].get<double>());
    }
  }
  EXPECT_EQ(get("/api/v1/reverse-geocode?place=41.26,69.21&numResults=1").size(), 1U);
  EXPECT_EQ(get("/api/v1/reverse-geocode?place=41.26,69.21&type=ADDRESS"), json::array());
}

TEST_F(Motis, ErrorsAreMotisErrorsWithCaravansCodes) {
  SKIP_WITHOUT_MOTIS_SPECS();
  expect_error("/api/v1/geocode", "missing_parameter", "text");
  expect_error("/api/v1/geocode?text=", "missing_parameter", "text");
  expect_error("/api/v1/geocode?text=alm&place=north", "invalid_parameter", "place");
  expect_error("/api/v1/geocode?text=alm&place=91,0", "invalid_parameter", "place");
  expect_error("/api/v1/geocode?text=alm&place=1,2,x", "invalid_parameter", "place");
  expect_error("/api/v1/geocode?text=alm&numResults=0", "invalid_parameter", "numResults");
  expect_error("/api/v1/geocode?text=alm&type=CITY", "invalid_parameter", "type");
  expect_error("/api/v1/geocode?text=alm&mode=CAMEL", "invalid_parameter", "mode");
  expect_error("/api/v1/geocode?text=alm&placeBias=much", "invalid_parameter", "placeBias");
  expect_error("/api/v1/geocode?text=alm&min=1", "invalid_parameter", "min");
  expect_error("/api/v1/geocode?text=alm&txt=x", "unknown_parameter", "txt");
  expect_error("/api/v1/reverse-geocode", "missing_parameter", "place");
  expect_error("/api/v1/reverse-geocode?place=43.25", "invalid_parameter", "place");
  expect_error("/api/v1/reverse-geocode?place=1,2&text=x", "unknown_parameter", "text");
}

// The requests of ../shared/reference/motis/README.md that reach these endpoints, as the clients send them.
TEST_F(Motis, TheClientsRequestsOfTheReferenceReadme) {
  SKIP_WITHOUT_MOTIS_SPECS();
  // Transitous web UI on typing (its `mode=...` filled with the modes it offers).
  auto const m = get("/api/v1/geocode?place=43.2525,76.9115&text=Almaty&language=en&mode=TRANSIT");
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(m[0]["id"], "almaty");
  EXPECT_FALSE(
      get("/api/v1/"
          "geocode?place=43.2525,76.9115&text=Almaty&language=en&mode=WALK,BIKE,RAIL,BUS,COACH,AIRPLANE")
          .empty());
  EXPECT_FALSE(get("/api/v1/geocode?place=43.2525,76.9115&text=Almaty&language=en").empty());
}

// --- stoptimes, trip, map, rentals, one-to-all, tiles

std::int64_t unix_of(json const& rfc3339) {
  // "2026-06-05T08:00:00+05:00" -> unix seconds (the offset applied).
  auto const s = rfc3339.get<std::string>();
  std::tm tm{};
  tm.tm_year = std::stoi(s.substr(0, 4)) - 1900;
  tm.tm_mon = std::stoi(s.substr(5, 2)) - 1;
  tm.tm_mday = std::stoi(s.substr(8, 2));
  tm.tm_hour = std::stoi(s.substr(11, 2));
  tm.tm_min = std::stoi(s.substr(14, 2));
  tm.tm_sec = std::stoi(s.substr(17, 2));
  auto t = static_cast<std::int64_t>(timegm(&tm));
  auto const zone = s.find_first_of("Z+-", 19);  // after a fraction of a second, if any
  if (zone != std::string::npos && s[zone] != 'Z') {
    auto const sign = s[zone] == '-' ? -1 : 1;
    t -= sign * (std::stoi(s.substr(zone + 1, 2)) * 3600 + std::stoi(s.substr(zone + 4, 2)) * 60);
  }
  return t;
}

// Time of a stop time: its departure, else its arrival (arrivals at a last stop have no departure).
std::int64_t event_time(json const& st, bool arrival = false) {
  auto const& p = st["place"];
  return unix_of(arrival ? p["arrival"] : p["departure"]);
}

// A page's events as (time, tripId) pairs, to compare pages.
std::vector<std::pair<std::int64_t, std::string>> keys(json const& page, bool arrival = false) {
  std::vector<std::pair<std::int64_t, std::string>> out;
  for (auto const& st : page["stopTimes"]) {
    out.emplace_back(event_time(st, arrival), st["tripId"].get<std::string>());
  }
  return out;
}

std::string url_encode(std::string const& s) {
  std::string out;
  for (auto const c : s) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.') {
      out += c;
    } else {
      out += fmt::format("%{:02X}", static_cast<unsigned char>(c));
    }
  }
  return out;
}

constexpr auto kJune5 = "2026-06-05T03:00:00.000Z";

TEST_F(Motis, TransitousDeparturesRequestListsTenDeparturesFromAlmatyInTimeOrder) {
  SKIP_WITHOUT_MOTIS_SPECS();
  auto const b = get("/api/v6/stoptimes?stopId=almaty&time=2026-06-05T03:00:00.000Z&arriveBy=false&n=10&language=en");
  ASSERT_EQ(b["stopTimes"].size(), 10U) << b.dump();
  EXPECT_EQ(b["place"]["stopId"], "almaty");
  EXPECT_EQ(b["place"]["tz"], "Asia/Almaty");
  auto const t0 = unix_of(json(kJune5));
  std::int64_t previous = t0;
  for (auto const& st : b["stopTimes"]) {
    auto const t = event_time(st);
    EXPECT_GE(t, previous) << st.dump();
    previous = t;
    EXPECT_EQ(st["place"]["departure"], st["place"]["scheduledDeparture"]);
    EXPECT_FALSE(st["displayName"].get<std::string>().empty());
    EXPECT_EQ(st["realTime"], false);
    EXPECT_EQ(st["pickupDropoffType"], "NORMAL");
    // The trip's ends are its first and last stops, and its run id reads YYYYMMDD_RUN_TRIPID.
    EXPECT_TRUE(st["tripFrom"].contains("departure"));
    EXPECT_TRUE(st["tripTo"].contains("arrival"));
    EXPECT_LE(unix_of(st["tripFrom"]["departure"]), t);
    auto const id = st["tripId"].get<std::string>();
    EXPECT_EQ(id.find('_'), 8U) << id;
    // Almaty itself or one of its stops.
    auto const stop = st["place"]["stopId"].get<std::string>();
    EXPECT_TRUE(stop == "almaty" || st["place"].value("parentId", "") == "almaty") << stop;
  }
  // v5, as KPublicTransport asks.
  auto const v5 = get("/api/v5/stoptimes?stopId=almaty&time=2026-06-05T03:00:00Z&n=10");
  EXPECT_EQ(keys(v5), keys(b));
}

TEST_F(Motis, StoptimesPageBothWaysContiguouslyWithoutOverlap) {
  SKIP_WITHOUT_MOTIS_SPECS();
  std::string const base = "/api/v6/stoptimes?stopId=almaty&n=4&time=" + std::string{kJune5};
  auto const p1 = get(base);
  ASSERT_EQ(p1["stopTimes"].size(), 4U);
  auto const p2 = get(base + "&pageCursor=" + url_encode(p1["nextPageCursor"]));
  ASSERT_EQ(p2["stopTimes"].size(), 4U);
  auto const p3 = get(base + "&pageCursor=" + url_encode(p2["nextPageCursor"]));
  ASSERT_FALSE(p3["stopTimes"].empty());
  // One board of 12 in time order, no event twice: what n=12 gives at once.
  auto all = keys(p1);
  for (auto const& p : {p2, p3}) {
    auto const k = keys(p);
    EXPECT_LE(all.back().first, k.front().first);
    all.insert(all.end(), k.begin(), k.end());
  }
  EXPECT_EQ(std::set(all.begin(), all.end()).size(), all.size());
  auto const whole = get("/api/v6/stoptimes?stopId=almaty&n=12&time=" + std::string{kJune5});
  EXPECT_EQ(keys(whole), all);
  // Back from page 3 is page 2, back from page 2 is page 1.
  EXPECT_EQ(keys(get(base + "&pageCursor=" + url_encode(p3["previousPageCursor"]))), keys(p2));
  EXPECT_EQ(keys(get(base + "&pageCursor=" + url_encode(p2["previousPageCursor"]))), keys(p1));
  // Earlier than page 1: before the time, in time order, right before page 1.
  auto const p0 = get(base + "&pageCursor=" + url_encode(p1["previousPageCursor"]));
  ASSERT_FALSE(p0["stopTimes"].empty());
  auto const k0 = keys(p0);
  EXPECT_LT(k0.back().first, unix_of(json(kJune5)));
  EXPECT_TRUE(std::is_sorted(k0.begin(), k0.end(), [](auto const& a, auto const& b) { return a.first < b.first; }));
  EXPECT_EQ(keys(get(base + "&direction=EARLIER")), k0);
}

TEST_F(Motis, ArrivalsAreEarlierByDefaultAndLaterOnRequest) {
  SKIP_WITHOUT_MOTIS_SPECS();
  auto const t0 = unix_of(json(kJune5));
  std::string const base = "/api/v6/stoptimes?stopId=almaty&arriveBy=true&n=5&time=" + std::string{kJune5};
  auto const before = get(base);
  ASSERT_EQ(before["stopTimes"].size(), 5U);
  for (auto const& st : before["stopTimes"]) {
    EXPECT_TRUE(st["place"].contains("arrival")) << st.dump();
    EXPECT_LT(event_time(st, true), t0);
    EXPECT_EQ(st["caravanEvent"], "arrival");
  }
  auto const after = get(base + "&direction=LATER");
  ASSERT_EQ(after["stopTimes"].size(), 5U);
  for (auto const& st : after["stopTimes"]) {
    EXPECT_GE(event_time(st, true), t0);
  }
  // Paging on from the later arrivals continues them.
  auto const next = get(base + "&pageCursor=" + url_encode(after["nextPageCursor"]));
  ASSERT_FALSE(next["stopTimes"].empty());
  EXPECT_LE(keys(after, true).back().first, keys(next, true).front().first);
  EXPECT_FALSE(get("/api/v5/stoptimes?stopId=almaty&arriveBy=true&n=5&time=2026-06-05T03:00:00Z")["stopTimes"].empty());
}

TEST_F(Motis, StoptimesFilterModesAndTranslateNames) {
  SKIP_WITHOUT_MOTIS_SPECS();
  std::string const base = "/api/v6/stoptimes?stopId=almaty&n=20&time=" + std::string{kJune5};
  auto const all = get(base);
  std::set<std::string> modes;
  for (auto const& st : all["stopTimes"]) {
    modes.insert(st["mode"].get<std::string>());
  }
  ASSERT_FALSE(modes.empty());
  auto const one = *modes.begin();
  auto const only = get(base + "&mode=" + one);
  ASSERT_FALSE(only["stopTimes"].empty());
  for (auto const& st : only["stopTimes"]) {
    EXPECT_EQ(st["mode"], one);
  }
  EXPECT_FALSE(get(base + "&mode=TRANSIT")["stopTimes"].empty());
  EXPECT_TRUE(get(base + "&mode=WALK")["stopTimes"].empty());
  EXPECT_EQ(get(base + "&language=ru")["place"]["name"], "Алматы");
  // Accepted and ignored.
  EXPECT_EQ(keys(get(base + "&realtimeMode=OFF&withAlerts=false&exactRadius=true&fetchStops=false&both=false"
                            "&withScheduledSkippedStops=true")),
            keys(all));
  // A window gives at least the events that close to the time.
  auto const day = get("/api/v6/stoptimes?stopId=almaty&window=86400&time=" + std::string{kJune5});
  auto const many = keys(get("/api/v6/stoptimes?stopId=almaty&n=200&time=" + std::string{kJune5}));
  auto const in_day = std::count_if(many.begin(), many.end(),
                                    [&](auto const& k) { return k.first <= unix_of(json(kJune5)) + 86'400; });
  EXPECT_GT(in_day, 0);
  EXPECT_EQ(static_cast<std::ptrdiff_t>(day["stopTimes"].size()), in_day);
  EXPECT_EQ(get("/api/v6/stoptimes?stopId=almaty&window=86400&n=20&time=" + std::string{kJune5})["stopTimes"].size(),
            20U);  // with n, whichever gives more
  // center and radius: the stops near a point when stopId is unknown.
  auto const near = get("/api/v6/stoptimes?stopId=gone&center=43.2525,76.9115&radius=3000&n=3&time=" +
                        std::string{kJune5});
  EXPECT_EQ(near["stopTimes"].size(), 3U);
}

TEST_F(Motis, ATripIdOfStoptimesIsThatRunsWholeItinerary) {
  SKIP_WITHOUT_MOTIS_SPECS();
  auto const board = get("/api/v6/stoptimes?stopId=almaty&n=3&time=" + std::string{kJune5});
  ASSERT_FALSE(board["stopTimes"].empty());
  for (auto const& st : board["stopTimes"]) {
    auto const id = st["tripId"].get<std::string>();
    for (auto const* version : {"v6", "v5"}) {
      auto const it = get(fmt::format("/api/{}/trip?tripId={}", version, url_encode(id)));
      ASSERT_EQ(it["legs"].size(), 1U) << version;
      auto const& leg = it["legs"][0];
      EXPECT_EQ(leg["from"]["stopId"], st["tripFrom"]["stopId"]) << version;
      EXPECT_EQ(leg["to"]["stopId"], st["tripTo"]["stopId"]) << version;
      EXPECT_EQ(leg["startTime"], st["tripFrom"]["departure"]);
      EXPECT_EQ(leg["endTime"], st["tripTo"]["arrival"]);
      EXPECT_EQ(leg["tripId"], id);
      EXPECT_EQ(leg["mode"], st["mode"]);
      EXPECT_EQ(it["transfers"], 0);
      EXPECT_EQ(it["startTime"], leg["startTime"]);
      EXPECT_EQ(it["duration"].get<std::int64_t>(), unix_of(it["endTime"]) - unix_of(it["startTime"]));
      EXPECT_EQ(it["id"].get<std::string>().rfind("caravan-", 0), 0U);
      // Almaty is the trip's first stop, or one it passes.
      bool passes = leg["from"]["stopId"] == st["place"]["stopId"];
      for (auto const& p : leg["intermediateStops"]) {
        passes = passes || p["stopId"] == st["place"]["stopId"];
      }
      EXPECT_TRUE(passes) << id;
    }
  }
  auto const id = board["stopTimes"][0]["tripId"].get<std::string>();
  EXPECT_EQ(get("/api/v6/trip?tripId=" + url_encode(id) + "&language=ru&detailedLegs=true&joinInterlinedLegs=false"
                "&withScheduledSkippedStops=false")["legs"].size(),
            1U);
}

// What KPublicTransport and the web UI do with a plan's leg: open its trip.
TEST_F(Motis, APlansLegTripIdOpensThatTrip) {
  SKIP_WITHOUT_MOTIS_SPECS();
  auto const plan = get("/api/v6/plan?fromPlace=almaty&toPlace=tashkent&time=2026-06-05T02:00:00Z");
  int opened = 0;
  for (auto const& it : plan["itineraries"]) {
    for (auto const& leg : it["legs"]) {
      if (!leg.contains("tripId")) {
        continue;
      }
      auto const trip = get("/api/v6/trip?tripId=" + url_encode(leg["tripId"].get<std::string>()));
      ASSERT_EQ(trip["legs"].size(), 1U);
      auto const& whole = trip["legs"][0];
      EXPECT_EQ(whole["tripId"], leg["tripId"]);
      // The plan's leg is a stretch of the whole run: it boards at or after the run's start.
      EXPECT_LE(unix_of(whole["startTime"]), unix_of(leg["startTime"]));
      EXPECT_GE(unix_of(whole["endTime"]), unix_of(leg["endTime"]));
      ++opened;
    }
  }
  EXPECT_GT(opened, 0);
}

TEST_F(Motis, MapStopsInABoxAroundAlmaty) {
  SKIP_WITHOUT_MOTIS_SPECS();
  for (auto const* path : {"/api/v6/map/stops", "/api/v1/map/stops"}) {
    // Corners either way round.
    for (auto const* box : {"min=43.0,76.5&max=43.5,77.2", "min=43.5,77.2&max=43.0,76.5"}) {
      auto const stops = get(std::string{path} + "?" + box);
      ASSERT_FALSE(stops.empty()) << path;
      bool almaty = false;
      for (auto const& p : stops) {
        EXPECT_GE(p["lat"].get<double>(), 43.0);
        EXPECT_LE(p["lat"].get<double>(), 43.5);
        EXPECT_GE(p["lon"].get<double>(), 76.5);
        EXPECT_LE(p["lon"].get<double>(), 77.2);
        almaty = almaty || p["stopId"] == "almaty";
      }
      EXPECT_TRUE(almaty) << path;
    }
  }
  auto const grouped = get("/api/v6/map/stops?min=43.0,76.5&max=43.5,77.2&grouped=true&language=ru");
  for (auto const& p : grouped) {
    EXPECT_FALSE(p.contains("parentId")) << p.dump();
  }
  auto const almaty = std::find_if(grouped.begin(), grouped.end(), [](json const& p) { return p["stopId"] == "almaty"; });
  ASSERT_NE(almaty, grouped.end());
  EXPECT_EQ((*almaty)["name"], "Алматы");
  ASSERT_FALSE((*almaty)["modes"].empty());
  auto const mode = (*almaty)["modes"][0].get<std::string>();
  for (auto const& p : get("/api/v6/map/stops?min=43.0,76.5&max=43.5,77.2&modes=" + mode)) {
    auto const& m = p["modes"];
    EXPECT_NE(std::find(m.begin(), m.end(), mode), m.end()) << p.dump();
  }
  EXPECT_TRUE(get("/api/v6/map/stops?min=43.0,76.5&max=43.5,77.2&modes=FLEX").empty());
  EXPECT_TRUE(get("/api/v6/map/stops?min=-10,-10&max=-9,-9").empty());
}

TEST_F(Motis, MapInitialCentresOnTheDataAndRentalsAreEmpty) {
  SKIP_WITHOUT_MOTIS_SPECS();
  auto const m = get("/api/v1/map/initial");
  // The Silk Road data spans China to the Caspian: the centre is in Central Asia, zoomed out.
  EXPECT_GT(m["lat"].get<double>(), 30);
  EXPECT_LT(m["lat"].get<double>(), 50);
  EXPECT_GT(m["lon"].get<double>(), 55);
  EXPECT_LT(m["lon"].get<double>(), 105);
  EXPECT_GE(m["zoom"].get<double>(), 2);
  EXPECT_LE(m["zoom"].get<double>(), 6);
  EXPECT_EQ(m["serverConfig"]["hasElevation"], false);
  EXPECT_EQ(m["serverConfig"]["maxOneToAllTravelTimeLimit"], 2880);
  auto const empty = json::parse(R"({"providerGroups": [], "providers": [], "stations": [], "vehicles": [], "zones": []})");
  EXPECT_EQ(get("/api/v1/rentals"), empty);
  EXPECT_EQ(get("/api/v1/rentals?min=43,76&max=44,77&withProviders=false&withStations=true&withVehicles=true"
                "&withZones=false&providers=a,b&providerGroups=c&point=43.2,76.9&radius=500"),
            empty);
}

TEST_F(Motis, OneToAllFromAlmatyReachesTashkentAsPlanSays) {
  SKIP_WITHOUT_MOTIS_SPECS();
  auto const r = get("/api/v6/one-to-all?one=almaty&time=2026-06-05T03:00:00.000Z&maxTravelTime=2880");
  EXPECT_EQ(r["one"]["stopId"], "almaty");
  EXPECT_EQ(unix_of(r["one"]["departure"]), unix_of(json(kJune5)));
  ASSERT_FALSE(r["all"].empty());
  std::int64_t previous = 0;
  json tashkent;
  for (auto const& p : r["all"]) {
    auto const d = p["duration"].get<std::int64_t>();
    EXPECT_GE(d, previous);
    EXPECT_LE(d, 2880);
    previous = d;
    EXPECT_EQ(d, (unix_of(p["place"]["arrival"]) - unix_of(json(kJune5)) + 59) / 60);
    if (p["place"]["stopId"] == "tashkent") {
      tashkent = p;
    }
  }
  ASSERT_FALSE(tashkent.is_null()) << "tashkent not reached within 48 h: " << r["all"].dump().substr(0, 3000);
  // Caravan's own plan finds the same earliest arrival.
  client c{server_->port()};
  auto const plan = json::parse(c.get("/api/v1/plan?fromPlace=almaty&toPlace=tashkent&time=2026-06-05T03:00Z").body);
  ASSERT_FALSE(plan["itineraries"].empty());
  std::int64_t earliest = std::numeric_limits<std::int64_t>::max();
  for (auto const& it : plan["itineraries"]) {
    auto const end = it["endTime"].get<std::string>();  // 2026-06-05T20:10+05:00: no seconds
    earliest = std::min(earliest, unix_of(json(end.substr(0, 16) + ":00" + end.substr(16))));
  }
  EXPECT_EQ(unix_of(tashkent["place"]["arrival"]), earliest);
  EXPECT_GT(tashkent["duration"].get<std::int64_t>(), 3 * 60);  // 800 km: hours, not minutes
  // A shorter limit reaches less; fewer transfers no more; a point with a level starts at Almaty's stops.
  EXPECT_LT(get("/api/v6/one-to-all?one=almaty&time=2026-06-05T03:00:00Z&maxTravelTime=120")["all"].size(),
            r["all"].size());
  EXPECT_LE(get("/api/v6/one-to-all?one=almaty&time=2026-06-05T03:00:00Z&maxTravelTime=2880&maxTransfers=0")["all"].size(),
            r["all"].size());
  auto const point = get("/api/v6/one-to-all?one=43.2525,76.9115,0&time=2026-06-05T03:00:00Z&maxTravelTime=2880");
  EXPECT_EQ(point["one"]["vertexType"], "NORMAL");
  ASSERT_FALSE(point["all"].empty());
  EXPECT_EQ(point["all"][0]["place"]["stopId"].get<std::string>().rfind("almaty", 0), 0U);  // walked to first
  // Rides only by the modes asked for: walking alone reaches no other city.
  auto const walk = get("/api/v6/one-to-all?one=almaty&time=2026-06-05T03:00:00Z&maxTravelTime=2880&transitModes=WALK");
  for (auto const& p : walk["all"]) {
    EXPECT_EQ(p["place"]["stopId"].get<std::string>().rfind("almaty", 0), 0U) << p.dump();
  }
  auto const by_air = get("/api/v6/one-to-all?one=almaty&time=2026-06-05T03:00:00Z&maxTravelTime=2880&transitModes=AIRPLANE");
  EXPECT_LT(by_air["all"].size(), r["all"].size());
  EXPECT_FALSE(by_air["all"].empty());
  EXPECT_FALSE(get("/api/v1/one-to-all?one=almaty&time=2026-06-05T03:00:00Z&maxTravelTime=600&transitModes=TRANSIT"
                   "&pedestrianProfile=FOOT&elevationCosts=NONE&useRoutedTransfers=false")["all"].is_null());
}

TEST_F(Motis, TheNewEndpointsErrorsAreMotisErrors) {
  SKIP_WITHOUT_MOTIS_SPECS();
  std::string const t = "&time=2026-06-05T03:00:00Z";
  expect_error("/api/v6/stoptimes", "missing_parameter", "stopId");
  expect_error("/api/v6/stoptimes?stopId=nowhere", "not_found", "stopId", 404);
  expect_error("/api/v5/stoptimes?stopId=nowhere&n=1", "not_found", "stopId", 404);
  expect_error("/api/v5/stoptimes?stopId=almaty", "missing_parameter", "n");
  expect_error("/api/v6/stoptimes?stopId=almaty&n=0", "invalid_parameter", "n");
  expect_error("/api/v6/stoptimes?stopId=almaty&n=1001", "invalid_parameter", "n");
  expect_error("/api/v6/stoptimes?stopId=almaty&n=x", "invalid_parameter", "n");
  expect_error("/api/v6/stoptimes?stopId=almaty&time=yesterday", "invalid_time", "time");
  expect_error("/api/v6/stoptimes?stopId=almaty&arriveBy=maybe", "invalid_parameter", "arriveBy");
  expect_error("/api/v6/stoptimes?stopId=almaty&direction=UP", "invalid_parameter", "direction");
  expect_error("/api/v6/stoptimes?stopId=almaty&mode=CAMEL", "invalid_parameter", "mode");
  expect_error("/api/v6/stoptimes?stopId=almaty&pageCursor=x", "invalid_parameter", "pageCursor");
  expect_error("/api/v6/stoptimes?stopId=almaty&pageCursor=LATER|1|-1", "invalid_parameter", "pageCursor");
  expect_error("/api/v6/stoptimes?stopId=almaty&radius=-1", "invalid_parameter", "radius");
  expect_error("/api/v6/stoptimes?stopId=almaty&window=x", "invalid_parameter", "window");
  expect_error("/api/v6/stoptimes?stopId=almaty&center=x", "invalid_parameter", "center");
  expect_error("/api/v6/stoptimes?center=43.25,76.91", "missing_parameter", "radius");
  expect_error("/api/v6/stoptimes?stopId=almaty&realtimeMode=SOMETIMES", "invalid_parameter", "realtimeMode");
  expect_error("/api/v6/stoptimes?stopId=almaty&withAlerts=1", "invalid_parameter", "withAlerts");
  expect_error("/api/v6/stoptimes?stopId=almaty&stop=x", "unknown_parameter", "stop");
  expect_error("/api/v5/stoptimes?stopId=almaty&n=1&window=60", "unknown_parameter", "window");
  expect_error("/api/v6/trip", "missing_parameter", "tripId");
  expect_error("/api/v6/trip?tripId=nonsense", "invalid_parameter", "tripId");
  expect_error("/api/v6/trip?tripId=2026x605_0_t", "invalid_parameter", "tripId");
  expect_error("/api/v6/trip?tripId=20260605_0_nosuchtrip", "not_found", "tripId", 404);
  expect_error("/api/v5/trip?tripId=20260605_0_nosuchtrip", "not_found", "tripId", 404);
  expect_error("/api/v6/trip?tripId=x&detailedLegs=yes", "invalid_parameter", "detailedLegs");
  expect_error("/api/v5/trip?tripId=x&detailedLegs=true", "unknown_parameter", "detailedLegs");
  expect_error("/api/v6/map/stops?max=1,2", "missing_parameter", "min");
  expect_error("/api/v6/map/stops?min=1,2", "missing_parameter", "max");
  expect_error("/api/v6/map/stops?min=1&max=1,2", "invalid_parameter", "min");
  expect_error("/api/v6/map/stops?min=1,2&max=1,2&grouped=x", "invalid_parameter", "grouped");
  expect_error("/api/v6/map/stops?min=1,2&max=1,2&modes=CAMEL", "invalid_parameter", "modes");
  expect_error("/api/v1/map/stops?min=1,2&max=1,2&grouped=true", "unknown_parameter", "grouped");
  expect_error("/api/v1/map/initial?zoom=3", "unknown_parameter", "zoom");
  expect_error("/api/v1/rentals?point=x", "invalid_parameter", "point");
  expect_error("/api/v1/rentals?radius=x", "invalid_parameter", "radius");
  expect_error("/api/v1/rentals?withZones=no", "invalid_parameter", "withZones");
  expect_error("/api/v1/rentals?bikes=1", "unknown_parameter", "bikes");
  expect_error("/api/v6/one-to-all?maxTravelTime=60", "missing_parameter", "one");
  expect_error("/api/v6/one-to-all?one=almaty", "missing_parameter", "maxTravelTime");
  expect_error("/api/v6/one-to-all?one=almaty&maxTravelTime=0", "invalid_parameter", "maxTravelTime");
  expect_error("/api/v6/one-to-all?one=almaty&maxTravelTime=2881", "invalid_parameter", "maxTravelTime");
  expect_error("/api/v6/one-to-all?one=almaty&maxTravelTime=60&arriveBy=true", "invalid_parameter", "arriveBy");
  expect_error("/api/v6/one-to-all?one=almaty&maxTravelTime=60&maxTransfers=16", "invalid_parameter", "maxTransfers");
  expect_error("/api/v6/one-to-all?one=almaty&maxTravelTime=60&transitModes=CAMEL", "invalid_parameter", "transitModes");
  expect_error("/api/v6/one-to-all?one=almaty&maxTravelTime=60&pedestrianProfile=HORSE", "invalid_parameter",
               "pedestrianProfile");
  expect_error("/api/v6/one-to-all?one=almaty&maxTravelTime=60&vehicleHeight=tall", "invalid_parameter", "vehicleHeight");
  expect_error("/api/v6/one-to-all?one=almaty&maxTravelTime=60&time=x", "invalid_time", "time");
  expect_error("/api/v6/one-to-all?one=almaty&maxTravelTime=60" + t + "&language=en", "unknown_parameter", "language");
  expect_error("/api/v1/one-to-all?one=almaty&maxTravelTime=60&vehicleHeight=2", "unknown_parameter", "vehicleHeight");
  auto const nowhere = get("/api/v6/one-to-all?one=Atlantis&maxTravelTime=60" + t, 400);
  EXPECT_EQ(nowhere["code"], "unknown_place");
  EXPECT_EQ(nowhere["details"]["parameter"], "one");
  // Far outside the timetable's days.
  auto const far = get("/api/v6/one-to-all?one=almaty&maxTravelTime=60&time=1990-01-01T00:00:00Z", 400);
  EXPECT_EQ(far["code"], "invalid_time");
}

// One-to-all is a search: stopped at the request's deadline (routing::stop_condition), a MOTIS error.
TEST_F(Motis, OneToAllPastTheDeadlineIs503) {
  auto const target = "/api/v6/one-to-all?one=almaty&time=2026-06-05T03:00:00Z&maxTravelTime=2880&maxTransfers=15";
  auto const past = server_->svc_.handle("GET", target, std::chrono::seconds{-1});
  EXPECT_EQ(past.response.status, 503U);
  auto const j = json::parse(past.response.body);
  EXPECT_EQ(j["code"], "deadline_exceeded") << past.response.body;
  EXPECT_EQ(j["error"], j["message"]);
  EXPECT_EQ(server_->svc_.handle("GET", target, std::chrono::seconds{60}).response.status, 200U);
}

TEST_F(Motis, StoptimesAtAPointWithoutStopsTellTheTimesInTheNearestStopsZone) {
  SKIP_WITHOUT_MOTIS_SPECS();
  auto const b = get("/api/v6/stoptimes?center=43.25,76.91,0&radius=10&time=2026-06-05T03:00:00Z");
  EXPECT_EQ(b["place"]["tz"], "Asia/Almaty");
}

TEST_F(Motis, TilesAreAMotisNotFound) {
  client c{server_->port()};
  for (auto const* target : {"/tiles/3/5/2.mvt", "/tiles/0/0/0.mvt"}) {
    auto const r = c.get(target);  // checked against Caravan's spec; MOTIS's have no tiles
    EXPECT_EQ(r.status, 404);
    auto const body = json::parse(r.body);
    EXPECT_EQ(body["code"], "not_found");
    EXPECT_EQ(body["error"], body["message"]);
    EXPECT_NE(body["error"].get<std::string>().find("tiles"), std::string::npos);
  }
}

// The rings of a tile's one `coastline` feature, read back with protozero's reader (Mapbox Vector Tile 2.1:
// Tile.layers = 3; Layer: name 1, features 2, extent 5, version 15; Feature: type 3, geometry 4).
struct read_tile {
  std::string layer;
  std::uint32_t extent{0}, version{0};
  std::size_t features{0}, rings{0};
};

read_tile decode(std::string const& bytes) {
  read_tile out;
  protozero::pbf_reader tile{bytes};
  while (tile.next(3)) {
    auto layer = tile.get_message();
    while (layer.next()) {
      switch (layer.tag()) {
        case 1: out.layer = layer.get_string(); break;
        case 5: out.extent = layer.get_uint32(); break;
        case 15: out.version = layer.get_uint32(); break;
        case 2: {
          ++out.features;
          auto feature = layer.get_message();
          while (feature.next()) {
            if (feature.tag() == 4) {
              auto const g = feature.get_packed_uint32();
              for (auto it = g.begin(); it != g.end();) {
                auto const command = *it & 0x7U;
                auto const count = *it >> 3U;
                ++it;
                if (command == 1 || command == 2) {
                  out.rings += command == 1 ? count : 0;
                  std::advance(it, 2 * count);
                }
              }
            } else {
              feature.skip();
            }
          }
          break;
        }
        default: layer.skip();
      }
    }
  }
  return out;
}

TEST(MotisTiles, TheSeaAroundTheLandOfTheBasemap) {
  // An island from 0 to 20 degrees with a lake (an inland sea) from 5 to 15, and an islet in the lake.
  auto const land = R"({"type": "FeatureCollection", "features": [
    {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [
      [[0, 0], [20, 0], [20, 20], [0, 20], [0, 0]], [[5, 5], [5, 15], [15, 15], [15, 5], [5, 5]]]}},
    {"type": "Feature", "geometry": {"type": "MultiPolygon", "coordinates": [
      [[[9, 9], [11, 9], [11, 11], [9, 11], [9, 9]]]]}}]})";
  test_server s;
  s.api_.set_basemap(std::make_shared<basemap_tiles const>(basemap_tiles::from_geojson(land, "land")));
  client c{s.port()};
  auto const tile = [&](std::string const& target) {
    auto const r = c.get(target);
    EXPECT_EQ(r.status, 200) << target << ": " << r.body;
    EXPECT_EQ(r.header("content-type"), "application/vnd.mapbox-vector-tile");
    return decode(r.body);
  };
  // Zoom 2, the tile from 0 to 90 degrees east, 0 to 66.5 north: the sea with the island's outline as a
  // hole, the lake as sea again and the islet as its hole.
  auto const t = tile("/tiles/2/2/1.mvt");
  EXPECT_EQ(t.layer, "coastline");
  EXPECT_EQ(t.extent, 4096U);
  EXPECT_EQ(t.version, 2U);
  EXPECT_EQ(t.features, 1U);
  EXPECT_EQ(t.rings, 4U);
  // Far from land (the southern Pacific): the sea alone.
  EXPECT_EQ(tile("/tiles/3/0/6.mvt").rings, 1U);
  // Zoom 0 and 1: the layer, empty.
  EXPECT_EQ(tile("/tiles/0/0/0.mvt").features, 0U);
  for (auto const* target : {"/tiles/15/0/0.mvt", "/tiles/2/4/0.mvt", "/tiles/2/0/-1.mvt", "/tiles/2/0/0.png",
                             "/tiles/x/0/0.mvt"}) {
    auto const r = c.get(target);
    EXPECT_EQ(r.status, 404) << target;
    EXPECT_EQ(json::parse(r.body)["code"], "not_found") << target;
  }
  EXPECT_THROW(basemap_tiles::from_geojson("{", "land"), std::runtime_error);
  EXPECT_THROW(basemap_tiles::from_geojson(R"({"type": "LineString", "coordinates": [[0, 0], [1, 1]]})", "land"),
               std::runtime_error);
  EXPECT_THROW(basemap_tiles::from_geojson(R"({"type": "Polygon", "coordinates": [[[0, 0], [1, 1]]]})", "land"),
               std::runtime_error);
}

// The same endpoints on a city feed (../shared/gtfs/feeds/sacrt.zip: Sacramento's buses and light rail).
class MotisCity : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto const data = shared_feed("sacrt");
    if (data == nullptr) {
      return;
    }
    server_ = new test_server{test_config(), false};
    server_->api_.set_data(data);
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override {
    if (server_ == nullptr) {
      GTEST_SKIP() << "no sacrt feed in ../shared/gtfs/feeds (set CARAVAN_SHARED_DIR)";
    }
    if (motis_specs().size() != 2) {
      GTEST_SKIP() << "MOTIS's specs are not in " << shared_dir() / "reference" / "motis";
    }
  }
  static json get(std::string const& target, unsigned status = 200) {
    return check_motis(server_->port(), target, status);
  }
  static test_server* server_;
};

test_server* MotisCity::server_ = nullptr;

TEST_F(MotisCity, EveryEndpointOnSacramento) {
  // Tuesday 2024-06-18, 08:00 in Sacramento; Cathedral Square light rail station (westbound stop 7011).
  std::string const time = "2024-06-18T08:00:00-07:00";
  auto const m = get("/api/v1/map/initial");
  EXPECT_NEAR(m["lat"].get<double>(), 38.6, 0.5);
  EXPECT_NEAR(m["lon"].get<double>(), -121.4, 0.5);
  EXPECT_GE(m["zoom"].get<double>(), 8);
  auto const stops = get("/api/v6/map/stops?min=38.57,-121.50&max=38.59,-121.48");
  EXPECT_GT(stops.size(), 10U);
  std::set<std::string> modes;
  for (auto const& p : stops) {
    for (auto const& x : p["modes"]) {
      modes.insert(x.get<std::string>());
    }
  }
  EXPECT_TRUE(modes.count("BUS") == 1 && modes.count("TRAM") == 1) << json(modes).dump();
  EXPECT_FALSE(get("/api/v1/map/stops?min=38.57,-121.50&max=38.59,-121.48").empty());
  auto const board = get("/api/v6/stoptimes?stopId=7011&n=10&time=" + url_encode(time));
  ASSERT_EQ(board["stopTimes"].size(), 10U);
  auto const next = get("/api/v6/stoptimes?stopId=7011&n=10&time=" + url_encode(time) +
                        "&pageCursor=" + url_encode(board["nextPageCursor"]));
  ASSERT_EQ(next["stopTimes"].size(), 10U);
  EXPECT_LE(keys(board).back().first, keys(next).front().first);
  auto both = keys(board);
  auto const k = keys(next);
  both.insert(both.end(), k.begin(), k.end());
  EXPECT_EQ(std::set(both.begin(), both.end()).size(), 20U);
  auto const trams = get("/api/v5/stoptimes?stopId=7011&n=5&mode=TRAM&time=" + url_encode(time));
  EXPECT_EQ(trams["stopTimes"].size(), 5U);
  for (auto const& st : trams["stopTimes"]) {
    EXPECT_EQ(st["mode"], "TRAM");
  }
  EXPECT_FALSE(get("/api/v6/stoptimes?stopId=7011&n=5&arriveBy=true&time=" + url_encode(time))["stopTimes"].empty());
  auto const id = board["stopTimes"][0]["tripId"].get<std::string>();
  auto const it = get("/api/v6/trip?tripId=" + url_encode(id));
  ASSERT_EQ(it["legs"].size(), 1U);
  EXPECT_EQ(it["legs"][0]["from"]["stopId"], board["stopTimes"][0]["tripFrom"]["stopId"]);
  EXPECT_EQ(get("/api/v5/trip?tripId=" + url_encode(id))["legs"].size(), 1U);
  // One hour from Cathedral Square by light rail, bus and walks.
  auto const reach = get("/api/v6/one-to-all?one=7011&maxTravelTime=60&time=" + url_encode(time));
  EXPECT_GT(reach["all"].size(), 100U);
  auto const from_point = get("/api/v6/one-to-all?one=38.5792,-121.4936,0&maxTravelTime=30&time=" + url_encode(time));
  EXPECT_FALSE(from_point["all"].empty());
  EXPECT_EQ(get("/api/v1/rentals")["vehicles"], json::array());
}

TEST(MotisLoading, NotReadyIsAMotisError) {
  test_server loading{test_config(), false};
  client c{loading.port()};
  for (auto const* target : {"/api/v1/geocode?text=a", "/api/v1/reverse-geocode?place=1,2",
                             "/api/v6/stoptimes?stopId=a", "/api/v5/trip?tripId=a", "/api/v6/map/stops?min=1,2&max=3,4",
                             "/api/v1/map/initial", "/api/v1/rentals", "/api/v6/one-to-all?one=a&maxTravelTime=9"}) {
    auto const r = c.get(target);
    EXPECT_EQ(r.status, 503) << target;
    auto const body = json::parse(r.body);
    EXPECT_EQ(body["code"], "not_ready") << target;
    EXPECT_EQ(body["error"], body["message"]) << target;
  }
}

// The validator's MOTIS keywords, on schemas of their own.
TEST(MotisValidator, ChecksTheKeywordsMotisUses) {
  openapi_check const check{"{}", openapi_check::mode::kJsonSchema};
  auto const problems = [&](std::string const& schema, std::string const& value) {
    std::vector<std::string> out;
    check.validate(YAML::Load(schema), json::parse(value), "#", out);
    return out.size();
  };
  auto const date_time = "{type: string, format: date-time}";
  EXPECT_EQ(problems(date_time, R"("2026-06-05T02:00:00Z")"), 0U);
  EXPECT_EQ(problems(date_time, R"("2026-06-05T02:00:00.000+06:00")"), 0U);
  EXPECT_EQ(problems(date_time, R"("2026-06-05T02:00Z")"), 1U);    // no seconds
  EXPECT_EQ(problems(date_time, R"("2026-06-05T02:00:00")"), 1U);  // no offset
  EXPECT_EQ(problems("{type: array, minItems: 2, maxItems: 2, items: {type: number}}", "[1, 2]"), 0U);
  EXPECT_EQ(problems("{type: array, minItems: 2, maxItems: 2, items: {type: number}}", "[1]"), 1U);
  EXPECT_EQ(problems("{type: array, minItems: 2, maxItems: 2, items: {type: number}}", "[1, 2, 3]"), 1U);
  auto const one_of = "{oneOf: [{type: number}, {type: integer}]}";
  EXPECT_EQ(problems(one_of, "1.5"), 0U);
  EXPECT_EQ(problems(one_of, "1"), 1U);  // both match
  EXPECT_EQ(problems("{anyOf: [{type: string}, {type: integer}]}", "1"), 0U);
  EXPECT_EQ(problems("{anyOf: [{type: string}, {type: integer}]}", "true"), 1U);
  EXPECT_EQ(
      problems("{type: object, properties: {a: {type: string}}, example: {a: x}}", R"({"a": "x", "b": 1})"),
      0U);
  EXPECT_EQ(problems("{type: string, pattern: x}", R"("x")"), 1U);  // unknown keywords still fail
}

// The checks against MOTIS's specs find what is wrong, so zero violations above means something.
TEST(MotisValidator, FindsWhatIsWrongAgainstMotissSpecs) {
  SKIP_WITHOUT_MOTIS_SPECS();
  auto const good = R"([{"type": "STOP", "tokens": [[0, 3]], "name": "Almaty", "id": "almaty", "lat": 43.2,
                         "lon": 76.9, "level": 0, "areas": [], "score": 1, "extension": true}])";
  for (auto const& [name, spec] : motis_specs()) {
    auto check = spec;
    auto const problems = [&](std::string const& target, unsigned status, std::string const& body) {
      return check.check("GET", target, status, "application/json", body).size();
    };
    EXPECT_EQ(problems("/api/v1/geocode?text=alm", 200, good), 0U) << name;
    EXPECT_EQ(problems("/api/v1/reverse-geocode?place=1,2", 200, good), 0U) << name;
    EXPECT_EQ(problems("/api/v1/geocode?text=alm", 400, R"({"error": "x", "code": "y"})"), 0U) << name;
    EXPECT_GE(problems("/api/v1/geocode?text=alm", 200, R"([{"type": "CITY", "tokens": [[0]], "name": "A",
                         "id": "a", "lat": "43", "lon": 76.9, "areas": [{}]}])"),
              6U)
        << name;  // type, token, lat, score missing, area name, adminLevel, matched
    EXPECT_EQ(problems("/api/v1/geocode?text=alm", 503, R"({"error": "x"})"), 1U) << name;  // undocumented
    EXPECT_EQ(problems("/api/v1/nothing", 200, "[]"), 1U) << name;
  }
  auto v6 = motis_specs()[0].second;
  EXPECT_EQ(v6.check("GET", "/api/v1/geocode", 400, "application/json", R"({"code": "y"})").size(), 1U);
}

}  // namespace
}  // namespace caravan::server::testing
