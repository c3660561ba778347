// `caravan admin create` and `caravan audit verify` end to end on a SQLite register (docs/register.md):
// the first admin once, the password never on the command line, and a trail edited by hand named.
#include <sqlite3.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "caravan/base/date.h"
#include "caravan/registry/service.h"
#include "caravan/rules/rule_set.h"
#include "caravan/storage/sqlite_store.h"
#include "cli.h"

namespace caravan::cli::test {
namespace {

std::string const kPassword = "CARAVAN_ADMIN_PASSWORD=admin password 1";

TEST(AdminCommand, CreatesTheFirstAdminOnceAndTheTrailVerifies) {
  auto const db = (scratch() / "admin-once.db").string();
  auto r = run_caravan(scratch(), {"admin", "create", "--register", db, "--email", "Root@Caravan.example", "--name", "Root"},
                       {kPassword});
  ASSERT_EQ(r.code_, 0) << r.err_;
  EXPECT_EQ(r.out_, "admin root@caravan.example created (account 1)\n");
  r = run_caravan(scratch(), {"admin", "create", "--register", db, "--email", "b@caravan.example", "--name", "B"}, {kPassword});
  EXPECT_EQ(r.code_, 1);
  EXPECT_NE(r.err_.find("the register has accounts already"), std::string::npos) << r.err_;
  r = run_caravan(scratch(), {"audit", "verify", "--register", db});
  ASSERT_EQ(r.code_, 0) << r.err_;
  EXPECT_TRUE(r.out_.starts_with("the audit trail holds: 1 entries, the last one's hash ")) << r.out_;
  EXPECT_EQ(r.out_.size(), std::string{"the audit trail holds: 1 entries, the last one's hash "}.size() + 64 + 1) << r.out_;
}

TEST(AdminCommand, RefusesAShortPasswordAndAMissingRegister) {
  auto const db = (scratch() / "admin-short.db").string();
  auto r = run_caravan(scratch(), {"admin", "create", "--register", db, "--email", "a@caravan.example", "--name", "A"},
                       {"CARAVAN_ADMIN_PASSWORD=short"});
  EXPECT_EQ(r.code_, 1);
  EXPECT_NE(r.err_.find("password: a password has at least 10 characters"), std::string::npos) << r.err_;
  EXPECT_EQ(r.err_.find("short"), std::string::npos) << "the password is never echoed";
  r = run_caravan(scratch(), {"admin", "create", "--email", "a@caravan.example", "--name", "A"},
                  {"-u", "CARAVAN_REGISTER", kPassword});
  EXPECT_EQ(r.code_, 1);
  EXPECT_NE(r.err_.find("--register"), std::string::npos) << r.err_;
  r = run_caravan(scratch(), {"audit", "verify", "--register", (scratch() / "typo.db").string()});
  EXPECT_EQ(r.code_, 1);
  EXPECT_NE(r.err_.find("typo.db: no register there"), std::string::npos) << r.err_;
  EXPECT_FALSE(fs::exists(scratch() / "typo.db")) << "verify creates nothing";
}

TEST(AuditCommand, NamesTheEntryEditedByHand) {
  auto const db = (scratch() / "edited.db").string();
  ASSERT_EQ(run_caravan(scratch(), {"admin", "create", "--register", db, "--email", "a@caravan.example", "--name", "A"},
                        {kPassword})
                .code_,
            0);
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(h, "DROP TRIGGER audit_no_update; UPDATE audit SET after = '{}' WHERE seq = 1", nullptr, nullptr,
                         nullptr),
            SQLITE_OK);
  sqlite3_close(h);
  auto const r = run_caravan(scratch(), {"audit", "verify", "--register", db});
  EXPECT_EQ(r.code_, 1);
  EXPECT_EQ(r.out_, "the audit trail is broken at entry 1: entry 1 was changed after it was written\n");
}

std::string file_text(fs::path const& p) {
  std::ifstream in{p, std::ios::binary};
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A register with one tour and one member, sealed with the key file beside it (as `caravan serve` makes it).
void one_member(std::string const& db, registry::key_ring const& ring) {
  auto store = storage::open_sqlite_store(db);
  registry::register_service s{*store, {.hash_cost_ = registry::hash_cost::kTest, .keys_ = ring}};
  auto const admin = s.create_first_admin("a@caravan.example", "A", "admin password 1");
  registry::caller const as{.account_ = admin};
  auto const day = [](char const* iso) { return *parse_date(iso, date_format::kIso); };
  auto const o = s.apply_operator(as, {.legal_name_ = "Silk", .country_ = "KZ", .licence_number_ = "KZ-1",
                                       .issuer_ = "Committee", .valid_from_ = day("2025-01-01"), .valid_to_ = day("2027-12-31")});
  auto const t = s.create_tour(as, o.id_, {.title_ = "T", .stays_ = {{.country_ = "KG", .entry_ = "2026-07-01", .exit_ = "2026-07-05"}}});
  s.add_member(as, t.id_, {.latin_name_ = "ZHANG SAN", .nationality_ = "CN", .passport_number_ = "E12345678",
                           .passport_expiry_ = day("2031-01-01"), .birth_date_ = day("1980-05-01"), .sex_ = 'F'});
}

TEST(AdminCommand, RotateKeySealsEveryMemberAgainAndKeepsTheFileOwnerOnly) {
  auto const db = (scratch() / "rotate.db").string();
  auto const keys = db + ".keys";
  registry::secrets_init();
  auto const ring = registry::key_ring{}.with_new_key();
  {
    std::ofstream out{keys};
    out << ring.to_text();
  }
  fs::permissions(keys, fs::perms::owner_read | fs::perms::owner_write);
  one_member(db, ring);

  auto r = run_caravan(scratch(), {"admin", "rotate-key", "--register", db});
  ASSERT_EQ(r.code_, 0) << r.err_;
  EXPECT_EQ(r.out_, "key 2 now seals; 1 member and 0 case values sealed again\n");
  auto const two = registry::key_ring::from_text(file_text(keys));
  EXPECT_EQ(two.current_id(), 2U);
  struct stat st{};
  ASSERT_EQ(::stat(keys.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600U);

  r = run_caravan(scratch(), {"admin", "rotate-key", "--register", db, "--drop-old"});
  ASSERT_EQ(r.code_, 0) << r.err_;
  auto const only = registry::key_ring::from_text(file_text(keys));
  EXPECT_EQ(only.current_id(), 3U);
  EXPECT_EQ(only.to_text().find("\n2 "), std::string::npos) << "the old keys are gone";
  {
    // The members open with the new key alone, and no passport number is in the files.
    auto store = storage::open_sqlite_store(db);
    registry::register_service s{*store, {.keys_ = only}};
    std::optional<registry::account> admin;
    store->read([&](registry::unit_of_work& u) { admin = u.account_by_id(1); });
    EXPECT_EQ(s.manifest({.account_ = *admin}, 1).front().passport_number_, "E12345678");
    EXPECT_FALSE(s.verify_audit().has_value());
  }
  EXPECT_EQ(file_text(db).find("E12345678"), std::string::npos);

  // A key file others can read is refused, naming it; a missing one too.
  fs::permissions(keys, fs::perms::group_read, fs::perm_options::add);
  r = run_caravan(scratch(), {"admin", "rotate-key", "--register", db});
  EXPECT_EQ(r.code_, 1);
  EXPECT_NE(r.err_.find("readable by others"), std::string::npos) << r.err_;
  r = run_caravan(scratch(), {"admin", "rotate-key", "--register", db, "--register-keys", (scratch() / "none.keys").string()});
  EXPECT_EQ(r.code_, 1);
  EXPECT_NE(r.err_.find("none.keys"), std::string::npos) << r.err_;
}

// `caravan check --register`: a group tour is registered when the register approved it, whatever the
// trip file says.
TEST(CheckCommand, ReadsGroupToursFromTheRegister) {
  auto const db = (scratch() / "check-register.db").string();
  {
    auto store = storage::open_sqlite_store(db);
    registry::register_service s{*store, {.hash_cost_ = registry::hash_cost::kTest,
                                          .keys_ = registry::key_ring{}.with_new_key()}};
    auto const admin = s.create_first_admin("a@caravan.example", "A", "admin password 1");
    registry::caller const as{.account_ = admin};
    auto const day = [](char const* iso) { return *parse_date(iso, date_format::kIso); };
    auto const o = s.apply_operator(as, {.legal_name_ = "Silk", .country_ = "KG", .licence_number_ = "KG-7",
                                         .issuer_ = "Committee", .valid_from_ = day("2025-01-01"), .valid_to_ = day("2027-12-31")});
    s.decide_operator(as, o.id_, registry::operator_status::kApproved, 1, "");
    auto const t = s.create_tour(as, o.id_, {.title_ = "T", .stays_ = {{.country_ = "KG", .entry_ = "2026-07-01",
                                                                        .exit_ = "2026-07-10", .onward_ticket_ = true}}});
    for (int i = 0; i != 6; ++i) {
      s.add_member(as, t.id_, {.latin_name_ = "TRAVELLER", .nationality_ = "CN", .passport_number_ = fmt::format("E{}", i),
                               .passport_expiry_ = day("2031-01-01"), .birth_date_ = day("1980-05-01"), .sex_ = 'M'});
    }
    auto const rules = rules::rule_set::load_directory(source_dir() / "data/rules");
    auto const sub = s.submit_tour(as, t.id_, s.tour_record(as, t.id_).version_, rules);
    ASSERT_TRUE(sub.submitted_);
    s.decide_tour(as, t.id_, "KG", true, sub.tour_.version_, "");
  }
  auto const trip = scratch() / "group-trip.json";
  auto const write_trip = [&](int tour) {
    std::ofstream out{trip};
    out << fmt::format(R"({{"stays": [{{"country": "KG", "entry": "2026-07-01", "exit": "2026-07-10", "onward_ticket": true,
                        "group_tour": {{"tour": {}, "registered": false, "size": 6}}}}]}})", tour);
  };
  write_trip(1);
  auto r = run_caravan(source_dir(), {"check", "--itinerary", trip.string(), "--traveller", "CN", "--register", db});
  ASSERT_EQ(r.code_, 0) << r.err_;
  EXPECT_NE(r.out_.find("register: stay 1 (KG): the group is registered\n"), std::string::npos) << r.out_;
  EXPECT_NE(r.out_.find("cn-kg-group-tour-2024"), std::string::npos) << r.out_;
  write_trip(2);
  r = run_caravan(source_dir(), {"check", "--itinerary", trip.string(), "--traveller", "CN", "--register", db, "--json"});
  ASSERT_EQ(r.code_, 0) << r.err_;
  auto const j = nlohmann::json::parse(r.out_);
  EXPECT_FALSE(j["register"][0]["registered"].get<bool>());
  EXPECT_EQ(j["register"][0]["why"], "tour 2 is not registered for KG on these dates");
}

}  // namespace
}  // namespace caravan::cli::test
