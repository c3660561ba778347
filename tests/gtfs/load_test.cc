#include "caravan/gtfs/load.h"

#include <gtest/gtest.h>

#include <date/date.h>

#include "caravan/base/error.h"
#include "caravan/timetable/timetable.h"

namespace caravan::gtfs {
namespace {

using files = std::map<std::string, std::string>;
using namespace caravan::tt;

std::int32_t day(int y, unsigned m, unsigned d) {
  return date::sys_days{date::year{y} / date::month{m} / date::day{d}}.time_since_epoch().count();
}
std::int64_t utc(int y, unsigned m, unsigned d, int hh, int mm) {
  return std::int64_t{day(y, m, d)} * 86400 + hh * 3600 + mm * 60;
}

//   S1 ---- S2 ---- S3      (New York; 11 km apart; route R, trip T1 on weekdays of March 2026)
files base_feed() {
  return {
      {"agency.txt", "agency_id,agency_name,agency_url,agency_timezone\nA,Agency,http://a.example,America/New_York\n"},
      {"stops.txt", "stop_id,stop_name,stop_lat,stop_lon\nS1,One,40.0,-74.0\nS2,Two,40.1,-74.0\nS3,Three,40.2,-74.0\n"},
      {"routes.txt", "route_id,agency_id,route_short_name,route_long_name,route_type\nR,A,1,Line One,3\n"},
      {"trips.txt", "route_id,service_id,trip_id,trip_headsign\nR,WK,T1,Three\n"},
      {"calendar.txt",
       "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
       "WK,1,1,1,1,1,0,0,20260301,20260331\n"},
      {"stop_times.txt",
       "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
       "T1,08:00:00,08:00:00,S1,1\nT1,08:10:00,08:11:00,S2,2\nT1,08:20:00,08:20:00,S3,3\n"},
  };
}

struct loaded {
  timetable tt_;
  import_report report_;
};

loaded load_files(files f, load_options opt = {}) {
  auto const feed = memory_feed(std::move(f));
  progress p{false};
  auto r = load(*feed, opt, p);
  return {timetable::from_data(std::move(r.data_)), std::move(r.report_)};
}

std::string error_of(files f) {
  try {
    (void)load_files(std::move(f));
  } catch (data_error const& e) {
    return e.what();
  }
  return "no error";
}

trip_idx the_trip(timetable const& tt, std::string_view id) {
  auto const t = tt.find_trips(id);
  EXPECT_EQ(t.size(), 1U) << id;
  return t.empty() ? trip_idx::invalid() : t[0];
}

TEST(GtfsValues, Times) {
  EXPECT_EQ(parse_gtfs_time("08:00:00"), 28800);
  EXPECT_EQ(parse_gtfs_time("5:01:00"), 5 * 3600 + 60);
  EXPECT_EQ(parse_gtfs_time("81:30:00"), 81 * 3600 + 1800);
  EXPECT_EQ(parse_gtfs_time("100:00:00"), 360000);
  EXPECT_FALSE(parse_gtfs_time("25:61:00"));
  EXPECT_FALSE(parse_gtfs_time("1:2:3"));
  EXPECT_FALSE(parse_gtfs_time("08:00"));
  EXPECT_FALSE(parse_gtfs_time(":00:00"));
  EXPECT_FALSE(parse_gtfs_time("-1:00:00"));
  EXPECT_FALSE(parse_gtfs_time("08:00:00x"));
}

TEST(GtfsValues, Dates) {
  EXPECT_EQ(parse_gtfs_date("20231110"), day(2023, 11, 10));
  EXPECT_EQ(parse_gtfs_date("20240229"), day(2024, 2, 29));
  EXPECT_FALSE(parse_gtfs_date("20230229"));
  EXPECT_FALSE(parse_gtfs_date("10112023"));  // DDMMYYYY
  EXPECT_FALSE(parse_gtfs_date("2023-11-10"));
  EXPECT_FALSE(parse_gtfs_date(""));
}

TEST(GtfsLoad, BasicFeed) {
  auto const [tt, report] = load_files(base_feed());
  EXPECT_EQ(tt.n_stops(), 3U);
  EXPECT_EQ(tt.n_trips(), 1U);
  EXPECT_EQ(report.rows_.at("stop_times.txt"), 3U);
  EXPECT_EQ(report.total_warnings(), 0U);
  auto const t = the_trip(tt, "T1");
  EXPECT_EQ(tt.str(tt.trip(t).headsign_), "Three");
  EXPECT_EQ(tt.str(tt.route(tt.trip(t).route_).long_name_), "Line One");
  auto const times = tt.trip_times(t);
  ASSERT_EQ(times.size(), 3U);
  EXPECT_EQ(times[1], (stop_time{8 * 3600 + 600, 8 * 3600 + 660}));
  EXPECT_EQ(tt.pattern(tt.trip(t).pattern_).mode_, mode::kBus);
  // Weekdays only: Monday 2 March runs, Saturday 7 March does not.
  EXPECT_TRUE(tt.runs_on(tt.trip(t).service_, *tt.day_of(day(2026, 3, 2))));
  EXPECT_FALSE(tt.runs_on(tt.trip(t).service_, *tt.day_of(day(2026, 3, 7))));
  EXPECT_EQ(tt.scalars().first_day_, day(2026, 3, 1));
  EXPECT_EQ(tt.scalars().n_days_, 31U);
}

TEST(GtfsLoad, TimesPastMidnightAndFarPastIt) {
  auto f = base_feed();
  f["stop_times.txt"] =
      "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
      "T1,5:01:00,5:01:00,S1,1\nT1,23:59:00,24:05:00,S2,2\nT1,81:30:00,81:30:00,S3,3\n";
  auto const [tt, report] = load_files(f);
  auto const times = tt.trip_times(the_trip(tt, "T1"));
  EXPECT_EQ(times[0].dep_, 5 * 3600 + 60);
  EXPECT_EQ(times[1].dep_, 24 * 3600 + 300);
  EXPECT_EQ(times[2].arr_, 81 * 3600 + 1800);
  EXPECT_EQ(tt.pattern(tt.trip(the_trip(tt, "T1")).pattern_).max_days_, 3U);
}

TEST(GtfsLoad, DstDayTimesCountFromNoonMinus12h) {
  // 2026-03-08 New York springs forward at 02:00. GTFS times count from noon minus 12 h, which is
  // 23:00 EST of the day before (04:00 UTC): 01:30:00 is 05:30 UTC.
  auto f = base_feed();
  f["calendar_dates.txt"] = "service_id,date,exception_type\nWK,20260308,1\n";
  f["stop_times.txt"] =
      "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
      "T1,01:30:00,01:30:00,S1,1\nT1,02:30:00,02:30:00,S2,2\nT1,03:30:00,03:30:00,S3,3\n";
  auto const [tt, report] = load_files(f);
  auto const t = the_trip(tt, "T1");
  auto const d = *tt.day_of(day(2026, 3, 8));
  ASSERT_TRUE(tt.runs_on(tt.trip(t).service_, d));
  auto const tz = tt.pattern(tt.trip(t).pattern_).tz_;
  EXPECT_EQ(tt.service_day_start(tz, d) + tt.trip_times(t)[0].dep_, utc(2026, 3, 8, 5, 30));
  // The Monday after: noon EDT = 16:00 UTC, so 01:30:00 is 05:30 UTC too (01:30 EDT).
  EXPECT_EQ(tt.service_day_start(tz, *tt.day_of(day(2026, 3, 9))) + 5400, utc(2026, 3, 9, 5, 30));
  // The Friday before: 01:30 EST is 06:30 UTC.
  EXPECT_EQ(tt.service_day_start(tz, *tt.day_of(day(2026, 3, 6))) + 5400, utc(2026, 3, 6, 6, 30));
}

TEST(GtfsLoad, CrossBorderTripIsExactInBothTimeZones) {
  // Xi'an 11:30 Beijing time on 2025-05-29, Almaty 57 hours later; times are in the agency's zone.
  files f{
      {"agency.txt", "agency_id,agency_name,agency_url,agency_timezone\nCR,China Railway,http://cr.example,Asia/Shanghai\n"},
      {"stops.txt",
       "stop_id,stop_name,stop_lat,stop_lon,stop_timezone\nXIY,西安,34.37,108.93,\nALA,Алматы,43.27,76.94,Asia/Almaty\n"},
      {"routes.txt", "route_id,agency_id,route_short_name,route_long_name,route_type\nT,CR,,Xi'an-Almaty,2\n"},
      {"trips.txt", "route_id,service_id,trip_id\nT,S,TRAIN\n"},
      {"calendar_dates.txt", "service_id,date,exception_type\nS,20250529,1\n"},
      {"stop_times.txt",
       "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nTRAIN,11:30:00,11:30:00,XIY,1\n"
       "TRAIN,68:30:00,68:30:00,ALA,2\n"},
  };
  auto const [tt, report] = load_files(f);
  auto const t = the_trip(tt, "TRAIN");
  auto const tz = tt.pattern(tt.trip(t).pattern_).tz_;
  EXPECT_EQ(tt.tz_name(tz), "Asia/Shanghai");
  auto const start = tt.service_day_start(tz, day_idx{0U});
  EXPECT_EQ(start + tt.trip_times(t)[0].dep_, utc(2025, 5, 29, 3, 30));   // 11:30 +08
  EXPECT_EQ(start + tt.trip_times(t)[1].arr_, utc(2025, 5, 31, 12, 30));  // 17:30 in Almaty (+05)
  EXPECT_EQ(tt.tz_name(tt.stop(*tt.find_stop("ALA")).tz_), "Asia/Almaty");
  EXPECT_EQ(tt.tz_name(tt.stop(*tt.find_stop("XIY")).tz_), "Asia/Shanghai");
  EXPECT_EQ(tt.pattern(tt.trip(t).pattern_).mode_, mode::kRail);
}

TEST(GtfsLoad, FrequenciesAreExpandedBothWays) {
  auto f = base_feed();
  f["trips.txt"] = "route_id,service_id,trip_id\nR,WK,T1\nR,WK,T2\n";
  f["stop_times.txt"] +=
      "T2,00:00:00,00:00:00,S1,1\nT2,00:05:00,00:05:00,S2,2\nT2,00:09:00,00:09:00,S3,3\n";
  f["frequencies.txt"] =
      "trip_id,start_time,end_time,headway_secs,exact_times\nT1,06:00:00,07:00:00,1200,1\nT2,10:00:00,10:30:00,600,0\n";
  auto const [tt, report] = load_files(f);
  auto const t1 = tt.find_trips("T1");
  ASSERT_EQ(t1.size(), 3U);  // 06:00, 06:20, 06:40
  std::vector<std::int32_t> deps;
  for (auto const t : t1) {
    deps.push_back(tt.trip_times(t)[0].dep_);
    EXPECT_EQ(tt.trip(t).origin_, trip_origin::kFrequencyExact);
    EXPECT_EQ(tt.trip_times(t)[2].arr_ - tt.trip_times(t)[0].dep_, 1200);  // running time kept
  }
  std::sort(deps.begin(), deps.end());
  EXPECT_EQ(deps, (std::vector<std::int32_t>{21600, 22800, 24000}));
  auto const t2 = tt.find_trips("T2");
  ASSERT_EQ(t2.size(), 3U);
  EXPECT_EQ(tt.trip(t2[0]).origin_, trip_origin::kFrequencyHeadway);
}

TEST(GtfsLoad, MissingIntermediateTimesAreInterpolatedByDistance) {
  auto f = base_feed();
  f["stops.txt"] = "stop_id,stop_name,stop_lat,stop_lon\nS1,One,40.0,-74.0\nS2,Two,40.05,-74.0\nS3,Three,40.2,-74.0\n";
  f["stop_times.txt"] =
      "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
      "T1,08:00:00,08:00:00,S1,1\nT1,,,S2,2\nT1,08:20:00,08:20:00,S3,3\n";
  auto const [tt, report] = load_files(f);
  // S2 is a quarter of the way: 08:05.
  EXPECT_EQ(tt.trip_times(the_trip(tt, "T1"))[1], (stop_time{8 * 3600 + 300, 8 * 3600 + 300}));
}

TEST(GtfsLoad, StopSequenceOrdersStopsNotFileOrder) {
  auto f = base_feed();
  f["stop_times.txt"] =
      "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
      "T1,08:20:00,08:20:00,S3,30\nT1,08:00:00,08:00:00,S1,10\nT1,08:10:00,08:11:00,S2,20\n";
  auto const [tt, report] = load_files(f);
  auto const stops = tt.pattern_stops(tt.trip(the_trip(tt, "T1")).pattern_);
  EXPECT_EQ(tt.str(tt.stop(stops[0].stop()).id_), "S1");
  EXPECT_EQ(tt.str(tt.stop(stops[2].stop()).id_), "S3");
}

TEST(GtfsLoad, PickupAndDropOffRestrictions) {
  auto f = base_feed();
  f["stop_times.txt"] =
      "trip_id,arrival_time,departure_time,stop_id,stop_sequence,pickup_type,drop_off_type\n"
      "T1,08:00:00,08:00:00,S1,1,0,1\nT1,08:10:00,08:11:00,S2,2,1,0\nT1,08:20:00,08:20:00,S3,3,1,2\n";
  auto const [tt, report] = load_files(f);
  auto const stops = tt.pattern_stops(tt.trip(the_trip(tt, "T1")).pattern_);
  EXPECT_TRUE(stops[0].can_board());
  EXPECT_FALSE(stops[0].can_alight());
  EXPECT_FALSE(stops[1].can_board());
  EXPECT_TRUE(stops[1].can_alight());
  EXPECT_TRUE(stops[2].can_alight());  // 2 = phone the agency: possible
}

TEST(GtfsLoad, TransfersBecomeChangeTimesFootpathsAndTripLinks) {
  auto f = base_feed();
  f["trips.txt"] = "route_id,service_id,trip_id\nR,WK,T1\nR,WK,T2\n";
  f["stop_times.txt"] += "T2,09:00:00,09:00:00,S3,1\nT2,09:10:00,09:10:00,S1,2\n";
  f["transfers.txt"] =
      "from_stop_id,to_stop_id,transfer_type,min_transfer_time,from_trip_id,to_trip_id\n"
      "S2,S2,2,240,,\nS1,S3,2,900,,\nS3,S1,3,,,\nS3,S3,1,,T1,T2\n";
  auto const [tt, report] = load_files(f);
  EXPECT_EQ(tt.stop(*tt.find_stop("S2")).min_change_, 240);
  EXPECT_EQ(tt.stop(*tt.find_stop("S1")).min_change_, -1);
  auto const from_s1 = tt.footpaths_out(*tt.find_stop("S1"));
  ASSERT_EQ(from_s1.size(), 1U);
  EXPECT_EQ(from_s1[0].target_, *tt.find_stop("S3"));
  EXPECT_EQ(from_s1[0].duration_, 900);
  EXPECT_TRUE(tt.footpaths_out(*tt.find_stop("S3")).empty());  // not possible the other way
  ASSERT_EQ(tt.columns().trip_transfers_.size(), 1U);
  auto const& tr = tt.columns().trip_transfers_[0];
  EXPECT_EQ(tt.str(tt.trip(tr.from_trip_).id_), "T1");
  EXPECT_EQ(tt.str(tt.trip(tr.to_trip_).id_), "T2");
  EXPECT_EQ(tr.type_, transfer_type::kTimed);
}

TEST(GtfsLoad, TranslationsByRecordAndByValue) {
  auto f = base_feed();
  f["translations.txt"] =
      "table_name,field_name,language,translation,record_id,field_value\n"
      "stops,stop_name,zh,一号站,S1,\nstops,stop_name,ru,Два,,Two\nroutes,route_long_name,zh,一号线,R,\n";
  auto const [tt, report] = load_files(f);
  EXPECT_EQ(tt.translate(translated_table::kStop, tt.find_stop("S1")->v(), "stop_name", "zh"), "一号站");
  EXPECT_EQ(tt.translate(translated_table::kStop, tt.find_stop("S2")->v(), "stop_name", "ru"), "Два");
  EXPECT_EQ(tt.translate(translated_table::kStop, tt.find_stop("S2")->v(), "stop_name", "zh"), "");
  EXPECT_EQ(tt.translate(translated_table::kRoute, tt.find_route("R")->v(), "route_long_name", "zh"), "一号线");
}

TEST(GtfsLoad, FeedInfoIsKept) {
  auto f = base_feed();
  f["feed_info.txt"] = "feed_publisher_name,feed_publisher_url,feed_lang,feed_version\nCaravan,http://c.example,en,2026-11\n";
  auto const [tt, report] = load_files(f);
  EXPECT_EQ(tt.meta("feed_version"), "2026-11");
  EXPECT_EQ(tt.meta("feed_publisher_name"), "Caravan");
}

TEST(GtfsLoadErrors, MissingRequiredFile) {
  auto f = base_feed();
  f.erase("stops.txt");
  EXPECT_EQ(error_of(f), "stops.txt: required file is missing");
}

TEST(GtfsLoadErrors, MissingRequiredColumn) {
  auto f = base_feed();
  f["stop_times.txt"] = "trip_id,arrival_time,stop_id,stop_sequence\nT1,08:00:00,S1,1\n";
  EXPECT_EQ(error_of(f), "stop_times.txt:1: required column `departure_time` is missing");
}

TEST(GtfsLoadErrors, UnknownTimeZone) {
  auto f = base_feed();
  f["agency.txt"] = "agency_id,agency_name,agency_url,agency_timezone\nA,Agency,http://a,America/Gotham\n";
  EXPECT_EQ(error_of(f), "agency.txt:2:4: unknown time zone `America/Gotham` (not in the tz database)");
}

TEST(GtfsLoadErrors, NoCalendarAtAll) {
  auto f = base_feed();
  f.erase("calendar.txt");
  EXPECT_NE(error_of(f).find("neither calendar.txt nor calendar_dates.txt"), std::string::npos);
}

TEST(GtfsLoadWarnings, UndefinedStopSkipsItsTripOnly) {
  auto f = base_feed();
  f["trips.txt"] = "route_id,service_id,trip_id\nR,WK,T1\nR,WK,T2\n";
  f["stop_times.txt"] += "T2,09:00:00,09:00:00,S1,1\nT2,09:10:00,09:10:00,NOWHERE,2\n";
  auto const [tt, report] = load_files(f);
  EXPECT_EQ(tt.n_trips(), 1U);
  EXPECT_EQ(report.warnings("an undefined stop"), 1U);
  EXPECT_EQ(report.skipped_.at("trips with an undefined stop"), 1U);
  EXPECT_NE(report.warnings_.at("an undefined stop").examples_[0].find("stop_times.txt:6:4"), std::string::npos)
      << report.warnings_.at("an undefined stop").examples_[0];
}

TEST(GtfsLoadWarnings, TimesGoingBackwardsSkipTheTrip) {
  auto f = base_feed();
  f["stop_times.txt"] =
      "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
      "T1,08:00:00,08:00:00,S1,1\nT1,07:10:00,07:11:00,S2,2\nT1,08:20:00,08:20:00,S3,3\n"
      "T2,09:00:00,09:00:00,S1,1\nT2,09:10:00,09:11:00,S2,2\n";
  f["trips.txt"] += "R,WK,T2\n";
  auto const [tt, report] = load_files(f);
  EXPECT_EQ(tt.n_trips(), 1U);
  EXPECT_TRUE(tt.find_trips("T1").empty());
  EXPECT_EQ(report.warnings("times go backwards"), 1U);
}

// When every trip is skipped the import fails, saying why, rather than writing an empty snapshot.
TEST(GtfsLoadErrors, NoTripLeftIsAnError) {
  auto f = base_feed();
  f["stop_times.txt"] =
      "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
      "T1,08:00:00,08:00:00,S1,1\nT1,07:10:00,07:11:00,S2,2\n";
  EXPECT_EQ(error_of(f).find("stop_times.txt: no trip could be imported: 1 in trips.txt, all skipped; warnings: "
                             "times go backwards (1, e.g. stop_times.txt:3"),
            0U)
      << error_of(f);
}

TEST(GtfsLoadWarnings, BadTimeAndDuplicateIds) {
  auto f = base_feed();
  f["stops.txt"] += "S1,Again,40.3,-74.0\n";
  f["trips.txt"] = "route_id,service_id,trip_id\nR,WK,T1\nR,WK,T1\nR,NOPE,T3\n";
  f["stop_times.txt"] += "T3,08:00:00,08:00:00,S1,1\n";
  auto const [tt, report] = load_files(f);
  EXPECT_EQ(report.warnings("duplicate id"), 2U);
  EXPECT_EQ(report.warnings("undefined service"), 1U);
  EXPECT_EQ(report.warnings("undefined trip"), 1U);  // T3 was skipped, so its stop times are orphans
  EXPECT_EQ(tt.str(tt.stop(*tt.find_stop("S1")).name_), "One");
}

TEST(GtfsLoad, SourceAndConfidenceOfRoutesAndTrips) {
  // Caravan's provenance columns: a trip states its own, else inherits its route's.
  auto f = base_feed();
  f["routes.txt"] = "route_id,agency_id,route_short_name,route_long_name,route_type,source,confidence\n"
                    "R,A,1,Line One,3,https://timetable.example/r,exact\n"
                    "Q,A,2,Line Two,3,,\n";
  f["trips.txt"] = "route_id,service_id,trip_id,source,confidence\n"
                   "R,WK,T1,,\n"
                   "R,WK,T2,placed by us from a 2 h duration,estimated\n"
                   "Q,WK,T3,,somewhat\n";
  f["stop_times.txt"] += "T2,09:00:00,09:00:00,S1,1\nT2,09:20:00,09:20:00,S3,2\nT3,10:00:00,10:00:00,S1,1\nT3,10:20:00,10:20:00,S3,2\n";
  auto const [tt, report] = load_files(f);
  auto const& t1 = tt.trip(the_trip(tt, "T1"));
  auto const& t2 = tt.trip(the_trip(tt, "T2"));
  auto const& t3 = tt.trip(the_trip(tt, "T3"));
  EXPECT_EQ(t1.confidence_, confidence::kExact);
  EXPECT_EQ(tt.str(t1.source_), "https://timetable.example/r");
  EXPECT_EQ(t2.confidence_, confidence::kEstimated);
  EXPECT_EQ(tt.str(t2.source_), "placed by us from a 2 h duration");
  EXPECT_EQ(t3.confidence_, confidence::kUnstated);
  EXPECT_EQ(tt.str(t3.source_), "");
  EXPECT_EQ(tt.route(t1.route_).confidence_, confidence::kExact);
  ASSERT_EQ(report.warnings("bad confidence"), 1U);
  EXPECT_NE(report.warnings_.at("bad confidence").examples_.front().find("trips.txt:4:5"), std::string::npos)
      << report.warnings_.at("bad confidence").examples_.front();
  auto const notes = std::count_if(report.notes_.begin(), report.notes_.end(),
                                   [](auto const& n) { return n.find("unknown column") != std::string::npos; });
  EXPECT_EQ(notes, 0) << "source and confidence are known columns";
}

TEST(GtfsLoadWarnings, UnknownFilesAndColumnsAreNoted) {
  auto f = base_feed();
  f["frecuencias.txt"] = "x\n1\n";
  f["stops.txt"] = "stop_id,stop_name,stop_lat,stop_lon,my_column\nS1,One,40.0,-74.0,a\nS2,Two,40.1,-74.0,b\nS3,Three,40.2,-74.0,c\n";
  auto const [tt, report] = load_files(f);
  auto const has = [&](std::string_view s) {
    return std::any_of(report.notes_.begin(), report.notes_.end(), [&](auto const& n) { return n.find(s) != std::string::npos; });
  };
  EXPECT_TRUE(has("unknown file frecuencias.txt"));
  EXPECT_TRUE(has("unknown column `my_column`"));
  EXPECT_EQ(tt.n_trips(), 1U);
}

TEST(GtfsLoadWarnings, LongCalendarsAreClipped) {
  auto f = base_feed();
  f["calendar.txt"] =
      "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
      "WK,1,1,1,1,1,0,0,20260301,20990101\n";
  load_options opt;
  opt.max_days_ = 400;
  auto const [tt, report] = load_files(f, opt);
  EXPECT_EQ(tt.scalars().n_days_, 400U);
  EXPECT_EQ(report.warnings("service period too long"), 1U);
}

}  // namespace
}  // namespace caravan::gtfs

namespace caravan::gtfs {
namespace {

TEST(GtfsLoad, TranslationsByFieldValueForRoutesTripsAndAgencies) {
  auto f = base_feed();
  f["translations.txt"] =
      "table_name,field_name,language,translation,record_id,field_value\n"
      "routes,route_long_name,ru,Линия один,,Line One\ntrips,trip_headsign,zh,三,,Three\n"
      "agency,agency_name,kk,Агенттік,,Agency\n";
  auto const [tt, report] = load_files(f);
  EXPECT_EQ(report.total_warnings(), 0U);
  EXPECT_EQ(tt.translate(tt::translated_table::kRoute, tt.find_route("R")->v(), "route_long_name", "ru"), "Линия один");
  EXPECT_EQ(tt.translate(tt::translated_table::kTrip, the_trip(tt, "T1").v(), "trip_headsign", "zh"), "三");
  EXPECT_EQ(tt.translate(tt::translated_table::kAgency, 0, "agency_name", "kk"), "Агенттік");
}

}  // namespace
}  // namespace caravan::gtfs
