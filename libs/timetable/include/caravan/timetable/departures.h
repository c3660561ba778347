#pragma once
// A departures board: every trip leaving a stop (or the stops of a station) on one local calendar day.
#include <cstdint>
#include <string>
#include <vector>

#include "caravan/timetable/local_time.h"  // format_local, for printing a board
#include "caravan/timetable/timetable.h"

namespace caravan::tt {

struct departure {
  std::int64_t time_;  // unix seconds
  trip_idx trip_;
  stop_idx stop_;      // where it leaves: the stop itself or one of the station's stops
  std::uint32_t stop_pos_;  // index of that stop in the trip's pattern
};

// Departures from `s` (and, if it is a station, its child stops) during the local calendar day
// `date` (days since 1970-01-01) in the stop's time zone, sorted by time. Trips whose service day
// started earlier (past midnight, multi-day trips) are included.
std::vector<departure> departures(timetable const& tt, stop_idx s, std::int32_t date);

}  // namespace caravan::tt
