#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "caravan/timetable/timetable.h"

namespace caravan::tt {

// A human-readable summary of what a timetable holds (`caravan info`).
std::string describe(timetable const& tt);

// "YYYY-MM-DD" of a day since 1970-01-01.
std::string format_date(std::int32_t days_since_epoch);
// Days since 1970-01-01 of "YYYY-MM-DD", or std::nullopt if it is not a valid date in that form.
std::optional<std::int32_t> parse_date(std::string_view s);

}  // namespace caravan::tt
