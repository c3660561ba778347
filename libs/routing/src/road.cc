#include "caravan/routing/road.h"

#include <algorithm>
#include <vector>

namespace caravan::routing {

using namespace caravan::tt;

namespace {

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  auto const q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// When the crossing is open on day d (unix seconds, [open_, close_]), or nullopt when it is closed.
struct interval {
  std::int64_t open_, close_;
};
std::optional<interval> open_on(timetable const& tt, border_crossing const& b, crossing_idx x, std::int64_t d) {
  if (d < 0 || d >= tt.scalars().n_days_) {
    return std::nullopt;
  }
  auto const days_since_epoch = tt.scalars().first_day_ + static_cast<std::int32_t>(d);
  auto const weekday = static_cast<std::size_t>(((days_since_epoch + 3) % 7 + 7) % 7);  // 1970-01-01 was a Thursday
  if (b.close_[weekday] <= b.open_[weekday]) {
    return std::nullopt;
  }
  auto const closed = tt.closures(x);
  if (std::binary_search(closed.begin(), closed.end(), days_since_epoch)) {
    return std::nullopt;
  }
  auto const start = tt.service_day_start(b.tz_, day_idx{static_cast<std::uint32_t>(d)});
  return interval{start + b.open_[weekday], start + b.close_[weekday]};
}

std::int64_t day_of(timetable const& tt, std::int64_t unix) {
  return floor_div(unix, kSecondsPerDay) - tt.scalars().first_day_;
}

// The crossing's opening hours over days [from, to], as maximal open stretches: a day open until 24:00
// and the next open from 00:00 are one stretch, so formalities may run over midnight. Hours may run past
// midnight (up to 48:00), so neighbouring days may overlap too.
std::vector<interval> open_stretches(timetable const& tt, crossing_idx x, std::int64_t from, std::int64_t to) {
  auto const& b = tt.crossing(x);
  std::vector<interval> days;
  for (auto d = from; d <= to; ++d) {
    if (auto const w = open_on(tt, b, x, d)) {
      days.push_back(*w);
    }
  }
  std::sort(days.begin(), days.end(), [](interval const& a, interval const& c) { return a.open_ < c.open_; });
  std::vector<interval> out;
  for (auto const& w : days) {
    if (!out.empty() && w.open_ <= out.back().close_) {
      out.back().close_ = std::max(out.back().close_, w.close_);
    } else {
      out.push_back(w);
    }
  }
  return out;
}

// Earliest start of the formalities at or after `at` (they must end while the crossing is open).
std::optional<std::int64_t> next_start(timetable const& tt, crossing_idx x, std::int64_t at) {
  auto const formalities = tt.crossing(x).formalities_s_;
  auto const d0 = day_of(tt, at);
  for (auto const& w : open_stretches(tt, x, d0 - 2, d0 + kMaxCrossingWaitDays)) {
    auto const s = std::max(at, w.open_);
    if (s + formalities <= w.close_) {
      return s;
    }
  }
  return std::nullopt;
}

// Latest start of the formalities at or before `at`.
std::optional<std::int64_t> previous_start(timetable const& tt, crossing_idx x, std::int64_t at) {
  auto const formalities = tt.crossing(x).formalities_s_;
  auto const d0 = day_of(tt, at);
  auto const stretches = open_stretches(tt, x, d0 - kMaxCrossingWaitDays - 2, d0 + 1);
  for (auto w = stretches.rbegin(); w != stretches.rend(); ++w) {
    auto const s = std::min(at, w->close_ - formalities);
    if (s >= w->open_) {
      return s;
    }
  }
  return std::nullopt;
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
