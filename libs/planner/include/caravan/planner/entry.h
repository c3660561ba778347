#pragma once
// Entry rules on a planned journey: which countries it enters, when and where, and for each traveller
// the verdict of the rules on those real dates (libs/rules). The CLI's `route --traveller` and the
// HTTP API's plan share this.
//
// Countries come from the stops' time zones (countries.h: the timetable has no country column); a stop
// whose zone is not in that table is in no known country and crossings into it are not checked.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "caravan/planner/itinerary.h"
#include "caravan/rules/check.h"

namespace caravan::planner {

// Entering a country on the journey.
struct country_entry {
  std::string country_;
  std::string from_country_;  // the country left ("" if not known)
  std::int64_t at_{0};        // unix seconds: arrival at the first stop in the country
  std::string at_tz_;         // that stop's zone, for showing the time
  std::string stop_id_, stop_name_;  // the first stop in the country
  std::string port_;          // what the rules call the entry port: a border crossing's id, else port_of(stop)
};

// What the rules call a stop as an entry port: its stop_code (an airport's IATA code) if it has one, else
// its id. (A road link's border crossing is named by the crossing's id.)
std::string port_of(stop_view const& s);

struct entry_check {
  std::vector<country_entry> entries_;          // in journey order; the origin's country is not entered
  // Flight-to-flight connections at one airport, international on both sides: no entry there (no stay, no
  // verdict). The rules are silent on airside transit, so such a journey is not visa_free().
  std::vector<country_entry> airside_;
  rules::itinerary stays_;                      // one stay per entry (the last one ends on arrival)
  std::vector<rules::traveller_result> results_;  // per traveller, one stay_result per entry
  // Every traveller may make every entry with no visa to get first: each verdict is allowed, allowed with
  // conditions or own country, and no airside transit whose rules are not known.
  bool visa_free() const;
};

// The countries `it` enters (by the stops it calls at, intermediate ones included) and, for `travellers`,
// the rules' verdicts. Stays get purpose `purpose`; the destination's stay ends when the journey does.
entry_check check_entry(itinerary const& it, rules::rule_set const& rules, std::span<rules::traveller const> travellers,
                        rules::purpose purpose = rules::purpose::kTourism);

// check_entry() for each of `itineraries`; with `only_visa_free`, those that are not visa_free() are removed.
// The checks are in the order of the itineraries left (their results point into `rules`). What
// `caravan route --traveller [--only-visa-free]` and the HTTP API's plan do with a plan's answer.
std::vector<entry_check> check_entries(std::vector<itinerary>& itineraries, rules::rule_set const& rules,
                                       std::span<rules::traveller const> travellers, bool only_visa_free);

// What to tell a traveller about an airside transit (entry_check::airside_): no entry, rules not known.
std::string airside_note(country_entry const& x);

// `entry` of an itinerary in the JSON answers: each country entered, with each traveller's verdict, the
// regime, the latest allowed exit, conditions and the rule and its sources (docs/planner.md).
nlohmann::ordered_json to_json(entry_check const& e, std::span<rules::traveller const> travellers);

}  // namespace caravan::planner
