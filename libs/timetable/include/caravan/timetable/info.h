#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "caravan/timetable/timetable.h"

namespace caravan::tt {

// A human-readable summary of what a timetable holds (`caravan info`).
std::string describe(timetable const& tt);

// A source the feed cites and the latest date it gives ("2025-06-03", "2023-05", "2016", or "undated"),
// from feed_info.txt's Caravan extension column `caravan_source_dates` ("name date | name date | ...",
// docs/gtfs-import.md). Empty when the feed has no such column.
struct source_date {
  std::string name_, as_of_;
};
std::vector<source_date> source_dates(timetable const& tt);

}  // namespace caravan::tt
