#pragma once
// The border crossings' list with each one's status on a local day: what `caravan crossings` prints
// and GET /api/v1/crossings answers (the same JSON for `--json`), from tt::crossing_status_on.
// docs/server.md documents the fields.
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "caravan/timetable/timetable.h"

namespace caravan::planner {

// Every crossing on `date` (days since 1970, the same calendar day at each crossing), or, without one,
// on the day it is at each crossing at `now` (unix seconds) in its own zone. REQUIRES: a given date
// lies within the timetable's days (callers say so in their own words, crossings_date_error).
//
// {"date": "YYYY-MM-DD" or null, "crossings": [{id, name, timezone, lat, lon (null: not known),
//  location (bool), date, status, hours, reason, nextOpening, week, weeklyHours, formalitiesSeconds,
//  closuresKnown, source, confidence}]}
nlohmann::ordered_json crossings_json(tt::timetable const& tt, std::optional<std::int32_t> date, std::int64_t now);

// The same as text, one crossing a paragraph.
std::string crossings_text(tt::timetable const& tt, std::optional<std::int32_t> date, std::int64_t now);

// Why `date` cannot be asked about ("" when it can): outside the timetable's days, where the closed
// dates are unknown.
std::string crossings_date_error(tt::timetable const& tt, std::int32_t date);

}  // namespace caravan::planner
