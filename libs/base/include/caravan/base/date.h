#pragma once
// Calendar dates as data files and people write them, parsed and formatted in one place. Plain
// std::chrono civil calendar: no time zone is involved (local times in zones: timetable/local_time.h).
// Days are counted from 1970-01-01.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace caravan {

enum class date_format : std::uint8_t {
  kIso,      // YYYY-MM-DD: Caravan's own files, the command line, the HTTP API
  kCompact,  // YYYYMMDD: GTFS, batch queries
};

// The year, month and day digits of `s` in that format, not yet checked to be a real date ("20260631"
// gives June 31st); std::nullopt when `s` has another shape (only digits where digits go: no sign, no
// space, nothing before or after).
std::optional<std::chrono::year_month_day> read_date_fields(std::string_view s, date_format f);

// Days since 1970-01-01 of `s`: a real calendar date in that format with its year in
// [min_year, max_year]; std::nullopt for anything else.
std::optional<std::int32_t> parse_date(std::string_view s, date_format f, int min_year = 0, int max_year = 9999);

// Days since 1970-01-01 of a valid date (REQUIRES: ymd.ok()).
std::int32_t days_since_epoch(std::chrono::year_month_day ymd);

// "YYYY-MM-DD" of a day since 1970-01-01.
std::string format_date(std::int32_t days_since_epoch);

}  // namespace caravan
