#pragma once
// Instants shown as local times in IANA time zones (the system's tz database, through date/tz): one
// formatter for the departures board, the planner, the CLI and the HTTP API. Calendar dates without
// zones: base/date.h.
#include <cstdint>
#include <string>
#include <string_view>

namespace caravan::tt {

enum class time_style : std::uint8_t {
  kBoard,  // "2026-06-01 08:00 +05" (":30" only for offsets with minutes): departures boards, test output
  kIso,    // "2026-06-01T08:00+05:00", ":SS" when the seconds are not zero: the planner and the API
};

// Throws std::runtime_error for a zone the tz database does not know.
std::string format_local(std::int64_t unix_seconds, std::string_view tz_name, time_style style = time_style::kBoard);

// The local calendar day (days since 1970-01-01) of an instant in the zone. Throws as format_local.
std::int32_t local_date(std::int64_t unix_seconds, std::string_view tz_name);

}  // namespace caravan::tt
