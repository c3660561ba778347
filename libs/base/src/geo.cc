#include "caravan/base/geo.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "caravan/base/text.h"

namespace caravan {

double distance_m(latlng a, latlng b) {
  constexpr double kEarthRadius = 6'371'000.0;
  constexpr double kRad = 3.14159265358979323846 / 180.0;
  auto const dlat = (b.lat_ - a.lat_) * kRad;
  auto const dlon = (b.lon_ - a.lon_) * kRad;
  auto const h = std::sin(dlat / 2) * std::sin(dlat / 2) +
                 std::cos(a.lat_ * kRad) * std::cos(b.lat_ * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadius * std::asin(std::min(1.0, std::sqrt(h)));
}

namespace {

std::optional<double> decimal_degrees(std::string_view s) {
  s = trim(s);
  if (s.empty() || !(s.front() == '-' || s.front() == '+' || (s.front() >= '0' && s.front() <= '9'))) {
    return std::nullopt;
  }
  if (s.front() == '+') {
    s.remove_prefix(1);
  }
  double v = 0;
  auto const [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, std::chars_format::fixed);
  if (ec != std::errc{} || end != s.data() + s.size() || !std::isfinite(v)) {
    return std::nullopt;
  }
  return v;
}

}  // namespace

std::optional<latlng> parse_lat_lon(std::string_view text) {
  auto const comma = text.find(',');
  if (comma == std::string_view::npos) {
    return std::nullopt;
  }
  auto const lat = decimal_degrees(text.substr(0, comma));
  auto const lon = decimal_degrees(text.substr(comma + 1));
  if (!lat || !lon) {
    return std::nullopt;
  }
  return latlng{*lat, *lon};
}

}  // namespace caravan
