#pragma once
// Per-thread scratch memory of a search. Sized to the timetable on first use and then only reset in
// the entries a query touched, so a query costs what it explores, not what the network has.
#include <cstdint>
#include <limits>
#include <vector>

#include "caravan/routing/raptor.h"
#include "caravan/timetable/types.h"

namespace caravan::routing {

using tt::pattern_idx;
using tt::stop_idx;

constexpr std::int32_t kInf = std::numeric_limits<std::int32_t>::max();
constexpr std::int32_t kClosed = std::numeric_limits<std::int32_t>::min();  // a closed stop's labels (query::closed_)
constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
constexpr stop_idx kOrigin{kNone - 1};  // round_from: the stop is a source

// How a stop was reached in a round: by a trip of a pattern, or by a road link (tagged by pattern_ ==
// kRoadTag; then road_link() and road_from() name the link and the stop it was taken from).
struct trip_parent {
  static constexpr pattern_idx kRoadTag{kNone - 2};
  static trip_parent road(tt::road_link_idx link, stop_idx from_stop) {
    return {kRoadTag, link.v(), 0, from_stop.v(), 0, kNone};
  }
  bool is_road() const { return pattern_ == kRoadTag; }
  tt::road_link_idx road_link() const { return tt::road_link_idx{trip_}; }
  stop_idx road_from() const { return stop_idx{board_pos_}; }

  pattern_idx pattern_;
  std::uint32_t trip_;  // view index within the pattern
  std::uint32_t day_;
  std::uint32_t board_pos_;
  std::uint32_t alight_pos_;
  std::uint32_t permit_{kNone};  // boarded by a trip link: index into search_state::permits_
};

// A trip link used: board `trip_` of `pattern_` at `pos_` no earlier than `time_`, in the round after
// `from_` (the ride it links from) was made.
struct permit {
  pattern_idx pattern_;
  std::uint32_t trip_, day_, pos_;
  std::int32_t base_, time_;
  bool in_seat_;
  trip_parent from_;
  std::uint32_t next_;  // next permit for the same pattern in the same round, or kNone
};

// A list of distinct indices of one kind below a bound (each pushed at most once, a flag guarding it):
// sized once, so pushing is a store, not a capacity check.
template <typename Idx>
class index_list {
 public:
  void resize(std::size_t bound) {
    items_.resize(bound);
    size_ = 0;
  }
  void push_back(Idx x) { items_[size_++] = x; }
  void clear() { size_ = 0; }
  // Keeps the items for which keep(x) holds, in order.
  template <class F>
  void keep_if(F&& keep) {
    std::size_t n = 0;
    for (std::size_t i = 0; i != size_; ++i) {
      if (keep(items_[i])) {
        items_[n++] = items_[i];
      }
    }
    size_ = n;
  }
  bool empty() const { return size_ == 0; }
  void swap(std::size_t i, std::size_t j) { std::swap(items_[i], items_[j]); }
  std::size_t size() const { return size_; }
  Idx const* begin() const { return items_.data(); }
  Idx const* end() const { return items_.data() + size_; }

 private:
  std::vector<Idx> items_;
  std::size_t size_{0};
};

struct round_label {
  std::int32_t trip_arr_{kInf}, walk_arr_{kInf}, ready_{kInf};
};
// Where a round_label's times came from: written with them, read only where they are set, so never reset.
struct round_from {
  stop_idx walk_from_;   // stop walked from (its trip arrival in the same round), or kOrigin
  stop_idx ready_from_;  // same stop: change after a trip; other stop: walk; kOrigin
};

struct search_state {
  void prepare(std::size_t n_stops, std::size_t n_patterns, std::size_t n_rounds);
  void reset();  // undo what the last query touched
  // A single run reads only the labels it wrote (the ready times of marked stops, the cells on the
  // way back) and its targets', so reset() leaves the others: clean_labels() clears them where a
  // query reads more (a range query, every stop; a single run, its targets' stops).
  void clean_labels();
  void clean_labels(stop_idx stop);

  // Stop-major: a stop's rounds are adjacent, so a pattern scan touches one line per stop and reset()
  // clears a stop's rounds in one stretch.
  std::size_t at(std::size_t round, stop_idx stop) const { return stop.idx() * n_rounds_ + round; }
  void touch(stop_idx s) {
    if (!touched_flag_[s]) {
      touched_flag_[s] = 1;
      touched_.push_back(s);
    }
  }

  std::size_t n_stops_{0}, n_rounds_{0};
  std::size_t rounds_used_{0};  // reset() clears only the rounds the last query reached
  bool range_used_{false};      // and the per-round bounds only after a range query
  // Best over all rounds: arrival (tau*), arrival by a trip, and time ready to board. Trip arrivals are
  // pruned only by trip arrivals: a walk there may be earlier, but only after a trip may one walk on.
  typed_vector<stop_idx, std::int32_t> best_arr_, best_ready_;
  // What a pattern scan reads at every stop, side by side (one cache line): the best arrival by a trip
  // (see best_arr_) and, during a round, the last round's ready time at each stop marked then, kInf
  // elsewhere (single runs).
  struct stop_hot {
    std::int32_t best_trip_{kInf};
    std::int32_t prev_ready_{kInf};
  };
  typed_vector<stop_idx, stop_hot> hot_;
  // Per stop and round (at()): arrival by trip, arrival by a final walk, ready to board, and where
  // each came from; one struct, so a reset clears a stop's rounds in one stretch (see clean_labels()).
  std::vector<round_label> labels_;
  std::vector<round_from> from_;
  std::vector<trip_parent> trip_parent_;
  // Range queries only (labels kept across runs): best arrival / ready time with at most k trips.
  std::vector<std::int32_t> arr_bound_, trip_bound_, ready_bound_;

  index_list<stop_idx> touched_;
  typed_vector<stop_idx, std::uint8_t> touched_flag_;
  index_list<stop_idx> dirty_;  // stops whose labels_ a single run left behind
  typed_vector<stop_idx, std::uint8_t> dirty_flag_;
  index_list<stop_idx> marked_, next_marked_;  // stops whose ready time improved
  typed_vector<stop_idx, std::uint8_t> marked_flag_;
  index_list<stop_idx> improved_;  // stops improved by a trip in this round
  typed_vector<stop_idx, std::uint8_t> improved_flag_;  // stop is in improved_
  typed_vector<pattern_idx, std::uint32_t> first_pos_;  // earliest position to scan from, or kNone
  index_list<pattern_idx> patterns_;  // patterns to scan this round
  std::vector<std::int64_t> result_;  // earliest_arrivals() output, by stop
  typed_vector<stop_idx, std::uint32_t> target_walk_;  // walk from a stop to a target (set by a search, undone after), or kNone
  typed_vector<pattern_idx, std::uint8_t> to_target_;  // 1: the pattern passes a target (set by a search, undone after)
  // Range queries: per stop, a lower bound of the time from it to a target (kInf: none reaches one),
  // the bound it was last expanded with, the stops set, and the search's buckets (see
  // raptor_search::lower_bounds()).
  typed_vector<stop_idx, std::int32_t> lower_bound_, expanded_;
  index_list<stop_idx> lower_bound_set_;
  std::vector<std::vector<stop_idx>> buckets_;
  // Targeted searches: per stop, at least how many more rides reach a target from it (kNoHops: more
  // than the query allows, or none), the stops set; per stop sequence (numbered as patterns: there are no
  // more of them), the view positions read (stops_one_ride_before()), and the sequences read (see
  // raptor_search::hop_start()).
  static constexpr std::uint8_t kNoHops = 0xFF;
  typed_vector<stop_idx, std::uint8_t> hops_;
  index_list<stop_idx> hops_set_;
  typed_vector<pattern_idx, std::uint32_t> hop_pos_;
  index_list<pattern_idx> hop_sequences_;
  std::vector<stop_idx> hop_frontier_, hop_next_;
  // Trip links: all permits of the run, and per pattern the first of this and of the next round.
  std::vector<permit> permits_;
  typed_vector<pattern_idx, std::uint32_t> permit_head_, permit_head_next_;
  index_list<pattern_idx> permit_patterns_, permit_patterns_next_;
};

}  // namespace caravan::routing
