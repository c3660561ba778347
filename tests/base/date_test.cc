#include "caravan/base/date.h"

#include <gtest/gtest.h>

namespace caravan {
namespace {

using namespace std::chrono;

std::int32_t day(int y, unsigned m, unsigned d) { return days_since_epoch(year{y} / month{m} / std::chrono::day{d}); }

TEST(Date, DaysSinceEpoch) {
  EXPECT_EQ(day(1970, 1, 1), 0);
  EXPECT_EQ(day(1969, 12, 31), -1);
  EXPECT_EQ(day(2000, 3, 1), 11017);
}

TEST(Date, IsoForm) {
  EXPECT_EQ(parse_date("2025-05-29", date_format::kIso), day(2025, 5, 29));
  EXPECT_EQ(parse_date("2024-02-29", date_format::kIso), day(2024, 2, 29));
  EXPECT_EQ(parse_date("0000-01-01", date_format::kIso), day(0, 1, 1));
  EXPECT_FALSE(parse_date("2025-13-01", date_format::kIso));  // no such month
  EXPECT_FALSE(parse_date("2025-02-30", date_format::kIso));  // no such day
  EXPECT_FALSE(parse_date("2023-02-29", date_format::kIso));  // not a leap year
  EXPECT_FALSE(parse_date("20250529", date_format::kIso));    // the other form
  EXPECT_FALSE(parse_date("2025-5-29", date_format::kIso));
  EXPECT_FALSE(parse_date("2025-+5-29", date_format::kIso));  // signs are not digits
  EXPECT_FALSE(parse_date(" 2025-05-29", date_format::kIso));
  EXPECT_FALSE(parse_date("2025-05-29T08:00", date_format::kIso));
  EXPECT_FALSE(parse_date("2025/05/29", date_format::kIso));
  EXPECT_FALSE(parse_date("", date_format::kIso));
}

TEST(Date, CompactForm) {
  EXPECT_EQ(parse_date("20231110", date_format::kCompact), day(2023, 11, 10));
  EXPECT_FALSE(parse_date("20230229", date_format::kCompact));
  EXPECT_FALSE(parse_date("10112023", date_format::kCompact));  // DDMMYYYY: month 20
  EXPECT_FALSE(parse_date("2023-11-10", date_format::kCompact));
  EXPECT_FALSE(parse_date("2023111", date_format::kCompact));
  EXPECT_FALSE(parse_date("202311100", date_format::kCompact));
  EXPECT_FALSE(parse_date("2023111a", date_format::kCompact));
}

TEST(Date, YearRange) {
  EXPECT_EQ(parse_date("19000101", date_format::kCompact, 1900, 2200), day(1900, 1, 1));
  EXPECT_EQ(parse_date("22001231", date_format::kCompact, 1900, 2200), day(2200, 12, 31));
  EXPECT_FALSE(parse_date("18991231", date_format::kCompact, 1900, 2200));
  EXPECT_FALSE(parse_date("22010101", date_format::kCompact, 1900, 2200));
  EXPECT_TRUE(parse_date("18991231", date_format::kCompact));
}

TEST(Date, FieldsBeforeTheCalendarCheck) {
  // The shape alone: a caller can tell "not YYYYMMDD" from "no such day".
  auto const june31 = read_date_fields("20260631", date_format::kCompact);
  ASSERT_TRUE(june31);
  EXPECT_FALSE(june31->ok());
  EXPECT_EQ(static_cast<unsigned>(june31->day()), 31U);
  EXPECT_FALSE(read_date_fields("2026063", date_format::kCompact));
  EXPECT_FALSE(read_date_fields("2026-06-31", date_format::kCompact));
  EXPECT_TRUE(read_date_fields("2026-06-31", date_format::kIso));
}

TEST(Date, Format) {
  EXPECT_EQ(format_date(day(2023, 11, 10)), "2023-11-10");
  EXPECT_EQ(format_date(0), "1970-01-01");
  EXPECT_EQ(format_date(-1), "1969-12-31");
  EXPECT_EQ(format_date(day(987, 6, 5)), "0987-06-05");
  for (auto const d : {-25567, 0, 11017, 20000, 84000}) {
    EXPECT_EQ(parse_date(format_date(d), date_format::kIso), d);
  }
}

}  // namespace
}  // namespace caravan
