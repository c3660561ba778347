// How long mapping a timetable snapshot takes, with and without verifying its checksum.
//   CARAVAN_TIMETABLE=nyc.bin caravan-load-bench
// The page cache is warm after the first iteration; the first load after an import is the same case.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>

#include "caravan/timetable/timetable.h"

namespace {

std::string snapshot() {
  char const* f = std::getenv("CARAVAN_TIMETABLE");
  return f != nullptr ? f : "timetable.bin";
}

void load_snapshot(benchmark::State& state) {
  auto const verify = state.range(0) != 0;
  auto const path = snapshot();
  std::size_t n = 0;
  for (auto _ : state) {
    auto const tt = caravan::tt::timetable::load(path, verify);
    n = tt.n_stop_times();
    benchmark::DoNotOptimize(n);
  }
  state.counters["stop_times"] = static_cast<double>(n);
}
BENCHMARK(load_snapshot)->Arg(1)->Arg(0)->ArgName("verify_checksum")->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
