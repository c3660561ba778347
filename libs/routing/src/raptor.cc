#include "caravan/routing/raptor.h"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

#include "search_state.h"

namespace caravan::routing {

using namespace caravan::tt;

std::uint32_t journey::n_trips() const {
  return static_cast<std::uint32_t>(
      std::count_if(legs_.begin(), legs_.end(), [](leg const& l) { return l.kind_ == leg_kind::kTrip; }));
}

void search_state::prepare(std::size_t n_stops, std::size_t n_patterns, std::size_t n_rounds) {
  if (n_stops_ == n_stops && n_rounds_ >= n_rounds && first_pos_.size() == n_patterns) {
    return;
  }
  n_stops_ = n_stops;
  n_rounds_ = std::max(n_rounds, n_rounds_);
  auto const cells = n_stops_ * n_rounds_;
  best_arr_.assign(n_stops, kInf);
  best_ready_.assign(n_stops, kInf);
  trip_arr_.assign(cells, kInf);
  walk_arr_.assign(cells, kInf);
  ready_.assign(cells, kInf);
  trip_parent_.assign(cells, trip_parent{});
  walk_from_.assign(cells, kNone);
  ready_from_.assign(cells, kNone);
  touched_.clear();
  touched_flag_.assign(n_stops, 0);
  marked_flag_.assign(n_stops, 0);
  improved_round_.assign(n_stops, 0);
  first_pos_.assign(n_patterns, kNone);
  result_.assign(n_stops, engine::kUnreachable);
}

void search_state::reset() {
  for (auto const s : touched_) {
    best_arr_[s] = kInf;
    best_ready_[s] = kInf;
    for (std::size_t r = 0; r != n_rounds_; ++r) {
      auto const i = at(r, s);
      trip_arr_[i] = kInf;
      walk_arr_[i] = kInf;
      ready_[i] = kInf;
      walk_from_[i] = kNone;
      ready_from_[i] = kNone;
    }
    touched_flag_[s] = 0;
    marked_flag_[s] = 0;
    improved_round_[s] = 0;
  }
  touched_.clear();
  marked_.clear();
  next_marked_.clear();
  improved_.clear();
}

std::unique_ptr<search_state, void (*)(search_state*)> make_search_state() {
  return {new search_state{}, [](search_state* s) { delete s; }};
}

engine::engine(tt::timetable const& tt) : tt_{tt} {
  auto& ix = index_;
  ix.stop_pattern_offsets_.assign(tt.n_stops() + 1, 0);
  std::vector<std::vector<detail::stop_pattern>> per_stop(tt.n_stops());
  for (auto const p : indices<pattern_idx>(tt.n_patterns())) {
    auto const stops = tt.pattern_stops(p);
    for (std::uint32_t i = 0; i != stops.size(); ++i) {
      auto& v = per_stop[stops[i].stop().idx()];
      if (std::none_of(v.begin(), v.end(), [&](detail::stop_pattern const& x) { return x.pattern_ == p; })) {
        v.push_back({p, i});
      }
    }
  }
  for (std::size_t s = 0; s != per_stop.size(); ++s) {
    ix.stop_patterns_.insert(ix.stop_patterns_.end(), per_stop[s].begin(), per_stop[s].end());
    ix.stop_pattern_offsets_[s + 1] = static_cast<std::uint32_t>(ix.stop_patterns_.size());
  }
  ix.trip_service_.reserve(tt.n_trips());
  for (auto const& t : tt.columns().trips_) {
    ix.trip_service_.push_back(t.service_);
  }
}

namespace {

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  auto const q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// One forward RAPTOR search. Times inside are int32 seconds since the timetable's first day 00:00 UTC
// ("relative time"); the query's horizon keeps them far from overflow.
class forward_search {
 public:
  forward_search(engine const& e, query const& q, search_state& s)
      : tt_{e.timetable()},
        c_{tt_.columns()},
        ix_{e.index()},
        q_{q},
        s_{s},
        n_stops_{static_cast<std::uint32_t>(tt_.n_stops())},
        n_days_{tt_.scalars().n_days_},
        epoch_{std::int64_t{tt_.scalars().first_day_} * kSecondsPerDay},
        n_rounds_{static_cast<std::size_t>(q.max_transfers_) + 2} {
    s_.prepare(n_stops_, tt_.n_patterns(), n_rounds_);
    s_.reset();
    t0_ = to_rel(q.time_);
    end_ = static_cast<std::int32_t>(std::min<std::int64_t>(std::int64_t{t0_} + q.horizon_s_, kInf - 1));
    target_flag_.clear();
  }

  std::int32_t to_rel(std::int64_t unix) const {
    auto const r = unix - epoch_;
    if (r < -std::int64_t{400} * kSecondsPerDay || r > std::int64_t{kInf} - kMaxHorizon - 2 * kSecondsPerDay) {
      throw std::invalid_argument{"the query time is far outside the timetable's service days"};
    }
    return static_cast<std::int32_t>(r);
  }
  std::int64_t to_unix(std::int32_t rel) const { return epoch_ + rel; }

  // Runs all rounds. With targets, prunes by the best arrival at any target and records each round's
  // target arrival that improves on fewer trips (the Pareto set).
  void run() {
    init_sources();
    record_target(0);
    for (std::size_t k = 1; k < n_rounds_; ++k) {
      if (s_.marked_.empty()) {
        break;
      }
      collect_patterns();
      s_.improved_.clear();
      for (auto const p : s_.patterns_) {
        scan_pattern(k, pattern_idx{p});
        s_.first_pos_[p] = kNone;
      }
      for (auto const m : s_.marked_) {
        s_.marked_flag_[m] = 0;
      }
      s_.marked_.clear();
      transfer(k);
      std::swap(s_.marked_, s_.next_marked_);
      s_.next_marked_.clear();
      record_target(k);
    }
  }

  struct target_arrival {
    std::size_t round_;
    std::uint32_t stop_;
    std::int32_t time_;  // at the destination, final walk included
  };
  std::vector<target_arrival> const& pareto() const { return pareto_; }

  void fill_one_to_all() {
    for (std::uint32_t st = 0; st != n_stops_; ++st) {
      s_.result_[st] = engine::kUnreachable;
    }
    for (auto const st : s_.touched_) {
      if (s_.best_arr_[st] != kInf && s_.best_arr_[st] <= end_) {
        s_.result_[st] = to_unix(s_.best_arr_[st]);
      }
    }
  }

  journey reconstruct(target_arrival const& ta) const;

 private:
  std::int32_t change_time(std::uint32_t st) const {
    if (q_.override_min_change_) {
      return q_.min_change_s_;
    }
    auto const m = c_.stops_[st].min_change_;
    return m >= 0 ? m : q_.min_change_s_;
  }

  std::int32_t bound() const { return std::min(end_ + 1, target_bound_); }

  void set_ready(std::size_t k, std::uint32_t st, std::int32_t t, std::uint32_t from) {
    if (t >= s_.best_ready_[st] || t >= bound()) {
      return;
    }
    s_.touch(st);
    s_.best_ready_[st] = t;
    s_.ready_[s_.at(k, st)] = t;
    s_.ready_from_[s_.at(k, st)] = from;
    if (!s_.marked_flag_[st]) {
      s_.marked_flag_[st] = 1;
      (k == 0 ? s_.marked_ : s_.next_marked_).push_back(st);
    }
  }

  void set_walk_arrival(std::size_t k, std::uint32_t st, std::int32_t t, std::uint32_t from) {
    if (t >= s_.best_arr_[st] || t >= bound()) {
      return;
    }
    s_.touch(st);
    s_.best_arr_[st] = t;
    s_.walk_arr_[s_.at(k, st)] = t;
    s_.walk_from_[s_.at(k, st)] = from;
    update_target(st, t);
  }

  void update_target(std::uint32_t st, std::int32_t t) {
    if (!has_targets_) {
      return;
    }
    if (auto const w = target_walk_[st]; w != kNone) {
      target_bound_ = std::min(target_bound_, t + static_cast<std::int32_t>(w));
    }
  }

  void init_sources() {
    has_targets_ = !q_.to_.empty();
    if (has_targets_) {
      target_walk_.assign(n_stops_, kNone);
      for (auto const& p : q_.to_) {
        auto& w = target_walk_[p.stop_.idx()];
        w = std::min<std::uint32_t>(w, static_cast<std::uint32_t>(std::max(p.walk_s_, 0)));
      }
    }
    for (auto const& p : q_.from_) {
      auto const t = t0_ + std::max(p.walk_s_, 0);
      set_walk_arrival(0, p.stop_.v(), t, kOrigin);
      set_ready(0, p.stop_.v(), t, kOrigin);
    }
    // A first walk from the sources, before any trip.
    if (q_.use_footpaths_) {
      for (auto const& p : q_.from_) {
        auto const from = p.stop_.v();
        auto const t = s_.ready_[s_.at(0, from)];
        if (s_.ready_from_[s_.at(0, from)] != kOrigin) {
          continue;  // a walk from another source is quicker; walks do not chain
        }
        for (auto const& f : tt_.footpaths_out(p.stop_)) {
          set_walk_arrival(0, f.target_.v(), t + f.duration_, from);
          set_ready(0, f.target_.v(), t + f.duration_, from);
        }
      }
    }
  }

  void collect_patterns() {
    s_.patterns_.clear();
    for (auto const st : s_.marked_) {
      for (auto i = ix_.stop_pattern_offsets_[st]; i != ix_.stop_pattern_offsets_[st + 1]; ++i) {
        auto const& sp = ix_.stop_patterns_[i];
        auto& first = s_.first_pos_[sp.pattern_.idx()];
        if (first == kNone) {
          if ((q_.modes_ & mask_of(c_.patterns_[sp.pattern_.idx()].mode_)) == 0U) {
            continue;
          }
          s_.patterns_.push_back(sp.pattern_.v());
          first = sp.pos_;
        } else {
          first = std::min(first, sp.pos_);
        }
      }
    }
  }

  std::int32_t day_start(tz_idx tz, std::uint32_t d) const {
    return static_cast<std::int32_t>(d) * kSecondsPerDay + c_.tz_day_start_[tz.idx() * n_days_ + d];
  }
  bool runs(std::uint32_t trip, std::uint32_t d) const {
    auto const b = ix_.trip_service_[trip].v();
    auto const words = tt_.scalars().bitfield_words_;
    return ((c_.bitfields_[b * words + d / 64U] >> (d % 64U)) & 1U) != 0U;
  }

  struct boarding {
    std::uint32_t trip_;  // within the pattern, kNone if none
    std::uint32_t day_;
    std::int32_t base_;   // day start (relative time)
  };

  // The earliest trip of pattern `pr` leaving position i at or after `ready`, departing before `limit`.
  boarding earliest_trip(pattern_record const& pr, stop_time const* times, std::uint32_t n, std::uint32_t i,
                         std::int32_t ready, std::int32_t limit) const {
    boarding best{kNone, 0, 0};
    auto best_time = std::min(limit, end_ + 1);
    auto const n_trips = pr.n_trips_;
    auto const first_dep = times[i].dep_;
    auto const last_dep = times[static_cast<std::size_t>(n_trips - 1) * n + i].dep_;
    auto const d_lo = floor_div(std::int64_t{ready} - 43'200 - last_dep, kSecondsPerDay);
    for (auto d = std::max<std::int64_t>(d_lo, 0); d < n_days_; ++d) {
      auto const day = static_cast<std::uint32_t>(d);
      auto const base = day_start(pr.tz_, day);
      if (base + first_dep >= best_time) {
        break;  // this and later days cannot do better
      }
      auto const threshold = ready - base;
      if (last_dep < threshold) {
        continue;
      }
      // First trip leaving at or after the threshold: trips are sorted at every position.
      std::uint32_t lo = 0;
      std::uint32_t hi = n_trips;
      while (lo < hi) {
        auto const mid = (lo + hi) / 2;
        if (times[static_cast<std::size_t>(mid) * n + i].dep_ < threshold) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      for (auto k = lo; k < n_trips; ++k) {
        auto const t = base + times[static_cast<std::size_t>(k) * n + i].dep_;
        if (t >= best_time) {
          break;
        }
        if (runs(pr.first_trip_.v() + k, day)) {
          best = {k, day, base};
          best_time = t;
          break;
        }
      }
    }
    return best;
  }

  void scan_pattern(std::size_t k, pattern_idx p) {
    s_.stats_patterns_ += 1;
    auto const& pr = c_.patterns_[p.idx()];
    auto const off = c_.pattern_stop_offsets_[p.idx()];
    auto const n = c_.pattern_stop_offsets_[p.idx() + 1] - off;
    auto const* stops = c_.pattern_stops_.data() + off;
    auto const* times = c_.stop_times_.data() + pr.first_stop_time_;
    boarding cur{kNone, 0, 0};
    std::uint32_t board_pos = 0;
    for (auto i = s_.first_pos_[p.idx()]; i < n; ++i) {
      auto const ps = stops[i];
      auto const st = ps.stop().v();
      if (cur.trip_ != kNone && ps.can_alight()) {
        auto const a = cur.base_ + times[static_cast<std::size_t>(cur.trip_) * n + i].arr_;
        if (a < s_.best_arr_[st] && a < bound()) {
          s_.touch(st);
          s_.best_arr_[st] = a;
          auto const cell = s_.at(k, st);
          s_.trip_arr_[cell] = a;
          s_.trip_parent_[cell] = {p.v(), cur.trip_, cur.day_, board_pos, i};
          if (s_.improved_round_[st] != k) {
            s_.improved_round_[st] = static_cast<std::uint32_t>(k);
            s_.improved_.push_back(st);
          }
          update_target(st, a);
        }
      }
      if (ps.can_board() && i + 1 < n) {
        auto const r = s_.ready_[s_.at(k - 1, st)];
        if (r != kInf) {
          auto const limit = cur.trip_ == kNone ? kInf : cur.base_ + times[static_cast<std::size_t>(cur.trip_) * n + i].dep_;
          if (r <= limit) {
            auto const b = earliest_trip(pr, times, n, i, r, limit);
            if (b.trip_ != kNone) {
              cur = b;
              board_pos = i;
            }
          }
        }
      }
    }
  }

  void transfer(std::size_t k) {
    // Change at the same stop, then one walk from every stop reached by a trip in this round.
    for (auto const st : s_.improved_) {
      auto const a = s_.trip_arr_[s_.at(k, st)];
      set_ready(k, st, a + change_time(st), st);
    }
    if (!q_.use_footpaths_) {
      return;
    }
    for (auto const st : s_.improved_) {
      auto const a = s_.trip_arr_[s_.at(k, st)];
      for (auto const& f : tt_.footpaths_out(stop_idx{st})) {
        auto const t = a + f.duration_;
        set_walk_arrival(k, f.target_.v(), t, st);
        set_ready(k, f.target_.v(), t, st);
      }
    }
  }

  void record_target(std::size_t k) {
    if (!has_targets_) {
      return;
    }
    target_arrival best{k, kNone, kInf};
    for (auto const& p : q_.to_) {
      auto const st = p.stop_.v();
      auto const cell = s_.at(k, st);
      auto const a = std::min(s_.trip_arr_[cell], s_.walk_arr_[cell]);
      if (a == kInf) {
        continue;
      }
      auto const t = a + std::max(p.walk_s_, 0);
      if (t < best.time_) {
        best = {k, st, t};
      }
    }
    if (best.stop_ != kNone && best.time_ <= end_ && (pareto_.empty() || best.time_ < pareto_.back().time_)) {
      pareto_.push_back(best);
    }
  }

  timetable const& tt_;
  timetable_columns<mapped_column> const& c_;
  detail::routing_index const& ix_;
  query const& q_;
  search_state& s_;
  std::uint32_t n_stops_;
  std::uint32_t n_days_;
  std::int64_t epoch_;
  std::size_t n_rounds_;
  std::int32_t t0_{0};
  std::int32_t end_{0};
  bool has_targets_{false};
  std::int32_t target_bound_{kInf};
  std::vector<std::uint32_t> target_walk_;
  std::vector<std::uint8_t> target_flag_;
  std::vector<target_arrival> pareto_;
};

journey forward_search::reconstruct(target_arrival const& ta) const {
  journey j;
  std::vector<leg> legs;  // built backwards
  auto k = ta.round_;
  auto st = ta.stop_;
  auto const source_walk = [&](std::uint32_t stop) {
    std::int32_t w = kInf;
    for (auto const& p : q_.from_) {
      if (p.stop_.v() == stop) {
        w = std::min(w, std::max(p.walk_s_, 0));
      }
    }
    return w == kInf ? 0 : w;
  };
  std::int32_t target_walk = 0;
  for (auto const& p : q_.to_) {
    if (p.stop_.v() == st) {
      target_walk = std::max(p.walk_s_, 0);
    }
  }

  // The arrival at the target: by a final walk or by a trip.
  auto cell = s_.at(k, st);
  std::uint32_t origin = kNone;
  if (s_.walk_arr_[cell] <= s_.trip_arr_[cell]) {
    auto const from = s_.walk_from_[cell];
    if (from == kOrigin) {
      origin = st;  // the target is a source: no leg
    } else {
      auto const dep = k == 0 ? s_.ready_[s_.at(0, from)] : s_.trip_arr_[s_.at(k, from)];
      legs.push_back({leg_kind::kWalk, stop_idx{from}, stop_idx{st}, to_unix(dep), to_unix(s_.walk_arr_[cell])});
      st = from;
      if (k == 0) {
        origin = from;
      }
    }
  }
  while (origin == kNone) {
    // st was reached by a trip in round k.
    auto const& tp = s_.trip_parent_[s_.at(k, st)];
    auto const& pr = c_.patterns_[tp.pattern_];
    auto const stops = tt_.pattern_stops(pattern_idx{tp.pattern_});
    auto const n = static_cast<std::uint32_t>(stops.size());
    auto const* times = c_.stop_times_.data() + pr.first_stop_time_;
    auto const base = day_start(pr.tz_, tp.day_);
    auto const board_stop = stops[tp.board_pos_].stop().v();
    leg l{leg_kind::kTrip, stop_idx{board_stop}, stop_idx{st},
          to_unix(base + times[static_cast<std::size_t>(tp.trip_) * n + tp.board_pos_].dep_),
          to_unix(base + times[static_cast<std::size_t>(tp.trip_) * n + tp.alight_pos_].arr_)};
    l.trip_ = trip_idx{pr.first_trip_.v() + tp.trip_};
    l.day_ = day_idx{tp.day_};
    l.from_pos_ = tp.board_pos_;
    l.to_pos_ = tp.alight_pos_;
    legs.push_back(l);
    // How the traveller was ready at the boarding stop, one round earlier.
    --k;
    auto const from = s_.ready_from_[s_.at(k, board_stop)];
    if (from == kOrigin) {
      origin = board_stop;
    } else if (from == board_stop) {
      st = board_stop;  // changed at the same stop after the previous trip
    } else {
      auto const dep = k == 0 ? s_.ready_[s_.at(0, from)] : s_.trip_arr_[s_.at(k, from)];
      auto const arr = s_.ready_[s_.at(k, board_stop)];
      legs.push_back({leg_kind::kWalk, stop_idx{from}, stop_idx{board_stop}, to_unix(dep), to_unix(arr)});
      st = from;
      if (k == 0) {
        origin = from;
      }
    }
  }
  std::reverse(legs.begin(), legs.end());
  // Leave as late as the first trip allows: an initial walk ends when that trip departs.
  if (legs.size() >= 2 && legs[0].kind_ == leg_kind::kWalk && legs[1].kind_ == leg_kind::kTrip) {
    auto const d = legs[0].arrival_ - legs[0].departure_;
    legs[0].arrival_ = legs[1].departure_;
    legs[0].departure_ = legs[1].departure_ - d;
  }
  j.legs_ = std::move(legs);
  j.departure_ = j.legs_.empty() ? q_.time_ : j.legs_.front().departure_ - source_walk(origin);
  if (j.legs_.empty()) {
    j.departure_ = q_.time_;
  }
  j.arrival_ = to_unix(ta.time_);
  (void)target_walk;
  auto const trips = j.n_trips();
  j.transfers_ = static_cast<std::uint8_t>(trips == 0 ? 0 : trips - 1);
  return j;
}

void validate(timetable const& tt, query const& q) {
  if (q.from_.empty()) {
    throw std::invalid_argument{"the query has no origin"};
  }
  for (auto const& p : q.from_) {
    if (!p.stop_.valid() || p.stop_.idx() >= tt.n_stops()) {
      throw std::invalid_argument{"an origin stop is not in the timetable"};
    }
  }
  for (auto const& p : q.to_) {
    if (!p.stop_.valid() || p.stop_.idx() >= tt.n_stops()) {
      throw std::invalid_argument{"a destination stop is not in the timetable"};
    }
  }
  if (q.max_transfers_ > kMaxTransfersLimit) {
    throw std::invalid_argument{fmt::format("at most {} transfers", kMaxTransfersLimit)};
  }
  if (q.horizon_s_ <= 0 || q.horizon_s_ > kMaxHorizon) {
    throw std::invalid_argument{fmt::format("the horizon must be between 1 s and {} days", kMaxHorizon / 86'400)};
  }
  if (q.window_s_ < 0 || q.window_s_ > kMaxWindow) {
    throw std::invalid_argument{fmt::format("the window must be between 0 and {} days", kMaxWindow / 86'400)};
  }
  if (q.min_change_s_ < 0 || q.min_change_s_ > 86'400) {
    throw std::invalid_argument{"the change time must be between 0 s and a day"};
  }
}

}  // namespace

std::vector<journey> engine::route(query const& q, search_state& s, search_stats* stats) const {
  validate(tt_, q);
  if (q.to_.empty()) {
    throw std::invalid_argument{"the query has no destination"};
  }
  if (q.arrive_by_ || q.window_s_ > 0) {
    throw std::invalid_argument{"arrive-by and range queries are not implemented yet"};
  }
  forward_search f{*this, q, s};
  f.run();
  std::vector<journey> out;
  for (auto const& ta : f.pareto()) {
    out.push_back(f.reconstruct(ta));
  }
  // Fastest first: the Pareto set comes in order of more trips and earlier arrival.
  std::reverse(out.begin(), out.end());
  if (stats != nullptr) {
    stats->patterns_scanned_ += s.stats_patterns_;
  }
  return out;
}

std::span<std::int64_t const> engine::earliest_arrivals(query const& q, search_state& s) const {
  validate(tt_, q);
  query one_to_all = q;
  one_to_all.to_.clear();
  forward_search f{*this, one_to_all, s};
  f.run();
  f.fill_one_to_all();
  return s.result_;
}

}  // namespace caravan::routing
