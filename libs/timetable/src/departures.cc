#include "caravan/timetable/departures.h"

#include <algorithm>

#include <cstdlib>

#include <date/tz.h>
#include <fmt/format.h>

namespace caravan::tt {

std::vector<departure> departures(timetable const& tt, stop_idx s, std::int32_t date) {
  std::vector<stop_idx> stops{s};
  auto const children = tt.children(s);
  stops.insert(stops.end(), children.begin(), children.end());
  auto const* zone = date::locate_zone(std::string{tt.tz_name(tt.stop(s).tz_)});
  auto const local_midnight = date::local_days{date::days{date}};
  auto const from = zone->to_sys(date::local_seconds{local_midnight.time_since_epoch()}, date::choose::earliest).time_since_epoch().count();
  auto const to = zone->to_sys(date::local_seconds{(local_midnight + date::days{1}).time_since_epoch()}, date::choose::earliest)
                      .time_since_epoch()
                      .count();

  std::vector<departure> out;
  for (auto const stop : stops) {
    for (auto const p : tt.patterns_at(stop)) {
      auto const& pr = tt.pattern(p);
      auto const ps = tt.pattern_stops(p);
      for (std::uint32_t i = 0; i + 1 < ps.size(); ++i) {
        if (ps[i].stop() != stop || !ps[i].can_board()) {
          continue;
        }
        for (std::uint32_t k = 0; k != pr.n_trips_; ++k) {
          auto const t = trip_idx{pr.first_trip_.v() + k};
          auto const dep = tt.time_at(p, k, i).dep_;
          // Service days whose trips can leave this stop on the local day: up to max_days_ + 1 before.
          for (auto back = -1; back <= pr.max_days_ + 1; ++back) {
            auto const d = tt.day_of(date - back);
            if (!d || !tt.runs_on(tt.trip(t).service_, *d)) {
              continue;
            }
            auto const when = tt.service_day_start(pr.tz_, *d) + dep;
            if (when >= from && when < to) {
              out.push_back({when, t, stop, i});
            }
          }
        }
      }
    }
  }
  std::sort(out.begin(), out.end(), [](departure const& a, departure const& b) {
    return std::tie(a.time_, a.trip_, a.stop_pos_) < std::tie(b.time_, b.trip_, b.stop_pos_);
  });
  return out;
}

namespace {

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0); }

}  // namespace

std::vector<stop_event> stop_events(timetable const& tt, std::span<stop_idx const> stops, std::int64_t from,
                                    std::int64_t to, event_kind kind) {
  std::vector<stop_event> out;
  if (to <= from) {
    return out;
  }
  auto const first_day = static_cast<std::int64_t>(tt.scalars().first_day_);
  auto const n_days = static_cast<std::int64_t>(tt.scalars().n_days_);
  bool const dep = kind == event_kind::kDeparture;
  for (auto const stop : stops) {
    for (auto const p : tt.patterns_at(stop)) {
      auto const& pr = tt.pattern(p);
      auto const ps = tt.pattern_stops(p);
      for (std::uint32_t i = 0; i != ps.size(); ++i) {
        if (ps[i].stop() != stop || (dep ? (i + 1 == ps.size() || !ps[i].can_board())
                                         : (i == 0 || !ps[i].can_alight()))) {
          continue;
        }
        for (std::uint32_t k = 0; k != pr.n_trips_; ++k) {
          auto const t = trip_idx{pr.first_trip_.v() + k};
          auto const& st = tt.time_at(p, k, i);
          std::int64_t const offset = dep ? st.dep_ : st.arr_;
          // A service day starts within a day of its UTC midnight (noon minus 12 h in any zone), so the
          // days whose run can fall in [from, to) are these, one more each side.
          auto const lo = std::max<std::int64_t>(floor_div(from - offset, kSecondsPerDay) - first_day - 1, 0);
          auto const hi = std::min<std::int64_t>(floor_div(to - offset, kSecondsPerDay) - first_day + 1, n_days - 1);
          for (auto d = lo; d <= hi; ++d) {
            day_idx const day{static_cast<std::uint32_t>(d)};
            if (!tt.runs_on(tt.trip(t).service_, day)) {
              continue;
            }
            auto const when = tt.service_day_start(pr.tz_, day) + offset;
            if (when >= from && when < to) {
              out.push_back({when, t, day, stop, i});
            }
          }
        }
      }
    }
  }
  std::sort(out.begin(), out.end(), [](stop_event const& a, stop_event const& b) {
    return std::tie(a.time_, a.trip_, a.stop_pos_, a.stop_) < std::tie(b.time_, b.trip_, b.stop_pos_, b.stop_);
  });
  // A stop given twice in `stops` would list its events twice.
  out.erase(std::unique(out.begin(), out.end(),
                        [](stop_event const& a, stop_event const& b) {
                          return a.time_ == b.time_ && a.trip_ == b.trip_ && a.stop_pos_ == b.stop_pos_ &&
                                 a.stop_ == b.stop_ && a.day_ == b.day_;
                        }),
            out.end());
  return out;
}

}  // namespace caravan::tt
