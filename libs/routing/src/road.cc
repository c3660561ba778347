#include "caravan/routing/road.h"

#include <algorithm>

namespace caravan::routing {

using namespace caravan::tt;

namespace {

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  auto const q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// The window [first start, last start] of the crossing on day d, or nullopt when it is closed then.
struct window {
  std::int64_t first_, last_;
};
std::optional<window> crossing_window(timetable const& tt, border_crossing const& b, crossing_idx x, std::int64_t d) {
  if (d < 0 || d >= tt.scalars().n_days_) {
    return std::nullopt;
  }
  auto const days_since_epoch = tt.scalars().first_day_ + static_cast<std::int32_t>(d);
  auto const weekday = static_cast<std::size_t>(((days_since_epoch + 3) % 7 + 7) % 7);  // 1970-01-01 was a Thursday
  if (b.open_[weekday] == b.close_[weekday] || b.close_[weekday] - b.formalities_s_ < b.open_[weekday]) {
    return std::nullopt;
  }
  auto const closed = tt.closures(x);
  if (std::binary_search(closed.begin(), closed.end(), days_since_epoch)) {
    return std::nullopt;
  }
  auto const start = tt.service_day_start(b.tz_, day_idx{static_cast<std::uint32_t>(d)});
  return window{start + b.open_[weekday], start + b.close_[weekday] - b.formalities_s_};
}

std::int64_t day_of(timetable const& tt, std::int64_t unix) {
  return floor_div(unix, kSecondsPerDay) - tt.scalars().first_day_;
}

// Earliest start of the formalities at or after `at`.
std::optional<std::int64_t> next_start(timetable const& tt, crossing_idx x, std::int64_t at) {
  auto const& b = tt.crossing(x);
  auto const d0 = day_of(tt, at);
  // Opening hours may run past midnight (up to 48:00), so days before can still be open; windows of
  // neighbouring days may overlap, so every day is looked at (links are few, this is cheap).
  std::optional<std::int64_t> best;
  for (auto d = d0 - 2; d <= d0 + kMaxCrossingWaitDays; ++d) {
    if (auto const w = crossing_window(tt, b, x, d); w && w->last_ >= at) {
      auto const s = std::max(at, w->first_);
      best = best ? std::min(*best, s) : s;
    }
  }
  return best;
}

// Latest start of the formalities at or before `at`.
std::optional<std::int64_t> previous_start(timetable const& tt, crossing_idx x, std::int64_t at) {
  auto const& b = tt.crossing(x);
  auto const d0 = day_of(tt, at);
  std::optional<std::int64_t> best;
  for (auto d = d0 + 1; d >= d0 - kMaxCrossingWaitDays - 2; --d) {
    if (auto const w = crossing_window(tt, b, x, d); w && w->first_ <= at) {
      auto const s = std::min(at, w->last_);
      best = best ? std::max(*best, s) : s;
    }
  }
  return best;
}

}  // namespace

std::optional<std::int64_t> road_arrival(timetable const& tt, road_link const& l, std::int64_t depart) {
  if (!l.crossing_.valid()) {
    return depart + l.before_s_ + l.after_s_;
  }
  auto const start = next_start(tt, l.crossing_, depart + l.before_s_);
  if (!start) {
    return std::nullopt;
  }
  return *start + tt.crossing(l.crossing_).formalities_s_ + l.after_s_;
}

std::optional<std::int64_t> road_latest_departure(timetable const& tt, road_link const& l, std::int64_t arrive_by) {
  if (!l.crossing_.valid()) {
    return arrive_by - l.before_s_ - l.after_s_;
  }
  auto const start = previous_start(tt, l.crossing_, arrive_by - l.after_s_ - tt.crossing(l.crossing_).formalities_s_);
  if (!start) {
    return std::nullopt;
  }
  return *start - l.before_s_;
}

std::int64_t road_wait(timetable const& tt, road_link const& l, std::int64_t depart) {
  auto const a = road_arrival(tt, l, depart);
  if (!a || !l.crossing_.valid()) {
    return 0;
  }
  return *a - depart - l.before_s_ - l.after_s_ - tt.crossing(l.crossing_).formalities_s_;
}

}  // namespace caravan::routing
