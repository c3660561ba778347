// Cases on a real store (SQLite, and PostgreSQL when CARAVAN_TEST_POSTGRES is set): every transition of
// every lifecycle by every party (allowed ones succeed, the others are refused), who sees what, the
// deadlines on the bundled calendars across a weekend, a pause, a time-zone border and a calendar change,
// escalation, attachments, the outbox, the audit chain and the personal data sealed at rest.
#include <gtest/gtest.h>

#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "caravan/base/date.h"
#include "caravan/cases/attachments.h"
#include "caravan/cases/service.h"
#include "caravan/registry/service.h"
#include "caravan/storage/sqlite_store.h"
#include "../registry/refusal_of.h"
#include "../storage/postgres_test_db.h"

namespace caravan::cases {
namespace {

using registry::account;
using registry::refusal;
using registry::refusal_of;
using registry::role;

constexpr instant kMinute = 60 * kMicrosPerSecond;
constexpr instant kHourUs = 60 * kMinute;

// A local wall time at a fixed offset (the zones here have had no DST since 2024).
instant at(int y, unsigned m, unsigned d, int h, int mi, int offset_h) {
  auto const day = days_since_epoch(std::chrono::year_month_day{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}});
  return ((static_cast<std::int64_t>(day) * 24 + h - offset_h) * 60 + mi) * kMinute;
}

std::vector<business_calendar> const& bundled() {
  static auto const all = load_calendars(std::string{CARAVAN_SOURCE_DIR} + "/data/cases/calendars.json");
  return all;
}

std::string png() { return std::string{"\x89PNG\r\n\x1A\n", 8} + std::string(100, 'x'); }

class Cases : public testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "sqlite-file") {
      dir_ = std::filesystem::temp_directory_path() / fmt::format("caravan-cases-{}", ::getpid());
      std::filesystem::create_directories(dir_);
      store_ = storage::open_sqlite_store((dir_ / "register.db").string());
    } else {
      store_ = storage::open_test_store(GetParam());
    }
    if (!store_) {
      GTEST_SKIP() << storage::kNoPostgres;
    }
    cases_store_ = dynamic_cast<case_store*>(store_.get());
    ASSERT_NE(cases_store_, nullptr);
    ring_ = registry::key_ring{}.with_new_key();
    register_ = std::make_unique<registry::register_service>(
        *store_, registry::service_options{.hash_cost_ = registry::hash_cost::kTest, .now_ = [this] { return clock_; }, .keys_ = ring_});
    // The limits per account have their own test: here one traveller opens every case.
    service_ = std::make_unique<case_service>(
        *cases_store_, case_options{.now_ = [this] { return clock_; }, .keys_ = ring_, .opens_per_day_ = 100'000});
    EXPECT_EQ(service_->seed_calendars(bundled()), bundled().size());
    EXPECT_EQ(service_->seed_calendars(bundled()), 0U) << "seeding again adds nothing";
    admin_ = register_->create_first_admin("admin@caravan.example", "Admin", "admin password 1");
    kz_ = make(role::kAuthority, "kz@gov.example", "KZ");
    uz_ = make(role::kAuthority, "uz@gov.example", "UZ");
    staff_ = make(role::kOperatorStaff, "staff@silk.example");
    other_staff_ = make(role::kOperatorStaff, "staff@other.example");
    insurer_ = make(role::kInsurer, "claims@silkins.example", "KZ", "SILKINS");
    other_insurer_ = make(role::kInsurer, "claims@other.example", "CN", "OTHERINS");
    traveller_ = make(role::kTraveller, "li.wei@mail.example");
    other_traveller_ = make(role::kTraveller, "someone@mail.example");
    auto const o = register_->apply_operator(
        as(staff_), {.legal_name_ = "Silk Road Tours LLP", .country_ = "KZ", .licence_number_ = "KZ-TO-0001",
                     .issuer_ = "Tourism Committee", .valid_from_ = 20'000, .valid_to_ = 22'000});
    operator_ = o.id_;
    staff_ = reload(staff_);
    register_->apply_operator(as(other_staff_), {.legal_name_ = "Other Tours", .country_ = "KZ", .licence_number_ = "KZ-TO-0002",
                                                 .issuer_ = "Tourism Committee", .valid_from_ = 20'000, .valid_to_ = 22'000});
    other_staff_ = reload(other_staff_);
  }
  void TearDown() override {
    service_.reset();
    register_.reset();
    store_.reset();
    if (!dir_.empty()) {
      std::filesystem::remove_all(dir_);
    }
  }

  account make(role r, std::string email, std::string country = "", std::string organisation = "") {
    return register_->create_account(as(admin_), {.email_ = std::move(email), .display_name_ = "Someone",
                                                  .password_ = "long enough password", .role_ = r,
                                                  .country_ = std::move(country), .organisation_ = std::move(organisation)});
  }
  account reload(account const& a) {
    std::optional<account> now;
    store_->read([&](registry::unit_of_work& u) { now = u.account_by_id(a.id_); });
    return *now;
  }
  static registry::caller as(account const& a) { return {.account_ = a, .client_ = "test"}; }
  registry::caller as(party p) const {
    switch (p) {
      case party::kTraveller: return as(traveller_);
      case party::kOperator: return as(staff_);
      case party::kInsurer: return as(insurer_);
      case party::kAuthority: return as(kz_);
    }
    return {};
  }

  // A case of `kind` with every party on it: the operator, the insurer, and the KZ authority (where it
  // happened; for claims only once escalated).
  case_view open(case_kind kind, std::string country = "KZ") {
    new_case n{.kind_ = kind, .category_ = lifecycle_of(kind).categories_.front(), .title_ = "Lost passport in Almaty",
               .description_ = "My passport E12345678 was stolen at the station; I fly on Friday.", .country_ = country,
               .place_ = {.name_ = "Almaty-2", .stop_id_ = "almaty2"}, .language_ = "zh", .operator_ = operator_,
               .insurer_ = "SILKINS", .policy_number_ = "POL-778899"};
    if (kind == case_kind::kClaim) {
      n.lines_ = {{.description_ = "Clinic, 1 visit", .amount_minor_ = 12'000, .currency_ = "USD"},
                  {.description_ = "Taxi", .amount_minor_ = 3'000, .currency_ = "USD"}};
    }
    return service_->open_case(as(traveller_), n);
  }

  // What a transition needs to be taken: a note, an outcome, the lines' decisions.
  static action_request request(transition_def const& t, case_view const& v) {
    action_request r{.action_ = t.action_, .version_ = v.record_.version_};
    if (t.note_required_) {
      r.note_ = "Done as agreed";
    }
    if (!t.outcomes_.empty()) {
      r.outcome_ = t.outcomes_.front();
    }
    if (t.line_decisions_) {
      for (std::size_t i = 0; i < v.record_.lines_.size(); ++i) {
        r.lines_.push_back({.line_ = i, .approve_ = true});
      }
    }
    return r;
  }

  // Who may act in the test's cases: the KZ authority is no party to a claim until it is escalated.
  static bool is_party(case_kind k, party p) { return !(k == case_kind::kClaim && p == party::kAuthority); }

  // A fresh case of `kind` brought to `state` by the shortest path of transitions (breadth first).
  case_view in_state(case_kind kind, std::string const& state) {
    auto const& l = lifecycle_of(kind);
    std::map<std::string, std::pair<std::string, transition_def const*>> came_from;
    std::deque<std::string> todo{l.initial_};
    came_from[l.initial_] = {"", nullptr};
    while (!todo.empty() && !came_from.contains(state)) {
      auto const s = todo.front();
      todo.pop_front();
      for (auto const& t : l.transitions_) {
        if (std::find(t.from_.begin(), t.from_.end(), s) != t.from_.end() && !came_from.contains(t.to_) &&
            std::any_of(t.by_.begin(), t.by_.end(), [&](party p) { return is_party(kind, p); })) {
          came_from[t.to_] = {s, &t};
          todo.push_back(t.to_);
        }
      }
    }
    EXPECT_TRUE(came_from.contains(state)) << state << " cannot be reached";
    std::vector<transition_def const*> path;
    for (auto s = state; came_from[s].second != nullptr; s = came_from[s].first) {
      path.insert(path.begin(), came_from[s].second);
    }
    auto v = open(kind);
    for (auto const* t : path) {
      auto const by = *std::find_if(t->by_.begin(), t->by_.end(), [&](party p) { return is_party(kind, p); });
      v = service_->act(as(by), v.record_.id_, request(*t, v));
    }
    EXPECT_EQ(v.record_.state_, state);
    return v;
  }

  std::filesystem::path dir_;
  std::unique_ptr<registry::store> store_;
  case_store* cases_store_{nullptr};
  registry::key_ring ring_;
  instant clock_{at(2026, 12, 4, 17, 0, 5)};  // Friday 17:00 in Almaty
  std::unique_ptr<registry::register_service> register_;
  std::unique_ptr<case_service> service_;
  account admin_, kz_, uz_, staff_, other_staff_, insurer_, other_insurer_, traveller_, other_traveller_;
  registry::operator_id operator_{0};
};

INSTANTIATE_TEST_SUITE_P(Stores, Cases, testing::Values("sqlite", "postgres", "sqlite-file"));

TEST_P(Cases, EveryTransitionIsTakenByItsPartiesAndRefusedToTheOthers) {
  if (GetParam() == "sqlite-file") {
    GTEST_SKIP() << "the in-memory SQLite and PostgreSQL cover it";
  }
  std::size_t allowed = 0, refused = 0;
  for (auto kind : {case_kind::kAssistance, case_kind::kDispute, case_kind::kClaim}) {
    auto const& l = lifecycle_of(kind);
    for (auto const& t : l.transitions_) {
      for (auto const& from : t.from_) {
        SCOPED_TRACE(fmt::format("{} {}: {} from {}", to_string(kind), t.action_, t.action_, from));
        auto const v = in_state(kind, from);
        for (auto p : {party::kTraveller, party::kOperator, party::kInsurer, party::kAuthority}) {
          bool const may = std::find(t.by_.begin(), t.by_.end(), p) != t.by_.end();
          if (!is_party(kind, p)) {
            EXPECT_EQ(refusal_of([&] { service_->act(as(p), v.record_.id_, request(t, v)); }), refusal::kNotFound);
            continue;
          }
          if (may) {
            auto const fresh = in_state(kind, from);
            auto const after = service_->act(as(p), fresh.record_.id_, request(t, fresh));
            EXPECT_EQ(after.record_.state_, t.to_) << to_string(p);
            EXPECT_EQ(after.history_.back().action_, t.action_);
            EXPECT_EQ(after.history_.back().actor_party_, p);
            ++allowed;
          } else {
            EXPECT_EQ(refusal_of([&] { service_->act(as(p), v.record_.id_, request(t, v)); }), refusal::kForbidden)
                << to_string(p) << " took " << t.action_;
            ++refused;
          }
        }
        // Nothing a refused party tried changed the case.
        EXPECT_EQ(service_->view(as(traveller_), v.record_.id_).record_.version_, v.record_.version_);
      }
    }
  }
  EXPECT_GT(allowed, 40U);
  EXPECT_GT(refused, 40U);
}

// Satisfaction (issue 19): the case's traveller rates it once it is closed, once; its parties see the
// rating; the history says it was rated (the figure, not the comment), the trail and the outbox too.
TEST_P(Cases, TheTravellerRatesAClosedCaseOnce) {
  auto const open_one = open(case_kind::kAssistance);
  try {
    service_->rate(as(traveller_), open_one.record_.id_, 4, "");
    ADD_FAILURE() << "rated an open case";
  } catch (registry::refused const& e) {
    EXPECT_EQ(e.why(), refusal::kConflict);
    EXPECT_STREQ(e.what(), "rate once the case is closed");
  }
  auto const v = in_state(case_kind::kDispute, "closed");
  auto const id = v.record_.id_;
  EXPECT_FALSE(v.rating_);
  EXPECT_EQ(refusal_of([&] { service_->rate(registry::caller{}, id, 4, ""); }), refusal::kUnauthorized);
  EXPECT_EQ(refusal_of([&] { service_->rate(as(other_traveller_), id, 4, ""); }), refusal::kNotFound);
  EXPECT_EQ(refusal_of([&] { service_->rate(as(staff_), id, 4, ""); }), refusal::kForbidden) << "a party, not the traveller";
  EXPECT_EQ(refusal_of([&] { service_->rate(as(traveller_), id, 6, ""); }), refusal::kInvalid);
  EXPECT_EQ(refusal_of([&] { service_->rate(as(traveller_), id, 3, std::string(1001, 'x')); }), refusal::kInvalid);

  auto const rated = service_->rate(as(traveller_), id, 4, "Fair, \nbut slow");
  ASSERT_TRUE(rated.rating_);
  EXPECT_EQ(rated.rating_->rating_, 4);
  EXPECT_EQ(rated.rating_->comment_, "Fair, \nbut slow");
  EXPECT_EQ(rated.history_.back().action_, "rate");
  EXPECT_EQ(rated.history_.back().data_, R"({"rating":4})");
  EXPECT_EQ(rated.history_.back().text_, "");
  EXPECT_EQ(rated.record_.state_, "closed");
  auto const seen = service_->view(as(staff_), id);
  ASSERT_TRUE(seen.rating_);
  EXPECT_EQ(seen.rating_->comment_, "Fair, \nbut slow");
  EXPECT_EQ(refusal_of([&] { service_->rate(as(traveller_), id, 5, ""); }), refusal::kConflict) << "rated once";

  std::vector<registry::rating_row> rows;
  store_->read([&](registry::unit_of_work& u) { rows = u.ratings_of(registry::rating_subject::kCase, id); });
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(rows[0].by_, traveller_.id_);
  EXPECT_EQ(rows[0].country_, "KZ");
  EXPECT_EQ(rows[0].comment_sealed_.find("slow"), std::string::npos) << "sealed at rest";
  EXPECT_FALSE(register_->verify_audit().has_value());
  auto const trail = register_->audit(as(admin_), 0, 10'000);
  ASSERT_FALSE(trail.empty());
  EXPECT_EQ(trail.back().action_, "case.rate");
  EXPECT_EQ(trail.back().after_.find("slow"), std::string::npos);
}

TEST_P(Cases, AnActionFromTheWrongStateOrAStaleVersionIsAConflict) {
  auto v = open(case_kind::kAssistance);
  EXPECT_EQ(refusal_of([&] { service_->act(as(traveller_), v.record_.id_, {.action_ = "close", .version_ = v.record_.version_}); }),
            refusal::kConflict);
  auto const acked = service_->act(as(staff_), v.record_.id_, {.action_ = "acknowledge", .version_ = v.record_.version_});
  EXPECT_EQ(refusal_of([&] {
              service_->act(as(staff_), v.record_.id_, {.action_ = "start", .version_ = v.record_.version_});
            }),
            refusal::kConflict)
      << "the version read before the acknowledgement";
  EXPECT_EQ(refusal_of([&] { service_->act(as(staff_), v.record_.id_, {.action_ = "fly", .version_ = acked.record_.version_}); }),
            refusal::kInvalid);
  try {
    service_->act(as(staff_), v.record_.id_, {.action_ = "resolve", .version_ = acked.record_.version_});
    ADD_FAILURE() << "resolved without a note";
  } catch (registry::refused const& e) {
    EXPECT_EQ(e.why(), refusal::kInvalid);
    EXPECT_EQ(e.field(), "note");
  }
}

TEST_P(Cases, APartySeesOnlyItsCases) {
  auto const v = open(case_kind::kAssistance);
  for (auto const* who : {&other_traveller_, &other_staff_, &other_insurer_, &uz_}) {
    EXPECT_EQ(refusal_of([&] { service_->view(as(*who), v.record_.id_); }), refusal::kNotFound) << who->email_;
    EXPECT_EQ(refusal_of([&] { service_->post_message(as(*who), v.record_.id_, "hello"); }), refusal::kNotFound);
    EXPECT_EQ(refusal_of([&] { service_->attach(as(*who), v.record_.id_, "a.png", png()); }), refusal::kNotFound);
    EXPECT_TRUE(service_->queue(as(*who), {}).empty()) << who->email_;
  }
  EXPECT_EQ(refusal_of([&] { service_->view({}, v.record_.id_); }), refusal::kUnauthorized);
  EXPECT_EQ(refusal_of([&] { service_->view(as(traveller_), 999'999); }), refusal::kNotFound);
  for (auto const* who : {&traveller_, &staff_, &insurer_, &kz_, &admin_}) {
    EXPECT_EQ(service_->view(as(*who), v.record_.id_).title_, "Lost passport in Almaty") << who->email_;
    EXPECT_EQ(service_->queue(as(*who), {}).size(), 1U) << who->email_;
  }
  // The policy number is the traveller's and the insurer's business.
  EXPECT_EQ(service_->view(as(traveller_), v.record_.id_).policy_number_, "POL-778899");
  EXPECT_EQ(service_->view(as(insurer_), v.record_.id_).policy_number_, "POL-778899");
  EXPECT_EQ(service_->view(as(staff_), v.record_.id_).policy_number_, "");
  // A claim is the traveller's and the insurer's until it is escalated.
  auto const claim = open(case_kind::kClaim);
  EXPECT_EQ(refusal_of([&] { service_->view(as(kz_), claim.record_.id_); }), refusal::kNotFound);
  EXPECT_EQ(refusal_of([&] { service_->view(as(other_staff_), claim.record_.id_); }), refusal::kNotFound);
}

TEST_P(Cases, WhoMayOpenWhatAndWhatIsChecked) {
  new_case dispute{.kind_ = case_kind::kDispute, .category_ = "refund", .title_ = "No refund", .description_ = "Cancelled tour",
                   .country_ = "KG"};
  EXPECT_EQ(refusal_of([&] { service_->open_case(as(staff_), dispute); }), refusal::kForbidden);
  EXPECT_EQ(refusal_of([&] { service_->open_case(as(traveller_), dispute); }), refusal::kInvalid) << "names no operator";
  dispute.operator_ = operator_;
  auto const d = service_->open_case(as(traveller_), dispute);
  EXPECT_EQ(d.record_.responsible_, party::kOperator);
  EXPECT_EQ(d.record_.calendar_, "KZ") << "the operator's country, not where it happened";
  new_case bad = dispute;
  bad.category_ = "weather";
  EXPECT_EQ(refusal_of([&] { service_->open_case(as(traveller_), bad); }), refusal::kInvalid);
  bad = dispute;
  bad.country_ = "XX";
  EXPECT_EQ(refusal_of([&] { service_->open_case(as(traveller_), bad); }), refusal::kInvalid);
  bad = dispute;
  bad.title_ = std::string{"a\0b", 3};
  EXPECT_EQ(refusal_of([&] { service_->open_case(as(traveller_), bad); }), refusal::kInvalid);
  bad = dispute;
  bad.urgency_ = urgency::kUrgent;
  EXPECT_EQ(refusal_of([&] { service_->open_case(as(traveller_), bad); }), refusal::kInvalid) << "urgent is for assistance";
  new_case claim{.kind_ = case_kind::kClaim, .category_ = "medical", .title_ = "Clinic", .description_ = "Fever in Osh",
                 .country_ = "KG", .insurer_ = "NOSUCH", .policy_number_ = "P1",
                 .lines_ = {{.description_ = "Clinic", .amount_minor_ = 100, .currency_ = "USD"}}};
  EXPECT_EQ(refusal_of([&] { service_->open_case(as(traveller_), claim); }), refusal::kInvalid) << "unknown insurer";
  claim.insurer_ = "SILKINS";
  claim.lines_[0].currency_ = "usd";
  EXPECT_EQ(refusal_of([&] { service_->open_case(as(traveller_), claim); }), refusal::kInvalid);
  claim.lines_[0].currency_ = "USD";
  claim.lines_[0].amount_minor_ = 0;
  EXPECT_EQ(refusal_of([&] { service_->open_case(as(traveller_), claim); }), refusal::kInvalid);
  claim.lines_[0].amount_minor_ = 100;
  EXPECT_EQ(service_->open_case(as(traveller_), claim).record_.responsible_, party::kInsurer);
  // An authority asks for help for a traveller without an account: it answers it itself.
  auto const a = service_->open_case(as(uz_), {.kind_ = case_kind::kAssistance, .category_ = "safety", .title_ = "Road closed",
                                              .description_ = "Group stuck at Oybek", .country_ = "UZ"});
  EXPECT_EQ(a.record_.responsible_, party::kAuthority);
  EXPECT_EQ(a.record_.calendar_, "UZ");
}

TEST_P(Cases, StaffAndAuthoritiesOpenCasesOnlyWhereTheyAreAParty) {
  new_case n{.kind_ = case_kind::kAssistance, .category_ = "other", .title_ = "x", .description_ = "y", .country_ = "KZ",
             .operator_ = operator_};
  EXPECT_EQ(refusal_of([&] { service_->open_case(as(other_staff_), n); }), refusal::kForbidden) << "another operator's";
  EXPECT_EQ(service_->open_case(as(staff_), n).as_, party::kOperator);
  EXPECT_EQ(refusal_of([&] { service_->open_case(as(uz_), n); }), refusal::kForbidden) << "a case in KZ";
  EXPECT_EQ(service_->open_case(as(kz_), n).as_, party::kAuthority);
}

TEST_P(Cases, ATravellerOpensAFewCasesADayAndWritesAFewMessagesAnHour) {
  case_service limited{*cases_store_, case_options{.now_ = [this] { return clock_; }, .keys_ = ring_,
                                                   .opens_per_day_ = 2, .writes_per_hour_ = 2}};
  new_case n{.kind_ = case_kind::kAssistance, .category_ = "other", .title_ = "x", .description_ = "y", .country_ = "KZ"};
  auto const first = limited.open_case(as(traveller_), n);
  limited.open_case(as(traveller_), n);
  EXPECT_EQ(refusal_of([&] { limited.open_case(as(traveller_), n); }), refusal::kRateLimited);
  EXPECT_NO_THROW(limited.open_case(as(other_traveller_), n)) << "counted per account";
  limited.post_message(as(traveller_), first.record_.id_, "one");
  limited.attach(as(traveller_), first.record_.id_, "a.png", png());
  EXPECT_EQ(refusal_of([&] { limited.post_message(as(traveller_), first.record_.id_, "three"); }), refusal::kRateLimited);
  clock_ += 61 * kMinute;
  EXPECT_NO_THROW(limited.post_message(as(traveller_), first.record_.id_, "an hour later"));
  clock_ += 24 * kHourUs;
  EXPECT_NO_THROW(limited.open_case(as(traveller_), n)) << "a day later";
}

TEST_P(Cases, ACalendarThatCannotCountADeadlineIsRefusedAndAStoredOneStopsNothing) {
  auto closed = *std::find_if(bundled().begin(), bundled().end(), [](auto const& c) { return c.id_ == "KZ"; });
  closed.week_ = {};
  EXPECT_EQ(refusal_of([&] { service_->put_calendar(as(admin_), closed, 2); }), refusal::kInvalid);
  EXPECT_THROW(service_->import_calendars({closed}), calendar_error);
  // One stored by other means (an older Caravan, a hand edit) falls back to weekdays in UTC.
  auto const v = open(case_kind::kAssistance);
  cases_store_->write_cases([&](case_unit& u) { u.put_calendar(closed, 2); });
  clock_ += 30 * 24 * kHourUs;
  EXPECT_NO_THROW(service_->view(as(traveller_), v.record_.id_));
  EXPECT_EQ(service_->sweep(), 1U) << "the sweep goes on";
}

TEST_P(Cases, AReasonIsACodeWheneverOneIsGiven) {
  auto v = open(case_kind::kClaim);
  action_request a{.action_ = "assess", .version_ = v.record_.version_,
                   .lines_ = {{.line_ = 0, .approve_ = true, .approved_minor_ = 12'000, .reason_code_ = "\u202e has HIV"},
                              {.line_ = 1, .approve_ = false, .reason_code_ = "no_receipt"}}};
  EXPECT_EQ(refusal_of([&] { service_->act(as(insurer_), v.record_.id_, a); }), refusal::kInvalid);
  // The party is checked before the state: a traveller trying the insurer's action hears it is not theirs.
  EXPECT_EQ(refusal_of([&] { service_->act(as(traveller_), v.record_.id_, {.action_ = "pay", .version_ = v.record_.version_, .note_ = "x"}); }),
            refusal::kForbidden);
}

TEST_P(Cases, AClaimIsAssessedLineByLineWithReasons) {
  auto v = open(case_kind::kClaim);
  v = service_->act(as(insurer_), v.record_.id_, {.action_ = "start_assessment", .version_ = v.record_.version_});
  action_request assess{.action_ = "assess", .version_ = v.record_.version_,
                        .lines_ = {{.line_ = 0, .approve_ = true}, {.line_ = 1, .approve_ = false, .reason_code_ = "weather"}}};
  EXPECT_EQ(refusal_of([&] { service_->act(as(insurer_), v.record_.id_, assess); }), refusal::kInvalid) << "unknown reason";
  assess.lines_[1].reason_code_ = "no_receipt";
  assess.lines_.pop_back();
  EXPECT_EQ(refusal_of([&] { service_->act(as(insurer_), v.record_.id_, assess); }), refusal::kInvalid) << "a line undecided";
  assess.lines_ = {{.line_ = 0, .approve_ = true, .approved_minor_ = 20'000}};
  EXPECT_EQ(refusal_of([&] { service_->act(as(insurer_), v.record_.id_, assess); }), refusal::kInvalid) << "more than claimed";
  assess.lines_ = {{.line_ = 0, .approve_ = true, .approved_minor_ = 10'000}, {.line_ = 1, .approve_ = false, .reason_code_ = "no_receipt"}};
  EXPECT_EQ(refusal_of([&] { service_->act(as(insurer_), v.record_.id_, assess); }), refusal::kInvalid)
      << "a part approved needs a reason";
  assess.lines_[0].reason_code_ = "over_limit";
  v = service_->act(as(insurer_), v.record_.id_, assess);
  EXPECT_EQ(v.record_.state_, "assessed");
  EXPECT_EQ(v.record_.outcome_, "partly_approved");
  EXPECT_EQ(v.record_.lines_[0].approved_minor_, 10'000);
  EXPECT_EQ(v.record_.lines_[1].state_, line_state::kRejected);
  EXPECT_EQ(v.record_.lines_[1].reason_code_, "no_receipt");
  // The traveller contests: every line is assessed again; the history keeps the first assessment.
  v = service_->act(as(traveller_), v.record_.id_, {.action_ = "contest", .version_ = v.record_.version_, .note_ = "Receipt attached"});
  EXPECT_EQ(v.record_.lines_[1].state_, line_state::kPending);
  v = service_->act(as(insurer_), v.record_.id_,
                    {.action_ = "assess", .version_ = v.record_.version_,
                     .lines_ = {{.line_ = 0, .approve_ = false, .reason_code_ = "not_covered"},
                                {.line_ = 1, .approve_ = false, .reason_code_ = "no_receipt"}}});
  EXPECT_EQ(v.record_.outcome_, "rejected");
  EXPECT_EQ(refusal_of([&] { service_->act(as(insurer_), v.record_.id_, {.action_ = "pay", .version_ = v.record_.version_, .note_ = "x"}); }),
            refusal::kConflict)
      << "nothing to pay";
  v = service_->act(as(insurer_), v.record_.id_, {.action_ = "close", .version_ = v.record_.version_});
  EXPECT_FALSE(v.record_.open_);
  EXPECT_EQ(refusal_of([&] { service_->post_message(as(traveller_), v.record_.id_, "why?"); }), refusal::kConflict);
}

TEST_P(Cases, DeadlinesCountTheAnsweringPartysBusinessHoursAcrossAWeekendAndAPause) {
  // Opened Friday 17:00 in Almaty, answered by a KZ operator: 4 business hours = Monday 12:00.
  auto v = open(case_kind::kAssistance);
  EXPECT_EQ(v.record_.calendar_, "KZ");
  EXPECT_EQ(v.clocks_.response_due_, at(2026, 12, 7, 12, 0, 5));
  EXPECT_EQ(v.record_.next_due_, at(2026, 12, 7, 12, 0, 5));
  // Monday 10:00: the operator asks the traveller for a photo of the police report: the clocks stop.
  clock_ = at(2026, 12, 7, 10, 0, 5);
  v = service_->act(as(staff_), v.record_.id_,
                    {.action_ = "ask_traveller", .version_ = v.record_.version_, .note_ = "Send the police report"});
  EXPECT_EQ(v.clocks_.status_, clock_status::kPaused);
  EXPECT_FALSE(v.clocks_.resolution_due_);
  EXPECT_EQ(v.clocks_.resolution_left_s_, 38 * 3600) << "40 business hours less Friday's hour and Monday's";
  EXPECT_EQ(v.record_.next_due_, kNoDue) << "paused cases have no due time in the queue";
  // Tuesday 09:00 the traveller answers by writing: the case goes back to work, 23 h on hold.
  clock_ = at(2026, 12, 8, 9, 0, 5);
  v = service_->post_message(as(traveller_), v.record_.id_, "Вот справка из полиции");
  EXPECT_EQ(v.record_.state_, "in_progress");
  EXPECT_EQ(v.history_.back().action_, "reply");
  EXPECT_EQ(v.clocks_.hold_s_, 23 * 3600);
  EXPECT_TRUE(v.clocks_.responded_at_);
  // 38 business hours from Tuesday 09:00: Tuesday..Thursday 27 h, Friday 9 h, Monday 2 h -> Monday 11:00.
  EXPECT_EQ(v.clocks_.resolution_due_, at(2026, 12, 14, 11, 0, 5));
}

TEST_P(Cases, ACaseInTashkentHandledInAlmatyCountsAlmatysCalendar) {
  clock_ = at(2026, 12, 7, 17, 30, 5);  // Monday 17:30 in Tashkent (and Almaty: both UTC+5 since 2024)
  auto const v = open(case_kind::kAssistance, "UZ");
  EXPECT_EQ(v.record_.country_, "UZ");
  EXPECT_EQ(v.record_.calendar_, "KZ");
  // Half an hour on Monday, 3.5 h on Tuesday.
  EXPECT_EQ(v.clocks_.response_due_, at(2026, 12, 8, 12, 30, 5));
  // The UZ authority is a party (it happened there); the KZ one is not.
  EXPECT_EQ(service_->view(as(uz_), v.record_.id_).as_, party::kAuthority);
  EXPECT_EQ(refusal_of([&] { service_->view(as(kz_), v.record_.id_); }), refusal::kNotFound);
}

TEST_P(Cases, AChineseHolidayOnTheInsurersCalendarPushesTheDeadline) {
  // A Chinese insurer: the claim's first answer is due after the National Day holiday (1-7 October).
  insurer_ = make(role::kInsurer, "claims@cn-ins.example", "CN", "CNINS");
  clock_ = at(2026, 9, 30, 16, 0, 8);
  auto const v = service_->open_case(
      as(traveller_), {.kind_ = case_kind::kClaim, .category_ = "baggage", .title_ = "Bag lost", .description_ = "At Urumqi",
                       .country_ = "CN", .insurer_ = "CNINS", .policy_number_ = "CN-1",
                       .lines_ = {{.description_ = "Suitcase", .amount_minor_ = 50'000, .currency_ = "CNY"}}});
  EXPECT_EQ(v.record_.calendar_, "CN");
  // 16 business hours: 2 h on 30 September, then 8 October 09:00-18:00 and 5 h on the 9th (a Friday).
  EXPECT_EQ(v.clocks_.response_due_, at(2026, 10, 9, 14, 0, 8));
}

TEST_P(Cases, APassedDeadlineEscalatesToTheAuthorityOnce) {
  auto const claim = open(case_kind::kClaim);
  EXPECT_EQ(service_->sweep(), 0U);
  // 16 business hours from Friday 17:00: Friday 1 h, Monday 9 h, Tuesday 6 h -> Tuesday 15:00 (KZ insurer).
  EXPECT_EQ(claim.clocks_.response_due_, at(2026, 12, 8, 15, 0, 5));
  clock_ = at(2026, 12, 8, 15, 1, 5);
  EXPECT_EQ(service_->sweep(), 1U);
  EXPECT_EQ(service_->sweep(), 0U) << "escalated once";
  auto const v = service_->view(as(kz_), claim.record_.id_);  // the authority now sees the claim
  EXPECT_EQ(v.record_.escalated_to_, party::kAuthority);
  EXPECT_TRUE(v.clocks_.response_breached_);
  EXPECT_EQ(v.history_.back().action_, "breach");
  EXPECT_EQ(v.history_.back().actor_name_, "Caravan");
  auto const queue = service_->queue(as(kz_), {.breached_only_ = true});
  ASSERT_EQ(queue.size(), 1U);
  EXPECT_EQ(queue[0].record_.id_, claim.record_.id_);
}

TEST_P(Cases, ChangingACalendarReevaluatesTheOpenCasesOnIt) {
  auto const v = open(case_kind::kAssistance);
  EXPECT_EQ(v.clocks_.response_due_, at(2026, 12, 7, 12, 0, 5));
  auto kz = std::find_if(bundled().begin(), bundled().end(), [](auto const& c) { return c.id_ == "KZ"; });
  auto changed = *kz;
  changed.holidays_.push_back({.date_ = days_since_epoch(std::chrono::year_month_day{std::chrono::year{2026}, std::chrono::month{12},
                                                                                     std::chrono::day{7}}),
                               .name_ = "A day off"});
  std::sort(changed.holidays_.begin(), changed.holidays_.end(), [](auto const& a, auto const& b) { return a.date_ < b.date_; });
  EXPECT_EQ(refusal_of([&] { service_->put_calendar(as(staff_), changed, 2); }), refusal::kForbidden);
  EXPECT_EQ(refusal_of([&] { service_->put_calendar(as(admin_), changed, 5); }), refusal::kConflict);
  EXPECT_EQ(service_->put_calendar(as(admin_), changed, 2), 1U);
  auto const after = service_->view(as(traveller_), v.record_.id_);
  EXPECT_EQ(after.clocks_.response_due_, at(2026, 12, 8, 12, 0, 5)) << "Monday is a holiday now";
  EXPECT_EQ(after.record_.next_due_, at(2026, 12, 8, 12, 0, 5)) << "and the queue's order follows";
  auto bad = changed;
  bad.time_zone_ = "Mars/Olympus";
  EXPECT_EQ(refusal_of([&] { service_->put_calendar(as(admin_), bad, 3); }), refusal::kInvalid);
}

TEST_P(Cases, TheQueueIsSortedByDueTime) {
  std::vector<case_id> ids;
  for (int i = 0; i < 3; ++i) {
    clock_ += kMinute;
    ids.push_back(open(case_kind::kAssistance).record_.id_);
  }
  // An urgent one, answered around the clock, is due first.
  auto const urgent = service_->open_case(as(traveller_), {.kind_ = case_kind::kAssistance, .category_ = "medical",
                                                           .urgency_ = urgency::kUrgent, .title_ = "Chest pain",
                                                           .description_ = "At the hotel", .country_ = "KZ", .operator_ = operator_});
  EXPECT_EQ(urgent.clocks_.response_due_, clock_ + kHourUs);
  auto const q = service_->queue(as(staff_), {});
  ASSERT_EQ(q.size(), 4U);
  EXPECT_EQ(q[0].record_.id_, urgent.record_.id_);
  for (std::size_t i = 1; i < q.size(); ++i) {
    EXPECT_LE(q[i - 1].record_.next_due_, q[i].record_.next_due_);
  }
  EXPECT_EQ(service_->queue(as(staff_), {.kind_ = case_kind::kClaim}).size(), 0U);
  EXPECT_EQ(service_->queue(as(staff_), {.limit_ = 2, .offset_ = 1}).size(), 2U);
}

TEST_P(Cases, AttachmentsAreToldByContentNamedSafelyAndServedToTheCasesParties) {
  auto const v = open(case_kind::kAssistance);
  auto const id = v.record_.id_;
  EXPECT_EQ(refusal_of([&] { service_->attach(as(traveller_), id, "report.pdf", "<html><script>alert(1)</script>"); }),
            refusal::kInvalid);
  EXPECT_EQ(refusal_of([&] { service_->attach(as(traveller_), id, "big.png", png() + std::string(kMaxAttachmentBytes, 'x')); }),
            refusal::kInvalid);
  EXPECT_EQ(refusal_of([&] { service_->attach(as(traveller_), id, "../../", png()); }), refusal::kInvalid);
  auto const digest = service_->attach(as(traveller_), id, "../../etc/\xE2\x80\xAEgnp.exe", png());
  auto const file = service_->attachment(as(staff_), id, digest);
  EXPECT_EQ(file.name_, "gnp.exe.png") << "path and bidirectional override gone, the type's extension added";
  EXPECT_EQ(file.media_type_, "image/png");
  EXPECT_EQ(file.bytes_, png());
  // The same photo on another case is stored once, and a case serves only its own files.
  auto const other = service_->open_case(as(other_traveller_), {.kind_ = case_kind::kAssistance, .category_ = "other",
                                                                .title_ = "x", .description_ = "y", .country_ = "KZ"});
  EXPECT_EQ(refusal_of([&] { service_->attachment(as(other_traveller_), other.record_.id_, digest); }), refusal::kNotFound);
  EXPECT_EQ(service_->attach(as(other_traveller_), other.record_.id_, "same.png", png()), digest);
  EXPECT_EQ(refusal_of([&] { service_->attachment(as(other_traveller_), id, digest); }), refusal::kNotFound);
  auto const view = service_->view(as(traveller_), id);
  EXPECT_EQ(view.history_.back().action_, "attach");
}

TEST_P(Cases, EveryChangeIsAuditedAndNotifiedWithoutItsText) {
  auto v = open(case_kind::kAssistance);
  v = service_->post_message(as(staff_), v.record_.id_, "我们的司机会在30分钟内到达");
  v = service_->act(as(staff_), v.record_.id_, {.action_ = "resolve", .version_ = v.record_.version_, .note_ = "Driver came"});
  std::int64_t checked = 0;
  EXPECT_FALSE(register_->verify_audit(&checked));
  auto const trail = register_->audit(as(admin_), 1, 1'000);
  std::set<std::string> actions;
  for (auto const& e : trail) {
    actions.insert(e.action_);
    EXPECT_EQ(e.after_.find("司机"), std::string::npos) << "a message in the trail";
    EXPECT_EQ(e.after_.find("E12345678"), std::string::npos);
  }
  EXPECT_TRUE(actions.contains("case.open"));
  EXPECT_TRUE(actions.contains("case.message"));
  EXPECT_TRUE(actions.contains("case.resolve"));
  auto const out = service_->pending_notifications(100);
  ASSERT_EQ(out.size(), 3U);
  for (auto const& n : out) {
    EXPECT_EQ(n.payload_.find("司机"), std::string::npos);
    EXPECT_EQ(n.payload_.find("passport"), std::string::npos);
  }
  auto const first = nlohmann::json::parse(out[0].payload_);
  EXPECT_EQ(first["action"], "open");
  EXPECT_EQ(first["notify"], nlohmann::json::array({"operator", "insurer", "authority"})) << "not the traveller who opened it";
  service_->notification_delivered(out[0]);
  service_->notification_failed(out[1], "connection refused");
  auto const left = service_->pending_notifications(100);
  ASSERT_EQ(left.size(), 1U) << "one delivered, one waiting to be tried again";
  EXPECT_EQ(left[0].id_, out[2].id_);
  clock_ += 2 * kMinute;
  EXPECT_EQ(service_->pending_notifications(100).size(), 2U);
}

TEST_P(Cases, PersonalDataIsSealedAtRest) {
  if (GetParam() != "sqlite-file") {
    GTEST_SKIP() << "read from the database file";
  }
  auto const v = open(case_kind::kClaim);
  service_->post_message(as(traveller_), v.record_.id_, "Mein Pass E12345678 wurde gestohlen");
  service_->attach(as(traveller_), v.record_.id_, "receipt.png", png() + "RECEIPT-TEXT-42");
  auto const started = service_->act(as(insurer_), v.record_.id_,
                                     {.action_ = "start_assessment", .version_ = service_->view(as(insurer_), v.record_.id_).record_.version_});
  service_->act(as(insurer_), v.record_.id_,
                {.action_ = "assess", .version_ = started.record_.version_,
                 .lines_ = {{.line_ = 0, .approve_ = true, .note_ = "SEEN-BY-A-DOCTOR"}, {.line_ = 1, .approve_ = true}}});
  EXPECT_EQ(service_->view(as(traveller_), v.record_.id_).record_.lines_[0].note_, "SEEN-BY-A-DOCTOR");
  service_.reset();
  register_.reset();
  store_.reset();
  std::string bytes;
  for (auto const& f : std::filesystem::directory_iterator{dir_}) {
    std::ifstream in{f.path(), std::ios::binary};
    bytes += std::string{std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
  }
  EXPECT_FALSE(bytes.empty());
  for (auto const* secret : {"E12345678", "Lost passport", "POL-778899", "wurde gestohlen", "RECEIPT-TEXT-42",
                             "Clinic, 1 visit", "receipt.png", "SEEN-BY-A-DOCTOR"}) {
    EXPECT_EQ(bytes.find(secret), std::string::npos) << secret;
  }
  EXPECT_NE(bytes.find("Almaty-2"), std::string::npos) << "the place is not sealed (it routes the case)";
}

TEST_P(Cases, WithoutKeysCasesAreRefusedNotStoredInTheClear) {
  case_service keyless{*cases_store_, case_options{.now_ = [this] { return clock_; }}};
  EXPECT_EQ(refusal_of([&] {
              keyless.open_case(as(traveller_), {.kind_ = case_kind::kAssistance, .category_ = "other", .title_ = "x",
                                                 .description_ = "y", .country_ = "KZ"});
            }),
            refusal::kUnavailable);
}

}  // namespace
}  // namespace caravan::cases
