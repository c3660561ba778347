#pragma once
// The JSON of a plan, close to MOTIS's plan response; docs/planner.md documents every field.
#include <nlohmann/json.hpp>

#include "caravan/planner/plan.h"
#include "caravan/planner/stop_search.h"

namespace caravan::planner {

nlohmann::ordered_json to_json(tt::timetable const& tt, plan_response const& p);
nlohmann::ordered_json to_json(itinerary const& it);
// The answer of a stop search: {"text", "near" (null or {lat, lon}), "matches": [...]}.
nlohmann::ordered_json to_json(tt::timetable const& tt,
                               std::string_view text,
                               std::optional<tt::latlng> near,
                               std::vector<stop_match> const& matches);

}  // namespace caravan::planner
