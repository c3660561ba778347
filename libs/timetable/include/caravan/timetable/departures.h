#pragma once
// A departures board: every trip leaving a stop (or the stops of a station) on one local calendar day.
#include <cstdint>
#include <span>
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

// A trip's departure from or arrival at a stop on one run (service day): what a stop-times board lists
// when it pages over an interval of time rather than a calendar day.
enum class event_kind : std::uint8_t { kDeparture, kArrival };
struct stop_event {
  std::int64_t time_;  // unix seconds
  trip_idx trip_;
  day_idx day_;        // the service day of the run
  stop_idx stop_;
  std::uint32_t stop_pos_;  // index of that stop in the trip's pattern
};

// Departures (where boarding is allowed, never at a trip's last stop) or arrivals (where alighting is
// allowed, never at its first stop) at any of `stops` with from <= time < to, sorted by (time, trip,
// stop_pos, stop). Runs of every service day count, multi-day trips included. The work is linear in the
// trips serving the stops times the days the interval spans (plus a few): callers bound the interval.
std::vector<stop_event> stop_events(timetable const& tt, std::span<stop_idx const> stops, std::int64_t from,
                                    std::int64_t to, event_kind kind);

}  // namespace caravan::tt
