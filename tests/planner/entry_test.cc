// Entry rules on planned journeys: the countries a journey enters (from the stops' zones), where and
// when, and the verdicts of the bundled rules (data/rules) for travellers on those real dates.
#include <gtest/gtest.h>

#include <filesystem>

#include "caravan/planner/entry.h"
#include "caravan/planner/plan.h"
#include "caravan/rules/itinerary.h"
#include "silk_feed.h"

namespace caravan::planner {
namespace {

using test::silk;

rules::rule_set const& bundled_rules() {
  static auto const rs = rules::rule_set::load_directory(std::filesystem::path{CARAVAN_SOURCE_DIR} / "data" / "rules");
  return rs;
}

struct planned {
  journey_planner planner_{silk()};
  std::unique_ptr<routing::search_state, void (*)(routing::search_state*)> state_ = routing::make_search_state();
  itinerary first(std::string from, std::string to, std::string time) {
    plan_request r;
    r.from_ = std::move(from);
    r.to_ = std::move(to);
    r.time_ = std::move(time);
    auto p = planner_.plan(r, *state_);
    EXPECT_FALSE(p.itineraries_.empty());
    return p.itineraries_.empty() ? itinerary{} : p.itineraries_.back();  // fewest transfers last
  }
};

TEST(Entry, FlightIntoUzbekistanThenByRoadIntoTajikistan) {
  //   URC (CN) --air--> TAS (UZ) ~~walk~~ TASR --rail--> SKD (UZ) ==taxi over J==> PJK (TJ)
  planned p;
  auto const it = p.first("URC", "PJK", "2026-06-01T07:00");
  std::vector<rules::traveller> const travellers{rules::parse_traveller_spec("CN"), rules::parse_traveller_spec("KZ")};
  auto const e = check_entry(it, bundled_rules(), travellers);
  ASSERT_EQ(e.entries_.size(), 2U);
  EXPECT_EQ(e.entries_[0].country_, "UZ");
  EXPECT_EQ(e.entries_[0].from_country_, "CN");
  EXPECT_EQ(e.entries_[0].stop_id_, "TAS");
  EXPECT_EQ(e.entries_[0].port_, "TAS");
  EXPECT_EQ(e.entries_[0].at_, it.legs_.front().arrival_);
  EXPECT_EQ(e.entries_[1].country_, "TJ");
  EXPECT_EQ(e.entries_[1].port_, "J") << "over a road crossing the crossing is the port";
  ASSERT_EQ(e.results_.size(), 2U);
  ASSERT_EQ(e.results_[0].stays_.size(), 2U);
  // China - Uzbekistan: visa-free since 2025-06-01, 30 days a stay.
  EXPECT_TRUE(rules::is_ok(e.results_[0].stays_[0].verdict_)) << rules::to_string(e.results_[0].stays_[0].verdict_);
  ASSERT_NE(e.results_[0].stays_[0].rule_, nullptr);
  EXPECT_EQ(e.results_[0].stays_[0].rule_->regime_, rules::regime::kVisaFree);
  ASSERT_TRUE(e.results_[0].stays_[0].latest_exit_);
  EXPECT_EQ(rules::format_day(*e.results_[0].stays_[0].latest_exit_), "2026-06-30");
  // Chinese citizens under 55 need a visa for Tajikistan; Kazakh citizens do not (facts/entry_rules.md).
  EXPECT_EQ(e.results_[0].stays_[1].verdict_, rules::verdict::kVisaNeeded);
  EXPECT_TRUE(rules::is_ok(e.results_[1].stays_[0].verdict_));
  EXPECT_TRUE(rules::is_ok(e.results_[1].stays_[1].verdict_));
  EXPECT_FALSE(e.visa_free());
  // The JSON names each entry, each traveller's verdict and the rule's sources.
  auto const j = to_json(e, travellers);
  ASSERT_EQ(j.size(), 2U);
  EXPECT_EQ(j[0]["country"], "UZ");
  EXPECT_EQ(j[0]["time"], "2026-06-01T09:00+05:00");
  EXPECT_EQ(j[1]["travellers"][0]["verdict"], "visa_needed");
  EXPECT_EQ(j[0]["travellers"][0]["regime"], "visa_free");
  EXPECT_FALSE(j[0]["travellers"][0]["rule"]["sources"].empty());
}

TEST(Entry, OnlyKazakhTravellersMakeThatTripVisaFree) {
  planned p;
  auto const it = p.first("URC", "PJK", "2026-06-01T07:00");
  std::vector<rules::traveller> const kz{rules::parse_traveller_spec("KZ")};
  EXPECT_TRUE(check_entry(it, bundled_rules(), kz).visa_free());
}

TEST(Entry, CheckEntriesKeepsEachItinerarysCheckAndFiltersOnlyWhenAsked) {
  planned p;
  auto const a = p.first("URC", "PJK", "2026-06-01T07:00");  // CN -> ... -> TJ: visa-free for KZ only
  auto const b = p.first("TASR", "SKD", "2026-06-01T07:00");  // inside Uzbekistan: no entry
  std::vector<rules::traveller> const cn{rules::parse_traveller_spec("CN")};
  std::vector<itinerary> all{a, b};
  auto const checks = check_entries(all, bundled_rules(), cn, false);
  ASSERT_EQ(all.size(), 2U);
  ASSERT_EQ(checks.size(), 2U);
  EXPECT_EQ(to_json(checks[0], cn), to_json(check_entry(a, bundled_rules(), cn), cn));
  EXPECT_FALSE(checks[0].visa_free());
  EXPECT_TRUE(checks[1].entries_.empty());
  std::vector<itinerary> only{a, b};
  auto const kept = check_entries(only, bundled_rules(), cn, true);
  ASSERT_EQ(only.size(), 1U) << "the journey needing a visa is dropped";
  ASSERT_EQ(kept.size(), 1U);
  EXPECT_EQ(only[0].departure_, b.departure_);
  EXPECT_TRUE(kept[0].entries_.empty());
}

TEST(Entry, AJourneyInOneCountryEntersNone) {
  planned p;
  auto const it = p.first("TASR", "SKD", "2026-06-01T07:00");
  std::vector<rules::traveller> const cn{rules::parse_traveller_spec("CN")};
  auto const e = check_entry(it, bundled_rules(), cn);
  EXPECT_TRUE(e.entries_.empty());
  EXPECT_TRUE(e.visa_free());
}

}  // namespace
}  // namespace caravan::planner
