#pragma once
// A reference journey planner for the tests only: a round-based connection scan, written to be obviously
// right rather than fast, sharing no code with libs/routing (it reads the timetable through its public
// API and takes the engine's query struct only as the question). property_test.cc holds the engine to it.
//
// The model (docs/routing.md): round k is the k-th ride. A traveller ready at a stop by a connection's
// departure may board its trip there (pickup allowed, its mode among the query's) and stays on it to
// every later stop where drop-off is allowed. After a ride: the stop's change time (transfers.txt, else
// the query's) before the next ride there, or one footpath (which replaces the change time). The origin
// is ready at time + its walk, with one footpath from it; walks never chain. Arrival at a destination
// place counts its walk.
//
// Trip links (q.use_trip_links_): riding trip A to position i (alighting allowed there, or staying
// seated), a link (A, i) -> (B, j) lets the next ride be B from position j (pickup allowed there, or
// staying seated), no change time but the link's own minimum, on the first of the service days around
// A's (one before to one after) on which B runs and leaves j late enough. Links are block_id
// continuations (in seat, last stop to first) and transfers.txt rows between trips of type 1 (timed), 4
// (in seat) and 2 (minimum time). Road links are not modelled: use feeds without them.
#include <cstdint>
#include <limits>
#include <unordered_map>
#include <vector>

#include "caravan/routing/query.h"
#include "caravan/timetable/timetable.h"

namespace caravan::routing::reference {

constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();

// One hop of one trip on one service day, between the pattern's stops at from_pos_ and from_pos_ + 1.
struct connection {
  std::int64_t dep_, arr_;  // unix seconds
  std::uint32_t run_;       // index into planner::runs()
  std::uint32_t from_pos_;
  tt::stop_idx from_, to_;
  bool can_board_;   // at from_
  bool can_alight_;  // at to_
  tt::mode mode_;    // of the trip's pattern
};

// A trip on one of its service days.
struct trip_run {
  tt::trip_idx trip_;
  tt::day_idx day_;
};

// Permission to ride on from one trip to another (see the top).
struct trip_link {
  std::uint32_t from_pos_;  // in the trip ridden
  tt::trip_idx to_;
  std::uint32_t to_pos_;
  std::int32_t min_s_;
  bool in_seat_;
};

class planner {
 public:
  // Every connection of every trip running on some service day that departs in [from, to], sorted by
  // departure. Queries must stay in that window (else std::logic_error). Throws std::runtime_error
  // naming the trip when a trip's times go backwards (the scan relies on them not doing so).
  planner(tt::timetable const& tt, std::int64_t from, std::int64_t to);

  // Index r: the earliest arrival at any of q.to_ (its walk included) with at most r rides, for
  // r = 0 .. q.max_transfers_ + 1, or kNever. Only q.from_, to_, time_, max_transfers_, horizon_s_,
  // min_change_s_, override_min_change_, use_footpaths_, use_trip_links_ and modes_ are read.
  std::vector<std::int64_t> earliest_by_rides(query const& q) const;

  // The earliest arrival at every stop (by a ride or a walk) with at most q.max_transfers_ + 1 rides,
  // within the horizon, or kNever; q.to_ is ignored.
  std::vector<std::int64_t> earliest_at_every_stop(query const& q) const;

  std::vector<connection> const& connections() const { return connections_; }
  std::vector<trip_run> const& runs() const { return runs_; }
  std::vector<trip_link> const& links_from(tt::trip_idx t) const { return links_[t.idx()]; }

 private:
  struct rounds_result {
    std::vector<std::int64_t> at_targets_;  // per number of rides
    std::vector<std::int64_t> at_stops_;    // over all rounds
  };
  rounds_result scan(query const& q, bool with_targets) const;
  std::int64_t change_time(query const& q, tt::stop_idx s) const;

  // The run of trip t on the first day around `day` (one before to one after) on which it runs and
  // leaves position pos at or after `earliest`, or kNoRun.
  std::uint32_t linked_run(tt::trip_idx t, std::uint32_t pos, tt::day_idx day, std::int64_t earliest) const;

  static constexpr std::uint32_t kNoRun = std::numeric_limits<std::uint32_t>::max();

  tt::timetable const& tt_;
  std::int64_t from_, to_;
  std::vector<connection> connections_;
  std::vector<trip_run> runs_;
  std::unordered_map<std::uint64_t, std::uint32_t> run_of_;  // trip << 32 | day -> index into runs_
  std::vector<std::vector<trip_link>> links_;                // trip -> its links out
};

}  // namespace caravan::routing::reference
