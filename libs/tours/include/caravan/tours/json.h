#pragma once
// A tour answer as JSON (the CLI's `caravan tour --json` and GET /api/v1/tours/plan): docs/tours.md
// documents every field; api/openapi.yaml has the schema (TourAnswer).
#include <span>

#include <nlohmann/json.hpp>

#include "caravan/tours/tour.h"

namespace caravan::tours {

nlohmann::ordered_json to_json(tour_answer const& a, std::span<rules::traveller const> travellers);

}  // namespace caravan::tours
