#pragma once
// One RAPTOR search, forward (earliest arrival from the origins) or backward (latest departure to reach
// the destinations by a time). The backward search is the forward one on a mirrored timetable: times
// negated, positions, trips and days in reverse, boarding and alighting swapped, footpaths reversed. So
// inside, "view" times always grow along the search; outside they are unix seconds.
//
// View times are int32 seconds since the timetable's first day 00:00 UTC (negated when backward); the
// query's horizon keeps them far from overflow.
//
// Range queries (forward only) are rRAPTOR: one run per departure time, latest first, keeping labels
// between runs; a label then means "best with at most k trips from a departure at or after this one", so
// pruning is per round (arr_bound_, ready_bound_) instead of over all rounds (best_arr_, best_ready_).
//
// The class is declared here with its small accessors; its members are defined by topic in
// search_rounds.h (rounds, labels, transfers, road links, lower bounds), search_trips.h (finding the
// trip to board), search_scan.h (the pattern scans), search_links.h (trip links) and reconstruct.h
// (journeys from labels). route.cc, the query front, includes them all: one translation unit, so the
// hot paths inline as before.
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "caravan/base/error.h"
#include "caravan/routing/raptor.h"
#include "routing_index.h"
#include "search_state.h"

namespace caravan::routing {
namespace {  // internal to route.cc, the one file that includes these headers: called-once helpers inline

using namespace caravan::tt;

inline std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  auto const q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

template <bool Backward, bool Range>
class raptor_search {
 public:
  struct target_arrival {
    std::size_t round_;
    stop_idx stop_;
    std::int32_t time_;  // view time at the (view) target, its walk included
  };

  raptor_search(engine const& e, query const& q, search_state& s);
  ~raptor_search();
  raptor_search(raptor_search const&) = delete;
  raptor_search& operator=(raptor_search const&) = delete;

  std::int32_t to_view(std::int64_t unix) const {
    auto const r = unix - epoch_;
    CARAVAN_ASSERT(r >= -std::int64_t{400} * kSecondsPerDay && r <= kMaxViewOffset, "the query time is checked (engine::check)");
    return static_cast<std::int32_t>(Backward ? -r : r);
  }
  std::int64_t to_unix(std::int32_t view) const { return epoch_ + (Backward ? -std::int64_t{view} : view); }
  // How far after the timetable's first day a query may start: its horizon and window stay in int32.
  static constexpr std::int64_t kMaxViewOffset = std::int64_t{kInf} - kMaxHorizon - kMaxWindow - 2 * kSecondsPerDay;

  // One run from view time t0: all rounds. With targets, prunes by the best arrival at any target and
  // records each round's target arrival that improves on fewer trips (the Pareto set); in range mode
  // only those this run improved, and each is reconstructed at once (the next run overwrites labels).
  //
  // only_from (range runs): when not empty, the stops that have a departure at t0 (plus their walks from
  // the origins). Only they are marked for the first round: at another source stop every trip this run
  // can catch was caught by a later run (from that trip's own departure or from the window's end), whose
  // labels stand for this run's.
  void run(std::int32_t t0, std::vector<journey>* out = nullptr, std::span<stop_idx const> only_from = {});

  std::vector<target_arrival> const& pareto() const { return pareto_; }
  void fill_one_to_all();
  journey reconstruct(target_arrival const& ta) const;

  // Departure instants (view times in [from, to]) of every trip the traveller could board first:
  // at an origin, or one footpath away. A range query runs once per instant.
  // With the stop of each: (time, stop) pairs, latest first.
  std::vector<std::pair<std::int32_t, stop_idx>> departure_times(std::int32_t from, std::int32_t to) const;

  // Range queries: what the targets' per-round bounds were when a run began (see record_target()).
  void snapshot_target_best() { run_start_best_ = target_best_; }

  void add_stats(search_stats& st) const {
    st.runs_ += stats_runs_;
    st.rounds_ += stats_rounds_;
    st.patterns_scanned_ += stats_patterns_;
    st.stops_improved_ += stats_improved_;
  }

 private:
  // --- the mirrored view of a pattern ---
  struct pattern_view {
    pattern_idx p_;
    pattern_record const* pr_;
    stop_time const* times_;
    pattern_stop const* stops_;
    std::uint32_t n_;
    std::uint32_t n_trips_;
    std::int32_t const* boarding_;  // stop-major times one boards at: departures (forward) or arrivals (backward)

    std::uint32_t pos(std::uint32_t i) const { return Backward ? n_ - 1 - i : i; }
    std::uint32_t trip(std::uint32_t k) const { return Backward ? n_trips_ - 1 - k : k; }
    stop_idx stop(std::uint32_t i) const { return stops_[pos(i)].stop(); }
    bool can_board(std::uint32_t i) const { return Backward ? stops_[pos(i)].can_alight() : stops_[pos(i)].can_board(); }
    bool can_alight(std::uint32_t i) const { return Backward ? stops_[pos(i)].can_board() : stops_[pos(i)].can_alight(); }
    stop_time const& at(std::uint32_t k, std::uint32_t i) const { return times_[static_cast<std::size_t>(trip(k)) * n_ + pos(i)]; }
    stop_time const* row(std::uint32_t k) const { return times_ + static_cast<std::size_t>(trip(k)) * n_; }
    // The trip search reads these along one stop, so they come from the stop-major copy.
    std::int32_t dep(std::uint32_t k, std::uint32_t i) const {
      auto const t = boarding_[static_cast<std::size_t>(pos(i)) * n_trips_ + trip(k)];
      return Backward ? -t : t;
    }
    std::int32_t arr(std::uint32_t k, std::uint32_t i) const { return Backward ? -at(k, i).dep_ : at(k, i).arr_; }
    // A time of a stop-time row at view position i: when one alights there, and when one boards.
    std::int32_t alight_time(stop_time const* row, std::uint32_t i) const { return Backward ? -row[pos(i)].dep_ : row[pos(i)].arr_; }
    std::int32_t board_time(stop_time const* row, std::uint32_t i) const { return Backward ? -row[pos(i)].arr_ : row[pos(i)].dep_; }
    tz_idx tz() const { return pr_->tz_; }
  };

  pattern_view view_of(pattern_idx p) const {
    auto const& pr = c_.patterns_[p.idx()];
    auto const off = c_.pattern_stop_offsets_[p.idx()];
    return {p, &pr, c_.stop_times_.data() + pr.first_stop_time_, c_.pattern_stops_.data() + off,
            c_.pattern_stop_offsets_[p.idx() + 1] - off, pr.n_trips_,
            (Backward ? ix_.stop_major_arr_ : ix_.stop_major_dep_).data() + pr.first_stop_time_};
  }

  std::int32_t day_start(tz_idx tz, std::uint32_t d) const {
    return static_cast<std::int32_t>(d) * kSecondsPerDay + c_.tz_day_start_[tz.idx() * n_days_ + d];
  }
  std::int32_t view_base(tz_idx tz, std::uint32_t d) const { return Backward ? -day_start(tz, d) : day_start(tz, d); }
  // Service days in view order from d: the next one, and whether d is still one.
  static constexpr std::int64_t kDayStep = Backward ? -1 : 1;
  bool valid_day(std::int64_t d) const { return d >= 0 && d < n_days_; }

  std::span<footpath const> footpaths(stop_idx st) const {
    return Backward ? tt_.footpaths_in(st) : tt_.footpaths_out(st);
  }
  std::int32_t change_time(stop_idx st) const {
    if (q_.override_min_change_) {
      return q_.min_change_s_;
    }
    auto const m = c_.stops_[st.idx()].min_change_;
    return m >= 0 ? m : q_.min_change_s_;
  }
  bool mode_allowed(pattern_record const& pr) const { return all_modes_ || (q_.modes_ & mask_of(pr.mode_)) != 0U; }

  // --- rounds and labels (search_rounds.h) ---
  static constexpr std::int32_t kLowerBoundReach = 6 * 3600;
  void lower_bounds();
  // Hop levels at the start while the frontier has at most kHopEager stops, then before each round while
  // it has at most 1 / kHopShare as many stops as the round has marked. Measured in instructions per query
  // (BENCHMARKS.md, issue 20): a share of 1 saves a tenth more on the merged NYC feed but costs carta and
  // sacrt 4-6 %; 16, 64 or 256 eager stops change carta by under 1 % and merged by 3-5 %.
  static constexpr std::size_t kHopEager = 64;
  static constexpr std::size_t kHopShare = 2;
  bool hop_bounds_pay() const;
  void hop_start();
  void hop_close();
  void hop_level();
  void hop_catch_up(std::size_t k);
  // Whether a label at stop st after k rides cannot lead to a target within the query's rides (see
  // hop_start(); never without targets).
  bool hopeless(std::size_t k, stop_idx st) const {
    return hop_cap_ != 0 && k + std::min<std::size_t>(s_.hops_[st], hop_cap_) > hop_limit_;
  }
  // Whether arriving at (or being ready at) stop st at view time t < b cannot lead to a target before b.
  bool too_far(stop_idx st, std::int32_t t, std::int32_t b) const {
    if constexpr (Range) {
      return has_targets_ && std::min(s_.lower_bound_[st], lower_bound_cap_) >= b - t;
    } else {
      return false;
    }
  }
  std::int32_t bound(std::size_t k) const { return std::min(end_ + 1, Range ? target_best_[k] : target_bound_); }
  std::int32_t arr_label(std::size_t k, stop_idx st) const { return Range ? s_.arr_bound_[s_.at(k, st)] : s_.best_arr_[st]; }
  std::int32_t trip_arr_label(std::size_t k, stop_idx st) const {
    return Range ? s_.trip_bound_[s_.at(k, st)] : s_.hot_[st].best_trip_;
  }
  void improve_arrival(std::size_t k, stop_idx st, std::int32_t t);
  [[gnu::always_inline]] void set_ride_arrival(std::size_t k, stop_idx st, std::int32_t a, trip_parent const& parent);
  void set_ready(std::size_t k, stop_idx st, std::int32_t t, stop_idx from);
  void set_walk_arrival(std::size_t k, stop_idx st, std::int32_t t, stop_idx from);
  void flag_target_patterns(std::uint8_t on);
  void init_sources();
  void close_stops();
  std::int32_t source_time(stop_idx st) const;
  void collect_patterns(std::size_t k);
  void relax_road_links(std::size_t k);
  void transfer(std::size_t k);
  void record_target(std::size_t k, std::vector<journey>* out);
  void end_run(std::size_t reached);

  // --- service days ---
  bool runs_service(bitfield_idx service, std::uint32_t d) const {
    auto const words = tt_.scalars().bitfield_words_;
    return ((c_.bitfields_[service.v() * words + d / 64U] >> (d % 64U)) & 1U) != 0U;
  }
  bool runs(trip_idx t, std::uint32_t d) const { return runs_service(ix_.trip_service_[t], d); }
  // The k-th trip of a pattern in view order.
  trip_idx trip_at(pattern_view const& v, std::uint32_t k) const { return trip_idx{v.pr_->first_trip_.v() + v.trip(k)}; }
  // Some trip of the pattern runs on service day d.
  bool pattern_runs(pattern_idx p, std::uint32_t d) const {
    auto const words = tt_.scalars().bitfield_words_;
    return ((ix_.pattern_days_[p.v() * words + d / 64U] >> (d % 64U)) & 1U) != 0U;
  }

  // --- finding the trip to board (search_trips.h) ---
  struct boarding {
    std::uint32_t trip_;  // view index within the pattern, kNone if none
    std::uint32_t day_;
    std::int32_t base_;  // view base of the day
    std::uint32_t slot_{kNone};  // view index in the pattern's day list of day_, kNone if not known
  };
  // The pattern's trips running on a day, by view index j < n_: trip(j) is a view index in the pattern.
  struct day_trips {
    detail::pattern_trip const* trips_{nullptr};  // in pattern order
    std::uint32_t n_{0};
    std::uint32_t n_trips_{0};
    std::uint32_t trip(std::uint32_t j) const { return Backward ? n_trips_ - 1 - trips_[n_ - 1 - j].v() : trips_[j].v(); }
  };
  bool has_day_lists(pattern_idx p) const { return ix_.pattern_day_of_[p] != detail::routing_index::kNoDays; }
  std::optional<day_trips> trips_on(pattern_idx p, std::uint32_t day) const;
  [[gnu::noinline]] boarding earliest_trip(pattern_view const& v, std::uint32_t i, std::int32_t ready, boarding cur,
                                           std::int32_t limit) const;
  void best_unlisted(pattern_view const& v, std::uint32_t i, std::uint32_t day, std::int32_t base, std::int32_t threshold,
                     boarding& best, std::int32_t& best_time) const;
  void best_in_classes(pattern_view const& v, std::uint32_t i, std::uint32_t day, std::int32_t base, std::int32_t threshold,
                       boarding& best, std::int32_t& best_time) const;
  std::int64_t first_day(pattern_record const& pr, std::int32_t ready, std::int32_t last_dep) const;
  [[gnu::always_inline]] boarding earliest_listed(pattern_view const& v, std::uint32_t i, std::int32_t ready, boarding cur,
                                                  std::int32_t limit) const;
  void best_in_list(day_trips const& list, pattern_view const& v, std::uint32_t i, std::uint32_t day, std::int32_t base,
                    std::int32_t threshold, boarding& best, std::int32_t& best_time) const;
  boarding earlier_trip(pattern_view const& v, std::uint32_t i, std::int32_t ready, boarding cur, std::int32_t dep_now,
                        std::int64_t prev_end, std::int64_t next_start) const;
  std::pair<std::int32_t, std::int32_t> view_departures(pattern_idx p) const;
  static constexpr std::int64_t kDayBoundsReach = 8;
  std::pair<std::int64_t, std::int64_t> day_bounds(pattern_view const& v, std::uint32_t day) const;
  boarding earlier_trip_checking_days(pattern_view const& v, std::uint32_t i, std::int32_t ready, boarding cur,
                                      std::int32_t dep_now) const;
  static constexpr std::uint32_t kMaxWalk = 32;
  boarding walk_back(pattern_view const& v, std::uint32_t i, std::int32_t ready, boarding cur, std::int32_t dep_now) const;
  // The one service day on which the pattern has a trip leaving in [from, to) at some stop (from its
  // earliest and latest departures), kNoDay when none has, kManyDays when more than one may.
  static constexpr std::uint32_t kNoDay = kNone;
  static constexpr std::uint32_t kManyDays = kNone - 1;
  std::uint32_t days_between(pattern_view const& v, std::int32_t from, std::int32_t to) const;
  stop_time const* previous_row(pattern_view const& v, boarding const& b) const;
  std::int32_t prev_departure(boarding const& b, stop_time const* prev_row, pattern_view const& v, std::uint32_t i) const;
  bool none_earlier(boarding const& b, stop_time const* prev_row, pattern_view const& v, std::uint32_t i, std::int32_t ready,
                    std::int32_t dep, std::int64_t prev_end, std::int64_t next_start) const;
  boarding same_time_earlier(pattern_view const& v, std::uint32_t i, boarding const& b, std::int32_t dep) const;

  // --- pattern scans (search_scan.h) ---
  void scan(std::size_t k, pattern_idx p);
  void collect_lanes(std::size_t k, pattern_view const& v);
  bool dst_change_near(tz_idx tz);
  bool links_matter(pattern_idx p) const;
  void scan_plain(std::size_t k, pattern_view const& v);
  [[gnu::noinline]] bool hopeless_after(std::size_t k, pattern_view const& v, std::uint32_t i) const;
  void scan_pattern(std::size_t k, pattern_view const& v);

  // --- trip links (search_links.h) ---
  // The ridden trip in a pattern scan: which trip, where and how it was boarded, and its links still
  // ahead in view order (links are sorted by position per trip).
  struct ride_state {
    boarding b_{kNone, 0, 0};
    stop_time const* row_{nullptr};  // the trip's stop times
    std::uint32_t board_pos_{0};
    std::uint32_t permit_{kNone};
    std::uint32_t next_link_{0}, end_link_{0};  // backward: links [end, next) from next - 1 down
    std::uint32_t link_pos_{kNone};             // view position of the next link
  };
  void board(ride_state& r, pattern_view const& v, boarding const& b, std::uint32_t i, std::uint32_t permit) const;
  [[gnu::always_inline]] void trip_arrival(std::size_t k, pattern_view const& v, boarding const& b, std::uint32_t board_pos, std::uint32_t permit,
                    std::uint32_t i, stop_idx st, std::int32_t a);
  [[gnu::noinline]] void follow_links(std::size_t k, pattern_view const& v, ride_state& r, std::uint32_t i, stop_idx st,
                                      std::int32_t a);
  [[gnu::noinline]] void later_trips_links(std::size_t k, pattern_view const& v, ride_state const& r, std::uint32_t i,
                                           stop_idx st, std::int32_t a);
  void later_links_of(std::size_t k, pattern_view const& v, ride_state const& r, std::uint32_t i, stop_idx st,
                      std::int32_t a, bool changeable);
  void add_permit(detail::trip_link const& l, std::size_t k, std::int32_t a, stop_idx st, bool alighted,
                  trip_parent const& from);

  // --- journeys from labels (reconstruct.h) ---
  leg walk_leg(stop_idx from, stop_idx to, std::int32_t dep, std::int32_t arr) const;
  bool walked(std::size_t k, stop_idx from, stop_idx to, std::int32_t arr, std::vector<leg>& legs, stop_idx& st) const;
  bool leg_to_ready(std::size_t k, stop_idx board_stop, std::vector<leg>& legs, stop_idx& st) const;
  leg road_leg(std::size_t k, stop_idx st, trip_parent const& tp) const;
  leg trip_leg(trip_parent const& tp) const;

  timetable const& tt_;
  timetable_columns<mapped_column> const& c_;
  detail::routing_index const& ix_;
  query const& q_;
  search_state& s_;
  std::vector<place> const& sources_;
  std::vector<place> const& targets_;
  std::uint32_t n_stops_;
  std::uint32_t n_days_;
  std::int64_t epoch_;
  std::size_t n_rounds_;
  std::int32_t t0_{0};
  std::int32_t start_{0};  // the query's time (view); a range query's runs start at or after it
  std::int32_t end_{0};
  bool has_targets_{false};
  bool roads_{false};      // some road link may be taken
  bool road_mode_{false};  // the query allows road links (else only those within one place)
  bool links_{false};
  std::int32_t target_bound_{kInf};            // best at any target, any round
  std::vector<std::int32_t> target_best_;      // per round: best at any target with at most k trips
  std::vector<std::int32_t> run_start_best_;   // target_best_ when the current run began (range)
  std::int32_t run_best_{kInf};                // best target arrival recorded in this run
  bool all_modes_{true};
  bool stoppable_{false};  // the query has a stop_condition: look at it once per round
  std::size_t hop_limit_{kNone};  // rides a journey may have when hop_start() ran, else no limit
  std::size_t hop_depth_{0};      // the hop bounds are known up to this many rides
  std::size_t hop_cap_{0};        // what a stop not set needs at least (kNoHops when all are known; 0: no bounds)
  std::int32_t lower_bound_cap_{kInf};  // lower_bounds(): what stops it did not settle are at least
  std::vector<std::int8_t> dst_near_;  // per time zone: -1 not known yet, else dst_change_near()
  std::uint32_t lane_day_{kNone};      // scanning one day's trips of a pattern (see scan), or kNone: all days
  std::vector<std::uint32_t> lanes_;
  std::vector<target_arrival> pareto_;
  std::uint64_t stats_runs_{0}, stats_rounds_{0}, stats_patterns_{0}, stats_improved_{0};
};

}  // namespace
}  // namespace caravan::routing
