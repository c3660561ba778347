#pragma once
// Travel times over road links: drive to the border crossing, wait until it is open for long enough to
// pass its formalities (weekday hours in its own time zone, closed dates), then drive on.
#include <cstdint>
#include <optional>

#include "caravan/timetable/timetable.h"

namespace caravan::routing {

// Crossings are searched at most this many days ahead (or back) for an opening.
constexpr int kMaxCrossingWaitDays = 14;

// Earliest arrival at l.to_ when leaving l.from_ at `depart` (unix seconds); nullopt when the crossing
// does not open within kMaxCrossingWaitDays or outside the timetable's days (hours there are unknown).
std::optional<std::int64_t> road_arrival(tt::timetable const& tt, tt::road_link const& l, std::int64_t depart);

// Latest departure from l.from_ that reaches l.to_ by `arrive_by`; nullopt as above.
std::optional<std::int64_t> road_latest_departure(tt::timetable const& tt, tt::road_link const& l, std::int64_t arrive_by);

// Seconds spent waiting at the crossing on a drive leaving at `depart` (0 without a crossing).
std::int64_t road_wait(tt::timetable const& tt, tt::road_link const& l, std::int64_t depart);

}  // namespace caravan::routing
