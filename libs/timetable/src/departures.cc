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

}  // namespace caravan::tt
