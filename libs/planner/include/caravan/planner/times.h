#pragma once
// Times as travellers and programs write them, and as the planner shows them.
//
//   2026-06-01T08:00 or 2026-06-01T08:00:30   local time in a given IANA zone (a space may replace T)
//   2026-06-01T08:00+06:00, ...-05:00, ...Z    absolute: the offset (or UTC) is part of the text
//
// Local times on DST days: a time in the gap when clocks jump forward (02:30 on a night that skips from
// 02:00 to 03:00) means the instant of the jump (03:00 new time); a time that occurs twice when clocks
// go back means its first occurrence (the earlier instant), so a departure misses nothing and an
// arrive-by is never late.
#include <cstdint>
#include <string>
#include <string_view>

namespace caravan::planner {

// Unix seconds. Throws query_error(field, ...) naming the text and what is wrong.
std::int64_t parse_time(std::string_view text, std::string_view tz_name, std::string const& field = "time");

// "6h", "90m", "2h30m", "3600s", "1d12h": components d, h, m, s in that order, each at most once.
// Throws query_error for anything else (a bare number has no unit and is an error).
std::int32_t parse_duration(std::string_view text, std::string const& field = "window");

// "2026-06-01T08:00+05:00" (":SS" when the seconds are not zero), in the zone's offset at that instant
// (tt::format_local with time_style::kIso).
std::string format_time(std::int64_t unix_seconds, std::string_view tz_name);

// The zone's UTC offset at that instant, seconds east of UTC.
std::int32_t utc_offset_s(std::int64_t unix_seconds, std::string_view tz_name);

// Unix seconds of local midnight starting calendar day `date` (days since 1970) in the zone; where a
// DST jump skips midnight, the instant of the jump.
std::int64_t local_midnight(std::int32_t date, std::string_view tz_name);

// "YYYYMMDD" -> days since 1970-01-01; throws query_error for anything else.
std::int32_t parse_compact_date(std::string_view text, std::string const& field = "date");

}  // namespace caravan::planner
