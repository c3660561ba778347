#pragma once
// raptor_search (search.h): finding the trip to board. The first trip of a pattern leaving a stop at or
// after a time, over the days it may run on (by day lists, service classes, or trip by trip), and,
// while riding, whether an earlier trip can be caught further on.
#include <algorithm>

#include "search.h"

namespace caravan::routing {
namespace {  // internal to route.cc, the one file that includes these headers: called-once helpers inline

// Whether a trip k of `day` leaving at t is better than the best so far: earlier, or as early but earlier
// in the pattern on the same day (it never arrives later).
template <typename Boarding>
bool beats(std::int32_t t, std::uint32_t k, std::uint32_t day, Boarding const& best, std::int32_t best_time) {
  return t < best_time || (t == best_time && best.trip_ != kNone && day == best.day_ && k < best.trip_);
}

// nullopt when the pattern keeps no day lists; n_ == 0 when nothing runs that day.
template <bool Backward, bool Range>
inline auto raptor_search<Backward, Range>::trips_on(pattern_idx p, std::uint32_t day) const -> std::optional<day_trips> {
  auto const at = ix_.pattern_day_of_[p];
  if (at == detail::routing_index::kNoDays) {
    return std::nullopt;
  }
  auto const rel = ix_.day_list_of_[at + day];
  if (rel == detail::routing_index::kNoDayList) {
    return day_trips{};
  }
  auto const& l = ix_.day_lists_[ix_.pattern_day_lists_[p] + rel];
  return day_trips{ix_.day_list_trips_.data() + l.first_, l.n_, c_.patterns_[p.idx()].n_trips_};
}

// The first trip (in view order) of the pattern leaving view position i at or after `ready`, and
// before `limit`. Days are tried in view order; a trip runs on its service day.
// `cur` is the trip ridden (kNone if none); a trip of the same day that leaves at the same time but
// comes earlier in the pattern is better (it never arrives later), so it replaces it.
template <bool Backward, bool Range>
auto raptor_search<Backward, Range>::earliest_trip(pattern_view const& v, std::uint32_t i, std::int32_t ready, boarding const cur,
                                                   std::int32_t limit) const -> boarding {
  auto const p = v.p_;
  if (lane_day_ == kNone && has_day_lists(p)) {
    return earliest_listed(v, i, ready, cur, limit);
  }
  boarding best = cur;
  auto best_time = std::min(limit, end_ + 1);
  auto const first_dep = v.dep(0, i);
  auto const last_dep = v.dep(v.n_trips_ - 1, i);
  auto const has_classes = ix_.pattern_class_offsets_[p] != ix_.pattern_class_offsets_[pattern_idx{p.v() + 1}];
  // The first trip of `day` leaving at or after `ready`, if better than the best so far.
  auto const try_day = [&](std::uint32_t day, std::int32_t base) {
    auto const threshold = ready - base;
    if (last_dep < threshold) {
      return;
    }
    if (has_day_lists(p)) {
      best_in_list(*trips_on(p, day), v, i, day, base, threshold, best, best_time);
    } else if (has_classes) {
      best_in_classes(v, i, day, base, threshold, best, best_time);
    } else {
      best_unlisted(v, i, day, base, threshold, best, best_time);
    }
  };
  if (lane_day_ != kNone) {  // a lane rides only its own day's trips
    if (pattern_runs(p, lane_day_)) {
      try_day(lane_day_, view_base(v.tz(), lane_day_));
    }
    return best;
  }
  for (auto d = first_day(*v.pr_, ready, last_dep); valid_day(d); d += kDayStep) {
    auto const day = static_cast<std::uint32_t>(d);
    auto const base = view_base(v.tz(), day);
    if (base + first_dep > best_time) {
      break;  // this and later days cannot do better
    }
    if (pattern_runs(p, day)) {
      try_day(day, base);
    }
  }
  return best;
}

// earliest_trip() on one day for a pattern without classes: the first trip leaving at or after the
// threshold (trips are sorted at every position), then the first of those that runs on the day.
template <bool Backward, bool Range>
inline void raptor_search<Backward, Range>::best_unlisted(pattern_view const& v, std::uint32_t i, std::uint32_t day, std::int32_t base,
                                                   std::int32_t threshold, boarding& best, std::int32_t& best_time) const {
  std::uint32_t lo = 0;
  std::uint32_t hi = v.n_trips_;
  while (lo < hi) {
    auto const mid = (lo + hi) / 2;
    if (v.dep(mid, i) < threshold) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  for (auto k = lo; k < v.n_trips_; ++k) {
    auto const t = base + v.dep(k, i);
    if (!beats(t, k, day, best, best_time)) {
      break;
    }
    if (runs(trip_at(v, k), day)) {
      best = {k, day, base};
      best_time = t;
      break;
    }
  }
}

// earliest_trip() on one day by service class: per class that runs on the day, a binary search (every
// trip in it runs).
template <bool Backward, bool Range>
inline void raptor_search<Backward, Range>::best_in_classes(pattern_view const& v, std::uint32_t i, std::uint32_t day, std::int32_t base,
                                                     std::int32_t threshold, boarding& best, std::int32_t& best_time) const {
  auto const first = ix_.pattern_class_offsets_[v.p_];
  auto const classes = std::span{ix_.classes_}.subspan(first, ix_.pattern_class_offsets_[pattern_idx{v.p_.v() + 1}] - first);
  for (auto const& sc : classes) {
    if (!runs_service(sc.service_, day)) {
      continue;
    }
    day_trips const list{ix_.class_trips_.data() + sc.first_, sc.n_, v.n_trips_};
    std::uint32_t lo = 0;
    std::uint32_t hi = sc.n_;
    while (lo < hi) {
      auto const mid = (lo + hi) / 2;
      if (v.dep(list.trip(mid), i) < threshold) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    if (lo != sc.n_) {
      auto const k = list.trip(lo);
      auto const t = base + v.dep(k, i);
      if (beats(t, k, day, best, best_time)) {
        best = {k, day, base};
        best_time = t;
      }
    }
  }
}

// The first day (in view order) whose trips may still leave at or after `ready`, when the last trip
// leaves at last_dep (view, within its day): a day starts between the zone's earliest and latest day
// start after midnight UTC.
template <bool Backward, bool Range>
inline std::int64_t raptor_search<Backward, Range>::first_day(pattern_record const& pr, std::int32_t ready, std::int32_t last_dep) const {
  return Backward ? std::min<std::int64_t>(floor_div(std::int64_t{last_dep} - ready - ix_.tz_min_day_start_[pr.tz_], kSecondsPerDay), n_days_ - 1)
                  : std::max<std::int64_t>(-floor_div(-(std::int64_t{ready} - last_dep - ix_.tz_max_day_start_[pr.tz_]), kSecondsPerDay), 0);
}

// earliest_trip() for a pattern with day lists, outside lanes: per day a binary search in the
// departures (stop-major, at position i) of the trips in the day's list.
template <bool Backward, bool Range>
inline auto raptor_search<Backward, Range>::earliest_listed(pattern_view const& v, std::uint32_t i, std::int32_t ready,
                                                            boarding const cur, std::int32_t limit) const -> boarding {
  boarding best = cur;
  auto best_time = std::min(limit, end_ + 1);
  auto const first_dep = v.dep(0, i);
  auto const last_dep = v.dep(v.n_trips_ - 1, i);
  auto const* day_of = ix_.day_list_of_.data() + ix_.pattern_day_of_[v.p_];
  auto const* lists = ix_.day_lists_.data() + ix_.pattern_day_lists_[v.p_];
  for (auto d = first_day(*v.pr_, ready, last_dep); valid_day(d); d += kDayStep) {
    auto const day = static_cast<std::uint32_t>(d);
    auto const base = view_base(v.tz(), day);
    if (base + first_dep > best_time) {
      break;  // this and later days cannot do better
    }
    auto const rel = day_of[day];
    auto const threshold = ready - base;
    if (rel == detail::routing_index::kNoDayList || last_dep < threshold) {
      continue;
    }
    auto const& l = lists[rel];
    best_in_list({ix_.day_list_trips_.data() + l.first_, l.n_, v.n_trips_}, v, i, day, base, threshold, best, best_time);
  }
  return best;
}

// The first trip of a day's list leaving view position i at or after `threshold` (seconds after the
// day's view base): it replaces `best` if it leaves before best_time, or at best_time but earlier in
// the pattern on best's day.
template <bool Backward, bool Range>
inline void raptor_search<Backward, Range>::best_in_list(day_trips const& list, pattern_view const& v, std::uint32_t i,
                                                         std::uint32_t day, std::int32_t base, std::int32_t threshold, boarding& best,
                                                         std::int32_t& best_time) const {
  std::uint32_t lo = 0;
  std::uint32_t count = list.n_;
  while (count > 0) {
    auto const step = count / 2;
    if (v.dep(list.trip(lo + step), i) < threshold) {
      lo += step + 1;
      count -= step + 1;
    } else {
      count = step;
    }
  }
  if (lo == list.n_) {
    return;
  }
  auto const k = list.trip(lo);
  auto const t = base + v.dep(k, i);
  if (beats(t, k, day, best, best_time)) {
    best = {k, day, base, lo};
    best_time = t;
  }
}

// While riding `cur`, ready at view position i at `ready` (< dep_now, cur's departure there): the
// earliest trip leaving no earlier than `ready`. Usually none but cur, or one a few trips before it
// on the same day: walk back there (as RAPTOR's route scan does), and search all days only when
// another day's trips can leave in [ready, dep_now) or the walk gets long.
//
// prev_end and next_start (from day_bounds(), once per boarding) bound what other days offer: no
// earlier day's trip leaves after prev_end, no later day's before next_start.
template <bool Backward, bool Range>
inline auto raptor_search<Backward, Range>::earlier_trip(pattern_view const& v, std::uint32_t i, std::int32_t ready, boarding const cur,
                                                         std::int32_t dep_now, std::int64_t prev_end, std::int64_t next_start) const
    -> boarding {
  if (lane_day_ == kNone && (ready <= prev_end || dep_now > next_start)) {
    return earlier_trip_checking_days(v, i, ready, cur, dep_now);
  }
  return walk_back(v, i, ready, cur, dep_now);
}

// The earliest and latest time one boards the pattern's trips at, within their days (view: departures
// forward, negated arrivals backward).
template <bool Backward, bool Range>
inline std::pair<std::int32_t, std::int32_t> raptor_search<Backward, Range>::view_departures(pattern_idx p) const {
  auto const& b = ix_.pattern_bounds_[p];
  return Backward ? std::pair{-b.max_arr_, -b.min_arr_} : std::pair{b.min_dep_, b.max_dep_};
}

// For the day `day` a trip is ridden on: the latest departure of an earlier day and the earliest of a
// later day (view times) among days on which the pattern runs, looking kDayBoundsReach days each way
// (beyond, the bound of the farthest day looked at stands for them).
template <bool Backward, bool Range>
inline std::pair<std::int64_t, std::int64_t> raptor_search<Backward, Range>::day_bounds(pattern_view const& v, std::uint32_t day) const {
  auto const [lo, hi] = view_departures(v.p_);
  std::int64_t prev_end = std::numeric_limits<std::int64_t>::min();
  std::int64_t next_start = std::numeric_limits<std::int64_t>::max();
  for (std::int64_t o = 1; o <= kDayBoundsReach; ++o) {
    auto const d = std::int64_t{day} - o * kDayStep;
    if (!valid_day(d)) {
      break;
    }
    if (pattern_runs(v.p_, static_cast<std::uint32_t>(d)) || o == kDayBoundsReach) {
      prev_end = std::int64_t{view_base(v.tz(), static_cast<std::uint32_t>(d))} + hi;
      break;
    }
  }
  for (std::int64_t o = 1; o <= kDayBoundsReach; ++o) {
    auto const d = std::int64_t{day} + o * kDayStep;
    if (!valid_day(d)) {
      break;
    }
    if (pattern_runs(v.p_, static_cast<std::uint32_t>(d)) || o == kDayBoundsReach) {
      next_start = std::int64_t{view_base(v.tz(), static_cast<std::uint32_t>(d))} + lo;
      break;
    }
  }
  return {prev_end, next_start};
}

template <bool Backward, bool Range>
inline auto raptor_search<Backward, Range>::earlier_trip_checking_days(pattern_view const& v, std::uint32_t i, std::int32_t ready,
                                                                boarding const cur, std::int32_t dep_now) const -> boarding {
  // Trips are in the same order at every stop: the first and last trip bound the departures here.
  auto const lo = v.dep(0, i);
  auto const hi = v.dep(v.n_trips_ - 1, i);
  // Days before cur's (in view order) whose trips may still leave after `ready`, and days after it
  // whose trips may leave before dep_now: if the pattern runs on any, search them all.
  for (auto d = std::int64_t{cur.day_} - kDayStep;
       lane_day_ == kNone && valid_day(d) && view_base(v.tz(), static_cast<std::uint32_t>(d)) + hi >= ready; d -= kDayStep) {
    if (pattern_runs(v.p_, static_cast<std::uint32_t>(d))) {
      return earliest_trip(v, i, ready, cur, dep_now);
    }
  }
  for (auto d = std::int64_t{cur.day_} + kDayStep;
       lane_day_ == kNone && valid_day(d) && view_base(v.tz(), static_cast<std::uint32_t>(d)) + lo < dep_now; d += kDayStep) {
    if (pattern_runs(v.p_, static_cast<std::uint32_t>(d))) {
      return earliest_trip(v, i, ready, cur, dep_now);
    }
  }
  return walk_back(v, i, ready, cur, dep_now);
}

// The earliest trip of cur's day leaving view position i at or after `ready`: a few trips back (a
// binary search when more than kMaxWalk).
template <bool Backward, bool Range>
inline auto raptor_search<Backward, Range>::walk_back(pattern_view const& v, std::uint32_t i, std::int32_t ready, boarding const cur,
                                               std::int32_t dep_now) const -> boarding {
  if (cur.slot_ != kNone) {  // along the day's list: every trip in it runs
    auto const list = *trips_on(v.p_, cur.day_);
    auto j = cur.slot_;
    for (auto steps = 0U; j != 0 && cur.base_ + v.dep(list.trip(j - 1), i) >= ready; --j) {
      if (++steps > kMaxWalk) {
        return earliest_trip(v, i, ready, cur, dep_now);
      }
    }
    return {list.trip(j), cur.day_, cur.base_, j};
  }
  auto best = cur.trip_;
  for (auto kk = cur.trip_, steps = 0U; kk != 0; --kk) {
    if (cur.base_ + v.dep(kk - 1, i) < ready) {
      break;
    }
    if (++steps > kMaxWalk) {
      return earliest_trip(v, i, ready, cur, dep_now);
    }
    if (runs(trip_at(v, kk - 1), cur.day_)) {
      best = kk - 1;
    }
  }
  return {best, cur.day_, cur.base_};
}

// The day whose list (of a pattern with day lists) has a trip that may leave within [from, to) (view
// times), kNoDay when none has, kManyDays when more than one day's may: a day counts when the pattern's
// earliest and latest departures on it straddle them.
template <bool Backward, bool Range>
inline std::uint32_t raptor_search<Backward, Range>::days_between(pattern_view const& v, std::int32_t from, std::int32_t to) const {
  auto const [lo, hi] = view_departures(v.p_);
  auto const* day_of = ix_.day_list_of_.data() + ix_.pattern_day_of_[v.p_];
  auto found = kNoDay;
  for (auto d = first_day(*v.pr_, from, hi); valid_day(d); d += kDayStep) {
    auto const day = static_cast<std::uint32_t>(d);
    auto const base = view_base(v.tz(), day);
    if (base + lo >= to) {
      break;
    }
    if (day_of[day] != detail::routing_index::kNoDayList && base + hi >= from) {
      if (found != kNoDay) {
        return kManyDays;
      }
      found = day;
    }
  }
  return found;
}

// The times of the trip before the ridden one b in its day's list, nullptr when there is none or b's
// place in the list is not known.
template <bool Backward, bool Range>
inline stop_time const* raptor_search<Backward, Range>::previous_row(pattern_view const& v, boarding const& b) const {
  if (b.slot_ == kNone || b.slot_ == 0) {
    return nullptr;
  }
  return v.row(trips_on(v.p_, b.day_)->trip(b.slot_ - 1));
}

// Its departure at view position i (from previous_row(); the lowest time when there is none).
template <bool Backward, bool Range>
inline std::int32_t raptor_search<Backward, Range>::prev_departure(boarding const& b, stop_time const* prev_row, pattern_view const& v,
                                                                   std::uint32_t i) const {
  if (prev_row == nullptr) {
    return std::numeric_limits<std::int32_t>::min();
  }
  return b.base_ + v.board_time(prev_row, i);
}

// Riding b (its place in its day's list known), ready at view position i at `ready` < dep (b's
// departure there): no earlier trip can be caught when the list's previous trip leaves before
// `ready` and no other day's trip leaves in between (prev_end, next_start: day_bounds()).
template <bool Backward, bool Range>
inline bool raptor_search<Backward, Range>::none_earlier(boarding const& b, stop_time const* prev_row, pattern_view const& v,
                                                         std::uint32_t i, std::int32_t ready, std::int32_t dep, std::int64_t prev_end,
                                                         std::int64_t next_start) const {
  return prev_departure(b, prev_row, v, i) < ready && ready > prev_end && dep <= next_start;
}

// Ready at view position i just as the ridden trip b leaves (at dep): only a trip of the same day
// leaving at the same time but earlier in the pattern is better (it never arrives later). Such trips
// sit just before it.
template <bool Backward, bool Range>
inline auto raptor_search<Backward, Range>::same_time_earlier(pattern_view const& v, std::uint32_t i, boarding const& b, std::int32_t dep) const
    -> boarding {
  if (b.slot_ != kNone) {
    auto const list = *trips_on(v.p_, b.day_);
    auto j = b.slot_;
    while (j != 0 && b.base_ + v.dep(list.trip(j - 1), i) == dep) {
      --j;
    }
    return {list.trip(j), b.day_, b.base_, j};
  }
  auto best = b.trip_;
  for (auto kk = b.trip_; kk != 0 && b.base_ + v.dep(kk - 1, i) == dep; --kk) {
    if (runs(trip_at(v, kk - 1), b.day_)) {
      best = kk - 1;
    }
  }
  return {best, b.day_, b.base_};
}

}  // namespace
}  // namespace caravan::routing
