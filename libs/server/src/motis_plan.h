#pragma once
// MOTIS's plan (GET /api/v6/plan, /api/v5/plan) over Caravan's planner: the parameters MOTIS's clients send,
// the journeys of planner::plan_trip shaped as MOTIS's PlanResponse, with Caravan's extensions (entry
// verdicts, border crossings, best per mode) as extra fields. docs/server.md, "MOTIS compatibility".
#include "caravan/server/api.h"
#include "caravan/server/metrics.h"
#include "caravan/server/service.h"

namespace caravan::server::motis {

// The same for v5 and v6: their shapes agree (v6 adds fields v5 readers ignore).
api_response plan(api_request const& r, loaded_data const& d, metrics& m);

}  // namespace caravan::server::motis
