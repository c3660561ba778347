// `caravan admin create` and `caravan audit verify` end to end on a SQLite register (docs/register.md):
// the first admin once, the password never on the command line, and a trail edited by hand named.
#include <sqlite3.h>

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

}  // namespace
}  // namespace caravan::cli::test
