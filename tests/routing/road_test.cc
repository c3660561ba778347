// Road links over a border crossing that opens on weekdays and hours and closes on holidays: the
// traveller waits at the crossing, or leaves later so as to arrive when it opens.
#include <gtest/gtest.h>

#include <date/date.h>

#include "caravan/base/error.h"
#include "caravan/base/progress.h"
#include "caravan/gtfs/load.h"
#include "caravan/routing/raptor.h"
#include "caravan/routing/road.h"
#include "caravan/timetable/file.h"

#include <filesystem>

namespace caravan::routing {
namespace {

using files = std::map<std::string, std::string>;

// Unix seconds of a Beijing-time wall clock (UTC+8, no DST).
std::int64_t beijing(int y, unsigned m, unsigned d, int hh, int mm) {
  return std::int64_t{date::sys_days{date::year{y} / date::month{m} / date::day{d}}.time_since_epoch().count()} * 86400 +
         (hh - 8) * 3600 + mm * 60;
}

//   A (Horgos) ==road 1 h, crossing X after 15 min, formalities 1 h==> B (Nur Zholy) --bus--> C (Zharkent)
//   X opens Mon-Fri 09:00-18:00, Sat 10:00-14:00, closed on Sundays and on Wednesday 2026-06-03.
//   The bus B-C leaves daily at 12:00 and 20:00 and takes an hour.
files border_feed(std::string crossing_hours = "09:00-18:00,09:00-18:00,09:00-18:00,09:00-18:00,09:00-18:00,10:00-14:00,") {
  return {
      {"agency.txt", "agency_id,agency_name,agency_url,agency_timezone\nA,A,http://a.example,Asia/Shanghai\n"},
      {"stops.txt", "stop_id,stop_name,stop_lat,stop_lon\nA,Horgos,44.2,80.4\nB,Nur Zholy,44.3,80.0\nC,Zharkent,44.16,80.0\n"},
      {"routes.txt", "route_id,agency_id,route_short_name,route_long_name,route_type\nR,A,1,,3\n"},
      {"trips.txt", "route_id,service_id,trip_id\nR,S,noon\nR,S,evening\n"},
      {"calendar.txt",
       "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nS,1,1,1,1,1,1,1,20260601,20260630\n"},
      {"stop_times.txt", "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
                         "noon,12:00:00,12:00:00,B,1\nnoon,13:00:00,13:00:00,C,2\n"
                         "evening,20:00:00,20:00:00,B,1\nevening,21:00:00,21:00:00,C,2\n"},
      {"caravan_border_crossings.txt",
       "crossing_id,crossing_name,crossing_timezone,monday,tuesday,wednesday,thursday,friday,saturday,sunday,formalities_time,source\n"
       "X,Khorgos - Nur Zholy,Asia/Shanghai," + crossing_hours + ",1:00:00,test\n"},
      {"caravan_border_closures.txt", "crossing_id,date,reason\nX,20260603,holiday\n"},
      {"caravan_road_links.txt", "link_id,from_stop_id,to_stop_id,road_mode,travel_time,crossing_id,time_to_crossing,estimated,source\n"
                                 "AB,A,B,taxi,1:00:00,X,0:15:00,1,test\n"},
  };
}

struct road_network {
  explicit road_network(files f) : tt_{make(std::move(f))}, engine_{tt_} {}
  static tt::timetable make(files f) {
    progress quiet{false};
    auto r = gtfs::load(*gtfs::memory_feed(std::move(f)), {}, quiet);
    report_ = r.report_;
    return tt::timetable::from_data(std::move(r.data_));
  }
  stop_idx stop(char const* id) const { return *tt_.find_stop(id); }
  tt::road_link const& link() const { return tt_.road_links_out(stop("A"))[0]; }
  query q(char const* from, char const* to, std::int64_t t) const {
    query x;
    x.from_ = {{stop(from), 0}};
    x.to_ = {{stop(to), 0}};
    x.time_ = t;
    return x;
  }
  inline static gtfs::import_report report_;
  tt::timetable tt_;
  engine engine_;
  std::unique_ptr<search_state, void (*)(search_state*)> state_ = make_search_state();
};

TEST(RoadLinks, ImportedWithTheirCrossing) {
  road_network n{border_feed()};
  ASSERT_EQ(n.tt_.road_links_out(n.stop("A")).size(), 1U);
  auto const& l = n.link();
  EXPECT_EQ(l.before_s_, 15 * 60);
  EXPECT_EQ(l.after_s_, 45 * 60);
  EXPECT_EQ(l.mode_, tt::road_mode::kTaxi);
  EXPECT_EQ(l.estimated_, 1U);
  ASSERT_TRUE(l.crossing_.valid());
  auto const& x = n.tt_.crossing(l.crossing_);
  EXPECT_EQ(n.tt_.str(x.name_), "Khorgos - Nur Zholy");
  EXPECT_EQ(x.formalities_s_, 3600);
  EXPECT_EQ(x.open_[5], 10 * 3600);  // Saturday
  EXPECT_EQ(x.open_[6], x.close_[6]);  // Sunday: closed
  EXPECT_EQ(n.tt_.closures(l.crossing_).size(), 1U);
  EXPECT_EQ(n.tt_.road_links_in(n.stop("B")).size(), 1U);
  EXPECT_EQ(n.report_.total_warnings(), 0U) << n.report_.to_string();
}

TEST(RoadLinks, SurviveTheSnapshotFile) {
  progress quiet{false};
  auto r = gtfs::load(*gtfs::memory_feed(border_feed()), {}, quiet);
  auto const path = std::filesystem::temp_directory_path() / "caravan-road-test.bin";
  tt::write_timetable(r.data_, path);
  auto const t = tt::timetable::load(path);
  std::filesystem::remove(path);
  auto const a = *t.find_stop("A");
  ASSERT_EQ(t.road_links_out(a).size(), 1U);
  auto const& l = t.road_links_out(a)[0];
  EXPECT_EQ(t.str(t.stop(l.to_).id_), "B");
  EXPECT_EQ(t.str(t.crossing(l.crossing_).id_), "X");
  EXPECT_EQ(t.closures(l.crossing_).size(), 1U);
  EXPECT_EQ(road_arrival(t, l, beijing(2026, 6, 1, 7, 0)), beijing(2026, 6, 1, 10, 45));
}

TEST(RoadLinks, WaitForTheCrossingToOpen) {
  road_network n{border_feed()};
  auto const& l = n.link();
  // Monday 07:00: at the crossing 07:15, opens 09:00, formalities to 10:00, at B 10:45.
  EXPECT_EQ(road_arrival(n.tt_, l, beijing(2026, 6, 1, 7, 0)), beijing(2026, 6, 1, 10, 45));
  EXPECT_EQ(road_wait(n.tt_, l, beijing(2026, 6, 1, 7, 0)), 105 * 60);
  // Monday 12:00: open, no wait.
  EXPECT_EQ(road_arrival(n.tt_, l, beijing(2026, 6, 1, 12, 0)), beijing(2026, 6, 1, 14, 0));
  // Monday 17:00: at 17:15 the formalities would end after 18:00: Tuesday 09:00.
  EXPECT_EQ(road_arrival(n.tt_, l, beijing(2026, 6, 1, 17, 0)), beijing(2026, 6, 2, 10, 45));
  // Tuesday evening: closed on Wednesday (holiday), so Thursday.
  EXPECT_EQ(road_arrival(n.tt_, l, beijing(2026, 6, 2, 20, 0)), beijing(2026, 6, 4, 10, 45));
  // Saturday 13:30: the Saturday window's last start is 13:00; closed Sunday; Monday 09:00.
  EXPECT_EQ(road_arrival(n.tt_, l, beijing(2026, 6, 6, 13, 30)), beijing(2026, 6, 8, 10, 45));
  // Backwards: to be at B by Monday 12:00, start the formalities by 10:15, leave A by 10:00.
  EXPECT_EQ(road_latest_departure(n.tt_, l, beijing(2026, 6, 8, 12, 0)), beijing(2026, 6, 8, 10, 0));
  // By Monday 08:00: only Saturday's window; its last start 13:00 means leaving A at 12:45.
  EXPECT_EQ(road_latest_departure(n.tt_, l, beijing(2026, 6, 8, 8, 0)), beijing(2026, 6, 6, 12, 45));
  // Outside the timetable's days the hours are unknown: no crossing.
  EXPECT_FALSE(road_arrival(n.tt_, l, beijing(2026, 6, 30, 19, 0)));
}

TEST(RoadLinks, RoundTheClockCrossingIsOpenOverMidnight) {
  // Open 00:00-24:00 every day but Sunday: the hour of formalities may start at 23:30 and end at 00:30
  // the next day, since both days are open then; on Saturday night it may not (Sunday is closed).
  road_network n{border_feed("00:00-24:00,00:00-24:00,00:00-24:00,00:00-24:00,00:00-24:00,00:00-24:00,")};
  auto const& l = n.link();
  // Monday 23:15: at the crossing 23:30, through at 00:30, at B 01:15 on Tuesday.
  EXPECT_EQ(road_arrival(n.tt_, l, beijing(2026, 6, 1, 23, 15)), beijing(2026, 6, 2, 1, 15));
  EXPECT_EQ(road_wait(n.tt_, l, beijing(2026, 6, 1, 23, 15)), 0);
  EXPECT_EQ(road_latest_departure(n.tt_, l, beijing(2026, 6, 2, 1, 15)), beijing(2026, 6, 1, 23, 15));
  // Saturday 23:15: the formalities would run into Sunday: Monday 00:00, at B 01:45.
  EXPECT_EQ(road_arrival(n.tt_, l, beijing(2026, 6, 6, 23, 15)), beijing(2026, 6, 8, 1, 45));
  // Tuesday 23:15 into the holiday Wednesday: through by 24:00 is impossible, so Thursday 00:00.
  EXPECT_EQ(road_arrival(n.tt_, l, beijing(2026, 6, 2, 23, 15)), beijing(2026, 6, 4, 1, 45));
}

TEST(RoadLinks, JourneyOverTheBorderLeavesAsLateAsTheCrossingAllows) {
  road_network n{border_feed()};
  auto const js = n.engine_.route(n.q("A", "C", beijing(2026, 6, 1, 7, 0)), *n.state_);
  ASSERT_EQ(js.size(), 1U);
  auto const& j = js[0];
  ASSERT_EQ(j.legs_.size(), 2U);
  EXPECT_EQ(j.legs_[0].kind_, leg_kind::kRoad);
  EXPECT_EQ(j.legs_[0].departure_, beijing(2026, 6, 1, 8, 45));  // at the crossing when it opens
  EXPECT_EQ(j.legs_[0].arrival_, beijing(2026, 6, 1, 10, 45));
  EXPECT_EQ(j.legs_[1].kind_, leg_kind::kTrip);
  EXPECT_EQ(j.arrival_, beijing(2026, 6, 1, 13, 0));
  EXPECT_EQ(j.transfers_, 1U);  // the drive is a ride of its own
  // On the holiday eve the noon bus of Thursday is the first one.
  auto const holiday = n.engine_.route(n.q("A", "C", beijing(2026, 6, 2, 20, 0)), *n.state_);
  ASSERT_EQ(holiday.size(), 1U);
  EXPECT_EQ(holiday[0].arrival_, beijing(2026, 6, 4, 13, 0));
  // Without road links (a mode filter), there is no way across.
  auto q = n.q("A", "C", beijing(2026, 6, 1, 7, 0));
  q.modes_ = mask_of(tt::mode::kBus);
  EXPECT_TRUE(n.engine_.route(q, *n.state_).empty());
}

TEST(RoadLinks, ArriveByOverTheBorder) {
  road_network n{border_feed()};
  // At C by Monday 2026-06-08 14:00: the noon bus from B, so at B by 11:58 (2 min change), the
  // formalities started by 10:13, leaving A at 09:58.
  auto q = n.q("A", "C", beijing(2026, 6, 8, 14, 0));
  q.arrive_by_ = true;
  auto const js = n.engine_.route(q, *n.state_);
  ASSERT_EQ(js.size(), 1U);
  EXPECT_EQ(js[0].departure_, beijing(2026, 6, 8, 9, 58));
  EXPECT_EQ(js[0].legs_[0].kind_, leg_kind::kRoad);
  EXPECT_EQ(js[0].legs_[0].arrival_, beijing(2026, 6, 8, 11, 58));
  EXPECT_EQ(js[0].arrival_, beijing(2026, 6, 8, 13, 0));
}

TEST(RoadLinks, BadRowsAreWarnedAndSkipped) {
  auto f = border_feed("9-18,09:00-18:00,09:00-18:00,09:00-18:00,09:00-18:00,10:00-14:00,");
  f["caravan_road_links.txt"] += "AC,A,C,bike,1:00:00,,,0,test\nAZ,A,Z,car,1:00:00,,,0,test\nAB2,A,B,car,1:00:00,Y,,0,test\n";
  road_network n{f};
  EXPECT_EQ(n.report_.warnings("bad border crossing"), 1U) << n.report_.to_string();
  EXPECT_EQ(n.report_.warnings("undefined stop"), 1U);
  EXPECT_EQ(n.report_.warnings("bad road link"), 3U);  // unknown crossing X (skipped above), unknown Y, bad mode
  // AC is kept (mode read as car); the links over a skipped or unknown crossing are not.
  ASSERT_EQ(n.tt_.road_links_out(n.stop("A")).size(), 1U);
  EXPECT_EQ(n.tt_.road_links_out(n.stop("A"))[0].to_, n.stop("C"));
}

}  // namespace
}  // namespace caravan::routing
