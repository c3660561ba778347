// Journey-planner benchmark: seeded random queries on a timetable snapshot.
//   caravan-route-bench SNAPSHOT [--queries N] [--seed S] [--footpaths] [--min-change S] [--kind ea|all|range|arrive-by]
//                                [--window SECONDS] [--horizon HOURS | --same-day] [--deadline SECONDS]
//                                [--max-transfers N]
// Queries: origins and destinations among stops served on the busiest service day, departures between
// 05:00 and 20:00 of that day in the origin's time zone. Prints mean, median, p90 and p99 per query.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "caravan/base/date.h"
#include "caravan/routing/raptor.h"
#include "caravan/timetable/info.h"

using namespace caravan;

namespace {

struct day_choice {
  tt::day_idx day_;
  std::vector<tt::stop_idx> served_;
  std::int64_t last_arrival_{0};  // unix seconds: the last arrival of a trip of that service day
};

day_choice busiest_day(tt::timetable const& t) {
  auto const& s = t.scalars();
  std::vector<std::uint64_t> trips_per_day(s.n_days_, 0);
  for (auto const& trip : t.columns().trips_) {
    for (std::uint32_t d = 0; d != s.n_days_; ++d) {
      trips_per_day[d] += t.runs_on(trip.service_, tt::day_idx{d}) ? 1U : 0U;
    }
  }
  auto const best = static_cast<std::uint32_t>(std::max_element(trips_per_day.begin(), trips_per_day.end()) - trips_per_day.begin());
  day_choice c{tt::day_idx{best}, {}};
  std::vector<std::uint8_t> served(t.n_stops(), 0);
  for (auto const p : indices<tt::pattern_idx>(t.n_patterns())) {
    auto const& pr = t.pattern(p);
    bool runs = false;
    auto const last_stop = static_cast<std::uint32_t>(t.pattern_stops(p).size() - 1);
    for (std::uint32_t k = 0; k != pr.n_trips_; ++k) {
      if (t.runs_on(t.trip(tt::trip_idx{pr.first_trip_.v() + k}).service_, c.day_)) {
        runs = true;
        c.last_arrival_ = std::max(c.last_arrival_, t.service_day_start(pr.tz_, c.day_) + t.time_at(p, k, last_stop).arr_);
      }
    }
    if (runs) {
      for (auto const ps : t.pattern_stops(p)) {
        served[ps.stop().idx()] = 1;
      }
    }
  }
  for (auto const st : indices<tt::stop_idx>(t.n_stops())) {
    if (served[st.idx()] != 0U) {
      c.served_.push_back(st);
    }
  }
  return c;
}

// What to measure (the command line).
struct bench_options {
  std::string file;
  std::size_t n_queries = 1000;
  unsigned seed = 42;
  bool footpaths = false;
  bool no_trip_links = false;
  std::int32_t min_change = 0;
  std::string kind = "ea";
  std::int32_t window = 7200;
  std::string emit;
  std::int32_t horizon_h = 7 * 24;
  bool same_day = false;
  bool scopes = false;  // each query in both scopes, paired (see compare_scopes)
  std::int32_t deadline_s = 0;  // > 0: each query gets a stop_condition this far ahead (looked at every round)
  int max_transfers = 7;
};

// Seeded random queries between served stops on the busiest day, 05:00-20:00 local.
std::vector<routing::query> make_queries(tt::timetable const& t, day_choice const& choice, bench_options const& o) {
  std::mt19937 rng{o.seed};
  std::uniform_int_distribution<std::size_t> pick(0, choice.served_.size() - 1);
  std::uniform_int_distribution<std::int32_t> minute(5 * 60, 20 * 60);
  std::vector<routing::query> queries;
  for (std::size_t i = 0; i != o.n_queries; ++i) {
    routing::query q;
    auto const from = choice.served_[pick(rng)];
    q.from_ = {{from, 0}};
    q.to_ = {{choice.served_[pick(rng)], 0}};
    // Local midnight of the day is close enough to its service-day start + 12 h - 12 h for sampling.
    q.time_ = t.service_day_start(t.stop(from).tz_, choice.day_) + std::int64_t{minute(rng)} * 60;
    q.use_footpaths_ = o.footpaths;
    q.use_trip_links_ = !o.no_trip_links;
    q.horizon_s_ = o.same_day ? static_cast<std::int32_t>(std::max<std::int64_t>(60, choice.last_arrival_ - q.time_)) : o.horizon_h * 3600;
    q.min_change_s_ = o.min_change;
    q.max_transfers_ = static_cast<std::uint8_t>(o.max_transfers);
    q.override_min_change_ = true;
    q.window_s_ = o.kind == "range" ? o.window : 0;
    q.arrive_by_ = o.kind == "arrive-by";
    queries.push_back(q);
  }
  return queries;
}

// --emit-batch: the queries as a `caravan route --batch` file; prints its --date.
int emit_batch(tt::timetable const& t, day_choice const& choice, std::vector<routing::query> const& queries, std::string const& emit) {
  std::FILE* out = std::fopen(emit.c_str(), "w");
  if (out == nullptr) {
    std::fprintf(stderr, "caravan-route-bench: cannot write %s\n", emit.c_str());
    return 1;
  }
  std::fprintf(out, "from_stop_id,to_stop_id,departure_time\n");
  for (auto const& q : queries) {
    auto const s = q.time_ - t.service_day_start(t.stop(q.from_[0].stop_).tz_, choice.day_);
    std::fprintf(out, "%s,%s,%02lld:%02lld:00\n", std::string{t.str(t.stop(q.from_[0].stop_).id_)}.c_str(),
                 std::string{t.str(t.stop(q.to_[0].stop_).id_)}.c_str(), static_cast<long long>(s / 3600),
                 static_cast<long long>(s / 60 % 60));
  }
  std::fclose(out);
  auto const date = format_date(t.scalars().first_day_ + static_cast<std::int32_t>(choice.day_.v()));
  std::printf("%s\n", date.c_str());
  return 0;
}

// Runs the queries and prints the times and what the searches did.
void run_queries(tt::timetable const& t, day_choice const& choice, std::vector<routing::query> const& queries, bench_options const& o) {
  routing::engine e{t};
  auto state = routing::make_search_state();
  std::vector<double> us;
  us.reserve(queries.size());
  double reachable_us = 0;
  double unreachable_us = 0;
  routing::search_stats stats;
  std::size_t reachable = 0;
  std::size_t journeys = 0;
  for (auto const& query : queries) {
    auto const reached_before = reachable;
    auto const start = std::chrono::steady_clock::now();
    auto q = query;
    if (o.deadline_s > 0) {
      q.stop_.deadline_ = start + std::chrono::seconds{o.deadline_s};
    }
    if (o.kind == "all") {
      auto const arr = e.earliest_arrivals(q, *state);
      reachable += arr[q.to_[0].stop_.idx()] != routing::engine::kUnreachable ? 1U : 0U;
    } else {
      auto const js = e.route(q, *state, &stats);
      reachable += js.empty() ? 0U : 1U;
      journeys += js.size();
    }
    auto const took = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
    us.push_back(took);
    (reachable > reached_before ? reachable_us : unreachable_us) += took;
  }
  std::vector<double> sorted = us;
  std::sort(sorted.begin(), sorted.end());
  auto const pct = [&](double p) { return sorted[std::min(sorted.size() - 1, static_cast<std::size_t>(p * static_cast<double>(sorted.size())))]; };
  double sum = 0;
  for (auto v : us) {
    sum += v;
  }
  std::printf("%s\n", fmt::format("{}: {} queries ({}), day {}, footpaths {}, change {} s: mean {:.1f} us, median {:.1f}, p90 {:.1f}, "
                                  "p99 {:.1f}; {} reachable, {:.2f} journeys each",
                                  o.file, queries.size(), o.kind, format_date(t.scalars().first_day_ + static_cast<std::int32_t>(choice.day_.v())),
                                  o.footpaths ? "on" : "off", o.min_change, sum / static_cast<double>(us.size()), pct(0.5), pct(0.9), pct(0.99),
                                  reachable, reachable == 0 ? 0.0 : static_cast<double>(journeys) / static_cast<double>(reachable))
                          .c_str());
  if (o.kind != "all") {
    auto const n = static_cast<double>(queries.size());
    std::printf("%s\n", fmt::format("  per query: {:.1f} runs, {:.1f} rounds, {:.0f} patterns scanned, {:.0f} stops improved; mean {:.1f} us "
                                    "when reachable, {:.1f} us when not",
                                    static_cast<double>(stats.runs_) / n, static_cast<double>(stats.rounds_) / n,
                                    static_cast<double>(stats.patterns_scanned_) / n, static_cast<double>(stats.stops_improved_) / n,
                                    reachable == 0 ? 0.0 : reachable_us / static_cast<double>(reachable),
                                    reachable == queries.size() ? 0.0 : unreachable_us / static_cast<double>(queries.size() - reachable))
                            .c_str());
  }
}

// --scopes: each query same-day and over --horizon, one after the other (the order alternating), split
// by whether the same-day search answers it, only the longer one does, or neither: what the longer
// horizon costs where the answer is found on the first day, and where it is not. Each query the longer
// search answers is also run told where its answer lies ("told": from the answer's first departure to
// its last arrival, not paired): what an engine that knew which days to search would still spend on it.
void compare_scopes(tt::timetable const& t, day_choice const& choice, bench_options o) {
  o.same_day = true;
  auto const day = make_queries(t, choice, o);
  o.same_day = false;
  auto const week = make_queries(t, choice, o);
  routing::engine e{t};
  auto state = routing::make_search_state();
  struct sums {
    double day_us{0}, week_us{0};
    std::size_t n{0};
    double told_us{0};  // over the queries the longer search answers
    std::size_t told_n{0};
  };
  sums answered, later, not_answered;
  for (std::size_t i = 0; i != day.size(); ++i) {
    std::vector<routing::journey> found;
    auto const time = [&](routing::query const& q) {
      auto const start = std::chrono::steady_clock::now();
      found = e.route(q, *state);
      return std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
    };
    double d = 0;
    double w = 0;
    bool found_day = false;
    std::vector<routing::journey> week_found;
    if (i % 2 == 0) {
      d = time(day[i]);
      found_day = !found.empty();
      w = time(week[i]);
      week_found = std::move(found);
    } else {
      w = time(week[i]);
      week_found = std::move(found);
      d = time(day[i]);
      found_day = !found.empty();
    }
    auto& into = found_day ? answered : !week_found.empty() ? later : not_answered;
    into.day_us += d;
    into.week_us += w;
    into.n += 1;
    if (!week_found.empty()) {
      auto told = week[i];
      auto first = week_found.front().departure_;
      auto last = week_found.front().arrival_;
      for (auto const& j : week_found) {
        first = std::min(first, j.departure_);
        last = std::max(last, j.arrival_);
      }
      told.time_ = first;
      told.horizon_s_ = static_cast<std::int32_t>(std::max<std::int64_t>(60, last - first));
      into.told_us += time(told);
      into.told_n += 1;
    }
  }
  auto const line = [&](char const* what, sums const& x) {
    auto const n = static_cast<double>(std::max<std::size_t>(x.n, 1));
    std::printf("%s\n", fmt::format("  {} ({}): same day {:.1f} us, {} h {:.1f} us, ratio {:.2f}; told where the answer lies ({}): {:.1f} us",
                                    what, x.n, x.day_us / n, o.horizon_h, x.week_us / n, x.day_us > 0 ? x.week_us / x.day_us : 0.0,
                                    x.told_n, x.told_n == 0 ? 0.0 : x.told_us / static_cast<double>(x.told_n)).c_str());
  };
  std::printf("%s\n", fmt::format("{}: {} queries in both scopes, day {}", o.file, day.size(),
                                  format_date(t.scalars().first_day_ + static_cast<std::int32_t>(choice.day_.v()))).c_str());
  line("answered the same day", answered);
  line("answered on a later day only", later);
  line("not answered", not_answered);
  line("all", {answered.day_us + later.day_us + not_answered.day_us, answered.week_us + later.week_us + not_answered.week_us,
               answered.n + later.n + not_answered.n, answered.told_us + later.told_us, answered.told_n + later.told_n});
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Caravan journey-planner benchmark"};
  bench_options o;
  app.add_option("snapshot", o.file)->required();
  app.add_option("--queries", o.n_queries)->capture_default_str();
  app.add_option("--seed", o.seed)->capture_default_str();
  app.add_flag("--footpaths", o.footpaths, "Use footpaths (default: none)");
  app.add_flag("--no-trip-links", o.no_trip_links, "Ignore block_id stay-seated and trip-to-trip transfers");
  app.add_option("--min-change", o.min_change, "Change time everywhere, seconds")->capture_default_str();
  app.add_option("--kind", o.kind,
                 "ea: earliest arrival with the Pareto set over transfers; all: one-to-all; range: Pareto over a "
                 "departure window; arrive-by: latest departures arriving by the query time")
      ->capture_default_str()
      ->check(CLI::IsMember({"ea", "all", "range", "arrive-by"}));
  app.add_option("--window", o.window, "Departure window of range queries, seconds")->capture_default_str();
  app.add_option("--horizon", o.horizon_h, "Search horizon, hours")->capture_default_str()->check(CLI::Range(1, 31 * 24));
  app.add_flag("--same-day", o.same_day,
               "End each search at the last arrival of the day's trips (the scope of an engine that loads one day's "
               "timetable), instead of --horizon");
  app.add_option("--emit-batch", o.emit,
                 "Write the queries as a `caravan route --batch` file (from_stop_id,to_stop_id,HH:MM:SS) and print its "
                 "--date, instead of running them");
  app.add_option("--deadline", o.deadline_s,
                 "Give each query a deadline this many seconds ahead (routing::stop_condition), to measure its checks")
      ->check(CLI::Range(1, 86'400));
  app.add_flag("--scopes", o.scopes,
               "Run each query same-day and over --horizon, paired, and split the means by whether the same-day "
               "search answers it; also runs each answered query told where its answer lies (from its first "
               "departure to its last arrival)");
  app.add_option("--max-transfers", o.max_transfers, "At most this many transfers (63: rounds until nothing improves)")
      ->capture_default_str()
      ->check(CLI::Range(0, int{routing::kMaxTransfersLimit}));
  CLI11_PARSE(app, argc, argv);

  auto const t = [&] {
    try {
      return tt::timetable::load(o.file);
    } catch (std::exception const& e) {
      std::fprintf(stderr, "caravan-route-bench: %s\n", e.what());
      std::exit(1);
    }
  }();
  auto const choice = busiest_day(t);
  auto const queries = make_queries(t, choice, o);
  if (!o.emit.empty()) {
    return emit_batch(t, choice, queries, o.emit);
  }
  if (queries.empty()) {
    routing::engine const e{t};  // --queries 0: load and index only (a baseline for instruction counts)
    return 0;
  }
  if (o.scopes) {
    compare_scopes(t, choice, o);
    return 0;
  }
  run_queries(t, choice, queries, o);
  return 0;
}
