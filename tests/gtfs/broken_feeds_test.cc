// Every variant in ../shared/gtfs/broken (google/transitfeed's test feeds) is decided: rejected with an
// error naming the file, or imported with the warnings that say what was wrong and what was done.
// docs/broken-feeds.md is the same table in prose; keep the two in step.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "caravan/base/error.h"
#include "caravan/base/progress.h"
#include "caravan/gtfs/load.h"
#include "caravan/gtfs/source.h"
#include "caravan/timetable/timetable.h"

namespace caravan::gtfs {
namespace {

namespace fs = std::filesystem;

fs::path broken_dir() {
  char const* env = std::getenv("CARAVAN_SHARED_DIR");
  return fs::path{env != nullptr ? env : CARAVAN_SHARED_DIR} / "gtfs" / "broken";
}

struct decision {
  char const* name_;
  char const* error_;                              // substring of the error; nullptr: imports
  std::map<std::string, std::uint64_t> warnings_;  // kind -> count (exact: no other kinds)
  std::uint64_t trips_{0};                         // trips in the timetable (frequency runs expanded)
};

// good_feed has 11 trips in trips.txt; 8 are frequency-based and expand to 144 trips in all.
std::vector<decision> const kDecisions = {
    {"good_feed", nullptr, {}, 144},
    {"good_feed.zip", nullptr, {}, 144},
    {"googletransit", nullptr, {}, 144},  // the feed is in the one sub-folder good_feed/
    {"bad_eol.zip", nullptr, {}, 144},    // CR, LF and CRLF mixed
    {"utf8bom", nullptr, {}, 144},
    {"unknown_file", nullptr, {}, 11},               // frecuencias.txt: a note
    {"unrecognized_columns", nullptr, {}, 144},    // notes
    {"unused_stop", nullptr, {}, 144},
    {"only_calendar_dates", nullptr, {}, 144},
    {"repeated_route_name", nullptr, {}, 144},
    {"same_short_long_name", nullptr, {}, 144},
    {"filter_unusual_trips", nullptr, {}, 154},
    {"duplicate_stop", nullptr, {{"row with missing cells", 54}}, 144},  // two ids at one place: not wrong
    {"utf16", nullptr, {{"UTF-16 text", 8}, {"row with missing cells", 50}}, 144},
    {"bad_utf8", nullptr, {{"invalid UTF-8", 7}}, 144},
    {"extra_row_cells", nullptr, {{"row with extra cells", 1}}, 144},
    {"missing_row_cells", nullptr, {{"row with missing cells", 1}}, 144},
    {"duplicate_schedule_id", nullptr, {{"duplicate id", 1}}, 144},
    {"negative_stop_sequence", nullptr, {{"negative stop_sequence", 1}}, 144},
    {"invalid_agency_ids", nullptr, {{"agency without id", 1}}, 11},
    {"invalid_route_agency", nullptr, {{"undefined agency", 1}, {"undefined route", 1}, {"undefined trip", 1}}, 10},
    {"missing_departure_time", nullptr, {{"half a stop time", 1}}, 1},
    {"undefined_stop", nullptr, {{"an undefined stop", 1}}, 92},
    {"missing_endpoint_times", nullptr, {{"trip without first or last time", 2}}, 142},
    {"flatten_feed", nullptr, {{"trip with fewer than two stops", 3}}, 8},
    {"bad_date_format", nullptr, {{"bad date", 2}, {"undefined service", 7}, {"undefined trip", 7}}, 4},
    {"duplicate_stop_sequence", "no trip could be imported", {}, 0},
    {"contains_null", "stops.txt:9:2: a NUL byte", {}, 0},
    {"empty_file", "agency.txt: required file is empty", {}, 0},
    {"missing_agency", "agency.txt: required file is missing", {}, 0},
    {"missing_stops", "stops.txt: required file is missing", {}, 0},
    {"missing_routes", "routes.txt: required file is missing", {}, 0},
    {"missing_trips", "trips.txt: required file is missing", {}, 0},
    {"missing_stop_times", "stop_times.txt: required file is missing", {}, 0},
    {"missing_calendar", "neither calendar.txt nor calendar_dates.txt", {}, 0},
    {"missing_column", "agency.txt:1: required column `agency_name` is missing", {}, 0},
    {"missing_weekday_column", "calendar.txt:1: required column `thursday` is missing", {}, 0},
    {"au-sydney-entrances", "routes.txt: required file is missing (so are trips.txt, stop_times.txt)", {}, 0},
    {"upgrade_translations", "2 in sub-folders (new-feed, old-feed)", {}, 0},
    {"one_line.kml", "not a GTFS feed", {}, 0},
    {"one_stop.kml", "not a GTFS feed", {}, 0},
    {"unknown_format.zip", "not a GTFS feed", {}, 0},
};

void PrintTo(decision const& d, std::ostream* os) { *os << d.name_; }

class BrokenFeed : public testing::TestWithParam<decision> {};

TEST_P(BrokenFeed, IsDecided) {
  auto const& d = GetParam();
  auto const path = broken_dir() / d.name_;
  if (!fs::exists(path)) {
    GTEST_SKIP() << "no " << path << " (../shared beside the checkout)";
  }
  progress quiet{false};
  if (d.error_ != nullptr) {
    try {
      auto const feed = open_feed(path);
      (void)load(*feed, {}, quiet);
      FAIL() << d.name_ << " imported; expected an error containing `" << d.error_ << "`";
    } catch (data_error const& e) {
      EXPECT_NE(std::string{e.what()}.find(d.error_), std::string::npos) << e.what();
    }
    return;
  }
  auto const feed = open_feed(path);
  auto r = load(*feed, {}, quiet);
  std::map<std::string, std::uint64_t> got;
  for (auto const& [kind, w] : r.report_.warnings_) {
    got[kind] = w.count_;
  }
  EXPECT_EQ(got, d.warnings_) << r.report_.to_string();
  auto const tt = tt::timetable::from_data(std::move(r.data_));
  EXPECT_EQ(tt.n_trips(), d.trips_);
}

std::string name_of(testing::TestParamInfo<decision> const& info) {
  std::string n = info.param.name_;
  for (auto& c : n) {
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      c = '_';
    }
  }
  return n;
}

INSTANTIATE_TEST_SUITE_P(Transitfeed, BrokenFeed, testing::ValuesIn(kDecisions), name_of);

// Every variant in the folder has a decision above: a new one cannot slip in undecided.
TEST(BrokenFeeds, EveryVariantIsDecided) {
  if (!fs::is_directory(broken_dir())) {
    GTEST_SKIP() << "no " << broken_dir();
  }
  std::set<std::string> decided;
  for (auto const& d : kDecisions) {
    decided.insert(d.name_);
  }
  for (auto const& e : fs::directory_iterator{broken_dir()}) {
    auto const name = e.path().filename().string();
    if (name == "SOURCE.md" || name.starts_with("LICENSE")) {
      continue;
    }
    EXPECT_TRUE(decided.contains(name)) << name << " has no decision in this test or docs/broken-feeds.md";
  }
}

// The upgrade_translations sub-feeds name their folder when imported one by one: each lacks agency.txt.
TEST(BrokenFeeds, SubFeedsOfUpgradeTranslationsNameWhatIsMissing) {
  auto const path = broken_dir() / "upgrade_translations" / "new-feed";
  if (!fs::exists(path)) {
    GTEST_SKIP() << "no " << path;
  }
  progress quiet{false};
  auto const feed = open_feed(path);
  try {
    (void)load(*feed, {}, quiet);
    FAIL() << "imported";
  } catch (data_error const& e) {
    EXPECT_NE(std::string{e.what()}.find("agency.txt: required file is missing"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace caravan::gtfs
