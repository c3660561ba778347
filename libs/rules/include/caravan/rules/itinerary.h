#pragma once
// Building the check's input: from planned journeys (legs per country) and from trip.json
// (docs/rules-format.md, "Trip files").
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "caravan/rules/check.h"

namespace caravan::rules {

// Time spent in one country by a planned journey: arrival and departure as unix seconds with the local
// UTC offsets there (they can differ, e.g. across Kazakhstan's 2024-03-01 change).
struct country_leg {
  std::string country_;
  std::int64_t arrival_unix_{0};
  std::int64_t departure_unix_{0};
  std::int32_t arrival_offset_s_{0};
  std::int32_t departure_offset_s_{0};
  std::string entry_port_;
};

// One stay per run of consecutive legs in the same country (a change of train inside a country is one
// stay); entry = the run's first arrival, exit = its last departure, as local date-times.
// Every stay gets `default_purpose`; callers set ports, tickets and groups afterwards when they know them.
itinerary stays_from_legs(std::span<country_leg const> legs, purpose default_purpose = purpose::kTourism);

struct trip_file {
  std::vector<traveller> travellers_;
  itinerary itinerary_;
};

// Parses trip.json; throws data_error naming the file, line and JSON path of what is wrong.
trip_file parse_trip(std::string_view text, std::string const& file_name);

// "CN", "CN:service", "CN:ordinary:1960-05-01" (nationality, passport type, birth date).
traveller parse_traveller_spec(std::string_view spec);

}  // namespace caravan::rules

namespace caravan::rules {

// One traveller's trip in a phrase: "every entry is allowed as planned", or what must be done before
// departure ("to do before departure: TM: arrange a Letter of Invitation ..., 6-20 working days ahead"),
// or that the trip is not possible as planned (and what to do before departure besides).
std::string trip_summary(traveller_result const& result);

// The results as JSON text (the shape is in docs/rules-format.md, "Check output").
std::string to_json(std::span<traveller const> travellers, itinerary const& trip,
                    std::span<traveller_result const> results);

}  // namespace caravan::rules
