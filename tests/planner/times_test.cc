// Times (local, absolute, DST gaps and overlaps, malformed), window durations and mode names.
#include "caravan/planner/times.h"

#include <gtest/gtest.h>

#include "caravan/planner/error.h"
#include "caravan/planner/modes.h"
#include "silk_feed.h"

namespace caravan::planner {
namespace {

using test::utc;

template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (query_error const& e) {
    return e.what();
  }
  return "";
}

TEST(ParseTime, LocalInTheGivenZone) {
  EXPECT_EQ(parse_time("2026-06-01T08:00", "Asia/Tashkent"), utc(2026, 6, 1, 3, 0));
  EXPECT_EQ(parse_time("2026-06-01T08:00", "Asia/Urumqi"), utc(2026, 6, 1, 2, 0));
  EXPECT_EQ(parse_time("2026-06-01T08:00:30", "Asia/Tashkent"), utc(2026, 6, 1, 3, 0, 30));
  EXPECT_EQ(parse_time("2026-06-01 08:00", "Asia/Tashkent"), utc(2026, 6, 1, 3, 0));
  EXPECT_EQ(parse_time("2026-01-15T08:00", "Europe/Berlin"), utc(2026, 1, 15, 7, 0));  // winter, +01
  EXPECT_EQ(parse_time("2026-07-15T08:00", "Europe/Berlin"), utc(2026, 7, 15, 6, 0));  // summer, +02
}

TEST(ParseTime, OffsetsAndZAreAbsolute) {
  EXPECT_EQ(parse_time("2026-06-01T08:00+06:00", "Asia/Tashkent"), utc(2026, 6, 1, 2, 0));
  EXPECT_EQ(parse_time("2026-06-01T08:00Z", "Asia/Tashkent"), utc(2026, 6, 1, 8, 0));
  EXPECT_EQ(parse_time("2026-06-01T08:00:15-05:00", "Asia/Tashkent"), utc(2026, 6, 1, 13, 0, 15));
  EXPECT_EQ(parse_time("2026-06-01T08:00+0530", "UTC"), utc(2026, 6, 1, 2, 30));
}

TEST(ParseTime, DstGapMeansTheJumpAndOverlapTheFirstOccurrence) {
  // Berlin, 2026-03-29: clocks jump from 02:00 to 03:00 (01:00 UTC). 02:30 does not exist.
  EXPECT_EQ(parse_time("2026-03-29T02:30", "Europe/Berlin"), utc(2026, 3, 29, 1, 0));
  EXPECT_EQ(parse_time("2026-03-29T03:00", "Europe/Berlin"), utc(2026, 3, 29, 1, 0));
  EXPECT_EQ(parse_time("2026-03-29T01:59", "Europe/Berlin"), utc(2026, 3, 29, 0, 59));
  // 2026-10-25: 03:00 becomes 02:00 again; 02:30 happens at 00:30 and 01:30 UTC: the first.
  EXPECT_EQ(parse_time("2026-10-25T02:30", "Europe/Berlin"), utc(2026, 10, 25, 0, 30));
  EXPECT_EQ(parse_time("2026-10-25T03:30", "Europe/Berlin"), utc(2026, 10, 25, 2, 30));
}

TEST(ParseTime, MalformedTimesAreNamed) {
  auto const err = [](char const* text) { return error_of([&] { parse_time(text, "Asia/Tashkent", "time"); }); };
  EXPECT_EQ(err("2026-06-01"), "time `2026-06-01`: expected T and a time of day after the date (YYYY-MM-DDTHH:MM[:SS], "
                               "optionally followed by Z or an offset such as +06:00)");
  EXPECT_NE(err("tomorrow").find("time `tomorrow`: expected YYYY-MM-DDTHH:MM[:SS]"), std::string::npos);
  EXPECT_EQ(err("2026-13-01T08:00"), "time `2026-13-01T08:00`: month 13 does not exist");
  EXPECT_EQ(err("2026-02-30T08:00"), "time `2026-02-30T08:00`: 2026-02 has no day 30");
  EXPECT_EQ(err("2026-06-01T24:00"), "time `2026-06-01T24:00`: 24:00:00 is not a time of day (00:00:00 to 23:59:59)");
  EXPECT_EQ(err("2026-06-01T08:60"), "time `2026-06-01T08:60`: 08:60:00 is not a time of day (00:00:00 to 23:59:59)");
  EXPECT_NE(err("2026-06-01T8:00").find("expected YYYY-MM-DDTHH:MM"), std::string::npos);
  EXPECT_NE(err("2026-06-01T08:00:1").find("two digits of seconds"), std::string::npos);
  EXPECT_EQ(err("2026-06-01T08:00+5"), "time `2026-06-01T08:00+5`: the offset must be +HH:MM or -HH:MM, at most 18 hours");
  EXPECT_EQ(err("2026-06-01T08:00+19:00"), "time `2026-06-01T08:00+19:00`: the offset must be +HH:MM or -HH:MM, at most 18 hours");
  EXPECT_NE(err("2026-06-01T08:00 please").find("unexpected ` please` after the time"), std::string::npos);
  EXPECT_NE(err("").find("time ``: expected"), std::string::npos);
}

TEST(FormatTime, LocalWithTheOffsetOfThatInstant) {
  EXPECT_EQ(format_time(utc(2025, 5, 29, 3, 30), "Asia/Shanghai"), "2025-05-29T11:30+08:00");
  EXPECT_EQ(format_time(utc(2025, 5, 29, 0, 0), "Asia/Kolkata"), "2025-05-29T05:30+05:30");
  EXPECT_EQ(format_time(utc(2025, 5, 29, 0, 0, 7), "America/New_York"), "2025-05-28T20:00:07-04:00");
  EXPECT_EQ(format_time(utc(2025, 1, 1, 12, 0), "UTC"), "2025-01-01T12:00+00:00");
  // Either side of a DST jump.
  EXPECT_EQ(format_time(utc(2026, 3, 29, 0, 59), "Europe/Berlin"), "2026-03-29T01:59+01:00");
  EXPECT_EQ(format_time(utc(2026, 3, 29, 1, 0), "Europe/Berlin"), "2026-03-29T03:00+02:00");
}

TEST(LocalMidnight, InTheZoneAndOnDstDays) {
  EXPECT_EQ(local_midnight(test::day(2026, 6, 1), "Asia/Tashkent"), utc(2026, 5, 31, 19, 0));
  EXPECT_EQ(local_midnight(test::day(2026, 3, 29), "Europe/Berlin"), utc(2026, 3, 28, 23, 0));
  // Santiago de Chile skips from 00:00 to 01:00 on 2026-09-06: midnight is the jump (04:00 UTC).
  EXPECT_EQ(local_midnight(test::day(2026, 9, 6), "America/Santiago"), utc(2026, 9, 6, 4, 0));
}

TEST(CompactDate, ParsedAndChecked) {
  EXPECT_EQ(parse_compact_date("20260601"), test::day(2026, 6, 1));
  EXPECT_EQ(error_of([] { parse_compact_date("2026-06-01"); }), "date `2026-06-01` is not YYYYMMDD");
  EXPECT_EQ(error_of([] { parse_compact_date("20260631"); }), "date `20260631` does not exist");
}

TEST(Durations, UnitsInOrder) {
  EXPECT_EQ(parse_duration("6h"), 6 * 3600);
  EXPECT_EQ(parse_duration("90m"), 90 * 60);
  EXPECT_EQ(parse_duration("2h30m"), 9000);
  EXPECT_EQ(parse_duration("3600s"), 3600);
  EXPECT_EQ(parse_duration("1d12h"), 36 * 3600);
  EXPECT_EQ(parse_duration("1h0m30s"), 3630);
  EXPECT_EQ(parse_duration("0m"), 0);
}

TEST(Durations, MalformedAreNamed) {
  auto const err = [](char const* text) { return error_of([&] { parse_duration(text, "window"); }); };
  EXPECT_EQ(err("90"), "duration `90`: `90` has no unit (d, h, m or s)");
  EXPECT_EQ(err("2h30"), "duration `2h30`: `30` has no unit (d, h, m or s)");
  EXPECT_EQ(err("5x"), "duration `5x`: unknown unit `x` (use d, h, m or s)");
  EXPECT_EQ(err("30m2h"), "duration `30m2h`: units must come in the order d, h, m, s, each at most once");
  EXPECT_EQ(err("2h2h"), "duration `2h2h`: units must come in the order d, h, m, s, each at most once");
  EXPECT_EQ(err("h"), "duration `h`: expected a number and a unit, such as 6h, 90m, 2h30m or 3600s");
  EXPECT_EQ(err(""), "duration ``: expected a number and a unit, such as 6h, 90m, 2h30m or 3600s");
  EXPECT_EQ(err("-1h"), "duration `-1h`: expected a number and a unit, such as 6h, 90m, 2h30m or 3600s");
  EXPECT_EQ(err("99999999999s"), "duration `99999999999s`: too long");
}

TEST(Modes, NamesAndGroups) {
  using tt::mode;
  auto const has = [](routing::mode_mask m, mode x) { return (m & routing::mask_of(x)) != 0U; };
  auto const rail = parse_modes("rail");
  for (auto const m : {mode::kRail, mode::kSubway, mode::kTram, mode::kMonorail, mode::kFunicular, mode::kCableCar}) {
    EXPECT_TRUE(has(rail, m)) << tt::to_string(m);
  }
  EXPECT_FALSE(has(rail, mode::kBus));
  EXPECT_EQ(parse_modes("train"), routing::mask_of(mode::kRail));
  EXPECT_EQ(parse_modes("subway"), routing::mask_of(mode::kSubway));
  auto const some = parse_modes(" RAIL, Air ,bus,road");
  for (auto const m : {mode::kRail, mode::kTram, mode::kAir, mode::kBus, mode::kCoach, mode::kTrolleybus, mode::kRoad, mode::kTaxi}) {
    EXPECT_TRUE(has(some, m)) << tt::to_string(m);
  }
  EXPECT_FALSE(has(some, mode::kFerry));
  EXPECT_EQ(parse_modes("water"), routing::mask_of(mode::kFerry));
  EXPECT_EQ(parse_modes("all"), routing::kAllModes);
  // Every mode has a name that selects it.
  for (auto m = 0U; m <= static_cast<unsigned>(mode::kOther); ++m) {
    EXPECT_TRUE(has(parse_modes(tt::to_string(static_cast<mode>(m))), static_cast<mode>(m)));
  }
}

TEST(Modes, UnknownAndEmptyNamesListTheValidOnes) {
  auto const err = [](char const* text) { return error_of([&] { parse_modes(text, "modes"); }); };
  auto const valid = "valid modes: all, rail, train, bus, road, water, tram, subway, coach, ferry, cable-car, aerial-lift, "
                     "funicular, trolleybus, monorail, air, taxi, other";
  EXPECT_EQ(err("rail,boat"), std::string{"unknown mode `boat`; "} + valid);
  EXPECT_EQ(err("rail,,air"), std::string{"modes `rail,,air`: an empty name between commas; "} + valid);
  EXPECT_EQ(err(" "), std::string{"no modes given; "} + valid);
}

}  // namespace
}  // namespace caravan::planner
