#include "caravan/timetable/crossings.h"

#include <algorithm>

#include <fmt/format.h>

#include "caravan/timetable/local_time.h"

namespace caravan::tt {

std::string_view to_string(crossing_state s) {
  switch (s) {
    case crossing_state::kOpen: return "open";
    case crossing_state::kClosedWeekday: return "closed_weekday";
    case crossing_state::kClosedListed: return "closed_listed";
  }
  return "open";
}

int weekday_of(std::int32_t days_since_epoch) {
  // 1970-01-01 was a Thursday (3 with Monday as 0); floor modulo for days before 1970.
  return static_cast<int>(((days_since_epoch + 3) % 7 + 7) % 7);
}

crossing_day crossing_on(timetable const& tt, crossing_idx x, std::int32_t date) {
  crossing_day d;
  d.date_ = date;
  auto const closed = tt.closures(x);
  if (auto const it = std::lower_bound(closed.begin(), closed.end(), date); it != closed.end() && *it == date) {
    d.state_ = crossing_state::kClosedListed;
    d.reason_ = tt.str(tt.closure_reasons(x)[static_cast<std::size_t>(it - closed.begin())]);
    return d;
  }
  auto const& b = tt.crossing(x);
  auto const wd = static_cast<std::size_t>(weekday_of(date));
  if (b.open_[wd] == b.close_[wd]) {
    d.state_ = crossing_state::kClosedWeekday;
    return d;
  }
  d.open_s_ = b.open_[wd];
  d.close_s_ = b.close_[wd];
  return d;
}

crossing_status crossing_status_on(timetable const& tt, crossing_idx x, std::int32_t date) {
  crossing_status s{x, crossing_on(tt, x, date), std::nullopt};
  auto const last = tt.scalars().first_day_ + static_cast<std::int32_t>(tt.scalars().n_days_) - 1;
  for (auto d = date + 1; d <= last; ++d) {
    if (auto const day = crossing_on(tt, x, d); day.state_ == crossing_state::kOpen) {
      s.next_opening_ = day;
      break;
    }
  }
  return s;
}

std::string format_hours(std::int32_t open_s, std::int32_t close_s) {
  auto const hm = [](std::int32_t s) { return fmt::format("{:02}:{:02}", s / 3600, (s % 3600) / 60); };
  return hm(open_s) + "-" + hm(close_s);
}

std::int32_t crossing_local_date(timetable const& tt, crossing_idx x, std::int64_t unix_seconds) {
  return local_date(unix_seconds, tt.tz_name(tt.crossing(x).tz_));
}

}  // namespace caravan::tt
