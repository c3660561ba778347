// Data-driven check tests: every tests/rules/scenarios/*.json holds rules (the repository's data/rules or
// its own inline rule file), cases of travellers and stays, and the expected result per traveller and stay.
// The format is in tests/rules/scenarios/README.md.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "caravan/rules/check.h"
#include "caravan/rules/itinerary.h"
#include "caravan/rules/rule_set.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace caravan::rules;

fs::path source_dir() { return fs::path{CARAVAN_SOURCE_DIR}; }

std::string read(fs::path const& p) {
  std::ifstream in{p, std::ios::binary};
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> scenario_names() {
  std::vector<std::string> out;
  for (auto const& e : fs::directory_iterator{source_dir() / "tests/rules/scenarios"}) {
    if (e.path().extension() == ".json") {
      out.push_back(e.path().stem().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

rule_set const& repository_rules() {
  static auto const rs = rule_set::load_directory(source_dir() / "data/rules");
  return rs;
}

bool has_text(std::vector<message> const& messages, std::string const& needle) {
  auto const list = texts(messages);
  return std::any_of(list.begin(), list.end(), [&](std::string const& s) { return s.find(needle) != std::string::npos; });
}

std::string dump(std::vector<message> const& messages) {
  auto const list = texts(messages);
  std::string out;
  for (auto const& s : list) {
    out += "\n    " + s;
  }
  return out;
}

class scenario : public testing::TestWithParam<std::string> {};

TEST_P(scenario, verdicts_match) {
  auto const file = source_dir() / "tests/rules/scenarios" / (GetParam() + ".json");
  auto const doc = json::parse(read(file));
  std::optional<rule_set> own;
  if (doc.at("rules").is_object()) {
    std::vector<rule_file> files{{GetParam() + ".json#/rules", doc.at("rules").dump(2)}};
    own = rule_set::load(files);
  }
  auto const& rs = own ? *own : repository_rules();
  ASSERT_FALSE(doc.at("cases").empty());
  for (auto const& c : doc.at("cases")) {
    auto const name = c.at("name").get<std::string>();
    SCOPED_TRACE(GetParam() + " / " + name);
    auto const trip = parse_trip(c.at("trip").dump(), name);
    auto const results = check(rs, trip.travellers_, trip.itinerary_);
    ASSERT_FALSE(c.at("expect").empty());
    // The traveller's whole list of what to do before departure, when the case gives it.
    if (c.contains("before_departure")) {
      auto const& want = c.at("before_departure");
      ASSERT_EQ(want.size(), results.size());
      for (std::size_t t = 0; t != results.size(); ++t) {
        EXPECT_EQ(texts(results[t].before_departure_), want[t].get<std::vector<std::string>>()) << "traveller " << t + 1;
      }
    }
    for (auto const& e : c.at("expect")) {
      auto const t = e.value("traveller", 1) - 1;
      auto const k = e.at("stay").get<std::size_t>() - 1;
      ASSERT_LT(t, results.size());
      ASSERT_LT(k, results[t].stays_.size());
      auto const& r = results[t].stays_[k];
      SCOPED_TRACE("traveller " + std::to_string(t + 1) + ", stay " + std::to_string(k + 1) + "; reasons:" +
                   dump(r.reasons_) + "\n  conditions:" + dump(r.conditions_) + "\n  notes:" + dump(r.notes_));
      EXPECT_EQ(to_string(r.verdict_), e.at("verdict").get<std::string>());
      if (e.contains("rule")) {
        EXPECT_EQ(r.rule_ ? r.rule_->id_ : std::string{"(none)"}, e.at("rule").get<std::string>());
      }
      if (e.contains("latest_exit")) {
        if (e.at("latest_exit").is_null()) {
          EXPECT_FALSE(r.latest_exit_.has_value());
        } else {
          ASSERT_TRUE(r.latest_exit_.has_value());
          EXPECT_EQ(format_day(*r.latest_exit_), e.at("latest_exit").get<std::string>());
        }
      }
      if (e.contains("over_by_days")) {
        EXPECT_EQ(r.over_by_days_, e.at("over_by_days").get<int>());
      }
      if (e.contains("window_days_used")) {
        ASSERT_TRUE(r.window_days_used_.has_value());
        EXPECT_EQ(*r.window_days_used_, e.at("window_days_used").get<int>());
      }
      for (auto const& [key, list] : {std::pair{"conditions_include", &r.conditions_},
                                      std::pair{"reasons_include", &r.reasons_}, std::pair{"notes_include", &r.notes_},
                                      std::pair{"before_departure_include", &r.before_departure_}}) {
        if (e.contains(key)) {
          for (auto const& needle : e.at(key)) {
            EXPECT_TRUE(has_text(*list, needle.get<std::string>())) << key << " lacks `" << needle.get<std::string>() << "`";
          }
        }
      }
      if (e.contains("no_conditions")) {
        EXPECT_TRUE(r.conditions_.empty());
      }
      if (e.contains("nothing_before_departure")) {
        EXPECT_TRUE(r.before_departure_.empty()) << dump(r.before_departure_);
      }
      if (e.contains("alternatives")) {
        std::vector<std::string> alts;
        for (auto const& a : r.alternatives_) {
          alts.push_back(a.rule_id_ + ":" + std::string{to_string(a.verdict_)});
        }
        std::vector<std::string> want;
        for (auto const& a : e.at("alternatives")) {
          want.push_back(a.get<std::string>());
        }
        EXPECT_EQ(alts, want);
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(rules, scenario, testing::ValuesIn(scenario_names()),
                         [](testing::TestParamInfo<std::string> const& p) {
                           auto name = p.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
