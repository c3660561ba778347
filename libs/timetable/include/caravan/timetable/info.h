#pragma once
#include <string>

#include "caravan/timetable/timetable.h"

namespace caravan::tt {

// A human-readable summary of what a timetable holds (`caravan info`).
std::string describe(timetable const& tt);

// "YYYY-MM-DD" of a day since 1970-01-01.
std::string format_date(std::int32_t days_since_epoch);

}  // namespace caravan::tt
