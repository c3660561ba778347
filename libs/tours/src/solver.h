#pragma once
// The tour's optimisation, inside the library: the towns' clocks (local days), the travel functions
// between towns read from the planner's range-query profiles, the visit function, the exact solver
// (dynamic programming over subsets) and the heuristic beyond kExactLimit.
//
// Every step function here is FIFO (leaving later never arrives earlier): travel() takes the earliest
// arrival of the planner's Pareto profile among journeys leaving no earlier than the (normalised) time,
// and visit() waits for the next opening that fits. That is what makes keeping, per subset and last
// site, only the labels Pareto-optimal in (ready time, travel time) exact.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "caravan/routing/raptor.h"
#include "caravan/tours/tour.h"
#include "caravan/tours/visits.h"

namespace caravan::tours::detail {

constexpr std::int64_t kNever = routing::engine::kUnreachable;

// Local days of one zone over the tour's span: the instants of local midnights.
class clock {
 public:
  clock(std::string tz, std::int32_t first_date, std::int32_t n_dates);
  std::string const& tz() const { return tz_; }
  // The local date (days since 1970) of instant t, and the instant of a date's local time of day.
  std::int32_t date_of(std::int64_t t) const;
  std::int64_t at(std::int32_t date, std::int32_t seconds_of_day) const;
  std::int32_t last_date() const { return first_ + static_cast<std::int32_t>(midnights_.size()) - 2; }

 private:
  std::string tz_;
  std::int32_t first_;
  std::vector<std::int64_t> midnights_;  // first_ .. first_ + n, one more than the dates
  std::vector<char> shifts_;             // per date: the UTC offset changes that day (DST)
};

// One journey of a profile: leaving the town's main stop at dep_, arriving at the other's at arr_
// (drives inside the towns included), with the planner's journey itself.
struct hop {
  std::int64_t dep_{kNever}, arr_{kNever};
  routing::journey const* journey_{nullptr};  // null when staying in the same town, or by car
  bool car_{false};                           // a hired car's drive (estimated)
};

struct settings {
  std::int32_t day_start_s_, day_end_s_;
  bool overnight_;
  routing::mode_mask modes_;
  std::int64_t horizon_end_;  // nothing is planned after this instant
  routing::stop_condition stop_;
  bool hire_car_{false};
};

// The towns a tour uses and the travel between them, computed lazily (a range query per ordered pair and
// week of departures, on first use) and kept for the tour's search.
class network {
 public:
  network(routing::engine const& engine, routing::search_state& s, std::vector<town> towns, settings const& cfg,
          std::int32_t first_date);

  std::size_t n_towns() const { return towns_.size(); }
  town const& town_at(std::size_t i) const { return towns_[i]; }
  clock const& clock_of(std::size_t i) const { return clocks_[i]; }
  settings const& config() const { return cfg_; }

  // When the traveller in town `a` at t may set out: t, or the next day's start when t is outside the
  // travel day.
  std::int64_t set_out(std::size_t a, std::int64_t t) const;
  // The journey from a to b the tour takes when ready at t: the earliest arrival among journeys leaving
  // within a travel day, no earlier than set_out(a, t) (without overnight rides, also arriving by the end
  // of the day it leaves on), or the hired car's drive when earlier. arr_ kNever: none within the
  // horizon. a == b: {t, t, null}.
  hop travel(std::size_t a, std::size_t b, std::int64_t t);
  std::size_t range_queries() const { return n_queries_; }

 private:
  struct window {
    bool done_{false};
    std::vector<routing::journey> journeys_;  // sorted by departure
    std::vector<std::size_t> best_from_;      // per position: index of the earliest arrival from it on
    std::vector<std::int64_t> leave_;         // per journey: when the traveller leaves town (leave_of)
    std::int64_t last_leave_{0};              // the latest of leave_
  };
  struct single {
    routing::journey journey_;
    std::int64_t leave_{0};
  };
  // The earliest arrival among journeys leaving a between `from` and `until` (both included).
  hop earliest_between(std::size_t a, std::size_t b, std::int64_t from, std::int64_t until);
  hop by_timetable(std::size_t a, std::size_t b, std::int64_t t);
  hop by_car(std::size_t a, std::size_t b, std::int64_t t) const;
  std::int64_t leave_of(routing::journey const& j) const;
  routing::query query_of(std::size_t a, std::size_t b) const;
  window const& window_of(std::size_t a, std::size_t b, std::size_t w);

  routing::engine const& engine_;
  routing::search_state& state_;
  std::vector<town> towns_;
  settings cfg_;
  std::vector<clock> clocks_;
  std::int64_t origin_;  // start of window 0
  std::vector<std::vector<window>> windows_;  // [a * n + b][w]
  // Pairs whose journeys may start with a road link: a car leaves whenever asked, so the range query's
  // departures (those of trips) miss it; these are asked one departure time at a time, kept here.
  std::vector<char> by_road_;
  std::vector<std::int32_t> car_s_;  // per pair: a hired car's drive, 0 when not allowed
  std::map<std::pair<std::size_t, std::int64_t>, single> single_;
  std::size_t n_queries_{0};
};

// A site as the solver sees it.
struct stop_site {
  std::size_t town_;
  std::int32_t access_s_, visit_s_, opens_s_, closes_s_;
};

// Visiting a site from its town, ready there at t: when the traveller is back in town (kNever: not
// within the horizon), and the visit's start.
struct visit_times {
  std::int64_t leave_{kNever}, start_{kNever}, end_{kNever}, back_{kNever};
};
visit_times visit(network const& net, stop_site const& s, std::int64_t t);

// A tour's outcome by the solver's measure.
struct outcome {
  std::int64_t end_{kNever};  // arrival at the end town
  std::int64_t travel_s_{0};
  int days_{0};
};

struct problem {
  std::vector<stop_site> sites_;
  std::size_t start_town_, end_town_;
  std::int64_t start_time_;
  std::int32_t start_date_;  // local date at the start
  int days_available_;
};

// An order's outcome (each visit in turn, then to the end).
outcome evaluate(network& net, problem const& p, std::vector<std::size_t> const& order);

struct solution {
  std::vector<std::vector<std::size_t>> orders_;  // best first, all sites each
  bool proven_{false};
  // When the sites do not all fit: the fewest days all need (none: not possible within the horizon) and
  // the best order of the largest subset that fits.
  std::optional<int> days_needed_;
  std::optional<std::vector<std::size_t>> fitting_;
  // Sites no tour reaches within the horizon (no journey gets to their town in time to visit).
  std::vector<std::size_t> unreachable_;
};

// Exact for up to kExactLimit sites; heuristic beyond (proven_ false). Throws routing::cancelled.
solution solve(network& net, problem const& p, std::size_t max_tours);

}  // namespace caravan::tours::detail
