#include "caravan/timetable/builder.h"

#include <gtest/gtest.h>

#include <date/date.h>

#include "caravan/timetable/timetable.h"

namespace caravan::tt {
namespace {

std::int32_t day(int y, unsigned m, unsigned d) {
  return date::sys_days{date::year{y} / date::month{m} / date::day{d}}.time_since_epoch().count();
}

struct small_network {
  //   A ---- B ---- C        (stops on a line, 100 m apart; D is 5 km away)
  //   trips A->B->C
  timetable_builder b{day(2026, 3, 1), 31};
  tz_idx ny = b.add_timezone("America/New_York");
  stop_idx a, bb, c, d;
  route_idx r;
  bitfield_idx every_day;

  small_network() {
    auto stop = [&](char const* id, double lat, double lon) {
      stop_record s{};
      s.id_ = b.intern(id);
      s.name_ = b.intern(id);
      s.parent_ = stop_idx::invalid();
      s.tz_ = ny;
      s.min_change_ = -1;
      s.pos_ = {lat, lon};
      return b.add_stop(s);
    };
    a = stop("A", 40.0000, -74.0);
    bb = stop("B", 40.0009, -74.0);
    c = stop("C", 40.0018, -74.0);
    d = stop("D", 40.0450, -74.0);
    route_record rr{};
    rr.id_ = b.intern("R");
    rr.route_type_ = 3;
    r = b.add_route(rr);
    std::vector<std::uint64_t> words(b.bitfield_words(), ~std::uint64_t{0});
    every_day = b.add_service(words);
  }

  input_trip_idx trip(char const* id, std::vector<std::int32_t> deps) {
    trip_input in{};
    in.record_.id_ = b.intern(id);
    in.record_.route_ = r;
    in.record_.service_ = every_day;
    in.tz_ = ny;
    in.mode_ = mode::kBus;
    std::vector<pattern_stop> stops{pattern_stop::make(a, true, true), pattern_stop::make(bb, true, true),
                                    pattern_stop::make(c, true, true)};
    std::vector<stop_time> times;
    for (auto t : deps) {
      times.push_back({t, t});
    }
    return b.add_trip(in, stops, times);
  }

  timetable finish(footpath_options opt = {}) {
    progress p{false};
    build_stats stats;
    auto data = b.finish(opt, p, stats);
    stats_ = stats;
    return timetable::from_data(std::move(data));
  }
  build_stats stats_;
};

TEST(Builder, StringsAreInternedOnce) {
  timetable_builder b{0, 1};
  auto const x = b.intern("Алматы");
  EXPECT_EQ(b.intern("Алматы"), x);
  EXPECT_NE(b.intern("Almaty"), x);
  EXPECT_EQ(b.str(x), "Алматы");
  EXPECT_EQ(b.intern(""), string_idx{0U});
}

TEST(Builder, ServicesAreDeduplicated) {
  timetable_builder b{0, 100};
  std::vector<std::uint64_t> w1{1, 2};
  std::vector<std::uint64_t> w2{1, 3};
  EXPECT_EQ(b.add_service(w1), b.add_service(w1));
  EXPECT_NE(b.add_service(w1), b.add_service(w2));
}

TEST(Builder, TripsOfOneStopSequenceShareAPatternSortedByTime) {
  small_network n;
  n.trip("late", {9000, 9600, 10200});
  n.trip("early", {3600, 4200, 4800});
  auto const tt = n.finish();
  ASSERT_EQ(tt.n_patterns(), 1U);
  auto const p = pattern_idx{0U};
  EXPECT_EQ(tt.pattern(p).n_trips_, 2U);
  EXPECT_EQ(tt.str(tt.trip(trip_idx{0U}).id_), "early");
  EXPECT_EQ(tt.time_at(p, 1, 2).arr_, 10200);
  EXPECT_EQ(tt.trip(trip_idx{1U}).pattern_, p);
  ASSERT_EQ(tt.trip_times(trip_idx{1U}).size(), 3U);
  EXPECT_EQ(tt.trip_times(trip_idx{1U})[0].dep_, 9000);
}

TEST(Builder, OvertakingTripsAreSplitIntoPatterns) {
  //   slow:    A 08:00 -> B 08:30 -> C 09:00
  //   express: A 08:10 -> B 08:20 -> C 08:30   (leaves later, arrives earlier: overtakes)
  small_network n;
  n.trip("slow", {28800, 30600, 32400});
  n.trip("express", {29400, 30000, 30600});
  auto const tt = n.finish();
  EXPECT_EQ(tt.n_patterns(), 2U);
  EXPECT_EQ(n.stats_.n_overtaking_splits_, 1U);
  // Within each pattern, no trip overtakes another.
  for (auto const p : indices<pattern_idx>(tt.n_patterns())) {
    auto const n_stops = tt.pattern_stops(p).size();
    for (std::uint32_t k = 1; k < tt.pattern(p).n_trips_; ++k) {
      for (std::uint32_t i = 0; i != n_stops; ++i) {
        EXPECT_LE(tt.time_at(p, k - 1, i).dep_, tt.time_at(p, k, i).dep_);
      }
    }
  }
  EXPECT_EQ(tt.patterns_at(n.a).size(), 2U);
}

TEST(Builder, MaxDaysCountsMultiDayTrips) {
  small_network n;
  n.trip("57h", {41400, 120000, 41400 + 57 * 3600});
  auto const tt = n.finish();
  EXPECT_EQ(tt.pattern(pattern_idx{0U}).max_days_, 2U);
}

TEST(Builder, FootpathsWithinRadiusAreGeneratedAndClosed) {
  small_network n;
  n.trip("t", {0, 60, 120});
  footpath_options opt;
  opt.walk_radius_m_ = 150;  // A-B and B-C are 100 m apart; A-C 200 m
  auto const tt = n.finish(opt);
  auto const from_a = tt.footpaths_out(n.a);
  // A reaches B directly. C is 200 m away: through B that is 168 s, over the bound of 150 m / 1.2 m/s =
  // 125 s, so the closure does not add it.
  ASSERT_EQ(from_a.size(), 1U);
  EXPECT_EQ(from_a[0].target_, n.bb);
  EXPECT_EQ(from_a[0].duration_, 84);  // ceil(100.08 m / 1.2 m/s)
  EXPECT_TRUE(tt.footpaths_out(n.d).empty());
  ASSERT_EQ(tt.footpaths_in(n.bb).size(), 2U);
}

TEST(Builder, ExplicitFootpathsOverrideAndExtendTheClosure) {
  small_network n;
  n.trip("t", {0, 60, 120});
  n.b.add_footpath(n.c, n.d, 600);  // a long explicit walk C -> D
  footpath_options opt;
  opt.walk_radius_m_ = 150;
  auto const tt = n.finish(opt);
  // The bound grows to 600 s: B reaches D via C (84 + 600 > 600: no), C reaches D (600).
  auto const from_c = tt.footpaths_out(n.c);
  auto const to_d = std::find_if(from_c.begin(), from_c.end(), [&](footpath const& f) { return f.target_ == n.d; });
  ASSERT_NE(to_d, from_c.end());
  EXPECT_EQ(to_d->duration_, 600);
  // A reaches C through B: 84 + 84 = 168 s <= 600 s.
  auto const from_a = tt.footpaths_out(n.a);
  auto const to_c = std::find_if(from_a.begin(), from_a.end(), [&](footpath const& f) { return f.target_ == n.c; });
  ASSERT_NE(to_c, from_a.end());
  EXPECT_EQ(to_c->duration_, 168);
}

TEST(Builder, ServiceDayStartFollowsDst) {
  // New York switches to summer time on 2026-03-08. A service day starts at noon minus 12 h:
  // 2026-03-07: noon EST = 17:00 UTC -> start 05:00 UTC; 2026-03-08: noon EDT = 16:00 UTC -> 04:00 UTC.
  small_network n;
  n.trip("t", {0, 60, 120});
  auto const tt = n.finish();
  auto const d7 = *tt.day_of(day(2026, 3, 7));
  auto const d8 = *tt.day_of(day(2026, 3, 8));
  EXPECT_EQ(tt.service_day_start(n.ny, d7), std::int64_t{day(2026, 3, 7)} * 86400 + 5 * 3600);
  EXPECT_EQ(tt.service_day_start(n.ny, d8), std::int64_t{day(2026, 3, 8)} * 86400 + 4 * 3600);
  EXPECT_FALSE(tt.day_of(day(2026, 2, 28)));
  EXPECT_FALSE(tt.day_of(day(2026, 4, 1)));
}

TEST(Builder, ServiceDayStartEastOfUtcIsThePreviousUtcDay) {
  // Kazakhstan has been on UTC+5 everywhere since 2024-03-01: Almaty's service day 2026-06-01 starts at
  // 2026-05-31 19:00 UTC.
  timetable_builder b{day(2026, 6, 1), 1};
  auto const almaty = b.add_timezone("Asia/Almaty");
  progress p{false};
  build_stats stats;
  auto const tt = timetable::from_data(b.finish({}, p, stats));
  EXPECT_EQ(tt.service_day_start(almaty, day_idx{0U}), std::int64_t{day(2026, 6, 1)} * 86400 - 5 * 3600);
}

TEST(Builder, StaySeatedFollowsBlocks) {
  small_network n;
  auto const mk = [&](char const* id, std::vector<pattern_stop> stops, std::vector<std::int32_t> deps) {
    trip_input in{};
    in.record_.id_ = n.b.intern(id);
    in.record_.block_id_ = n.b.intern("block-1");
    in.record_.route_ = n.r;
    in.record_.service_ = n.every_day;
    in.tz_ = n.ny;
    in.mode_ = mode::kBus;
    std::vector<stop_time> times;
    for (auto t : deps) {
      times.push_back({t, t});
    }
    n.b.add_trip(in, stops, times);
  };
  auto const ps = [](stop_idx s) { return pattern_stop::make(s, true, true); };
  mk("out", {ps(n.a), ps(n.bb), ps(n.c)}, {0, 60, 120});
  mk("back", {ps(n.c), ps(n.bb), ps(n.a)}, {300, 360, 420});
  mk("elsewhere", {ps(n.d), ps(n.a)}, {500, 600});  // starts where "back" did not end
  auto const tt = n.finish();
  ASSERT_EQ(tt.columns().stay_seated_.size(), 1U);
  auto const& s = tt.columns().stay_seated_[0];
  EXPECT_EQ(tt.str(tt.trip(s.from_).id_), "out");
  EXPECT_EQ(tt.str(tt.trip(s.to_).id_), "back");
}

TEST(Builder, LookupsById) {
  small_network n;
  n.trip("t1", {0, 60, 120});
  n.trip("t0", {10, 70, 130});
  auto const tt = n.finish();
  EXPECT_EQ(tt.find_stop("C"), n.c);
  EXPECT_FALSE(tt.find_stop("Z"));
  EXPECT_EQ(tt.find_route("R"), n.r);
  ASSERT_EQ(tt.find_trips("t0").size(), 1U);
  EXPECT_EQ(tt.str(tt.trip(tt.find_trips("t0")[0]).id_), "t0");
  EXPECT_TRUE(tt.find_trips("nope").empty());
}

}  // namespace
}  // namespace caravan::tt
