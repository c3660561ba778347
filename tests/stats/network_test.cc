// The network's figures (libs/stats network.h): a small feed built here with every answer worked out,
// the bundled Silk Road data hand-checked against its GTFS files, a city feed's totals adding up, and
// bad input (seats rows, places, ranges outside the data) named in errors and notes.
#include "caravan/stats/network.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>

#include <unistd.h>
#include <map>

#include <fmt/format.h>

#include "caravan/base/date.h"
#include "caravan/base/error.h"
#include "caravan/base/progress.h"
#include "caravan/gtfs/load.h"
#include "caravan/gtfs/source.h"
#include "caravan/planner/plan.h"
#include "caravan/routing/raptor.h"

namespace caravan::stats {
namespace {

namespace fs = std::filesystem;
using files = std::map<std::string, std::string>;

tt::timetable make(files f) {
  progress quiet{false};
  auto r = gtfs::load(*gtfs::memory_feed(std::move(f)), {}, quiet);
  return tt::timetable::from_data(std::move(r.data_));
}

date_range range(char const* from, char const* to) { return parse_range(from, to, 800, "from", "to"); }

table const& table_of(network_figures const& f, std::string const& id) {
  for (auto const& t : f.tables_) {
    if (t.id_ == id) {
      return t;
    }
  }
  throw std::logic_error("no table " + id);
}

std::size_t col(table const& t, std::string const& key) {
  for (std::size_t i = 0; i < t.columns_.size(); ++i) {
    if (t.columns_[i].key_ == key) {
      return i;
    }
  }
  throw std::logic_error("no column " + key + " in " + t.id_);
}

// The row whose text cells have these values, or nullptr.
row const* find_row(table const& t, std::map<std::string, std::string> const& keys) {
  for (auto const& r : t.rows_) {
    bool all = true;
    for (auto const& [k, v] : keys) {
      auto const* s = std::get_if<std::string>(&r.cells_[col(t, k)]);
      all = all && s != nullptr && *s == v;
    }
    if (all) {
      return &r;
    }
  }
  return nullptr;
}

std::int64_t count(table const& t, row const& r, std::string const& key) {
  auto const& c = r.cells_[col(t, key)];
  if (auto const* i = std::get_if<std::int64_t>(&c)) {
    return *i;
  }
  throw std::logic_error(key + " is not a count in " + t.id_);
}
bool is_null(table const& t, row const& r, std::string const& key) { return std::holds_alternative<std::monostate>(r.cells_[col(t, key)]); }
double number(table const& t, row const& r, std::string const& key) { return std::get<double>(r.cells_[col(t, key)]); }
std::string text(table const& t, row const& r, std::string const& key) { return std::get<std::string>(r.cells_[col(t, key)]); }

bool has_note(table const& t, std::string const& part) {
  for (auto const& n : t.notes_) {
    if (n.find(part) != std::string::npos) {
      return true;
    }
  }
  return false;
}

std::vector<seats_entry> seats_from(std::string const& content, tt::timetable const& tt, std::string const& name = "seats.csv") {
  auto const path = fs::temp_directory_path() / fmt::format("caravan-stats-test-{}-{}", ::getpid(), name);
  std::ofstream{path, std::ios::binary} << content;
  struct remover {
    fs::path p_;
    ~remover() { fs::remove(p_); }
  } const cleanup{path};
  return load_seats(path, tt);
}

// A small network with every answer worked out (days: 2026-06-01 is a Monday):
//
//   a (station; the trains stop at its platform a_plat)   Asia/Shanghai (CN)
//   b                                                      Asia/Shanghai (CN)
//   c                                                      Asia/Almaty   (KZ)
//
//   t1  rail (r1, agency ag1)  a_plat 08:00 - b 10:00 (no alighting) - c 12:00     daily
//   t2  bus  (r2, agency ag2)  b 23:00 - c 25:30 (past midnight), estimated         Mon-Fri
//   t3  rail (r1, agency ag1)  a_plat 09:00 - b 11:30                               Saturdays
//   t4  rail (r1)              c 06:00 - a_plat 10:00 (boarding at c only)          never in June 2026
//
// All run from 2026-06-01 to 2026-06-30 but t4, whose calendar has no day in it.
files small_feed() {
  return {
      {"agency.txt",
       "agency_id,agency_name,agency_url,agency_timezone\n"
       "ag1,Rail One,https://rail.invalid,Asia/Shanghai\n"
       "ag2,Bus Two,https://bus.invalid,Asia/Shanghai\n"},
      {"stops.txt",
       "stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station,stop_timezone\n"
       "a,Alpha,40.0,100.0,1,,Asia/Shanghai\n"
       "a_plat,Alpha platform,40.0,100.0,0,a,Asia/Shanghai\n"
       "b,Bravo,41.0,90.0,0,,Asia/Shanghai\n"
       "c,Charlie,43.0,77.0,0,,Asia/Almaty\n"},
      {"routes.txt",
       "route_id,agency_id,route_short_name,route_type,source,confidence\n"
       "r1,ag1,R1,2,rail timetable 2026 https://rail.invalid/tt,exact\n"
       "r2,ag2,R2,3,bus operator's site,estimated\n"},
      {"calendar.txt",
       "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
       "daily,1,1,1,1,1,1,1,20260601,20260630\n"
       "weekdays,1,1,1,1,1,0,0,20260601,20260630\n"
       "saturdays,0,0,0,0,0,1,0,20260601,20260630\n"
       "never,0,0,0,0,0,0,0,20260601,20260630\n"},
      {"trips.txt",
       "route_id,service_id,trip_id\n"
       "r1,daily,t1\n"
       "r2,weekdays,t2\n"
       "r1,saturdays,t3\n"
       "r1,never,t4\n"},
      {"stop_times.txt",
       "trip_id,arrival_time,departure_time,stop_id,stop_sequence,pickup_type,drop_off_type\n"
       "t1,08:00:00,08:00:00,a_plat,1,0,0\n"
       "t1,10:00:00,10:00:00,b,2,0,1\n"
       "t1,12:00:00,12:00:00,c,3,0,0\n"
       "t2,23:00:00,23:00:00,b,1,0,0\n"
       "t2,25:30:00,25:30:00,c,2,0,0\n"
       "t3,09:00:00,09:00:00,a_plat,1,0,0\n"
       "t3,11:30:00,11:30:00,b,2,0,0\n"
       "t4,06:00:00,06:00:00,c,1,0,0\n"
       "t4,10:00:00,10:00:00,a_plat,2,1,0\n"},
  };
}

class SmallNetwork : public ::testing::Test {
 protected:
  static tt::timetable const& tt() {
    static tt::timetable const t = make(small_feed());
    return t;
  }
  static network_figures first_week(std::vector<seats_entry> seats = {}) {
    network_request r{.range_ = range("2026-06-01", "2026-06-07"), .seats_ = std::move(seats)};
    return compute_network(tt(), r);
  }
};

TEST_F(SmallNetwork, TotalsCountEachTripRunOnItsServiceDays) {
  auto const f = first_week();
  auto const& t = table_of(f, "network.totals");
  ASSERT_EQ(t.rows_.size(), 1U);
  auto const& r = t.rows_[0];
  // t1 daily 7 + t2 Mon-Fri 5 + t3 Saturday 1 (t4 never runs) = 13 in the week, so 13 a week.
  EXPECT_EQ(count(t, r, "services"), 13);
  EXPECT_DOUBLE_EQ(number(t, r, "servicesPerWeek"), 13.0);
  EXPECT_EQ(count(t, r, "estimatedServices"), 5);  // t2's route says estimated
  // a->c (t1), b->c (t1, t2), a->b (t3): t1 may not set down at b, t4 does not run.
  EXPECT_EQ(count(t, r, "directCityPairs"), 3);
  EXPECT_EQ(count(t, r, "places"), 3);  // a_plat counts as its station a
  EXPECT_EQ(count(t, r, "operators"), 2);
  EXPECT_EQ(count(t, r, "days"), 7);
  EXPECT_TRUE(has_note(t, "5 of 13 services are estimated"));
  // Sources: the routes' texts, the URL apart.
  ASSERT_EQ(t.sources_.size(), 2U);
  EXPECT_EQ(t.sources_[0].text_, "rail timetable 2026");
  EXPECT_EQ(t.sources_[0].url_, "https://rail.invalid/tt");
  EXPECT_EQ(t.sources_[1].text_, "bus operator's site");
  EXPECT_EQ(t.sources_[1].url_, "");
}

TEST_F(SmallNetwork, ATripPastMidnightCountsOnItsServiceDay) {
  // Saturday 2026-06-06 alone: t2's Friday run arrives at 01:30 on Saturday but belongs to Friday.
  network_request r{.range_ = range("2026-06-06", "2026-06-06")};
  auto const f = compute_network(tt(), r);
  auto const& t = table_of(f, "network.totals");
  EXPECT_EQ(count(t, t.rows_[0], "services"), 2);  // t1 and t3
  EXPECT_DOUBLE_EQ(number(t, t.rows_[0], "servicesPerWeek"), 14.0);  // 2 / (1 / 7)
  auto const& pairs = table_of(f, "network.cityPairs");
  EXPECT_EQ(find_row(pairs, {{"fromId", "b"}, {"toId", "c"}}) == nullptr, false);
  EXPECT_EQ(count(pairs, *find_row(pairs, {{"fromId", "b"}, {"toId", "c"}}), "services"), 1);  // t1 only
  // In the first week t2's ride b 23:00 - c 01:30 takes 150 minutes; t1's b - c takes 120.
  auto const week = first_week();
  auto const& wp = table_of(week, "network.cityPairs");
  auto const* bc = find_row(wp, {{"fromId", "b"}, {"toId", "c"}});
  ASSERT_NE(bc, nullptr);
  EXPECT_EQ(count(wp, *bc, "fastestMinutes"), 120);
  // Monday to Friday alone with only the bus counted: the ride past midnight is 150 minutes.
  network_request bus_only{.range_ = range("2026-06-01", "2026-06-05")};
  auto const weekdays = compute_network(tt(), bus_only);
  auto const& wd = table_of(weekdays, "network.cityPairs");
  EXPECT_EQ(count(wd, *find_row(wd, {{"fromId", "b"}, {"toId", "c"}}), "services"), 10);  // t1 5 + t2 5
}

TEST_F(SmallNetwork, CityPairsFollowPickupAndDropOffTypesAndStations) {
  auto const f = first_week();
  auto const& t = table_of(f, "network.cityPairs");
  ASSERT_EQ(t.rows_.size(), 3U);
  // Busiest first: b->c 12 (t1 7 + t2 5), a->c 7, a->b 1 (t3; t1 may not set down at b).
  EXPECT_EQ(text(t, t.rows_[0], "fromId"), "b");
  EXPECT_EQ(text(t, t.rows_[0], "toId"), "c");
  EXPECT_EQ(count(t, t.rows_[0], "services"), 12);
  EXPECT_EQ(count(t, t.rows_[0], "estimatedServices"), 5);
  EXPECT_EQ(text(t, t.rows_[0], "fromCountry"), "CN");
  EXPECT_EQ(text(t, t.rows_[0], "toCountry"), "KZ");
  EXPECT_EQ(text(t, t.rows_[1], "fromId"), "a");  // the station, not a_plat
  EXPECT_EQ(text(t, t.rows_[1], "fromName"), "Alpha");
  EXPECT_EQ(text(t, t.rows_[1], "toId"), "c");
  EXPECT_EQ(count(t, t.rows_[1], "services"), 7);
  EXPECT_EQ(count(t, t.rows_[1], "fastestMinutes"), 240);
  EXPECT_EQ(text(t, t.rows_[2], "toId"), "b");
  EXPECT_EQ(count(t, t.rows_[2], "services"), 1);
  EXPECT_EQ(count(t, t.rows_[2], "fastestMinutes"), 150);
  EXPECT_EQ(find_row(t, {{"fromId", "c"}, {"toId", "a"}}), nullptr);  // t4 does not run
  // Cut to the busiest: the note keeps the count of all.
  network_request r{.range_ = range("2026-06-01", "2026-06-07"), .max_city_pairs_ = 1};
  auto const cut = compute_network(tt(), r);
  EXPECT_EQ(table_of(cut, "network.cityPairs").rows_.size(), 1U);
  EXPECT_TRUE(has_note(table_of(cut, "network.cityPairs"), "3 city pairs are linked directly in all; the 1 busiest"));
}

TEST_F(SmallNetwork, CorridorsModesAndOperators) {
  auto const f = first_week();
  auto const& c = table_of(f, "network.corridors");
  ASSERT_EQ(c.rows_.size(), 2U);
  EXPECT_EQ(text(c, c.rows_[0], "corridor"), "CN-KZ");  // t1 and t2 cross from b (CN) to c (KZ)
  EXPECT_EQ(count(c, c.rows_[0], "services"), 12);
  EXPECT_EQ(text(c, c.rows_[1], "corridor"), "domestic CN");  // t3
  EXPECT_EQ(count(c, c.rows_[1], "services"), 1);
  auto const& m = table_of(f, "network.modes");
  EXPECT_EQ(count(m, *find_row(m, {{"mode", "rail"}}), "services"), 8);
  EXPECT_EQ(count(m, *find_row(m, {{"mode", "bus"}}), "services"), 5);
  auto const& o = table_of(f, "network.operators");
  ASSERT_EQ(o.rows_.size(), 2U);
  EXPECT_EQ(text(o, o.rows_[0], "operatorId"), "ag1");
  EXPECT_EQ(text(o, o.rows_[0], "operatorName"), "Rail One");
  EXPECT_EQ(count(o, o.rows_[0], "services"), 8);
  EXPECT_EQ(count(o, o.rows_[1], "services"), 5);
  EXPECT_DOUBLE_EQ(number(o, o.rows_[1], "servicesPerWeek"), 5.0);
  EXPECT_TRUE(is_null(o, o.rows_[0], "seats"));  // no seats file
}

TEST_F(SmallNetwork, SeatsByRouteAndTripShownOnlyWhereAllServicesHaveThem) {
  auto const seats = seats_from(
      "route_id,trip_id,seats,source\n"
      "r1,,300,rail operator's fleet list 2026\n"
      ",t3,50,a railcar (operator's notice)\n",
      tt());
  ASSERT_EQ(seats.size(), 2U);
  auto const f = first_week(seats);
  auto const& p = table_of(f, "network.cityPairs");
  // a->c: t1's 7 runs of 300 seats.
  auto const* ac = find_row(p, {{"fromId", "a"}, {"toId", "c"}});
  EXPECT_EQ(count(p, *ac, "seats"), 2100);
  EXPECT_EQ(count(p, *ac, "seatsKnownServices"), 7);
  // a->b: t3's own 50 wins over its route's 300.
  EXPECT_EQ(count(p, *find_row(p, {{"fromId", "a"}, {"toId", "b"}}), "seats"), 50);
  // b->c: the bus has no figure, so the sum would understate: none, with 7 of 12 known.
  auto const* bc = find_row(p, {{"fromId", "b"}, {"toId", "c"}});
  EXPECT_TRUE(is_null(p, *bc, "seats"));
  EXPECT_EQ(count(p, *bc, "seatsKnownServices"), 7);
  auto const& o = table_of(f, "network.operators");
  EXPECT_EQ(count(o, *find_row(o, {{"operatorId", "ag1"}}), "seats"), 2150);  // 7 x 300 + 50
  auto const& totals = table_of(f, "network.totals");
  EXPECT_TRUE(has_note(totals, "Seats are known for 8 of 13 services"));
  ASSERT_EQ(totals.sources_.size(), 4U);  // two routes', two seats entries'
  EXPECT_EQ(totals.sources_[2].text_, "rail operator's fleet list 2026");
}

TEST_F(SmallNetwork, TravelTimesFromTheRangeQueries) {
  network_request r{.range_ = range("2026-06-01", "2026-06-30"), .travel_time_places_ = {"a", "c"}};
  auto const f = compute_network(tt(), r);
  auto const& t = table_of(f, "network.travelTimes");
  ASSERT_EQ(t.rows_.size(), 2U);
  auto const* ac = find_row(t, {{"fromId", "a"}, {"toId", "c"}});
  ASSERT_NE(ac, nullptr);
  EXPECT_EQ(text(t, *ac, "month"), "2026-06");
  EXPECT_EQ(count(t, *ac, "fastestMinutes"), 240);  // t1 08:00 - 12:00 (both Beijing time)
  EXPECT_EQ(text(t, *ac, "departure"), "2026-06-01T08:00+08:00");
  EXPECT_EQ(count(t, *ac, "transfers"), 0);
  EXPECT_EQ(text(t, *ac, "modes"), "rail");
  EXPECT_EQ(text(t, *ac, "estimated"), "no");
  auto const* ca = find_row(t, {{"fromId", "c"}, {"toId", "a"}});
  ASSERT_NE(ca, nullptr);
  EXPECT_TRUE(is_null(t, *ca, "fastestMinutes"));  // t4 never runs
  EXPECT_EQ(text(t, *ca, "departure"), "");
}

TEST_F(SmallNetwork, ARangeReachingPastTheDataSaysWhereItEnds) {
  network_request r{.range_ = range("2026-06-25", "2026-07-10")};
  auto const f = compute_network(tt(), r);
  auto const& t = table_of(f, "network.totals");
  // 2026-06-25 (Thu) .. 06-30 (Tue): t1 6, t2 Thu Fri Mon Tue 4, t3 Sat 1 = 11 over 6 days.
  EXPECT_EQ(count(t, t.rows_[0], "days"), 6);
  EXPECT_EQ(count(t, t.rows_[0], "services"), 11);
  EXPECT_NEAR(number(t, t.rows_[0], "servicesPerWeek"), 11.0 * 7.0 / 6.0, 1e-9);
  EXPECT_TRUE(has_note(t, "The timetable covers 2026-06-01..2026-06-30: only 2026-06-25..2026-06-30 (6 days)"));
  // Wholly outside: nothing counted, said so; no rate over no days.
  network_request later{.range_ = range("2027-01-01", "2027-01-31")};
  auto const none = compute_network(tt(), later);
  auto const& nt = table_of(none, "network.totals");
  EXPECT_EQ(count(nt, nt.rows_[0], "services"), 0);
  EXPECT_TRUE(is_null(nt, nt.rows_[0], "servicesPerWeek"));
  EXPECT_TRUE(has_note(nt, "is outside the days the timetable covers (2026-06-01..2026-06-30)"));
  EXPECT_TRUE(table_of(none, "network.corridors").rows_.empty());
  EXPECT_TRUE(table_of(none, "network.crossings").rows_.empty());
  EXPECT_TRUE(has_note(table_of(none, "network.crossings"), "no border crossings"));
}

TEST_F(SmallNetwork, UnknownPlacesAreErrorsUnlessDefaults) {
  network_request r{.range_ = range("2026-06-01", "2026-06-07"), .travel_time_places_ = {"a", "nowhere"}};
  try {
    compute_network(tt(), r);
    FAIL() << "an unknown place was accepted";
  } catch (std::invalid_argument const& e) {
    EXPECT_NE(std::string{e.what()}.find("`nowhere`"), std::string::npos) << e.what();
  }
  r.places_are_defaults_ = true;
  auto const f = compute_network(tt(), r);
  auto const& t = table_of(f, "network.travelTimes");
  EXPECT_TRUE(t.rows_.empty());
  EXPECT_TRUE(has_note(t, "Not in this timetable, left out: nowhere"));
}

// A place and a stop within it (a station and its platform) are one place: the "journey" between them
// would be a fastest time of 0 minutes with no ride, a figure nobody travelled.
TEST_F(SmallNetwork, APlaceAndAStopWithinItAreRefused) {
  network_request r{.range_ = range("2026-06-01", "2026-06-07"), .travel_time_places_ = {"a", "c", "a_plat"}};
  try {
    compute_network(tt(), r);
    FAIL() << "a place within another was accepted";
  } catch (std::invalid_argument const& e) {
    EXPECT_NE(std::string{e.what()}.find("places: `a_plat` is within `a`"), std::string::npos) << e.what();
  }
  r.travel_time_places_ = {"a_plat", "a"};
  EXPECT_THROW(compute_network(tt(), r), std::invalid_argument);
  // The same place twice is one place: its pairs once.
  r.travel_time_places_ = {"a", "c", "a"};
  auto const f = compute_network(tt(), r);
  EXPECT_EQ(table_of(f, "network.travelTimes").rows_.size(), 2U);
}

TEST_F(SmallNetwork, BadSeatsRowsNameTheLineAndField) {
  auto const error_of = [&](std::string const& content) {
    try {
      seats_from(content, tt());
    } catch (data_error const& e) {
      return std::string{e.what()};
    }
    return std::string{"no error"};
  };
  auto const header = std::string{"route_id,trip_id,seats,source\n"};
  EXPECT_NE(error_of(header + "r1,,300,x\nr2,,0,y\n").find("seats.csv:3:3: seats `0` is not a whole number from 1 to 10000"),
            std::string::npos)
      << error_of(header + "r1,,300,x\nr2,,0,y\n");
  EXPECT_NE(error_of(header + "r1,,many,x\n").find("seats.csv:2:3: seats `many`"), std::string::npos);
  EXPECT_NE(error_of(header + "r1,,20000,x\n").find("seats.csv:2:3"), std::string::npos);
  EXPECT_NE(error_of(header + "r9,,30,x\n").find("seats.csv:2:1: route_id `r9` is not in the timetable"), std::string::npos);
  EXPECT_NE(error_of(header + ",t9,30,x\n").find("seats.csv:2:2: trip_id `t9` is not in the timetable"), std::string::npos);
  EXPECT_NE(error_of(header + "r1,t1,30,x\n").find("seats.csv:2:1: give a route_id or a trip_id, not both"), std::string::npos);
  EXPECT_NE(error_of(header + ",,30,x\n").find("seats.csv:2:1: give a route_id or a trip_id"), std::string::npos);
  EXPECT_NE(error_of(header + "r1,,30,\n").find("seats.csv:2:4: empty source"), std::string::npos);
  EXPECT_NE(error_of(header + "r1,,30,x\nr1,,40,y\n").find("seats.csv:3:1: route_id `r1` is given twice"), std::string::npos);
  EXPECT_NE(error_of("route_id,seats,source\nr1,3,x\n").find("missing column `trip_id`"), std::string::npos);
  EXPECT_NE(error_of(header + "r1,,30,x,extra\n").find("seats.csv:2: 5 fields where the header has 4"), std::string::npos);
  EXPECT_NE(error_of("route_id,trip_id,seats,source,seats\nr1,,30,x,40\n").find("seats.csv:1:5: column `seats` is given twice"),
            std::string::npos)
      << error_of("route_id,trip_id,seats,source,seats\nr1,,30,x,40\n");
  EXPECT_THROW(load_seats("/nonexistent/seats.csv", tt()), data_error);
  // The bundled file is a header: no sourced seat counts exist yet (docs/stats.md).
  EXPECT_TRUE(load_seats(fs::path{CARAVAN_SOURCE_DIR} / "data/stats/seats.csv", tt()).empty());
}

// The bundled Silk Road data, hand-checked against data/silkroad/*.txt.
class SilkRoad : public ::testing::Test {
 protected:
  static tt::timetable const& tt() {
    static tt::timetable const t = [] {
      progress quiet{false};
      auto r = gtfs::load(*gtfs::open_feed(fs::path{CARAVAN_SOURCE_DIR} / "data/silkroad"), {}, quiet);
      return tt::timetable::from_data(std::move(r.data_));
    }();
    return t;
  }
  static network_figures const& june_2026() {
    static network_figures const f = [] {
      network_request r{.range_ = range("2026-06-01", "2026-06-30"),
                        .travel_time_places_ = capitals(),
                        .places_are_defaults_ = true,
                        .max_city_pairs_ = 100'000};
      return compute_network(tt(), r);
    }();
    return f;
  }
};

TEST_F(SilkRoad, XianToAlmatyInJune2026) {
  // trips.txt and stop_times.txt: the trips calling at a Xi'an stop and later at an Almaty one are
  //   y29_out_20250529  xian_rail -> horgos_rail -> almaty_2   calendar_dates: 2025-05-29 only (not June 2026)
  //   cz_xiy_ala_sat    xian_xiy -> almaty_ala                  calendar.txt: Saturdays, 2025-05-01..2027-12-31
  // June 2026 starts on a Monday: its Saturdays are the 6th, 13th, 20th and 27th, so 4 services over
  // 30 days = 4 / (30 / 7) = 0.933 a week, all estimated (the trip's confidence).
  auto const& t = table_of(june_2026(), "network.cityPairs");
  auto const* r = find_row(t, {{"fromId", "xian"}, {"toId", "almaty"}});
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(count(t, *r, "services"), 4);
  EXPECT_NEAR(number(t, *r, "servicesPerWeek"), 4.0 * 7.0 / 30.0, 1e-9);
  EXPECT_EQ(count(t, *r, "estimatedServices"), 4);
  EXPECT_EQ(text(t, *r, "fromCountry"), "CN");
  EXPECT_EQ(text(t, *r, "toCountry"), "KZ");
  // stop_times.txt: 16:55 -> 21:30 in the agency's service-day clock = 275 minutes.
  EXPECT_EQ(count(t, *r, "fastestMinutes"), 275);
}

TEST_F(SilkRoad, CorridorChinaKazakhstanInJune2026) {
  // Every trip with consecutive stops in China (Asia/Shanghai, Asia/Urumqi) and Kazakhstan (Asia/Almaty),
  // with its runs in June 2026 from calendar.txt (all flights; the trains are suspended or one-offs):
  //   daily (30 each):        kc_pek_ala out/back, cz_urc_ala am/pm and cz_ala_urc am/pm  6 x 30 = 180
  //   cz_urc_nqz out/back     22 each                                                     44
  //   ca_pek_xiy_nqz out/back 13 each (PEK - XIY domestic, XIY - NQZ crosses)              26
  //   cz_pek_ala, can_ala     out/back, 13 each                                           52
  //   kc_pek_nqz, scat_urc_cit, scat_sha_cit  out/back, 9 each                            54
  //   yin_ala out/back        5 each                                                      10
  //   kc_ctu_ala out/back     4 each; scat_xiy_cit_thu 4; cz_xiy_ala_sat 4                16
  // = 382 services, every one estimated; 382 / (30 / 7) = 89.13 a week.
  auto const& t = table_of(june_2026(), "network.corridors");
  auto const* r = find_row(t, {{"corridor", "CN-KZ"}});
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(count(t, *r, "services"), 382);
  EXPECT_EQ(count(t, *r, "estimatedServices"), 382);
  EXPECT_NEAR(number(t, *r, "servicesPerWeek"), 382.0 * 7.0 / 30.0, 1e-9);
  EXPECT_TRUE(is_null(t, *r, "seats"));  // no seats file
}

TEST_F(SilkRoad, TorugartOpenDaysInJune2026) {
  // caravan_border_crossings.txt: Torugart open Monday to Friday only. June 2026: 22 weekdays (1-5,
  // 8-12, 15-19, 22-26, 29-30) and 8 weekend days. caravan_border_closures.txt lists 19, 20 and 21 June
  // (Dragon Boat Festival): the listed date comes first, so Friday the 19th is closed (listed), and the
  // weekend of the 20th and 21st counts as listed too. Open 22 - 1 = 21, weekday-closed 8 - 2 = 6,
  // listed 3.
  auto const& t = table_of(june_2026(), "network.crossings");
  auto const* r = find_row(t, {{"crossingId", "torugart"}, {"month", "2026-06"}});
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(count(t, *r, "days"), 30);
  EXPECT_EQ(count(t, *r, "openDays"), 21);
  EXPECT_EQ(count(t, *r, "closedWeekdayDays"), 6);
  EXPECT_EQ(count(t, *r, "closedListedDays"), 3);
  EXPECT_EQ(text(t, *r, "countries"), "CN-KG");
  EXPECT_EQ(t.rows_.size(), tt().n_crossings());  // one month: one row per crossing
  // Zhibek Zholy is Kazakhstan - Uzbekistan: the Bishkek - Tashkent bus passes it, 11 h from Bishkek
  // (caravan_road_links.txt), but Shymkent's and Tashkent's ends are nearer.
  EXPECT_EQ(text(t, *find_row(t, {{"crossingId", "zhibek_zholy"}}), "countries"), "KZ-UZ");
}

TEST_F(SilkRoad, BeijingToAstanaAsTheJourneyPlannerFindsIt) {
  auto const& t = table_of(june_2026(), "network.travelTimes");
  EXPECT_EQ(t.rows_.size(), 30U);  // 6 capitals, 30 ordered pairs, one month
  auto const* r = find_row(t, {{"fromId", "beijing"}, {"toId", "astana"}, {"month", "2026-06"}});
  ASSERT_NE(r, nullptr);
  ASSERT_FALSE(is_null(t, *r, "fastestMinutes"));
  // The planner itself, asked for the week as `caravan route --from beijing --to astana --at
  // 2026-06-01T00:00 --window 7d` does: its fastest journey is the row's.
  planner::journey_planner const p{tt()};
  auto state = routing::make_search_state();
  planner::plan_request q;
  q.from_ = "beijing";
  q.to_ = "astana";
  q.time_ = "2026-06-01T00:00";
  q.window_ = "167h59m59s";
  auto const answer = p.plan(q, *state);
  ASSERT_FALSE(answer.itineraries_.empty());
  std::int64_t fastest = std::numeric_limits<std::int64_t>::max();
  for (auto const& it : answer.itineraries_) {
    fastest = std::min(fastest, it.duration());
  }
  EXPECT_EQ(count(t, *r, "fastestMinutes"), (fastest + 30) / 60);
  // A direct flight (ca_pek_xiy_nqz via Xi'an, kc_pek_nqz) is a day trip, not days on the rails.
  EXPECT_LT(count(t, *r, "fastestMinutes"), 12 * 60);
  EXPECT_EQ(text(t, *r, "modes"), "air");
  EXPECT_EQ(text(t, *r, "estimated"), "yes");
  EXPECT_EQ(text(t, *r, "departure").substr(0, 8), "2026-06-");
}

TEST_F(SilkRoad, TotalsAddUp) {
  auto const& f = june_2026();
  auto const& totals = table_of(f, "network.totals");
  auto const services = count(totals, totals.rows_[0], "services");
  EXPECT_GT(services, 382);
  std::int64_t by_mode = 0;
  auto const& m = table_of(f, "network.modes");
  for (auto const& r : m.rows_) {
    by_mode += count(m, r, "services");
  }
  EXPECT_EQ(by_mode, services);
  EXPECT_EQ(count(totals, totals.rows_[0], "directCityPairs"), static_cast<std::int64_t>(table_of(f, "network.cityPairs").rows_.size()));
  EXPECT_FALSE(totals.sources_.empty());
}

// A city feed: the same computations, with no countries and no crossings.
TEST(CityFeed, SacramentoTotalsAreConsistent) {
  char const* env = std::getenv("CARAVAN_SHARED_DIR");
  auto const zip = fs::path{env != nullptr ? env : CARAVAN_SHARED_DIR} / "gtfs" / "feeds" / "sacrt.zip";
  if (!fs::exists(zip)) {
    GTEST_SKIP() << "no " << zip << " (../shared beside the checkout)";
  }
  progress quiet{false};
  auto loaded = gtfs::load(*gtfs::open_feed(zip), {}, quiet);
  auto const tt = tt::timetable::from_data(std::move(loaded.data_));
  auto const first = tt.scalars().first_day_;
  network_request r;
  r.range_ = {first, first + 27};  // four weeks from the feed's first day
  auto const f = compute_network(tt, r);
  auto const& totals = table_of(f, "network.totals");
  auto const& row0 = totals.rows_[0];
  auto const services = count(totals, row0, "services");
  ASSERT_GT(services, 0);
  EXPECT_EQ(count(totals, row0, "days"), 28);
  EXPECT_DOUBLE_EQ(number(totals, row0, "servicesPerWeek"), static_cast<double>(services) / 4.0);
  auto const sum = [&](std::string const& id) {
    auto const& t = table_of(f, id);
    std::int64_t n = 0;
    for (auto const& x : t.rows_) {
      n += count(t, x, "services");
    }
    return n;
  };
  EXPECT_EQ(sum("network.modes"), services);
  EXPECT_EQ(sum("network.operators"), services);
  EXPECT_EQ(sum("network.corridors"), services);  // no country is known: one "domestic" row
  auto const& corridors = table_of(f, "network.corridors");
  ASSERT_EQ(corridors.rows_.size(), 1U);
  EXPECT_EQ(text(corridors, corridors.rows_[0], "corridor"), "domestic");
  EXPECT_GT(count(totals, row0, "directCityPairs"), 0);
  EXPECT_EQ(table_of(f, "network.cityPairs").rows_.size(), 500U);  // the default cut, noted
  EXPECT_TRUE(has_note(table_of(f, "network.cityPairs"), "city pairs are linked directly in all"));
  // Busiest first, and each pair's fastest ride a positive time.
  auto const& pairs = table_of(f, "network.cityPairs");
  for (std::size_t i = 1; i < pairs.rows_.size(); ++i) {
    EXPECT_GE(count(pairs, pairs.rows_[i - 1], "services"), count(pairs, pairs.rows_[i], "services"));
    EXPECT_GE(count(pairs, pairs.rows_[i], "fastestMinutes"), 0);
  }
  EXPECT_TRUE(table_of(f, "network.crossings").rows_.empty());
  EXPECT_TRUE(table_of(f, "network.travelTimes").rows_.empty());
}

}  // namespace
}  // namespace caravan::stats
