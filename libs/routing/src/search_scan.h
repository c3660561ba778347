#pragma once
// raptor_search (search.h): the pattern scans of a round. scan() picks, per pattern, the lean scan
// (no trip links or permits in play) or the general one, once or per day ("lanes") where one day's
// trips may overtake another's.
#include <algorithm>
#include <tuple>

#include "search.h"

namespace caravan::routing {
namespace {  // internal to route.cc, the one file that includes these headers: called-once helpers inline

// One day's trips of a pattern never overtake each other, and usually a day's trips all end before the
// next day's begin, so one scan riding the first trip that can be caught is exact. Where a pattern's
// trips span more than 23 hours (overnight and multi-day trains), yesterday's trip may overtake
// today's: then the pattern is scanned once per day that could be boarded, each scan ("lane") riding
// only that day's trips.
template <bool Backward, bool Range>
inline void raptor_search<Backward, Range>::scan(std::size_t k, pattern_idx p) {
  auto const overlap = ix_.pattern_overlaps_[p];
  auto const v = view_of(p);
  auto const plain = s_.permit_head_[p] == kNone && !links_matter(p);
  if (hop_cap_ != 0 && plain && hopeless_after(k, v, s_.first_pos_[p])) {
    return;  // no stop it could take one to can still reach a target in the rides left
  }
  if (overlap == 0 || (overlap == 2 && !dst_change_near(v.tz()))) {
    plain ? scan_plain(k, v) : scan_pattern(k, v);
    return;
  }
  collect_lanes(k, v);
  for (auto const d : lanes_) {
    lane_day_ = d;
    plain ? scan_plain(k, v) : scan_pattern(k, v);
  }
  lane_day_ = kNone;
}

// The days to scan an overlapping pattern for (lanes_): from each stop where one may board, the first
// days that run and still have a trip to catch; and the days permits name.
template <bool Backward, bool Range>
inline void raptor_search<Backward, Range>::collect_lanes(std::size_t k, pattern_view const& v) {
  // Day d + m + 1's times all come after day d's when the span is under (m + 1) days of 23 hours: the
  // first m + 1 running days that have a trip to catch are all that can matter from one stop.
  auto const span_days = static_cast<std::int64_t>(ix_.pattern_span_[v.p_] / (kSecondsPerDay - 3600));
  lanes_.clear();
  for (auto i = s_.first_pos_[v.p_]; i + 1 < v.n_; ++i) {
    auto const ready = Range ? s_.labels_[s_.at(k - 1, v.stop(i))].ready_ : s_.hot_[v.stop(i)].prev_ready_;
    if (!v.can_board(i) || ready == kInf) {
      continue;
    }
    auto const last_dep = v.dep(v.n_trips_ - 1, i);
    // Later days' trips all leave after these have arrived.
    auto found = std::int64_t{0};
    for (auto d = first_day(*v.pr_, ready, last_dep); valid_day(d) && found <= span_days; d += kDayStep) {
      auto const day = static_cast<std::uint32_t>(d);
      if (pattern_runs(v.p_, day) && view_base(v.tz(), day) + last_dep >= ready) {
        lanes_.push_back(day);
        ++found;
      }
    }
  }
  for (auto x = s_.permit_head_[v.p_]; x != kNone; x = s_.permits_[x].next_) {
    lanes_.push_back(s_.permits_[x].day_);
  }
  std::sort(lanes_.begin(), lanes_.end());
  lanes_.erase(std::unique(lanes_.begin(), lanes_.end()), lanes_.end());
}

// Whether a service day of time zone tz that this search can touch (from the longest overlapping
// pattern's span before its start to its end) is not 24 hours long. Once per zone and search.
template <bool Backward, bool Range>
inline bool raptor_search<Backward, Range>::dst_change_near(tz_idx tz) {
  if (dst_near_.size() != c_.tz_names_.size()) {
    dst_near_.assign(c_.tz_names_.size(), -1);
  }
  auto& known = dst_near_[tz.idx()];
  if (known < 0) {
    // View times of the search as unix seconds since the timetable's first day, earliest first.
    // (A range query's runs start from its window's end back to start_.)
    auto const a = Backward ? -std::int64_t{end_} : std::int64_t{std::min(t0_, start_)};
    auto const b = Backward ? -std::int64_t{std::min(t0_, start_)} : std::int64_t{end_};
    auto const reach = std::int64_t{ix_.max_overlap_span_} + kSecondsPerDay;
    auto const first = std::max<std::int64_t>(floor_div(a - reach, kSecondsPerDay) - 1, 0);
    auto const last = std::min<std::int64_t>(floor_div(b + reach, kSecondsPerDay) + 1, std::int64_t{n_days_} - 1);
    known = 0;
    for (auto d = first; d < last && known == 0; ++d) {
      auto const day = static_cast<std::uint32_t>(d);
      known = day_start(tz, day + 1) - day_start(tz, day) != kSecondsPerDay ? 1 : 0;
    }
  }
  return known == 1;
}

// Whether the trip links of pattern p (in the search's direction) can do anything an ordinary change
// cannot: not when every one of them is at one stop, alighting and boarding allowed, and asks for no
// less time than the change time there (with change time 0, e.g., staying seated on a block).
template <bool Backward, bool Range>
inline bool raptor_search<Backward, Range>::links_matter(pattern_idx p) const {
  if (!links_ || ix_.pattern_has_stop_links_[p] == 0) {
    return false;
  }
  auto const& slack = Backward ? ix_.link_slack_in_[p] : ix_.link_slack_out_[p];
  if (slack.min_time_ < 0) {
    return true;  // some link an ordinary change cannot stand in for
  }
  auto const change = q_.override_min_change_ ? q_.min_change_s_
                                              : std::max(slack.max_stop_change_, slack.any_default_change_ ? q_.min_change_s_ : -1);
  return change > slack.min_time_;
}

// The scan of a pattern (or one lane of it) without trip links or permits in play (scan_pattern() is
// the general one): find a first trip to board, then ride it, moving to an earlier trip where one is
// caught. What it reads at every stop stays in registers; everything rarer is a call.
template <bool Backward, bool Range>
inline void raptor_search<Backward, Range>::scan_plain(std::size_t k, pattern_view const& view) {
  stats_patterns_ += 1;
  auto const v = view;  // a local copy: the hot loop keeps it in registers across the calls it makes
  auto const n = v.n_;
  auto const* hot = s_.hot_.data();
  auto const stride = s_.n_rounds_;
  auto const ready_at = [&](stop_idx st) {
    if constexpr (Range) {
      return s_.labels_[st.idx() * stride + k - 1].ready_;
    } else {
      return hot[st.idx()].prev_ready_;
    }
  };
  auto const best_trip_at = [&](stop_idx st) {
    if constexpr (Range) {
      return s_.trip_bound_[st.idx() * stride + k];
    } else {
      return hot[st.idx()].best_trip_;
    }
  };
  auto bnd = bound(k);
  auto const listed = lane_day_ == kNone && has_day_lists(v.p_);  // a lane searches its day only
  auto const day = listed ? days_between(v, t0_, std::min(bnd, end_ + 1)) : kManyDays;
  if (day == kNoDay) {
    return;  // e.g. a weekend route on a weekday: no trip to board, at any of its stops
  }
  auto i = s_.first_pos_[v.p_];
  boarding b{kNone, 0, 0};
  if (day != kManyDays) {
    // One day's trips can be boarded: search its list at each stop, after a look at its last trip
    // there (most stops a round marks have none left to catch before the bound).
    auto const list = *trips_on(v.p_, day);
    auto const base = view_base(v.tz(), day);
    auto const limit = std::min(bnd, end_ + 1);
    for (; i + 1 < n; ++i) {
      auto const ps = v.stops_[v.pos(i)];
      if (!(Backward ? ps.can_alight() : ps.can_board())) {
        continue;
      }
      auto const ready = ready_at(ps.stop());
      if (ready >= limit) {
        continue;
      }
      auto const threshold = ready - base;
      if (threshold <= v.dep(list.trip(list.n_ - 1), i)) {
        auto best_time = limit;
        best_in_list(list, v, i, day, base, threshold, b, best_time);
        if (b.trip_ != kNone) {
          break;
        }
      }
    }
  } else {
    for (; i + 1 < n; ++i) {
      auto const ps = v.stops_[v.pos(i)];
      if (!(Backward ? ps.can_alight() : ps.can_board())) {
        continue;
      }
      auto const ready = ready_at(ps.stop());
      if (ready < bnd) {
        b = listed ? earliest_listed(v, i, ready, b, bnd) : earliest_trip(v, i, ready, b, bnd);
        if (b.trip_ != kNone) {
          break;
        }
      }
    }
  }
  if (b.trip_ == kNone) {
    return;
  }
  auto board_pos = i;
  stop_time const* row = nullptr;       // the ridden trip's times
  stop_time const* prev_row = nullptr;  // the times of the day list's trip before it, if any
  auto const set_ride = [&](boarding const& nb, std::uint32_t at) {
    b = nb;
    board_pos = at;
    row = v.row(b.trip_);
    prev_row = previous_row(v, b);
  };
  set_ride(b, i);
  auto bounds_day = kNone;  // day_bounds() of the ridden trip's day, when first needed
  std::int64_t prev_end = 0;
  std::int64_t next_start = 0;
  for (++i; i < n; ++i) {
    auto const ps = v.stops_[v.pos(i)];
    auto const st = ps.stop();
    auto const a = b.base_ + v.alight_time(row, i);
    if ((Backward ? ps.can_board() : ps.can_alight()) && a < bnd && a < best_trip_at(st) && !too_far(st, a, bnd)) {
      trip_arrival(k, v, b, board_pos, kNone, i, st, a);
      bnd = bound(k);
    }
    if (i + 1 == n) {
      break;
    }
    if (!(Backward ? ps.can_alight() : ps.can_board())) {
      continue;
    }
    auto const ready = ready_at(st);
    auto const dep = b.base_ + v.board_time(row, i);
    if (ready > dep) [[likely]] {
      continue;
    }
    if (ready < dep && bounds_day != b.day_) {
      std::tie(prev_end, next_start) = day_bounds(v, b.day_);
      bounds_day = b.day_;
    }
    if (b.slot_ != kNone &&
        (ready == dep ? prev_departure(b, prev_row, v, i) != dep : none_earlier(b, prev_row, v, i, ready, dep, prev_end, next_start))) {
      continue;  // usually so: the day list's previous trip leaves too early
    }
    auto const nb = ready < dep ? earlier_trip(v, i, ready, b, dep, prev_end, next_start) : same_time_earlier(v, i, b, dep);
    if (nb.trip_ != b.trip_ || nb.day_ != b.day_) {
      set_ride(nb, i);
    }
  }
}

// Whether every stop after view position i is hopeless after k rides (see hop_start()): a scan from i
// then sets nothing. By a fifth to a third of the scans on sacrt and the NYC feeds without walks, no
// stop ahead can still reach a target (BENCHMARKS.md, issue 20).
template <bool Backward, bool Range>
bool raptor_search<Backward, Range>::hopeless_after(std::size_t k, pattern_view const& v, std::uint32_t i) const {
  for (auto j = i + 1; j < v.n_; ++j) {
    if (!hopeless(k, v.stop(j))) {
      return false;
    }
  }
  return true;
}

// The general scan: trip links leave the ridden trip (and later ones) as permits for the next round,
// and permits from the last round board their trips here.
template <bool Backward, bool Range>
inline void raptor_search<Backward, Range>::scan_pattern(std::size_t k, pattern_view const& view) {
  stats_patterns_ += 1;
  auto const v = view;  // a local copy: the hot loop keeps it in registers across the calls it makes
  auto const p = v.p_;
  auto const n = v.n_;
  ride_state r;
  auto const has_permits = s_.permit_head_[p] != kNone;
  if (!has_permits && lane_day_ == kNone && has_day_lists(p) && days_between(v, t0_, std::min(bound(k), end_ + 1)) == kNoDay) {
    return;  // nothing to board (see scan_plain)
  }
  // Hot loop: what it reads every stop is in locals (the cold calls may write the state, not these).
  auto const* ready_before = s_.labels_.data() + (k - 1);  // + st * n_rounds_: round k - 1 at stop st
  auto const stride = s_.n_rounds_;
  auto const* hot = s_.hot_.data();  // the same, by stop (not for range queries)
  auto const has_stop_links = links_ && ix_.pattern_has_stop_links_[p] != 0;
  auto const ps_offset = c_.pattern_stop_offsets_[p.idx()];
  auto const* stop_links = (Backward ? ix_.stop_links_in_ : ix_.stop_links_out_).any_.at_ptr(detail::pattern_stop_key{ps_offset});
  auto bnd = bound(k);
  stop_time const* row = nullptr;  // the ridden trip's times, r.row_
  std::int32_t base = 0;      // r.b_.base_
  auto link_pos = kNone;      // r.link_pos_
  std::int64_t prev_end = 0;  // day_bounds() of the ridden trip's day
  std::int64_t next_start = 0;
  auto bounds_day = kNone;
  stop_time const* prev_row = nullptr;  // the day list's trip before the ridden one, if known (see scan_plain)
  auto const ride = [&](boarding const& b, std::uint32_t i, std::uint32_t permit) {
    board(r, v, b, i, permit);
    row = r.row_;
    base = r.b_.base_;
    link_pos = r.link_pos_;
    if (b.day_ != bounds_day) {
      std::tie(prev_end, next_start) = day_bounds(v, b.day_);
      bounds_day = b.day_;
    }
    prev_row = previous_row(v, b);
  };
  for (auto i = s_.first_pos_[p]; i < n; ++i) {
    auto const ps = v.stops_[v.pos(i)];
    auto const st = ps.stop();
    std::int32_t dep_now = kInf;  // the ridden trip's departure here
    if (row != nullptr) {
      auto const a = base + v.alight_time(row, i);
      dep_now = base + v.board_time(row, i);
      if ((Backward ? ps.can_board() : ps.can_alight()) && a < bnd && a < (Range ? trip_arr_label(k, st) : hot[st.idx()].best_trip_) &&
          !too_far(st, a, bnd)) {
        trip_arrival(k, v, r.b_, r.board_pos_, r.permit_, i, st, a);
        bnd = bound(k);  // the target may have been reached
      }
      if (i == link_pos) {
        follow_links(k, v, r, i, st, a);
        link_pos = r.link_pos_;
      }
      if (has_stop_links && stop_links[v.pos(i)] != 0 && r.permit_ == kNone) {
        later_trips_links(k, v, r, i, st, a);
      }
    }
    if (i + 1 == n) {
      break;
    }
    if (Backward ? ps.can_alight() : ps.can_board()) {
      auto const ready = Range ? ready_before[st.idx() * stride].ready_ : hot[st.idx()].prev_ready_;
      if (row == nullptr) {
        // Not riding yet: only a trip leaving before the target bound can improve anything (a pattern
        // that does not run in the bound, e.g. a weekend route on a weekday, fails here cheaply).
        if (ready < bnd) {
          auto const b = earliest_trip(v, i, ready, r.b_, bnd);
          if (b.trip_ != kNone) {
            ride(b, i, kNone);
          }
        }
      } else if (ready < dep_now) {  // only a trip leaving no later than the one ridden can help
        if (r.b_.slot_ == kNone || !none_earlier(r.b_, prev_row, v, i, ready, dep_now, prev_end, next_start)) {
          auto const b = earlier_trip(v, i, ready, r.b_, dep_now, prev_end, next_start);
          if (b.trip_ != r.b_.trip_ || b.day_ != r.b_.day_) {
            ride(b, i, kNone);
          }
        }
      } else if (ready == dep_now && ready != kInf) {
        auto const b = same_time_earlier(v, i, r.b_, dep_now);
        if (b.trip_ != r.b_.trip_) {
          ride(b, i, kNone);
        }
      }
    }
    if (has_permits) {
      // A trip link lets one board this trip here, change time or not.
      for (auto x = s_.permit_head_[p]; x != kNone; x = s_.permits_[x].next_) {
        auto const& pm = s_.permits_[x];
        if (pm.pos_ != i || (lane_day_ != kNone && pm.day_ != lane_day_)) {
          continue;
        }
        auto const t = pm.base_ + v.dep(pm.trip_, i);
        auto const cur_t = row == nullptr ? kInf : base + v.dep(r.b_.trip_, i);
        if (t < cur_t || (t == cur_t && pm.day_ == r.b_.day_ && pm.trip_ < r.b_.trip_)) {
          ride({pm.trip_, pm.day_, pm.base_}, i, x);
        }
      }
    }
  }
}

}  // namespace
}  // namespace caravan::routing
