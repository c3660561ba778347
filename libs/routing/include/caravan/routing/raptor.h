#pragma once
// RAPTOR over the immutable timetable: exact, multi-day, Pareto-optimal over arrival time and number of
// trips. One engine is shared by all threads; each thread owns a search_state that is resized, never
// freed, between queries (the reference engine loses 10x when memory goes back to the system).
//
// Thread safety: engine's methods are const; a search_state must not be shared between threads.
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "caravan/routing/query.h"
#include "caravan/timetable/timetable.h"

namespace caravan::routing {

struct search_state;  // per-thread scratch memory
std::unique_ptr<search_state, void (*)(search_state*)> make_search_state();

struct search_stats {
  std::uint64_t rounds_{0};
  std::uint64_t patterns_scanned_{0};
  std::uint64_t stops_improved_{0};  // stops a ride (trip or road link) improved, summed over rounds
  std::uint64_t runs_{0};  // RAPTOR runs: 1, or one per departure time in a range query
};

namespace detail {
struct routing_index;  // derived once per timetable (src/routing_index.h)
}

class engine {
 public:
  explicit engine(tt::timetable const& tt);
  ~engine();
  engine(engine&&) noexcept;

  // What is wrong with a query, or nullopt when route() (or earliest_arrivals(), which takes no
  // destination, a single departure time and no arrive-by) can answer it. Callers with queries from
  // outside check first; the searches assert it.
  std::optional<query_error> check(query const& q) const;
  std::optional<query_error> check_one_to_all(query const& q) const;

  // Pareto-optimal journeys (arrival time vs trips) from q.from_ to q.to_, fastest first (earliest
  // arrival, then fewest trips). With q.window_s_ > 0: every journey that is Pareto-optimal in
  // (later departure, earlier arrival, fewer trips) among departures in the window, by departure.
  // With q.arrive_by_: latest departures that arrive by q.time_. Requires !check(q).
  std::vector<journey> route(query const& q, search_state& s, search_stats* stats = nullptr) const;

  // One-to-all earliest arrival (unix seconds, or kUnreachable) at every stop, walks to the stop
  // included; q.to_ is ignored. The span lives in `s` until its next use. Requires !check_one_to_all(q).
  static constexpr std::int64_t kUnreachable = std::numeric_limits<std::int64_t>::max();
  std::span<std::int64_t const> earliest_arrivals(query const& q, search_state& s) const;

  tt::timetable const& timetable() const { return tt_; }
  detail::routing_index const& index() const { return *index_; }

 private:
  tt::timetable const& tt_;
  std::unique_ptr<detail::routing_index> index_;
};

}  // namespace caravan::routing
