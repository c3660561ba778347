// Building the check's input: local times, stays from planned legs, trip files and traveller specs.
#include <gtest/gtest.h>

#include "caravan/rules/itinerary.h"

namespace {

using namespace caravan::rules;

TEST(rules_input, local_times) {
  auto const t = parse_local_time("2025-06-03T23:30+05:00");
  ASSERT_TRUE(t);
  EXPECT_EQ(format_day(t->date_), "2025-06-03");
  EXPECT_EQ(t->seconds_of_day_, 23 * 3600 + 30 * 60);
  EXPECT_EQ(t->utc_offset_s_, 5 * 3600);
  EXPECT_EQ(format_local_time(*t), "2025-06-03T23:30+05:00");
  EXPECT_EQ(format_local_time(*parse_local_time("2025-06-03")), "2025-06-03");
  EXPECT_EQ(format_local_time(*parse_local_time("2025-06-03T08:00:05Z")), "2025-06-03T08:00:05Z");
  for (auto const* bad : {"2025-6-3", "2025-02-29", "2025-06-03T24:00", "2025-06-03 08:00", "2025-06-03T08:00+5"}) {
    EXPECT_FALSE(parse_local_time(bad)) << bad;
  }
}

TEST(rules_input, stays_from_legs_merge_a_country_and_use_local_dates) {
  // Xi'an -> (change in Urumqi) -> Almaty -> Samarkand; times in UTC.
  std::vector<country_leg> const legs{
      {"CN", 1748736000 /* 2025-06-01T00:00Z */, 1748800800 /* 2025-06-01T18:00Z */, 8 * 3600, 8 * 3600, "XIY"},
      {"CN", 1748804400 /* 2025-06-01T19:00Z */, 1748905200 /* 2025-06-02T23:00Z */, 8 * 3600, 8 * 3600, ""},
      {"KZ", 1748919600 /* 2025-06-03T03:00Z */, 1749409200 /* 2025-06-08T19:00Z */, 5 * 3600, 5 * 3600, "khorgos_road"},
      {"UZ", 1749420000 /* 2025-06-08T22:00Z */, 1749722400 /* 2025-06-12T10:00Z */, 5 * 3600, 5 * 3600, "SKD"},
  };
  auto const trip = stays_from_legs(legs, purpose::kTourism);
  ASSERT_EQ(trip.stays_.size(), 3U);
  EXPECT_EQ(trip.stays_[0].country_, "CN");
  EXPECT_EQ(format_local_time(trip.stays_[0].entry_), "2025-06-01T08:00+08:00");
  EXPECT_EQ(format_local_time(trip.stays_[0].exit_), "2025-06-03T07:00+08:00");  // the second leg's departure
  EXPECT_EQ(trip.stays_[0].entry_port_, "XIY");
  EXPECT_EQ(format_local_time(trip.stays_[1].entry_), "2025-06-03T08:00+05:00");
  EXPECT_EQ(format_local_time(trip.stays_[2].entry_), "2025-06-09T03:00+05:00");  // next local day
  EXPECT_EQ(trip.stays_[2].entry_port_, "SKD");
  EXPECT_NO_THROW(validate(trip));
}

TEST(rules_input, traveller_specs) {
  auto const t = parse_traveller_spec("CN:service:1960-05-01");
  EXPECT_EQ(t.nationality_, "CN");
  EXPECT_EQ(t.passport_, passport_type::kService);
  EXPECT_EQ(format_day(*t.birth_date_), "1960-05-01");
  EXPECT_EQ(parse_traveller_spec("KZ").passport_, passport_type::kOrdinary);
  for (auto const* bad : {"XX", "cn", "CN:official", "CN:ordinary:1960-13-01", "CN:ordinary:1960-01-01:x"}) {
    EXPECT_THROW(parse_traveller_spec(bad), caravan::data_error) << bad;
  }
}

std::string trip_error(std::string const& text) {
  try {
    parse_trip(text, "trip.json");
  } catch (caravan::data_error const& e) {
    return e.what();
  }
  return {};
}

TEST(rules_input, bad_trip_files_name_line_and_path) {
  EXPECT_NE(trip_error("{\n  \"stays\": [\n    {\"country\": \"KZ\", \"entry\": \"2025-06-01\", \"exit\": \"2025-06-31\"}\n  ]\n}")
                .find("trip.json:3: /stays/0/exit: `2025-06-31` is not a date"),
            std::string::npos);
  EXPECT_NE(trip_error("{\n  \"stays\": [\n    {\"country\": \"XK\", \"entry\": \"2025-06-01\", \"exit\": \"2025-06-02\"}\n  ]\n}")
                .find("trip.json:3: /stays/0/country: unknown country code `XK`"),
            std::string::npos);
  EXPECT_NE(trip_error("{\n  \"stays\": [\n    {\"country\": \"KZ\", \"entry\": \"2025-06-01\", \"exit\": \"2025-06-02\", "
                       "\"purpose\": \"work\"}\n  ]\n}")
                .find("trip.json:3: /stays/0/purpose: unknown purpose `work`"),
            std::string::npos);
  EXPECT_NE(trip_error("{\n  \"stays\": []\n}").find("trip.json:2: /stays: missing `stays`"), std::string::npos);
  EXPECT_NE(trip_error("{\n  \"stays\": [\n    {\"country\": \"KZ\", \"entry\": \"2025-06-05\", \"exit\": \"2025-06-02\"}\n  ]\n}")
                .find("trip.json: stay 1 (KZ): exit 2025-06-02 is before entry 2025-06-05"),
            std::string::npos);
  EXPECT_NE(trip_error("{\n  \"stays\": [\n    {\"country\": \"KZ\", \"entry\": \"2025-06-01\", \"exit\": \"2025-06-10\"},\n"
                       "    {\"country\": \"UZ\", \"entry\": \"2025-06-05\", \"exit\": \"2025-06-12\"}\n  ]\n}")
                .find("stay 2 (UZ): entry 2025-06-05 is before the previous stay's exit 2025-06-10"),
            std::string::npos);
  EXPECT_NE(trip_error("{\"stays\": [}").find("trip.json:1:"), std::string::npos);
}

}  // namespace

namespace {

TEST(rules_input, a_member_of_the_wrong_type_is_an_error_not_a_crash) {
  EXPECT_NE(trip_error("{\n  \"travellers\": [{\"nationality\": \"CN\", \"earlier_stays\": {\"country\": \"KZ\"}}],\n"
                       "  \"stays\": [{\"country\": \"KZ\", \"entry\": \"2025-06-01\", \"exit\": \"2025-06-02\"}]\n}")
                .find("trip.json:2: /travellers/0/earlier_stays: expected a list"),
            std::string::npos);
  EXPECT_NE(trip_error("{\"stays\": [{\"country\": \"KZ\", \"entry\": 20250601, \"exit\": \"2025-06-02\"}]}")
                .find("/stays/0/entry: expected a string"),
            std::string::npos);
  EXPECT_NE(trip_error("{\"stays\": [{\"country\": \"KZ\", \"entry\": \"2025-06-01\", \"exit\": \"2025-06-02\", "
                       "\"group_tour\": {\"size\": 0}}]}")
                .find("/stays/0/group_tour/size: expected a whole number 1..10000, got 0"),
            std::string::npos);
}

}  // namespace
