#pragma once
// raptor_search (search.h): boarding a trip and its trip links (transfers.txt between trips, staying
// seated on a block): a link ridden past becomes a permit to board the linked trip in the next round.
#include <algorithm>

#include "search.h"

namespace caravan::routing {
namespace {  // internal to route.cc, the one file that includes these headers: called-once helpers inline

template <bool Backward, bool Range>
inline void raptor_search<Backward, Range>::board(ride_state& r, pattern_view const& v, boarding const& b, std::uint32_t i,
                                                  std::uint32_t permit) const {
  r.b_ = b;
  r.row_ = v.row(b.trip_);
  r.board_pos_ = i;
  r.permit_ = permit;
  r.link_pos_ = kNone;
  if (!links_) {
    return;
  }
  auto const t = trip_idx{v.pr_->first_trip_.v() + v.trip(b.trip_)};
  auto const& off = Backward ? ix_.links_in_offsets_ : ix_.links_out_offsets_;
  auto const& links = Backward ? ix_.links_in_ : ix_.links_out_;
  auto const real = v.pos(i);  // links from here on, not at the boarding stop itself (riding nowhere first)
  if constexpr (Backward) {
    r.end_link_ = off[t];
    r.next_link_ = off[trip_idx{t.v() + 1}];
    while (r.next_link_ != r.end_link_ && links[r.next_link_ - 1].pos_ >= real) {
      --r.next_link_;
    }
    if (r.next_link_ != r.end_link_) {
      r.link_pos_ = v.pos(links[r.next_link_ - 1].pos_);
    }
  } else {
    r.next_link_ = off[t];
    r.end_link_ = off[trip_idx{t.v() + 1}];
    while (r.next_link_ != r.end_link_ && links[r.next_link_].pos_ <= real) {
      ++r.next_link_;
    }
    if (r.next_link_ != r.end_link_) {
      r.link_pos_ = links[r.next_link_].pos_;
    }
  }
}

// The ridden trip reaches stop `st` (view position i) at `a`, earlier than any trip so far.
template <bool Backward, bool Range>
inline void raptor_search<Backward, Range>::trip_arrival(std::size_t k, pattern_view const& v, boarding const& b, std::uint32_t board_pos,
                                                         std::uint32_t permit, std::uint32_t i, stop_idx st, std::int32_t a) {
  set_ride_arrival(k, st, a, trip_parent{v.p_, b.trip_, b.day_, board_pos, i, permit});
}

// The ridden trip's links at view position i: permits to board the linked trips in the next round.
template <bool Backward, bool Range>
void raptor_search<Backward, Range>::follow_links(std::size_t k, pattern_view const& v, ride_state& r, std::uint32_t i, stop_idx st,
                                                  std::int32_t a) {
  auto const& links = Backward ? ix_.links_in_ : ix_.links_out_;
  auto const real = v.pos(i);
  while (r.next_link_ != r.end_link_) {
    auto const& l = Backward ? links[r.next_link_ - 1] : links[r.next_link_];
    if (l.pos_ != real) {
      break;
    }
    r.next_link_ += Backward ? -1 : 1;
    if ((l.in_seat_ || v.can_alight(i)) && k + 1 < n_rounds_) {
      add_permit(l, k, a, st, v.can_alight(i), {v.p_, r.b_.trip_, r.b_.day_, r.board_pos_, i, r.permit_});
    }
  }
  r.link_pos_ = kNone;
  if (r.next_link_ != r.end_link_) {
    r.link_pos_ = Backward ? v.pos(links[r.next_link_ - 1].pos_) : links[r.next_link_].pos_;
  }
}

// Riding r (boarded at r.board_pos_ as an ordinary boarding), at view position i, arriving at `a`: the
// pattern's later trips (of r's day, then of the days after) could have been boarded there too (they
// leave later), and one of them may link at i to a trip that r's arrival plus a change does not reach.
// Permits from those. Links an ordinary change could stand in for matter only while a later trip
// arrives within a change time of r; the others until the target bound.
template <bool Backward, bool Range>
void raptor_search<Backward, Range>::later_trips_links(std::size_t k, pattern_view const& v, ride_state const& r, std::uint32_t i,
                                                       stop_idx st, std::int32_t a) {
  later_links_of(k, v, r, i, st, a, true);
  later_links_of(k, v, r, i, st, a, false);
}

// later_trips_links() for one of the two lists of the pattern stop: the changeable links or the others.
template <bool Backward, bool Range>
inline void raptor_search<Backward, Range>::later_links_of(std::size_t k, pattern_view const& v, ride_state const& r, std::uint32_t i,
                                                    stop_idx st, std::int32_t a, bool changeable) {
  auto const& ls = Backward ? ix_.stop_links_in_ : ix_.stop_links_out_;
  auto const& offs = changeable ? ls.changeable_offsets_ : ls.other_offsets_;
  auto const& list = changeable ? ls.changeable_ : ls.other_;
  auto const key = c_.pattern_stop_offsets_[v.p_.idx()] + v.pos(i);
  auto const first = list.begin() + offs[key];
  auto const last = list.begin() + offs[key + 1];
  if (first == last) {
    return;
  }
  auto const& links = Backward ? ix_.links_in_ : ix_.links_out_;
  auto const real_k = detail::pattern_trip{v.trip(r.b_.trip_)};
  auto const change = change_time(st);
  auto const lo = v.dep(0, 0);  // no time of the pattern at or after position 0 is earlier (view)
  auto const limit = [&] { return changeable ? std::min(bound(k), a + change) : bound(k); };
  // Returns false when this and later trips of the day arrive too late (one day's trips keep their order).
  auto const step = [&](detail::stop_link const& e, std::uint32_t day, std::int32_t base) -> bool {
    if (!runs(trip_idx{v.pr_->first_trip_.v() + e.trip_.v()}, day)) {
      return true;
    }
    auto const kv = Backward ? v.n_trips_ - 1 - e.trip_.v() : e.trip_.v();
    auto const a2 = base + v.arr(kv, i);
    if (a2 >= limit()) {
      return false;
    }
    auto const& l = links[e.link_];
    if (changeable && a2 + l.min_time_ >= a + change) {
      return true;  // r's arrival and an ordinary change reach as much
    }
    if ((l.in_seat_ || v.can_alight(i)) && k + 1 < n_rounds_) {
      add_permit(l, k, a2, st, v.can_alight(i), {v.p_, kv, day, r.board_pos_, i, kNone});
    }
    return true;
  };
  auto const by_trip = [](detail::stop_link const& e, detail::pattern_trip x) { return e.trip_ < x; };
  for (auto d = std::int64_t{r.b_.day_}; valid_day(d); d += kDayStep) {
    auto const day = static_cast<std::uint32_t>(d);
    auto const base = view_base(v.tz(), day);
    if (day != r.b_.day_ && base + lo >= limit()) {
      break;
    }
    if (!pattern_runs(v.p_, day)) {
      continue;
    }
    // Later in view order: real trips after r's (forward) or before it (backward), on r's day; all on later days.
    if constexpr (Backward) {
      auto it = day == r.b_.day_ ? std::lower_bound(first, last, real_k, by_trip) : last;
      while (it != first && step(*--it, day, base)) {
      }
    } else {
      auto it = day == r.b_.day_ ? std::upper_bound(first, last, real_k, [](detail::pattern_trip x, detail::stop_link const& e) {
        return x < e.trip_;
      })
                                 : first;
      while (it != last && step(*it, day, base)) {
        ++it;
      }
    }
  }
}

// A trip link from the ride `from` (round k), arriving at view time `a`: the linked trip may be
// boarded in round k + 1 on the first of its days (around the ride's) that leaves late enough.
template <bool Backward, bool Range>
inline void raptor_search<Backward, Range>::add_permit(detail::trip_link const& l, std::size_t k, std::int32_t a, stop_idx st, bool alighted,
                                                trip_parent const& from) {
  auto const other = l.other_;
  auto const op = tt_.trip(other).pattern_;
  auto const& opr = c_.patterns_[op.idx()];
  if (!mode_allowed(opr)) {
    return;
  }
  auto const ov = view_of(op);
  auto const k_other = Backward ? opr.n_trips_ - 1 - (other.v() - opr.first_trip_.v()) : other.v() - opr.first_trip_.v();
  auto const pos = Backward ? ov.n_ - 1 - l.other_pos_ : l.other_pos_;
  if (!l.in_seat_ && !ov.can_board(pos)) {
    return;  // a timed or minimum-time transfer waives the change time, not the pickup rule
  }
  // Nobody gets off or on at a closed stop (query::closed_): only staying seated passes one.
  auto const closed = [&](stop_idx x) { return s_.best_ready_[x] == kClosed; };
  if ((closed(st) || closed(ov.stop(pos))) && !(l.in_seat_ && st == ov.stop(pos))) {
    return;
  }
  if (alighted && ov.stop(pos) == st && ov.can_board(pos) && l.min_time_ >= change_time(st)) {
    return;  // an ordinary change at this stop allows as much (with change time 0, staying seated adds nothing)
  }
  auto const earliest = a + l.min_time_;
  std::optional<std::pair<std::uint32_t, std::int32_t>> best;  // day, base
  for (std::int64_t d = std::int64_t{from.day_} - 1; d <= std::int64_t{from.day_} + 1; ++d) {
    if (!valid_day(d) || !runs(other, static_cast<std::uint32_t>(d))) {
      continue;
    }
    auto const day = static_cast<std::uint32_t>(d);
    auto const base = view_base(opr.tz_, day);
    auto const t = base + ov.dep(k_other, pos);
    if (t >= earliest && t < bound(k) && (!best || t < best->second + ov.dep(k_other, pos))) {
      best = std::pair{day, base};
    }
  }
  if (!best) {
    return;
  }
  auto& head = s_.permit_head_next_[op];
  if (head == kNone) {
    s_.permit_patterns_next_.push_back(op);
  }
  s_.permits_.push_back({op, k_other, best->first, pos, best->second, earliest, l.in_seat_, from, head});
  head = static_cast<std::uint32_t>(s_.permits_.size() - 1);
}

}  // namespace
}  // namespace caravan::routing
