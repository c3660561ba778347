#pragma once
// What days a timetable's trips cover, and what to tell a traveller whose query falls outside them
// ("the Silk Road data ends on 2027-12-31") instead of a bare "no journey".
//
// Thread safety: data_coverage is a value; coverage_of() only reads the timetable.
#include <cstdint>
#include <optional>
#include <string>

#include "caravan/timetable/timetable.h"

namespace caravan::planner {

struct data_coverage {
  // The first and last service day (days since 1970-01-01, in the feed's service-day calendar) on
  // which any trip runs; empty when no trip runs at all.
  std::optional<std::int32_t> first_day_, last_day_;
  // What the data is called in messages: "the Silk Road data" from feed_info.txt's Caravan column
  // `caravan_dataset_name` ("Silk Road"), else "the timetable data".
  std::string name_;
};

// Scans each distinct service of the trips once (cheap; compute once per loaded timetable).
data_coverage coverage_of(tt::timetable const& tt);

// For a query at `unix_s` (the request time; for a range query its start) the message to show when its
// day (UTC) is after the last covered day or before the first; nullopt inside. E.g. "the Silk Road data ends on 2027-12-31"
// or "the Silk Road data begins on 2017-09-30"; "the timetable data has no trips" when nothing runs.
// Meant for an answer with no itineraries (the CLI's "no journey found", the JSON/API plan response).
std::optional<std::string> coverage_message(data_coverage const& c, std::int64_t unix_s);

}  // namespace caravan::planner
