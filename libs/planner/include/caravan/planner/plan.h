#pragma once
// A journey-planning request as a person or a program writes it (text for places, times, windows and
// modes) and its answer as itineraries. The CLI and the HTTP API share this; neither adds logic of its
// own below its transport.
//
// Thread safety: a journey_planner is immutable after construction; plan() may run on any number of
// threads at once, each with its own routing::search_state.
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <string>
#include <vector>

#include "caravan/planner/coverage.h"
#include "caravan/planner/itinerary.h"
#include "caravan/planner/places.h"
#include "caravan/routing/raptor.h"

namespace caravan::planner {

struct plan_request {
  std::string from_, to_;  // stop id or name
  std::string time_;       // parse_time(): local at the origin (the destination when arrive_by_), or absolute
  bool arrive_by_{false};
  std::string window_;  // parse_duration(); empty: a single departure time
  std::string modes_;   // parse_modes(); empty: all
  routing::mode_mask without_modes_{0};  // left out of modes_ as well (a caller's own filter)
  std::optional<int> max_transfers_;
  // Given: this change time applies at every stop, also where transfers.txt gives one
  // (routing::query::override_min_change_). Not given: the stop's own, else 120 s.
  std::optional<std::int32_t> min_change_s_;
  bool footpaths_{true};
  // When to give up (routing::query::stop_): a deadline and/or a flag. A search that is stopped throws
  // routing::cancelled out of plan() (and plan_trip(), which passes it to each of its searches).
  routing::stop_condition stop_;
};

struct plan_response {
  resolved_place from_, to_;
  std::int64_t time_{0};  // the parsed request time, unix seconds
  std::string time_tz_;   // the zone it was read in
  bool arrive_by_{false};
  std::int32_t window_s_{0};
  std::vector<itinerary> itineraries_;
  // With no itineraries and a time outside the days the data covers: what it covers ("the Silk Road
  // data ends on 2027-12-31"), so the answer is never a bare "no journey".
  std::optional<std::string> coverage_note_;
};

class journey_planner {
 public:
  explicit journey_planner(tt::timetable const& tt);

  // Throws query_error for anything in the request that cannot be read or is out of range. `closed`:
  // stops the journeys may not get off at (routing::query::closed_), e.g. stops_of_countries().
  plan_response plan(plan_request const& r, routing::search_state& s, std::span<tt::stop_idx const> closed = {}) const;

  // The stops of each country (countries.h: from their time zones), found once.
  std::vector<tt::stop_idx> stops_of_countries(std::span<std::string const> countries) const;
  std::vector<std::string> countries() const;  // those with stops, in stop order
  std::string_view country_of(tt::stop_idx s) const;  // countries.h: from the stop's zone ("" if not known)

  tt::timetable const& timetable() const { return tt_; }
  routing::engine const& engine() const { return engine_; }
  place_resolver const& places() const { return places_; }
  data_coverage const& coverage() const { return coverage_; }

 private:
  tt::timetable const& tt_;
  routing::engine engine_;
  place_resolver places_;
  std::vector<std::pair<std::string, std::vector<tt::stop_idx>>> country_stops_;
  data_coverage coverage_;
};

}  // namespace caravan::planner
