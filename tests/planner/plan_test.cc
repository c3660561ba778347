// Requests as text to itineraries: local times across three time zones, walks, waits, road links over a
// border crossing, estimated times, and the JSON shape.
#include "caravan/planner/plan.h"

#include <gtest/gtest.h>

#include <set>

#include "caravan/planner/error.h"
#include "caravan/planner/json.h"
#include "caravan/planner/times.h"
#include "caravan/routing/road.h"
#include "silk_feed.h"

namespace caravan::planner {
namespace {

using test::silk;
using test::utc;

struct fixture {
  journey_planner planner_{silk()};
  std::unique_ptr<routing::search_state, void (*)(routing::search_state*)> state_ = routing::make_search_state();

  plan_response plan(plan_request const& r) { return planner_.plan(r, *state_); }
  std::string error_of(plan_request const& r, std::string const& field) {
    try {
      plan(r);
    } catch (query_error const& e) {
      EXPECT_EQ(e.field(), field) << e.what();
      return e.what();
    }
    return "";
  }
};

plan_request request(std::string from, std::string to, std::string time) {
  plan_request r;
  r.from_ = std::move(from);
  r.to_ = std::move(to);
  r.time_ = std::move(time);
  return r;
}

TEST(Plan, FlightWalkWaitAndTrainAcrossTimeZones) {
  fixture f;
  // 07:00 in Ürümqi (+06) is 01:00 UTC; the flight leaves at 08:00 local.
  auto const p = f.plan(request("Urumqi Diwopu", "samarqand", "2026-06-01T07:00"));
  EXPECT_EQ(p.time_, utc(2026, 6, 1, 1, 0));
  EXPECT_EQ(p.time_tz_, "Asia/Urumqi");
  ASSERT_EQ(p.itineraries_.size(), 1U);
  auto const& it = p.itineraries_[0];
  EXPECT_EQ(format_time(it.departure_, it.departure_tz_), "2026-06-01T08:00+06:00");
  EXPECT_EQ(format_time(it.arrival_, it.arrival_tz_), "2026-06-01T14:00+05:00");
  EXPECT_EQ(it.duration(), 7 * 3600);
  EXPECT_EQ(it.transfers_, 1U);
  ASSERT_EQ(it.legs_.size(), 3U);

  auto const& flight = it.legs_[0];
  EXPECT_EQ(flight.kind_, routing::leg_kind::kTrip);
  EXPECT_EQ(flight.mode_, "air");
  EXPECT_EQ(flight.from_.id_, "URC");
  EXPECT_EQ(flight.from_.name_, "Ürümqi Diwopu");
  EXPECT_DOUBLE_EQ(flight.from_.lat_, 43.907);
  EXPECT_DOUBLE_EQ(flight.from_.lon_, 87.474);
  EXPECT_EQ(format_time(flight.departure_, flight.from_.tz_), "2026-06-01T08:00+06:00");
  EXPECT_EQ(format_time(flight.arrival_, flight.to_.tz_), "2026-06-01T09:00+05:00");
  EXPECT_EQ(flight.route_short_name_, "CZ6007");
  EXPECT_EQ(flight.route_long_name_, "Ürümqi - Tashkent");
  EXPECT_EQ(flight.agency_name_, "China Southern");
  EXPECT_EQ(flight.headsign_, "Tashkent");
  EXPECT_EQ(flight.trip_id_, "F1");
  EXPECT_TRUE(flight.intermediate_stops_.empty());
  EXPECT_FALSE(flight.estimated_);

  auto const& walk = it.legs_[1];
  EXPECT_EQ(walk.kind_, routing::leg_kind::kWalk);
  EXPECT_EQ(walk.mode_, "walk");
  EXPECT_EQ(walk.from_.id_, "TAS");
  EXPECT_EQ(walk.to_.id_, "TASR_1");
  EXPECT_EQ(walk.duration(), 1800);
  EXPECT_EQ(walk.wait_before_s_, 0);

  auto const& train = it.legs_[2];
  EXPECT_EQ(train.mode_, "rail");
  EXPECT_EQ(train.wait_before_s_, 90 * 60);  // at TASR_1 09:30, the train leaves 11:00
  EXPECT_EQ(train.agency_name_, "Oʻzbekiston temir yoʻllari");
  EXPECT_EQ(train.headsign_, "Samarqand");  // no trip_headsign: the last stop
  ASSERT_EQ(train.intermediate_stops_.size(), 1U);
  auto const& gul = train.intermediate_stops_[0];
  EXPECT_EQ(gul.stop_.id_, "GUL");
  EXPECT_EQ(format_time(gul.arrival_, gul.stop_.tz_), "2026-06-01T12:30+05:00");
  EXPECT_EQ(format_time(gul.departure_, gul.stop_.tz_), "2026-06-01T12:35+05:00");
  EXPECT_FALSE(train.stay_seated_);
}

TEST(Plan, ArriveByReadsTheTimeAtTheDestination) {
  fixture f;
  auto r = request("URC", "SKD", "2026-06-02T15:00");
  r.arrive_by_ = true;
  auto const p = f.plan(r);
  EXPECT_EQ(p.time_tz_, "Asia/Tashkent");
  EXPECT_EQ(p.time_, utc(2026, 6, 2, 10, 0));
  ASSERT_EQ(p.itineraries_.size(), 1U);
  EXPECT_EQ(format_time(p.itineraries_[0].departure_, p.itineraries_[0].departure_tz_), "2026-06-02T08:00+06:00");
}

TEST(Plan, ModesWindowAndLimits) {
  fixture f;
  auto r = request("URC", "SKD", "2026-06-01T07:00");
  r.modes_ = "rail,bus";
  EXPECT_TRUE(f.plan(r).itineraries_.empty());  // without the flight there is no way
  r.modes_ = "air,rail";
  EXPECT_EQ(f.plan(r).itineraries_.size(), 1U);
  // A window of two days: the flights of 1, 2 and 3 June (the last one is what one waits for at the end).
  r.modes_.clear();
  r.window_ = "2d";
  auto const p = f.plan(r);
  EXPECT_EQ(p.window_s_, 2 * 86400);
  ASSERT_GE(p.itineraries_.size(), 2U);
  EXPECT_EQ(format_time(p.itineraries_[1].departure_, "Asia/Urumqi"), "2026-06-02T08:00+06:00");
  r.window_ = "2h";
  r.max_transfers_ = 0;
  EXPECT_TRUE(f.plan(r).itineraries_.empty());  // the train after the flight is a transfer
}

TEST(Plan, BadRequestsNameTheField) {
  fixture f;
  EXPECT_NE(f.error_of(request("Nowhere", "SKD", "2026-06-01T07:00"), "from").find("`Nowhere`"), std::string::npos);
  EXPECT_NE(f.error_of(request("URC", "central", "2026-06-01T07:00"), "to").find("names 2 places"), std::string::npos);
  EXPECT_NE(f.error_of(request("URC", "SKD", "2026-06-01"), "time").find("time `2026-06-01`"), std::string::npos);
  EXPECT_EQ(f.error_of(request("URC", "SKD", "2027-06-01T07:00"), "time"),
            "time `2027-06-01T07:00` is outside the timetable, which runs from 2026-06-01 to 2026-06-30");
  auto r = request("URC", "SKD", "2026-06-01T07:00");
  r.window_ = "8d";
  EXPECT_EQ(f.error_of(r, "window"), "window `8d` is longer than 7 days");
  r.window_ = "1h";
  r.arrive_by_ = true;
  EXPECT_EQ(f.error_of(r, "window"), "a window of departures cannot be combined with arrive-by");
  r = request("URC", "SKD", "2026-06-01T07:00");
  r.modes_ = "camel";
  EXPECT_NE(f.error_of(r, "modes").find("unknown mode `camel`"), std::string::npos);
  r.modes_.clear();
  r.max_transfers_ = 64;
  EXPECT_EQ(f.error_of(r, "max_transfers"), "max transfers 64 is not between 0 and 63");
  r.max_transfers_.reset();
  r.min_change_s_ = -1;
  EXPECT_EQ(f.error_of(r, "min_change"), "min change -1 s is not between 0 and 86400");
}

TEST(Plan, RoadLinkOverABorderCrossing) {
  fixture f;
  auto const p = f.plan(request("SKD", "Panjakent", "2026-06-01T07:00"));
  ASSERT_EQ(p.itineraries_.size(), 1U);
  auto const& it = p.itineraries_[0];
  ASSERT_EQ(it.legs_.size(), 1U);
  auto const& l = it.legs_[0];
  EXPECT_EQ(l.kind_, routing::leg_kind::kRoad);
  EXPECT_EQ(l.mode_, "road");
  EXPECT_TRUE(l.estimated_);
  ASSERT_TRUE(l.road_);
  EXPECT_EQ(l.road_->mode_, "taxi");
  EXPECT_EQ(l.road_->link_id_, "SKD-PJK");
  EXPECT_EQ(l.road_->crossing_id_, "J");
  EXPECT_EQ(l.road_->crossing_name_, "Jartepa - Sarazm");
  // The engine leaves as late as still gives the earliest arrival: at the crossing when it opens.
  EXPECT_EQ(format_time(l.departure_, l.from_.tz_), "2026-06-01T08:15+05:00");
  EXPECT_EQ(format_time(l.arrival_, l.to_.tz_), "2026-06-01T10:15+05:00");
  EXPECT_EQ(l.to_.tz_, "Asia/Dushanbe");
  EXPECT_EQ(l.road_->crossing_wait_s_, 0);
}

TEST(Present, WaitAtTheCrossingOfARoadLeg) {
  // A hand-made journey leaving Samarqand at 07:00: at the crossing 07:45, it opens 09:00.
  auto const& tt = silk();
  auto const skd = *tt.find_stop("SKD");
  auto const pjk = *tt.find_stop("PJK");
  routing::journey j;
  routing::leg l{routing::leg_kind::kRoad, skd, pjk, utc(2026, 6, 1, 2, 0), utc(2026, 6, 1, 5, 15)};
  l.road_ = tt::road_link_idx{0U};
  j.legs_ = {l};
  j.departure_ = l.departure_;
  j.arrival_ = l.arrival_;
  auto const it = present(tt, j, skd, pjk);
  ASSERT_TRUE(it.legs_[0].road_);
  EXPECT_EQ(it.legs_[0].road_->crossing_wait_s_, 75 * 60);
  EXPECT_EQ(it.departure_tz_, "Asia/Tashkent");
  EXPECT_EQ(it.arrival_tz_, "Asia/Dushanbe");
}

TEST(Present, FrequencyTripsWithoutExactTimesAreEstimated) {
  fixture f;
  auto const p = f.plan(request("GUL", "GULA", "2026-06-01T07:10"));
  ASSERT_EQ(p.itineraries_.size(), 1U);
  auto const& l = p.itineraries_[0].legs_.at(0);
  EXPECT_EQ(l.mode_, "bus");
  EXPECT_TRUE(l.estimated_);
  EXPECT_EQ(format_time(l.departure_, l.from_.tz_), "2026-06-01T07:30+05:00");
}

TEST(Present, SameOriginAndDestinationHasNoLegs) {
  fixture f;
  auto const p = f.plan(request("TASR", "TASR_1", "2026-06-01T07:00"));
  ASSERT_EQ(p.itineraries_.size(), 1U);
  EXPECT_TRUE(p.itineraries_[0].legs_.empty());
  EXPECT_EQ(p.itineraries_[0].duration(), 0);
  EXPECT_EQ(p.itineraries_[0].departure_tz_, "Asia/Tashkent");
}

TEST(Present, StaySeatedOnABlock) {
  //   A --t1 (block X)--> B 08:30 | t2 (block X) B 08:30 --> C 09:00: the same vehicle
  auto files = test::silk_files();
  files["stops.txt"] = "stop_id,stop_name,stop_lat,stop_lon\nA,A,50.0,8.0\nB,B,50.2,8.0\nC,C,50.4,8.0\n";
  files["routes.txt"] = "route_id,agency_id,route_short_name,route_long_name,route_type\nR,UTY,1,,2\n";
  files["trips.txt"] = "route_id,service_id,trip_id,block_id\nR,S,t1,X\nR,S,t2,X\n";
  files["stop_times.txt"] = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
                            "t1,08:00:00,08:00:00,A,1\nt1,08:30:00,08:30:00,B,2\nt2,08:30:00,08:30:00,B,1\nt2,09:00:00,09:00:00,C,2\n";
  for (auto const* f : {"frequencies.txt", "transfers.txt", "caravan_border_crossings.txt", "caravan_road_links.txt"}) {
    files.erase(f);
  }
  auto const tt = test::load_files(files);
  journey_planner const p{tt};
  auto state = routing::make_search_state();
  auto const r = p.plan(request("A", "C", "2026-06-01T07:00"), *state);
  ASSERT_EQ(r.itineraries_.size(), 1U);
  auto const& legs = r.itineraries_[0].legs_;
  ASSERT_EQ(legs.size(), 2U);
  EXPECT_FALSE(legs[0].stay_seated_);
  EXPECT_TRUE(legs[1].stay_seated_);
  EXPECT_EQ(legs[1].wait_before_s_, 0);
  auto const j = to_json(tt, r);
  EXPECT_EQ(j["itineraries"][0]["legs"][1]["interlineWithPreviousLeg"], true);
  EXPECT_EQ(j["itineraries"][0]["legs"][0]["interlineWithPreviousLeg"], false);
}

std::set<std::string> keys(nlohmann::ordered_json const& j) {
  std::set<std::string> out;
  for (auto const& [k, v] : j.items()) {
    out.insert(k);
  }
  return out;
}

TEST(Json, ShapeOfAPlan) {
  fixture f;
  auto const j = to_json(silk(), f.plan(request("URC", "SKD", "2026-06-01T07:00")));
  EXPECT_EQ(keys(j), (std::set<std::string>{"from", "to", "time", "arriveBy", "window", "itineraries"}));
  EXPECT_EQ(j["from"], (nlohmann::ordered_json{{"name", "Ürümqi Diwopu"}, {"stopId", "URC"}, {"lat", 43.907}, {"lon", 87.474}}));
  EXPECT_EQ(j["time"], "2026-06-01T07:00+06:00");
  EXPECT_EQ(j["arriveBy"], false);
  EXPECT_EQ(j["window"], 0);
  ASSERT_EQ(j["itineraries"].size(), 1U);
  auto const& it = j["itineraries"][0];
  EXPECT_EQ(keys(it), (std::set<std::string>{"duration", "startTime", "endTime", "transfers", "legs"}));
  EXPECT_EQ(it["duration"], 25200);
  EXPECT_EQ(it["startTime"], "2026-06-01T08:00+06:00");
  EXPECT_EQ(it["endTime"], "2026-06-01T14:00+05:00");
  EXPECT_EQ(it["transfers"], 1);
  ASSERT_EQ(it["legs"].size(), 3U);
  std::set<std::string> const common = {"mode",     "startTime", "endTime",    "duration", "waitBefore",
                                        "from",     "to",        "estimated",  "confidence", "source"};
  auto trip_keys = common;
  trip_keys.insert({"tripId", "tripShortName", "routeId", "routeShortName", "routeLongName", "agencyName", "headsign",
                    "interlineWithPreviousLeg", "intermediateStops"});
  auto const& flight = it["legs"][0];
  EXPECT_EQ(keys(flight), trip_keys);
  EXPECT_EQ(flight["mode"], "air");
  EXPECT_EQ(flight["from"], (nlohmann::ordered_json{{"name", "Ürümqi Diwopu"}, {"stopId", "URC"}, {"lat", 43.907},
                                                     {"lon", 87.474}, {"departure", "2026-06-01T08:00+06:00"}}));
  EXPECT_EQ(flight["to"]["arrival"], "2026-06-01T09:00+05:00");
  EXPECT_EQ(flight["routeShortName"], "CZ6007");
  EXPECT_EQ(flight["agencyName"], "China Southern");
  EXPECT_EQ(flight["tripId"], "F1");
  EXPECT_EQ(flight["estimated"], false);
  EXPECT_EQ(keys(it["legs"][1]), common);
  EXPECT_EQ(it["legs"][1]["mode"], "walk");
  EXPECT_EQ(it["legs"][1]["duration"], 1800);
  EXPECT_EQ(flight["confidence"], "");  // the feed does not say
  auto const& train = it["legs"][2];
  EXPECT_EQ(train["waitBefore"], 5400);
  // The data says the train's times were placed by its authors: shown as estimated, with the source.
  EXPECT_EQ(train["estimated"], true);
  EXPECT_EQ(train["confidence"], "estimated");
  EXPECT_EQ(train["source"], "https://railway.example/afrosiyob");
  ASSERT_EQ(train["intermediateStops"].size(), 1U);
  EXPECT_EQ(train["intermediateStops"][0],
            (nlohmann::ordered_json{{"name", "Guliston"}, {"stopId", "GUL"}, {"lat", 40.49}, {"lon", 68.78},
                                    {"arrival", "2026-06-01T12:30+05:00"}, {"departure", "2026-06-01T12:35+05:00"}}));
  // The text is stable: keys in this order.
  EXPECT_TRUE(j.dump().starts_with(R"({"from":{"name":"Ürümqi Diwopu","stopId":"URC")")) << j.dump();
}

TEST(Json, ShapeOfARoadLeg) {
  fixture f;
  auto const j = to_json(silk(), f.plan(request("SKD", "PJK", "2026-06-01T07:00")));
  auto const& l = j["itineraries"][0]["legs"][0];
  EXPECT_EQ(keys(l), (std::set<std::string>{"mode", "startTime", "endTime", "duration", "waitBefore", "from", "to", "estimated",
                                            "confidence", "roadMode", "linkId", "source", "crossing"}));
  EXPECT_EQ(l["mode"], "road");
  EXPECT_EQ(l["roadMode"], "taxi");
  EXPECT_EQ(l["estimated"], true);
  EXPECT_EQ(l["confidence"], "estimated");
  // The crossing on the day it is reached: its zone, that day's hours local there, and the confidence
  // of its hours (the feed's crossings file has no confidence column: "").
  EXPECT_EQ(l["crossing"], (nlohmann::ordered_json{{"id", "J"},
                                                   {"name", "Jartepa - Sarazm"},
                                                   {"wait", 0},
                                                   {"timezone", "Asia/Tashkent"},
                                                   {"date", "2026-06-01"},
                                                   {"hours", "09:00-18:00"},
                                                   {"confidence", ""}}));
  EXPECT_EQ(l["to"]["arrival"], "2026-06-01T10:15+05:00");
}

TEST(Json, NoJourneyIsAnEmptyList) {
  fixture f;
  auto const j = to_json(silk(), f.plan(request("SKD", "URC", "2026-06-01T07:00")));
  EXPECT_TRUE(j["itineraries"].is_array());
  EXPECT_TRUE(j["itineraries"].empty());
}

TEST(Plan, FromCoordinatesTheWalkCountsAndTheJsonShowsThePoint) {
  fixture f;
  auto const p = f.plan(request("41.2905,69.2875", "SKD", "2026-06-01T10:00"));
  EXPECT_EQ(p.time_tz_, "Asia/Tashkent") << "read in the zone of the nearest stop";
  ASSERT_EQ(p.itineraries_.size(), 1U);
  auto const& it = p.itineraries_[0];
  ASSERT_FALSE(it.legs_.empty());
  auto const& train = it.legs_[0];
  EXPECT_EQ(train.trip_id_, "T1");
  EXPECT_EQ(train.from_.id_, "TASR_1");
  auto const walk = p.from_.walk_s_[static_cast<std::size_t>(
      std::find(p.from_.stops_.begin(), p.from_.stops_.end(), *silk().find_stop("TASR_1")) - p.from_.stops_.begin())];
  EXPECT_EQ(it.departure_, train.departure_ - walk) << "the itinerary starts with the walk to the platform";
  auto const j = to_json(silk(), p);
  EXPECT_EQ(j["from"], nlohmann::ordered_json::parse(R"({"name":"41.2905,69.2875","lat":41.2905,"lon":69.2875})"));
  EXPECT_EQ(j["to"]["stopId"], "SKD");
}

}  // namespace
}  // namespace caravan::planner
