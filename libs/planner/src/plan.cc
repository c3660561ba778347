#include "caravan/planner/plan.h"

#include <fmt/format.h>

#include <algorithm>

#include "caravan/planner/countries.h"
#include "caravan/planner/error.h"
#include "caravan/planner/modes.h"
#include "caravan/planner/times.h"

namespace caravan::planner {

namespace {

// The request field an engine's objection to a query is about.
std::string field_of(routing::query_problem p) {
  using enum routing::query_problem;
  switch (p) {
    case kNoOrigin:
    case kOriginNotInTimetable: return "from";
    case kNoDestination:
    case kDestinationNotInTimetable: return "to";
    case kTooManyTransfers: return "max_transfers";
    case kWindow:
    case kWindowArriveBy: return "window";
    case kChangeTime: return "min_change";
    case kHorizon:
    case kTimeOutsideTimetable:
    case kNotSingleTime: return "time";
  }
  return "time";
}

}  // namespace

journey_planner::journey_planner(tt::timetable const& tt) : tt_{tt}, engine_{tt}, places_{tt}, coverage_{coverage_of(tt)} {
  for (auto const s : indices<tt::stop_idx>(tt.n_stops())) {
    auto const country = country_of(s);
    if (country.empty()) {
      continue;
    }
    auto it = std::find_if(country_stops_.begin(), country_stops_.end(), [&](auto const& c) { return c.first == country; });
    if (it == country_stops_.end()) {
      country_stops_.emplace_back(std::string{country}, std::vector<tt::stop_idx>{});
      it = std::prev(country_stops_.end());
    }
    it->second.push_back(s);
  }
}

std::string_view journey_planner::country_of(tt::stop_idx s) const { return country_of_zone(tt_.tz_name(tt_.stop(s).tz_)); }

std::vector<std::string> journey_planner::countries() const {
  std::vector<std::string> out;
  for (auto const& c : country_stops_) {
    out.push_back(c.first);
  }
  return out;
}

std::vector<tt::stop_idx> journey_planner::stops_of_countries(std::span<std::string const> countries) const {
  std::vector<tt::stop_idx> out;
  for (auto const& [country, stops] : country_stops_) {
    if (std::find(countries.begin(), countries.end(), country) != countries.end()) {
      out.insert(out.end(), stops.begin(), stops.end());
    }
  }
  return out;
}

plan_response journey_planner::plan(plan_request const& r, routing::search_state& s, std::span<tt::stop_idx const> closed) const {
  plan_response out;
  out.from_ = places_.resolve(r.from_, "from");
  out.to_ = places_.resolve(r.to_, "to");
  out.arrive_by_ = r.arrive_by_;
  // Local times are read where the traveller is at that time: the origin, or the destination when arriving by.
  out.time_tz_ = tt_.tz_name(tt_.stop(r.arrive_by_ ? out.to_.primary_ : out.from_.primary_).tz_);
  out.time_ = parse_time(r.time_, out.time_tz_, "time");

  routing::query q;
  auto const places = [](resolved_place const& p, std::vector<routing::place>& v) {
    for (std::size_t i = 0; i != p.stops_.size(); ++i) {
      v.push_back({p.stops_[i], p.walk_s_.empty() ? 0 : p.walk_s_[i]});
    }
  };
  places(out.from_, q.from_);
  places(out.to_, q.to_);
  q.time_ = out.time_;
  q.arrive_by_ = r.arrive_by_;
  if (!r.window_.empty()) {
    out.window_s_ = parse_duration(r.window_, "window");
    if (out.window_s_ > routing::kMaxWindow) {
      throw query_error{"window", fmt::format("window `{}` is longer than {} days", r.window_, routing::kMaxWindow / 86'400)};
    }
    if (r.arrive_by_ && out.window_s_ > 0) {
      throw query_error{"window", "a window of departures cannot be combined with arrive-by"};
    }
    q.window_s_ = out.window_s_;
  }
  if (!r.modes_.empty()) {
    q.modes_ = parse_modes(r.modes_, "modes");
  }
  q.modes_ &= ~r.without_modes_;
  if (r.max_transfers_) {
    if (*r.max_transfers_ < 0 || *r.max_transfers_ > routing::kMaxTransfersLimit) {
      throw query_error{"max_transfers", fmt::format("max transfers {} is not between 0 and {}", *r.max_transfers_,
                                                     routing::kMaxTransfersLimit)};
    }
    q.max_transfers_ = static_cast<std::uint8_t>(*r.max_transfers_);
  }
  if (r.min_change_s_) {
    if (*r.min_change_s_ < 0 || *r.min_change_s_ > tt::kSecondsPerDay) {
      throw query_error{"min_change", fmt::format("min change {} s is not between 0 and 86400", *r.min_change_s_)};
    }
    q.min_change_s_ = *r.min_change_s_;
    q.override_min_change_ = true;
  }
  q.use_footpaths_ = r.footpaths_;
  auto const first_day = std::int64_t{tt_.scalars().first_day_} * tt::kSecondsPerDay;
  auto const end_day = first_day + std::int64_t{tt_.scalars().n_days_} * tt::kSecondsPerDay;
  // Beyond a search horizon from the service days nothing can be found; say which days those are.
  if (q.time_ < first_day - q.horizon_s_ || q.time_ > end_day + q.horizon_s_) {
    throw query_error{"time", fmt::format("time `{}` is outside the timetable, which runs from {} to {}", r.time_,
                                          format_time(first_day, "UTC").substr(0, 10),
                                          format_time(end_day - tt::kSecondsPerDay, "UTC").substr(0, 10))};
  }
  q.closed_.assign(closed.begin(), closed.end());
  q.stop_ = r.stop_;
  if (auto const e = engine_.check(q)) {
    throw query_error{field_of(e->problem_), e->message_};
  }
  auto journeys = engine_.route(q, s);
  if (journeys.empty() && q.window_s_ == 0) {
    // Nothing within the usual week (a crossing closed for a week-long holiday, a weekly service just
    // missed): look as far as the engine allows. Labels only improve with earlier times, so the search
    // costs little more where nothing is reachable at all.
    q.horizon_s_ = routing::kMaxHorizon;
    journeys = engine_.route(q, s);
  }
  for (auto const& j : journeys) {
    out.itineraries_.push_back(present(tt_, j, out.from_.primary_, out.to_.primary_));
  }
  if (out.itineraries_.empty()) {
    out.coverage_note_ = coverage_message(coverage_, q.time_);
  }
  return out;
}

}  // namespace caravan::planner
