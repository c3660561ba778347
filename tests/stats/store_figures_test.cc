// The register's and the cases' figures (stats/store_figures.h) from a seeded store, on SQLite (in memory)
// and PostgreSQL when CARAVAN_TEST_POSTGRES names a database (skipped with a message otherwise): the exact
// tables, small cells withheld with their complements, drafts and other ranges left out, and nothing about
// one person in any output.
#include <gtest/gtest.h>

#include <algorithm>

#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "caravan/stats/store_figures.h"
#include "postgres_test_db.h"

namespace caravan::stats {
namespace {

using storage::register_store;

constexpr std::int64_t kDay = 86'400'000'000;  // microseconds
constexpr std::int32_t kMay20 = 20593, kJune1 = 20605, kJune10 = 20614, kJune30 = 20634, kJuly31 = 20665;

// A table as lines "key|key|count", a withheld or missing cell "-", a row marked suppressed ending in " *".
std::vector<std::string> lines(table const& t) {
  std::vector<std::string> out;
  for (auto const& r : t.rows_) {
    std::string line;
    for (std::size_t i = 0; i != r.cells_.size(); ++i) {
      line += i == 0 ? "" : "|";
      auto const& c = r.cells_[i];
      if (auto const* s = std::get_if<std::string>(&c)) {
        line += *s;
      } else if (auto const* n = std::get_if<std::int64_t>(&c)) {
        line += std::to_string(*n);
      } else if (auto const* d = std::get_if<double>(&c)) {
        line += fmt::format("{:.3f}", *d);
      } else {
        line += "-";
      }
    }
    out.push_back(line + (r.suppressed_ ? " *" : ""));
  }
  return out;
}

table const& by_id(std::vector<table> const& ts, std::string const& id) {
  for (auto const& t : ts) {
    if (t.id_ == id) {
      return t;
    }
  }
  throw std::runtime_error{"no table " + id};
}

registry::tour_operator an_operator(std::string const& licence, std::string const& country, registry::operator_status s,
                                    std::int32_t valid_to) {
  registry::tour_operator o;
  o.legal_name_ = "Operator " + licence;
  o.country_ = country;
  o.licence_number_ = licence;
  o.issuer_ = "Tourism authority";
  o.valid_from_ = 20000;
  o.valid_to_ = valid_to;
  o.status_ = s;
  o.email_ = "desk-" + licence + "@operator.example";
  o.version_ = 1;
  return o;
}

registry::tour a_tour(std::vector<std::string> const& countries, std::string const& first, registry::tour_status s) {
  registry::tour t{.operator_ = 1, .title_ = "Silk Road", .status_ = s, .version_ = 1};
  for (auto const& c : countries) {
    t.stays_.push_back({.country_ = c, .entry_ = first, .exit_ = first});
  }
  t.feedback_code_ = "0123456789abcdef";
  return t;
}

class StoreFigures : public testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    store_ = storage::open_test_store(GetParam());
    if (!store_) {
      GTEST_SKIP() << storage::kNoPostgres;
    }
    seed();
  }

  // Adds a tour with `n` members of each nationality given.
  void tour_with(registry::unit_of_work& u, std::vector<std::string> const& countries, std::string const& first,
                 registry::tour_status s, std::vector<std::pair<std::string, int>> const& members) {
    auto const id = u.insert_tour(a_tour(countries, first, s));
    for (auto const& [nationality, n] : members) {
      for (int i = 0; i != n; ++i) {
        u.insert_member({.tour_ = id, .ref_ = fmt::format("m{}-{}-{}", id, nationality, i),
                         .latin_name_ = "ZHANGSAN PERSONAL", .native_name_ = "张三", .nationality_ = nationality,
                         .passport_sealed_ = "PASSPORT-E1234567", .passport_expiry_ = 22000,
                         .birth_date_sealed_ = "BIRTH-1980"});
      }
    }
  }

  void a_case(cases::case_unit& u, cases::case_kind kind, std::string const& country, bool open, std::string const& outcome,
              bool breached, std::int32_t day) {
    cases::case_record c;
    c.kind_ = kind;
    c.category_ = "other";
    c.state_ = open ? "open" : "closed";
    c.title_sealed_ = "TITLE-PERSONAL";
    c.country_ = country;
    c.language_ = "en";
    c.filed_by_ = 1;
    c.calendar_ = country;
    c.outcome_ = outcome;
    c.breached_ = breached;
    c.open_ = open;
    c.next_due_ = cases::kNoDue;
    c.created_ = std::int64_t{day} * kDay + 3600LL * 1'000'000;
    c.updated_ = c.created_;
    c.version_ = 1;
    u.insert_case(c);
  }

  void rating(registry::unit_of_work& u, registry::rating_subject s, std::int64_t subject, int value,
              std::string const& country, std::int32_t day) {
    u.insert_rating({.subject_ = s, .subject_id_ = subject, .rating_ = value, .comment_sealed_ = "COMMENT-PERSONAL",
                     .country_ = country, .created_ = std::int64_t{day} * kDay});
  }

  void seed() {
    using registry::operator_status;
    using registry::tour_status;
    store_->write_cases([&](cases::case_unit& u) {
      registry::account a{.email_ = "traveller@personal.example", .display_name_ = "Traveller Personal",
                          .password_hash_ = "x", .created_ = 1};
      u.insert_account(a);
      // Operators: CN 3 approved and 2 past their licence on the range's last day, KZ 6 approved and 1
      // applied, UZ 1 suspended.
      for (int i = 0; i != 3; ++i) {
        u.insert_operator(an_operator(fmt::format("CN-{}", i), "CN", operator_status::kApproved, 21000));
      }
      u.insert_operator(an_operator("CN-old1", "CN", operator_status::kApproved, kJune30 - 1));
      u.insert_operator(an_operator("CN-old2", "CN", operator_status::kApproved, kJune10 - 1));
      for (int i = 0; i != 6; ++i) {
        u.insert_operator(an_operator(fmt::format("KZ-{}", i), "KZ", operator_status::kApproved, 21000));
      }
      u.insert_operator(an_operator("KZ-new", "KZ", operator_status::kApplied, 21000));
      u.insert_operator(an_operator("UZ-1", "UZ", operator_status::kSuspended, 21000));

      // Tours: June, CN-KZ-UZ twice (7 CN + 3 DE; 5 CN + 6 KZ), KZ-KG once (5 RU), CN-KZ five times
      // without members; a July CN-KZ (4 CN); a draft and a rejected one in June (not counted).
      tour_with(u, {"CN", "KZ", "UZ"}, "2026-06-03", tour_status::kApproved, {{"CN", 7}, {"DE", 3}});
      tour_with(u, {"CN", "KZ", "UZ"}, "2026-06-20", tour_status::kApproved, {{"CN", 5}, {"KZ", 6}});
      tour_with(u, {"KZ", "KG"}, "2026-06-15", tour_status::kApproved, {{"RU", 5}});
      for (int i = 0; i != 5; ++i) {
        tour_with(u, {"CN", "KZ"}, "2026-06-05", tour_status::kApproved, {});
      }
      tour_with(u, {"CN", "KZ"}, "2026-07-02", tour_status::kApproved, {{"CN", 4}});
      tour_with(u, {"CN", "KZ"}, "2026-06-10", tour_status::kDraft, {{"CN", 9}});
      tour_with(u, {"CN", "KZ"}, "2026-06-11", tour_status::kSubmitted, {{"CN", 9}});
      tour_with(u, {"CN", "KZ"}, "2026-06-12", tour_status::kRejected, {{"CN", 9}});

      // Cases in June: assistance in KZ closed without an outcome 8 (2 of them missed a deadline), closed
      // "referred" 6 (1 missed), open 2; disputes in CN upheld 5 (none missed). One claim in May.
      using cases::case_kind;
      for (int i = 0; i != 8; ++i) {
        a_case(u, case_kind::kAssistance, "KZ", false, "", i < 2, kJune10);
      }
      for (int i = 0; i != 6; ++i) {
        a_case(u, case_kind::kAssistance, "KZ", false, "referred", i < 1, kJune10);
      }
      a_case(u, case_kind::kAssistance, "KZ", true, "", false, kJune1);
      a_case(u, case_kind::kAssistance, "KZ", true, "", true, kJune30);
      for (int i = 0; i != 5; ++i) {
        a_case(u, case_kind::kDispute, "CN", false, "upheld", false, kJune10);
      }
      a_case(u, case_kind::kClaim, "KZ", false, "rejected", false, kMay20);

      // Ratings in June: 6 of tours in CN (4 5 5 3 4 5), cases: 2 in KZ, 5 in CN (5 5 4 4 2), 7 in UZ (all 4);
      // one of a tour in May.
      using registry::rating_subject;
      for (int v : {4, 5, 5, 3, 4, 5}) {
        rating(u, rating_subject::kTour, 1, v, "CN", kJune10);
      }
      std::int64_t next_case = 1;
      for (int v : {3, 1}) {
        rating(u, rating_subject::kCase, next_case++, v, "KZ", kJune10);
      }
      for (int v : {5, 5, 4, 4, 2}) {
        rating(u, rating_subject::kCase, next_case++, v, "CN", kJune10);
      }
      for (int i = 0; i != 7; ++i) {
        rating(u, rating_subject::kCase, next_case++, 4, "UZ", kJune30);
      }
      rating(u, rating_subject::kTour, 2, 1, "CN", kMay20);
    });
  }

  std::unique_ptr<register_store> store_;
};

using strings = std::vector<std::string>;

TEST_P(StoreFigures, OperatorsByCountryAndStatusOnTheRangesLastDay) {
  auto const t = by_id(register_figures(*store_, {kJune1, kJune30}), "register.operators");
  EXPECT_EQ(lines(t), (strings{"CN|approved|3", "CN|expired|2", "KZ|applied|1", "KZ|approved|6", "UZ|suspended|1"}));
  // On June 10 one CN licence (valid to June 29) was still valid, the other (to June 9) not.
  auto const earlier = by_id(register_figures(*store_, {kJune1, kJune10}), "register.operators");
  EXPECT_EQ(lines(earlier), (strings{"CN|approved|4", "CN|expired|1", "KZ|applied|1", "KZ|approved|6", "UZ|suspended|1"}));
}

TEST_P(StoreFigures, ApprovedToursByCorridorAndMonthWithSmallCellsWithheld) {
  auto const t = by_id(register_figures(*store_, {kJune1, kJune30}), "register.tours");
  // Drafts, submitted and rejected tours are not counted; July's is outside the range.
  EXPECT_EQ(lines(t), (strings{"CN-KZ|2026-06|5", "CN-KZ-UZ|2026-06|- *", "KZ-KG|2026-06|- *"}));
  ASSERT_EQ(t.notes_.size(), 1U);
  EXPECT_NE(t.notes_[0].find("2 counts withheld"), std::string::npos) << t.notes_[0];

  auto const two_months = by_id(register_figures(*store_, {kJune1, kJuly31}), "register.tours");
  EXPECT_EQ(lines(two_months), (strings{"CN-KZ|2026-06|5", "CN-KZ|2026-07|- *", "CN-KZ-UZ|2026-06|- *", "KZ-KG|2026-06|- *"}));
}

TEST_P(StoreFigures, TravellersByCorridorNationalityAndMonthWithTheirComplement) {
  auto const t = by_id(register_figures(*store_, {kJune1, kJune30}), "register.travellers");
  // DE's 3 is withheld, and KZ's 6 with it (the smallest other in CN-KZ-UZ / June), else 12 + 6 + x = the
  // corridor's total from the tours' manifests would give DE away. KZ-KG's single row of 5 is shown.
  EXPECT_EQ(lines(t), (strings{"CN-KZ-UZ|CN|2026-06|12", "CN-KZ-UZ|DE|2026-06|- *", "CN-KZ-UZ|KZ|2026-06|- *",
                               "KZ-KG|RU|2026-06|5"}));
  auto const july = by_id(register_figures(*store_, {kJune30 + 1, kJuly31}), "register.travellers");
  EXPECT_EQ(lines(july), (strings{"CN-KZ|CN|2026-07|- *"}));
}

TEST_P(StoreFigures, CasesByKindCountryAndOutcome) {
  auto const t = by_id(case_figures(*store_, {kJune1, kJune30}), "cases.byKind");
  // Open 2 withheld, and "referred" 6 as its complement in assistance / KZ; May's claim is outside.
  EXPECT_EQ(lines(t), (strings{"assistance|KZ|none|2026-06|8", "assistance|KZ|open|2026-06|- *", "assistance|KZ|referred|2026-06|- *",
                               "dispute|CN|upheld|2026-06|5"}));
  // A day's range counts its whole month, and says so.
  auto const may = by_id(case_figures(*store_, {kMay20, kMay20}), "cases.byKind");
  EXPECT_EQ(lines(may), (strings{"claim|KZ|rejected|2026-05|- *"}));
  EXPECT_NE(may.notes_.back().find("whole months 2026-05-01..2026-05-31"), std::string::npos) << may.notes_.back();
  // Two months: each month's cells on their own (no count spans months).
  auto const both = by_id(case_figures(*store_, {kMay20, kJune10}), "cases.byKind");
  EXPECT_EQ(lines(both), (strings{"assistance|KZ|none|2026-06|8", "assistance|KZ|open|2026-06|- *", "assistance|KZ|referred|2026-06|- *",
                                  "claim|KZ|rejected|2026-05|- *", "dispute|CN|upheld|2026-06|5"}));
}

TEST_P(StoreFigures, SlaComplianceOfClosedCases) {
  auto const t = by_id(case_figures(*store_, {kJune1, kJune30}), "cases.sla");
  // Assistance in KZ: 14 closed, 11 met, 3 missed: the 3 is withheld, so the 14 is too (14 - 11 = 3) and
  // no share is given. Disputes in CN: 5 of 5, 100 %.
  EXPECT_EQ(lines(t), (strings{"assistance|KZ|2026-06|-|11|-|- *", "dispute|CN|2026-06|5|5|0|100.000"}));
  EXPECT_EQ(t.notes_.size(), 2U);
}

// closed = met + missed in every row, so the SLA table must not let that sum give a withheld cell away:
// closed 8 with both parts withheld (each 1 to 4) says they are 4 and 4; a closed count withheld as a
// complement is met + missed when both are shown. August (outside the other tests' ranges).
TEST_P(StoreFigures, SlaRowsDoNotGiveWithheldPartsAwayBySum) {
  constexpr std::int32_t kAug10 = kJuly31 + 10;
  store_->write_cases([&](cases::case_unit& u) {
    using cases::case_kind;
    // Assistance: TJ 8 closed, 4 met and 4 missed; CN 20 closed, all met; UZ 30 closed, 24 met and 6
    // missed. The 4s are withheld, and with the old rule TJ's 8 was shown beside them.
    for (int i = 0; i != 8; ++i) {
      a_case(u, case_kind::kAssistance, "TJ", false, "", i < 4, kAug10);
    }
    for (int i = 0; i != 20; ++i) {
      a_case(u, case_kind::kAssistance, "CN", false, "", false, kAug10);
    }
    for (int i = 0; i != 30; ++i) {
      a_case(u, case_kind::kAssistance, "UZ", false, "", i < 6, kAug10);
    }
    // Disputes: KG 3 closed, all missed; CN 20 closed, all met; UZ 30 as above. KG's 3 closed is withheld
    // with CN's 20 as its complement, which CN's 20 met + 0 missed gave back under the old rule.
    for (int i = 0; i != 3; ++i) {
      a_case(u, case_kind::kDispute, "KG", false, "", true, kAug10);
    }
    for (int i = 0; i != 20; ++i) {
      a_case(u, case_kind::kDispute, "CN", false, "", false, kAug10);
    }
    for (int i = 0; i != 30; ++i) {
      a_case(u, case_kind::kDispute, "UZ", false, "", i < 6, kAug10);
    }
  });
  auto const t = by_id(case_figures(*store_, {kAug10, kAug10}), "cases.sla");
  ASSERT_EQ(t.rows_.size(), 6U);
  for (auto const& r : t.rows_) {
    // In every row: none of the three withheld, or at least two (one alone is the other two's difference),
    // and never closed shown beside two withheld parts.
    auto const n = std::count_if(r.cells_.begin() + 3, r.cells_.begin() + 6, [](cell const& c) { return std::holds_alternative<std::monostate>(c); });
    auto const closed_shown = !std::holds_alternative<std::monostate>(r.cells_[3]);
    EXPECT_TRUE(n == 0 || (n >= 2 && !closed_shown))
        << std::get<std::string>(r.cells_[0]) << " " << std::get<std::string>(r.cells_[1]) << ": " << n << " withheld";
  }
  // Each count column: never exactly one withheld among a kind's rows (the kind's total would give it).
  for (std::string const kind : {"assistance", "dispute"}) {
    for (std::size_t c = 3; c != 6; ++c) {
      auto const n = std::count_if(t.rows_.begin(), t.rows_.end(), [&](row const& r) {
        return std::get<std::string>(r.cells_[0]) == kind && std::holds_alternative<std::monostate>(r.cells_[c]);
      });
      EXPECT_NE(n, 1) << kind << " " << t.columns_[c].key_;
    }
  }
  EXPECT_EQ(lines(t), (strings{"assistance|CN|2026-08|-|-|0|- *", "assistance|TJ|2026-08|-|-|-|- *", "assistance|UZ|2026-08|-|24|-|- *",
                               "dispute|CN|2026-08|-|-|0|- *", "dispute|KG|2026-08|-|0|-|- *", "dispute|UZ|2026-08|-|-|-|- *"}));
}

TEST_P(StoreFigures, SatisfactionCountsAndMeans) {
  auto const t = by_id(case_figures(*store_, {kJune1, kJune30}), "satisfaction");
  // Cases: KZ's 2 withheld and CN's 5 as its complement; UZ 7 ratings of 4; tours in CN 6 (26 / 6).
  EXPECT_EQ(lines(t), (strings{"case|CN|2026-06|-|- *", "case|KZ|2026-06|-|- *", "case|UZ|2026-06|7|4.000", "tour|CN|2026-06|6|4.333"}));
  auto const may = by_id(case_figures(*store_, {kMay20, kMay20}), "satisfaction");
  EXPECT_EQ(lines(may), (strings{"tour|CN|2026-05|-|- *"}));
  // Ranges a day apart give the same answer: June 1-9 and June 1-10 both count the whole of June, so
  // their difference singles out no one's rating.
  EXPECT_EQ(lines(by_id(case_figures(*store_, {kJune1, kJune10 - 1}), "satisfaction")),
            lines(by_id(case_figures(*store_, {kJune1, kJune10}), "satisfaction")));
}

TEST_P(StoreFigures, NothingAboutOnePersonLeavesTheStore) {
  auto all = register_figures(*store_, {kMay20, kJuly31});
  for (auto& t : case_figures(*store_, {kMay20, kJuly31})) {
    all.push_back(std::move(t));
  }
  ASSERT_EQ(all.size(), 6U);
  for (auto const& t : all) {
    auto const text = to_json(t).dump() + to_csv(t);
    for (auto const* personal : {"PERSONAL", "PASSPORT", "BIRTH", "张三", "E1234567", "@", "0123456789abcdef"}) {
      EXPECT_EQ(text.find(personal), std::string::npos) << t.id_ << " holds " << personal;
    }
    EXPECT_FALSE(t.definition_.empty()) << t.id_;
    EXPECT_FALSE(t.sources_.empty()) << t.id_;
  }
}

TEST_P(StoreFigures, AnEmptyRangeGivesEmptyTablesWithTheirColumns) {
  auto const regs = register_figures(*store_, {kJuly31 + 100, kJuly31 + 130});
  EXPECT_TRUE(by_id(regs, "register.tours").rows_.empty());
  EXPECT_TRUE(by_id(regs, "register.travellers").rows_.empty());
  EXPECT_EQ(by_id(regs, "register.travellers").columns_.size(), 4U);
  auto const cs = case_figures(*store_, {kJuly31 + 100, kJuly31 + 130});
  for (auto const& t : cs) {
    EXPECT_TRUE(t.rows_.empty()) << t.id_;
    ASSERT_EQ(t.notes_.size(), 1U) << t.id_;  // only that whole months were counted: nothing withheld
    EXPECT_NE(t.notes_[0].find("whole months 2026-11-01..2026-12-31"), std::string::npos) << t.notes_[0];
  }
}

INSTANTIATE_TEST_SUITE_P(Stores, StoreFigures, testing::Values("sqlite", "postgres"),
                         [](testing::TestParamInfo<std::string> const& i) { return i.param; });

}  // namespace
}  // namespace caravan::stats
