// How long the entry-rules check takes for a typical trip: Xi'an -> Almaty -> Samarkand (3 countries)
// for 2 travellers (CN with earlier stays in Kazakhstan, DE), and how long loading data/rules takes.
//   CARAVAN_RULES=data/rules caravan-check-bench --benchmark_min_time=0.2
#include <benchmark/benchmark.h>

#include <array>
#include <cstdlib>
#include <string>
#include <vector>

#include "caravan/rules/check.h"
#include "caravan/rules/itinerary.h"
#include "caravan/rules/rule_set.h"

namespace {

using namespace caravan::rules;

std::string rules_dir() {
  char const* d = std::getenv("CARAVAN_RULES");
  return d != nullptr ? d : CARAVAN_SOURCE_DIR "/data/rules";
}

trip_file typical_trip() {
  return parse_trip(R"({
  "travellers": [
    {"nationality": "CN", "earlier_stays": [{"country": "KZ", "entry": "2025-03-01", "exit": "2025-03-20"},
                                            {"country": "KZ", "entry": "2025-04-10", "exit": "2025-04-30"}]},
    {"nationality": "DE"}
  ],
  "stays": [
    {"country": "CN", "entry": "2025-06-01T09:00+08:00", "exit": "2025-06-03T10:00+08:00", "entry_port": "XIY"},
    {"country": "KZ", "entry": "2025-06-03T14:00+05:00", "exit": "2025-06-20T09:00+05:00", "entry_port": "ALA"},
    {"country": "UZ", "entry": "2025-06-20T12:00+05:00", "exit": "2025-07-10T18:00+05:00", "entry_port": "SKD"}
  ]
})",
                    "bench-trip.json");
}

void check_typical_trip(benchmark::State& state) {
  auto const rs = rule_set::load_directory(rules_dir());
  auto const trip = typical_trip();
  for (auto _ : state) {
    auto results = check(rs, trip.travellers_, trip.itinerary_);
    benchmark::DoNotOptimize(results);
  }
  state.counters["rules"] = static_cast<double>(rs.rules().size());
}
BENCHMARK(check_typical_trip)->Unit(benchmark::kMicrosecond);

// Issue 13: the check is linear in the number of stays. A long trip of one-day stays, Kazakhstan,
// Uzbekistan and China in turn, a day each, for a Chinese traveller (rolling windows in KZ and UZ):
// time per stay stays flat from 1,000 to 64,000 stays.
itinerary long_trip(std::int64_t n) {
  itinerary out;
  auto const first = *parse_day("2025-01-01");
  constexpr std::array<char const*, 3> kCountries{"KZ", "UZ", "CN"};
  for (std::int64_t i = 0; i != n; ++i) {
    stay s;
    s.country_ = kCountries[static_cast<std::size_t>(i % 3)];
    s.entry_.date_ = first + date::days{static_cast<int>(i)};
    s.exit_.date_ = s.entry_.date_;
    out.stays_.push_back(std::move(s));
  }
  return out;
}

void check_long_trip(benchmark::State& state) {
  auto const rs = rule_set::load_directory(rules_dir());
  auto const trip = long_trip(state.range(0));
  std::vector<traveller> people(1);
  people[0].nationality_ = "CN";
  for (auto _ : state) {
    auto results = check(rs, people, trip);
    benchmark::DoNotOptimize(results);
  }
  state.counters["stays"] = static_cast<double>(state.range(0));
  state.counters["per_stay"] = benchmark::Counter(static_cast<double>(state.range(0)),
                                                  benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}
BENCHMARK(check_long_trip)->Arg(1'000)->Arg(8'000)->Arg(64'000)->Unit(benchmark::kMillisecond);

void load_rules(benchmark::State& state) {
  auto const dir = rules_dir();
  for (auto _ : state) {
    auto rs = rule_set::load_directory(dir);
    benchmark::DoNotOptimize(rs);
  }
}
BENCHMARK(load_rules)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
