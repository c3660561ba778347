#include "caravan/cases/sla.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include <date/tz.h>
#include <fmt/format.h>

#include "caravan/base/date.h"

namespace caravan::cases {

namespace {

constexpr std::int64_t kDaySeconds = 86'400;
constexpr std::int32_t kSearchDays = 3 * 366 + 2;  // add_business_seconds gives up after 3 years
constexpr std::size_t kMaxDates = 2'000;
// Targets are cut to 100 years so that seconds in microseconds cannot overflow (no calendar reaches them).
constexpr std::int64_t kMaxSeconds = 100LL * 366 * kDaySeconds;

// Floor division: instants before 1970 must still land on the right second and day.
std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0); }

// locate_zone is a search over every zone name: keep the few a thread asks for.
date::time_zone const* zone_of(std::string const& name) {
  thread_local std::vector<std::pair<std::string, date::time_zone const*>> cache;
  for (auto const& [n, z] : cache) {
    if (n == name) {
      return z;
    }
  }
  date::time_zone const* z = nullptr;
  try {
    z = date::locate_zone(name);
  } catch (std::exception const&) {
    throw calendar_error{fmt::format("timeZone: \"{}\" is not a known time zone", name)};
  }
  if (cache.size() >= 16) {
    cache.erase(cache.begin());
  }
  cache.emplace_back(name, z);
  return z;
}

// Monday = 0 .. Sunday = 6 (1970-01-01 was a Thursday).
int weekday_of(std::int32_t day) { return static_cast<int>(((static_cast<std::int64_t>(day) + 3) % 7 + 7) % 7); }

// The hours of one local date: a holiday closes it, a working day takes Monday's hours.
work_hours hours_of(business_calendar const& c, std::int32_t day) {
  auto const h = std::lower_bound(c.holidays_.begin(), c.holidays_.end(), day,
                                  [](holiday const& x, std::int32_t d) { return x.date_ < d; });
  if (h != c.holidays_.end() && h->date_ == day) {
    return {};
  }
  if (std::binary_search(c.working_days_.begin(), c.working_days_.end(), day)) {
    return c.week_[0];
  }
  return c.week_[static_cast<std::size_t>(weekday_of(day))];
}

// One calendar in one zone: local days to UTC intervals, in microseconds.
class walker {
 public:
  explicit walker(business_calendar const& c) : c_{c}, zone_{zone_of(c.time_zone_)} {}

  std::int32_t local_day(instant t) const {
    auto const local = zone_->to_local(date::sys_seconds{std::chrono::seconds{floor_div(t, kMicrosPerSecond)}});
    return static_cast<std::int32_t>(date::floor<date::days>(local).time_since_epoch().count());
  }

  // A local time of a day in UTC: the earliest of an ambiguous time, the transition for a skipped one.
  instant utc(std::int32_t day, std::int32_t second_of_day) const {
    auto const local = date::local_seconds{std::chrono::seconds{static_cast<std::int64_t>(day) * kDaySeconds + second_of_day}};
    return zone_->to_sys(local, date::choose::earliest).time_since_epoch().count() * kMicrosPerSecond;
  }

  // The day's business interval in UTC; empty (first >= second) when closed.
  std::pair<instant, instant> interval(std::int32_t day) const {
    auto const h = hours_of(c_, day);
    if (h.close_s_ <= h.open_s_) {
      return {0, 0};
    }
    return {utc(day, h.open_s_), utc(day, h.close_s_)};
  }

  std::int64_t micros(instant from, instant to) const {
    if (to <= from) {
      return 0;
    }
    std::int64_t sum = 0;
    // A day's interval lies within its local day: the days from the one before `from`'s to the one after `to`'s.
    auto const last = local_day(to) + 1;
    for (auto d = local_day(from) - 1; d <= last; ++d) {
      auto const [a, b] = interval(d);
      auto const lo = std::max(a, from);
      auto const hi = std::min(b, to);
      if (hi > lo) {
        sum += hi - lo;
      }
    }
    return sum;
  }

  instant add(instant from, std::int64_t micros) const {
    if (micros <= 0) {
      return from;
    }
    auto const first = local_day(from) - 1;
    for (auto d = first; d <= first + kSearchDays; ++d) {
      auto const [a, b] = interval(d);
      auto const lo = std::max(a, from);
      if (b <= lo) {
        continue;
      }
      if (b - lo >= micros) {
        return lo + micros;
      }
      micros -= b - lo;
    }
    throw calendar_error{fmt::format("calendar \"{}\": the business time is not reached within 3 years", c_.id_)};
  }

 private:
  business_calendar const& c_;
  date::time_zone const* zone_;
};

bool valid_id(std::string_view id) {
  return !id.empty() && id.size() <= 32 && std::all_of(id.begin(), id.end(), [](char ch) {
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-';
  });
}

// Counts a clock's time: business hours of the calendar, or around the clock.
struct counter {
  walker const* w_;
  std::int64_t micros(instant from, instant to) const {
    if (w_ != nullptr) {
      return w_->micros(from, to);
    }
    return std::max<std::int64_t>(0, to - from);
  }
  instant add(instant from, std::int64_t m) const { return w_ != nullptr ? w_->add(from, m) : from + std::max<std::int64_t>(0, m); }
};

// A clock's running segments [from, to); to == nullopt: still running at the last event.
struct segment {
  instant from_;
  std::optional<instant> to_;
};

struct clock_result {
  std::optional<instant> due_;
  std::int64_t left_s_{0};
};

// Walks the target through the running segments. A target reached in a segment is due there. Not reached:
// a clock still running is due where the rest takes it; one stopped for good (`ended_at`: answered or
// resolved) is due where the rest would have taken it from then on; one stopped by a pause has no due
// time, only the seconds left.
clock_result run_clock(counter const& n, std::vector<segment> const& segs, std::int64_t target_s,
                       std::optional<instant> ended_at, instant opened) {
  auto left = std::clamp<std::int64_t>(target_s, 0, kMaxSeconds) * kMicrosPerSecond;
  if (left == 0) {
    return {opened, 0};
  }
  for (auto const& s : segs) {
    if (!s.to_) {
      return {n.add(s.from_, left), 0};
    }
    auto const m = n.micros(s.from_, *s.to_);
    if (m >= left) {
      return {n.add(s.from_, left), 0};
    }
    left -= m;
  }
  if (ended_at) {
    return {n.add(*ended_at, left), 0};
  }
  return {std::nullopt, floor_div(left + kMicrosPerSecond - 1, kMicrosPerSecond)};  // whole seconds, rounded up
}

}  // namespace

void check_calendar(business_calendar const& c) {
  if (!valid_id(c.id_)) {
    throw calendar_error{fmt::format("id: \"{}\" is not 1 to 32 of A-Z a-z 0-9 _ -", c.id_)};
  }
  (void)zone_of(c.time_zone_);
  for (std::size_t i = 0; i != c.week_.size(); ++i) {
    auto const& h = c.week_[i];
    if (h.open_s_ < 0 || h.open_s_ > kDaySeconds) {
      throw calendar_error{fmt::format("week[{}].open: {} is not a second of the day (0..86400)", i, h.open_s_)};
    }
    if (h.close_s_ < 0 || h.close_s_ > kDaySeconds) {
      throw calendar_error{fmt::format("week[{}].close: {} is not a second of the day (0..86400)", i, h.close_s_)};
    }
    if (h.open_s_ > h.close_s_) {
      throw calendar_error{fmt::format("week[{}].close: {} is before open {}", i, h.close_s_, h.open_s_)};
    }
  }
  if (c.holidays_.size() + c.working_days_.size() > kMaxDates) {
    throw calendar_error{fmt::format("holidays, workingDays: {} dates, more than {}", c.holidays_.size() + c.working_days_.size(), kMaxDates)};
  }
  for (std::size_t i = 1; i < c.holidays_.size(); ++i) {
    if (c.holidays_[i].date_ <= c.holidays_[i - 1].date_) {
      throw calendar_error{fmt::format("holidays[{}].date: {} is not after {} (sorted, no two on one date)", i,
                                       format_date(c.holidays_[i].date_), format_date(c.holidays_[i - 1].date_))};
    }
  }
  for (std::size_t i = 1; i < c.working_days_.size(); ++i) {
    if (c.working_days_[i] <= c.working_days_[i - 1]) {
      throw calendar_error{fmt::format("workingDays[{}]: {} is not after {} (sorted, no repeats)", i, format_date(c.working_days_[i]),
                                       format_date(c.working_days_[i - 1]))};
    }
  }
  for (std::size_t i = 0; i != c.working_days_.size(); ++i) {
    auto const d = c.working_days_[i];
    auto const h = std::lower_bound(c.holidays_.begin(), c.holidays_.end(), d, [](holiday const& x, std::int32_t v) { return x.date_ < v; });
    if (h != c.holidays_.end() && h->date_ == d) {
      throw calendar_error{fmt::format("workingDays[{}]: {} is also holidays[{}]", i, format_date(d), h - c.holidays_.begin())};
    }
  }
}

std::int64_t business_seconds(business_calendar const& c, instant from, instant to) {
  return walker{c}.micros(from, to) / kMicrosPerSecond;
}

instant add_business_seconds(business_calendar const& c, instant from, std::int64_t seconds) {
  return walker{c}.add(from, std::min(seconds, kMaxSeconds) * kMicrosPerSecond);
}

std::string_view to_string(clock_status s) {
  switch (s) {
    case clock_status::kResponseDue: return "response_due";
    case clock_status::kResolutionDue: return "resolution_due";
    case clock_status::kPaused: return "paused";
    case clock_status::kFulfilled: return "fulfilled";
    case clock_status::kFailed: return "failed";
  }
  return "unknown";
}

// The clocks, replayed from the events:
// * Both targets count from kOpened. A pause (kPaused .. kResumed, waiting on the traveller) stops both
//   clocks; kResolved stops the resolution clock until kReopened. Stopped time is not counted, so the due
//   times move later by the business time stopped.
// * The first kResponded stops the response clock for good (responded_at_); later ones change nothing.
//   Resolving stops it too (until reopened): a case resolved or closed without an answer (a traveller
//   cancelled it, help came another way) breaches its response target only if that came late.
// * Paused with a target not yet reached: its due_ is nullopt and *_left_s_ holds the business seconds
//   that remain (0 otherwise).
// * Breached: answered after the due time, or unanswered at `now` >= due; the resolution likewise against
//   the last kResolved (if resolved now) or `now`. *_breached_at_ is the due time that passed.
// * Repeated events (kPaused while paused, kResumed while running, ...) change nothing; events after
//   `now` are not looked at.
clock_state evaluate_clocks(business_calendar const& c, clock_targets const& t, std::span<clock_event const> events, instant now) {
  clock_state st{};
  if (events.empty()) {
    return st;
  }
  std::optional<walker> w;
  if (t.business_hours_) {
    w.emplace(c);
  }
  counter const n{w ? &*w : nullptr};
  auto const opened = events.front().at_;

  bool paused = false;
  bool resolved = false;
  instant pause_start = 0;
  std::vector<segment> response_segs{{opened, std::nullopt}};
  std::vector<segment> resolution_segs{{opened, std::nullopt}};
  // A clock runs unless stopped; stop/start close and open its last segment.
  auto const stop = [](std::vector<segment>& segs, instant at) {
    if (!segs.empty() && !segs.back().to_) {
      segs.back().to_ = at;
    }
  };
  auto const start = [](std::vector<segment>& segs, instant at) {
    if (segs.empty() || segs.back().to_) {
      segs.push_back({at, std::nullopt});
    }
  };

  for (auto const& e : events.subspan(1)) {
    if (e.at_ > now) {
      break;
    }
    switch (e.kind_) {
      case clock_event_kind::kOpened: break;
      case clock_event_kind::kResponded:
        if (!st.responded_at_) {
          st.responded_at_ = e.at_;
          stop(response_segs, e.at_);
        }
        break;
      case clock_event_kind::kPaused:
        if (!paused) {
          paused = true;
          pause_start = e.at_;
          stop(response_segs, e.at_);
          stop(resolution_segs, e.at_);
        }
        break;
      case clock_event_kind::kResumed:
        if (paused) {
          paused = false;
          st.hold_s_ += (e.at_ - pause_start) / kMicrosPerSecond;
          if (!st.responded_at_) {
            start(response_segs, e.at_);
          }
          if (!resolved) {
            start(resolution_segs, e.at_);
          }
        }
        break;
      case clock_event_kind::kResolved:
        if (!resolved) {
          resolved = true;
          st.resolved_at_ = e.at_;
          stop(resolution_segs, e.at_);
          stop(response_segs, e.at_);
        }
        break;
      case clock_event_kind::kReopened:
        if (resolved) {
          resolved = false;
          st.resolved_at_ = std::nullopt;
          if (!paused) {
            start(resolution_segs, e.at_);
            if (!st.responded_at_) {
              start(response_segs, e.at_);
            }
          }
        }
        break;
    }
  }
  if (paused) {
    st.on_hold_since_ = pause_start;
    st.hold_s_ += std::max<std::int64_t>(0, now - pause_start) / kMicrosPerSecond;
  }

  auto const response_ended = st.responded_at_ ? st.responded_at_ : st.resolved_at_;
  auto const response = run_clock(n, response_segs, t.first_response_s_, response_ended, opened);
  auto const resolution = run_clock(n, resolution_segs, t.resolution_s_, st.resolved_at_, opened);
  st.response_due_ = response.due_;
  st.response_left_s_ = response.left_s_;
  st.resolution_due_ = resolution.due_;
  st.resolution_left_s_ = resolution.left_s_;

  if (st.response_due_) {
    st.response_breached_ = response_ended ? *response_ended > *st.response_due_ : now >= *st.response_due_;
  }
  if (st.resolution_due_) {
    st.resolution_breached_ = st.resolved_at_ ? *st.resolved_at_ > *st.resolution_due_ : now >= *st.resolution_due_;
  }
  if (st.response_breached_) {
    st.response_breached_at_ = st.response_due_;
  }
  if (st.resolution_breached_) {
    st.resolution_breached_at_ = st.resolution_due_;
  }

  auto const breached = st.response_breached_ || st.resolution_breached_;
  if (paused) {
    st.status_ = clock_status::kPaused;
  } else if (resolved) {
    st.status_ = breached ? clock_status::kFailed : clock_status::kFulfilled;
  } else if (breached) {
    st.status_ = clock_status::kFailed;
  } else {
    st.status_ = st.responded_at_ ? clock_status::kResolutionDue : clock_status::kResponseDue;
  }
  return st;
}

}  // namespace caravan::cases
