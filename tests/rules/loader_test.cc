// The loader rejects bad rule data with the file, the line and the JSON path of the problem.
#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "caravan/rules/rule_set.h"

namespace {

using namespace caravan::rules;

// A valid rule file with one rule; `rule_body` replaces the rule's members after "id".
std::string file_with(std::string const& rule_body) {
  return R"({
  "format": "caravan-rules/1",
  "rules": [
    {
      "id": "cn-kz-test",
)" + rule_body + R"(
    }
  ]
})";
}

std::string const kGood = R"(      "nationality": "CN",
      "destination": "KZ",
      "passports": ["ordinary"],
      "purposes": ["tourism"],
      "regime": "visa_free",
      "max_stay_days": 30,
      "effective_from": "2023-11-10",
      "sources": [{"url": "https://example.org/a", "checked": "2026-12-01"}],
      "confidence": "high")";

std::string replace(std::string s, std::string const& from, std::string const& to) {
  auto const p = s.find(from);
  EXPECT_NE(p, std::string::npos) << from;
  if (p != std::string::npos) {
    s.replace(p, from.size(), to);
  }
  return s;
}

// Loads and returns the error message ("" when it loaded).
std::string error_of(std::vector<rule_file> const& files) {
  try {
    rule_set::load(files);
  } catch (caravan::data_error const& e) {
    return e.what();
  }
  return {};
}

std::string error_of(std::string const& text) { return error_of(std::vector<rule_file>{{"kz.json", text}}); }

TEST(rules_loader, good_file_loads) {
  std::vector<rule_file> const files{{"kz.json", file_with(kGood)}};
  auto const rs = rule_set::load(files);
  ASSERT_EQ(rs.rules().size(), 1U);
  auto const& r = rs.rules()[0];
  EXPECT_EQ(r.id_, "cn-kz-test");
  EXPECT_EQ(r.max_stay_days_, 30);
  EXPECT_EQ(r.where_.to_string(), "kz.json:4");
  EXPECT_EQ(format_day(*r.from_), "2023-11-10");
}

TEST(rules_loader, arrange_before_loads_and_reads) {
  auto const body = replace(kGood, R"("max_stay_days": 30)", R"("max_stay_days": 30,
      "arrange_before": [{"what": "arrange a Letter of Invitation", "min_days": 6, "max_days": 20, "working_days": true},
                         {"what": "apply for an e-visa", "min_days": 3},
                         {"what": "book a guide", "max_days": 1},
                         {"what": "get a permit"}])");
  std::vector<rule_file> const files{{"kz.json", file_with(body)}};
  auto const rs = rule_set::load(files);
  auto const& a = rs.rules()[0].arrange_before_;
  ASSERT_EQ(a.size(), 4U);
  EXPECT_EQ(a[0].min_days_, 6);
  EXPECT_EQ(a[0].max_days_, 20);
  EXPECT_TRUE(a[0].working_days_);
  EXPECT_EQ(describe(a[0]), "arrange a Letter of Invitation, 6-20 working days ahead");
  EXPECT_EQ(describe(a[1]), "apply for an e-visa, at least 3 days ahead");
  EXPECT_EQ(describe(a[2]), "book a guide, up to 1 day ahead");
  EXPECT_EQ(describe(a[3]), "get a permit before departure (how long ahead is not in our sources)");
  // Without the key, nothing to arrange.
  std::vector<rule_file> const plain{{"kz.json", file_with(kGood)}};
  EXPECT_TRUE(rule_set::load(plain).rules()[0].arrange_before_.empty());
}

TEST(rules_loader, translations_load_beside_the_english) {
  auto const body = replace(kGood, R"("max_stay_days": 30)", R"("max_stay_days": 30,
      "note": "a note", "note_texts": {"ru": "заметка"},
      "arrange_before": [{"what": "apply for an e-visa", "min_days": 3, "what_texts": {"zh": "申请电子签证", "ru": "подать на визу"}}],
      "conditions": {"tell": ["carry cash", "register"], "tell_texts": [{"zh": "携带现金"}, {}],
                     "registration": {"text": "register", "texts": {"zh": "登记"}}})");
  std::vector<rule_file> const files{{"kz.json", file_with(body)}};
  auto const rs = rule_set::load(files);
  auto const& r = rs.rules()[0];
  EXPECT_EQ(r.note_texts_, (translations{{"ru", "заметка"}}));
  EXPECT_EQ(r.arrange_before_[0].what_texts_, (translations{{"ru", "подать на визу"}, {"zh", "申请电子签证"}}));
  ASSERT_EQ(r.tell_texts_.size(), 2U);
  EXPECT_EQ(r.tell_texts_[0], (translations{{"zh", "携带现金"}}));
  EXPECT_TRUE(r.tell_texts_[1].empty());
  ASSERT_TRUE(r.registration_.has_value());
  EXPECT_EQ(r.registration_->texts_, (translations{{"zh", "登记"}}));
  // The English stays as it was; the message carries the translation.
  auto const m = describe_message(r.arrange_before_[0]);
  EXPECT_EQ(m.code_, "arrange_at_least");
  EXPECT_EQ(m.text_, "apply for an e-visa, at least 3 days ahead");
  ASSERT_NE(m.param("what"), nullptr);
  ASSERT_EQ(m.param("what")->messages_.size(), 1U);
  EXPECT_EQ(m.param("what")->messages_[0].code_, kRulesText);
  EXPECT_EQ(m.param("what")->messages_[0].translations_.at("zh"), "申请电子签证");
  EXPECT_EQ(m.param("days")->number_, 3);
}

// The bundled data's translations load, and each keeps the English sentence's numbers and dates.
TEST(rules_loader, bundled_translations_keep_numbers_and_dates) {
  auto const rs = rule_set::load_directory(std::filesystem::path{CARAVAN_SOURCE_DIR} / "data/rules");
  auto const digits = [](std::string const& s) {
    std::string out;
    for (auto const c : s) {
      out += (c >= '0' && c <= '9') ? c : ' ';
    }
    std::vector<std::string> numbers;
    std::istringstream in{out};
    for (std::string n; in >> n;) {
      numbers.push_back(n);
    }
    std::sort(numbers.begin(), numbers.end());
    return numbers;
  };
  int n = 0;
  auto const same_numbers = [&](std::string const& english, translations const& t, std::string const& where) {
    for (auto const& [language, text] : t) {
      EXPECT_EQ(digits(text), digits(english)) << where << " " << language << ": " << text;
      ++n;
    }
  };
  for (auto const& r : rs.rules()) {
    for (std::size_t i = 0; i != r.tell_texts_.size(); ++i) {
      same_numbers(r.tell_[i], r.tell_texts_[i], r.id_);
    }
    for (auto const& a : r.arrange_before_) {
      same_numbers(a.what_, a.what_texts_, r.id_);
    }
    if (r.group_) {
      same_numbers(r.group_->text_, r.group_->texts_, r.id_);
    }
  }
  for (auto const& d : rs.destinations()) {
    if (d.registration_) {
      same_numbers(d.registration_->text_, d.registration_->texts_, d.code_);
    }
  }
  for (auto const& p : rs.area_permits()) {
    same_numbers(p.text_, p.texts_, p.region_);
    same_numbers(p.name_, p.name_texts_, p.region_);
  }
  EXPECT_GE(n, 30) << "the bundled data's zh and ru translations";
}

struct bad_case {
  std::string name_;
  std::string from_;
  std::string to_;
  std::string expected_;  // substring of the message, after "kz.json:LINE: "
  int line_;
};

class rules_loader_errors : public testing::TestWithParam<bad_case> {};

TEST_P(rules_loader_errors, names_file_line_and_path) {
  auto const& c = GetParam();
  auto const msg = error_of(file_with(replace(kGood, c.from_, c.to_)));
  EXPECT_NE(msg.find("kz.json:" + std::to_string(c.line_) + ": "), std::string::npos) << msg;
  EXPECT_NE(msg.find(c.expected_), std::string::npos) << msg;
}

// Lines: the rule object starts on line 4, "nationality" is line 6, ... "confidence" line 14.
INSTANTIATE_TEST_SUITE_P(
    rules, rules_loader_errors,
    testing::Values(
        bad_case{"unknown_nationality", R"("nationality": "CN")", R"("nationality": "XX")",
                 "/rules/0/nationality: unknown country code `XX`", 6},
        bad_case{"lower_case_destination", R"("destination": "KZ")", R"("destination": "kz")",
                 "/rules/0/destination: unknown country code `kz`", 7},
        bad_case{"unknown_group", R"("nationality": "CN")", R"("nationality": "eu-schengen")",
                 "/rules/0/nationality: unknown group `eu-schengen`", 6},
        bad_case{"unknown_regime", R"("regime": "visa_free")", R"("regime": "visa-free")",
                 "/rules/0/regime: unknown regime `visa-free`", 10},
        bad_case{"unknown_purpose", R"("purposes": ["tourism"])", R"("purposes": ["tourism", "work"])",
                 "/rules/0/purposes/1: unknown purpose `work`", 9},
        bad_case{"no_purpose", R"("purposes": ["tourism"])", R"("purposes": [])", "`purposes` needs at least one", 9},
        bad_case{"unknown_passport", R"("passports": ["ordinary"])", R"("passports": ["official"])",
                 "/rules/0/passports/0: unknown passport type `official`", 8},
        bad_case{"unknown_confidence", R"("confidence": "high")", R"("confidence": "H")",
                 "/rules/0/confidence: unknown confidence `H`", 14},
        bad_case{"zero_days", R"("max_stay_days": 30)", R"("max_stay_days": 0)",
                 "/rules/0/max_stay_days: expected a whole number 1..3650, got 0", 11},
        bad_case{"days_as_text", R"("max_stay_days": 30)", R"("max_stay_days": "30")",
                 "/rules/0/max_stay_days: expected a whole number", 11},
        bad_case{"fractional_days", R"("max_stay_days": 30)", R"("max_stay_days": 30.5)",
                 "/rules/0/max_stay_days: expected a whole number", 11},
        bad_case{"window_over_period", R"("max_stay_days": 30)",
                 R"("max_stay_days": 30, "window": {"max_days": 200, "period_days": 180})",
                 "/rules/0/window/max_days: 200 days within 180 cannot be", 11},
        bad_case{"unknown_anchor", R"("max_stay_days": 30)",
                 R"("max_stay_days": 30, "window": {"max_days": 90, "period_days": 180, "anchor": "exit"})",
                 "/rules/0/window/anchor: unknown window anchor `exit`", 11},
        bad_case{"group_min_over_max", R"("max_stay_days": 30)",
                 R"("max_stay_days": 30, "conditions": {"group": {"min_size": 30, "max_size": 5}})",
                 "/rules/0/conditions/group/min_size: group of 30 to 5 people cannot be", 11},
        bad_case{"until_before_from", R"("effective_from": "2023-11-10")",
                 R"("effective_from": "2023-11-10", "effective_until": "2023-11-09")",
                 "/rules/0/effective_until: effective_until 2023-11-09 is before effective_from 2023-11-10", 12},
        bad_case{"impossible_date", R"("effective_from": "2023-11-10")", R"("effective_from": "2023-02-30")",
                 "/rules/0/effective_from: `2023-02-30` is not a date YYYY-MM-DD", 12},
        bad_case{"missing_sources", R"("sources": [{"url": "https://example.org/a", "checked": "2026-12-01"}],)", "",
                 "/rules/0: missing `sources`", 4},
        bad_case{"empty_sources", R"("sources": [{"url": "https://example.org/a", "checked": "2026-12-01"}])",
                 R"("sources": [])", "/rules/0/sources: missing `sources`", 13},
        bad_case{"source_without_checked_date", R"(, "checked": "2026-12-01"})", "}",
                 "/rules/0/sources/0: missing `checked`", 13},
        bad_case{"dataset_without_date", R"("checked": "2026-12-01"})", R"("checked": "2026-12-01", "kind": "dataset"})",
                 "/rules/0/sources/0: a `dataset` source needs `dataset_date`", 13},
        bad_case{"unknown_key", R"("max_stay_days": 30)", R"("max_stay_days": 30, "max_stay": 30)",
                 "/rules/0/max_stay: unknown key `max_stay`", 11},
        bad_case{"unknown_condition", R"("max_stay_days": 30)", R"("max_stay_days": 30, "conditions": {"onward": true})",
                 "/rules/0/conditions/onward: unknown key `onward`", 11},
        bad_case{"not_used_without_why", R"("max_stay_days": 30)", R"("max_stay_days": 30, "use": false)",
                 "/rules/0/use: a rule kept but not used needs `why`", 11},
        bad_case{"transit_for_tourism", R"("regime": "visa_free")", R"("regime": "visa_free_transit")",
                 "/rules/0/purposes: a visa_free_transit rule is for the purpose `transit` only", 9},
        bad_case{"group_regime_without_group", R"("regime": "visa_free")", R"("regime": "visa_free_group_tour")",
                 "/rules/0/regime: a visa_free_group_tour rule needs `conditions.group`", 10},
        bad_case{"same_country", R"("nationality": "CN")", R"("nationality": "KZ")",
                 "/rules/0/nationality: nationality and destination are the same country", 6},
        // arrange_before: what to arrange before departure and how long ahead.
        bad_case{"arrange_min_over_max", R"("max_stay_days": 30)", R"("max_stay_days": 30,
      "arrange_before": [
        {"what": "arrange an invitation", "min_days": 20, "max_days": 6, "working_days": true}
      ])", "/rules/0/arrange_before/0/min_days: 20 to 6 days ahead cannot be", 13},
        bad_case{"arrange_days_as_text", R"("max_stay_days": 30)", R"("max_stay_days": 30,
      "arrange_before": [{"what": "arrange an invitation"},
                         {"what": "apply for an e-visa", "max_days": "3"}])",
                 "/rules/0/arrange_before/1/max_days: expected a whole number 1..365, got \"3\"", 13},
        bad_case{"arrange_unknown_key", R"("max_stay_days": 30)", R"("max_stay_days": 30,
      "arrange_before": [{"what": "arrange an invitation", "lead_days": 20}])",
                 "/rules/0/arrange_before/0/lead_days: unknown key `lead_days`", 12},
        bad_case{"arrange_without_what", R"("max_stay_days": 30)", R"("max_stay_days": 30,
      "arrange_before": [{"min_days": 6}])", "/rules/0/arrange_before/0: missing `what`", 12},
        bad_case{"arrange_empty_what", R"("max_stay_days": 30)", R"("max_stay_days": 30, "arrange_before": [{"what": ""}])",
                 "/rules/0/arrange_before/0/what: empty `what`", 11},
        bad_case{"arrange_not_a_list", R"("max_stay_days": 30)", R"("max_stay_days": 30,
      "arrange_before": "a Letter of Invitation")", "/rules/0/arrange_before: expected a list", 12},
        bad_case{"arrange_empty_list", R"("max_stay_days": 30)", R"("max_stay_days": 30,
      "arrange_before": [])", "/rules/0/arrange_before: `arrange_before` needs at least one entry", 12},
        bad_case{"arrange_item_not_an_object", R"("max_stay_days": 30)", R"("max_stay_days": 30,
      "arrange_before": ["a Letter of Invitation"])", "/rules/0/arrange_before/0: expected an object", 12},
        bad_case{"arrange_negative_days", R"("max_stay_days": 30)", R"("max_stay_days": 30,
      "arrange_before": [{"what": "arrange an invitation", "min_days": -1}])",
                 "/rules/0/arrange_before/0/min_days: expected a whole number 0..365, got -1", 12},
        bad_case{"arrange_working_days_without_days", R"("max_stay_days": 30)", R"("max_stay_days": 30,
      "arrange_before": [{"what": "arrange an invitation", "working_days": true}])",
                 "/rules/0/arrange_before/0/working_days: `working_days` without `min_days` or `max_days`", 12},
        // Translations of the data's sentences: only zh and ru, non-empty, beside the English.
        bad_case{"translation_unknown_language", R"("max_stay_days": 30)", R"("max_stay_days": 30,
      "conditions": {"tell": ["carry cash"], "tell_texts": [{"zh": "携带现金", "de": "Bargeld mitnehmen"}]})",
                 "/rules/0/conditions/tell_texts/0/de: unknown language `de` in the translations of `tell` (zh, ru)", 12},
        bad_case{"translation_language_upper_case", R"("max_stay_days": 30)", R"("max_stay_days": 30,
      "arrange_before": [{"what": "apply for an e-visa", "what_texts": {"ZH": "申请电子签证"}}])",
                 "/rules/0/arrange_before/0/what_texts/ZH: unknown language `ZH`", 12},
        bad_case{"translation_empty", R"("max_stay_days": 30)", R"("max_stay_days": 30,
      "conditions": {"group": {"text": "a group", "texts": {"ru": ""}}})",
                 "/rules/0/conditions/group/texts/ru: expected the translation as a non-empty string", 12},
        bad_case{"translation_not_an_object", R"("max_stay_days": 30)", R"("max_stay_days": 30,
      "note": "a note", "note_texts": "заметка")", "/rules/0/note_texts: expected an object of translations", 12},
        bad_case{"translation_without_english", R"("max_stay_days": 30)", R"("max_stay_days": 30,
      "why_texts": {"zh": "原因"})", "/rules/0/why_texts: translations without the English `why`", 12},
        bad_case{"tell_texts_count", R"("max_stay_days": 30)", R"("max_stay_days": 30,
      "conditions": {"tell": ["carry cash", "register"], "tell_texts": [{"zh": "携带现金"}]})",
                 "/rules/0/conditions/tell_texts: 1 translations for 2 entries of `tell`", 12}),
    [](testing::TestParamInfo<bad_case> const& p) { return p.param.name_; });

TEST(rules_loader, bad_json_names_line_and_column) {
  auto const msg = error_of("{\n  \"format\": \"caravan-rules/1\",\n  \"rules\": [\n    {\"id\": \"a\",,}\n  ]\n}\n");
  EXPECT_NE(msg.find("kz.json:4:"), std::string::npos) << msg;
  EXPECT_NE(msg.find("not valid JSON"), std::string::npos) << msg;
}

TEST(rules_loader, wrong_format) {
  auto const msg = error_of("{\n  \"format\": \"caravan-rules/2\"\n}\n");
  EXPECT_NE(msg.find("kz.json:2: /format: `format` must be \"caravan-rules/1\""), std::string::npos) << msg;
}

TEST(rules_loader, unknown_group_member) {
  auto const msg = error_of(R"({
  "format": "caravan-rules/1",
  "groups": [
    {"id": "some-group", "members": ["DE", "UK"], "sources": [{"url": "u", "checked": "2026-12-01"}]}
  ]
})");
  EXPECT_NE(msg.find("kz.json:4: /groups/0/members/1: unknown country code `UK`"), std::string::npos) << msg;
}

std::string second_rule(std::string const& body) {
  return R"({
  "format": "caravan-rules/1",
  "rules": [
    {
      "id": "cn-kz-second",
)" + body + R"(
    }
  ]
})";
}

TEST(rules_loader, overlapping_rules_need_a_precedence) {
  auto const second = replace(kGood, R"("effective_from": "2023-11-10")", R"("effective_from": "2024-01-01")");
  auto const msg = error_of({{"a.json", file_with(kGood)}, {"b.json", second_rule(second)}});
  EXPECT_NE(msg.find("b.json:4: rule `cn-kz-second` overlaps rule `cn-kz-test` (a.json:4) for nationality CN to KZ"),
            std::string::npos)
      << msg;

  // A higher precedence settles it; so does ending the first before the second starts.
  auto const with_precedence = replace(second, R"("max_stay_days": 30)", R"("max_stay_days": 30, "precedence": 5)");
  EXPECT_EQ(error_of({{"a.json", file_with(kGood)}, {"b.json", second_rule(with_precedence)}}), "");
  auto const first_ends = replace(kGood, R"("effective_from": "2023-11-10")",
                                  R"("effective_from": "2023-11-10", "effective_until": "2023-12-31")");
  EXPECT_EQ(error_of({{"a.json", file_with(first_ends)}, {"b.json", second_rule(second)}}), "");
  // Another purpose, another passport type, or an age rule do not overlap.
  EXPECT_EQ(error_of({{"a.json", file_with(kGood)},
                      {"b.json", second_rule(replace(second, R"(["tourism"])", R"(["business"])"))}}),
            "");
  EXPECT_EQ(error_of({{"a.json", file_with(kGood)},
                      {"b.json", second_rule(replace(second, R"(["ordinary"])", R"(["diplomatic"])"))}}),
            "");
  EXPECT_EQ(error_of({{"a.json", file_with(kGood)},
                      {"b.json", second_rule(replace(second, R"("max_stay_days": 30)",
                                                     R"("max_stay_days": 14, "conditions": {"min_age": 55})"))}}),
            "");
}

TEST(rules_loader, overlap_through_a_group_or_every_nationality) {
  auto const groups = R"({
  "format": "caravan-rules/1",
  "groups": [{"id": "cn-and-more", "members": ["CN", "MN"], "sources": [{"url": "u", "checked": "2026-12-01"}]}]
})";
  auto const by_group = replace(kGood, R"("nationality": "CN")", R"("nationality": "cn-and-more")");
  auto msg = error_of({{"g.json", groups}, {"a.json", file_with(kGood)}, {"b.json", second_rule(by_group)}});
  EXPECT_NE(msg.find("b.json:4: rule `cn-kz-second` overlaps rule `cn-kz-test`"), std::string::npos) << msg;
  auto const everyone = replace(kGood, R"("nationality": "CN")", R"("nationality": "*")");
  msg = error_of({{"a.json", file_with(kGood)}, {"b.json", second_rule(everyone)}});
  EXPECT_NE(msg.find("overlaps rule `cn-kz-test`"), std::string::npos) << msg;
}

TEST(rules_loader, duplicate_ids) {
  auto const msg = error_of({{"a.json", file_with(kGood)}, {"b.json", file_with(replace(kGood, "CN", "MN"))}});
  EXPECT_NE(msg.find("b.json:5: /rules/0/id: rule id `cn-kz-test` is used twice (first at a.json:4)"),
            std::string::npos)
      << msg;
}

TEST(rules_loader, bad_folder) {
  try {
    rule_set::load_directory("/nonexistent/rules");
    FAIL() << "loaded a missing folder";
  } catch (caravan::data_error const& e) {
    EXPECT_NE(std::string{e.what()}.find("/nonexistent/rules: not a rules folder"), std::string::npos) << e.what();
  }
}

}  // namespace

namespace {

TEST(rules_loader, a_member_of_the_wrong_type_is_an_error_not_a_crash) {
  auto const msg = error_of("{\n  \"format\": \"caravan-rules/1\",\n  \"destinations\": {\"code\": \"KZ\"}\n}\n");
  EXPECT_NE(msg.find("kz.json:3: /destinations: expected a list"), std::string::npos) << msg;
  auto const msg2 = error_of("{\n  \"format\": \"caravan-rules/1\",\n  \"rules\": [\"cn-kz\"]\n}\n");
  EXPECT_NE(msg2.find("kz.json:3: /rules/0: expected an object"), std::string::npos) << msg2;
}

}  // namespace
