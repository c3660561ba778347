#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "caravan/timetable/timetable.h"

namespace caravan::tt {

// A human-readable summary of what a timetable holds (`caravan info`).
std::string describe(timetable const& tt);

}  // namespace caravan::tt
