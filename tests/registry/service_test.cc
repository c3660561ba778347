// The register's operations with every role, allowed and refused, on a real store: SQLite in memory,
// and PostgreSQL too when CARAVAN_TEST_POSTGRES is set (scripts/test.sh).
#include "caravan/registry/service.h"

#include <gtest/gtest.h>

#include <source_location>

#include "caravan/base/date.h"
#include "caravan/storage/postgres_store.h"
#include "caravan/storage/sqlite_store.h"
#include "../storage/postgres_test_db.h"
#include "refusal_of.h"

namespace caravan::registry {
namespace {

std::int32_t day_of(char const* iso) { return *parse_date(iso, date_format::kIso); }

class Service : public testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    store_ = storage::open_test_store(GetParam());
    if (!store_) {
      GTEST_SKIP() << storage::kNoPostgres;
    }
    service_ = std::make_unique<register_service>(
        *store_, service_options{.hash_cost_ = hash_cost::kTest, .now_ = [this] { return clock_; }});
    admin_ = service_->create_first_admin("Admin@Caravan.example", "Admin", "admin password 1");
    kz_authority_ = make(role::kAuthority, "kz@gov.example", "KZ");
    kg_authority_ = make(role::kAuthority, "kg@gov.example", "KG");
    staff_ = make(role::kOperatorStaff, "staff@silk.example");
  }

  account make(role r, std::string email, std::string country = "") {
    return service_->create_account(as(admin_), {.email_ = std::move(email), .display_name_ = "Someone",
                                                 .password_ = "long enough password", .role_ = r,
                                                 .country_ = std::move(country)});
  }
  static caller as(account const& a) { return {.account_ = a, .client_ = "test"}; }
  caller as_fresh(account const& a) {  // as the store has it now (after apply_operator tied it)
    std::optional<account> now;
    store_->read([&](unit_of_work& u) { now = u.account_by_id(a.id_); });
    return as(*now);
  }

  operator_application silk_tours() {
    return {.legal_name_ = "Silk Road Tours LLP", .names_ = {{"zh", "丝路旅行"}}, .country_ = "KZ",
            .licence_number_ = "KZ-TO-0001", .issuer_ = "Tourism Committee of Kazakhstan",
            .valid_from_ = day_of("2025-01-01"), .valid_to_ = day_of("2027-12-31"), .email_ = "info@silk.example",
            .phone_ = "+7 727 000 0000", .website_ = "https://silk.example", .countries_ = {"KZ", "KG", "CN"}};
  }

  instant clock_{1'780'000'000'000'000};  // 2026-05-28
  std::unique_ptr<store> store_;
  std::unique_ptr<register_service> service_;
  account admin_, kz_authority_, kg_authority_, staff_;
};

TEST_P(Service, TheFirstAdminOnlyOnce) {
  EXPECT_EQ(admin_.email_, "admin@caravan.example") << "emails kept in lower case";
  EXPECT_EQ(admin_.role_, role::kAdmin);
  EXPECT_EQ(refusal_of([&] { service_->create_first_admin("b@c.example", "B", "another password"); }), refusal::kConflict);
}

TEST_P(Service, TravellersSignUpAloneOtherRolesOnlyByAnAdmin) {
  auto const t = service_->create_account({}, {.email_ = "zhang@example.cn", .display_name_ = "张三",
                                               .password_ = "a long password"});
  EXPECT_EQ(t.role_, role::kTraveller);
  EXPECT_EQ(refusal_of([&] {
              service_->create_account({}, {.email_ = "x@example.kz", .display_name_ = "X", .password_ = "a long password",
                                            .role_ = role::kAuthority, .country_ = "KZ"});
            }),
            refusal::kUnauthorized);
  EXPECT_EQ(refusal_of([&] {
              service_->create_account(as(t), {.email_ = "x@example.kz", .display_name_ = "X",
                                               .password_ = "a long password", .role_ = role::kAdmin});
            }),
            refusal::kForbidden);
  EXPECT_EQ(refusal_of([&] { make(role::kAuthority, "y@example.kz", "XX"); }), refusal::kInvalid);
  EXPECT_EQ(refusal_of([&] { make(role::kTraveller, "Zhang@Example.cn"); }), refusal::kConflict) << "the email, any case";
  EXPECT_EQ(refusal_of([&] {
              service_->create_account({}, {.email_ = "short@example.cn", .display_name_ = "S", .password_ = "short"});
            }),
            refusal::kInvalid);
  EXPECT_EQ(refusal_of([&] {
              service_->create_account({}, {.email_ = "not an email", .display_name_ = "S", .password_ = "a long password"});
            }),
            refusal::kInvalid);
}

TEST_P(Service, SignInGivesATokenThatSignOutRevokes) {
  auto const s = service_->sign_in(" KZ@gov.example ", "long enough password", "10.0.0.1");
  EXPECT_EQ(s.token_.size(), 43u);
  auto const who = service_->authenticate(s.token_);
  ASSERT_TRUE(who);
  EXPECT_EQ(who->id_, kz_authority_.id_);
  service_->sign_out(s.token_);
  EXPECT_FALSE(service_->authenticate(s.token_));
  EXPECT_FALSE(service_->authenticate("not a token"));
  EXPECT_FALSE(service_->authenticate(std::string(43, 'A')));
  // A session ends on its own after its lifetime.
  auto const s2 = service_->sign_in("kz@gov.example", "long enough password", "10.0.0.1");
  clock_ += std::int64_t{13} * 3600 * 1'000'000;
  EXPECT_FALSE(service_->authenticate(s2.token_));
  // A day after it ended, the next sign-in removes its row.
  auto const row_of = [&](std::string const& token) {
    std::optional<session_row> r;
    store_->read([&](unit_of_work& u) { r = u.session_by_digest(token_digest(token)); });
    return r;
  };
  EXPECT_TRUE(row_of(s2.token_));
  clock_ += std::int64_t{24} * 3600 * 1'000'000;
  auto const s3 = service_->sign_in("kz@gov.example", "long enough password", "10.0.0.1");
  EXPECT_FALSE(row_of(s2.token_)) << "purged";
  EXPECT_TRUE(row_of(s3.token_));
}

TEST_P(Service, WrongPasswordsAreLimitedPerEmailAndNoStoreHoldsTheToken) {
  for (int i = 0; i != 5; ++i) {
    EXPECT_EQ(refusal_of([&] { service_->sign_in("kz@gov.example", "wrong password!", "10.0.0.2"); }),
              refusal::kUnauthorized);
  }
  EXPECT_EQ(refusal_of([&] { service_->sign_in("kz@gov.example", "long enough password", "10.0.0.2"); }),
            refusal::kRateLimited)
      << "even the right password, until the window passes";
  EXPECT_EQ(refusal_of([&] { service_->sign_in("nobody@gov.example", "long enough password", "10.0.0.3"); }),
            refusal::kUnauthorized)
      << "an unknown email reads as a wrong password";
  clock_ += std::int64_t{16} * 60 * 1'000'000;
  auto const s = service_->sign_in("kz@gov.example", "long enough password", "10.0.0.2");
  store_->read([&](unit_of_work& u) {
    EXPECT_FALSE(u.session_by_digest(s.token_)) << "the token itself is not a key";
    EXPECT_TRUE(u.session_by_digest(token_digest(s.token_)));
  });
}

TEST_P(Service, AnOperatorAppliesAndItsCountrysAuthorityDecides) {
  auto const o = service_->apply_operator(as(staff_), silk_tours());
  EXPECT_EQ(o.status_, operator_status::kApplied);
  EXPECT_EQ(o.version_, 1);
  auto const staff = as_fresh(staff_);
  EXPECT_EQ(staff.account_->operator_, o.id_) << "the applicant now works for it";
  EXPECT_EQ(refusal_of([&] { service_->apply_operator(staff, silk_tours()); }), refusal::kForbidden)
      << "one operator per staff account";

  // Kyrgyzstan's authority, the operator's own staff and the public may not decide for Kazakhstan.
  EXPECT_EQ(refusal_of([&] { service_->decide_operator(as(kg_authority_), o.id_, operator_status::kApproved, 1, ""); }),
            refusal::kForbidden);
  EXPECT_EQ(refusal_of([&] { service_->decide_operator(staff, o.id_, operator_status::kApproved, 1, ""); }),
            refusal::kForbidden);
  EXPECT_EQ(refusal_of([&] { service_->decide_operator({}, o.id_, operator_status::kApproved, 1, ""); }),
            refusal::kUnauthorized);
  auto const approved = service_->decide_operator(as(kz_authority_), o.id_, operator_status::kApproved, 1, "documents checked");
  EXPECT_EQ(approved.status_, operator_status::kApproved);
  EXPECT_EQ(approved.version_, 2);
  // A decision on what the decider read before it changed is a conflict; an impossible step is invalid.
  EXPECT_EQ(refusal_of([&] { service_->decide_operator(as(admin_), o.id_, operator_status::kSuspended, 1, ""); }),
            refusal::kConflict);
  EXPECT_EQ(refusal_of([&] { service_->decide_operator(as(admin_), o.id_, operator_status::kApplied, 2, ""); }),
            refusal::kInvalid);
  auto const suspended = service_->decide_operator(as(admin_), o.id_, operator_status::kSuspended, 2, "complaint");
  auto const revoked = service_->decide_operator(as(kz_authority_), o.id_, operator_status::kRevoked, 3, "");
  EXPECT_EQ(revoked.status_, operator_status::kRevoked);
  EXPECT_EQ(refusal_of([&] { service_->decide_operator(as(admin_), o.id_, operator_status::kApproved, 4, ""); }),
            refusal::kInvalid)
      << "revoked is final";
  EXPECT_EQ(refusal_of([&] { service_->decide_operator(as(admin_), 999, operator_status::kApproved, 1, ""); }),
            refusal::kNotFound);
  (void)suspended;
}

TEST_P(Service, TheRecordIsForItsStaffItsAuthorityAndAdminsTheLookupForAll) {
  auto const o = service_->apply_operator(as(staff_), silk_tours());
  EXPECT_EQ(service_->operator_record(as_fresh(staff_), o.id_).email_, "info@silk.example");
  EXPECT_EQ(service_->operator_record(as(kz_authority_), o.id_).id_, o.id_);
  EXPECT_EQ(refusal_of([&] { service_->operator_record(as(kg_authority_), o.id_); }), refusal::kForbidden);
  auto const other_staff = make(role::kOperatorStaff, "other@tours.example");
  EXPECT_EQ(refusal_of([&] { service_->operator_record(as(other_staff), o.id_); }), refusal::kForbidden);
  EXPECT_EQ(refusal_of([&] { service_->operator_record({}, o.id_); }), refusal::kUnauthorized);

  service_->decide_operator(as(kz_authority_), o.id_, operator_status::kApproved, 1, "");
  auto const found = service_->lookup({.text_ = "丝路"}, day_of("2026-06-01"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].status_, operator_status::kApproved);
  EXPECT_EQ(found[0].website_, "https://silk.example");
  EXPECT_EQ(service_->lookup({.text_ = "KZ-TO-0001"}, day_of("2028-01-01"))[0].status_, operator_status::kExpired)
      << "past its licence's last day";
}

TEST_P(Service, EveryChangeIsInTheAuditTrailWithoutPersonalData) {
  auto const o = service_->apply_operator(as(staff_), silk_tours());
  service_->decide_operator(as(kz_authority_), o.id_, operator_status::kApproved, 1, "documents checked");
  auto const trail = service_->audit(as(admin_), 1, 100);
  // The admin, three accounts, the application, the staff tied to it, the approval.
  ASSERT_EQ(trail.size(), 7u);
  EXPECT_EQ(trail[4].action_, "operator.apply");
  EXPECT_EQ(trail[5].action_, "account.join_operator");
  EXPECT_EQ(trail[6].action_, "operator.approve");
  EXPECT_EQ(trail[6].actor_, "account:" + std::to_string(kz_authority_.id_));
  EXPECT_NE(trail[6].before_.find(R"("status":"applied")"), std::string::npos);
  EXPECT_NE(trail[6].after_.find(R"("reason":"documents checked")"), std::string::npos);
  for (auto const& e : trail) {
    EXPECT_EQ(e.after_.find("@gov.example"), std::string::npos) << "no account's email: " << e.after_;
    EXPECT_EQ(e.after_.find("argon2"), std::string::npos);
  }
  EXPECT_EQ(service_->verify_audit(), std::nullopt);
  EXPECT_EQ(refusal_of([&] { service_->audit(as_fresh(staff_), 1, 10); }), refusal::kForbidden);
}

TEST_P(Service, LookAlikesAndUnsafeTextAreRefused) {
  auto const signup = [&](std::string email, std::string name, std::string password) {
    return refusal_of([&] { service_->create_account({.client_ = email}, {.email_ = email, .display_name_ = name, .password_ = password}); });
  };
  EXPECT_EQ(signup(std::string{"admin@caravan.example"} + '\0', "A", "a long password"), refusal::kInvalid);
  EXPECT_EQ(signup("b@caravan.example", "B\x1b[31m", "a long password"), refusal::kInvalid) << "a control character";
  EXPECT_EQ(signup("c@caravan.example", "C", "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"), refusal::kInvalid)
      << "five characters in ten bytes are five characters";
  EXPECT_EQ(signup("d@caravan.example", "D", "         a"), refusal::kInvalid) << "spaces are not a password";

  auto app = silk_tours();
  app.licence_number_ = " kz-to-0001 ";
  auto const o = service_->apply_operator(as(admin_), app);
  EXPECT_EQ(o.licence_number_, "KZ-TO-0001") << "trimmed, upper case";
  EXPECT_EQ(refusal_of([&] { service_->apply_operator(as(admin_), silk_tours()); }), refusal::kConflict)
      << "the same licence written another way";
  for (auto const& bad : {std::string("a\0b", 3), std::string{"<script>"}, std::string{}}) {
    app.licence_number_ = bad;
    EXPECT_EQ(refusal_of([&] { service_->apply_operator(as(admin_), app); }), refusal::kInvalid) << bad;
  }
  app = silk_tours();
  app.licence_number_ = "KZ-TO-0002";
  app.website_ = "javascript:alert(1)";
  EXPECT_EQ(refusal_of([&] { service_->apply_operator(as(admin_), app); }), refusal::kInvalid);
  app.website_ = "https://silk.example";
  app.email_ = "not an email";
  EXPECT_EQ(refusal_of([&] { service_->apply_operator(as(admin_), app); }), refusal::kInvalid);
}

// Two applications by one staff member read before either was written: the second is refused, not
// silently moving the staff to the second operator.
TEST_P(Service, AStaffMemberAppliesOnceEvenWithAStaleRead) {
  auto const stale = as(staff_);  // read before the first application
  service_->apply_operator(stale, silk_tours());
  auto second = silk_tours();
  second.licence_number_ = "KZ-TO-0002";
  EXPECT_EQ(refusal_of([&] { service_->apply_operator(stale, second); }), refusal::kForbidden);
}

TEST_P(Service, SignUpsAreLimitedPerClient) {
  for (int i = 0; i != 10; ++i) {
    service_->create_account({.client_ = "10.1.1.1"}, {.email_ = "t" + std::to_string(i) + "@example.cn",
                                                       .display_name_ = "T", .password_ = "a long password"});
  }
  EXPECT_EQ(refusal_of([&] {
              service_->create_account({.client_ = "10.1.1.1"}, {.email_ = "t10@example.cn", .display_name_ = "T",
                                                                 .password_ = "a long password"});
            }),
            refusal::kRateLimited);
  EXPECT_NO_THROW(service_->create_account({.client_ = "10.1.1.2"}, {.email_ = "t11@example.cn", .display_name_ = "T",
                                                                     .password_ = "a long password"}));
}

TEST_P(Service, TheLookupTellsApprovedFromExpiredOnTheDayAsked) {
  auto const o = service_->apply_operator(as(admin_), silk_tours());
  service_->decide_operator(as(admin_), o.id_, operator_status::kApproved, 1, "");
  EXPECT_EQ(service_->lookup({.status_ = operator_status::kApproved}, day_of("2026-06-01")).size(), 1u);
  EXPECT_EQ(service_->lookup({.status_ = operator_status::kExpired}, day_of("2026-06-01")).size(), 0u);
  EXPECT_EQ(service_->lookup({.status_ = operator_status::kApproved}, day_of("2028-01-01")).size(), 0u);
  auto const expired = service_->lookup({.status_ = operator_status::kExpired}, day_of("2028-01-01"));
  ASSERT_EQ(expired.size(), 1u);
  EXPECT_EQ(expired[0].status_, operator_status::kExpired);
  EXPECT_EQ(service_->lookup({.text_ = "kz-to-0001"}, day_of("2026-06-01")).size(), 1u) << "the licence in any case";
}

INSTANTIATE_TEST_SUITE_P(Stores, Service, testing::Values("sqlite", "postgres"),
                         [](testing::TestParamInfo<std::string> const& p) { return p.param; });

}  // namespace
}  // namespace caravan::registry
