#include "caravan/planner/times.h"

#include <array>
#include <cstdlib>
#include <optional>
#include <limits>

#include <date/tz.h>
#include <fmt/format.h>

#include "caravan/base/date.h"
#include "caravan/planner/error.h"
#include "caravan/timetable/local_time.h"

namespace caravan::planner {

namespace {

date::time_zone const* zone_of(std::string_view tz_name) { return date::locate_zone(std::string{tz_name}); }

struct cursor {
  std::string_view s_;
  std::size_t i_{0};

  bool done() const { return i_ == s_.size(); }
  bool peek(char c) const { return i_ < s_.size() && s_[i_] == c; }
  bool eat(char c) {
    if (peek(c)) {
      ++i_;
      return true;
    }
    return false;
  }
  // Exactly n digits.
  std::optional<int> digits(std::size_t n) {
    if (i_ + n > s_.size()) {
      return std::nullopt;
    }
    int v = 0;
    for (std::size_t k = 0; k != n; ++k) {
      auto const c = s_[i_ + k];
      if (c < '0' || c > '9') {
        return std::nullopt;
      }
      v = v * 10 + (c - '0');
    }
    i_ += n;
    return v;
  }
};

constexpr char const* kTimeForm = "YYYY-MM-DDTHH:MM[:SS], optionally followed by Z or an offset such as +06:00";

}  // namespace

std::int64_t parse_time(std::string_view text, std::string_view tz_name, std::string const& field) {
  auto const fail = [&](std::string const& why) -> std::int64_t {
    throw query_error{field, fmt::format("time `{}`: {}", text, why)};
  };
  cursor c{text};
  auto const y = c.digits(4);
  auto const mo = c.eat('-') ? c.digits(2) : std::nullopt;
  auto const d = c.eat('-') ? c.digits(2) : std::nullopt;
  if (!y || !mo || !d) {
    return fail(fmt::format("expected {}", kTimeForm));
  }
  if (!c.eat('T') && !c.eat(' ')) {
    return fail(fmt::format("expected T and a time of day after the date ({})", kTimeForm));
  }
  auto const h = c.digits(2);
  auto const mi = c.eat(':') ? c.digits(2) : std::nullopt;
  if (!h || !mi) {
    return fail(fmt::format("expected {}", kTimeForm));
  }
  int sec = 0;
  if (c.eat(':')) {
    auto const s = c.digits(2);
    if (!s) {
      return fail(fmt::format("expected two digits of seconds ({})", kTimeForm));
    }
    sec = *s;
  }
  date::year_month_day const ymd{date::year{*y}, date::month{static_cast<unsigned>(*mo)}, date::day{static_cast<unsigned>(*d)}};
  if (!ymd.month().ok()) {
    return fail(fmt::format("month {} does not exist", *mo));
  }
  if (!ymd.ok()) {
    return fail(fmt::format("{}-{:02} has no day {}", *y, *mo, *d));
  }
  if (*h > 23 || *mi > 59 || sec > 59) {
    return fail(fmt::format("{:02}:{:02}:{:02} is not a time of day (00:00:00 to 23:59:59)", *h, *mi, sec));
  }
  auto const local = date::local_seconds{date::local_days{ymd}.time_since_epoch()} + std::chrono::hours{*h} +
                     std::chrono::minutes{*mi} + std::chrono::seconds{sec};
  std::optional<std::int64_t> offset_s;
  if (c.eat('Z')) {
    offset_s = 0;
  } else if (c.peek('+') || c.peek('-')) {
    auto const sign = c.peek('-') ? -1 : 1;
    ++c.i_;
    auto const oh = c.digits(2);
    c.eat(':');
    auto const om = c.digits(2);
    if (!oh || !om || *oh > 18 || *om > 59) {
      return fail("the offset must be +HH:MM or -HH:MM, at most 18 hours");
    }
    offset_s = sign * (*oh * 3600 + *om * 60);
  }
  if (!c.done()) {
    return fail(fmt::format("unexpected `{}` after the time ({})", text.substr(c.i_), kTimeForm));
  }
  if (offset_s) {
    return local.time_since_epoch().count() - *offset_s;
  }
  auto const info = zone_of(tz_name)->get_info(local);
  switch (info.result) {
    case date::local_info::unique:
    case date::local_info::ambiguous:  // clocks went back: the first occurrence
      return (local - info.first.offset).time_since_epoch().count();
    case date::local_info::nonexistent:  // clocks jumped forward: the instant of the jump
      return info.second.begin.time_since_epoch().count();
  }
  return fail("cannot be placed in time zone " + std::string{tz_name});
}

std::int32_t parse_duration(std::string_view text, std::string const& field) {
  auto const fail = [&](std::string const& why) -> std::int32_t {
    throw query_error{field, fmt::format("duration `{}`: {}", text, why)};
  };
  constexpr std::string_view kUnits = "dhms";
  constexpr std::array<std::int64_t, 4> kSeconds = {86'400, 3'600, 60, 1};
  std::int64_t total = 0;
  std::size_t next_unit = 0;  // units must come in the order d, h, m, s, each once
  std::size_t i = 0;
  if (text.empty()) {
    return fail("expected a number and a unit, such as 6h, 90m, 2h30m or 3600s");
  }
  while (i < text.size()) {
    std::int64_t n = 0;
    auto const start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      n = n * 10 + (text[i] - '0');
      if (n > std::numeric_limits<std::int32_t>::max()) {
        return fail("too long");
      }
      ++i;
    }
    if (i == start) {
      return fail("expected a number and a unit, such as 6h, 90m, 2h30m or 3600s");
    }
    if (i == text.size()) {
      return fail(fmt::format("`{}` has no unit (d, h, m or s)", text.substr(start)));
    }
    auto const u = kUnits.find(text[i]);
    if (u == std::string_view::npos) {
      return fail(fmt::format("unknown unit `{}` (use d, h, m or s)", text[i]));
    }
    if (u < next_unit) {
      return fail("units must come in the order d, h, m, s, each at most once");
    }
    next_unit = u + 1;
    total += n * kSeconds[u];
    if (total > std::numeric_limits<std::int32_t>::max()) {
      return fail("too long");
    }
    ++i;
  }
  return static_cast<std::int32_t>(total);
}

std::string format_time(std::int64_t unix_seconds, std::string_view tz_name) {
  return tt::format_local(unix_seconds, tz_name, tt::time_style::kIso);
}

std::int32_t utc_offset_s(std::int64_t unix_seconds, std::string_view tz_name) {
  return static_cast<std::int32_t>(zone_of(tz_name)->get_info(date::sys_seconds{std::chrono::seconds{unix_seconds}}).offset.count());
}

std::int64_t local_midnight(std::int32_t date, std::string_view tz_name) {
  auto const local = date::local_seconds{date::local_days{date::days{date}}.time_since_epoch()};
  auto const info = zone_of(tz_name)->get_info(local);
  if (info.result == date::local_info::nonexistent) {
    return info.second.begin.time_since_epoch().count();
  }
  return (local - info.first.offset).time_since_epoch().count();
}

std::int32_t parse_compact_date(std::string_view text, std::string const& field) {
  auto const ymd = read_date_fields(text, date_format::kCompact);
  if (!ymd) {
    throw query_error{field, fmt::format("date `{}` is not YYYYMMDD", text)};
  }
  if (!ymd->ok()) {
    throw query_error{field, fmt::format("date `{}` does not exist", text)};
  }
  return days_since_epoch(*ymd);
}

}  // namespace caravan::planner
