#pragma once
// GET /api/v1/tours/plan (docs/tours.md, "API"): a heritage tour as JSON, or one of its tours as an
// iCalendar file, GeoJSON or a printable page.
#include "caravan/server/api.h"
#include "caravan/server/metrics.h"
#include "caravan/server/service.h"

namespace caravan::server {

api_response plan_tour(api_request const& r, loaded_data const& d, metrics& m);

}  // namespace caravan::server
