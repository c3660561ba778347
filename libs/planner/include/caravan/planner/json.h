#pragma once
// The JSON of a plan, close to MOTIS's plan response; docs/planner.md documents every field.
#include <nlohmann/json.hpp>

#include "caravan/planner/plan.h"

namespace caravan::planner {

nlohmann::ordered_json to_json(tt::timetable const& tt, plan_response const& p);
nlohmann::ordered_json to_json(itinerary const& it);

}  // namespace caravan::planner
