#include "reference.h"

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>

namespace caravan::routing::reference {

planner::planner(tt::timetable const& tt, std::int64_t from, std::int64_t to) : tt_{tt}, from_{from}, to_{to} {
  for (std::uint32_t p = 0; p != tt.n_patterns(); ++p) {
    auto const pattern = tt::pattern_idx{p};
    auto const& pr = tt.pattern(pattern);
    auto const stops = tt.pattern_stops(pattern);
    auto const n = static_cast<std::uint32_t>(stops.size());
    if (n < 2 || pr.n_trips_ == 0) {
      continue;
    }
    // The pattern's earliest and latest times, to skip service days that cannot touch the window.
    std::int64_t first_time = std::numeric_limits<std::int64_t>::max();
    std::int64_t last_time = std::numeric_limits<std::int64_t>::min();
    for (std::uint32_t k = 0; k != pr.n_trips_; ++k) {
      for (std::uint32_t i = 0; i != n; ++i) {
        auto const& st = tt.time_at(pattern, k, i);
        first_time = std::min<std::int64_t>({first_time, st.arr_, st.dep_});
        last_time = std::max<std::int64_t>({last_time, st.arr_, st.dep_});
      }
    }
    for (std::uint32_t d = 0; d != tt.scalars().n_days_; ++d) {
      auto const day = tt::day_idx{d};
      auto const base = tt.service_day_start(pr.tz_, day);
      if (base + last_time < from || base + first_time > to) {
        continue;
      }
      for (std::uint32_t k = 0; k != pr.n_trips_; ++k) {
        auto const trip = tt::trip_idx{pr.first_trip_.v() + k};
        if (!tt.runs_on(tt.trip(trip).service_, day)) {
          continue;
        }
        auto const run = static_cast<std::uint32_t>(runs_.size());
        bool used = false;
        for (std::uint32_t i = 0; i + 1 != n; ++i) {
          auto const& here = tt.time_at(pattern, k, i);
          auto const& next = tt.time_at(pattern, k, i + 1);
          if (here.arr_ > here.dep_ || here.dep_ > next.arr_) {
            throw std::runtime_error{"reference: times of trip " + std::string{tt.str(tt.trip(trip).id_)} +
                                     " go backwards at position " + std::to_string(i)};
          }
          auto const dep = base + here.dep_;
          if (dep < from || dep > to) {
            continue;
          }
          connections_.push_back({dep, base + next.arr_, run, i, stops[i].stop(), stops[i + 1].stop(),
                                  stops[i].can_board(), stops[i + 1].can_alight(), pr.mode_});
          used = true;
        }
        if (used) {
          run_of_[std::uint64_t{trip.v()} << 32U | d] = run;
          runs_.push_back({trip, day});
        }
      }
    }
  }
  // Trip links: where a stop is given, its last position in the trip ridden and its first in the one
  // boarded; else the last stop and the first.
  links_.resize(tt.n_trips());
  auto const position = [&](tt::trip_idx t, tt::stop_idx s, bool last) -> std::optional<std::uint32_t> {
    auto const stops = tt.pattern_stops(tt.trip(t).pattern_);
    if (!s.valid()) {
      return last ? static_cast<std::uint32_t>(stops.size() - 1) : 0U;
    }
    std::optional<std::uint32_t> found;
    for (std::uint32_t i = 0; i != stops.size(); ++i) {
      if (stops[i].stop() == s && (last || !found)) {
        found = i;
      }
    }
    return found;
  };
  for (auto const& b : tt.columns().stay_seated_) {
    links_[b.from_.idx()].push_back({*position(b.from_, tt::stop_idx::invalid(), true), b.to_, 0, 0, true});
  }
  for (auto const& x : tt.columns().trip_transfers_) {
    if (x.type_ != tt::transfer_type::kTimed && x.type_ != tt::transfer_type::kInSeat && x.type_ != tt::transfer_type::kMinimumTime) {
      continue;
    }
    auto const from_pos = position(x.from_trip_, x.from_stop_, true);
    auto const to_pos = position(x.to_trip_, x.to_stop_, false);
    if (from_pos && to_pos) {
      links_[x.from_trip_.idx()].push_back({*from_pos, x.to_trip_, *to_pos,
                                            x.type_ == tt::transfer_type::kMinimumTime ? std::max(x.min_time_, 0) : 0,
                                            x.type_ == tt::transfer_type::kInSeat});
    }
  }
  // By departure; a trip's hops stay in order (its times never go backwards, checked above).
  std::sort(connections_.begin(), connections_.end(), [](connection const& a, connection const& b) {
    return std::tie(a.dep_, a.run_, a.from_pos_) < std::tie(b.dep_, b.run_, b.from_pos_);
  });
}

std::uint32_t planner::linked_run(tt::trip_idx t, std::uint32_t pos, tt::day_idx day, std::int64_t earliest) const {
  auto const& trip = tt_.trip(t);
  auto const& pr = tt_.pattern(trip.pattern_);
  auto best = kNoRun;
  std::int64_t best_dep = kNever;
  for (std::int64_t d = std::int64_t{day.v()} - 1; d <= std::int64_t{day.v()} + 1; ++d) {
    if (d < 0 || !tt_.runs_on(trip.service_, tt::day_idx{static_cast<std::uint32_t>(d)})) {
      continue;
    }
    auto const dep = tt_.service_day_start(pr.tz_, tt::day_idx{static_cast<std::uint32_t>(d)}) +
                     tt_.time_at(trip.pattern_, t.v() - pr.first_trip_.v(), pos).dep_;
    auto const it = run_of_.find(std::uint64_t{t.v()} << 32U | static_cast<std::uint64_t>(d));
    if (dep >= earliest && dep < best_dep && it != run_of_.end()) {
      best = it->second;
      best_dep = dep;
    }
  }
  return best;
}

std::int64_t planner::change_time(query const& q, tt::stop_idx s) const {
  auto const own = tt_.stop(s).min_change_;
  return !q.override_min_change_ && own >= 0 ? own : q.min_change_s_;
}

planner::rounds_result planner::scan(query const& q, bool with_targets) const {
  auto const end = q.time_ + q.horizon_s_;
  if (q.time_ < from_ || end > to_) {
    throw std::logic_error{"reference: the query leaves the window the planner was built for"};
  }
  auto const n = tt_.n_stops();
  auto const max_rides = std::size_t{q.max_transfers_} + 1;

  std::vector<std::int64_t> target_walk(n, kNever);
  if (with_targets) {
    for (auto const& p : q.to_) {
      target_walk[p.stop_.idx()] = std::min<std::int64_t>(target_walk[p.stop_.idx()], std::max(p.walk_s_, 0));
    }
  }
  rounds_result out{std::vector<std::int64_t>(max_rides + 1, kNever), std::vector<std::int64_t>(n, kNever)};
  std::int64_t best_target = kNever;  // with at most the rides of the current round
  auto const reach = [&](tt::stop_idx s, std::int64_t t) {
    if (t > end) {
      return;
    }
    out.at_stops_[s.idx()] = std::min(out.at_stops_[s.idx()], t);
    if (target_walk[s.idx()] != kNever && t + target_walk[s.idx()] <= end) {
      best_target = std::min(best_target, t + target_walk[s.idx()]);
    }
  };

  // Round 0: at the origins, or one walk from one.
  std::vector<std::int64_t> ready(n, kNever);  // ready to board, with at most k - 1 rides
  for (auto const& p : q.from_) {
    auto const t = q.time_ + std::max(p.walk_s_, 0);
    ready[p.stop_.idx()] = std::min(ready[p.stop_.idx()], t);
    reach(p.stop_, t);
  }
  if (q.use_footpaths_) {
    for (auto const& p : q.from_) {
      auto const t = q.time_ + std::max(p.walk_s_, 0);
      for (auto const& f : tt_.footpaths_out(p.stop_)) {
        ready[f.target_.idx()] = std::min(ready[f.target_.idx()], t + f.duration_);
        reach(f.target_, t + f.duration_);
      }
    }
  }
  out.at_targets_[0] = best_target;

  auto const first = std::partition_point(connections_.begin(), connections_.end(),
                                          [&](connection const& c) { return c.dep_ < q.time_; });
  auto const mode_ok = [&](tt::mode m) { return ((q.modes_ >> static_cast<unsigned>(m)) & 1U) != 0U; };
  std::vector<char> boarded(runs_.size());
  std::vector<std::int64_t> arrived(n);  // by the k-th ride
  // Trip links: per run, the first position it may be boarded at by a link from the last ride (kNoRun:
  // none), and those the current ride makes for the next.
  std::vector<std::uint32_t> permit(q.use_trip_links_ ? runs_.size() : 0, kNoRun);
  std::vector<std::uint32_t> next_permit(permit.size(), kNoRun);
  for (std::size_t k = 1; k <= max_rides; ++k) {
    std::fill(boarded.begin(), boarded.end(), 0);
    std::fill(arrived.begin(), arrived.end(), kNever);
    std::swap(permit, next_permit);
    std::fill(next_permit.begin(), next_permit.end(), kNoRun);
    for (auto c = first; c != connections_.end(); ++c) {
      // Nothing departing later arrives earlier, at the destination or within the horizon.
      if (c->dep_ > end || (with_targets && c->dep_ >= best_target)) {
        break;
      }
      if (!boarded[c->run_]) {
        auto const linked = !permit.empty() && permit[c->run_] == c->from_pos_;
        if (!linked && (!c->can_board_ || ready[c->from_.idx()] > c->dep_ || !mode_ok(c->mode_))) {
          continue;
        }
        boarded[c->run_] = 1;
      }
      if (c->can_alight_ && c->arr_ <= end) {
        arrived[c->to_.idx()] = std::min(arrived[c->to_.idx()], c->arr_);
        reach(c->to_, c->arr_);
      }
      if (!permit.empty() && k < max_rides && c->arr_ <= end) {
        auto const& run = runs_[c->run_];
        for (auto const& l : links_[run.trip_.idx()]) {
          if (l.from_pos_ != c->from_pos_ + 1 || !(l.in_seat_ || c->can_alight_)) {
            continue;
          }
          auto const& to = tt_.trip(l.to_);
          if (!mode_ok(tt_.pattern(to.pattern_).mode_) || !(l.in_seat_ || tt_.pattern_stops(to.pattern_)[l.to_pos_].can_board())) {
            continue;
          }
          if (auto const r = linked_run(l.to_, l.to_pos_, run.day_, c->arr_ + l.min_s_); r != kNoRun) {
            next_permit[r] = std::min(next_permit[r], l.to_pos_);
          }
        }
      }
    }
    // After the ride: the change time at the stop, or one walk instead.
    auto next_ready = ready;
    for (std::uint32_t s = 0; s != n; ++s) {
      auto const a = arrived[s];
      if (a == kNever) {
        continue;
      }
      next_ready[s] = std::min(next_ready[s], a + change_time(q, tt::stop_idx{s}));
      if (q.use_footpaths_) {
        for (auto const& f : tt_.footpaths_out(tt::stop_idx{s})) {
          next_ready[f.target_.idx()] = std::min(next_ready[f.target_.idx()], a + f.duration_);
          reach(f.target_, a + f.duration_);
        }
      }
    }
    ready = std::move(next_ready);
    out.at_targets_[k] = best_target;
  }
  return out;
}

std::vector<std::int64_t> planner::earliest_by_rides(query const& q) const { return scan(q, true).at_targets_; }

std::vector<std::int64_t> planner::earliest_at_every_stop(query const& q) const { return scan(q, false).at_stops_; }

}  // namespace caravan::routing::reference
