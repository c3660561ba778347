// Group tours and manifests on a real store (SQLite, and PostgreSQL when CARAVAN_TEST_POSTGRES is set):
// the check of every traveller against the shipped entry rules on the tour's dates (issue 16's cases:
// 4 people, 26, an unregistered operator, a suspended licence, re-entry after 10 days, a member who
// needs a visa), submission and each country's decision, who sees what, CSV import errors, MRZ, and the
// personal data sealed at rest.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <source_location>
#include <sstream>

#include "caravan/base/date.h"
#include "caravan/registry/mrz.h"
#include "caravan/registry/service.h"
#include "caravan/storage/postgres_store.h"
#include "caravan/storage/sqlite_store.h"
#include "../storage/postgres_test_db.h"
#include "refusal_of.h"

namespace caravan::registry {
namespace {

std::int32_t day_of(char const* iso) { return *parse_date(iso, date_format::kIso); }

rules::rule_set const& shipped_rules() {
  static auto const rs = rules::rule_set::load_directory(std::filesystem::path{CARAVAN_SOURCE_DIR} / "data/rules");
  return rs;
}

new_member traveller(int i, std::string nationality = "CN") {
  return {.latin_name_ = fmt::format("ZHANG SAN {}", static_cast<char>('A' + i % 26)), .native_name_ = "张三",
          .nationality_ = std::move(nationality), .passport_number_ = fmt::format("E{:08}", 10'000'000 + i),
          .passport_expiry_ = day_of("2031-01-01"), .birth_date_ = day_of("1980-05-01") + i, .sex_ = 'F'};
}

std::vector<std::string> codes(tour_check const& c) {
  std::vector<std::string> out;
  for (auto const& p : c.problems_) {
    out.push_back(p.message_.code_);
  }
  return out;
}

bool has(std::vector<std::string> const& v, std::string const& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

class Tours : public testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    store_ = storage::open_test_store(GetParam());
    if (!store_) {
      GTEST_SKIP() << storage::kNoPostgres;
    }
    ring_ = key_ring{}.with_new_key();
    service_ = std::make_unique<register_service>(
        *store_, service_options{.hash_cost_ = hash_cost::kTest, .now_ = [this] { return clock_; }, .keys_ = ring_});
    admin_ = service_->create_first_admin("admin@caravan.example", "Admin", "admin password 1");
    kz_ = make(role::kAuthority, "kz@gov.example", "KZ");
    kg_ = make(role::kAuthority, "kg@gov.example", "KG");
    staff_ = make(role::kOperatorStaff, "staff@silk.example");
    other_staff_ = make(role::kOperatorStaff, "staff@other.example");
    traveller_ = make(role::kTraveller, "someone@mail.example");
    auto const o = service_->apply_operator(as(staff_), {.legal_name_ = "Silk Road Tours LLP", .country_ = "KZ",
                                                         .licence_number_ = "KZ-TO-0001", .issuer_ = "Tourism Committee",
                                                         .valid_from_ = day_of("2025-01-01"),
                                                         .valid_to_ = day_of("2027-12-31"), .countries_ = {"KZ", "KG"}});
    operator_ = o.id_;
    approved_ = service_->decide_operator(as(kz_), o.id_, operator_status::kApproved, 1, "");
    staff_ = *fresh(staff_).account_;
    service_->apply_operator(as(other_staff_), {.legal_name_ = "Other Tours", .country_ = "KZ",
                                                .licence_number_ = "KZ-TO-0002", .issuer_ = "Tourism Committee",
                                                .valid_from_ = day_of("2025-01-01"), .valid_to_ = day_of("2027-12-31")});
    other_staff_ = *fresh(other_staff_).account_;
  }

  account make(role r, std::string email, std::string country = "") {
    return service_->create_account(as(admin_), {.email_ = std::move(email), .display_name_ = "Someone",
                                                 .password_ = "long enough password", .role_ = r,
                                                 .country_ = std::move(country)});
  }
  static caller as(account const& a) { return {.account_ = a, .client_ = "test"}; }
  caller fresh(account const& a) {
    std::optional<account> now;
    store_->read([&](unit_of_work& u) { now = u.account_by_id(a.id_); });
    return as(*now);
  }

  // Chinese travellers to Kyrgyzstan for 10 days with return tickets: the 2024 visa-free group regime.
  static tour_programme kyrgyzstan(int max_size = 25) {
    return {.title_ = "Issyk-Kul and the Tian Shan", .languages_ = {"zh"},
            .stays_ = {{.country_ = "KG", .entry_ = "2026-07-01T10:00+06:00", .exit_ = "2026-07-10T18:00+06:00",
                        .entry_port_ = "FRU", .onward_ticket_ = true}},
            .legs_ = {{.from_ = "Urumqi", .to_ = "Bishkek", .departure_ = "2026-07-01T08:00+08:00",
                       .arrival_ = "2026-07-01T10:00+06:00", .mode_ = "air", .name_ = "CZ6007"}},
            .max_size_ = max_size, .regimes_ = {"cn-kg-group-tour-2024"}};
  }

  tour with_members(tour_programme const& p, int n, std::string odd_one = "") {
    auto const t = service_->create_tour(as(staff_), operator_, p);
    for (int i = 0; i != n; ++i) {
      service_->add_member(as(staff_), t.id_, traveller(i, i == 0 && !odd_one.empty() ? odd_one : "CN"));
    }
    return service_->tour_record(as(staff_), t.id_);
  }

  instant clock_{1'780'000'000'000'000};  // 2026-05-28
  key_ring ring_;
  std::unique_ptr<store> store_;
  std::unique_ptr<register_service> service_;
  account admin_, kz_, kg_, staff_, other_staff_, traveller_;
  operator_id operator_{0};
  tour_operator approved_;
};

TEST_P(Tours, AGroupThatMeetsTheRulesIsSubmittedApprovedAndThenRegistered) {
  auto const t = with_members(kyrgyzstan(), 10);
  auto const check = service_->check_tour(as(staff_), t.id_, shipped_rules());
  EXPECT_TRUE(check.ok_) << testing::PrintToString(codes(check));
  EXPECT_NE(check.report_.find("cn-kg-group-tour-2024"), std::string::npos) << "the group rule governs";

  // Before approval, a trip naming the tour is not registered; the submission asks for it.
  EXPECT_FALSE(service_->registered(t.id_, "", "KG", day_of("2026-07-01"), day_of("2026-07-10")).registered_);
  auto const s = service_->submit_tour(as(staff_), t.id_, t.version_, shipped_rules());
  ASSERT_TRUE(s.submitted_);
  EXPECT_EQ(s.tour_.status_, tour_status::kSubmitted);
  EXPECT_EQ(refusal_of([&] { service_->add_member(as(staff_), t.id_, traveller(20)); }), refusal::kConflict)
      << "a submitted manifest is withdrawn to change";

  // Kyrgyzstan decides; Kazakhstan's authority may not (the tour does not stay there) and never sees it.
  EXPECT_EQ(refusal_of([&] { service_->decide_tour(as(kz_), t.id_, "KG", true, s.tour_.version_, ""); }),
            refusal::kForbidden);
  EXPECT_EQ(refusal_of([&] { service_->tour_record(as(kz_), t.id_); }), refusal::kForbidden);
  EXPECT_TRUE(service_->tours(as(kz_), {}).empty());
  ASSERT_EQ(service_->tours(as(kg_), {}).size(), 1U);
  EXPECT_EQ(service_->manifest(as(kg_), t.id_).size(), 10U) << "the deciding authority reads the manifest";
  EXPECT_EQ(refusal_of([&] { service_->decide_tour(as(kg_), t.id_, "KG", true, s.tour_.version_ - 1, ""); }),
            refusal::kConflict);
  auto const approved = service_->decide_tour(as(kg_), t.id_, "KG", true, s.tour_.version_, "programme agreed");
  EXPECT_EQ(approved.status_, tour_status::kApproved);
  auto const on_its_dates = service_->registered(t.id_, "", "KG", day_of("2026-07-01"), day_of("2026-07-10"));
  EXPECT_TRUE(on_its_dates.registered_);
  EXPECT_EQ(on_its_dates.manifest_size_, 10) << "the group is its manifest";
  EXPECT_TRUE(service_->registered(t.id_, "", "KG", day_of("2026-07-01"), day_of("2026-07-05")).registered_)
      << "leaving early";
  // Not on other dates, in another country, or past the tour's end; a missing tour reads the same.
  auto const other_dates = service_->registered(t.id_, "", "KG", day_of("2029-01-01"), day_of("2029-01-10"));
  EXPECT_FALSE(other_dates.registered_);
  EXPECT_FALSE(service_->registered(t.id_, "", "KZ", day_of("2026-07-01"), day_of("2026-07-10")).registered_);
  EXPECT_FALSE(service_->registered(t.id_, "", "KG", day_of("2026-07-01"), day_of("2026-07-12")).registered_);
  auto const missing = service_->registered(t.id_ + 100, "", "KG", day_of("2026-07-01"), day_of("2026-07-10"));
  EXPECT_EQ(missing.why_, fmt::format("tour {} is not registered for KG on these dates", t.id_ + 100));
  EXPECT_EQ(other_dates.why_, fmt::format("tour {} is not registered for KG on these dates", t.id_));
  EXPECT_TRUE(service_->registered(std::nullopt, " kz-to-0001 ", "KG", day_of("2026-07-01"), day_of("2026-07-10")).registered_)
      << "by licence, in any case";
  EXPECT_FALSE(service_->registered(std::nullopt, "KZ-TO-0001", "UZ", day_of("2026-07-01"), day_of("2026-07-10")).registered_)
      << "the operator does not run tours in Uzbekistan";
  EXPECT_FALSE(service_->registered(std::nullopt, "KZ-TO-0001", "KG", day_of("2028-01-05"), day_of("2028-01-09")).registered_)
      << "the licence has expired";
  // Applications named like the licence do not hide it (the lookup is by the exact number).
  for (int i = 0; i != 25; ++i) {
    auto const squat = make(role::kOperatorStaff, fmt::format("squat{}@x.example", i));
    service_->apply_operator(as(squat), {.legal_name_ = fmt::format("A KZ-TO-0001 squat {}", i), .country_ = "KZ",
                                         .licence_number_ = fmt::format("SQ-{}", i), .issuer_ = "C",
                                         .valid_from_ = day_of("2025-01-01"), .valid_to_ = day_of("2027-12-31")});
  }
  EXPECT_TRUE(service_->registered(std::nullopt, "KZ-TO-0001", "KG", day_of("2026-07-01"), day_of("2026-07-10")).registered_);

  // A revoked operator's staff change nothing more; a suspended operator's tour is not approved.
  auto const other = with_members(kyrgyzstan(), 10);
  auto const submitted = service_->submit_tour(as(staff_), other.id_, other.version_, shipped_rules());
  ASSERT_TRUE(submitted.submitted_);

  // A suspended operator's approved tour is no longer registered.
  service_->decide_operator(as(kz_), operator_, operator_status::kSuspended, approved_.version_, "complaint");
  auto const r = service_->registered(t.id_, "", "KG", day_of("2026-07-01"), day_of("2026-07-10"));
  EXPECT_FALSE(r.registered_);
  EXPECT_NE(r.why_.find("suspended"), std::string::npos) << r.why_;
  EXPECT_EQ(refusal_of([&] { service_->decide_tour(as(kg_), other.id_, "KG", true, submitted.tour_.version_, ""); }),
            refusal::kConflict)
      << "a suspended operator's tour is not approved";
  auto const draft = service_->create_tour(as(staff_), operator_, kyrgyzstan());
  service_->decide_operator(as(kz_), operator_, operator_status::kRevoked, approved_.version_ + 1, "fraud");
  EXPECT_EQ(refusal_of([&] { service_->add_member(as(staff_), draft.id_, traveller(1)); }), refusal::kForbidden);
  EXPECT_EQ(refusal_of([&] { service_->update_tour(as(staff_), draft.id_, kyrgyzstan(), draft.version_); }),
            refusal::kForbidden);
  // An authority learns nothing of a tour that does not stay in its country, or of a draft.
  auto const tj = make(role::kAuthority, "tj@gov.example", "TJ");
  EXPECT_EQ(refusal_of([&] { service_->decide_tour(as(tj), other.id_, "TJ", true, submitted.tour_.version_, ""); }),
            refusal::kForbidden);
  EXPECT_EQ(refusal_of([&] { service_->decide_tour(as(kg_), draft.id_, "UZ", true, draft.version_, ""); }),
            refusal::kForbidden);
}

TEST_P(Tours, TheChecksOfIssue16NameTheRuleAndItsSource) {
  auto const check = [&](tour const& t) { return service_->check_tour(as(staff_), t.id_, shipped_rules()); };
  // 4 people: Kyrgyzstan's group regime is for 5 to 25.
  auto const small = check(with_members(kyrgyzstan(), 4));
  EXPECT_FALSE(small.ok_);
  EXPECT_TRUE(has(codes(small), "group_too_small")) << testing::PrintToString(codes(small));
  auto const p = std::find_if(small.problems_.begin(), small.problems_.end(),
                              [](auto const& x) { return x.message_.code_ == "group_too_small"; });
  EXPECT_EQ(p->rule_, "cn-kg-group-tour-2024");
  EXPECT_FALSE(p->sources_.empty());
  EXPECT_EQ(p->country_, "KG");
  EXPECT_TRUE(p->member_.empty()) << "the group's size is the group's problem";
  auto const small_codes = codes(small);
  EXPECT_EQ(std::count(small_codes.begin(), small_codes.end(), "group_too_small"), 1) << "said once, not per traveller";
  EXPECT_EQ(small.problems_.size(), 1U) << testing::PrintToString(small_codes) << ": the group's problem alone";

  // 26 people, in a programme the operator sized for 30.
  EXPECT_TRUE(has(codes(check(with_members(kyrgyzstan(30), 26))), "group_too_large"));
  // More than the operator's own programme says.
  EXPECT_TRUE(has(codes(check(with_members(kyrgyzstan(5), 6))), "group_size_outside_programme"));

  // A stay where the operator does not run tours (it runs them in KZ and KG).
  auto uzbekistan = kyrgyzstan();
  uzbekistan.stays_.push_back({.country_ = "UZ", .entry_ = "2026-07-10", .exit_ = "2026-07-12", .onward_ticket_ = true});
  EXPECT_TRUE(has(codes(check(with_members(uzbekistan, 10))), "operator_not_in_country"));

  // Re-entry 10 days after leaving: the regime wants 21.
  auto twice = kyrgyzstan();
  twice.stays_ = {{.country_ = "KG", .entry_ = "2026-07-01", .exit_ = "2026-07-05", .onward_ticket_ = true},
                  {.country_ = "KZ", .entry_ = "2026-07-05", .exit_ = "2026-07-15", .onward_ticket_ = true},
                  {.country_ = "KG", .entry_ = "2026-07-15", .exit_ = "2026-07-18", .onward_ticket_ = true}};
  EXPECT_TRUE(has(codes(check(with_members(twice, 10))), "reentry_too_soon"));

  // A member whose nationality has no visa-free way in: named, the others fine.
  auto const mixed = check(with_members(kyrgyzstan(), 10, "NG"));
  EXPECT_FALSE(mixed.ok_);
  for (auto const& x : mixed.problems_) {
    EXPECT_EQ(x.member_name_, "ZHANG SAN A") << x.message_.code_ << ": only the Nigerian member has a problem";
  }

  // A passport expiring during the tour.
  auto const t = service_->create_tour(as(staff_), operator_, kyrgyzstan());
  for (int i = 0; i != 6; ++i) {
    auto m = traveller(i);
    if (i == 3) {
      m.passport_expiry_ = day_of("2026-07-05");
    }
    service_->add_member(as(staff_), t.id_, m);
  }
  EXPECT_TRUE(has(codes(check(service_->tour_record(as(staff_), t.id_))), "passport_expires"));

  // An empty manifest, and the submission refused while anything is wrong (the tour stays a draft).
  auto const empty = service_->create_tour(as(staff_), operator_, kyrgyzstan());
  auto const s = service_->submit_tour(as(staff_), empty.id_, empty.version_, shipped_rules());
  EXPECT_FALSE(s.submitted_);
  EXPECT_TRUE(has(codes(s.check_), "no_members"));
  EXPECT_EQ(service_->tour_record(as(staff_), empty.id_).status_, tour_status::kDraft);
}

TEST_P(Tours, AnOperatorNotApprovedOrSuspendedCannotSubmit) {
  // The other operator only applied.
  auto const t = service_->create_tour(as(other_staff_), *other_staff_.operator_, kyrgyzstan());
  for (int i = 0; i != 10; ++i) {
    service_->add_member(as(other_staff_), t.id_, traveller(i));
  }
  auto const applied = service_->check_tour(as(other_staff_), t.id_, shipped_rules());
  EXPECT_TRUE(has(codes(applied), "operator_not_approved")) << testing::PrintToString(codes(applied));
  EXPECT_TRUE(has(codes(applied), "operator_not_registered")) << "the rules' own reason";

  auto const ours = with_members(kyrgyzstan(), 10);
  service_->decide_operator(as(kz_), operator_, operator_status::kSuspended, approved_.version_, "complaint");
  auto const s = service_->submit_tour(as(staff_), ours.id_, ours.version_, shipped_rules());
  EXPECT_FALSE(s.submitted_);
  EXPECT_TRUE(has(codes(s.check_), "operator_not_approved"));
}

TEST_P(Tours, OnlyTheOperatorAndTheDecidingAuthoritiesSeeATourAndItsManifest) {
  auto const t = with_members(kyrgyzstan(), 6);
  EXPECT_EQ(refusal_of([&] { service_->tour_record(as(other_staff_), t.id_); }), refusal::kForbidden);
  EXPECT_EQ(refusal_of([&] { service_->manifest(as(other_staff_), t.id_); }), refusal::kForbidden);
  EXPECT_EQ(refusal_of([&] { service_->add_member(as(other_staff_), t.id_, traveller(9)); }), refusal::kForbidden);
  EXPECT_EQ(refusal_of([&] { service_->manifest(as(kg_), t.id_); }), refusal::kForbidden) << "a draft is the operator's";
  EXPECT_EQ(refusal_of([&] { service_->manifest(as(traveller_), t.id_); }), refusal::kForbidden);
  EXPECT_EQ(refusal_of([&] { service_->manifest({}, t.id_); }), refusal::kUnauthorized);
  EXPECT_EQ(refusal_of([&] { service_->tours(as(traveller_), {}); }), refusal::kForbidden);
  auto const insurer = service_->create_account(
      as(admin_), {.email_ = "claims@insurer.example", .display_name_ = "Claims", .password_ = "long enough password",
                   .role_ = role::kInsurer, .country_ = "KZ", .organisation_ = "SILKINS"});
  EXPECT_EQ(refusal_of([&] { service_->tours(as(insurer), {}); }), refusal::kForbidden);
  EXPECT_EQ(refusal_of([&] { service_->manifest(as(insurer), t.id_); }), refusal::kForbidden);
  EXPECT_EQ(refusal_of([&] { service_->check_tour(as(insurer), t.id_, shipped_rules()); }), refusal::kForbidden);
  EXPECT_EQ(refusal_of([&] { service_->create_tour(as(other_staff_), operator_, kyrgyzstan()); }), refusal::kForbidden);
  EXPECT_TRUE(service_->tours(as(other_staff_), {}).empty());
  EXPECT_EQ(service_->tours(as(staff_), {}).size(), 1U);
  EXPECT_EQ(service_->tours(as(admin_), {}).size(), 1U);
  EXPECT_EQ(service_->manifest(as(admin_), t.id_).size(), 6U);
  auto const members = service_->manifest(as(staff_), t.id_);
  EXPECT_EQ(members.front().passport_number_, "E10000000");
  EXPECT_EQ(members.front().birth_date_, day_of("1980-05-01"));
  service_->remove_member(as(staff_), t.id_, members.front().ref_);
  EXPECT_EQ(service_->manifest(as(staff_), t.id_).size(), 5U);
  EXPECT_EQ(refusal_of([&] { service_->remove_member(as(staff_), t.id_, members.front().ref_); }), refusal::kNotFound);
}

TEST_P(Tours, ProgrammesAndMembersAreCheckedFieldByField) {
  auto bad = kyrgyzstan();
  bad.stays_[0].exit_ = "2026-06-30";
  try {
    service_->create_tour(as(staff_), operator_, bad);
    ADD_FAILURE() << "exit before entry accepted";
  } catch (refused const& r) {
    EXPECT_EQ(r.field(), "stays");
  }
  bad = kyrgyzstan();
  bad.stays_[0].country_ = "XX";
  EXPECT_EQ(refusal_of([&] { service_->create_tour(as(staff_), operator_, bad); }), refusal::kInvalid);
  bad = kyrgyzstan();
  bad.stays_.clear();
  EXPECT_EQ(refusal_of([&] { service_->create_tour(as(staff_), operator_, bad); }), refusal::kInvalid);
  // Bounded: 25 stays (a check is travellers x stays, at most 200 x 25); legs in time.
  bad = kyrgyzstan();
  bad.stays_.clear();
  for (int d = 1; d <= 26; ++d) {
    bad.stays_.push_back({.country_ = d % 2 == 0 ? "KZ" : "KG", .entry_ = fmt::format("2026-07-{:02}", d),
                          .exit_ = fmt::format("2026-07-{:02}", d)});
  }
  EXPECT_EQ(refusal_of([&] { service_->create_tour(as(staff_), operator_, bad); }), refusal::kInvalid);
  bad = kyrgyzstan();
  bad.legs_[0].arrival_ = "2026-06-30T10:00+06:00";
  EXPECT_EQ(refusal_of([&] { service_->create_tour(as(staff_), operator_, bad); }), refusal::kInvalid);

  auto const t = service_->create_tour(as(staff_), operator_, kyrgyzstan());
  auto const field_of = [&](new_member const& m) {
    try {
      service_->add_member(as(staff_), t.id_, m);
    } catch (refused const& r) {
      return r.field();
    }
    return std::string{"(accepted)"};
  };
  auto m = traveller(1);
  m.latin_name_ = "Zhang1";
  EXPECT_EQ(field_of(m), "latinName");
  m = traveller(1);
  m.passport_number_ = "E 123";
  EXPECT_EQ(field_of(m), "passportNumber");
  m = traveller(1);
  m.birth_date_ = day_of("2027-01-01");
  EXPECT_EQ(field_of(m), "birthDate") << "born after today";
  m = traveller(1);
  m.native_name_ = "=HYPERLINK(\"x\")";
  EXPECT_EQ(field_of(m), "nativeName") << "a formula in the exported CSV";
  m = traveller(1);
  m.sex_ = 'Q';
  EXPECT_EQ(field_of(m), "sex");
  m = traveller(1);
  m.latin_name_ = "-SMITH";
  EXPECT_EQ(field_of(m), "latinName") << "a name starts with a letter";
  EXPECT_EQ(field_of(traveller(1)), "(accepted)");
  EXPECT_EQ(field_of(traveller(1)), "passportNumber") << "the same passport twice";
}

TEST_P(Tours, ACsvManifestIsAddedWholeOrNotAtAllWithEveryRowsErrors) {
  auto const t = service_->create_tour(as(staff_), operator_, kyrgyzstan());
  auto const bad = service_->import_manifest(
      as(staff_), t.id_,
      "latin_name,native_name,nationality,passport_number,passport_expiry,birth_date,sex\n"
      "ZHANG SAN,张三,CN,E12345678,2031-01-01,1980-05-01,F\n"
      "LI SI,李四,CN,E12345679,2031-13-01,1981-05-01,M\n"
      "WANG WU,王五,ZZ,E12345680,2031-01-01,1982-05-01,M\n"
      "ZHAO LIU,赵六,CN,E12345678,2031-01-01,1983-05-01,X\n");
  EXPECT_EQ(bad.added_, 0U);
  ASSERT_EQ(bad.errors_.size(), 3U);
  EXPECT_EQ(bad.errors_[0].line_, 3U);
  EXPECT_EQ(bad.errors_[0].field_, "passport_expiry");
  EXPECT_EQ(bad.errors_[1].line_, 4U);
  EXPECT_EQ(bad.errors_[1].field_, "nationality");
  EXPECT_EQ(bad.errors_[2].line_, 5U);
  EXPECT_EQ(bad.errors_[2].field_, "passport_number") << "the same passport as line 2";
  for (auto const& e : bad.errors_) {
    EXPECT_EQ(e.what_.find("E1234"), std::string::npos) << "no passport number in an error: " << e.what_;
  }
  EXPECT_TRUE(service_->manifest(as(staff_), t.id_).empty()) << "nothing of a file with errors is added";

  auto const header = service_->import_manifest(as(staff_), t.id_, "name,passport\nA,B\n");
  EXPECT_FALSE(header.errors_.empty());
  EXPECT_EQ(header.errors_.front().line_, 1U);
  // A file without its header: the first traveller's data is not echoed as column names; nor a bad date.
  auto const headless = service_->import_manifest(as(staff_), t.id_, "SMITH JOHN,,GB,P9988776,2031-01-01,1980-02-03,M\n");
  ASSERT_FALSE(headless.errors_.empty());
  auto const dates = service_->import_manifest(
      as(staff_), t.id_, "latin_name,nationality,passport_number,passport_expiry,birth_date,sex\nSMITH,GB,P1,2031-01-01,03/02/1980,M\n");
  ASSERT_EQ(dates.errors_.size(), 1U);
  for (auto const& e : headless.errors_) {
    for (auto const* datum : {"P9988776", "1980-02-03", "SMITH"}) {
      EXPECT_EQ((e.field_ + e.what_).find(datum), std::string::npos) << e.field_ << ": " << e.what_;
    }
  }
  EXPECT_EQ(dates.errors_[0].what_.find("03/02"), std::string::npos) << dates.errors_[0].what_;

  auto const good = service_->import_manifest(
      as(staff_), t.id_,
      "latin_name,nationality,passport_number,passport_expiry,birth_date,sex\r\n"
      "zhang san,cn,e12345678,2031-01-01,1980-05-01,f\r\n"
      "\"LI SI\",CN,E12345679,2031-01-01,1981-05-01,M\r\n");
  ASSERT_TRUE(good.errors_.empty()) << good.errors_.front().line_ << " " << good.errors_.front().field_ << " "
                                     << good.errors_.front().what_;
  EXPECT_EQ(good.added_, 2U);
  auto const members = service_->manifest(as(staff_), t.id_);
  ASSERT_EQ(members.size(), 2U);
  EXPECT_EQ(members[0].latin_name_, "ZHANG SAN") << "upper case as in the passport";
  EXPECT_EQ(members[0].passport_number_, "E12345678");
  // A passport on the manifest already is a row error like the file's own repeats.
  auto const again = service_->import_manifest(as(staff_), t.id_,
                                               "latin_name,nationality,passport_number,passport_expiry,birth_date,sex\n"
                                               "ZHANG SAN,CN,E12345678,2031-01-01,1980-05-01,F\n");
  ASSERT_EQ(again.errors_.size(), 1U);
  EXPECT_EQ(again.errors_[0].line_, 2U);
  EXPECT_EQ(again.errors_[0].field_, "passport_number");
}

TEST_P(Tours, AMemberFromAPassportsMrz) {
  auto const read = parse_td3("P<CHNZHANG<<SAN<FENG<<<<<<<<<<<<<<<<<<<<<<<<\nE123456782CHN8005012F3101012<<<<<<<<<<<<<<04",
                              day_of("2026-05-28"));
  ASSERT_TRUE(read.passport_.has_value()) << read.problems_.front().field_ << " " << read.problems_.front().what_;
  auto const m = member_from_mrz(*read.passport_);
  EXPECT_EQ(m.latin_name_, "ZHANG SAN FENG");
  EXPECT_EQ(m.nationality_, "CN");
  EXPECT_EQ(m.sex_, 'F');
  auto const t = service_->create_tour(as(staff_), operator_, kyrgyzstan());
  EXPECT_EQ(service_->add_member(as(staff_), t.id_, m).passport_number_, "E12345678");
}

TEST_P(Tours, WithoutAKeyManifestsAreRefusedAndARotatedKeyStillOpensThem) {
  auto const t = with_members(kyrgyzstan(), 3);
  register_service keyless{*store_, service_options{.hash_cost_ = hash_cost::kTest, .now_ = [this] { return clock_; }}};
  EXPECT_EQ(refusal_of([&] { keyless.manifest(as(staff_), t.id_); }), refusal::kUnavailable);

  auto const rotated = ring_.with_new_key();
  EXPECT_EQ(service_->reseal(rotated), 3U);
  std::vector<member_row> rows;
  store_->read([&](unit_of_work& u) { rows = u.members_of(t.id_); });
  for (auto const& r : rows) {
    EXPECT_EQ(key_ring::key_id_of(r.passport_sealed_), 2U) << "resealed with the new key";
  }
  // Only the new key from now on: the old one can go.
  auto const only_new = key_ring::from_text(rotated.only_current().to_text());
  register_service after{*store_, service_options{.hash_cost_ = hash_cost::kTest, .now_ = [this] { return clock_; },
                                                  .keys_ = only_new}};
  EXPECT_EQ(after.manifest(as(staff_), t.id_).front().passport_number_, "E10000000");
  EXPECT_FALSE(service_->verify_audit().has_value());
}

// Satisfaction (issue 19): travellers rate an approved tour with its feedback code, from its first day to
// 90 days after its last, as many times as the manifest has travellers; the operator reads the count, the
// mean and the comments (opened), which a rotated key still opens.
TEST_P(Tours, TravellersRateAnApprovedTourWithItsCodeWithinItsDaysOnceEach) {
  auto const t = with_members(kyrgyzstan(), 5);  // the group regime's smallest group
  ASSERT_EQ(t.feedback_code_.size(), 16U);
  auto const code = t.feedback_code_;
  EXPECT_EQ(service_->tour_record(as(staff_), t.id_).feedback_code_, code) << "stored with the tour";
  // A draft is not rated (with the right code); a wrong code and an unknown tour read alike.
  EXPECT_EQ(refusal_of([&] { service_->rate_tour(t.id_, code, 5, ""); }), refusal::kConflict);
  EXPECT_EQ(refusal_of([&] { service_->rate_tour(t.id_, "0000000000000000", 5, ""); }), refusal::kForbidden);
  EXPECT_EQ(refusal_of([&] { service_->rate_tour(t.id_, "", 5, ""); }), refusal::kForbidden);
  EXPECT_EQ(refusal_of([&] { service_->rate_tour(t.id_ + 100, code, 5, ""); }), refusal::kForbidden);

  auto const s = service_->submit_tour(as(staff_), t.id_, t.version_, shipped_rules());
  ASSERT_TRUE(s.submitted_);
  service_->decide_tour(as(kg_), t.id_, "KG", true, s.tour_.version_, "");
  // Before its first day (the clock is at 2026-05-28; the tour starts 2026-07-01).
  EXPECT_EQ(refusal_of([&] { service_->rate_tour(t.id_, code, 5, ""); }), refusal::kConflict);
  clock_ = std::int64_t{day_of("2026-07-05")} * 86'400'000'000;
  // Bad input, each naming its field.
  auto const field_of = [&](auto f) {
    try {
      f();
    } catch (refused const& e) {
      EXPECT_EQ(e.why(), refusal::kInvalid) << e.what();
      return e.field();
    }
    return std::string{"(none)"};
  };
  EXPECT_EQ(field_of([&] { service_->rate_tour(t.id_, code, 0, ""); }), "rating");
  EXPECT_EQ(field_of([&] { service_->rate_tour(t.id_, code, 6, ""); }), "rating");
  EXPECT_EQ(field_of([&] { service_->rate_tour(t.id_, code, 4, "bad \xff utf-8"); }), "comment");
  EXPECT_EQ(field_of([&] { service_->rate_tour(t.id_, code, 4, std::string(1001, 'a')); }), "comment");
  std::string thousand;
  for (int i = 0; i != 1000; ++i) {
    thousand += "湖";  // 1,000 characters, 3,000 bytes: allowed
  }
  auto const first = service_->rate_tour(t.id_, code, 5, thousand);
  EXPECT_EQ(first.rating_, 5);
  service_->rate_tour(t.id_, " " + code.substr(0, 8) + "-" + code.substr(8) + " ", 4, "");  // typed with separators
  auto upper = code;
  std::transform(upper.begin(), upper.end(), upper.begin(), [](char c) { return static_cast<char>(std::toupper(c)); });
  service_->rate_tour(t.id_, upper, 2, "Guide was late\nbut kind");
  service_->rate_tour(t.id_, code, 1, "");
  service_->rate_tour(t.id_, code, 3, "");
  EXPECT_EQ(refusal_of([&] { service_->rate_tour(t.id_, code, 5, ""); }), refusal::kConflict) << "5 travellers, 5 ratings";

  auto const seen = service_->ratings_of_tour(as(staff_), t.id_);
  EXPECT_EQ(seen.count_, 5U);
  ASSERT_TRUE(seen.mean_);
  EXPECT_DOUBLE_EQ(*seen.mean_, 15.0 / 5.0);
  ASSERT_EQ(seen.ratings_.size(), 5U);
  EXPECT_EQ(seen.ratings_[0].comment_, thousand);
  EXPECT_EQ(seen.ratings_[2].comment_, "Guide was late\nbut kind");
  EXPECT_EQ(refusal_of([&] { service_->ratings_of_tour(as(other_staff_), t.id_); }), refusal::kForbidden);
  EXPECT_EQ(refusal_of([&] { service_->ratings_of_tour(as(kg_), t.id_); }), refusal::kForbidden);
  EXPECT_EQ(refusal_of([&] { service_->ratings_of_tour(caller{}, t.id_); }), refusal::kUnauthorized);

  // Sealed at rest, and resealed by a rotation.
  std::vector<rating_row> rows;
  store_->read([&](unit_of_work& u) { rows = u.ratings_of(rating_subject::kTour, t.id_); });
  ASSERT_EQ(rows.size(), 5U);
  EXPECT_EQ(rows[2].comment_sealed_.find("Guide"), std::string::npos);
  EXPECT_EQ(rows[0].country_, "KG");
  EXPECT_FALSE(rows[0].by_);
  auto const rotated = ring_.with_new_key();
  service_->reseal(rotated);
  register_service after{*store_, service_options{.hash_cost_ = hash_cost::kTest, .now_ = [this] { return clock_; },
                                                  .keys_ = key_ring::from_text(rotated.only_current().to_text())}};
  EXPECT_EQ(after.ratings_of_tour(as(staff_), t.id_).ratings_[2].comment_, "Guide was late\nbut kind");
  EXPECT_FALSE(service_->verify_audit().has_value());
}

TEST_P(Tours, ATourIsRatedUntil90DaysAfterItsLastDay) {
  auto t = with_members(kyrgyzstan(), 5);
  auto const s = service_->submit_tour(as(staff_), t.id_, t.version_, shipped_rules());
  ASSERT_TRUE(s.submitted_);
  service_->decide_tour(as(kg_), t.id_, "KG", true, s.tour_.version_, "");
  clock_ = std::int64_t{day_of("2026-07-10") + 90} * 86'400'000'000 + 1;  // the 90th day after the last
  EXPECT_NO_THROW(service_->rate_tour(t.id_, t.feedback_code_, 3, ""));
  clock_ = std::int64_t{day_of("2026-07-10") + 91} * 86'400'000'000;
  EXPECT_EQ(refusal_of([&] { service_->rate_tour(t.id_, t.feedback_code_, 3, ""); }), refusal::kConflict);
  // Without the key, a comment is refused (nothing else is sealed).
  register_service keyless{*store_, service_options{.hash_cost_ = hash_cost::kTest, .now_ = [this] { return clock_; }}};
  clock_ = std::int64_t{day_of("2026-07-02")} * 86'400'000'000;
  EXPECT_EQ(refusal_of([&] { keyless.rate_tour(t.id_, t.feedback_code_, 3, "nice"); }), refusal::kUnavailable);
  EXPECT_NO_THROW(keyless.rate_tour(t.id_, t.feedback_code_, 3, ""));
}

INSTANTIATE_TEST_SUITE_P(Stores, Tours, testing::Values("sqlite", "postgres"));

// In a SQLite file: no passport number or birth date in the database's bytes (WAL included) or in the
// audit trail; only the sealed text.
TEST(ToursAtRest, NoPassportNumberOrBirthDateInTheDatabaseFile) {
  auto const dir = std::filesystem::temp_directory_path() / fmt::format("caravan-tours-{}", ::getpid());
  std::filesystem::create_directories(dir);
  {
    auto store = storage::open_sqlite_store(dir / "register.db");
    register_service s{*store, service_options{.hash_cost_ = hash_cost::kTest, .keys_ = key_ring{}.with_new_key()}};
    auto const admin = s.create_first_admin("admin@caravan.example", "Admin", "admin password 1");
    caller const as_admin{.account_ = admin};
    auto const o = s.apply_operator(as_admin, {.legal_name_ = "Silk", .country_ = "KZ", .licence_number_ = "KZ-1",
                                               .issuer_ = "Committee", .valid_from_ = day_of("2025-01-01"),
                                               .valid_to_ = day_of("2027-12-31")});
    auto const t = s.create_tour(as_admin, o.id_,
                                 {.title_ = "T", .stays_ = {{.country_ = "KG", .entry_ = "2026-07-01", .exit_ = "2026-07-05"}}});
    auto m = traveller(0);
    m.passport_number_ = "QX7654321";
    m.birth_date_ = day_of("1977-03-14");
    s.add_member(as_admin, t.id_, m);
    EXPECT_EQ(s.manifest(as_admin, t.id_).front().passport_number_, "QX7654321");
  }
  std::string all;
  for (auto const& f : std::filesystem::directory_iterator{dir}) {
    std::ifstream in{f.path(), std::ios::binary};
    std::stringstream text;
    text << in.rdbuf();
    all += text.str();
  }
  EXPECT_NE(all.find("ZHANG SAN A"), std::string::npos) << "the files were read";
  EXPECT_EQ(all.find("QX7654321"), std::string::npos) << "a passport number in the database files";
  EXPECT_EQ(all.find("1977-03-14"), std::string::npos) << "a birth date in the database files";
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace caravan::registry
