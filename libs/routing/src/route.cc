// The engine's query front: what it checks of a query, and how a query becomes searches (one run, or
// one per departure of a window) and journeys. The search itself is raptor_search (search.h); this is
// the one translation unit that instantiates it.
#include <algorithm>
#include <tuple>

#include <fmt/format.h>

#include "reconstruct.h"
#include "search.h"
#include "search_links.h"
#include "search_rounds.h"
#include "search_scan.h"
#include "search_trips.h"

namespace caravan::routing {

std::uint32_t journey::n_trips() const {
  return static_cast<std::uint32_t>(
      std::count_if(legs_.begin(), legs_.end(), [](leg const& l) { return l.kind_ != leg_kind::kWalk; }));
}

namespace {

std::optional<query_error> check_common(timetable const& tt, query const& q) {
  auto const fail = [](query_problem p, std::string m) { return std::optional{query_error{p, std::move(m)}}; };
  if (q.from_.empty()) {
    return fail(query_problem::kNoOrigin, "the query has no origin");
  }
  auto const known = [&](place const& p) { return p.stop_.valid() && p.stop_.idx() < tt.n_stops(); };
  if (!std::all_of(q.from_.begin(), q.from_.end(), known)) {
    return fail(query_problem::kOriginNotInTimetable, "an origin stop is not in the timetable");
  }
  if (!std::all_of(q.to_.begin(), q.to_.end(), known)) {
    return fail(query_problem::kDestinationNotInTimetable, "a destination stop is not in the timetable");
  }
  if (q.max_transfers_ > kMaxTransfersLimit) {
    return fail(query_problem::kTooManyTransfers, fmt::format("at most {} transfers", kMaxTransfersLimit));
  }
  if (q.horizon_s_ <= 0 || q.horizon_s_ > kMaxHorizon) {
    return fail(query_problem::kHorizon, fmt::format("the horizon must be between 1 s and {} days", kMaxHorizon / 86'400));
  }
  if (q.window_s_ < 0 || q.window_s_ > kMaxWindow) {
    return fail(query_problem::kWindow, fmt::format("the window must be between 0 and {} days", kMaxWindow / 86'400));
  }
  if (q.min_change_s_ < 0 || q.min_change_s_ > 86'400) {
    return fail(query_problem::kChangeTime, "the change time must be between 0 s and a day");
  }
  auto const from_first_day = q.time_ - std::int64_t{tt.scalars().first_day_} * kSecondsPerDay;
  if (from_first_day < -std::int64_t{400} * kSecondsPerDay || from_first_day > raptor_search<false, false>::kMaxViewOffset) {
    return fail(query_problem::kTimeOutsideTimetable, "the query time is far outside the timetable's service days");
  }
  return std::nullopt;
}

// Keeps the journeys no other beats on (later departure, earlier arrival, fewer trips), by departure.
std::vector<journey> pareto_by_departure(std::vector<journey> all) {
  std::vector<journey> out;
  auto const dominates = [](journey const& a, journey const& b) {
    return a.departure_ >= b.departure_ && a.arrival_ <= b.arrival_ && a.n_trips() <= b.n_trips();
  };
  for (std::size_t i = 0; i != all.size(); ++i) {
    auto const beaten = std::any_of(all.begin(), all.end(), [&](journey const& o) {
      auto const idx = static_cast<std::size_t>(&o - all.data());
      return idx != i && dominates(o, all[i]) && (!dominates(all[i], o) || idx < i);  // equal: keep the first
    });
    if (!beaten) {
      out.push_back(all[i]);
    }
  }
  std::stable_sort(out.begin(), out.end(), [](journey const& a, journey const& b) {
    return std::tie(a.departure_, a.arrival_) < std::tie(b.departure_, b.arrival_);
  });
  return out;
}

template <bool Backward>
std::vector<journey> single_run(engine const& e, query const& q, search_state& s, search_stats* stats) {
  raptor_search<Backward, false> f{e, q, s};
  f.run(f.to_view(q.time_));
  std::vector<journey> out;
  for (auto const& ta : f.pareto()) {
    out.push_back(f.reconstruct(ta));
  }
  // Best first: the Pareto set comes in order of more trips and better (view) times.
  std::reverse(out.begin(), out.end());
  if (stats != nullptr) {
    f.add_stats(*stats);
  }
  return out;
}

// One run per departure in the window, latest first; the first run, from the window's end, finds what
// a traveller in the window would wait for when nothing leaves in it. Each later run marks only the
// stops with a departure at its time (see raptor_search::run()).
std::vector<journey> range_runs(engine const& e, query const& q, search_state& s, search_stats* stats) {
  raptor_search<false, true> f{e, q, s};
  auto const t0 = f.to_view(q.time_);
  auto const events = f.departure_times(t0, t0 + q.window_s_);
  std::vector<journey> all;
  auto const end = t0 + q.window_s_;
  if (events.empty() || events.front().first != end) {
    f.snapshot_target_best();
    f.run(end, &all);
  }
  std::vector<stop_idx> stops;
  for (std::size_t i = 0; i != events.size();) {
    auto const t = events[i].first;
    stops.clear();
    for (; i != events.size() && events[i].first == t; ++i) {
      stops.push_back(events[i].second);
    }
    f.snapshot_target_best();
    if (t == end) {
      f.run(t, &all);  // the window's end: every source marked
    } else {
      f.run(t, &all, stops);
    }
  }
  if (stats != nullptr) {
    f.add_stats(*stats);
  }
  return pareto_by_departure(std::move(all));
}

}  // namespace

std::optional<query_error> engine::check(query const& q) const {
  if (auto const e = check_common(tt_, q)) {
    return e;
  }
  if (q.to_.empty()) {
    return query_error{query_problem::kNoDestination, "the query has no destination"};
  }
  if (q.window_s_ > 0 && q.arrive_by_) {
    return query_error{query_problem::kWindowArriveBy, "a range query departs within a window; it cannot also be arrive-by"};
  }
  return std::nullopt;
}

std::optional<query_error> engine::check_one_to_all(query const& q) const {
  if (auto const e = check_common(tt_, q)) {
    return e;
  }
  if (q.arrive_by_ || q.window_s_ > 0) {
    return query_error{query_problem::kNotSingleTime, "one-to-all earliest arrivals are for a single departure time"};
  }
  return std::nullopt;
}

std::vector<journey> engine::route(query const& q, search_state& s, search_stats* stats) const {
  if (auto const e = check(q)) {
    CARAVAN_ASSERT(false, "engine::route on a query that engine::check refuses: {}", e->message_);
  }
  if (q.arrive_by_) {
    return single_run<true>(*this, q, s, stats);
  }
  if (q.window_s_ == 0) {
    return single_run<false>(*this, q, s, stats);
  }
  return range_runs(*this, q, s, stats);
}

std::span<std::int64_t const> engine::earliest_arrivals(query const& q, search_state& s) const {
  if (auto const e = check_one_to_all(q)) {
    CARAVAN_ASSERT(false, "engine::earliest_arrivals on a query that engine::check_one_to_all refuses: {}", e->message_);
  }
  query one_to_all = q;
  one_to_all.to_.clear();
  raptor_search<false, false> f{*this, one_to_all, s};
  f.run(f.to_view(q.time_));
  f.fill_one_to_all();
  return s.result_;
}

}  // namespace caravan::routing
