#pragma once
// What Caravan's plan (/api/v1/plan) and MOTIS's (/api/v5|v6/plan) share below their parameters: the
// travellers parameter, the work estimate that refuses a too expensive plan, the deadline, the search
// (planner::plan_trip) and its metrics, and border crossings.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "caravan/planner/trip.h"
#include "caravan/server/api.h"
#include "caravan/server/metrics.h"
#include "caravan/server/service.h"

namespace caravan::server {

// The calling thread's search state (one per worker, resized and never freed between queries), for
// searches other than run_plan's (one-to-all).
routing::search_state& thread_search_state();

// `travellers=CN,KZ:service,UZ:ordinary:1960-05-01`: the CLI's traveller specs (rules::parse_traveller_spec),
// comma-separated; the nationality in any case. Throws invalid_parameter naming `travellers`.
std::vector<rules::traveller> travellers_of(api_request const& r);

struct plan_job {
  planner::plan_request request_;  // its stop_ is set to the request's deadline
  std::vector<rules::traveller> travellers_;
  bool only_visa_free_{false};
  bool best_by_mode_{true};
  std::int64_t window_s_{0};
  std::string window_parameter_{"searchWindow"};  // what a too expensive plan names
  int rounds_{1};  // how many plans the caller will run (pages joined), for the estimate
};

// Refuses a plan over api_limits::kPlanBudget (query_too_expensive) before any search, runs it with the
// request's deadline (deadline_exceeded), records the query's metrics.
planner::trip_answer run_plan(api_request const& r, loaded_data const& d, metrics& m, plan_job const& job);

// Border crossings of an itinerary (docs/server.md): road links over a crossing, and consecutive stops of
// a leg in different countries.
nlohmann::ordered_json crossings_json(planner::itinerary const& it);

}  // namespace caravan::server
