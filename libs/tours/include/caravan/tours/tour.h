#pragma once
// Heritage tours (issue 18): visits to Silk Road sites ordered and joined by the planner's journeys on the
// real timetables and crossing hours, nights where they fall, and every traveller's entry verdicts for
// the whole tour. docs/tours.md has the model (what a day, a visit and a night are) and the JSON.
//
// The ordering is a travelling-salesman tour with time windows over a time-dependent network. Up to
// kExactLimit sites it is solved exactly (dynamic programming over subsets, labels Pareto-optimal in
// ready time and travel time: the travel times are FIFO step functions read from the planner's
// range-query profiles between towns); beyond, a heuristic (insertion + local search) that says it is
// not proven best.
//
// Thread safety: plan_tour() only reads the planner, the sites and the rules; run it on any number of
// threads, each with its own routing::search_state.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "caravan/planner/entry.h"
#include "caravan/planner/itinerary.h"
#include "caravan/planner/plan.h"
#include "caravan/rules/check.h"
#include "caravan/sites/sites.h"
#include "caravan/tours/visits.h"

namespace caravan::tours {

constexpr std::size_t kExactLimit = 12;    // sites solved exactly
constexpr std::size_t kMaxSites = 40;      // sites in one request
constexpr int kMaxDays = 30;               // days available in one request
constexpr std::size_t kMaxTravellers = 30;
constexpr double kMaxCarDriveM = 500'000.0;  // a hired car's longest drive between towns (straight line)

struct tour_request {
  std::string start_;       // a place as the planner reads it (stop id or name, "lat,lon")
  std::string start_time_;  // local at the start ("2026-06-01T08:00") or absolute (planner::parse_time)
  std::string end_;         // "" : back to the start
  std::vector<std::string> sites_;  // site ids; with theme_ both are visited
  // "corridor" (UNESCO 1442, all 33), "corridor:KZ", "corridor:KZ,KG", "country:UZ", "unesco:603":
  // see theme_sites().
  std::string theme_;
  int days_{0};  // days available, counted as calendar days at the start (1 .. kMaxDays)
  std::vector<rules::traveller> travellers_;
  std::optional<rules::group_tour> group_;  // set: a group tour (its size, operator, registered)
  // The travellers hold a ticket out of the country the tour ends in (the rules of some regimes ask for
  // one); every earlier country is left by the tour's own journeys, which count as onward tickets.
  bool onward_ticket_{false};
  std::string modes_;                       // planner::parse_modes(); "" all
  // The traveller's travel day, local where they are: no journey or visit starts before day_start_s_,
  // and none is set out on after day_end_s_ (it waits for the next morning).
  std::int32_t day_start_s_{8 * 3600};
  std::int32_t day_end_s_{21 * 3600};
  // Journeys may run through the night (sleeper trains, the 57-hour Xi'an - Almaty train). false: every
  // journey must arrive by day_end_s_ on the day it leaves, so every night is spent in a town.
  bool overnight_{true};
  std::size_t max_tours_{3};  // the best tours returned (1 .. 5)
  // A hired car (with driver) may also drive between towns of one country, up to kMaxCarDriveM apart, when
  // it arrives earlier than the timetable's journeys: an estimated drive within one travel day. It reaches
  // towns the data has no journeys to (Taldykorgan for Kayalyk and Karamergen).
  bool hire_car_{false};
  // Visit in the order given (sites_, then the theme's), without optimising: one tour, not proven best.
  bool keep_order_{false};
  routing::stop_condition stop_;
};

// What a tour does, in time order. Times are unix seconds; tz_ is the zone they are shown in.
enum class item_kind : std::uint8_t {
  kJourney,   // a planner itinerary between two towns (journey_ set)
  kTransfer,  // between stations of one town, or to and from a site off the network: estimated drive
  kVisit,     // at a site (site_id_)
  kWait,      // waiting in a town for the next journey or opening (a night's wait is a night)
  kNight,     // a night: in a town (place_) or on board (on_board_)
};
std::string_view to_string(item_kind);

struct tour_item {
  item_kind kind_{item_kind::kWait};
  std::int64_t start_{0}, end_{0};
  std::string tz_;
  std::string end_tz_;      // the zone of the end when it is another (a journey arriving elsewhere), else ""
  std::string place_;       // town or site name (visits, waits, nights, transfers' destination)
  std::string site_id_;     // kVisit
  std::optional<planner::itinerary> journey_;  // kJourney
  bool on_board_{false};    // kNight: on a night train or bus
  bool estimated_{false};   // times not exact (estimated schedules, drives, visit lengths)
  std::string note_;        // e.g. "arrives after 21:00", "visit length estimated (2 h)"
};

struct tour_day {
  std::string date_;  // local date of the day's first item, YYYY-MM-DD
  int number_{1};     // 1-based day of the tour
  std::vector<std::size_t> items_;  // indices into tour::items_ that start on this day
};

struct tour {
  std::vector<std::string> order_;  // site ids in visiting order
  // Sites asked for that this tour leaves out (to fit the days, or unreachable); empty: all visited.
  std::vector<std::string> left_out_;
  bool fits_{true};  // within the days available
  std::int64_t start_{0}, end_{0};
  std::string start_tz_, end_tz_;
  int days_{0};                // calendar days from the start's date to the end's date, both counted
  std::int64_t travel_s_{0};   // in journeys and transfers (waits and visits not included)
  int nights_in_towns_{0}, nights_on_board_{0};
  std::vector<tour_item> items_;
  std::vector<tour_day> days_list_;
  planner::entry_check entry_;  // the whole tour's entries and each traveller's verdicts
  bool estimated_{false};      // some time in the tour is estimated
};

// Why some of the sites cannot be visited within the days, and what would fit.
struct shortfall {
  std::optional<int> days_needed_;          // all the sites: the fewest days (none when unreachable)
  std::vector<std::string> drop_;           // the fewest sites to leave out to fit the days
  std::vector<std::string> unreachable_;    // sites no journey reaches (within the search horizon)
};

// A place of the request as resolved: the text and the stop that stands for it.
struct place_view {
  std::string text_;
  planner::stop_view stop_;
};

struct tour_answer {
  place_view start_, end_;
  int days_available_{0};
  std::vector<site_visit> sites_;  // what was asked, resolved, in the request's order
  std::vector<town> towns_;        // the towns sites_[i].town_ indexes (the catalogue's)
  // Best first: fewest days, then least travel time. When the sites do not all fit the days: first the
  // best tour of the most sites that fit (left_out_ says which not), then all the sites over more days.
  std::vector<tour> tours_;
  // The exact solver ran: no tour of these sites in this model takes fewer days than tours_[0] (its
  // travel time is the least found among tours of as many days, not proven least).
  bool proven_best_{false};
  std::string method_;             // "exact (dynamic programming over 8 sites)" or "heuristic ..."
  std::optional<shortfall> shortfall_;  // set when the sites do not all fit the days
  std::vector<std::string> notes_;      // what is estimated, where the data ends
};

// Throws planner::query_error naming the field for anything in the request that cannot be read or is out
// of range (unknown site or theme, days, too many sites, a start outside the data). An unknown site
// suggests close ids. Throws routing::cancelled when stop_ says so.
tour_answer plan_tour(tour_request const& r, planner::journey_planner const& planner, site_catalogue const& sites,
                      rules::rule_set const& rules, routing::search_state& s);

// The sites of a theme (see tour_request::theme_), or throws query_error("theme", ...).
std::vector<std::string> theme_sites(std::string_view theme, sites::site_list const& sites);

}  // namespace caravan::tours
