// A year of the network's figures (libs/stats, issue 19): every table but the travel times on a
// snapshot (NYC's merged feed: 8 M stop times), and all of them on the bundled Silk Road data (with the
// capitals' fastest journeys month by month).
//   CARAVAN_TIMETABLE=nyc.bin CARAVAN_FROM=2026-06-01 caravan-stats-bench
// bench/stats.sh runs both and names the machine.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>

#include "caravan/base/date.h"
#include "caravan/base/progress.h"
#include "caravan/gtfs/load.h"
#include "caravan/gtfs/source.h"
#include "caravan/stats/network.h"
#include "caravan/timetable/timetable.h"

namespace {

std::string env_or(char const* name, char const* fallback) {
  char const* v = std::getenv(name);
  return v != nullptr ? v : fallback;
}

// 365 days from CARAVAN_FROM (default: the snapshot's first day).
caravan::stats::date_range year_of(caravan::tt::timetable const& tt) {
  auto const from = env_or("CARAVAN_FROM", "");
  auto const first = from.empty() ? tt.scalars().first_day_ : *caravan::parse_date(from, caravan::date_format::kIso);
  return {first, first + 364};
}

void report(benchmark::State& state, caravan::stats::network_figures const& f) {
  auto const& totals = f.tables_.front();
  state.counters["services"] = static_cast<double>(std::get<std::int64_t>(totals.rows_[0].cells_[0]));
  state.counters["city_pairs"] = static_cast<double>(std::get<std::int64_t>(totals.rows_[0].cells_[3]));
}

void network_year_snapshot(benchmark::State& state) {
  auto const path = env_or("CARAVAN_TIMETABLE", "");
  if (path.empty()) {
    state.SkipWithError("set CARAVAN_TIMETABLE to a snapshot");
    return;
  }
  auto const tt = caravan::tt::timetable::load(path);
  caravan::stats::network_request r{.range_ = year_of(tt)};
  caravan::stats::network_figures f;
  for (auto _ : state) {
    f = caravan::stats::compute_network(tt, r);
    benchmark::DoNotOptimize(f);
  }
  report(state, f);
  state.counters["stop_times"] = static_cast<double>(tt.n_stop_times());
}
BENCHMARK(network_year_snapshot)->Unit(benchmark::kMillisecond)->UseRealTime();

caravan::tt::timetable const& silkroad() {
  static caravan::tt::timetable const tt = [] {
    caravan::progress quiet{false};
    auto r = caravan::gtfs::load(*caravan::gtfs::open_feed(std::string{CARAVAN_SOURCE_DIR} + "/data/silkroad"), {}, quiet);
    return caravan::tt::timetable::from_data(std::move(r.data_));
  }();
  return tt;
}

// range(0) = 1: with the capitals' fastest journeys, 0: without.
void network_year_silkroad(benchmark::State& state) {
  auto const& tt = silkroad();
  caravan::stats::network_request r{.range_ = {*caravan::parse_date("2026-01-01", caravan::date_format::kIso),
                                               *caravan::parse_date("2026-12-31", caravan::date_format::kIso)}};
  if (state.range(0) != 0) {
    r.travel_time_places_ = caravan::stats::capitals();
  }
  caravan::stats::network_figures f;
  for (auto _ : state) {
    f = caravan::stats::compute_network(tt, r);
    benchmark::DoNotOptimize(f);
  }
  report(state, f);
}
BENCHMARK(network_year_silkroad)->Arg(0)->Arg(1)->ArgName("travel_times")->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
