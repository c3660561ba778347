// The check's sentences as messages (rules/message.h): every code is written by some check, each
// parameter says what the English text says, and the web app knows the same codes
// (web/src/lib/rule-messages.ts), so that no sentence reaches a reader without its translation.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "caravan/rules/check.h"
#include "caravan/rules/itinerary.h"
#include "caravan/rules/message_json.h"
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

// The codes the web app says in each language (RULE_MESSAGE_CODES), and rules_text.
std::set<std::string> web_codes() {
  auto const ts = read(source_dir() / "web/src/lib/rule-messages.ts");
  auto const begin = ts.find("RULE_MESSAGE_CODES = [");
  auto const end = ts.find("] as const", begin);
  EXPECT_NE(begin, std::string::npos);
  EXPECT_NE(end, std::string::npos);
  auto const list = ts.substr(begin, end - begin);
  std::set<std::string> out{std::string{kRulesText}};
  std::regex const quoted{"'([a-z_]+)'"};
  for (auto it = std::sregex_iterator{list.begin(), list.end(), quoted}; it != std::sregex_iterator{}; ++it) {
    out.insert((*it)[1].str());
  }
  return out;
}

// Each message and the messages inside its parameters.
template <typename F>
void each_message(message const& m, F const& f) {
  f(m);
  for (auto const& p : m.params_) {
    for (auto const& part : p.messages_) {
      each_message(part, f);
    }
  }
}

std::vector<message const*> all_messages(std::vector<traveller_result> const& results) {
  std::vector<message const*> out;
  auto const add = [&](std::vector<message> const& list) {
    for (auto const& m : list) {
      each_message(m, [&](message const& x) { out.push_back(&x); });
    }
  };
  for (auto const& tr : results) {
    add(tr.before_departure_);
    for (auto const& s : tr.stays_) {
      add(s.conditions_);
      add(s.reasons_);
      add(s.before_departure_);
      add(s.notes_);
    }
  }
  return out;
}

// The results of every case of every scenario (tests/rules/scenarios), with the rules each names.
struct checked {
  std::vector<traveller_result> results_;
  std::string where_;
};

std::vector<checked> check_all_scenarios() {
  static auto const repository = rule_set::load_directory(source_dir() / "data/rules");
  std::vector<checked> out;
  for (auto const& e : fs::directory_iterator{source_dir() / "tests/rules/scenarios"}) {
    if (e.path().extension() != ".json") {
      continue;
    }
    auto const doc = json::parse(read(e.path()));
    std::optional<rule_set> own;
    if (doc.at("rules").is_object()) {
      std::vector<rule_file> files{{e.path().filename().string(), doc.at("rules").dump(2)}};
      own = rule_set::load(files);
    }
    for (auto const& c : doc.at("cases")) {
      auto const name = c.at("name").get<std::string>();
      auto const trip = parse_trip(c.at("trip").dump(), name);
      out.push_back({check(own ? *own : repository, trip.travellers_, trip.itinerary_),
                     e.path().filename().string() + " / " + name});
    }
  }
  return out;
}

// Trips for the sentences no scenario meets, on a small rule file of their own.
constexpr auto kExtraRules = R"({
  "format": "caravan-rules/1",
  "destinations": [{"code": "KG", "registration": {"text": "register", "texts": {"zh": "登记"}},
                    "sources": [{"url": "https://example.org/kg", "checked": "2026-12-01"}]}],
  "area_permits": [{"destination": "KG", "region": "KG-Y", "name": "border permit", "sources": [{"url": "https://example.org/p", "checked": "2026-12-01"}]}],
  "rules": [
    {"id": "de-kg-new", "nationality": "DE", "destination": "KG", "passports": ["ordinary"], "purposes": ["tourism"],
     "regime": "visa_free", "max_stay_days": 60, "effective_from": "2025-01-01", "precedence": 1,
     "why": "newer", "sources": [{"url": "https://example.org/1", "checked": "2026-12-01"}], "confidence": "high"},
    {"id": "de-kg-old", "nationality": "DE", "destination": "KG", "passports": ["ordinary"], "purposes": ["tourism"],
     "regime": "visa_required", "effective_from": "2024-01-01",
     "sources": [{"url": "https://example.org/2", "checked": "2026-12-01"}], "confidence": "low"},
    {"id": "de-kg-limit", "nationality": "DE", "destination": "KG", "passports": ["ordinary"], "purposes": ["tourism"],
     "regime": "visa_free", "max_stay_days": 10, "effective_from": "2020-01-01", "precedence": -1,
     "sources": [{"url": "https://example.org/3", "checked": "2026-12-01"}], "confidence": "low"},
    {"id": "fr-kg-visa", "nationality": "FR", "destination": "KG", "passports": ["ordinary"], "purposes": ["tourism"],
     "regime": "visa_required", "effective_from": "2020-01-01",
     "arrange_before": [{"what": "book a guide", "max_days": 5, "working_days": true}, {"what": "book a hotel", "min_days": 2, "max_days": 9},
                        {"what": "book a driver", "min_days": 2}],
     "sources": [{"url": "https://example.org/4", "checked": "2026-12-01"}], "confidence": "low"},
    {"id": "it-kg-free", "nationality": "IT", "destination": "KG", "passports": ["ordinary"], "purposes": ["tourism"],
     "regime": "visa_free", "max_stay_days": 30, "effective_from": "2020-01-01",
     "arrange_before": [{"what": "book a guide", "max_days": 1}],
     "conditions": {"regions": ["KG-C"], "entry_ports": ["manas"], "onward_ticket": true},
     "sources": [{"url": "https://example.org/5", "checked": "2026-12-01"}], "confidence": "low"},
    {"id": "it-kg-transit", "nationality": "IT", "destination": "KG", "passports": ["ordinary"], "purposes": ["transit"],
     "regime": "visa_free_transit", "effective_from": "2020-01-01",
     "conditions": {"max_hours": 24, "third_country": true},
     "sources": [{"url": "https://example.org/6", "checked": "2026-12-01"}], "confidence": "low"},
    {"id": "es-kg-evisa", "nationality": "ES", "destination": "KG", "passports": ["ordinary"], "purposes": ["tourism"],
     "regime": "e_visa", "effective_from": "2020-01-01",
     "sources": [{"url": "https://example.org/7", "checked": "2026-12-01"}], "confidence": "low"},
    {"id": "es-kg-transit", "nationality": "ES", "destination": "KG", "passports": ["ordinary"], "purposes": ["transit"],
     "regime": "visa_free_transit", "effective_from": "2020-01-01", "precedence": 1,
     "conditions": {"max_hours": 48, "entry_ports": ["manas"], "regions": ["KG-C"]},
     "sources": [{"url": "https://example.org/8", "checked": "2026-12-01"}], "confidence": "low"},
    {"id": "es-kg-transit-old", "nationality": "ES", "destination": "KG", "passports": ["ordinary"], "purposes": ["transit"],
     "regime": "visa_free_transit", "effective_from": "2020-01-01", "conditions": {"max_hours": 72},
     "sources": [{"url": "https://example.org/9", "checked": "2026-12-01"}], "confidence": "low"}
  ]
})";

std::vector<traveller_result> extra_check(std::string const& trip_json) {
  static auto const rs = rule_set::load(std::vector<rule_file>{{"extra.json", kExtraRules}});
  auto const trip = parse_trip(trip_json, "trip.json");
  return check(rs, trip.travellers_, trip.itinerary_);
}

std::vector<std::vector<traveller_result>> extra_trips() {
  return {
      // Three rules of a kind: one governs, one is set aside with limits and a why, one without limits.
      extra_check(R"({"travellers": [{"nationality": "DE"}], "stays": [{"country": "KG", "entry": "2025-03-01", "exit": "2025-03-05", "regions": ["KG-Y"]}]})"),
      // A visa and what to arrange: up to n working days, a range of days.
      extra_check(R"({"travellers": [{"nationality": "FR"}], "stays": [{"country": "KG", "entry": "2025-03-01", "exit": "2025-03-05"}]})"),
      // Entry at another port, outside the region, without an onward ticket; transit back where one came from.
      extra_check(R"({"travellers": [{"nationality": "IT"}], "stays": [{"country": "KG", "entry": "2025-03-01", "exit": "2025-03-05", "entry_port": "osh", "regions": ["KG-O"]}]})"),
      extra_check(R"({"travellers": [{"nationality": "IT"}], "stays": [
          {"country": "KZ", "entry": "2025-02-01", "exit": "2025-03-01"},
          {"country": "KG", "entry": "2025-03-01T10:00", "exit": "2025-03-03T10:00", "purpose": "transit"},
          {"country": "KZ", "entry": "2025-03-03", "exit": "2025-03-04"}]})"),
      extra_check(R"({"travellers": [{"nationality": "IT"}], "stays": [{"country": "KG", "entry": "2025-03-01", "exit": "2025-03-01", "purpose": "transit"}]})"),
      extra_check(R"({"travellers": [{"nationality": "IT"}], "stays": [{"country": "KG", "entry": "2025-03-01", "exit": "2025-03-02", "regions": ["KG-C"], "entry_port": "manas", "onward_ticket": true}]})"),
      // An e-visa with nothing to arrange; a transit rule that names ports and regions the stay does not give.
      extra_check(R"({"travellers": [{"nationality": "ES"}], "stays": [{"country": "KG", "entry": "2025-03-01", "exit": "2025-03-05"}]})"),
      extra_check(R"({"travellers": [{"nationality": "ES"}], "stays": [{"country": "KG", "entry": "2025-03-01T10:00", "exit": "2025-03-02T10:00", "purpose": "transit"}]})"),
  };
}

TEST(rules_messages, every_code_is_written_by_some_check_and_known_to_the_web_app) {
  std::set<std::string> seen;
  auto const note = [&](std::vector<traveller_result> const& results) {
    for (auto const* m : all_messages(results)) {
      seen.insert(m->code_);
    }
  };
  for (auto const& c : check_all_scenarios()) {
    note(c.results_);
  }
  for (auto const& results : extra_trips()) {
    note(results);
  }
  auto const known = web_codes();
  EXPECT_GT(known.size(), 50U);
  // The register's tour check writes these beside the rules' own (tests/registry/tours_test.cc).
  std::set<std::string> const register_codes{"no_members", "group_size_outside_programme", "operator_not_approved",
                                             "operator_not_in_country", "passport_expires"};
  for (auto const& code : known) {
    EXPECT_TRUE(seen.contains(code) || register_codes.contains(code)) << "no check writes `" << code << "`";
  }
  for (auto const& code : seen) {
    EXPECT_TRUE(known.contains(code)) << "`" << code << "` is not in web/src/lib/rule-messages.ts";
  }
}

// Every parameter is in the English text: a number or a text as written, a list as its parts' texts.
TEST(rules_messages, parameters_say_what_the_english_says) {
  std::size_t n = 0;
  auto const verify = [&](std::vector<traveller_result> const& results, std::string const& where) {
    for (auto const* m : all_messages(results)) {
      EXPECT_FALSE(m->code_.empty()) << where << ": " << m->text_;
      EXPECT_FALSE(m->text_.empty()) << where << ": " << m->code_;
      for (auto const& p : m->params_) {
        ++n;
        switch (p.kind_) {
          case message_param::kind::kNumber:
            EXPECT_NE(m->text_.find(std::to_string(p.number_)), std::string::npos) << where << ": " << m->code_ << "." << p.name_;
            break;
          case message_param::kind::kText:
            EXPECT_NE(m->text_.find(p.text_), std::string::npos) << where << ": " << m->code_ << "." << p.name_;
            break;
          case message_param::kind::kMessages:
            for (auto const& part : p.messages_) {
              EXPECT_NE(m->text_.find(part.text_), std::string::npos) << where << ": " << m->code_ << "." << p.name_;
            }
            break;
        }
      }
    }
  };
  for (auto const& c : check_all_scenarios()) {
    verify(c.results_, c.where_);
  }
  for (auto const& results : extra_trips()) {
    verify(results, "extra");
  }
  EXPECT_GT(n, 100U);
}

// The sentence the issue names: 36 days in Uzbekistan for a Chinese traveller, 30 allowed a stay.
TEST(rules_messages, exit_after_latest_names_its_dates_and_limits) {
  static auto const rs = rule_set::load_directory(source_dir() / "data/rules");
  auto const trip = parse_trip(R"({"travellers": [{"nationality": "CN"}], "stays": [
      {"country": "KZ", "entry": "2025-06-03", "exit": "2025-06-20"},
      {"country": "UZ", "entry": "2025-06-20", "exit": "2025-07-25"}]})", "trip.json");
  auto const results = check(rs, trip.travellers_, trip.itinerary_);
  auto const& uz = results.at(0).stays_.at(1);
  ASSERT_EQ(uz.verdict_, verdict::kLimitExceeded);
  ASSERT_FALSE(uz.reasons_.empty());
  auto const& m = uz.reasons_[0];
  EXPECT_TRUE(m.code_ == "exit_after_latest" || m.code_ == "exit_after_latest_window") << m.code_;
  EXPECT_EQ(m.param("exit")->text_, "2025-07-25");
  EXPECT_EQ(m.param("latest")->text_, format_day(*uz.latest_exit_));
  EXPECT_EQ(m.param("days")->number_, uz.over_by_days_);
  ASSERT_NE(m.param("limits"), nullptr);
  ASSERT_FALSE(m.param("limits")->messages_.empty());
  EXPECT_EQ(m.param("limits")->messages_[0].code_, "limit_stay_days");
  EXPECT_EQ(m.param("limits")->messages_[0].param("days")->number_, 30);
  // As JSON: the params an object, the nested parts messages.
  auto const j = message_json<json>(m);
  EXPECT_EQ(j.at("code"), m.code_);
  EXPECT_EQ(j.at("params").at("exit"), "2025-07-25");
  EXPECT_TRUE(j.at("params").at("days").is_number_integer());
  EXPECT_EQ(j.at("params").at("limits").at(0).at("code"), "limit_stay_days");
  EXPECT_EQ(j.at("text"), m.text_);
  EXPECT_FALSE(j.contains("texts"));
}

// The Kyrgyz e-visa for a Chinese traveller: what to arrange carries the data's translations, and the
// traveller's list names the country.
TEST(rules_messages, data_sentences_carry_their_translations) {
  static auto const rs = rule_set::load_directory(source_dir() / "data/rules");
  auto const trip = parse_trip(R"({"travellers": [{"nationality": "CN"}], "stays": [
      {"country": "KG", "entry": "2026-06-05", "exit": "2026-06-10"}]})", "trip.json");
  auto const results = check(rs, trip.travellers_, trip.itinerary_);
  auto const& kg = results.at(0).stays_.at(0);
  ASSERT_EQ(kg.verdict_, verdict::kVisaNeeded);
  ASSERT_FALSE(kg.before_departure_.empty());
  auto const& todo = kg.before_departure_[0];
  EXPECT_EQ(todo.code_, "arrange_at_least_working");
  EXPECT_EQ(todo.param("days")->number_, 3);
  auto const& what = todo.param("what")->messages_.at(0);
  EXPECT_EQ(what.code_, kRulesText);
  EXPECT_EQ(what.translations_.at("zh"), "在 evisa.e-gov.kg 申请电子签证");
  EXPECT_TRUE(what.translations_.contains("ru"));
  EXPECT_EQ(message_json<json>(what).at("texts").at("zh"), "在 evisa.e-gov.kg 申请电子签证");
  ASSERT_FALSE(results[0].before_departure_.empty());
  auto const& item = results[0].before_departure_[0];
  EXPECT_EQ(item.code_, "in_country");
  EXPECT_EQ(item.param("country")->text_, "KG");
  EXPECT_EQ(item.text_, "KG: " + todo.text_);
  EXPECT_EQ(kg.reasons_.at(0).code_, "e_visa_needed_arrange");
}

}  // namespace
