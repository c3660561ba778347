#pragma once
// What a journey-planning query asks and what it answers. Plain aggregates with defaults; the limits
// are here too. Times are unix seconds (UTC); local times are for display only.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "caravan/timetable/types.h"

namespace caravan::routing {

using tt::stop_idx;
using tt::trip_idx;

// At most 64 rides in a journey. A search ends when a round improves nothing, so a query at this limit
// is the classical RAPTOR with rounds until nothing improves (for journeys of up to 64 rides).
constexpr std::uint8_t kMaxTransfersLimit = 63;
constexpr std::int32_t kMaxHorizon = 31 * 86'400;     // a search never looks further than a month
constexpr std::int32_t kMaxWindow = 7 * 86'400;       // range queries: at most a week of departures

// Modes a traveller accepts (bit i = tt::mode i). Road links count as mode::kRoad.
using mode_mask = std::uint32_t;
constexpr mode_mask kAllModes = ~mode_mask{0};
constexpr mode_mask mask_of(tt::mode m) { return mode_mask{1} << static_cast<unsigned>(m); }

// A stop where the journey may start or end, with the walk (seconds) between it and the true origin
// or destination.
struct place {
  stop_idx stop_;
  std::int32_t walk_s_{0};
};

// When a running search must give up: a deadline on the steady clock and/or a flag another thread may
// set. The search looks at it once per round and once per departure of a range query (never per stop),
// and throws `cancelled` when it says stop; the thread's search_state stays usable for the next query.
struct stop_condition {
  using clock = std::chrono::steady_clock;
  clock::time_point deadline_{clock::time_point::max()};
  std::atomic<bool> const* flag_{nullptr};  // set (to true) by anyone to stop; must outlive the search

  bool active() const { return flag_ != nullptr || deadline_ != clock::time_point::max(); }
  bool requested() const {
    return (flag_ != nullptr && flag_->load(std::memory_order_relaxed)) ||
           (deadline_ != clock::time_point::max() && clock::now() >= deadline_);
  }
};

// Thrown by engine::route() (and earliest_arrivals()) when the query's stop_condition says stop.
class cancelled : public std::runtime_error {
 public:
  cancelled() : std::runtime_error{"the search was cancelled (deadline passed or stop requested)"} {}
};

struct query {
  std::vector<place> from_;
  std::vector<place> to_;  // empty: all stops (one-to-all)
  std::int64_t time_{0};   // unix seconds: earliest departure, or latest arrival when arrive_by_
  bool arrive_by_{false};
  std::int32_t window_s_{0};  // > 0: range query, every Pareto-optimal journey departing in [time_, time_ + window_s_]
  std::uint8_t max_transfers_{7};
  std::int32_t horizon_s_{7 * 86'400};  // how far after time_ (before, when arrive_by_) to search
  // Change time at a stop that transfers.txt gives none for; override_min_change_ applies it everywhere.
  std::int32_t min_change_s_{120};
  bool override_min_change_{false};
  bool use_footpaths_{true};
  // Guaranteed trip-to-trip transfers (transfers.txt) and staying seated on block_id continuations.
  bool use_trip_links_{true};
  mode_mask modes_{kAllModes};
  // Stops the traveller may not get off at, walk to or change at (say, those of a country that needs a
  // visa arranged ahead): rides pass through them seated. Origins stay open (the traveller is there).
  std::vector<stop_idx> closed_;
  // When to give up (default: never). Not part of what is asked: check() does not look at it.
  stop_condition stop_;
};

// Why the engine cannot answer a query as asked (engine::check): one reason each, so a caller can
// name the field at fault.
enum class query_problem : std::uint8_t {
  kNoOrigin,
  kNoDestination,
  kOriginNotInTimetable,
  kDestinationNotInTimetable,
  kTooManyTransfers,   // max_transfers_ over kMaxTransfersLimit
  kHorizon,            // horizon_s_ not in (0, kMaxHorizon]
  kWindow,             // window_s_ not in [0, kMaxWindow]
  kChangeTime,         // min_change_s_ not in [0, a day]
  kWindowArriveBy,     // a range query cannot also be arrive-by
  kTimeOutsideTimetable,  // time_ too far from the timetable's service days to search
  kNotSingleTime,      // one-to-all: a window or arrive-by
};
struct query_error {
  query_problem problem_;
  std::string message_;
};

enum class leg_kind : std::uint8_t { kTrip, kWalk, kRoad };

struct leg {
  leg_kind kind_;
  stop_idx from_, to_;
  std::int64_t departure_, arrival_;  // unix seconds
  // kTrip only: the trip, the service day it runs on, and the positions in its pattern.
  trip_idx trip_{trip_idx::invalid()};
  tt::day_idx day_{tt::day_idx::invalid()};
  std::uint32_t from_pos_{0}, to_pos_{0};
  // kRoad only: the road link (the wait at its border crossing is what the times leave over).
  tt::road_link_idx road_{tt::road_link_idx::invalid()};
  // kTrip only: boarded from the previous trip without getting off (block_id or an in-seat transfer).
  bool stay_seated_{false};
};

struct journey {
  std::int64_t departure_{0}, arrival_{0};  // at the origin and destination, walks included
  std::uint8_t transfers_{0};               // rides (trips and road links) - 1
  std::vector<leg> legs_;
  std::int64_t duration() const { return arrival_ - departure_; }
  std::uint32_t n_trips() const;  // rides: trips and road links
};

}  // namespace caravan::routing
