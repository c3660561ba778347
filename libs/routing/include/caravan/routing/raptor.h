#pragma once
// RAPTOR over the immutable timetable: exact, multi-day, Pareto-optimal over arrival time and number of
// trips. One engine is shared by all threads; each thread owns a search_state that is resized, never
// freed, between queries (the reference engine loses 10x when memory goes back to the system).
//
// Thread safety: engine's methods are const; a search_state must not be shared between threads.
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "caravan/routing/query.h"
#include "caravan/timetable/timetable.h"

namespace caravan::routing {

struct search_state;  // per-thread scratch memory
std::unique_ptr<search_state, void (*)(search_state*)> make_search_state();

struct search_stats {
  std::uint64_t rounds_{0};
  std::uint64_t patterns_scanned_{0};
  std::uint64_t stops_improved_{0};
  std::uint64_t runs_{0};  // RAPTOR runs: 1, or one per departure time in a range query
};

namespace detail {
// Derived once per timetable: for each stop, each pattern through it with the stop's first position in
// it; and a dense copy of the trips' service days for the hot loop.
struct stop_pattern {
  tt::pattern_idx pattern_;
  std::uint32_t pos_;       // first position of the stop in the pattern (forward scans start there)
  std::uint32_t last_pos_;  // last position (backward scans start there); differs only on loops
};
// The trips of one pattern that share service days, in pattern order. Finding the first trip of a day
// is then a binary search per class that runs that day, instead of a walk past trips that do not.
struct service_class {
  tt::bitfield_idx service_;
  std::uint32_t first_;  // into class_trips_
  std::uint32_t n_;
};
// Permission to board one trip from another (transfers.txt between trips, or staying seated on a
// block_id continuation): in the direction of the search, from `trip_`'s point of view, alight (or stay
// on) at `pos_` and board `other_` at `other_pos_`, `min_time_` seconds later at the earliest.
struct trip_link {
  std::uint32_t other_;  // the trip boarded (forward) or come from (backward); an index into the timetable's trips
  std::uint32_t pos_;    // position in this trip's pattern
  std::uint32_t other_pos_;
  std::int32_t min_time_;
  bool in_seat_;  // no alighting: staying seated, or transfer_type 4
};
// A trip link seen from the pattern it leaves: at one pattern stop, trip `trip_` (within the pattern) has
// link `link_` (into links_out_ or links_in_).
struct stop_link {
  std::uint32_t trip_;
  std::uint32_t link_;
};
// The links leaving each pattern stop (pattern_stop_offsets_[p] + position), by trip: those an ordinary
// change at the same stop could stand in for (same stop, alighting and boarding allowed) and the others.
struct links_by_stop {
  std::vector<std::uint32_t> changeable_offsets_, other_offsets_;
  std::vector<stop_link> changeable_, other_;
  std::vector<std::uint8_t> any_;  // per pattern stop: 1 when either list has a link there
};
// The trips of one pattern that run on some day, in pattern order: days with the same running trips
// share one. A trip search on a day then needs no service lookups: every trip in the list runs.
struct day_list {
  std::uint32_t first_;  // into day_list_trips_
  std::uint32_t n_;
};
// What a pattern's trip links (one direction) ask for, to tell when an ordinary change does as much: the
// least min_time_ of its links (-1 when one of them is not at one stop with alighting and boarding
// allowed there), and the change times of the stops they are at (-1: none set; any_default: some stop
// has none and takes the query's).
struct link_slack {
  std::int32_t min_time_{std::numeric_limits<std::int32_t>::max()};
  std::int32_t max_stop_change_{-1};
  bool any_default_change_{false};
};
struct routing_index {
  std::vector<std::uint32_t> stop_pattern_offsets_;
  std::vector<stop_pattern> stop_patterns_;
  std::vector<tt::bitfield_idx> trip_service_;
  std::vector<std::uint32_t> pattern_class_offsets_;  // pattern -> its classes in classes_
  std::vector<service_class> classes_;
  std::vector<std::uint32_t> class_trips_;  // trip index within its pattern
  // Per pattern: its first entry in day_list_of_ (n_days entries, one per day: a day_lists_ index
  // relative to pattern_day_lists_[p], kNoDayList when no trip runs), or kNone when the pattern has
  // none (too many classes or day sets: its trip search uses the classes or checks every trip).
  static constexpr std::uint16_t kNoDayList = 0xFFFF;
  std::vector<std::uint32_t> pattern_day_of_, pattern_day_lists_;
  std::vector<std::uint16_t> day_list_of_;
  std::vector<day_list> day_lists_;
  std::vector<std::uint32_t> day_list_trips_;  // trip index within its pattern
  // Trip links by the trip one arrives on (forward) and by the trip one boards (backward).
  std::vector<std::uint32_t> links_out_offsets_, links_in_offsets_;  // trip -> [offset, next)
  std::vector<trip_link> links_out_, links_in_;
  // The same links by pattern stop: a later trip of a pattern than the one ridden may be the better ride
  // for where its link goes (forward: links_out_; backward: links_in_).
  links_by_stop stop_links_out_, stop_links_in_;
  std::vector<std::uint8_t> pattern_has_stop_links_;  // per pattern: some stop of it has links (either way)
  std::vector<link_slack> link_slack_out_, link_slack_in_;  // per pattern: forward and backward links
  // Every stop time's departure and arrival, stop-major per pattern: the trip search reads along a stop.
  std::vector<std::int32_t> stop_major_dep_, stop_major_arr_;
  // Per pattern: its earliest and latest departure and arrival (service-day seconds).
  std::vector<std::int32_t> pattern_min_dep_, pattern_max_dep_, pattern_min_arr_, pattern_max_arr_;
  // Per pattern: the seconds from its earliest to its latest time, and whether one day's trips may
  // overtake a later day's (then the pattern is scanned per day): 0 never, 1 on any day, 2 only across
  // a DST change.
  std::vector<std::int32_t> pattern_span_;
  std::vector<std::uint8_t> pattern_overlaps_;
  std::int32_t max_overlap_span_{0};  // the longest span of those
  // Per time zone: the least and greatest start of a service day, seconds after its midnight UTC.
  std::vector<std::int32_t> tz_min_day_start_, tz_max_day_start_;
  // The network without times, backwards: per stop, the stops one ride (one pattern segment, a road
  // link, a trip link) leads from to it, with the least time that takes. Footpaths come from the
  // timetable. A range query's lower bounds of the time left to its destination walk this.
  struct timeless_edge {
    std::uint32_t from_;
    std::int32_t min_s_;
  };
  std::vector<std::uint32_t> timeless_in_offsets_;
  std::vector<timeless_edge> timeless_in_;
  // Per pattern, bitfield_words_ words: the days on which any of its trips runs.
  std::vector<std::uint64_t> pattern_days_;
};
}  // namespace detail

class engine {
 public:
  explicit engine(tt::timetable const& tt);

  // Pareto-optimal journeys (arrival time vs trips) from q.from_ to q.to_, fastest first (earliest
  // arrival, then fewest trips). With q.window_s_ > 0: every journey that is Pareto-optimal in
  // (later departure, earlier arrival, fewer trips) among departures in the window, by departure.
  // With q.arrive_by_: latest departures that arrive by q.time_. Throws std::invalid_argument for an
  // empty or out-of-range query.
  std::vector<journey> route(query const& q, search_state& s, search_stats* stats = nullptr) const;

  // One-to-all earliest arrival (unix seconds, or kUnreachable) at every stop, walks to the stop
  // included; q.to_ is ignored. The span lives in `s` until its next use.
  static constexpr std::int64_t kUnreachable = std::numeric_limits<std::int64_t>::max();
  std::span<std::int64_t const> earliest_arrivals(query const& q, search_state& s) const;

  tt::timetable const& timetable() const { return tt_; }
  detail::routing_index const& index() const { return index_; }

 private:
  static void build_trip_links(tt::timetable const& tt, detail::routing_index& ix);
  static void build_timeless_graph(tt::timetable const& tt, detail::routing_index& ix);

  tt::timetable const& tt_;
  detail::routing_index index_;
};

}  // namespace caravan::routing
