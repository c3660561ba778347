#pragma once
// The Caravan HTTP API's endpoints (api/openapi.yaml, docs/server.md) over the planner: plan, stops,
// departures, stop search, entry checks, network, datasets, sites, health and the spec itself. The planning,
// the stop search and the entry rules are the planner's and the rules' (journey_planner::plan,
// stop_search, check_entries, rules::check and their to_json), shared with the CLI; this adds what only the
// API shows: leg geometry, border crossings, the best journey per main mode, and GeoJSON.
//
// Thread safety: loaded_data is immutable; handlers run on any number of threads, each with its own
// search state (thread_local).
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "caravan/planner/plan.h"
#include "caravan/server/basemap_tiles.h"
#include "caravan/planner/stop_search.h"
#include "caravan/registry/service.h"
#include "caravan/rules/check.h"
#include "caravan/rules/rule_set.h"
#include "caravan/server/service.h"
#include "caravan/sites/sites.h"
#include "caravan/timetable/timetable.h"
#include "caravan/tours/visits.h"

namespace caravan::server {

// What is loaded and served: the timetable, its planner and stop search index, the heritage sites and
// how each is visited on a tour (tours::site_catalogue, with data/tours/site_visits.csv's estimates:
// `caravan serve --site-visits`), the entry rules (loaded by the caller: `caravan serve --rules`), and the
// answers that never change (network GeoJSON, datasets), made once.
class loaded_data {
 public:
  loaded_data(tt::timetable tt, sites::site_list sites, std::string sites_file, rules::rule_set rules,
              std::vector<tours::visit_override> site_visits = {});
  loaded_data(loaded_data const&) = delete;
  loaded_data& operator=(loaded_data const&) = delete;

  tt::timetable const& timetable() const { return tt_; }
  planner::journey_planner const& planner() const { return planner_; }
  planner::stop_search const& search() const { return planner_.places().search(); }  // the planner's own
  sites::site_list const& sites() const { return sites_; }
  tours::site_catalogue const& tour_sites() const { return tour_sites_; }
  rules::rule_set const& rules() const { return rules_; }
  std::string const& network_json() const { return network_json_; }
  std::string const& datasets_json() const { return datasets_json_; }

 private:
  tt::timetable tt_;
  sites::site_list sites_;
  std::string sites_file_;
  planner::journey_planner planner_;
  rules::rule_set rules_;
  tours::site_catalogue tour_sites_;  // over tt_ and a copy of sites_
  std::string network_json_, datasets_json_;
};

// What one request may ask of the API, so that its work and answer stay bounded (docs/server.md,
// "Limits and timeouts"). Over a limit: 400 naming the parameter or the body.
struct api_limits {
  static constexpr std::size_t kMaxTravellers = 50;      // plan and entry check: travellers= and the body's together
  static constexpr std::size_t kMaxStays = 1'000;        // entry check: stays of the body
  static constexpr std::size_t kMaxEarlierStays = 1'000; // entry check: earlier stays of all travellers
  static constexpr std::size_t kMaxStayChecks = 5'000;   // entry check: travellers x stays (query_too_expensive)
  static constexpr std::size_t kMaxCheckAnswer = 32U << 20U;  // entry check: bytes of the answer (query_too_expensive)
  // plan: the estimated work (plan_cost) at most this (query_too_expensive).
  static constexpr double kPlanBudget = 2e10;
};

// A plan request's work, estimated before any search, in stop times scanned: searches x (searchWindow in
// hours + 1) x (maxTransfers + 1) x the timetable's stop times. searches: the main one, one per main mode
// for bestByMode, one more for the no-visa search with travellers. nyc-mta-subway (565,093 stop times)
// at searchWindow=604800 and maxTransfers=15 with travellers: 6 x 169 x 16 x 565,093 = 9.2e9.
double plan_cost(std::size_t n_stop_times, std::int64_t window_s, int max_transfers, int searches);
// The most transfers a request may ask for: the engine allows more (routing::kMaxTransfersLimit, for
// batch studies), the server keeps each request's work bounded.
constexpr int kMaxTransfersServed = 15;

// The OpenAPI document, embedded at build time from api/openapi.yaml.
std::string_view openapi_yaml();

// Google's encoded polyline (precision 5) of the points.
std::string encode_polyline(std::vector<tt::latlng> const& points);

// With a register: sets the trip's group tours' `registered` from it (registry::register_groups), so the
// entry check does not take the trip file's word.
using group_registrar = std::function<std::vector<registry::group_registration>(rules::itinerary&)>;

class caravan_api {
 public:
  // Registers the routes on `s`; until set_data(), they (and /health) answer 503 not_ready.
  explicit caravan_api(service& s);

  void set_data(std::shared_ptr<loaded_data const> data);
  std::shared_ptr<loaded_data const> data() const;
  // MOTIS's /tiles/{z}/{x}/{y}.mvt (basemap_tiles.h): 404 until set (no web app, or one without a basemap).
  void set_basemap(std::shared_ptr<basemap_tiles const> tiles);
  std::shared_ptr<basemap_tiles const> basemap() const;
  void set_group_registrar(group_registrar r);

 private:
  std::shared_ptr<loaded_data const> ready() const;  // throws api_error(kNotReady)

  mutable std::mutex m_;
  std::shared_ptr<loaded_data const> data_;
  std::shared_ptr<basemap_tiles const> basemap_;
  group_registrar registrar_;
};

}  // namespace caravan::server
