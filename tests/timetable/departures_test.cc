#include "caravan/timetable/departures.h"

#include <gtest/gtest.h>

#include <date/date.h>

#include "caravan/timetable/builder.h"

namespace caravan::tt {
namespace {

std::int32_t day(int y, unsigned m, unsigned d) {
  return date::sys_days{date::year{y} / date::month{m} / date::day{d}}.time_since_epoch().count();
}

TEST(LocalTime, BoardAndIsoStyles) {
  EXPECT_EQ(format_local(std::int64_t{day(2025, 5, 29)} * 86400 + 3 * 3600 + 1800, "Asia/Shanghai"), "2025-05-29 11:30 +08");
  EXPECT_EQ(format_local(std::int64_t{day(2025, 5, 29)} * 86400, "Asia/Kolkata"), "2025-05-29 05:30 +05:30");
  EXPECT_EQ(format_local(std::int64_t{day(2025, 5, 29)} * 86400 + 3 * 3600 + 1800, "Asia/Shanghai", time_style::kIso),
            "2025-05-29T11:30+08:00");
  EXPECT_EQ(format_local(std::int64_t{day(2025, 5, 29)} * 86400 + 7, "America/New_York", time_style::kIso),
            "2025-05-28T20:00:07-04:00");
  EXPECT_THROW(format_local(0, "Mars/Olympus_Mons"), std::runtime_error);
}

// The Xi'an - Urumqi - Almaty train (57 h, leaving Xi'an 11:30 Beijing time, no boarding at Almaty, no
// getting off at Xi'an) on the service days of `service_days` (bit 0: 2025-05-28), stops XIY, URC, ALA.
struct xian_almaty {
  timetable tt_;
  stop_idx xian_, mid_, almaty_;
};

xian_almaty xian_almaty_train(std::uint64_t service_days) {
  timetable_builder b{day(2025, 5, 28), 5};
  auto const cn = b.add_timezone("Asia/Shanghai");
  auto const kz = b.add_timezone("Asia/Almaty");
  auto const stop = [&](char const* id, tz_idx tz) {
    stop_record s{};
    s.id_ = b.intern(id);
    s.name_ = b.intern(id);
    s.parent_ = stop_idx::invalid();
    s.tz_ = tz;
    s.min_change_ = -1;
    return b.add_stop(s);
  };
  auto const xian = stop("XIY", cn);
  auto const mid = stop("URC", cn);
  auto const almaty = stop("ALA", kz);
  route_record r{};
  r.id_ = b.intern("T");
  r.route_type_ = 2;
  auto const route = b.add_route(r);
  std::vector<std::uint64_t> days(b.bitfield_words(), 0);
  days[0] = service_days;
  trip_input in{};
  in.record_.id_ = b.intern("train");
  in.record_.route_ = route;
  in.record_.service_ = b.add_service(days);
  in.tz_ = cn;
  in.mode_ = mode::kRail;
  b.add_trip(in,
             std::vector<pattern_stop>{pattern_stop::make(xian, true, false), pattern_stop::make(mid, true, true),
                                       pattern_stop::make(almaty, false, true)},
             std::vector<stop_time>{{41400, 41400}, {41400 + 40 * 3600, 41400 + 41 * 3600}, {41400 + 57 * 3600, 41400 + 57 * 3600}});
  progress p{false};
  build_stats stats;
  return {timetable::from_data(b.finish({}, p, stats)), xian, mid, almaty};
}

TEST(Departures, BoardIncludesTripsFromEarlierServiceDays) {
  //   Xi'an (Beijing time) -------- 57 h -------- Almaty (UTC+5)
  //   a train leaves Xi'an 11:30 on 2025-05-29 (service day), stops at Urumqi, reaches Almaty
  //   2025-05-31 17:30 local; no boarding at Almaty.
  auto const train = xian_almaty_train(1U << 1U);  // 2025-05-29
  auto const& tt = train.tt_;
  auto const xian = train.xian_, mid = train.mid_, almaty = train.almaty_;

  auto const at_xian = departures(tt, xian, day(2025, 5, 29));
  ASSERT_EQ(at_xian.size(), 1U);
  EXPECT_EQ(format_local(at_xian[0].time_, "Asia/Shanghai"), "2025-05-29 11:30 +08");
  EXPECT_TRUE(departures(tt, xian, day(2025, 5, 30)).empty());
  // The train leaves Urumqi 41 h after Xi'an: on 2025-05-31 at 04:30 Beijing time, from the 29th's service.
  auto const at_mid = departures(tt, mid, day(2025, 5, 31));
  ASSERT_EQ(at_mid.size(), 1U);
  EXPECT_EQ(format_local(at_mid[0].time_, "Asia/Shanghai"), "2025-05-31 04:30 +08");
  EXPECT_TRUE(departures(tt, mid, day(2025, 5, 29)).empty());
  // Nobody boards at the terminus.
  EXPECT_TRUE(departures(tt, almaty, day(2025, 5, 31)).empty());
}

TEST(Departures, AStationsBoardIsItsStopsBoards) {
  //   station S: platforms P1, P2 and an entrance E (stops in the order S, P1, X, E, P2); X is elsewhere.
  //   a: P1 08:00 -> X     b: P2 09:00 -> X     c: X 07:00 -> P1 (nobody boards at P1)
  timetable_builder b{day(2026, 6, 1), 3};
  auto const tz = b.add_timezone("Asia/Almaty");
  auto const stop = [&](char const* id, location_type type, stop_idx parent) {
    stop_record s{};
    s.id_ = b.intern(id);
    s.name_ = b.intern(id);
    s.type_ = type;
    s.parent_ = parent;
    s.tz_ = tz;
    s.min_change_ = -1;
    return b.add_stop(s);
  };
  auto const station = stop("S", location_type::kStation, stop_idx::invalid());
  auto const p1 = stop("P1", location_type::kStop, station);
  auto const x = stop("X", location_type::kStop, stop_idx::invalid());
  auto const entrance = stop("E", location_type::kEntrance, station);
  auto const p2 = stop("P2", location_type::kStop, station);
  route_record r{};
  r.id_ = b.intern("R");
  r.route_type_ = 2;
  auto const route = b.add_route(r);
  std::vector<std::uint64_t> every_day(b.bitfield_words(), 0);
  every_day[0] = 0b111U;
  auto const service = b.add_service(every_day);
  auto const trip = [&](char const* id, stop_idx from, stop_idx to, std::int32_t dep) {
    trip_input in{};
    in.record_.id_ = b.intern(id);
    in.record_.route_ = route;
    in.record_.service_ = service;
    in.tz_ = tz;
    in.mode_ = mode::kRail;
    b.add_trip(in, std::vector<pattern_stop>{pattern_stop::make(from, true, false), pattern_stop::make(to, false, true)},
               std::vector<stop_time>{{dep, dep}, {dep + 3600, dep + 3600}});
  };
  trip("a", p1, x, 8 * 3600);
  trip("b", p2, x, 9 * 3600);
  trip("c", x, p1, 7 * 3600);
  progress p{false};
  build_stats stats;
  auto const tt = timetable::from_data(b.finish({}, p, stats));

  EXPECT_EQ(std::vector<stop_idx>(tt.children(station).begin(), tt.children(station).end()),
            (std::vector<stop_idx>{p1, entrance, p2}));
  EXPECT_TRUE(tt.children(p1).empty());
  EXPECT_TRUE(tt.children(x).empty());

  auto const trip_id = [&](departure const& d) { return std::string{tt.str(tt.trip(d.trip_).id_)}; };
  auto const board = departures(tt, station, day(2026, 6, 2));
  ASSERT_EQ(board.size(), 2U);
  EXPECT_EQ(trip_id(board[0]), "a");
  EXPECT_EQ(board[0].stop_, p1);
  EXPECT_EQ(format_local(board[0].time_, "Asia/Almaty"), "2026-06-02 08:00 +05");
  EXPECT_EQ(trip_id(board[1]), "b");
  EXPECT_EQ(board[1].stop_, p2);
  // A platform's board is its own; a stop outside the station is not on the station's.
  ASSERT_EQ(departures(tt, p1, day(2026, 6, 2)).size(), 1U);
  EXPECT_EQ(trip_id(departures(tt, p1, day(2026, 6, 2))[0]), "a");
  ASSERT_EQ(departures(tt, x, day(2026, 6, 2)).size(), 1U);
  EXPECT_EQ(trip_id(departures(tt, x, day(2026, 6, 2))[0]), "c");
}

TEST(StopEvents, DeparturesAndArrivalsInAnIntervalWithTheirServiceDays) {
  //   the Xi'an - Urumqi - Almaty train of the board test, running on service days 2025-05-29 and 05-30
  auto const train = xian_almaty_train(0b110U);  // 2025-05-29 and 05-30
  auto const& tt = train.tt_;
  auto const xian = train.xian_, mid = train.mid_, almaty = train.almaty_;
  auto const unix = [](int y, unsigned m, unsigned d, int h) { return std::int64_t{day(y, m, d)} * 86400 + h * 3600; };
  auto const one = [](stop_idx s) { return std::vector<stop_idx>{s}; };

  // Both runs leave Urumqi (05-31 04:30 and 06-01 04:30 Beijing time), each with its own service day.
  auto const deps = stop_events(tt, one(mid), unix(2025, 5, 30, 0), unix(2025, 6, 2, 0), event_kind::kDeparture);
  ASSERT_EQ(deps.size(), 2U);
  EXPECT_EQ(format_local(deps[0].time_, "Asia/Shanghai"), "2025-05-31 04:30 +08");
  EXPECT_EQ(deps[0].day_, *tt.day_of(day(2025, 5, 29)));
  EXPECT_EQ(deps[0].stop_pos_, 1U);
  EXPECT_EQ(format_local(deps[1].time_, "Asia/Shanghai"), "2025-06-01 04:30 +08");
  EXPECT_EQ(deps[1].day_, *tt.day_of(day(2025, 5, 30)));
  // Arrivals at Urumqi an hour earlier; the interval is half-open.
  auto const arrs = stop_events(tt, one(mid), deps[0].time_ - 3600, deps[1].time_ - 3600, event_kind::kArrival);
  ASSERT_EQ(arrs.size(), 1U);
  EXPECT_EQ(arrs[0].time_, deps[0].time_ - 3600);
  // Nobody gets off at Xi'an nor boards at Almaty; arriving at Almaty is an event of the 29th's run.
  auto const all = std::pair{unix(2025, 5, 28, 0), unix(2025, 6, 2, 0)};
  EXPECT_TRUE(stop_events(tt, one(xian), all.first, all.second, event_kind::kArrival).empty());
  EXPECT_TRUE(stop_events(tt, one(almaty), all.first, all.second, event_kind::kDeparture).empty());
  auto const at_almaty = stop_events(tt, one(almaty), all.first, all.second, event_kind::kArrival);
  ASSERT_EQ(at_almaty.size(), 2U);
  EXPECT_EQ(format_local(at_almaty[0].time_, "Asia/Almaty"), "2025-05-31 17:30 +05");
  EXPECT_EQ(at_almaty[0].day_, *tt.day_of(day(2025, 5, 29)));
  // A stop given twice lists its events once; an empty interval lists none.
  EXPECT_EQ(stop_events(tt, std::vector<stop_idx>{mid, mid}, all.first, all.second, event_kind::kDeparture).size(), 2U);
  EXPECT_TRUE(stop_events(tt, one(mid), all.second, all.first, event_kind::kDeparture).empty());
}

}  // namespace
}  // namespace caravan::tt
