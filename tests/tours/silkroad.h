#pragma once
// The bundled Silk Road data, its sites and rules, loaded once for the tour tests.
#include <filesystem>

#include "caravan/base/progress.h"
#include "caravan/gtfs/load.h"
#include "caravan/planner/plan.h"
#include "caravan/rules/rule_set.h"
#include "caravan/sites/sites.h"
#include "caravan/tours/visits.h"

namespace caravan::tours::test {

inline std::filesystem::path source_dir() { return std::filesystem::path{CARAVAN_SOURCE_DIR}; }

struct silkroad {
  tt::timetable tt_;
  planner::journey_planner planner_{tt_};
  site_catalogue sites_{tt_, sites::load_sites(source_dir() / "data/silkroad/caravan_heritage_sites.txt"),
                        load_visit_overrides(source_dir() / "data/tours/site_visits.csv")};
  rules::rule_set rules_{rules::rule_set::load_directory(source_dir() / "data/rules")};

  static tt::timetable load() {
    progress quiet{false};
    auto r = gtfs::load(*gtfs::open_feed(source_dir() / "data/silkroad"), {}, quiet);
    return tt::timetable::from_data(std::move(r.data_));
  }
  silkroad() : tt_{load()} {}
};

inline silkroad const& data() {
  static silkroad const d;
  return d;
}

}  // namespace caravan::tours::test
