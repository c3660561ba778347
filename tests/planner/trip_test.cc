// plan_trip on the bundled Silk Road data: the best journey per main mode, and the best journeys that
// need no visa, searched for without entering the countries closed to the travellers.
#include "caravan/planner/trip.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <random>
#include <set>

#include "caravan/base/progress.h"
#include "caravan/gtfs/load.h"
#include "caravan/planner/countries.h"
#include "caravan/planner/itinerary.h"
#include "caravan/planner/times.h"
#include "caravan/rules/itinerary.h"
#include "caravan/rules/rule_set.h"

namespace caravan::planner {
namespace {

namespace fs = std::filesystem;

struct silk_road {
  silk_road() : tt_{load()}, planner_{tt_}, rules_{rules::rule_set::load_directory(fs::path{CARAVAN_SOURCE_DIR} / "data" / "rules")} {}
  static tt::timetable load() {
    progress quiet{false};
    auto r = gtfs::load(*gtfs::open_feed(fs::path{CARAVAN_SOURCE_DIR} / "data" / "silkroad"), {}, quiet);
    return tt::timetable::from_data(std::move(r.data_));
  }
  trip_answer plan(std::string from, std::string to, std::string at, std::vector<std::string> const& travellers,
                   bool only_visa_free = false) {
    trip_request r;
    r.plan_.from_ = std::move(from);
    r.plan_.to_ = std::move(to);
    r.plan_.time_ = std::move(at);
    for (auto const& t : travellers) {
      r.travellers_.push_back(rules::parse_traveller_spec(t));
    }
    r.rules_ = &rules_;
    r.only_visa_free_ = only_visa_free;
    return plan_trip(planner_, r, *state_);
  }
  tt::timetable tt_;
  journey_planner planner_;
  rules::rule_set rules_;
  std::unique_ptr<routing::search_state, void (*)(routing::search_state*)> state_ = routing::make_search_state();
};

silk_road& data() {
  static silk_road d;
  return d;
}

TEST(Trip, BestByModeKeepsTheSlowerTrain) {
  // Xi'an -> Almaty: the tourism train takes 57 h; the per-mode answer keeps it beside anything faster.
  auto const a = data().plan("Xi'an", "Almaty", "2025-05-29T08:00", {});
  ASSERT_EQ(a.best_by_mode_.size(), 4U);
  EXPECT_EQ(a.best_by_mode_[0].first.label_, "train");
  ASSERT_TRUE(a.best_by_mode_[0].second);
  for (auto const& l : a.best_by_mode_[0].second->it_.legs_) {
    EXPECT_TRUE(l.kind_ != routing::leg_kind::kTrip || l.mode_ == "rail") << l.mode_;
  }
  EXPECT_TRUE(a.visa_free_.empty());  // no travellers: no entry checks, no no-visa set
  EXPECT_FALSE(a.entries_.at(0).has_value());
}

// For random trips and nationalities: every journey of the no-visa set needs no visa for anyone on its
// real dates and never gets off in a country closed to them; every visa-free journey of the plain set
// is in it; and with --only-visa-free the itineraries are that set.
// The request's stop condition (plan_request::stop_) goes to every search of the trip: set after the
// first search (by the between-searches hook), the second one stops within its rounds with
// routing::cancelled; set before, the first does. Afterwards the same state plans as before.
TEST(Trip, AStopConditionReachesEverySearch) {
  auto& d = data();
  std::atomic<bool> stop{false};
  trip_request r;
  r.plan_.from_ = "Xi'an";
  r.plan_.to_ = "Almaty";
  r.plan_.time_ = "2025-05-29T08:00";
  r.plan_.stop_.flag_ = &stop;
  int between = 0;
  r.between_searches_ = [&] {
    ++between;
    stop.store(true);
  };
  EXPECT_THROW(plan_trip(d.planner_, r, *d.state_), routing::cancelled);
  EXPECT_EQ(between, 1);
  r.between_searches_ = {};
  EXPECT_THROW(plan_trip(d.planner_, r, *d.state_), routing::cancelled);
  stop.store(false);
  auto const a = plan_trip(d.planner_, r, *d.state_);
  auto const b = d.plan("Xi'an", "Almaty", "2025-05-29T08:00", {});
  ASSERT_EQ(a.plan_.itineraries_.size(), b.plan_.itineraries_.size());
  for (std::size_t i = 0; i != a.plan_.itineraries_.size(); ++i) {
    EXPECT_TRUE(same_journey(a.plan_.itineraries_[i], b.plan_.itineraries_[i])) << i;
  }
  EXPECT_EQ(a.best_by_mode_.size(), b.best_by_mode_.size());
}

TEST(Trip, VisaFreeSetIsVisaFreeAndMissesNothing) {
  auto& d = data();
  std::vector<std::string> stations;
  for (auto const s : indices<tt::stop_idx>(d.tt_.n_stops())) {
    if (d.tt_.stop(s).type_ == tt::location_type::kStation) {
      stations.emplace_back(d.tt_.str(d.tt_.stop(s).id_));
    }
  }
  ASSERT_GT(stations.size(), 20U);
  std::mt19937 rng{11};
  std::uniform_int_distribution<std::size_t> pick(0, stations.size() - 1);
  std::vector<std::string> const nationalities{"CN", "KZ", "KG", "UZ", "DE", "US"};
  std::uniform_int_distribution<std::size_t> who(0, nationalities.size() - 1);
  std::uniform_int_distribution<int> day(1, 28);
  int with_visa_free = 0, searched = 0;
  for (int i = 0; i != 40; ++i) {
    auto const from = stations[pick(rng)];
    auto const to = stations[pick(rng)];
    auto const at = fmt::format("2026-06-{:02}T08:00", day(rng));
    std::vector<std::string> travellers{nationalities[who(rng)]};
    if (i % 3 == 0) {
      travellers.push_back(nationalities[who(rng)]);
    }
    auto const a = d.plan(from, to, at, travellers);
    searched += a.visa_free_searched_ ? 1 : 0;
    for (auto const& v : a.visa_free_) {
      ASSERT_TRUE(v.entry_);
      EXPECT_TRUE(v.entry_->visa_free()) << from << " -> " << to << " " << at;
      for (auto const& e : v.entry_->entries_) {
        auto const closed = std::find(a.closed_countries_.begin(), a.closed_countries_.end(), e.country_) != a.closed_countries_.end();
        EXPECT_FALSE(closed) << from << " -> " << to << ": enters closed " << e.country_;
      }
    }
    for (std::size_t k = 0; k != a.plan_.itineraries_.size(); ++k) {
      auto const& it = a.plan_.itineraries_[k];
      if (!a.entries_[k]->visa_free()) {
        continue;
      }
      auto const kept = std::any_of(a.visa_free_.begin(), a.visa_free_.end(), [&](checked_itinerary const& v) {
        return v.it_.arrival_ <= it.arrival_ && v.it_.transfers_ <= it.transfers_ && v.it_.departure_ >= it.departure_;
      });
      EXPECT_TRUE(kept) << from << " -> " << to << ": a visa-free journey of the plain answer is missing";
    }
    with_visa_free += a.visa_free_.empty() ? 0 : 1;
    auto const only = d.plan(from, to, at, travellers, true);
    ASSERT_EQ(only.plan_.itineraries_.size(), a.visa_free_.size());
    for (std::size_t k = 0; k != a.visa_free_.size(); ++k) {
      EXPECT_EQ(only.plan_.itineraries_[k].arrival_, a.visa_free_[k].it_.arrival_);
    }
  }
  EXPECT_GT(with_visa_free, 5);
  EXPECT_GT(searched, 0);  // some plain answer needed a visa, so the no-visa search ran
}

TEST(Trip, ClosedCountriesFollowTheRules) {
  auto& d = data();
  // A Kazakh citizen needs no visa for China (mutual exemption since 2023-11-10), Kyrgyzstan or
  // Uzbekistan; Turkmenistan's visa on arrival needs an invitation arranged first, for everyone.
  auto const day = rules::day{date::year{2026} / 6 / 1};
  auto const kz = std::vector{rules::parse_traveller_spec("KZ")};
  EXPECT_EQ(closed_countries(d.planner_, d.rules_, kz, day, "KZ"), std::vector<std::string>{"TM"});
  // A German traveller is not stopped by a visa anywhere Caravan covers except where the rules say so; the
  // origin's country is never closed.
  auto const cn = std::vector{rules::parse_traveller_spec("CN")};
  auto const closed = closed_countries(d.planner_, d.rules_, cn, day, "CN");
  EXPECT_EQ(std::count(closed.begin(), closed.end(), "CN"), 0);
  EXPECT_EQ(std::count(closed.begin(), closed.end(), "KZ"), 0);  // visa-free for Chinese citizens
  EXPECT_EQ(std::count(closed.begin(), closed.end(), "KG"), 1);  // a visa for Chinese citizens (rules data)
}

// Every entry port the rules name is a stop of the data (an airport by its IATA code, a stop by its id)
// or one of its border crossings, or is known to lie outside the data.
TEST(Trip, EveryPortInTheRulesMatchesTheData) {
  auto& d = data();
  std::set<std::string> known;
  for (auto const s : indices<tt::stop_idx>(d.tt_.n_stops())) {
    known.insert(port_of(view_of(d.tt_, s)));
    known.emplace(d.tt_.str(d.tt_.stop(s).id_));
  }
  for (auto const& c : d.tt_.columns().border_crossings_) {
    known.emplace(d.tt_.str(c.id_));
  }
  // Ports of Turkmenistan's visa on arrival that no service in the data reaches (facts/entry_rules.md 5).
  std::set<std::string> const outside{"gaudan", "turkmenbashi_port", "kunyaurgench_khojeyli"};
  int checked = 0;
  auto const check = [&](std::string const& port, std::string const& where) {
    ++checked;
    EXPECT_TRUE(known.contains(port) || outside.contains(port)) << where << ": port `" << port << "` is not in the data";
    EXPECT_FALSE(known.contains(port) && outside.contains(port)) << port << " is in the data after all";
  };
  for (auto const& r : d.rules_.rules()) {
    for (auto const& port : r.allowed_ports_) {
      check(port, "rule " + r.id_);
    }
  }
  for (auto const& p : d.rules_.area_permits()) {
    for (auto const& port : p.ports_) {
      check(port, p.name_);
    }
  }
  EXPECT_GE(checked, 7);
  // And a journey that lands at Ashgabat airport enters Turkmenistan at port ASB, which the rule names.
  auto const ashgabat = *d.tt_.find_stop("ashgabat_asb");
  EXPECT_EQ(port_of(view_of(d.tt_, ashgabat)), "ASB");
}

}  // namespace
}  // namespace caravan::planner
