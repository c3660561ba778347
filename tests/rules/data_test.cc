// The shipped rules in data/rules: they load, every rule has a source, and the key China - Central Asia
// rules say what ../shared/facts/entry_rules.md says.
#include <algorithm>
#include <filesystem>

#include <gtest/gtest.h>

#include "caravan/rules/rule_set.h"

namespace {

using namespace caravan::rules;

rule_set const& data() {
  static auto const rs = rule_set::load_directory(std::filesystem::path{CARAVAN_SOURCE_DIR} / "data/rules");
  return rs;
}

rule const& get(std::string_view id) {
  auto const* r = data().find(id);
  if (r == nullptr) {
    throw std::runtime_error{"no rule " + std::string{id}};
  }
  return *r;
}

std::string day_of(std::optional<day> d) { return d ? format_day(*d) : "-"; }

TEST(rules_data, every_rule_has_a_dated_source) {
  ASSERT_GT(data().rules().size(), 100U);
  for (auto const& r : data().rules()) {
    SCOPED_TRACE(r.id_);
    ASSERT_FALSE(r.sources_.empty());
    for (auto const& s : r.sources_) {
      EXPECT_FALSE(s.url_.empty());
      EXPECT_GE(s.checked_, day{date::year{2026} / 1 / 1});
    }
  }
  for (auto const& g : data().groups()) {
    EXPECT_FALSE(g.sources_.empty()) << g.id_;
  }
}

TEST(rules_data, china_kazakhstan_mutual_exemption) {
  for (auto const id : {"cn-kz-mutual-2023", "kz-cn-mutual-2023"}) {
    SCOPED_TRACE(id);
    auto const& r = get(id);
    EXPECT_EQ(r.regime_, regime::kVisaFree);
    EXPECT_EQ(r.max_stay_days_, 30);
    ASSERT_TRUE(r.window_);
    EXPECT_EQ(r.window_->max_days_, 90);
    EXPECT_EQ(r.window_->period_days_, 180);
    EXPECT_EQ(day_of(r.from_), "2023-11-10");
    EXPECT_FALSE(r.until_);
    EXPECT_EQ(r.confidence_, confidence::kHigh);
    EXPECT_TRUE(r.count_entry_day_ && r.count_exit_day_);
  }
  EXPECT_EQ(get("cn-kz-mutual-2023").destination_, "KZ");
  EXPECT_EQ(get("kz-cn-mutual-2023").destination_, "CN");
  EXPECT_EQ(day_of(get("cn-kz-unilateral-14d-2022").until_), "2023-11-09");
}

TEST(rules_data, china_uzbekistan_mutual_exemption_and_before) {
  for (auto const id : {"cn-uz-mutual-2025", "uz-cn-mutual-2025"}) {
    auto const& r = get(id);
    EXPECT_EQ(r.max_stay_days_, 30) << id;
    EXPECT_EQ(r.window_->max_days_, 90) << id;
    EXPECT_EQ(r.window_->period_days_, 180) << id;
    EXPECT_EQ(day_of(r.from_), "2025-06-01") << id;
  }
  auto const& ten = get("cn-uz-10d-2021");
  EXPECT_EQ(ten.max_stay_days_, 10);
  EXPECT_TRUE(ten.onward_ticket_);
  EXPECT_EQ(day_of(ten.from_), "2021-03-01");
  EXPECT_EQ(day_of(ten.until_), "2025-05-31");
}

TEST(rules_data, china_240_hour_transit) {
  auto const& r = get("cn-transit-240h-2024");
  EXPECT_EQ(r.regime_, regime::kVisaFreeTransit);
  EXPECT_EQ(r.max_hours_, 240);
  EXPECT_TRUE(r.onward_ticket_);
  EXPECT_TRUE(r.third_country_);
  EXPECT_EQ(day_of(r.from_), "2024-12-17");
  auto const* g = data().find_group("cn-transit-240h");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->members_.size(), 54U);
  for (auto const* c : {"GB", "US", "RU", "BY", "UA", "KR", "JP", "SG", "BN", "AE", "QA", "AU", "NZ", "DE", "FR"}) {
    EXPECT_TRUE(data().covers(r, c)) << c;
  }
  // No Central Asian state is on either of China's lists; Indonesia came later with its own rule.
  for (auto const* c : {"KZ", "KG", "TJ", "TM", "UZ", "ID", "IN", "TR"}) {
    EXPECT_FALSE(data().covers(r, c)) << c;
    EXPECT_FALSE(data().covers(get("cn-unilateral-30d-2026"), c)) << c;
  }
  EXPECT_EQ(day_of(get("id-cn-transit-240h-2025").from_), "2025-06-12");
  EXPECT_EQ(data().find_group("cn-unilateral-30d")->members_.size(), 45U);
  EXPECT_EQ(day_of(get("cn-unilateral-30d-2026").from_), "2025-11-04");
  EXPECT_EQ(day_of(get("cn-unilateral-30d-2026").until_), "2026-12-31");
}

TEST(rules_data, kyrgyzstan_and_tajikistan_special_rules) {
  auto const& g = get("cn-kg-group-tour-2024");
  EXPECT_EQ(g.regime_, regime::kVisaFreeGroupTour);
  EXPECT_EQ(g.max_stay_days_, 21);
  ASSERT_TRUE(g.group_);
  EXPECT_EQ(g.group_->min_size_, 5);
  EXPECT_EQ(g.group_->max_size_, 25);
  EXPECT_TRUE(g.group_->registered_operator_);
  EXPECT_EQ(g.reentry_after_days_, 21);
  EXPECT_EQ(get("cn-kg-e-visa").regime_, regime::kEVisa);

  auto const& age = get("cn-tj-age-55-2024");
  EXPECT_EQ(age.min_age_, 55);
  EXPECT_EQ(age.max_stay_days_, 14);
  EXPECT_EQ(day_of(age.from_), "2024-05-01");
  // The content-farm claim is kept, not used, with the reason.
  auto const& disputed = get("cn-tj-disputed-visa-free-30");
  EXPECT_FALSE(disputed.use_);
  EXPECT_NE(disputed.why_.find("content-farm"), std::string::npos);

  auto const permits = data().area_permits();
  EXPECT_TRUE(std::any_of(permits.begin(), permits.end(),
                          [](area_permit const& p) { return p.destination_ == "TJ" && p.region_ == "TJ-GB"; }));
}

TEST(rules_data, visitor_rules_from_the_dataset_are_low_confidence_and_dated) {
  int n = 0;
  for (auto const& r : data().rules()) {
    if (r.id_.ends_with("-passport-index")) {
      ++n;
      SCOPED_TRACE(r.id_);
      EXPECT_EQ(r.confidence_, confidence::kLow);
      EXPECT_EQ(r.precedence_, 0);
      ASSERT_FALSE(r.sources_.empty());
      EXPECT_EQ(r.sources_[0].kind_, "dataset");
      EXPECT_EQ(day_of(r.sources_[0].dataset_date_), "2025-01-12");
    } else {
      EXPECT_EQ(r.precedence_, 10) << r.id_ << ": sourced rules outrank the dataset";
    }
  }
  // 15 passports x 6 destinations minus the 6 diagonal pairs minus TJ -> KG ("no admission").
  EXPECT_EQ(n, 83);
  EXPECT_EQ(get("in-kz-passport-index").max_stay_days_, 14);
  EXPECT_EQ(get("us-cn-passport-index").regime_, regime::kEVisa);
  EXPECT_EQ(get("de-kg-passport-index").max_stay_days_, 60);
}

}  // namespace
