#pragma once
// raptor_search (search.h): setting up a search, its rounds, labels, changes and walks, road links,
// the targets' Pareto set, and the lower bounds of range queries.
#include <algorithm>
#include <functional>

#include "caravan/routing/road.h"
#include "search.h"

namespace caravan::routing {
namespace {  // internal to route.cc, the one file that includes these headers: called-once helpers inline

// Lowers a per-round bound for round k and every later round it beats.
inline void lower_from(std::vector<std::int32_t>& b, search_state const& s, std::size_t k, stop_idx st, std::int32_t t) {
  for (auto r = k; r != s.n_rounds_ && b[s.at(r, st)] > t; ++r) {
    b[s.at(r, st)] = t;
  }
}

template <bool Backward, bool Range>
inline raptor_search<Backward, Range>::raptor_search(engine const& e, query const& q, search_state& s)
    : tt_{e.timetable()},
      c_{tt_.columns()},
      ix_{e.index()},
      q_{q},
      s_{s},
      sources_{Backward ? q.to_ : q.from_},
      targets_{Backward ? q.from_ : q.to_},
      n_stops_{static_cast<std::uint32_t>(tt_.n_stops())},
      n_days_{tt_.scalars().n_days_},
      epoch_{std::int64_t{tt_.scalars().first_day_} * kSecondsPerDay},
      n_rounds_{static_cast<std::size_t>(q.max_transfers_) + 2} {
  s_.prepare(n_stops_, tt_.n_patterns(), n_rounds_);
  s_.reset();
  if constexpr (Range) {
    s_.clean_labels();  // a range query reads the labels of every stop on a pattern it scans
  } else {
    for (auto const& p : targets_) {
      s_.clean_labels(p.stop_);  // read in every round, written or not
    }
  }
  auto const start = to_view(q.time_);
  start_ = start;
  auto const last = std::int64_t{start} + q.horizon_s_ + (Range ? q.window_s_ : 0);
  end_ = static_cast<std::int32_t>(std::min<std::int64_t>(last, kInf - 1));
  has_targets_ = !targets_.empty();
  target_best_.assign(n_rounds_, kInf);
  road_mode_ = (q.modes_ & mask_of(mode::kRoad)) != 0U;
  roads_ = !c_.road_links_.empty() && (road_mode_ || ix_.any_city_link_);
  links_ = q.use_trip_links_ && !ix_.links_out_.empty();
  all_modes_ = (q.modes_ & kAllModes) == kAllModes;
  stoppable_ = q.stop_.active();
  for (auto const& p : targets_) {  // the destructor undoes these walks and the flags below
    auto& w = s_.target_walk_[p.stop_];
    w = std::min<std::uint32_t>(w, static_cast<std::uint32_t>(std::max(p.walk_s_, 0)));
  }
  flag_target_patterns(1);
  if (has_targets_ && hop_bounds_pay()) {
    hop_start();
  }
  if (!q.closed_.empty()) {
    close_stops();
  }
  if constexpr (Range) {
    if (has_targets_) {
      lower_bounds();
    }
  }
}

// Sets (1) or undoes (0) to_target_ for every pattern through a target stop (collect_patterns() puts
// those first in a round).
template <bool Backward, bool Range>
inline void raptor_search<Backward, Range>::flag_target_patterns(std::uint8_t on) {
  for (auto const& p : targets_) {
    for (auto const& sp : detail::by_stop(ix_.stop_pattern_offsets_, ix_.stop_patterns_, p.stop_)) {
      s_.to_target_[sp.pattern_] = on;
    }
  }
}

// Closed stops get labels no time beats (kClosed), so no ride ends there, no walk reaches them and
// nobody changes there, at no cost to the scans. reset() restores them: they count as touched.
template <bool Backward, bool Range>
inline void raptor_search<Backward, Range>::close_stops() {
  for (auto const st : q_.closed_) {
    auto const is_origin = std::any_of(q_.from_.begin(), q_.from_.end(), [&](place const& p) { return p.stop_ == st; });
    if (!st.valid() || st.idx() >= n_stops_ || is_origin) {
      continue;
    }
    s_.touch(st);
    s_.best_arr_[st] = kClosed;
    s_.hot_[st].best_trip_ = kClosed;
    s_.best_ready_[st] = kClosed;
    if constexpr (Range) {
      for (std::size_t k = 0; k != s_.n_rounds_; ++k) {
        s_.arr_bound_[s_.at(k, st)] = kClosed;
        s_.trip_bound_[s_.at(k, st)] = kClosed;
        s_.ready_bound_[s_.at(k, st)] = kClosed;
      }
      s_.range_used_ = true;  // reset() restores the per-round bounds
    }
  }
}

template <bool Backward, bool Range>
inline raptor_search<Backward, Range>::~raptor_search() {
  for (auto const& p : targets_) {
    s_.target_walk_[p.stop_] = kNone;
  }
  flag_target_patterns(0);
  for (auto const st : s_.lower_bound_set_) {
    s_.lower_bound_[st] = kInf;
    s_.expanded_[st] = kInf;
  }
  s_.lower_bound_set_.clear();
  for (auto const st : s_.hops_set_) {
    s_.hops_[st] = search_state::kNoHops;
  }
  s_.hops_set_.clear();
  for (auto const p : s_.hop_sequences_) {
    s_.hop_pos_[p] = 0;
  }
  s_.hop_sequences_.clear();
}

// A search with targets bounds from below how many rides each stop needs to reach one: a breadth-first
// search backwards from the targets over the network without times (a ride from any earlier stop of a
// stop sequence, stops_one_ride_before(); trip links cost no ride; boarding and alighting rules are not looked at, which
// only lowers the bounds), one ride further per level. A label after k rides at a stop that needs more
// than the rides left can lead to no answer, so it is not set (hopeless()): the search never spreads to
// the parts of the network that cannot reach the target in time, and a query whose origin cannot reach
// it ends at once. Stops the levels so far have not reached need at least one ride more than the last
// level (hop_cap_), so the levels are searched only while they cost no more than the rounds they prune:
// eagerly while the frontier is small, then before each round while it is at most half the round's
// marked stops (meeting the forward search halfway, as a bidirectional search does).
//
// Not with footpaths: walks join nearly every stop to every other within a few rides, and the levels'
// walks are many; on carta, sacrt and bus_bk with walks and 120 s changes they cost 13-20 % more
// instructions than they saved (BENCHMARKS.md, issue 20). Nor where the network's stops are all a few
// rides apart (index_hop_profile()): a stop is then hopeless only in the last rounds, when the search
// is mostly done (carta: 99 % of pairs within 5 rides; the levels cost 7 % more than they saved).
template <bool Backward, bool Range>
inline bool raptor_search<Backward, Range>::hop_bounds_pay() const {
  constexpr double kFewUnjoined = 0.05;
  constexpr std::size_t kLateRounds = 3;  // pruning from round max - 2 on saves little
  if (q_.use_footpaths_) {
    return false;
  }
  return ix_.hop_unjoined_ >= kFewUnjoined || ix_.hop_reach_ + kLateRounds > n_rounds_ - 1;
}

template <bool Backward, bool Range>
inline void raptor_search<Backward, Range>::hop_start() {
  hop_limit_ = n_rounds_ - 1;
  s_.hop_frontier_.clear();
  for (auto const& p : targets_) {
    if (s_.hops_[p.stop_] == search_state::kNoHops) {
      s_.hops_[p.stop_] = 0;
      s_.hops_set_.push_back(p.stop_);
      s_.hop_frontier_.push_back(p.stop_);
    }
  }
  hop_depth_ = 0;
  hop_close();
  while (hop_cap_ != search_state::kNoHops && s_.hop_frontier_.size() <= kHopEager) {
    hop_level();
  }
}

// Adds to the frontier (level hop_depth_) the stops that reach one of its stops without a ride (by a trip
// link: a search with walks has no hop bounds), and sets hop_cap_.
template <bool Backward, bool Range>
inline void raptor_search<Backward, Range>::hop_close() {
  auto& frontier = s_.hop_frontier_;
  auto const h = static_cast<std::uint8_t>(hop_depth_);
  auto const& link_offsets = Backward ? ix_.link_to_offsets_ : ix_.link_from_offsets_;
  auto const& link_stops = Backward ? ix_.link_to_ : ix_.link_from_;
  auto const settle = [&](stop_idx st) {
    if (s_.hops_[st] == search_state::kNoHops) {
      s_.hops_[st] = h;
      s_.hops_set_.push_back(st);
      frontier.push_back(st);
    }
  };
  if (links_) {
    for (std::size_t j = 0; j != frontier.size(); ++j) {  // (grows while read)
      auto const st = frontier[j];
      for (auto const other : detail::by_stop(link_offsets, link_stops, st)) {
        settle(other);
      }
    }
  }
  // Complete when nothing more reaches the targets, or when more rides than a journey may have would.
  hop_cap_ = frontier.empty() || hop_depth_ >= hop_limit_ ? search_state::kNoHops : hop_depth_ + 1;
}

// One level: the stops one ride before the frontier's.
template <bool Backward, bool Range>
inline void raptor_search<Backward, Range>::hop_level() {
  auto& next = s_.hop_next_;
  next.clear();
  auto const h = static_cast<std::uint8_t>(hop_depth_ + 1);
  auto const settle = [&](stop_idx st) {
    if (s_.hops_[st] == search_state::kNoHops) {
      s_.hops_[st] = h;
      s_.hops_set_.push_back(st);
      next.push_back(st);
    }
  };
  auto const rideable = [&](std::size_t seq) { return all_modes_ || (q_.modes_ & mask_of(ix_.sequence_mode_[seq])) != 0U; };
  auto const fresh = [&](pattern_idx seq) { s_.hop_sequences_.push_back(seq); };
  for (auto const st : s_.hop_frontier_) {
    detail::stops_one_ride_before<Backward>(ix_, st, s_.hop_pos_.data(), rideable, fresh, settle);
    if (roads_) {
      auto const ride = [&](road_link_idx li) {
        if (road_mode_ || ix_.city_link_[li] != 0) {
          auto const& l = tt_.road(li);
          settle(Backward ? l.to_ : l.from_);
        }
      };
      if constexpr (Backward) {
        auto const out = tt_.road_links_out(st);
        for (std::size_t i = 0; i != out.size(); ++i) {
          ride(road_link_idx{static_cast<std::uint32_t>(&out[i] - c_.road_links_.data())});
        }
      } else {
        for (auto const li : tt_.road_links_in(st)) {
          ride(li);
        }
      }
    }
  }
  std::swap(s_.hop_frontier_, next);
  hop_depth_ += 1;
  hop_close();
}

// Before round k: more levels while they are no larger than the round's marked stops and can still
// prune (a stop the levels have not reached is hopeless from round hop_limit_ - hop_cap_ + 1 on), then
// unmark the stops they show hopeless.
template <bool Backward, bool Range>
inline void raptor_search<Backward, Range>::hop_catch_up(std::size_t k) {
  if (hop_cap_ == search_state::kNoHops || hop_cap_ + k > hop_limit_ + 1) {
    return;
  }
  auto const before = hop_cap_;
  while (hop_cap_ != search_state::kNoHops && s_.hop_frontier_.size() * kHopShare <= s_.marked_.size()) {
    hop_level();
  }
  if (hop_cap_ != before) {
    s_.marked_.keep_if([&](stop_idx st) {
      if (!hopeless(k - 1, st)) {
        return true;
      }
      s_.marked_flag_[st] = 0;
      return false;
    });
  }
}

template <bool Backward, bool Range>
inline void raptor_search<Backward, Range>::run(std::int32_t t0, std::vector<journey>* out, std::span<stop_idx const> only_from) {
  t0_ = t0;
  s_.range_used_ = s_.range_used_ || Range;
  std::size_t reached = 1;  // rounds whose cells this run may have written
  run_best_ = kInf;
  stats_runs_ += 1;
  init_sources();
  if (!only_from.empty()) {
    s_.marked_.keep_if([&](stop_idx st) {
      if (std::find(only_from.begin(), only_from.end(), st) != only_from.end()) {
        return true;
      }
      s_.marked_flag_[st] = 0;
      return false;
    });
  }
  record_target(0, out);
  s_.permits_.clear();
  for (std::size_t k = 1; k < n_rounds_; ++k) {
    // Once per round (so once per departure of a range query too): stop when asked. Between rounds the
    // state holds only the marks and permits for the next one, which end_run() undoes.
    if (stoppable_ && q_.stop_.requested()) [[unlikely]] {
      end_run(reached);
      throw cancelled{};
    }
    // This round's trip-link permits were made in the last one.
    std::swap(s_.permit_head_, s_.permit_head_next_);
    std::swap(s_.permit_patterns_, s_.permit_patterns_next_);
    s_.permit_patterns_next_.clear();
    if (s_.marked_.empty() && s_.permit_patterns_.empty()) {
      break;
    }
    if (hop_cap_ != 0) {
      hop_catch_up(k);
    }
    stats_rounds_ += 1;
    reached = k + 1;
    collect_patterns(k);
    if constexpr (!Range) {
      // The ready times of the last round, by stop: only marked stops have one (a range query's labels
      // also keep later runs', so it reads the labels themselves).
      for (auto const m : s_.marked_) {
        s_.hot_[m].prev_ready_ = s_.labels_[s_.at(k - 1, m)].ready_;
      }
    }
    for (auto const p : s_.patterns_) {
      scan(k, p);
      s_.first_pos_[p] = kNone;
    }
    if constexpr (!Range) {
      for (auto const m : s_.marked_) {
        s_.hot_[m].prev_ready_ = kInf;
      }
    }
    for (auto const p : s_.permit_patterns_) {
      s_.permit_head_[p] = kNone;
    }
    s_.permit_patterns_.clear();
    if (roads_) {
      relax_road_links(k);
    }
    for (auto const m : s_.marked_) {
      s_.marked_flag_[m] = 0;
    }
    s_.marked_.clear();
    transfer(k);
    std::swap(s_.marked_, s_.next_marked_);
    s_.next_marked_.clear();
    record_target(k, out);
  }
  end_run(reached);
}

// Unmarks what the last round marked and drops the permits it made: the next run starts clean.
template <bool Backward, bool Range>
inline void raptor_search<Backward, Range>::end_run(std::size_t reached) {
  for (auto const m : s_.marked_) {
    s_.marked_flag_[m] = 0;
  }
  s_.marked_.clear();
  for (auto const p : s_.permit_patterns_next_) {
    s_.permit_head_next_[p] = kNone;
  }
  s_.permit_patterns_next_.clear();
  s_.rounds_used_ = std::max(s_.rounds_used_, reached);
}

template <bool Backward, bool Range>
inline void raptor_search<Backward, Range>::fill_one_to_all() {
  std::fill(s_.result_.begin(), s_.result_.end(), engine::kUnreachable);
  for (auto const st : s_.touched_) {
    if (s_.best_arr_[st] != kInf && s_.best_arr_[st] != kClosed && s_.best_arr_[st] <= end_) {
      s_.result_[st.idx()] = to_unix(s_.best_arr_[st]);
    }
  }
}

// A range query runs once per departure, and rRAPTOR's per-round target bounds prune little in the
// early rounds (nothing has reached the target with one trip yet): so it first bounds from below the
// time from every stop to a target, once, with a shortest-path search backwards over the network
// without times (least times per segment, footpaths when used, the targets' walks), up to
// kLowerBoundReach. A label whose time plus its stop's bound cannot beat the round's target bound is
// dropped: no journey through it could. Stops no target can be reached from are dropped at once.
template <bool Backward, bool Range>
inline void raptor_search<Backward, Range>::lower_bounds() {
  // Dial's buckets of kBucket seconds: a stop may be expanded again when a later one in its bucket
  // lowers it, which keeps the bounds exact and the queue a list per bucket.
  constexpr std::int32_t kBucket = 60;
  auto& buckets = s_.buckets_;
  buckets.resize(kLowerBoundReach / kBucket + 2);
  auto const settle = [&](stop_idx st, std::int32_t d) {
    if (d < s_.lower_bound_[st]) {
      if (s_.lower_bound_[st] == kInf) {
        s_.lower_bound_set_.push_back(st);
      }
      s_.lower_bound_[st] = d;
      buckets[static_cast<std::size_t>(std::min(d, kLowerBoundReach + kBucket) / kBucket)].push_back(st);
    }
  };
  for (auto const& p : targets_) {
    settle(p.stop_, std::max(p.walk_s_, 0));
  }
  lower_bound_cap_ = kInf;
  for (std::size_t bi = 0; bi != buckets.size(); ++bi) {
    auto& bucket = buckets[bi];
    if (bi == buckets.size() - 1) {
      if (!bucket.empty()) {
        lower_bound_cap_ = kLowerBoundReach;  // the stops beyond are at least this far
      }
      bucket.clear();
      break;
    }
    for (std::size_t j = 0; j != bucket.size(); ++j) {  // (grows while read: weights under kBucket)
      auto const st = bucket[j];
      auto const d = s_.lower_bound_[st];
      if (static_cast<std::size_t>(d / kBucket) != bi || s_.expanded_[st] == d) {
        continue;  // lowered into an earlier bucket and expanded there, or expanded with this bound
      }
      s_.expanded_[st] = d;
      for (auto const& e : detail::by_stop(ix_.timeless_in_offsets_, ix_.timeless_in_, st)) {
        settle(e.from_, d + e.min_s_);
      }
      if (q_.use_footpaths_) {
        for (auto const& f : tt_.footpaths_in(st)) {
          settle(f.target_, d + f.duration_);
        }
      }
    }
    bucket.clear();
  }
}

template <bool Backward, bool Range>
inline void raptor_search<Backward, Range>::improve_arrival(std::size_t k, stop_idx st, std::int32_t t) {
  s_.touch(st);
  if (t >= arr_label(k, st)) {
    return;  // a trip arrival after an earlier walk there: kept for walking on, not as an arrival
  }
  s_.best_arr_[st] = std::min(s_.best_arr_[st], t);
  if constexpr (Range) {
    lower_from(s_.arr_bound_, s_, k, st, t);
  }
  if (has_targets_) {
    if (auto const w = s_.target_walk_[st]; w != kNone) {
      auto const at_target = t + static_cast<std::int32_t>(w);
      target_bound_ = std::min(target_bound_, at_target);
      for (auto r = k; r != n_rounds_ && target_best_[r] > at_target; ++r) {
        target_best_[r] = at_target;
      }
    }
  }
}

// A ride (a trip, or a road link) reaches stop st at view time a in round k, earlier than any ride so far.
template <bool Backward, bool Range>
inline void raptor_search<Backward, Range>::set_ride_arrival(std::size_t k, stop_idx st, std::int32_t a,
                                                             trip_parent const& parent) {
  if (hopeless(k, st)) {
    return;
  }
  auto const cell = s_.at(k, st);
  s_.labels_[cell].trip_arr_ = a;
  s_.hot_[st].best_trip_ = a;
  if constexpr (Range) {
    lower_from(s_.trip_bound_, s_, k, st, a);
  }
  s_.trip_parent_[cell] = parent;
  if (!s_.improved_flag_[st]) {
    s_.improved_flag_[st] = 1;
    s_.improved_.push_back(st);
  }
  improve_arrival(k, st, a);
}

template <bool Backward, bool Range>
inline void raptor_search<Backward, Range>::set_ready(std::size_t k, stop_idx st, std::int32_t t, stop_idx from) {
  auto const label = Range ? s_.ready_bound_[s_.at(k, st)] : s_.best_ready_[st];
  if (t >= label || t >= bound(k) || too_far(st, t, bound(k)) || hopeless(k, st)) {  // (the hop bound last: another line)
    return;
  }
  s_.touch(st);
  s_.best_ready_[st] = std::min(s_.best_ready_[st], t);
  if constexpr (Range) {
    lower_from(s_.ready_bound_, s_, k, st, t);
  }
  s_.labels_[s_.at(k, st)].ready_ = t;
  s_.from_[s_.at(k, st)].ready_from_ = from;
  if (!s_.marked_flag_[st]) {
    s_.marked_flag_[st] = 1;
    (k == 0 ? s_.marked_ : s_.next_marked_).push_back(st);
  }
}

template <bool Backward, bool Range>
inline void raptor_search<Backward, Range>::set_walk_arrival(std::size_t k, stop_idx st, std::int32_t t, stop_idx from) {
  if (t >= arr_label(k, st) || t >= bound(k) || too_far(st, t, bound(k)) || hopeless(k, st)) {
    return;
  }
  s_.labels_[s_.at(k, st)].walk_arr_ = t;
  s_.from_[s_.at(k, st)].walk_from_ = from;
  improve_arrival(k, st, t);
}

template <bool Backward, bool Range>
inline void raptor_search<Backward, Range>::init_sources() {
  for (auto const& p : sources_) {
    auto const t = t0_ + std::max(p.walk_s_, 0);
    set_walk_arrival(0, p.stop_, t, kOrigin);
    set_ready(0, p.stop_, t, kOrigin);
  }
  // A first walk from each source, timed from its own start: another source's walk may reach it
  // sooner, but walks do not chain, so that walk must not stand in for the source's own.
  if (q_.use_footpaths_) {
    for (auto const& p : sources_) {
      auto const from = p.stop_;
      auto const t = t0_ + std::max(p.walk_s_, 0);
      for (auto const& f : footpaths(from)) {
        set_walk_arrival(0, f.target_, t + f.duration_, from);
        set_ready(0, f.target_, t + f.duration_, from);
      }
    }
  }
}

// When the traveller can be at a source stop (view time): the run's start plus its own walk.
template <bool Backward, bool Range>
inline std::int32_t raptor_search<Backward, Range>::source_time(stop_idx st) const {
  auto w = kInf;
  for (auto const& p : sources_) {
    if (p.stop_ == st) {
      w = std::min(w, std::max(p.walk_s_, 0));
    }
  }
  return t0_ + w;
}

// The patterns to scan this round, each from the earliest position a marked stop or a permit has in it.
template <bool Backward, bool Range>
inline void raptor_search<Backward, Range>::collect_patterns(std::size_t k) {
  s_.patterns_.clear();
  std::size_t to_target_front = 0;  // the patterns through a target go first, in front of this
  // Locals, so the loop keeps them in registers (first_pos_ is written in it).
  auto* const first_pos = s_.first_pos_.data();
  auto const* const stop_patterns = ix_.stop_patterns_.data();
  for (auto const st : s_.marked_) {
    // Boarding the pattern that brought the last round here catches the same trip or a later one, so
    // it is not scanned from this stop (unless the stop is on it twice: a loop rides on past it).
    auto const cell = s_.at(k - 1, st);
    auto const came_by = s_.from_[cell].ready_from_ == st ? s_.trip_parent_[cell].pattern_ : trip_parent::kRoadTag;
    auto const* const end = stop_patterns + ix_.stop_pattern_offsets_[stop_idx{st.v() + 1}];
    for (auto const* sp = stop_patterns + ix_.stop_pattern_offsets_[st]; sp != end; ++sp) {
      auto const p = sp->pattern_;
      if (p == came_by && sp->pos_ == sp->last_pos_) [[unlikely]] {
        continue;
      }
      auto const pos = Backward ? c_.pattern_stop_offsets_[p.idx() + 1] - c_.pattern_stop_offsets_[p.idx()] - 1 - sp->last_pos_ : sp->pos_;
      auto& first = first_pos[p.idx()];
      if (first == kNone) [[unlikely]] {
        if (!mode_allowed(c_.patterns_[p.idx()])) {
          continue;
        }
        s_.patterns_.push_back(p);
        if (s_.to_target_[p] != 0) {  // first: a target reached early in the round bounds the other scans
          s_.patterns_.swap(to_target_front++, s_.patterns_.size() - 1);
        }
        first = pos;
      } else {
        first = std::min(first, pos);
      }
    }
  }
  for (auto const pi : s_.permit_patterns_) {
    auto& first = s_.first_pos_[pi];
    for (auto x = s_.permit_head_[pi]; x != kNone; x = s_.permits_[x].next_) {
      if (first == kNone) {
        s_.patterns_.push_back(pi);
      }
      first = std::min(first, s_.permits_[x].pos_);
    }
  }
}

// Road links from every stop made ready in the last round: a ride like a trip, whose time depends
// on when the border crossing on the way is open.
template <bool Backward, bool Range>
inline void raptor_search<Backward, Range>::relax_road_links(std::size_t k) {
  for (auto const st : s_.marked_) {
    auto const r = s_.labels_[s_.at(k - 1, st)].ready_;
    if (r == kInf) {
      continue;
    }
    auto const relax = [&](road_link_idx li) {
      if (!road_mode_ && ix_.city_link_[li] == 0) {
        return;  // the query leaves road links out; rides within a place are taken like walks
      }
      auto const& l = tt_.road(li);
      auto const other = Backward ? l.from_ : l.to_;
      auto const t = Backward ? road_latest_departure(tt_, l, to_unix(r)) : road_arrival(tt_, l, to_unix(r));
      if (!t) {
        return;
      }
      auto const view = Backward ? -(*t - epoch_) : *t - epoch_;
      if (view >= std::int64_t{trip_arr_label(k, other)} || view >= bound(k) || too_far(other, static_cast<std::int32_t>(view), bound(k))) {
        return;
      }
      set_ride_arrival(k, other, static_cast<std::int32_t>(view), trip_parent::road(li, st));
    };
    if constexpr (Backward) {
      for (auto const li : tt_.road_links_in(stop_idx{st})) {
        relax(li);
      }
    } else {
      auto const out = tt_.road_links_out(stop_idx{st});
      for (std::size_t i = 0; i != out.size(); ++i) {
        relax(road_link_idx{static_cast<std::uint32_t>(&out[i] - c_.road_links_.data())});
      }
    }
  }
}

// Change at the same stop, then one walk from every stop reached by a ride in this round.
template <bool Backward, bool Range>
inline void raptor_search<Backward, Range>::transfer(std::size_t k) {
  stats_improved_ += s_.improved_.size();
  for (auto const st : s_.improved_) {
    auto const a = s_.labels_[s_.at(k, st)].trip_arr_;
    set_ready(k, st, a + change_time(st), st);
  }
  if (q_.use_footpaths_) {
    for (auto const st : s_.improved_) {
      auto const a = s_.labels_[s_.at(k, st)].trip_arr_;
      for (auto const& f : footpaths(st)) {
        set_walk_arrival(k, f.target_, a + f.duration_, st);
        set_ready(k, f.target_, a + f.duration_, st);
      }
    }
  }
  for (auto const st : s_.improved_) {
    s_.improved_flag_[st] = 0;
  }
  s_.improved_.clear();
}

// The best target arrival of round k, kept when it beats every round before (the Pareto set over
// trips); a range run reconstructs each one it improved at once (the next run overwrites labels).
template <bool Backward, bool Range>
inline void raptor_search<Backward, Range>::record_target(std::size_t k, std::vector<journey>* out) {
  if (!has_targets_) {
    return;
  }
  target_arrival best{k, stop_idx::invalid(), kInf};
  for (auto const& p : targets_) {
    auto const st = p.stop_;
    auto const cell = s_.at(k, st);
    auto const a = std::min(s_.labels_[cell].trip_arr_, s_.labels_[cell].walk_arr_);
    if (a == kInf) {
      continue;
    }
    auto const t = a + std::max(p.walk_s_, 0);
    if (t < best.time_) {
      best = {k, st, t};
    }
  }
  if (!best.stop_.valid() || best.time_ > end_ || best.time_ >= run_best_) {
    return;
  }
  if constexpr (Range) {
    // Labels of later runs stay in the cells: only an arrival this run made is new.
    if (best.time_ >= run_start_best_[k]) {
      return;
    }
    run_best_ = best.time_;
    if (out != nullptr) {
      out->push_back(reconstruct(best));
    }
    return;
  }
  run_best_ = best.time_;
  pareto_.push_back(best);
}

template <bool Backward, bool Range>
inline std::vector<std::pair<std::int32_t, stop_idx>> raptor_search<Backward, Range>::departure_times(std::int32_t from, std::int32_t to) const {
  std::vector<std::pair<std::int32_t, stop_idx>> out;
  auto const add_from = [&](stop_idx st, std::int32_t before) {  // before: walks to reach st
    for (auto const& sp : detail::by_stop(ix_.stop_pattern_offsets_, ix_.stop_patterns_, st)) {
      auto const p = sp.pattern_;
      auto const& pr = c_.patterns_[p.idx()];
      if (!mode_allowed(pr)) {
        continue;
      }
      auto const v = view_of(p);
      for (std::uint32_t pos = 0; pos + 1 < v.n_; ++pos) {
        if (v.stop(pos) != st || !v.can_board(pos)) {
          continue;
        }
        for (auto d = first_day(pr, from + before, v.dep(v.n_trips_ - 1, pos)); d < n_days_; ++d) {
          auto const day = static_cast<std::uint32_t>(d);
          auto const base = view_base(pr.tz_, day);
          if (base + v.dep(0, pos) - before > to) {
            break;
          }
          for (std::uint32_t k = 0; k != v.n_trips_; ++k) {
            auto const t = base + v.dep(k, pos) - before;
            if (t > to) {
              break;
            }
            if (t >= from && runs(trip_at(v, k), day)) {
              out.emplace_back(t, st);
            }
          }
        }
      }
    }
  };
  for (auto const& p : sources_) {
    auto const w = std::max(p.walk_s_, 0);
    add_from(p.stop_, w);
    if (q_.use_footpaths_) {
      for (auto const& f : footpaths(p.stop_)) {
        add_from(f.target_, w + f.duration_);
      }
    }
  }
  std::sort(out.begin(), out.end(), std::greater<>{});
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace
}  // namespace caravan::routing
