// Planning heritage tours (issue 18) over the bundled Silk Road data: 5, 8 and 12 sites from Almaty
// (exact: dynamic programming over subsets), and 16 (the heuristic). Each iteration is a whole
// plan_tour(): the range queries between the towns (none are kept between requests), the solver, the
// tours played out and checked with the entry rules. bench/tours.sh runs it.
#include <benchmark/benchmark.h>

#include <filesystem>

#include "caravan/base/progress.h"
#include "caravan/gtfs/load.h"
#include "caravan/rules/itinerary.h"
#include "caravan/tours/tour.h"

using namespace caravan;

namespace {

std::filesystem::path const kSource{CARAVAN_SOURCE_DIR};

struct fixture {
  tt::timetable tt = [] {
    progress quiet{false};
    auto r = gtfs::load(*gtfs::open_feed(kSource / "data/silkroad"), {}, quiet);
    return tt::timetable::from_data(std::move(r.data_));
  }();
  planner::journey_planner planner{tt};
  tours::site_catalogue sites{tt, sites::load_sites(kSource / "data/silkroad/caravan_heritage_sites.txt"),
                              tours::load_visit_overrides(kSource / "data/tours/site_visits.csv")};
  rules::rule_set rules = rules::rule_set::load_directory(kSource / "data/rules");
};

fixture const& data() {
  static fixture const f;
  return f;
}

// Sites the data's journeys reach, nearest Almaty first.
std::vector<std::string> const kSites{"kz_talgar",  "kz_akyrtas",   "kz_ornek",      "kz_kostobe",
                                      "kz_kulan",   "kz_aktobe",    "kg_nevaket",    "kg_sulaiman",
                                      "uz_samarkand", "uz_bukhara", "uz_shahrisabz", "uz_itchan_kala",
                                      "tm_merv",     "tm_nisa",       "cn_bashbaliq", "cn_big_goose"};

void plan(benchmark::State& state) {
  auto const& d = data();
  tours::tour_request r;
  r.start_ = "Almaty";
  r.start_time_ = "2026-06-01T08:00";
  r.days_ = 30;
  r.travellers_ = {rules::parse_traveller_spec("CN"), rules::parse_traveller_spec("DE")};
  r.sites_.assign(kSites.begin(), kSites.begin() + state.range(0));
  auto s = routing::make_search_state();
  std::size_t visited = 0;
  for (auto _ : state) {
    auto const a = tours::plan_tour(r, d.planner, d.sites, d.rules, *s);
    visited = a.tours_.empty() ? 0 : a.tours_.front().order_.size();
    benchmark::DoNotOptimize(a);
  }
  state.counters["visited"] = static_cast<double>(visited);
}

}  // namespace

BENCHMARK(plan)->Arg(5)->Arg(8)->Arg(12)->Arg(16)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
