// Every real feed in ../shared/gtfs/feeds imports, with the row counts FEEDS.md gives, and known trips
// have the times their feeds give them, including a DST day and trips past midnight.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include <date/date.h>

#include "caravan/base/progress.h"
#include "caravan/gtfs/load.h"
#include "caravan/timetable/timetable.h"

namespace caravan::gtfs {
namespace {

namespace fs = std::filesystem;
using namespace caravan::tt;

fs::path feeds_dir() {
  char const* env = std::getenv("CARAVAN_SHARED_DIR");
  return fs::path{env != nullptr ? env : CARAVAN_SHARED_DIR} / "gtfs" / "feeds";
}

struct expected_feed {
  char const* name_;
  std::uint64_t stops_, trips_, stop_times_;
};

// From ../shared/gtfs/FEEDS.md (data rows).
constexpr expected_feed kFeeds[] = {
    {"sample-gtfs-feed", 10, 10, 29},          {"hk-mtr-highspeedrail", 30, 82, 198},
    {"laos-wikitimetable", 63, 98, 430},       {"otp-vvs-bus-751", 47, 134, 1'495},
    {"otp-caltrain", 31, 252, 4'560},          {"otp-kcm", 56, 282, 6'923},
    {"otp-cobblinc-bus-30", 187, 317, 19'597}, {"tl-trimet-2routes", 103, 2'341, 43'813},
    {"tl-bart-new", 186, 4'225, 61'853},       {"tl-cdmx", 6'021, 1'741, 70'714},
    {"carta", 1'163, 1'848, 82'644},           {"kyiv-kyivpastrans", 1'447, 23'547, 100'220},
    {"sacrt", 2'839, 5'008, 192'572},          {"nyc-mta-lirr", 127, 2'081, 22'730},
    {"tl-wmata", 2'175, 16'514, 352'668},      {"tl-hart", 2'349, 14'718, 435'507},
    {"nyc-mta-subway", 1'488, 20'621, 565'093}, {"nyc-mta-mnr", 114, 49'131, 629'760},
    {"nyc-mta-bus_bk", 4'575, 58'357, 2'400'187},
    {"nyc-mta-merged-subway-bus", 14'949, 251'153, 8'000'304},
};

void PrintTo(expected_feed const& f, std::ostream* os) { *os << f.name_; }

struct imported {
  timetable tt_;
  import_report report_;
};

imported import_feed(std::string const& name) {
  auto const feed = open_feed(feeds_dir() / (name + ".zip"));
  progress p{false};
  auto r = load(*feed, {}, p);
  return {timetable::from_data(std::move(r.data_)), std::move(r.report_)};
}

#define SKIP_WITHOUT_SHARED()                                                                  \
  if (!fs::is_directory(feeds_dir())) {                                                        \
    GTEST_SKIP() << "no shared feeds at " << feeds_dir() << " (../shared beside the checkout)"; \
  }

class RealFeed : public ::testing::TestWithParam<expected_feed> {};

TEST_P(RealFeed, ImportsWithTheRowCountsOfFeedsMd) {
  SKIP_WITHOUT_SHARED();
  auto const& e = GetParam();
  auto const [tt, report] = import_feed(e.name_);
  EXPECT_EQ(report.rows_.at("stops.txt"), e.stops_);
  EXPECT_EQ(report.rows_.at("trips.txt"), e.trips_);
  EXPECT_EQ(report.rows_.at("stop_times.txt"), e.stop_times_);
  EXPECT_EQ(tt.n_stops(), e.stops_);
  EXPECT_GT(tt.n_trips(), 0U);
  EXPECT_GT(tt.n_patterns(), 0U);
  // Every stop time read ends up in the timetable unless its trip was reported as skipped.
  std::uint64_t skipped_trips = 0;
  for (auto const& [what, n] : report.skipped_) {
    skipped_trips += what.starts_with("trips") ? n : 0;
  }
  if (skipped_trips == 0 && report.rows_.count("frequencies.txt") == 0) {
    EXPECT_EQ(tt.n_stop_times(), e.stop_times_);
    EXPECT_EQ(tt.n_trips(), e.trips_);
  }
}

INSTANTIATE_TEST_SUITE_P(Feeds, RealFeed, ::testing::ValuesIn(kFeeds),
                         [](auto const& param_info) {
                           std::string n = param_info.param.name_;
                           std::replace_if(n.begin(), n.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
                           return n;
                         });

// The time of `trip` at `stop` (its departure), or -1.
std::int32_t departure_at(timetable const& tt, trip_idx t, std::string_view stop) {
  auto const stops = tt.pattern_stops(tt.trip(t).pattern_);
  auto const times = tt.trip_times(t);
  for (std::size_t i = 0; i != stops.size(); ++i) {
    if (tt.str(tt.stop(stops[i].stop()).id_) == stop) {
      return times[i].dep_;
    }
  }
  return -1;
}

std::int32_t day(int y, unsigned m, unsigned d) {
  return date::sys_days{date::year{y} / date::month{m} / date::day{d}}.time_since_epoch().count();
}

TEST(RealFeedTimes, OneDigitHoursInCaltrain) {
  SKIP_WITHOUT_SHARED();
  auto const [tt, report] = import_feed("otp-caltrain");
  auto const t = tt.find_trips("10120090831");
  ASSERT_EQ(t.size(), 1U);
  EXPECT_EQ(departure_at(tt, t[0], "22nd Street Caltrain"), 5 * 3600 + 52 * 60);  // "5:52:00"
}

TEST(RealFeedTimes, LaosBusRunsTo44Hours) {
  SKIP_WITHOUT_SHARED();
  auto const [tt, report] = import_feed("laos-wikitimetable");
  auto const t = tt.find_trips("VIE-PNP");
  ASSERT_EQ(t.size(), 1U);
  EXPECT_EQ(tt.trip_times(t[0]).back().arr_, 44 * 3600);
  EXPECT_EQ(tt.pattern(tt.trip(t[0]).pattern_).max_days_, 1U);
}

TEST(RealFeedTimes, SubwayTripPastMidnight) {
  SKIP_WITHOUT_SHARED();
  auto const [tt, report] = import_feed("nyc-mta-subway");
  auto const t = tt.find_trips("ASP26GEN-1038-Sunday-00_145400_1..N03R");
  ASSERT_EQ(t.size(), 1U);
  EXPECT_EQ(departure_at(tt, t[0], "109N"), 25 * 3600 + 30);  // "25:00:30"
}

TEST(RealFeedTimes, LirrTripOnTheDayDaylightSavingEnds) {
  // Trip 6001 leaves station 141 at 07:00:00 on Saturdays and Sundays; New York leaves summer time on
  // Sunday 2026-11-01. 07:00 local is 11:00 UTC on the Saturday before and 12:00 UTC on that Sunday.
  SKIP_WITHOUT_SHARED();
  auto const [tt, report] = import_feed("nyc-mta-lirr");
  auto const t = tt.find_trips("GO202_26_6001");
  ASSERT_EQ(t.size(), 1U);
  auto const& trip = tt.trip(t[0]);
  auto const tz = tt.pattern(trip.pattern_).tz_;
  auto const sat = *tt.day_of(day(2026, 10, 31));
  auto const sun = *tt.day_of(day(2026, 11, 1));
  ASSERT_TRUE(tt.runs_on(trip.service_, sat));
  ASSERT_TRUE(tt.runs_on(trip.service_, sun));
  EXPECT_FALSE(tt.runs_on(trip.service_, *tt.day_of(day(2026, 11, 2))));
  auto const dep = departure_at(tt, t[0], "141");
  EXPECT_EQ(dep, 7 * 3600);
  EXPECT_EQ(tt.service_day_start(tz, sat) + dep, std::int64_t{day(2026, 10, 31)} * 86400 + 11 * 3600);
  EXPECT_EQ(tt.service_day_start(tz, sun) + dep, std::int64_t{day(2026, 11, 1)} * 86400 + 12 * 3600);
  // LIRR gives trip-to-trip transfers and a change time at Penn Station (102).
  EXPECT_GT(tt.columns().trip_transfers_.size(), 0U);
  EXPECT_EQ(tt.stop(*tt.find_stop("102")).min_change_, 300);
}

TEST(RealFeedTimes, CyrillicNamesInKyiv) {
  SKIP_WITHOUT_SHARED();
  auto const [tt, report] = import_feed("kyiv-kyivpastrans");
  std::size_t cyrillic = 0;
  for (auto const& s : tt.columns().stops_) {
    auto const name = tt.str(s.name_);
    cyrillic += !name.empty() && static_cast<unsigned char>(name[0]) >= 0xD0U ? 1U : 0U;
  }
  EXPECT_GT(cyrillic, tt.n_stops() / 2);
  EXPECT_EQ(report.warnings("invalid UTF-8"), 0U);
}

}  // namespace
}  // namespace caravan::gtfs
