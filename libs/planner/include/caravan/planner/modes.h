#pragma once
// Mode names for filters such as "rail,air,road". Each tt::mode is accepted by its name
// (tt::to_string: tram, subway, coach, ferry, cable-car, aerial-lift, funicular, trolleybus, monorail,
// air, taxi, road, other), plus these groups, which take precedence over a mode of the same name:
//   rail   everything on rails: rail, subway, tram, monorail, funicular, cable-car
//   train  mainline rail only (GTFS route_type 2 and 100-199: high-speed, long-distance, regional)
//   bus    bus, coach, trolleybus
//   road   road links (car, taxi, shared taxi over border crossings) and taxi services
//   water  ferry
//   all    everything
#include <string>
#include <string_view>
#include <vector>

#include "caravan/routing/query.h"

namespace caravan::planner {

// Comma-separated, case-insensitive, spaces ignored. Throws query_error for an empty list, an empty
// item or an unknown name, listing the valid ones.
routing::mode_mask parse_modes(std::string_view text, std::string const& field = "modes");

// Every accepted name, groups first.
std::vector<std::string> mode_names();

}  // namespace caravan::planner
