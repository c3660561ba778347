#pragma once
// Points on the earth: positions of stops and sites, distances between them, and positions as people
// type them ("43.25,76.91").
#include <optional>
#include <string_view>

namespace caravan {

struct latlng {
  double lat_;
  double lon_;
};

// Great-circle distance in metres.
double distance_m(latlng a, latlng b);

// "LAT,LON" in decimal degrees: two finite numbers with an optional sign, no exponent, spaces or tabs
// around each. Not checked to be in range (the callers say which one is out, in their own words);
// std::nullopt for any other text.
std::optional<latlng> parse_lat_lon(std::string_view text);

}  // namespace caravan
