// How long loading a timetable snapshot takes (reading it into memory, the checksum when asked, the
// verifier), and the verifier's share alone: the checks of every load and the deep ones of
// `caravan info --verify`.
//   CARAVAN_TIMETABLE=nyc.bin caravan-load-bench
// The page cache is warm after the first iteration; the first load after an import is the same case.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>

#include "caravan/timetable/timetable.h"
#include "caravan/timetable/verify.h"

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

void verify_loaded(benchmark::State& state) {
  auto const deep = state.range(0) != 0;
  auto const path = snapshot();
  auto const tt = caravan::tt::timetable::load(path, false);
  for (auto _ : state) {
    if (deep) {
      benchmark::DoNotOptimize(caravan::tt::verify_deep(tt, path));
    } else {
      caravan::tt::verify_columns(tt.columns(), tt.scalars(), path);
    }
  }
}
BENCHMARK(verify_loaded)->Arg(0)->Arg(1)->ArgName("deep")->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
