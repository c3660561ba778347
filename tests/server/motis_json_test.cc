// MOTIS's shapes below the endpoints (libs/server/src/motis_json.h): times as the clients send and read
// them, modes both ways, the run ids /api/v6/trip reads back.
#include "motis_json.h"

#include <gtest/gtest.h>

#include "harness.h"

namespace caravan::server::motis {
namespace {

TEST(MotisJson, TimesHaveSecondsAndTheOffsetOfTheirInstant) {
  // Los Angeles springs forward on 2026-03-08 at 10:00 UTC; asked in turns, so a zone's remembered period
  // must be checked, not trusted.
  for (int i = 0; i != 2; ++i) {
    EXPECT_EQ(format_time(1772963999, "America/Los_Angeles"), "2026-03-08T01:59:59-08:00");
    EXPECT_EQ(format_time(1772964000, "America/Los_Angeles"), "2026-03-08T03:00:00-07:00");
    EXPECT_EQ(format_time(1772963999, "America/Los_Angeles"), "2026-03-08T01:59:59-08:00");
  }
  EXPECT_EQ(format_time(1780624800, "Asia/Almaty"), "2026-06-05T07:00:00+05:00");
  EXPECT_EQ(format_time(1780624800, "Asia/Kolkata"), "2026-06-05T07:30:00+05:30");
  EXPECT_EQ(format_time(1780624800, "UTC"), "2026-06-05T02:00:00Z");
  EXPECT_EQ(format_time(-1, "UTC"), "1969-12-31T23:59:59Z");
}

TEST(MotisJson, TimesAsTheClientsSendThem) {
  EXPECT_EQ(parse_time("2026-06-05T02:00:00.000Z", "Asia/Almaty", "time"), 1780624800);
  EXPECT_EQ(parse_time("2026-06-05T02:00:00.123456789Z", "Asia/Almaty", "time"), 1780624800);
  EXPECT_EQ(parse_time("2026-06-05T07:00:00+05:00", "UTC", "time"), 1780624800);
  EXPECT_EQ(parse_time("2026-06-05T07:00", "Asia/Almaty", "time"), 1780624800);  // local without an offset
  EXPECT_THROW(parse_time("2026-06-05T02:00:00.Z", "UTC", "time"), api_error);
  EXPECT_THROW(parse_time("tomorrow", "UTC", "time"), api_error);
  EXPECT_EQ(without_fraction("2026-06-05T02:00:00.5+06:00", "time"), "2026-06-05T02:00:00+06:00");
  EXPECT_EQ(without_fraction("2026-06-05", "time"), "2026-06-05");
}

TEST(MotisJson, ModesByRouteTypeAndBack) {
  EXPECT_EQ(mode_of(tt::mode::kRail, 101), "HIGHSPEED_RAIL");
  EXPECT_EQ(mode_of(tt::mode::kRail, 102), "LONG_DISTANCE");
  EXPECT_EQ(mode_of(tt::mode::kRail, 105), "NIGHT_RAIL");
  EXPECT_EQ(mode_of(tt::mode::kRail, 106), "REGIONAL_RAIL");
  EXPECT_EQ(mode_of(tt::mode::kRail, 2), "RAIL");
  EXPECT_EQ(mode_of(tt::mode::kAir, 1100), "AIRPLANE");
  EXPECT_EQ(mode_of(tt::mode::kCoach, 200), "COACH");
  EXPECT_EQ(mode_of(tt::mode::kTaxi, 1500), "ODM");
  EXPECT_EQ(mode_of_road("bus"), "COACH");
  EXPECT_EQ(mode_of_road("car"), "CAR");
  EXPECT_EQ(mode_of_road("shared-taxi"), "ODM");
  EXPECT_EQ(planner_modes("TRANSIT", "m"), "all");
  EXPECT_EQ(planner_modes("WALK,BIKE", "m"), "");
  EXPECT_EQ(planner_modes("AIRPLANE,HIGHSPEED_RAIL", "m"), "air,train");
  EXPECT_THROW(planner_modes("CAMEL", "m"), api_error);
  EXPECT_THROW(planner_modes("", "m"), api_error);
}

TEST(MotisJson, PositionsWithALevel) {
  EXPECT_TRUE(looks_like_position("43.25,76.91"));
  EXPECT_TRUE(looks_like_position("43.25,76.91,0"));
  EXPECT_FALSE(looks_like_position("almaty"));
  EXPECT_FALSE(looks_like_position("1,2,x"));
  EXPECT_EQ(without_level("43.25,76.91,-1"), "43.25,76.91");
  EXPECT_DOUBLE_EQ(position("43.25,76.91,2", "place").lon_, 76.91);
  EXPECT_THROW(position("43.25", "place"), api_error);
  EXPECT_THROW(position("91,0", "place"), api_error);
}

TEST(MotisJson, RunIdsReadBack) {
  auto const& tt = testing::silkroad()->timetable();
  auto const trips = tt.find_trips("cz_urc_tas_out");
  ASSERT_FALSE(trips.empty());
  auto const day = tt.day_of(20605);  // 2026-06-01
  ASSERT_TRUE(day);
  auto const id = trip_run_id(tt, trips[0], *day);
  EXPECT_EQ(id, "20260601_0_cz_urc_tas_out");
  auto const run = parse_trip_run_id(tt, id, "tripId");
  EXPECT_EQ(run.trip_, trips[0]);
  EXPECT_EQ(run.day_, *day);
  EXPECT_THROW(parse_trip_run_id(tt, "20260601_0_nothing", "tripId"), api_error);
  EXPECT_THROW(parse_trip_run_id(tt, "2026-06-01_0_cz_urc_tas_out", "tripId"), api_error);
  EXPECT_THROW(parse_trip_run_id(tt, "cz_urc_tas_out", "tripId"), api_error);
}

}  // namespace
}  // namespace caravan::server::motis
