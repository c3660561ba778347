#include "caravan/base/date.h"

#include <fmt/format.h>

namespace caravan {

namespace {

// The number in s[from, from + n) if those are all digits.
std::optional<int> digits(std::string_view s, std::size_t from, std::size_t n) {
  int v = 0;
  for (auto i = from; i != from + n; ++i) {
    if (s[i] < '0' || s[i] > '9') {
      return std::nullopt;
    }
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

}  // namespace

std::optional<std::chrono::year_month_day> read_date_fields(std::string_view s, date_format f) {
  auto const iso = f == date_format::kIso;
  if (s.size() != (iso ? 10U : 8U) || (iso && (s[4] != '-' || s[7] != '-'))) {
    return std::nullopt;
  }
  auto const y = digits(s, 0, 4);
  auto const m = digits(s, iso ? 5 : 4, 2);
  auto const d = digits(s, iso ? 8 : 6, 2);
  if (!y || !m || !d) {
    return std::nullopt;
  }
  return std::chrono::year_month_day{std::chrono::year{*y}, std::chrono::month{static_cast<unsigned>(*m)},
                                     std::chrono::day{static_cast<unsigned>(*d)}};
}

std::optional<std::int32_t> parse_date(std::string_view s, date_format f, int min_year, int max_year) {
  auto const ymd = read_date_fields(s, f);
  if (!ymd || !ymd->ok() || static_cast<int>(ymd->year()) < min_year || static_cast<int>(ymd->year()) > max_year) {
    return std::nullopt;
  }
  return days_since_epoch(*ymd);
}

std::int32_t days_since_epoch(std::chrono::year_month_day ymd) {
  return static_cast<std::int32_t>(std::chrono::sys_days{ymd}.time_since_epoch().count());
}

std::string format_date(std::int32_t days_since_epoch) {
  std::chrono::year_month_day const ymd{std::chrono::sys_days{std::chrono::days{days_since_epoch}}};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()));
}

}  // namespace caravan
