// Border crossings as data: their position and closure reasons imported (optional columns, malformed
// values warned about at file:line:column), kept in the snapshot file, and their status on a day
// (tt::crossing_status_on): open with hours, closed that weekday, closed on a listed date with why,
// and the next opening.
#include <gtest/gtest.h>
#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "caravan/base/date.h"
#include "caravan/base/progress.h"
#include "caravan/gtfs/load.h"
#include "caravan/timetable/builder.h"
#include "caravan/timetable/crossings.h"
#include "caravan/timetable/file.h"

namespace caravan::tt {
namespace {

using files = std::map<std::string, std::string>;

std::int32_t day(char const* iso) { return *parse_date(iso, date_format::kIso); }

// Two crossings: X (Irkeshtam-like, Mon-Fri 10:00-18:00 Beijing time, closed 2026-06-03 for a holiday
// listed twice with two reasons, and on 2026-06-10 without one) and Y (round the clock, no position).
files crossing_feed(std::string const& x_position = "39.68,73.91", std::string const& position_header = ",crossing_lat,crossing_lon") {
  auto const no_position = position_header.empty() ? std::string{} : std::string{",,"};
  auto const x_cells = position_header.empty() ? std::string{} : "," + x_position;
  return {
      {"agency.txt", "agency_id,agency_name,agency_url,agency_timezone\nA,A,http://a.example,Asia/Shanghai\n"},
      {"stops.txt", "stop_id,stop_name,stop_lat,stop_lon\nK,Kashgar,39.47,75.99\nO,Osh,40.52,72.8\n"},
      {"routes.txt", "route_id,agency_id,route_short_name,route_long_name,route_type\nR,A,1,,3\n"},
      {"trips.txt", "route_id,service_id,trip_id\nR,S,t\n"},
      {"calendar.txt",
       "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nS,1,1,1,1,1,1,1,20260601,20260630\n"},
      {"stop_times.txt", "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nt,08:00:00,08:00:00,K,1\nt,20:00:00,20:00:00,O,2\n"},
      {"caravan_border_crossings.txt",
       "crossing_id,crossing_name,crossing_timezone,monday,tuesday,wednesday,thursday,friday,saturday,sunday,formalities_time" +
           position_header + ",source,confidence\n"
           "X,Irkeshtam,Asia/Shanghai,10:00-18:00,10:00-18:00,10:00-18:00,10:00-18:00,10:00-18:00,,,2:00:00" + x_cells +
           ",hours assumed,estimated\n"
           "Y,Ak-Zhol,Asia/Bishkek,00:00-24:00,00:00-24:00,00:00-24:00,00:00-24:00,00:00-24:00,00:00-24:00,00:00-24:00,0:30:00" +
           no_position + ",round the clock,exact\n"},
      {"caravan_border_closures.txt",
       "crossing_id,date,reason\nX,20260603,Chinese holiday: Dragon Boat\nX,20260603,Kyrgyz holiday\nX,20260610,\n"},
  };
}

struct imported {
  explicit imported(files f) {
    progress quiet{false};
    auto r = gtfs::load(*gtfs::memory_feed(std::move(f)), {}, quiet);
    report_ = r.report_;
    tt_ = std::make_unique<timetable>(timetable::from_data(std::move(r.data_)));
  }
  crossing_idx find(std::string_view id) const {
    for (std::size_t i = 0; i != tt_->n_crossings(); ++i) {
      if (tt_->str(tt_->crossing(crossing_idx{i}).id_) == id) {
        return crossing_idx{i};
      }
    }
    ADD_FAILURE() << "no crossing " << id;
    return crossing_idx{0};
  }
  gtfs::import_report report_;
  std::unique_ptr<timetable> tt_;
};

TEST(Crossings, PositionConfidenceAndReasonsAreImported) {
  imported const f{crossing_feed()};
  EXPECT_EQ(f.report_.total_warnings(), 0U) << f.report_.to_string();
  auto const& x = f.tt_->crossing(f.find("X"));
  EXPECT_EQ(x.has_position_, 1U);
  EXPECT_DOUBLE_EQ(x.pos_.lat_, 39.68);
  EXPECT_DOUBLE_EQ(x.pos_.lon_, 73.91);
  EXPECT_EQ(x.confidence_, confidence::kEstimated);
  auto const& y = f.tt_->crossing(f.find("Y"));
  EXPECT_EQ(y.has_position_, 0U);  // empty cells: no position, and no warning
  EXPECT_EQ(y.confidence_, confidence::kExact);
  // One entry per date; a date listed twice keeps both reasons.
  ASSERT_EQ(f.tt_->closures(f.find("X")).size(), 2U);
  EXPECT_EQ(f.tt_->str(f.tt_->closure_reasons(f.find("X"))[0]), "Chinese holiday: Dragon Boat; Kyrgyz holiday");
  EXPECT_EQ(f.tt_->str(f.tt_->closure_reasons(f.find("X"))[1]), "");
}

TEST(Crossings, AFeedWithoutPositionColumnsImports) {
  imported const f{crossing_feed("", "")};
  EXPECT_EQ(f.report_.total_warnings(), 0U) << f.report_.to_string();
  EXPECT_EQ(f.tt_->n_crossings(), 2U);
  EXPECT_EQ(f.tt_->crossing(f.find("X")).has_position_, 0U);
}

TEST(Crossings, MalformedPositionsAreWarnedAboutWithFileLineAndField) {
  struct bad {
    char const* cells_;
    char const* where_;  // file:line:column and the field named in the message
  };
  for (auto const& b : {bad{"north,73.91", "caravan_border_crossings.txt:2:12: crossing_lat `north` is not a latitude"},
                        bad{"91,73.91", "caravan_border_crossings.txt:2:12: crossing_lat `91` is not a latitude"},
                        bad{"39.68,", "caravan_border_crossings.txt:2:13: crossing_lon `` is not a longitude"},
                        bad{"39.68,181", "caravan_border_crossings.txt:2:13: crossing_lon `181` is not a longitude"}}) {
    imported const f{crossing_feed(b.cells_)};
    ASSERT_EQ(f.report_.warnings("bad border crossing"), 1U) << b.cells_ << "\n" << f.report_.to_string();
    auto const& example = f.report_.warnings_.at("bad border crossing").examples_.at(0);
    EXPECT_NE(example.find(b.where_), std::string::npos) << example;
    // The crossing still serves road links, without a position.
    EXPECT_EQ(f.tt_->n_crossings(), 2U);
    EXPECT_EQ(f.tt_->crossing(f.find("X")).has_position_, 0U) << b.cells_;
  }
}

TEST(Crossings, PositionAndReasonsSurviveTheSnapshotFile) {
  progress quiet{false};
  auto r = gtfs::load(*gtfs::memory_feed(crossing_feed()), {}, quiet);
  auto const path = std::filesystem::temp_directory_path() / fmt::format("caravan-crossings-test-{}.bin", ::getpid());
  write_timetable(r.data_, path);
  auto const t = timetable::load(path);
  std::filesystem::remove(path);
  auto const& x = t.crossing(crossing_idx{0});
  EXPECT_EQ(t.str(x.id_), "X");
  EXPECT_EQ(x.has_position_, 1U);
  EXPECT_DOUBLE_EQ(x.pos_.lon_, 73.91);
  EXPECT_EQ(x.confidence_, confidence::kEstimated);
  EXPECT_EQ(t.str(t.closure_reasons(crossing_idx{0})[0]), "Chinese holiday: Dragon Boat; Kyrgyz holiday");
}

TEST(Crossings, WeekdaysCountFromMonday) {
  EXPECT_EQ(weekday_of(0), 3);  // 1970-01-01, a Thursday
  EXPECT_EQ(weekday_of(day("2026-06-01")), 0);
  EXPECT_EQ(weekday_of(day("2026-06-07")), 6);
  EXPECT_EQ(weekday_of(-1), 2);  // 1969-12-31, a Wednesday
}

TEST(Crossings, StatusOnADay) {
  imported const f{crossing_feed()};
  auto const& t = *f.tt_;
  auto const x = f.find("X");
  // A Tuesday: open, with the day's hours.
  auto const tue = crossing_status_on(t, x, day("2026-06-02"));
  EXPECT_EQ(tue.day_.state_, crossing_state::kOpen);
  EXPECT_EQ(format_hours(tue.day_.open_s_, tue.day_.close_s_), "10:00-18:00");
  ASSERT_TRUE(tue.next_opening_.has_value());
  EXPECT_EQ(format_date(tue.next_opening_->date_), "2026-06-04");  // the 3rd is a listed holiday
  // The listed holiday, with its reasons.
  auto const wed = crossing_status_on(t, x, day("2026-06-03"));
  EXPECT_EQ(wed.day_.state_, crossing_state::kClosedListed);
  EXPECT_EQ(wed.day_.reason_, "Chinese holiday: Dragon Boat; Kyrgyz holiday");
  EXPECT_EQ(to_string(wed.day_.state_), "closed_listed");
  // A Saturday: closed that weekday; it opens again on Monday.
  auto const sat = crossing_status_on(t, x, day("2026-06-06"));
  EXPECT_EQ(sat.day_.state_, crossing_state::kClosedWeekday);
  ASSERT_TRUE(sat.next_opening_.has_value());
  EXPECT_EQ(format_date(sat.next_opening_->date_), "2026-06-08");
  EXPECT_EQ(sat.next_opening_->open_s_, 10 * 3600);
  // The last day of the data is a Tuesday (2026-06-30): no opening known after it.
  EXPECT_FALSE(crossing_status_on(t, x, day("2026-06-30")).next_opening_.has_value());
  // Round the clock.
  auto const y = crossing_on(t, f.find("Y"), day("2026-06-07"));
  EXPECT_EQ(format_hours(y.open_s_, y.close_s_), "00:00-24:00");
  EXPECT_EQ(format_hours(20 * 3600, 26 * 3600 + 30 * 60), "20:00-26:30");
}

TEST(Crossings, TheLocalDateIsTheCrossingsOwn) {
  imported const f{crossing_feed()};
  // 2026-06-05 17:30 UTC is 01:30 on the 6th in Beijing, 23:30 on the 5th in Bishkek.
  auto const t = std::int64_t{day("2026-06-05")} * 86400 + 17 * 3600 + 30 * 60;
  EXPECT_EQ(format_date(crossing_local_date(*f.tt_, f.find("X"), t)), "2026-06-06");
  EXPECT_EQ(format_date(crossing_local_date(*f.tt_, f.find("Y"), t)), "2026-06-05");
}

}  // namespace
}  // namespace caravan::tt
