#pragma once
// What a traveller acts on, around the plan: each journey's entry verdicts for the travellers, the best
// journey per main mode (a slower train is not hidden by a faster flight), and, with travellers, the
// best journeys that need no visa, searched for: the countries closed to the party on the travel date
// (some traveller needs a visa arranged before travel) are not entered (their stops are closed to the
// search: no getting off there, no road link into them). The CLI's `route` and the HTTP API's plan
// share this; neither plans anything of its own.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "caravan/planner/entry.h"
#include "caravan/planner/plan.h"
#include "caravan/rules/rule_set.h"

namespace caravan::planner {

struct trip_request {
  plan_request plan_;
  std::vector<rules::traveller> travellers_;
  rules::rule_set const* rules_{nullptr};  // required with travellers
  bool only_visa_free_{false};             // itineraries: the no-visa set instead of the plain one
  bool best_by_mode_{true};
  std::function<void()> between_searches_;  // called before each search after the first (a deadline check may throw)
};

// The main modes a traveller compares, with the planner's mode names (modes.h) they stand for.
struct main_mode {
  std::string_view label_;  // "train", "flight", "bus", "road"
  std::string_view modes_;  // "rail", "air", "bus", "road"
};
std::span<main_mode const> main_modes();

struct checked_itinerary {
  itinerary it_;
  std::optional<entry_check> entry_;  // with travellers
};

struct trip_answer {
  plan_response plan_;  // with only_visa_free_, its itineraries are the no-visa set
  std::vector<std::optional<entry_check>> entries_;  // per itinerary of plan_ (with travellers)
  // With travellers: the best journeys that need no visa for any of them (empty: none found), and the
  // countries the no-visa search did not enter. visa_free_searched_: whether that took a search of its
  // own (not when every plain journey needs no visa).
  std::vector<checked_itinerary> visa_free_;
  std::vector<std::string> closed_countries_;
  bool visa_free_searched_{false};
  // Per main mode the request allows: its fastest journey, if any (with only_visa_free_, of the no-visa set).
  std::vector<std::pair<main_mode, std::optional<checked_itinerary>>> best_by_mode_;
};

// Throws query_error as plan() does, and data_error when travellers are given without rules.
trip_answer plan_trip(journey_planner const& p, trip_request const& r, routing::search_state& s);

// The same journey as a traveller compares them: same departure, arrival and number of transfers.
bool same_journey(itinerary const& a, itinerary const& b);

// The answer's JSON, as `caravan route --json` and the API's plan give it: the plan (planner::to_json)
// with each itinerary's `entry`, with travellers `visaFreeItineraries` and `closedCountries`, and
// `bestByMode`. `itinerary_json` writes one itinerary (the API adds leg geometry).
using itinerary_to_json = std::function<nlohmann::ordered_json(itinerary const&)>;
nlohmann::ordered_json to_json(tt::timetable const& tt, trip_answer const& a, std::span<rules::traveller const> travellers,
                               itinerary_to_json const& itinerary_json);

// The countries with stops in the timetable that some traveller may not enter on `day` without arranging a
// visa first (rules::is_ok false for a one-day tourist stay), the origin's country `from` excepted.
std::vector<std::string> closed_countries(journey_planner const& p, rules::rule_set const& rules,
                                          std::span<rules::traveller const> travellers, rules::day day, std::string_view from);

}  // namespace caravan::planner
