// Hand-written journey-planning cases on small inline feeds, each with a sketch of its network.
#include "caravan/routing/raptor.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>

#include <date/date.h>
#include <fmt/format.h>

#include "caravan/gtfs/load.h"
#include "caravan/timetable/departures.h"

namespace caravan::routing {
namespace {

using files = std::map<std::string, std::string>;

std::int64_t utc(int y, unsigned m, unsigned d, int hh, int mm) {
  return std::int64_t{date::sys_days{date::year{y} / date::month{m} / date::day{d}}.time_since_epoch().count()} * 86400 +
         hh * 3600 + mm * 60;
}

struct network {
  explicit network(files f, gtfs::load_options opt = {}) : tt_{make(std::move(f), opt)}, engine_{tt_} {}

  static tt::timetable make(files f, gtfs::load_options const& opt) {
    auto const feed = gtfs::memory_feed(std::move(f));
    progress p{false};
    auto r = gtfs::load(*feed, opt, p);
    return tt::timetable::from_data(std::move(r.data_));
  }

  stop_idx stop(char const* id) const { return *tt_.find_stop(id); }

  query q(char const* from, char const* to, std::int64_t time) const {
    query x;
    x.from_ = {{stop(from), 0}};
    x.to_ = {{stop(to), 0}};
    x.time_ = time;
    return x;
  }

  std::vector<journey> route(query const& x) { return engine_.route(x, *state_); }
  // Why the engine refuses a query, or nullopt.
  std::optional<query_problem> problem(query const& x) const {
    auto const e = engine_.check(x);
    return e ? std::optional{e->problem_} : std::nullopt;
  }

  // "08:00 T1 A-B, 08:30 walk B-C, ..." in the feed's first time zone, for compact expectations.
  std::string describe(journey const& j) const {
    std::string out;
    for (auto const& l : j.legs_) {
      auto const tz = tt_.tz_name(tt_.stop(l.from_).tz_);
      out += out.empty() ? "" : ", ";
      out += tt::format_local(l.departure_, tz).substr(11, 5) + " ";
      out += l.kind_ == leg_kind::kTrip ? std::string{tt_.str(tt_.trip(l.trip_).id_)} : "walk";
      out += " " + std::string{tt_.str(tt_.stop(l.from_).id_)} + "-" + std::string{tt_.str(tt_.stop(l.to_).id_)};
      out += " " + tt::format_local(l.arrival_, tt_.tz_name(tt_.stop(l.to_).tz_)).substr(11, 5);
    }
    return out;
  }

  tt::timetable tt_;
  engine engine_;
  std::unique_ptr<search_state, void (*)(search_state*)> state_ = make_search_state();
};

std::string const kCalendarHeader =
    "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n";
std::string const kStopTimesHeader = "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n";

files line_feed(std::string stops, std::string routes, std::string trips, std::string calendar, std::string stop_times,
                std::string tz = "Europe/Berlin") {
  return {{"agency.txt", "agency_id,agency_name,agency_url,agency_timezone\nA,A,http://a.example," + tz + "\n"},
          {"stops.txt", "stop_id,stop_name,stop_lat,stop_lon\n" + stops},
          {"routes.txt", "route_id,agency_id,route_short_name,route_long_name,route_type\n" + routes},
          {"trips.txt", "route_id,service_id,trip_id\n" + trips},
          {"calendar.txt", kCalendarHeader + calendar},
          {"stop_times.txt", kStopTimesHeader + stop_times}};
}

// Stops far apart (no generated walks) unless a test wants them close.
std::string const kFarStops = "A,A,50.0,8.0\nB,B,50.2,8.0\nC,C,50.4,8.0\nD,D,50.6,8.0\n";

TEST(Raptor, DirectTrip) {
  //   A --T1--> B      08:00 -> 08:30, daily in June 2026
  network n{line_feed(kFarStops, "R,A,1,,3\n", "R,S,T1\n", "S,1,1,1,1,1,1,1,20260601,20260630\n",
                      "T1,08:00:00,08:00:00,A,1\nT1,08:30:00,08:30:00,B,2\n")};
  auto const js = n.route(n.q("A", "B", utc(2026, 6, 1, 5, 0)));  // 07:00 Berlin
  ASSERT_EQ(js.size(), 1U);
  EXPECT_EQ(n.describe(js[0]), "08:00 T1 A-B 08:30");
  EXPECT_EQ(js[0].arrival_, utc(2026, 6, 1, 6, 30));
  EXPECT_EQ(js[0].departure_, utc(2026, 6, 1, 6, 0));
  EXPECT_EQ(js[0].transfers_, 0U);
}

TEST(Raptor, MissedTripMeansTheNextDay) {
  network n{line_feed(kFarStops, "R,A,1,,3\n", "R,S,T1\n", "S,1,1,1,1,1,1,1,20260601,20260630\n",
                      "T1,08:00:00,08:00:00,A,1\nT1,08:30:00,08:30:00,B,2\n")};
  auto const js = n.route(n.q("A", "B", utc(2026, 6, 1, 6, 1)));  // 08:01 Berlin: one minute late
  ASSERT_EQ(js.size(), 1U);
  EXPECT_EQ(js[0].arrival_, utc(2026, 6, 2, 6, 30));
  EXPECT_EQ(js[0].legs_[0].day_, *n.tt_.day_of(static_cast<std::int32_t>(utc(2026, 6, 2, 0, 0) / 86400)));
}

TEST(Raptor, ParetoSetFastestFirst) {
  //   A --slow (direct)------------------> C   08:00 -> 10:00
  //   A --fast1--> B --fast2--> C              08:05 -> 08:30, 08:40 -> 09:00
  network n{line_feed(kFarStops, "R,A,1,,3\n", "R,S,slow\nR,S,fast1\nR,S,fast2\n", "S,1,1,1,1,1,1,1,20260601,20260630\n",
                      "slow,08:00:00,08:00:00,A,1\nslow,10:00:00,10:00:00,C,2\n"
                      "fast1,08:05:00,08:05:00,A,1\nfast1,08:30:00,08:30:00,B,2\n"
                      "fast2,08:40:00,08:40:00,B,1\nfast2,09:00:00,09:00:00,C,2\n")};
  auto const js = n.route(n.q("A", "C", utc(2026, 6, 1, 5, 0)));
  ASSERT_EQ(js.size(), 2U);
  EXPECT_EQ(n.describe(js[0]), "08:05 fast1 A-B 08:30, 08:40 fast2 B-C 09:00");
  EXPECT_EQ(js[0].transfers_, 1U);
  EXPECT_EQ(n.describe(js[1]), "08:00 slow A-C 10:00");
  EXPECT_EQ(js[1].transfers_, 0U);
  // Limited to no transfers, only the direct trip remains.
  auto q = n.q("A", "C", utc(2026, 6, 1, 5, 0));
  q.max_transfers_ = 0;
  ASSERT_EQ(n.route(q).size(), 1U);
  EXPECT_EQ(n.describe(n.route(q)[0]), "08:00 slow A-C 10:00");
}

TEST(Raptor, ALoopIsBoardedAgainWhereItCameBack) {
  //   A --> B --> C --> A      one loop route, hourly: from C one rides to A, then the next trip on to B
  network n{line_feed(kFarStops, "R,A,1,,3\n", "R,S,L1\nR,S,L2\n", "S,1,1,1,1,1,1,1,20260601,20260630\n",
                      "L1,08:00:00,08:00:00,A,1\nL1,08:10:00,08:10:00,B,2\nL1,08:20:00,08:20:00,C,3\nL1,08:30:00,08:30:00,A,4\n"
                      "L2,09:00:00,09:00:00,A,1\nL2,09:10:00,09:10:00,B,2\nL2,09:20:00,09:20:00,C,3\nL2,09:30:00,09:30:00,A,4\n")};
  for (auto const walks : {false, true}) {
    auto q = n.q("C", "B", utc(2026, 6, 1, 5, 0));
    q.use_footpaths_ = walks;
    auto const js = n.route(q);
    ASSERT_EQ(js.size(), 1U);
    EXPECT_EQ(n.describe(js[0]), "08:20 L1 C-A 08:30, 09:00 L2 A-B 09:10");
  }
}

TEST(Raptor, ARoundScansThePatternsThroughTheDestinationFirst) {
  //   A --L--> C --L--> D      08:00 -> 09:00 -> 10:00
  //   A --F--> B               08:00 -> 08:30: reaching B first bounds L's scan, which then sets nothing
  network n{line_feed(kFarStops, "R1,A,1,,3\nR2,A,2,,3\n", "R1,S,L\nR2,S,F\n", "S,1,1,1,1,1,1,1,20260601,20260630\n",
                      "L,08:00:00,08:00:00,A,1\nL,09:00:00,09:00:00,C,2\nL,10:00:00,10:00:00,D,3\n"
                      "F,08:00:00,08:00:00,A,1\nF,08:30:00,08:30:00,B,2\n")};
  auto q = n.q("A", "B", utc(2026, 6, 1, 5, 0));
  search_stats st;
  auto const js = n.engine_.route(q, *n.state_, &st);
  ASSERT_EQ(js.size(), 1U);
  EXPECT_EQ(n.describe(js[0]), "08:00 F A-B 08:30");
  EXPECT_EQ(st.patterns_scanned_, 2U);
  EXPECT_EQ(st.stops_improved_, 1U);  // B only
}

TEST(Raptor, HopBoundsSkipAScanWhoseStopsCannotReachTheDestination) {
  //   A --T1--> B --T2--> C        and from B a branch to E, which leads nowhere
  //             B --X---> E
  network n{line_feed(kFarStops + "E,E,50.0,8.5\n", "R,A,1,,3\n", "R,S,T1\nR,S,T2\nR,S,X\n", "S,1,1,1,1,1,1,1,20260601,20260630\n",
                      "T1,08:00:00,08:00:00,A,1\nT1,08:10:00,08:10:00,B,2\n"
                      "T2,08:20:00,08:20:00,B,1\nT2,08:30:00,08:30:00,C,2\n"
                      "X,08:15:00,08:15:00,B,1\nX,08:25:00,08:25:00,E,2\n")};
  auto q = n.q("A", "C", utc(2026, 6, 1, 5, 0));
  q.use_footpaths_ = false;  // (hop bounds are for searches without walks)
  search_stats st;
  auto const js = n.engine_.route(q, *n.state_, &st);
  ASSERT_EQ(js.size(), 1U);
  EXPECT_EQ(n.describe(js[0]), "08:00 T1 A-B 08:10, 08:20 T2 B-C 08:30");
  EXPECT_EQ(st.patterns_scanned_, 2U);  // T1, then at B only T2: X's stops cannot reach C
}

TEST(Raptor, HopBoundsEndAQueryThatCannotReachItsDestinationAtOnce) {
  //   A --T1--> B --T2--> C --T3--> D      three rides from A to D, none back
  network n{line_feed(kFarStops, "R,A,1,,3\n", "R,S,T1\nR,S,T2\nR,S,T3\n", "S,1,1,1,1,1,1,1,20260601,20260630\n",
                      "T1,08:00:00,08:00:00,A,1\nT1,08:10:00,08:10:00,B,2\n"
                      "T2,08:20:00,08:20:00,B,1\nT2,08:30:00,08:30:00,C,2\n"
                      "T3,08:40:00,08:40:00,C,1\nT3,08:50:00,08:50:00,D,2\n")};
  auto const search = [&](query const& x, search_stats& st) { return n.engine_.route(x, *n.state_, &st); };
  auto q = n.q("A", "D", utc(2026, 6, 1, 5, 0));
  q.use_footpaths_ = false;  // (hop bounds are for searches without walks)
  q.max_transfers_ = 2;
  search_stats st;
  auto js = search(q, st);
  ASSERT_EQ(js.size(), 1U);
  EXPECT_EQ(n.describe(js[0]), "08:00 T1 A-B 08:10, 08:20 T2 B-C 08:30, 08:40 T3 C-D 08:50");
  EXPECT_EQ(st.rounds_, 3U);
  // T1; at B, T2; at C, T3: a pattern is not scanned again from the stops it brought the last round to
  // (boarding there catches the same trip or a later one).
  EXPECT_EQ(st.patterns_scanned_, 3U);
  // Two rides cannot do: the search ends before its first round, without scanning anything.
  q.max_transfers_ = 1;
  st = {};
  EXPECT_TRUE(search(q, st).empty());
  EXPECT_EQ(st.rounds_, 0U);
  EXPECT_EQ(st.patterns_scanned_, 0U);
  // Nothing runs back: the same, whatever the limit; arriving by a time too (the mirrored search).
  auto back = n.q("D", "A", utc(2026, 6, 1, 5, 0));
  back.max_transfers_ = kMaxTransfersLimit;
  back.use_footpaths_ = false;
  st = {};
  EXPECT_TRUE(search(back, st).empty());
  EXPECT_EQ(st.patterns_scanned_, 0U);
  auto by = n.q("A", "D", utc(2026, 6, 1, 8, 0));
  by.arrive_by_ = true;
  by.use_footpaths_ = false;
  by.max_transfers_ = 1;
  st = {};
  EXPECT_TRUE(search(by, st).empty());
  EXPECT_EQ(st.patterns_scanned_, 0U);
  by.max_transfers_ = 2;
  EXPECT_EQ(search(by, st).size(), 1U);
  // With walks there are no hop bounds: the same answer, the search tries the rounds.
  q.use_footpaths_ = true;
  st = {};
  EXPECT_TRUE(search(q, st).empty());
  EXPECT_GT(st.patterns_scanned_, 0U);
  // Without a destination nothing is pruned: one-to-all reaches D.
  auto all = n.q("A", "D", utc(2026, 6, 1, 5, 0));
  all.to_.clear();
  EXPECT_EQ(n.engine_.earliest_arrivals(all, *n.state_)[n.stop("D").idx()], utc(2026, 6, 1, 6, 50));
}

TEST(Raptor, ChangeTimeIsKept) {
  //   A --t1--> B (08:30)   B --t2--> C leaves 08:31 (too tight with 2 min) and t3 leaves 08:40
  network n{line_feed(kFarStops, "R,A,1,,3\n", "R,S,t1\nR,S,t2\nR,S,t3\n", "S,1,1,1,1,1,1,1,20260601,20260630\n",
                      "t1,08:00:00,08:00:00,A,1\nt1,08:30:00,08:30:00,B,2\n"
                      "t2,08:31:00,08:31:00,B,1\nt2,08:50:00,08:50:00,C,2\n"
                      "t3,08:40:00,08:40:00,B,1\nt3,09:10:00,09:10:00,C,2\n")};
  auto q = n.q("A", "C", utc(2026, 6, 1, 5, 0));
  EXPECT_EQ(n.describe(n.route(q).at(0)), "08:00 t1 A-B 08:30, 08:40 t3 B-C 09:10");
  q.min_change_s_ = 60;
  EXPECT_EQ(n.describe(n.route(q).at(0)), "08:00 t1 A-B 08:30, 08:31 t2 B-C 08:50");
}

TEST(Raptor, FootpathBetweenNearbyStops) {
  //   A --t1--> B ~~walk 100 m~~ C --t2--> D
  auto const stops = "A,A,50.0,8.0\nB,B,50.2,8.0\nC,C,50.2009,8.0\nD,D,50.6,8.0\n";
  network n{line_feed(stops, "R,A,1,,3\n", "R,S,t1\nR,S,t2\n", "S,1,1,1,1,1,1,1,20260601,20260630\n",
                      "t1,08:00:00,08:00:00,A,1\nt1,08:30:00,08:30:00,B,2\n"
                      "t2,08:33:00,08:33:00,C,1\nt2,09:00:00,09:00:00,D,2\n")};
  auto q = n.q("A", "D", utc(2026, 6, 1, 5, 0));
  auto const js = n.route(q);
  ASSERT_EQ(js.size(), 1U);
  EXPECT_EQ(n.describe(js[0]), "08:00 t1 A-B 08:30, 08:30 walk B-C 08:31, 08:33 t2 C-D 09:00");
  q.use_footpaths_ = false;
  EXPECT_TRUE(n.route(q).empty());
}

TEST(Raptor, ATripArrivalAfterAnEarlierWalkThereStillWalksOn) {
  //   A --t1--> B ~~200 m~~ C ~~200 m~~ D      B-D is 400 m: no footpath (radius 300 m), walks do not chain
  //   A --t0--> E --t2--> C                     t2 reaches C after the walk from B, but only it may walk on to D
  //   A --t3--------------------------> D       the slow direct trip
  auto const stops = "A,A,50.0,8.0\nB,B,50.2,8.0\nC,C,50.2018,8.0\nD,D,50.2036,8.0\nE,E,50.5,8.0\n";
  network n{line_feed(stops, "R,A,1,,3\n", "R,S,t1\nR,S,t0\nR,S,t2\nR,S,t3\n", "S,1,1,1,1,1,1,1,20260601,20260630\n",
                      "t1,08:00:00,08:00:00,A,1\nt1,08:30:00,08:30:00,B,2\n"
                      "t0,08:00:00,08:00:00,A,1\nt0,08:05:00,08:05:00,E,2\n"
                      "t2,08:10:00,08:10:00,E,1\nt2,08:35:00,08:35:00,C,2\n"
                      "t3,08:00:00,08:00:00,A,1\nt3,09:00:00,09:00:00,D,2\n")};
  auto const js = n.route(n.q("A", "D", utc(2026, 6, 1, 5, 0)));
  ASSERT_EQ(js.size(), 2U);
  EXPECT_EQ(n.describe(js[0]), "08:00 t0 A-E 08:05, 08:10 t2 E-C 08:35, 08:35 walk C-D 08:37");
  EXPECT_EQ(n.describe(js[1]), "08:00 t3 A-D 09:00");
}

TEST(Raptor, StaySeatedOnABlockAndGuaranteedTripTransfers) {
  //   A --t1 (block X)--> B 08:30 | t2 (block X) B 08:30 --> C 09:00     same vehicle: stay seated
  //                               | t4 B 08:31 --> D 09:00               transfers.txt: t1 -> t4 timed (type 1)
  //                               | t3 B 10:00 --> C 10:30, t5 B 10:00 --> D 10:30   (a normal change)
  files f = line_feed(kFarStops, "R,A,1,,3\n", "", "S,1,1,1,1,1,1,1,20260601,20260630\n",
                      "t1,08:00:00,08:00:00,A,1\nt1,08:30:00,08:30:00,B,2\n"
                      "t2,08:30:00,08:30:00,B,1\nt2,09:00:00,09:00:00,C,2\n"
                      "t3,10:00:00,10:00:00,B,1\nt3,10:30:00,10:30:00,C,2\n"
                      "t4,08:31:00,08:31:00,B,1\nt4,09:00:00,09:00:00,D,2\n"
                      "t5,10:00:00,10:00:00,B,1\nt5,10:30:00,10:30:00,D,2\n");
  f["trips.txt"] = "route_id,service_id,trip_id,block_id\nR,S,t1,X\nR,S,t2,X\nR,S,t3,\nR,S,t4,\nR,S,t5,\n";
  f["transfers.txt"] = "from_stop_id,to_stop_id,from_trip_id,to_trip_id,transfer_type,min_transfer_time\nB,B,t1,t4,1,\n";
  network n{f};
  auto q = n.q("A", "C", utc(2026, 6, 1, 5, 0));
  auto js = n.route(q);
  ASSERT_EQ(js.size(), 1U);
  EXPECT_EQ(n.describe(js[0]), "08:00 t1 A-B 08:30, 08:30 t2 B-C 09:00");
  EXPECT_FALSE(js[0].legs_[0].stay_seated_);
  EXPECT_TRUE(js[0].legs_[1].stay_seated_);
  // The timed transfer to t4 needs no change time either, but is a real change.
  auto const to_d = n.route(n.q("A", "D", utc(2026, 6, 1, 5, 0)));
  ASSERT_EQ(to_d.size(), 1U);
  EXPECT_EQ(n.describe(to_d[0]), "08:00 t1 A-B 08:30, 08:31 t4 B-D 09:00");
  EXPECT_FALSE(to_d[0].legs_[1].stay_seated_);
  // Without trip links the 2-minute change time rules both out.
  q.use_trip_links_ = false;
  EXPECT_EQ(n.describe(n.route(q).at(0)), "08:00 t1 A-B 08:30, 10:00 t3 B-C 10:30");
  // Arrive-by finds the seated journey too.
  auto by = n.q("A", "C", utc(2026, 6, 1, 7, 15));  // at C by 09:15
  by.arrive_by_ = true;
  js = n.route(by);
  ASSERT_EQ(js.size(), 1U);
  EXPECT_EQ(n.describe(js[0]), "08:00 t1 A-B 08:30, 08:30 t2 B-C 09:00");
  EXPECT_TRUE(js[0].legs_[1].stay_seated_);
  by.to_ = {{n.stop("D"), 0}};
  EXPECT_EQ(n.describe(n.route(by).at(0)), "08:00 t1 A-B 08:30, 08:31 t4 B-D 09:00");
}

TEST(Raptor, TripPastMidnightAndOvernight) {
  //   A --night--> B   23:30 -> 25:15 (01:15 the next morning), on Fridays only
  network n{line_feed(kFarStops, "R,A,1,,3\n", "R,FRI,night\n", "FRI,0,0,0,0,1,0,0,20260601,20260630\n",
                      "night,23:30:00,23:30:00,A,1\nnight,25:15:00,25:15:00,B,2\n")};
  // Asked on Monday 1 June: the first run is Friday 5 June, arriving Saturday 01:15.
  auto const js = n.route(n.q("A", "B", utc(2026, 6, 1, 6, 0)));
  ASSERT_EQ(js.size(), 1U);
  EXPECT_EQ(js[0].arrival_, utc(2026, 6, 5, 23, 15));  // 01:15 Berlin summer time on the 6th
}

TEST(Raptor, WaitingDaysForAWeeklyServiceWithinTheHorizon) {
  network n{line_feed(kFarStops, "R,A,1,,3\n", "R,SUN,weekly\n", "SUN,0,0,0,0,0,0,1,20260601,20260630\n",
                      "weekly,10:00:00,10:00:00,A,1\nweekly,12:00:00,12:00:00,B,2\n")};
  auto q = n.q("A", "B", utc(2026, 6, 1, 6, 0));  // Monday
  auto const js = n.route(q);
  ASSERT_EQ(js.size(), 1U);
  EXPECT_EQ(js[0].arrival_, utc(2026, 6, 7, 10, 0));  // Sunday 12:00 Berlin
  q.horizon_s_ = 3 * 86400;
  EXPECT_TRUE(n.route(q).empty());
}

TEST(Raptor, MultiDayTrainAcrossTimeZones) {
  //   Xi'an (Beijing time) ==== 57 h ==== Almaty (UTC+5), leaves Thursday 2025-05-29 11:30
  files f{
      {"agency.txt", "agency_id,agency_name,agency_url,agency_timezone\nCR,CR,http://cr.example,Asia/Shanghai\n"},
      {"stops.txt", "stop_id,stop_name,stop_lat,stop_lon,stop_timezone\nXIY,Xi'an,34.37,108.93,\nURC,Urumqi,43.82,87.6,\n"
                    "ALA,Almaty,43.27,76.94,Asia/Almaty\n"},
      {"routes.txt", "route_id,agency_id,route_short_name,route_long_name,route_type\nT,CR,,Tourism train,2\n"},
      {"trips.txt", "route_id,service_id,trip_id\nT,S,train\n"},
      {"calendar_dates.txt", "service_id,date,exception_type\nS,20250529,1\n"},
      {"stop_times.txt", kStopTimesHeader + "train,11:30:00,11:30:00,XIY,1\ntrain,51:30:00,52:30:00,URC,2\n"
                                            "train,68:30:00,68:30:00,ALA,3\n"},
  };
  network n{f};
  auto const js = n.route(n.q("XIY", "ALA", utc(2025, 5, 28, 0, 0)));
  ASSERT_EQ(js.size(), 1U);
  EXPECT_EQ(n.describe(js[0]), "11:30 train XIY-ALA 17:30");
  EXPECT_EQ(js[0].duration(), 57 * 3600 + (js[0].departure_ - utc(2025, 5, 29, 3, 30)));
  EXPECT_EQ(js[0].legs_[0].arrival_ - js[0].legs_[0].departure_, 57 * 3600);
  // Boarding mid-way at Urumqi, 41 h into the service day that began on the 29th: 04:30 Beijing time
  // on the 31st (20:30 UTC on the 30th).
  auto const mid = n.route(n.q("URC", "ALA", utc(2025, 5, 30, 12, 0)));
  ASSERT_EQ(mid.size(), 1U);
  EXPECT_EQ(mid[0].legs_[0].departure_, utc(2025, 5, 30, 20, 30));
  EXPECT_EQ(mid[0].arrival_, utc(2025, 5, 31, 12, 30));
}

TEST(Raptor, DstNightIsExact) {
  //   A --t--> B   01:30 -> 03:30 service-day time on Sunday 2026-03-29, when Berlin springs forward
  //   at 02:00. GTFS counts from noon minus 12 h (23:00 CET on Saturday = 22:00 UTC): 01:30 is
  //   23:30 UTC, 03:30 is 01:30 UTC.
  network n{line_feed(kFarStops, "R,A,1,,3\n", "R,SUN,t\n", "SUN,0,0,0,0,0,0,1,20260301,20260331\n",
                      "t,01:30:00,01:30:00,A,1\nt,03:30:00,03:30:00,B,2\n")};
  auto const js = n.route(n.q("A", "B", utc(2026, 3, 28, 20, 0)));
  ASSERT_EQ(js.size(), 1U);
  EXPECT_EQ(js[0].legs_[0].departure_, utc(2026, 3, 28, 23, 30));
  EXPECT_EQ(js[0].arrival_, utc(2026, 3, 29, 1, 30));
}

TEST(Raptor, PickupAndDropOffRestrictions) {
  //   A --t--> B --t--> C   no boarding at B, no alighting at B
  files f = line_feed(kFarStops, "R,A,1,,3\n", "R,S,t\n", "S,1,1,1,1,1,1,1,20260601,20260630\n", "");
  f["stop_times.txt"] =
      "trip_id,arrival_time,departure_time,stop_id,stop_sequence,pickup_type,drop_off_type\n"
      "t,08:00:00,08:00:00,A,1,0,0\nt,08:30:00,08:30:00,B,2,1,1\nt,09:00:00,09:00:00,C,3,0,0\n";
  network n{f};
  EXPECT_TRUE(n.route(n.q("A", "B", utc(2026, 6, 1, 5, 0))).empty());
  EXPECT_TRUE(n.route(n.q("B", "C", utc(2026, 6, 1, 5, 0))).empty());
  EXPECT_EQ(n.route(n.q("A", "C", utc(2026, 6, 1, 5, 0))).size(), 1U);
}

TEST(Raptor, ModeFilterFindsTheBestTrainEvenWhenAFlightIsFaster) {
  //   A --flight (1100)--> B  09:00 -> 10:00
  //   A --train  (2)-----> B  08:00 -> 20:00
  files f = line_feed(kFarStops, "AIR,A,F1,,1100\nRAIL,A,T1,,2\n", "AIR,S,flight\nRAIL,S,train\n",
                      "S,1,1,1,1,1,1,1,20260601,20260630\n",
                      "flight,09:00:00,09:00:00,A,1\nflight,10:00:00,10:00:00,B,2\n"
                      "train,08:00:00,08:00:00,A,1\ntrain,20:00:00,20:00:00,B,2\n");
  network n{f};
  auto q = n.q("A", "B", utc(2026, 6, 1, 5, 0));
  ASSERT_EQ(n.route(q).size(), 1U);
  EXPECT_EQ(n.describe(n.route(q)[0]), "09:00 flight A-B 10:00");
  q.modes_ = mask_of(tt::mode::kRail);
  ASSERT_EQ(n.route(q).size(), 1U);
  EXPECT_EQ(n.describe(n.route(q)[0]), "08:00 train A-B 20:00");
}

TEST(Raptor, OneToAllEarliestArrivals) {
  network n{line_feed(kFarStops, "R,A,1,,3\n", "R,S,t\n", "S,1,1,1,1,1,1,1,20260601,20260630\n",
                      "t,08:00:00,08:00:00,A,1\nt,08:30:00,08:30:00,B,2\nt,09:00:00,09:00:00,C,3\n")};
  auto q = n.q("A", "A", utc(2026, 6, 1, 5, 0));
  auto const arr = n.engine_.earliest_arrivals(q, *n.state_);
  EXPECT_EQ(arr[n.stop("A").idx()], utc(2026, 6, 1, 5, 0));
  EXPECT_EQ(arr[n.stop("B").idx()], utc(2026, 6, 1, 6, 30));
  EXPECT_EQ(arr[n.stop("C").idx()], utc(2026, 6, 1, 7, 0));
  EXPECT_EQ(arr[n.stop("D").idx()], engine::kUnreachable);
  // The state is reused: a second, different query gives its own answer.
  q.from_ = {{n.stop("B"), 0}};
  auto const arr2 = n.engine_.earliest_arrivals(q, *n.state_);
  EXPECT_EQ(arr2[n.stop("A").idx()], engine::kUnreachable);
  EXPECT_EQ(arr2[n.stop("C").idx()], utc(2026, 6, 1, 7, 0));
}

TEST(Raptor, ArriveByGivesTheLatestDepartures) {
  //   A --early--> B   07:00 -> 07:40
  //   A --late---> B   08:00 -> 08:40
  //   A --later--> B   09:00 -> 09:40   (too late for 09:00)
  //   A --a1--> C --c2--> B   08:10 -> 08:20, 08:25 -> 08:55  (leaves later, one transfer)
  network n{line_feed(kFarStops, "R,A,1,,3\n", "R,S,early\nR,S,late\nR,S,later\nR,S,a1\nR,S,c2\n",
                      "S,1,1,1,1,1,1,1,20260601,20260630\n",
                      "early,07:00:00,07:00:00,A,1\nearly,07:40:00,07:40:00,B,2\n"
                      "late,08:00:00,08:00:00,A,1\nlate,08:40:00,08:40:00,B,2\n"
                      "later,09:00:00,09:00:00,A,1\nlater,09:40:00,09:40:00,B,2\n"
                      "a1,08:10:00,08:10:00,A,1\na1,08:20:00,08:20:00,C,2\n"
                      "c2,08:25:00,08:25:00,C,1\nc2,08:55:00,08:55:00,B,2\n")};
  auto q = n.q("A", "B", utc(2026, 6, 1, 7, 0));  // be at B by 09:00 Berlin
  q.arrive_by_ = true;
  auto const js = n.route(q);
  ASSERT_EQ(js.size(), 2U);
  // Latest departure first; the direct trip is kept because it needs no transfer.
  EXPECT_EQ(n.describe(js[0]), "08:10 a1 A-C 08:20, 08:25 c2 C-B 08:55");
  EXPECT_EQ(js[0].departure_, utc(2026, 6, 1, 6, 10));
  EXPECT_EQ(js[0].arrival_, utc(2026, 6, 1, 6, 55));
  EXPECT_EQ(n.describe(js[1]), "08:00 late A-B 08:40");
  // With a change time too long for C, only the direct trip is left.
  q.min_change_s_ = 600;
  q.override_min_change_ = true;
  ASSERT_EQ(n.route(q).size(), 1U);
  EXPECT_EQ(n.describe(n.route(q)[0]), "08:00 late A-B 08:40");
  // Arriving by 07:30 means the day before.
  q = n.q("A", "B", utc(2026, 6, 2, 5, 30));
  q.arrive_by_ = true;
  EXPECT_EQ(n.describe(n.route(q).at(0)), "09:00 later A-B 09:40");
  EXPECT_EQ(n.route(q).at(0).departure_, utc(2026, 6, 1, 7, 0));
}

TEST(Raptor, ArriveByWalksAndOvernightTrains) {
  //   A --night--> B ~~walk~~ C     night: 22:00 -> 26:00 (02:00 next morning), B-C 100 m
  auto const stops = "A,A,50.0,8.0\nB,B,50.2,8.0\nC,C,50.2009,8.0\nD,D,50.6,8.0\n";
  network n{line_feed(stops, "R,A,1,,3\n", "R,S,night\n", "S,1,1,1,1,1,1,1,20260601,20260630\n",
                      "night,22:00:00,22:00:00,A,1\nnight,26:00:00,26:00:00,B,2\n")};
  auto q = n.q("A", "C", utc(2026, 6, 3, 6, 0));  // at C by 08:00 on the 3rd
  q.arrive_by_ = true;
  auto const js = n.route(q);
  ASSERT_EQ(js.size(), 1U);
  EXPECT_EQ(n.describe(js[0]), "22:00 night A-B 02:00, 02:00 walk B-C 02:01");
  EXPECT_EQ(js[0].departure_, utc(2026, 6, 2, 20, 0));  // the train of the 2nd
  EXPECT_EQ(js[0].legs_[1].arrival_ - js[0].legs_[1].departure_, js[0].arrival_ - js[0].legs_[0].arrival_);
  // Arrive-by and a window together make no sense.
  q.window_s_ = 3600;
  EXPECT_EQ(n.problem(q), query_problem::kWindowArriveBy);
}

TEST(Raptor, RangeQueryListsEveryParetoJourneyInTheWindow) {
  //   A --r1--> B  every hour 06:00..10:00, 60 min
  //   A --f1--> C --f2--> B   07:20 -> 07:30, 07:35 -> 07:50   (leaves 07:20, arrives before the 07:00 train)
  //   Window 06:30-09:30: the hourly trains at 07:00, 08:00, 09:00 and the fast pair at 07:20. The
  //   07:00 train arrives later than the pair but needs no transfer, so both are Pareto-optimal. The
  //   10:00 train is what a traveller at the window's end waits for, so it is listed too.
  std::string times;
  std::string trips;
  for (int h = 6; h <= 10; ++h) {
    auto const id = "r" + std::to_string(h);
    trips += "R," "S," + id + "\n";
    times += fmt::format("{},{:02}:00:00,{:02}:00:00,A,1\n{},{:02}:00:00,{:02}:00:00,B,2\n", id, h, h, id, h + 1, h + 1);
  }
  trips += "R,S,f1\nR,S,f2\n";
  times += "f1,07:20:00,07:20:00,A,1\nf1,07:30:00,07:30:00,C,2\nf2,07:35:00,07:35:00,C,1\nf2,07:50:00,07:50:00,B,2\n";
  network n{line_feed(kFarStops, "R,A,1,,3\n", trips, "S,1,1,1,1,1,1,1,20260601,20260630\n", times)};
  auto q = n.q("A", "B", utc(2026, 6, 1, 4, 30));  // 06:30 Berlin
  q.window_s_ = 3 * 3600;
  search_stats stats;
  auto const js = n.engine_.route(q, *n.state_, &stats);
  std::vector<std::string> got;
  for (auto const& j : js) {
    got.push_back(n.describe(j));
  }
  EXPECT_EQ(got, (std::vector<std::string>{"07:00 r7 A-B 08:00", "07:20 f1 A-C 07:30, 07:35 f2 C-B 07:50",
                                           "08:00 r8 A-B 09:00", "09:00 r9 A-B 10:00", "10:00 r10 A-B 11:00"}));
  EXPECT_EQ(stats.runs_, 5U);  // one per departure in the window, and one from its end
  // A one-transfer limit of zero drops the fast pair.
  q.max_transfers_ = 0;
  EXPECT_EQ(n.route(q).size(), 4U);
  // Each journey of a range query is the earliest arrival for its departure and number of trips.
  for (auto const& j : js) {
    auto single = n.q("A", "B", j.departure_);
    single.max_transfers_ = j.transfers_;
    EXPECT_EQ(n.route(single).at(0).arrival_, j.arrival_);
  }
}

// A query may be stopped (routing::stop_condition): a flag set before the search, or a deadline already
// past, stops it at its first round with routing::cancelled; the thread's state then answers the next
// query as a fresh one would, for single runs, arrive-by and range queries alike.
TEST(Raptor, ACancelledSearchThrowsAndLeavesTheStateReadyForTheNextQuery) {
  std::string times;
  std::string trips;
  for (int h = 6; h <= 10; ++h) {
    auto const id = "r" + std::to_string(h);
    trips += "R," "S," + id + "\n";
    times += fmt::format("{},{:02}:00:00,{:02}:00:00,A,1\n{},{:02}:00:00,{:02}:00:00,B,2\n", id, h, h, id, h + 1, h + 1);
  }
  trips += "R,S,f1\nR,S,f2\n";
  times += "f1,07:20:00,07:20:00,A,1\nf1,07:30:00,07:30:00,C,2\nf2,07:35:00,07:35:00,C,1\nf2,07:50:00,07:50:00,B,2\n";
  network n{line_feed(kFarStops, "R,A,1,,3\n", trips, "S,1,1,1,1,1,1,1,20260601,20260630\n", times)};
  auto const describe_all = [&](std::vector<journey> const& js) {
    std::vector<std::string> out;
    for (auto const& j : js) {
      out.push_back(n.describe(j));
    }
    return out;
  };
  std::atomic<bool> stop{true};
  for (int kind = 0; kind != 3; ++kind) {
    auto q = n.q("A", "B", utc(2026, 6, 1, 4, 30));
    q.window_s_ = kind == 2 ? 3 * 3600 : 0;
    if (kind == 1) {
      q.arrive_by_ = true;
      q.time_ = utc(2026, 6, 1, 9, 0);
    }
    auto const expected = describe_all(n.engine_.route(q, *make_search_state()));  // on a fresh state
    ASSERT_FALSE(expected.empty());
    auto flagged = q;
    flagged.stop_.flag_ = &stop;
    EXPECT_THROW(n.route(flagged), cancelled) << kind;
    auto late = q;
    late.stop_.deadline_ = stop_condition::clock::now() - std::chrono::seconds{1};
    EXPECT_THROW(n.route(late), cancelled) << kind;
    EXPECT_EQ(describe_all(n.route(q)), expected) << kind;
    // A stop condition that does not fire changes nothing.
    auto later = q;
    later.stop_.deadline_ = stop_condition::clock::now() + std::chrono::hours{1};
    std::atomic<bool> go_on{false};
    later.stop_.flag_ = &go_on;
    EXPECT_EQ(describe_all(n.route(later)), expected) << kind;
  }
  // One-to-all too.
  auto all = n.q("A", "B", utc(2026, 6, 1, 4, 30));
  all.to_.clear();
  auto const before = std::vector<std::int64_t>(n.engine_.earliest_arrivals(all, *n.state_).begin(),
                                                n.engine_.earliest_arrivals(all, *n.state_).end());
  auto flagged = all;
  flagged.stop_.flag_ = &stop;
  EXPECT_THROW((void)n.engine_.earliest_arrivals(flagged, *n.state_), cancelled);
  auto const after = n.engine_.earliest_arrivals(all, *n.state_);
  EXPECT_EQ(std::vector<std::int64_t>(after.begin(), after.end()), before);
}

TEST(Raptor, ClosedStopsArePassedSeatedNeverLeftAt) {
  //   A --fast1--> B --fast2--> C   08:05 -> 08:30, 08:40 -> 09:00   (a change at B)
  //   A --slow---> B ------------> C   08:00 -> 08:30 -> 10:00        (seated through B)
  //   B closed (say, a country needing a visa): the fast pair is gone, the slow train passes through.
  network n{line_feed(kFarStops, "R,A,1,,3\n", "R,S,slow\nR,S,fast1\nR,S,fast2\n", "S,1,1,1,1,1,1,1,20260601,20260630\n",
                      "slow,08:00:00,08:00:00,A,1\nslow,08:39:00,08:40:00,B,2\nslow,10:00:00,10:00:00,C,3\n"
                      "fast1,08:05:00,08:05:00,A,1\nfast1,08:30:00,08:30:00,B,2\n"
                      "fast2,08:40:00,08:40:00,B,1\nfast2,09:00:00,09:00:00,C,2\n")};
  auto q = n.q("A", "C", utc(2026, 6, 1, 5, 0));
  EXPECT_EQ(n.describe(n.route(q).at(0)), "08:05 fast1 A-B 08:30, 08:40 fast2 B-C 09:00");
  q.closed_ = {n.stop("B")};
  auto const js = n.route(q);
  ASSERT_EQ(js.size(), 1U);
  EXPECT_EQ(n.describe(js[0]), "08:00 slow A-C 10:00");
  // Nor is B a destination, by any kind of search; one-to-all does not reach it.
  EXPECT_FALSE(n.route(n.q("A", "B", utc(2026, 6, 1, 5, 0))).empty());
  auto to_b = n.q("A", "B", utc(2026, 6, 1, 5, 0));
  to_b.closed_ = {n.stop("B")};
  EXPECT_TRUE(n.route(to_b).empty());
  to_b.window_s_ = 3600;
  EXPECT_TRUE(n.route(to_b).empty());
  to_b.window_s_ = 0;
  to_b.arrive_by_ = true;
  to_b.time_ = utc(2026, 6, 1, 12, 0);
  EXPECT_TRUE(n.route(to_b).empty());
  auto all = n.q("A", "B", utc(2026, 6, 1, 5, 0));
  all.to_.clear();
  all.closed_ = {n.stop("B")};
  auto const arrivals = n.engine_.earliest_arrivals(all, *n.state_);
  EXPECT_EQ(arrivals[n.stop("B").idx()], engine::kUnreachable);
  EXPECT_EQ(arrivals[n.stop("C").idx()], utc(2026, 6, 1, 8, 0));
  // A closed origin is where the traveller already is: it stays open. And the next query is unaffected.
  auto from_b = n.q("B", "C", utc(2026, 6, 1, 6, 35));
  from_b.closed_ = {n.stop("B")};
  EXPECT_EQ(n.describe(n.route(from_b).at(0)), "08:40 fast2 B-C 09:00");
  EXPECT_EQ(n.describe(n.route(n.q("A", "C", utc(2026, 6, 1, 5, 0))).at(0)), "08:05 fast1 A-B 08:30, 08:40 fast2 B-C 09:00");
}

TEST(Raptor, NoTimedTransferAtAClosedStop) {
  //   A --t1--> B (08:30)   B --t2--> C (08:30 -> 09:00), a timed transfer t1 -> t2 at B (no change time)
  //   A --slow----------> C  08:00 -> 11:00 (passes B seated)
  auto f = line_feed(kFarStops, "R,A,1,,3\n", "R,S,t1\nR,S,t2\nR,S,slow\n", "S,1,1,1,1,1,1,1,20260601,20260630\n",
                     "t1,08:00:00,08:00:00,A,1\nt1,08:30:00,08:30:00,B,2\n"
                     "t2,08:30:00,08:30:00,B,1\nt2,09:00:00,09:00:00,C,2\n"
                     "slow,08:00:00,08:00:00,A,1\nslow,09:50:00,09:51:00,B,2\nslow,11:00:00,11:00:00,C,3\n");
  f["transfers.txt"] = "from_stop_id,to_stop_id,transfer_type,from_trip_id,to_trip_id\nB,B,1,t1,t2\n";
  network n{f};
  auto q = n.q("A", "C", utc(2026, 6, 1, 5, 0));
  EXPECT_EQ(n.describe(n.route(q).at(0)), "08:00 t1 A-B 08:30, 08:30 t2 B-C 09:00");  // the timed transfer
  q.closed_ = {n.stop("B")};
  auto const js = n.route(q);
  ASSERT_EQ(js.size(), 1U);
  EXPECT_EQ(n.describe(js[0]), "08:00 slow A-C 11:00");
}

TEST(Raptor, BadQueriesAreRejected) {
  network n{line_feed(kFarStops, "R,A,1,,3\n", "R,S,t\n", "S,1,1,1,1,1,1,1,20260601,20260630\n",
                      "t,08:00:00,08:00:00,A,1\nt,08:30:00,08:30:00,B,2\n")};
  auto const good = n.q("A", "B", utc(2026, 6, 1, 5, 0));
  EXPECT_EQ(n.problem(good), std::nullopt);
  // Each fault is named by its own reason, so the planner can point at the field.
  auto const problem = [&](auto&& change) {
    auto q = good;
    change(q);
    return n.problem(q);
  };
  EXPECT_EQ(problem([](query& q) { q.from_.clear(); }), query_problem::kNoOrigin);
  EXPECT_EQ(problem([](query& q) { q.to_.clear(); }), query_problem::kNoDestination);
  EXPECT_EQ(problem([](query& q) { q.from_[0].stop_ = stop_idx{999U}; }), query_problem::kOriginNotInTimetable);
  EXPECT_EQ(problem([](query& q) { q.to_[0].stop_ = stop_idx::invalid(); }), query_problem::kDestinationNotInTimetable);
  EXPECT_EQ(problem([](query& q) { q.max_transfers_ = 64; }), query_problem::kTooManyTransfers);
  EXPECT_EQ(problem([](query& q) { q.max_transfers_ = kMaxTransfersLimit; }), std::nullopt);  // rounds until nothing improves
  EXPECT_EQ(problem([](query& q) { q.horizon_s_ = 400 * 86400; }), query_problem::kHorizon);
  EXPECT_EQ(problem([](query& q) { q.horizon_s_ = 0; }), query_problem::kHorizon);
  EXPECT_EQ(problem([](query& q) { q.window_s_ = -1; }), query_problem::kWindow);
  EXPECT_EQ(problem([](query& q) { q.window_s_ = 8 * 86400; }), query_problem::kWindow);
  EXPECT_EQ(problem([](query& q) { q.min_change_s_ = -5; }), query_problem::kChangeTime);
  EXPECT_EQ(problem([](query& q) { q.time_ = utc(2126, 6, 1, 5, 0); }), query_problem::kTimeOutsideTimetable);  // a century off
  // One-to-all takes no window and no arrive-by, but needs no destination.
  auto all = good;
  all.to_.clear();
  EXPECT_EQ(n.engine_.check_one_to_all(all), std::nullopt);
  all.arrive_by_ = true;
  EXPECT_EQ(n.engine_.check_one_to_all(all)->problem_, query_problem::kNotSingleTime);
  // Searching a refused query is a bug in the caller: the engine stops with the reason.
  auto bad = good;
  bad.max_transfers_ = 64;
  EXPECT_DEATH(n.route(bad), "at most 63 transfers");
}

}  // namespace
}  // namespace caravan::routing
