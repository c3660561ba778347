// The towns' clocks and the travel between towns, from the planner's range queries.
#include <algorithm>

#include "caravan/base/geo.h"
#include "caravan/planner/countries.h"
#include "caravan/planner/times.h"
#include "caravan/routing/road.h"
#include "solver.h"

namespace caravan::tours::detail {

namespace {
constexpr std::int64_t kWeek = routing::kMaxWindow;  // the departures one range query covers
// A range query searches this far past its window's start: the window and the longest journeys (the
// 57-hour Xi'an - Almaty train, a multi-day road trip over a closed crossing).
constexpr std::int32_t kQueryHorizon = routing::kMaxWindow + 5 * 86'400;
}  // namespace

clock::clock(std::string tz, std::int32_t first_date, std::int32_t n_dates) : tz_{std::move(tz)}, first_{first_date} {
  midnights_.reserve(static_cast<std::size_t>(n_dates) + 1);
  for (std::int32_t d = 0; d <= n_dates; ++d) {
    midnights_.push_back(planner::local_midnight(first_date + d, tz_));
  }
  for (std::size_t d = 0; d + 1 < midnights_.size(); ++d) {
    shifts_.push_back(midnights_[d + 1] - midnights_[d] != 86'400 ? 1 : 0);
  }
}

std::int32_t clock::date_of(std::int64_t t) const {
  auto const it = std::upper_bound(midnights_.begin(), midnights_.end(), t);
  if (it == midnights_.begin()) {
    return first_ - 1;
  }
  return first_ + static_cast<std::int32_t>(it - midnights_.begin()) - 1;
}

std::int64_t clock::at(std::int32_t date, std::int32_t seconds_of_day) const {
  if (date < first_ || date > last_date()) {
    return kNever;
  }
  auto const i = static_cast<std::size_t>(date - first_);
  auto const t = midnights_[i] + seconds_of_day;
  if (shifts_[i] == 0) {
    return t;
  }
  // A day with a DST change: the wall clock's time, not seconds since midnight.
  return t + planner::utc_offset_s(midnights_[i], tz_) - planner::utc_offset_s(t, tz_);
}

network::network(routing::engine const& engine, routing::search_state& s, std::vector<town> towns,
                 settings const& cfg, std::int32_t first_date)
    : engine_{engine}, state_{s}, towns_{std::move(towns)}, cfg_{cfg} {
  auto const first_midnight = planner::local_midnight(first_date, towns_.empty() ? "UTC" : towns_.front().tz_);
  auto const n_dates = static_cast<std::int32_t>((cfg_.horizon_end_ - first_midnight) / 86'400) + 3;
  for (auto const& t : towns_) {
    clocks_.emplace_back(t.tz_, first_date - 1, n_dates + 1);
  }
  origin_ = first_midnight - 86'400;
  windows_.resize(towns_.size() * towns_.size());
  by_road_.resize(towns_.size() * towns_.size());
  car_s_.resize(towns_.size() * towns_.size());
  if (cfg_.hire_car_) {
    auto const& tt = engine_.timetable();
    for (std::size_t a = 0; a != towns_.size(); ++a) {
      for (std::size_t b = 0; b != towns_.size(); ++b) {
        auto const country = planner::country_of_zone(towns_[a].tz_);
        auto const d = distance_m(tt.stop(towns_[a].main_).pos_, tt.stop(towns_[b].main_).pos_);
        if (a != b && !country.empty() && country == planner::country_of_zone(towns_[b].tz_) && d <= kMaxCarDriveM) {
          car_s_[a * towns_.size() + b] = drive_seconds(d);
        }
      }
    }
  }
}

// A hired car leaves when the traveller sets out and must arrive within that travel day.
hop network::by_car(std::size_t a, std::size_t b, std::int64_t t) const {
  auto const drive = car_s_[a * towns_.size() + b];
  for (auto t1 = set_out(a, t); drive > 0 && t1 <= cfg_.horizon_end_;) {
    auto const d = clocks_[a].date_of(t1);
    if (t1 + drive <= clocks_[b].at(d, cfg_.day_end_s_)) {
      return {t1, t1 + drive, nullptr, true};
    }
    auto const morning = clocks_[a].at(d + 1, cfg_.day_start_s_);
    if (morning + drive > clocks_[b].at(d + 1, cfg_.day_end_s_)) {
      break;  // longer than a whole travel day
    }
    t1 = morning;
  }
  return {};
}

routing::query network::query_of(std::size_t a, std::size_t b) const {
  routing::query q;
  for (std::size_t i = 0; i != towns_[a].stops_.size(); ++i) {
    q.from_.push_back({towns_[a].stops_[i], towns_[a].drive_s_[i]});
  }
  for (std::size_t i = 0; i != towns_[b].stops_.size(); ++i) {
    q.to_.push_back({towns_[b].stops_[i], towns_[b].drive_s_[i]});
  }
  q.horizon_s_ = kQueryHorizon;
  q.modes_ = cfg_.modes_;
  q.stop_ = cfg_.stop_;
  return q;
}

// A journey that sets out by road and then waits at a closed border crossing leaves later instead: the
// traveller waits in town, not at the border.
std::int64_t network::leave_of(routing::journey const& j) const {
  auto const first = std::find_if(j.legs_.begin(), j.legs_.end(),
                                  [](routing::leg const& l) { return l.kind_ != routing::leg_kind::kWalk; });
  if (first != j.legs_.end() && first->kind_ == routing::leg_kind::kRoad) {
    return j.departure_ +
           routing::road_wait(engine_.timetable(), engine_.timetable().road(first->road_), first->departure_);
  }
  return j.departure_;
}

std::int64_t network::set_out(std::size_t a, std::int64_t t) const {
  auto const& c = clocks_[a];
  auto const d = c.date_of(t);
  auto const start = c.at(d, cfg_.day_start_s_), end = c.at(d, cfg_.day_end_s_);
  if (start == kNever) {
    return kNever;
  }
  if (t < start) {
    return start;
  }
  if (t > end) {
    return c.at(d + 1, cfg_.day_start_s_);
  }
  return t;
}

network::window const& network::window_of(std::size_t a, std::size_t b, std::size_t w) {
  auto& list = windows_[a * towns_.size() + b];
  if (list.size() <= w) {
    list.resize(w + 1);
  }
  auto& win = list[w];
  if (win.done_) {
    return win;
  }
  auto q = query_of(a, b);
  q.time_ = origin_ + static_cast<std::int64_t>(w) * kWeek;
  q.window_s_ = static_cast<std::int32_t>(kWeek - 1);
  ++n_queries_;
  if (!engine_.check(q)) {  // a week the timetable does not reach has no journeys
    win.journeys_ = engine_.route(q, state_);
  }
  std::sort(win.journeys_.begin(), win.journeys_.end(), [](routing::journey const& x, routing::journey const& y) {
    return x.departure_ != y.departure_ ? x.departure_ < y.departure_ : x.arrival_ < y.arrival_;
  });
  win.best_from_.resize(win.journeys_.size());
  for (auto i = win.journeys_.size(); i-- != 0;) {
    auto const next = i + 1 == win.journeys_.size() ? i : win.best_from_[i + 1];
    // The earliest arrival from here on; on a tie the later departure (less time travelling).
    win.best_from_[i] = win.journeys_[i].arrival_ < win.journeys_[next].arrival_ ? i : next;
  }
  win.leave_.reserve(win.journeys_.size());
  for (auto const& j : win.journeys_) {
    win.leave_.push_back(leave_of(j));
    win.last_leave_ = std::max(win.last_leave_, win.leave_.back());
    auto const first = std::find_if(j.legs_.begin(), j.legs_.end(),
                                    [](routing::leg const& l) { return l.kind_ != routing::leg_kind::kWalk; });
    if (first != j.legs_.end() && first->kind_ == routing::leg_kind::kRoad) {
      by_road_[a * towns_.size() + b] = 1;
    }
  }
  win.done_ = true;
  return win;
}

hop network::earliest_between(std::size_t a, std::size_t b, std::int64_t from, std::int64_t until) {
  hop best;
  auto w = from < origin_ ? std::size_t{0} : static_cast<std::size_t>((from - origin_) / kWeek);
  for (;; ++w) {
    auto const start = origin_ + static_cast<std::int64_t>(w) * kWeek;
    if (start > until || start > cfg_.horizon_end_ || start >= best.arr_) {
      break;  // later weeks leave after `until`, the horizon or the best arrival
    }
    auto const& win = window_of(a, b, w);
    auto k = static_cast<std::size_t>(
        std::lower_bound(win.journeys_.begin(), win.journeys_.end(), from,
                         [](routing::journey const& j, std::int64_t x) { return j.departure_ < x; }) -
        win.journeys_.begin());
    if (k != win.journeys_.size() && win.last_leave_ <= until) {
      // The rest of the week is in: its earliest arrival from k on, kept per position.
      auto const e = win.best_from_[k];
      if (win.journeys_[e].arrival_ < best.arr_) {
        best = {win.leave_[e], win.journeys_[e].arrival_, &win.journeys_[e]};
      }
      continue;
    }
    // Part of a week (a travel day's departures of one pair: a few), scanned.
    for (; k != win.journeys_.size() && win.journeys_[k].departure_ <= until; ++k) {
      auto const& j = win.journeys_[k];
      if (win.leave_[k] <= until && (j.arrival_ < best.arr_ || (j.arrival_ == best.arr_ && win.leave_[k] > best.dep_))) {
        best = {win.leave_[k], j.arrival_, &j};
      }
    }
  }
  if (by_road_[a * towns_.size() + b] == 0) {
    return best;
  }
  // The earliest arrival leaving at `from` itself (a road link leaves when asked).
  auto [it, added] = single_.try_emplace({a * towns_.size() + b, from});
  if (added) {
    auto q = query_of(a, b);
    q.time_ = from;
    ++n_queries_;
    auto found = engine_.check(q) ? std::vector<routing::journey>{} : engine_.route(q, state_);
    auto const pick = std::min_element(found.begin(), found.end(), [](routing::journey const& x, routing::journey const& y) {
      return x.arrival_ != y.arrival_ ? x.arrival_ < y.arrival_ : x.departure_ > y.departure_;
    });
    if (pick != found.end()) {
      it->second.journey_ = std::move(*pick);
      it->second.leave_ = leave_of(it->second.journey_);
    } else {
      it->second.journey_.arrival_ = kNever;
    }
  }
  if (auto const& j = it->second.journey_; j.arrival_ < best.arr_ && it->second.leave_ <= until) {
    best = {it->second.leave_, j.arrival_, &j};
  }
  return best;
}

hop network::travel(std::size_t a, std::size_t b, std::int64_t t) {
  if (a == b) {
    return {t, t, nullptr};
  }
  auto best = by_timetable(a, b, t);
  if (car_s_[a * towns_.size() + b] > 0) {
    // Both are FIFO, so the earlier of the two is too.
    if (auto const c = by_car(a, b, t); c.arr_ < best.arr_) {
      best = c;
    }
  }
  return best;
}

hop network::by_timetable(std::size_t a, std::size_t b, std::int64_t t) {
  auto const t0 = set_out(a, t);
  if (t0 == kNever || t0 > cfg_.horizon_end_) {
    return {};
  }
  if (cfg_.overnight_) {
    // Night rides allowed: the earliest arrival of all, also by a train boarded at midnight.
    auto const h = earliest_between(a, b, t0, cfg_.horizon_end_);
    return h.arr_ > cfg_.horizon_end_ ? hop{} : h;
  }
  // Each travel day's journeys leaving between when the traveller sets out and the day's end and
  // arriving by its end; a later day can still arrive first (a morning flight against yesterday's bus),
  // so days are looked at until one starts after the best arrival. Each day's part is FIFO, so their
  // minimum is too.
  hop best;
  for (auto t1 = t0; t1 != kNever && t1 <= cfg_.horizon_end_ && t1 < best.arr_;) {
    auto const d = clocks_[a].date_of(t1);
    auto const h = earliest_between(a, b, t1, clocks_[a].at(d, cfg_.day_end_s_));
    if (h.arr_ < best.arr_ && h.arr_ <= clocks_[b].at(d, cfg_.day_end_s_)) {
      best = h;
    }
    t1 = clocks_[a].at(d + 1, cfg_.day_start_s_);
  }
  return best.arr_ > cfg_.horizon_end_ ? hop{} : best;
}

visit_times visit(network const& net, stop_site const& s, std::int64_t t) {
  auto const& c = net.clock_of(s.town_);
  auto const& cfg = net.config();
  for (auto d = c.date_of(t); d <= c.last_date(); ++d) {
    auto const day_start = c.at(d, cfg.day_start_s_);
    auto const leave = std::max(t, day_start);
    auto const start = std::max(leave + s.access_s_, c.at(d, s.opens_s_));
    auto const end = start + s.visit_s_;
    auto const back = end + s.access_s_;
    if (end <= c.at(d, s.closes_s_) && back <= c.at(d, cfg.day_end_s_)) {
      if (back > cfg.horizon_end_) {
        return {};
      }
      return {start - s.access_s_, start, end, back};
    }
  }
  return {};
}

}  // namespace caravan::tours::detail
