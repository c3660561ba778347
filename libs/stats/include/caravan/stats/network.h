#pragma once
// The network's figures from a timetable, for any date range (issue 19): scheduled services by
// corridor, mode, city pair and operator, seats where a seats file gives them, the city pairs linked
// directly, the fastest journeys between chosen places month by month, and the border crossings' open
// days per month. Any GTFS snapshot, not only the bundled Silk Road one (docs/stats.md).
//
// Definitions (also each table's definition_):
// - A service is one run of a trip on one service day whose first departure falls in the range (the
//   trip's service day in its pattern's time zone).
// - A place is a stop's top station (its parent station's parent ...), else the stop: the bundled data's
//   city nodes, a city feed's stations.
// - A trip links place A to place B directly when it calls at A (boarding allowed) and later at B
//   (alighting allowed), A != B. City pairs are ordered (from, to).
// - A stop's country is planner::country_of_zone(its time zone) ("" when unknown: city feeds).
//   A trip's corridors: each unordered pair of countries it crosses between consecutive stops
//   ("CN-KZ", sorted); a trip that never changes country is "domestic CN" (or "domestic" when unknown).
// - Services per week = services / (days in range / 7).
// - A service is estimated when its trip's confidence is (the bundled data's `estimated`).
//
// Thread safety: pure functions of a const timetable.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "caravan/stats/table.h"
#include "caravan/timetable/timetable.h"

namespace caravan::stats {

// Seats per service, by route or trip id, from a CSV (`route_id` or `trip_id`, `seats`, `source`):
// a route's figure applies to each of its trips without their own. Throws data_error naming the file,
// line and field for a malformed row, an unknown id, or seats outside 1..10,000.
struct seats_entry {
  std::string route_id_, trip_id_;
  std::int32_t seats_{0};
  std::string source_;
};
std::vector<seats_entry> load_seats(std::filesystem::path const& file, tt::timetable const& tt);

struct network_request {
  date_range range_;
  std::vector<seats_entry> seats_{};
  // Place ids (stop ids of top stations) whose fastest journeys to each other are followed month by
  // month; empty: none (city feeds), the Silk Road default is the capitals (capitals()).
  std::vector<std::string> travel_time_places_{};
  // The places are a default list (capitals()), not the caller's: an id the timetable lacks is skipped
  // with a note instead of being an error.
  bool places_are_defaults_{false};
  std::size_t max_city_pairs_{500};  // the busiest rows of the city-pair table; the count covers all
};

// Beijing, Astana, Bishkek, Tashkent, Dushanbe, Ashgabat as the bundled data names them.
std::vector<std::string> const& capitals();

struct network_figures {
  std::vector<table> tables_;  // network.totals, network.corridors, network.modes, network.cityPairs,
                               // network.operators, network.crossings, network.travelTimes
};

// A range reaching past the timetable's days is computed over the days it has, with a note saying where
// the data ends (no services are invented for the rest). Throws std::invalid_argument for an unknown
// travel-time place the caller gave (naming it), and for a seats entry whose route or trip the timetable
// does not have.
network_figures compute_network(tt::timetable const& tt, network_request const& request);

}  // namespace caravan::stats
