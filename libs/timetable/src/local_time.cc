#include "caravan/timetable/local_time.h"

#include <chrono>
#include <cstdlib>

#include <date/tz.h>
#include <fmt/format.h>

namespace caravan::tt {

std::string format_local(std::int64_t unix_seconds, std::string_view tz_name, time_style style) {
  auto const zt = date::make_zoned(date::locate_zone(std::string{tz_name}), date::sys_seconds{std::chrono::seconds{unix_seconds}});
  auto const offset_min = std::chrono::duration_cast<std::chrono::minutes>(zt.get_info().offset).count();
  auto const sign = offset_min < 0 ? '-' : '+';
  auto const h = std::abs(offset_min) / 60;
  auto const m = std::abs(offset_min) % 60;
  if (style == time_style::kBoard) {
    auto out = date::format("%F %H:%M ", zt);
    out += m == 0 ? fmt::format("{}{:02}", sign, h) : fmt::format("{}{:02}:{:02}", sign, h, m);
    return out;
  }
  auto const local = zt.get_local_time().time_since_epoch().count();
  auto const second = ((local % 60) + 60) % 60;
  auto out = date::format(second == 0 ? "%FT%H:%M" : "%FT%H:%M:%S", zt);
  out += fmt::format("{}{:02}:{:02}", sign, h, m);
  return out;
}

std::int32_t local_date(std::int64_t unix_seconds, std::string_view tz_name) {
  auto const zt = date::make_zoned(date::locate_zone(std::string{tz_name}), date::sys_seconds{std::chrono::seconds{unix_seconds}});
  return static_cast<std::int32_t>(date::floor<date::days>(zt.get_local_time()).time_since_epoch().count());
}

}  // namespace caravan::tt
