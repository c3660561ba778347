#pragma once
// What the engine derives once per timetable for its searches (built by index_build.cc and
// links_build.cc): patterns by stop, the trips that run per pattern and day, stop-major copies of the
// times, per-pattern bounds, trip links and a network without times for lower bounds. Internal to
// libs/routing: the engine's public header only forward-declares it.
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "caravan/base/strong.h"
#include "caravan/timetable/timetable.h"

namespace caravan::routing::detail {

using tt::bitfield_idx;
using tt::pattern_idx;
using tt::stop_idx;
using tt::trip_idx;

// A trip by its place in its pattern (0 = the pattern's first trip), as the pattern's stop-time block is
// laid out; tt::trip_idx is the timetable-wide index.
using pattern_trip = strong<std::uint32_t, struct pattern_trip_tag>;
// A stop of a pattern, timetable-wide: pattern_stop_offsets_[p] + position.
using pattern_stop_key = strong<std::uint32_t, struct pattern_stop_key_tag>;

// For each stop, each pattern through it with the stop's first position in it.
struct stop_pattern {
  pattern_idx pattern_;
  std::uint32_t pos_;       // first position of the stop in the pattern (forward scans start there)
  std::uint32_t last_pos_;  // last position (backward scans start there); differs only on loops
};
// The trips of one pattern that share service days, in pattern order. Finding the first trip of a day
// is then a binary search per class that runs that day, instead of a walk past trips that do not.
struct service_class {
  bitfield_idx service_;
  std::uint32_t first_;  // into class_trips_
  std::uint32_t n_;
};
// Permission to board one trip from another (transfers.txt between trips, or staying seated on a
// block_id continuation): in the direction of the search, from the trip's point of view, alight (or
// stay on) at `pos_` and board `other_` at `other_pos_`, `min_time_` seconds later at the earliest.
struct trip_link {
  trip_idx other_;  // the trip boarded (forward) or come from (backward)
  std::uint32_t pos_;  // position in this trip's pattern
  std::uint32_t other_pos_;
  std::int32_t min_time_;
  bool in_seat_;  // no alighting: staying seated, or transfer_type 4
};
// A trip link seen from the pattern it leaves: at one pattern stop, trip `trip_` has link `link_` (into
// links_out_ or links_in_).
struct stop_link {
  pattern_trip trip_;
  std::uint32_t link_;
};
// The links leaving each pattern stop (by pattern_stop_key), by trip: those an ordinary change at the
// same stop could stand in for (same stop, alighting and boarding allowed) and the others.
struct links_by_stop {
  std::vector<std::uint32_t> changeable_offsets_, other_offsets_;  // pattern_stop_key -> [offset, next)
  std::vector<stop_link> changeable_, other_;
  typed_vector<pattern_stop_key, std::uint8_t> any_;  // 1 when either list has a link there
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
// An edge of the network without times, seen from the stop it leads to: one ride (a pattern segment, a
// road link, a trip link) from `from_`, taking at least min_s_.
struct timeless_edge {
  stop_idx from_;
  std::int32_t min_s_;
};
// A pattern's earliest and latest departure and arrival (service-day seconds), its span from the
// earliest to the latest of those, and whether one day's trips may overtake a later day's (then the
// pattern is scanned per day): 0 never, 1 on any day, 2 only across a DST change.
struct pattern_bounds {
  std::int32_t min_dep_, max_dep_, min_arr_, max_arr_;
};

struct routing_index {
  typed_vector<stop_idx, std::uint32_t> stop_pattern_offsets_;  // stop -> [offset, next) in stop_patterns_ (n + 1)
  std::vector<stop_pattern> stop_patterns_;
  typed_vector<trip_idx, bitfield_idx> trip_service_;  // a dense copy for the trip search
  typed_vector<pattern_idx, std::uint32_t> pattern_class_offsets_;  // pattern -> its classes in classes_ (n + 1)
  std::vector<service_class> classes_;
  std::vector<pattern_trip> class_trips_;
  // Per pattern: its first entry in day_list_of_ (n_days entries, one per day: a day_lists_ index
  // relative to pattern_day_lists_[p], kNoDayList when no trip runs), or kNoDays when the pattern has
  // none (too many classes or day sets: its trip search uses the classes or checks every trip).
  static constexpr std::uint16_t kNoDayList = 0xFFFF;
  static constexpr std::uint32_t kNoDays = std::numeric_limits<std::uint32_t>::max();
  typed_vector<pattern_idx, std::uint32_t> pattern_day_of_, pattern_day_lists_;
  std::vector<std::uint16_t> day_list_of_;
  std::vector<day_list> day_lists_;
  std::vector<pattern_trip> day_list_trips_;
  // Trip links by the trip one arrives on (forward) and by the trip one boards (backward).
  typed_vector<trip_idx, std::uint32_t> links_out_offsets_, links_in_offsets_;  // trip -> [offset, next) (n + 1)
  std::vector<trip_link> links_out_, links_in_;
  // The same links by pattern stop: a later trip of a pattern than the one ridden may be the better ride
  // for where its link goes (forward: links_out_; backward: links_in_).
  links_by_stop stop_links_out_, stop_links_in_;
  typed_vector<pattern_idx, std::uint8_t> pattern_has_stop_links_;  // some stop of it has links (either way)
  typed_vector<pattern_idx, link_slack> link_slack_out_, link_slack_in_;  // forward and backward links
  // Every stop time's departure and arrival, stop-major per pattern: the trip search reads along a stop.
  std::vector<std::int32_t> stop_major_dep_, stop_major_arr_;
  typed_vector<pattern_idx, pattern_bounds> pattern_bounds_;
  typed_vector<pattern_idx, std::int32_t> pattern_span_;  // seconds from its earliest to its latest time
  typed_vector<pattern_idx, std::uint8_t> pattern_overlaps_;  // 0, 1 or 2: see pattern_bounds
  std::int32_t max_overlap_span_{0};  // the longest span of those that overlap
  // Per time zone: the least and greatest start of a service day, seconds after its midnight UTC.
  typed_vector<tt::tz_idx, std::int32_t> tz_min_day_start_, tz_max_day_start_;
  // The network without times, backwards: per stop, the stops one ride leads from to it, with the least
  // time that takes. Footpaths come from the timetable. A range query's lower bounds of the time left
  // to its destination walk this.
  typed_vector<stop_idx, std::uint32_t> timeless_in_offsets_;  // stop -> [offset, next) in timeless_in_ (n + 1)
  std::vector<timeless_edge> timeless_in_;
  // Trip links between two different stops, as stop pairs without times (for the hop bounds of
  // raptor_search::hop_start()): per stop, the stops whose links board a trip there (forward), and the
  // stops boarded by links from a trip alighted there (backward).
  typed_vector<stop_idx, std::uint32_t> link_from_offsets_, link_to_offsets_;  // stop -> [offset, next) (n + 1)
  std::vector<stop_idx> link_from_, link_to_;
  // The patterns' stop sequences without times, each once per mode (patterns that differ only in their
  // times or boarding rules share one): what the hop bounds walk. Per stop, the sequences through it
  // with its first and last position (as stop_patterns_, pattern_ naming a sequence).
  typed_vector<stop_idx, std::uint32_t> stop_sequence_offsets_;  // stop -> [offset, next) in stop_sequences_ (n + 1)
  std::vector<stop_pattern> stop_sequences_;
  std::vector<std::uint32_t> sequence_offsets_;  // sequence -> [offset, next) in sequence_stops_ (n + 1)
  std::vector<stop_idx> sequence_stops_;
  std::vector<tt::mode> sequence_mode_;
  // How far apart in rides the network's stops are, from a sample of destinations (index_hop_profile()):
  // 99 % of the (destination, stop) pairs joined at all are joined within hop_reach_ rides, and
  // hop_unjoined_ is the share of pairs not joined at all. Where every stop is a few rides from every
  // other, hop bounds prune nothing until the last rounds, and a search does without them.
  std::uint32_t hop_reach_{0};
  double hop_unjoined_{1.0};
  // Per pattern, bitfield_words_ words: the days on which any of its trips runs.
  std::vector<std::uint64_t> pattern_days_;
  // Per road link: 1 for a ride within one place (no border crossing, between stops of one station, such as
  // a taxi from the airport to the railway station). Like a walk, it is taken whatever modes a query allows.
  typed_vector<tt::road_link_idx, std::uint8_t> city_link_;
  bool any_city_link_{false};
};

// Lists per stop into the index's stop -> [offset, next) form: offsets (n + 1) and one array.
template <typename T>
void flatten_by_stop(std::vector<std::vector<T>> const& lists, typed_vector<stop_idx, std::uint32_t>& offsets, std::vector<T>& out) {
  offsets.assign(lists.size() + 1, 0);
  for (std::uint32_t s = 0; s != lists.size(); ++s) {
    out.insert(out.end(), lists[s].begin(), lists[s].end());
    offsets[stop_idx{s + 1}] = static_cast<std::uint32_t>(out.size());
  }
}

// The entries of stop st in a list in that form.
template <typename T>
std::span<T const> by_stop(typed_vector<stop_idx, std::uint32_t> const& offsets, std::vector<T> const& items, stop_idx st) {
  return {items.data() + offsets[st], items.data() + offsets[stop_idx{st.v() + 1}]};
}

// One step of the hop bounds (raptor_search::hop_level(), index_hop_profile()): the stops one ride
// before st, read off each stop sequence through st (the positions before its last one there; backward,
// after its first), each position of a sequence once over a search: done[sequence] counts the (view)
// positions already read. keep(sequence): whether it may be ridden; fresh(sequence): told when one is
// first read from; visit(stop): each stop read.
template <bool Backward, typename Keep, typename Fresh, typename Visit>
void stops_one_ride_before(routing_index const& ix, stop_idx st, std::uint32_t* done, Keep const& keep, Fresh const& fresh,
                           Visit const& visit) {
  for (auto const& sp : by_stop(ix.stop_sequence_offsets_, ix.stop_sequences_, st)) {
    auto const seq = sp.pattern_.idx();
    if (!keep(seq)) {
      continue;
    }
    auto const first = ix.sequence_offsets_[seq];
    auto const n = ix.sequence_offsets_[seq + 1] - first;
    auto const upto = Backward ? n - 1 - sp.pos_ : sp.last_pos_;
    auto& d = done[seq];
    if (upto <= d) {
      continue;
    }
    if (d == 0) {
      fresh(sp.pattern_);
    }
    auto const* stops = ix.sequence_stops_.data() + first;
    for (auto j = d; j != upto; ++j) {
      visit(stops[Backward ? n - 1 - j : j]);
    }
    d = upto;
  }
}

// The steps that build it, in order (each reads what the earlier ones wrote).
void index_stop_patterns(tt::timetable const& tt, routing_index& ix);
void index_stop_sequences(tt::timetable const& tt, routing_index& ix);
void index_hop_profile(tt::timetable const& tt, routing_index& ix);
void index_service_classes(tt::timetable const& tt, routing_index& ix);
void index_day_lists(tt::timetable const& tt, routing_index& ix);
void index_stop_major_times(tt::timetable const& tt, routing_index& ix);
void index_pattern_bounds(tt::timetable const& tt, routing_index& ix);
void index_time_zones(tt::timetable const& tt, routing_index& ix);
void index_pattern_days(tt::timetable const& tt, routing_index& ix);
void index_city_links(tt::timetable const& tt, routing_index& ix);
void index_trip_links(tt::timetable const& tt, routing_index& ix);  // links_build.cc
void index_timeless_graph(tt::timetable const& tt, routing_index& ix);  // links_build.cc, after the links

}  // namespace caravan::routing::detail
