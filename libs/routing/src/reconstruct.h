#pragma once
// raptor_search (search.h): a journey from the labels, walking back from a target's arrival in round k
// to a source: each ride's parent names where it was boarded, and each boarding stop's ready time names
// how the traveller got there (a change at the stop, a walk, or the start).
#include <algorithm>

#include "caravan/routing/road.h"
#include "search.h"

namespace caravan::routing {
namespace {  // internal to route.cc, the one file that includes these headers: called-once helpers inline

template <bool Backward, bool Range>
inline leg raptor_search<Backward, Range>::walk_leg(stop_idx from, stop_idx to, std::int32_t dep, std::int32_t arr) const {
  return Backward ? leg{leg_kind::kWalk, to, from, to_unix(arr), to_unix(dep)} : leg{leg_kind::kWalk, from, to, to_unix(dep), to_unix(arr)};
}

// The traveller walked from `from` to `to` in round k, arriving at view time `arr` (from is kOrigin
// when `to` is a source): adds the walk and moves st to where it began. Whether that is a source.
template <bool Backward, bool Range>
inline bool raptor_search<Backward, Range>::walked(std::size_t k, stop_idx from, stop_idx to, std::int32_t arr, std::vector<leg>& legs,
                                            stop_idx& st) const {
  if (from == kOrigin) {
    return true;
  }
  auto const dep = k == 0 ? source_time(from) : s_.labels_[s_.at(k, from)].trip_arr_;
  legs.push_back(walk_leg(from, to, dep, arr));
  st = from;
  return k == 0;
}

// How the traveller was ready to board at board_stop in round k: a change after the ride that reached
// it, a walk, or the start. Moves st on; whether a source is reached.
template <bool Backward, bool Range>
inline bool raptor_search<Backward, Range>::leg_to_ready(std::size_t k, stop_idx board_stop, std::vector<leg>& legs, stop_idx& st) const {
  auto const cell = s_.at(k, board_stop);
  if (s_.from_[cell].ready_from_ == board_stop) {
    st = board_stop;  // changed at the same stop after the previous ride
    return false;
  }
  return walked(k, s_.from_[cell].ready_from_, board_stop, s_.labels_[cell].ready_, legs, st);
}

// The road link that reached st in round k: forward, leave as late as still gives this arrival;
// backward, arrive as early as this departure allows.
template <bool Backward, bool Range>
inline leg raptor_search<Backward, Range>::road_leg(std::size_t k, stop_idx st, trip_parent const& tp) const {
  auto const li = tp.road_link();
  auto const& l = tt_.road(li);
  auto const view_arr = s_.labels_[s_.at(k, st)].trip_arr_;
  leg r{leg_kind::kRoad, l.from_, l.to_, 0, 0};
  if constexpr (Backward) {
    r.departure_ = to_unix(view_arr);
    r.arrival_ = road_arrival(tt_, l, r.departure_).value_or(r.departure_);
  } else {
    r.arrival_ = to_unix(view_arr);
    r.departure_ = road_latest_departure(tt_, l, r.arrival_).value_or(to_unix(s_.labels_[s_.at(k - 1, tp.road_from())].ready_));
  }
  r.road_ = li;
  return r;
}

template <bool Backward, bool Range>
inline leg raptor_search<Backward, Range>::trip_leg(trip_parent const& tp) const {
  auto const v = view_of(tp.pattern_);
  auto const trip = v.trip(tp.trip_);
  auto const from_pos = Backward ? v.pos(tp.alight_pos_) : tp.board_pos_;
  auto const to_pos = Backward ? v.pos(tp.board_pos_) : tp.alight_pos_;
  auto const base = day_start(v.tz(), tp.day_);
  auto const* times = v.row(tp.trip_);
  leg l{leg_kind::kTrip, v.stops_[from_pos].stop(), v.stops_[to_pos].stop(), epoch_ + base + times[from_pos].dep_,
        epoch_ + base + times[to_pos].arr_};
  l.trip_ = trip_idx{v.pr_->first_trip_.v() + trip};
  l.day_ = day_idx{tp.day_};
  l.from_pos_ = from_pos;
  l.to_pos_ = to_pos;
  return l;
}

// Walks right after the ride before them; a first walk ends when the first ride leaves.
inline void stretch_walks(std::vector<leg>& legs) {
  for (std::size_t i = 0; i != legs.size(); ++i) {
    auto& l = legs[i];
    if (l.kind_ != leg_kind::kWalk) {
      continue;
    }
    auto const d = l.arrival_ - l.departure_;
    if (i > 0 && legs[i - 1].kind_ != leg_kind::kWalk) {
      l.departure_ = legs[i - 1].arrival_;
      l.arrival_ = l.departure_ + d;
    } else if (i + 1 < legs.size() && legs[i + 1].kind_ != leg_kind::kWalk) {
      l.arrival_ = legs[i + 1].departure_;
      l.departure_ = l.arrival_ - d;
    }
  }
}

// The walk from the true origin to stop s (or from s to the true destination), 0 when s is none of them.
inline std::int32_t walk_of(std::vector<place> const& places, stop_idx s) {
  std::int32_t w = kInf;
  for (auto const& p : places) {
    if (p.stop_ == s) {
      w = std::min(w, std::max(p.walk_s_, 0));
    }
  }
  return w == kInf ? 0 : w;
}

template <bool Backward, bool Range>
inline journey raptor_search<Backward, Range>::reconstruct(target_arrival const& ta) const {
  // Legs are found from the (view) target back to the (view) source: backwards in time for a forward
  // search, forwards for a backward one.
  std::vector<leg> legs;
  auto k = ta.round_;
  auto st = ta.stop_;
  auto const cell = s_.at(k, st);
  // Reached on foot last (or the target is a source: no leg at all)?
  auto at_source = s_.labels_[cell].walk_arr_ <= s_.labels_[cell].trip_arr_ &&
                   walked(k, s_.from_[cell].walk_from_, st, s_.labels_[cell].walk_arr_, legs, st);
  std::optional<trip_parent> pending;  // the ride a trip link came from, when the last leg used one
  bool next_seated = false;            // backward: the next leg (forward order) was ridden on from this one
  while (!at_source) {
    // st was reached by a trip or a road link in round k.
    auto const tp = pending ? *pending : s_.trip_parent_[s_.at(k, st)];
    pending.reset();
    if (tp.is_road()) {
      legs.push_back(road_leg(k, st, tp));
      --k;
      at_source = leg_to_ready(k, tp.road_from(), legs, st);
      continue;
    }
    legs.push_back(trip_leg(tp));
    legs.back().stay_seated_ = next_seated;
    next_seated = false;
    --k;
    if (tp.permit_ != kNone) {
      // Boarded by a trip link from the ride before: that ride is the next leg found.
      auto const& pm = s_.permits_[tp.permit_];
      (Backward ? next_seated : legs.back().stay_seated_) = pm.in_seat_;
      pending = pm.from_;
      st = view_of(pm.from_.pattern_).stop(pm.from_.alight_pos_);
      continue;
    }
    at_source = leg_to_ready(k, view_of(tp.pattern_).stop(tp.board_pos_), legs, st);
  }
  if (!Backward) {
    std::reverse(legs.begin(), legs.end());
  }
  stretch_walks(legs);
  journey j;
  if (legs.empty()) {
    // Origin and destination share a stop: only the walks.
    auto const walks = walk_of(q_.from_, ta.stop_) + walk_of(q_.to_, ta.stop_);
    j.departure_ = Backward ? q_.time_ - walks : q_.time_;
    j.arrival_ = Backward ? q_.time_ : q_.time_ + walks;
  } else {
    j.departure_ = legs.front().departure_ - walk_of(q_.from_, legs.front().from_);
    j.arrival_ = legs.back().arrival_ + walk_of(q_.to_, legs.back().to_);
  }
  j.legs_ = std::move(legs);
  auto const trips = j.n_trips();
  j.transfers_ = static_cast<std::uint8_t>(trips == 0 ? 0 : trips - 1);
  return j;
}

}  // namespace
}  // namespace caravan::routing
