// The store contract (registry/store.h), the same tests on both stores: SQLite (a file in a temporary
// folder) and PostgreSQL when CARAVAN_TEST_POSTGRES names a database (scripts/test.sh starts one with
// scripts/postgres.sh; skipped with a message otherwise).
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "caravan/registry/secrets.h"
#include "caravan/storage/postgres_store.h"
#include "caravan/storage/sqlite_store.h"
#include "postgres_test_db.h"

namespace caravan::storage {
namespace {

using namespace registry;

std::filesystem::path scratch_file(std::string const& name) {
  auto const dir = std::filesystem::temp_directory_path() / ("caravan-store-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto const p = dir / name;
  for (auto const* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(p.string() + suffix);
  }
  return p;
}

tour_operator silk_tours() {
  tour_operator o;
  o.legal_name_ = "Silk Road Tours LLP";
  o.names_ = {{"ru", "ТОО «Шёлковый путь»"}, {"zh", "丝路旅行"}};
  o.country_ = "KZ";
  o.licence_number_ = "KZ-TO-0001";
  o.issuer_ = "Tourism Committee of Kazakhstan";
  o.valid_from_ = 20000;
  o.valid_to_ = 21000;
  o.countries_ = {"KZ", "KG", "CN"};
  o.updated_ = 1;
  o.version_ = 1;
  return o;
}

account traveller(std::string email) {
  account a;
  a.email_ = std::move(email);
  a.display_name_ = "Zhang San";
  a.password_hash_ = "$argon2id$v=19$m=8,t=1,p=1$x$y";
  a.created_ = 5;
  return a;
}

class Store : public testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    secrets_init();
    if (GetParam() == "postgres") {
      conninfo_ = test_postgres();
      if (conninfo_.empty()) {
        GTEST_SKIP() << "CARAVAN_TEST_POSTGRES is not set: scripts/test.sh starts a PostgreSQL for these";
      }
      reset_postgres(conninfo_);
      store_ = open();
      return;
    }
    auto name = std::string{testing::UnitTest::GetInstance()->current_test_info()->name()};
    std::replace(name.begin(), name.end(), '/', '-');
    path_ = scratch_file(name + ".db");
    store_ = open();
  }
  void TearDown() override {
    store_.reset();
    if (path_.empty()) {
      return;
    }
    for (auto const* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(path_.string() + suffix);
    }
  }
  std::unique_ptr<store> open() {
    return GetParam() == "postgres" ? open_postgres_store(conninfo_) : open_sqlite_store(path_);
  }
  std::string conninfo_;
  std::filesystem::path path_;
  std::unique_ptr<store> store_;
};

TEST_P(Store, MigratesToTheNewestVersionOnceAndReopens) {
  EXPECT_EQ(store_->schema_version(), 5);
  store_.reset();
  store_ = open();
  EXPECT_EQ(store_->schema_version(), 5);
}

TEST_P(Store, AccountsRoundTripAndEmailsAreUnique) {
  account_id id = 0;
  store_->write([&](unit_of_work& u) { id = u.insert_account(traveller("zhang@example.cn")); });
  store_->read([&](unit_of_work& u) {
    auto const a = u.account_by_email("zhang@example.cn");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->id_, id);
    EXPECT_EQ(a->display_name_, "Zhang San");
    EXPECT_EQ(a->role_, role::kTraveller);
    EXPECT_FALSE(a->operator_);
    EXPECT_EQ(u.count_accounts(), 1u);
    EXPECT_FALSE(u.account_by_email("nobody@example.cn"));
  });
  EXPECT_THROW(store_->write([&](unit_of_work& u) { u.insert_account(traveller("zhang@example.cn")); }), conflict_error);
}

TEST_P(Store, AUnitOfWorkThatThrowsLeavesNothing) {
  EXPECT_THROW(store_->write([&](unit_of_work& u) {
    u.insert_account(traveller("a@example.kz"));
    audit_entry e{.at_ = "t", .action_ = "account.create", .entity_ = "account:1"};
    u.append_audit(e);
    throw std::runtime_error{"the service found a problem after writing"};
  }),
               std::runtime_error);
  store_->read([&](unit_of_work& u) {
    EXPECT_EQ(u.count_accounts(), 0u);
    EXPECT_TRUE(u.audit_entries(1, 10).empty());
  });
}

TEST_P(Store, OperatorsRoundTripWithVersionsAndLookup) {
  operator_id id = 0;
  store_->write([&](unit_of_work& u) { id = u.insert_operator(silk_tours()); });
  auto o = silk_tours();
  o.id_ = id;
  o.status_ = operator_status::kApproved;
  o.version_ = 2;
  store_->write([&](unit_of_work& u) { u.update_operator(o); });
  // A second writer that read version 1 is refused.
  auto stale = o;
  stale.status_ = operator_status::kRevoked;
  EXPECT_THROW(store_->write([&](unit_of_work& u) { u.update_operator(stale); }), conflict_error);
  store_->read([&](unit_of_work& u) {
    auto const back = u.operator_by_id(id);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->status_, operator_status::kApproved);
    EXPECT_EQ(back->version_, 2);
    ASSERT_EQ(back->names_.size(), 2u);
    EXPECT_EQ(back->names_[1].name_, "丝路旅行");
    EXPECT_EQ(back->countries_, (std::vector<std::string>{"KZ", "KG", "CN"}));
    EXPECT_EQ(u.find_operators({.text_ = "silk"}).size(), 1u);
    EXPECT_EQ(u.find_operators({.text_ = "丝路"}).size(), 1u) << "in the localized names";
    EXPECT_EQ(u.find_operators({.text_ = "KZ-TO-0001"}).size(), 1u);
    EXPECT_EQ(u.find_operators({.text_ = "KZ-TO-000"}).size(), 0u) << "a licence number matches whole";
    EXPECT_EQ(u.find_operators({.country_ = "UZ"}).size(), 0u);
    EXPECT_EQ(u.find_operators({.status_ = operator_status::kApproved}).size(), 1u);
    EXPECT_EQ(u.find_operators({.status_ = operator_status::kRevoked}).size(), 0u);
  });
  auto same_licence = silk_tours();
  EXPECT_THROW(store_->write([&](unit_of_work& u) { u.insert_operator(same_licence); }), conflict_error);
  same_licence.country_ = "UZ";  // the same number from another country's register is another licence
  EXPECT_NO_THROW(store_->write([&](unit_of_work& u) { u.insert_operator(same_licence); }));
}

TEST_P(Store, SessionsAreFoundByDigestAndRevoked) {
  account_id id = 0;
  store_->write([&](unit_of_work& u) {
    id = u.insert_account(traveller("s@example.kg"));
    u.insert_session({.token_digest_ = "d1", .account_ = id, .created_ = 1, .expires_ = 100});
    u.insert_session({.token_digest_ = "d2", .account_ = id, .created_ = 1, .expires_ = 100});
  });
  store_->write([&](unit_of_work& u) { u.revoke_session("d1"); });
  store_->read([&](unit_of_work& u) {
    EXPECT_TRUE(u.session_by_digest("d1")->revoked_);
    EXPECT_FALSE(u.session_by_digest("d2")->revoked_);
    EXPECT_FALSE(u.session_by_digest("d3"));
  });
  store_->write([&](unit_of_work& u) { u.revoke_sessions(id); });
  store_->read([&](unit_of_work& u) { EXPECT_TRUE(u.session_by_digest("d2")->revoked_); });
}

TEST_P(Store, TheAuditTrailChains) {
  for (int i = 0; i != 3; ++i) {
    store_->write([&](unit_of_work& u) {
      audit_entry e{.at_ = "2026-12-06T00:00:00Z", .actor_ = "account:1", .action_ = "operator.approve",
                    .entity_ = "operator:" + std::to_string(i), .before_ = "{}", .after_ = "{}"};
      u.append_audit(e);
    });
  }
  std::vector<audit_entry> all;
  store_->read([&](unit_of_work& u) { all = u.audit_entries(1, 100); });
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[2].seq_, 3);
  EXPECT_EQ(verify_chain(all), std::nullopt);
  store_->read([&](unit_of_work& u) { EXPECT_EQ(u.audit_entries(2, 1).front().seq_, 2); });
}

// Writers on several threads: each unit commits whole, the chain stays one line.
TEST_P(Store, ConcurrentWritersKeepTheChain) {
  std::vector<std::thread> threads;
  for (int t = 0; t != 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i != 10; ++i) {
        store_->write([&](unit_of_work& u) {
          u.insert_account(traveller("t" + std::to_string(t) + "-" + std::to_string(i) + "@example.uz"));
          audit_entry e{.at_ = "t", .action_ = "account.create", .entity_ = "account"};
          u.append_audit(e);
        });
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  store_->read([&](unit_of_work& u) {
    EXPECT_EQ(u.count_accounts(), 40u);
    auto const all = u.audit_entries(1, 100);
    EXPECT_EQ(all.size(), 40u);
    EXPECT_EQ(verify_chain(all), std::nullopt);
  });
}

INSTANTIATE_TEST_SUITE_P(Stores, Store, testing::Values("sqlite", "postgres"),
                         [](testing::TestParamInfo<std::string> const& p) { return p.param; });

TEST(SqliteStore, RefusesAFileThatIsNotARegister) {
  auto const p = scratch_file("not-a-db.db");
  {
    std::FILE* f = std::fopen(p.c_str(), "w");
    std::fputs("this is a text file, not a database\n", f);
    std::fclose(f);
  }
  try {
    open_sqlite_store(p);
    FAIL() << "opened";
  } catch (store_error const& e) {
    EXPECT_NE(std::string{e.what()}.find(p.string()), std::string::npos) << e.what();
  }
}

TEST(SqliteStore, RefusesARegisterNewerThanThisProgram) {
  auto const p = scratch_file("newer.db");
  open_sqlite_store(p)->write([](unit_of_work&) {});
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(p.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "INSERT INTO schema_migrations VALUES (99, 'later')", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  try {
    open_sqlite_store(p);
    FAIL() << "opened";
  } catch (store_error const& e) {
    EXPECT_NE(std::string{e.what()}.find("schema version 99"), std::string::npos) << e.what();
  }
}

// A register of the first release (version 1: no tours) is migrated to version 2 at open, its operators
// kept, and tours can then be written.
TEST(SqliteStore, MigratesAVersion1RegisterKeepingItsRows) {
  auto const p = scratch_file("v1.db");
  open_sqlite_store(p)->write([](unit_of_work& u) {
    tour_operator o{.legal_name_ = "Silk", .country_ = "KZ", .licence_number_ = "KZ-1", .issuer_ = "C", .version_ = 1};
    u.insert_operator(o);
  });
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(p.c_str(), &db), SQLITE_OK);  // back to version 1, as the first release left it
  ASSERT_EQ(sqlite3_exec(db, "DROP TABLE ratings; ALTER TABLE tours DROP COLUMN feedback_code; "
                             "DROP TABLE outbox; DROP TABLE case_events; DROP TABLE cases; DROP TABLE attachments; "
                             "DROP TABLE calendars; ALTER TABLE accounts DROP COLUMN organisation; "
                             "DROP TABLE members; DROP TABLE tours; DROP INDEX sessions_by_expiry; "
                             "DELETE FROM schema_migrations WHERE version >= 2",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  auto const store = open_sqlite_store(p);
  EXPECT_EQ(store->schema_version(), 5);
  store->write([](unit_of_work& u) {
    ASSERT_TRUE(u.operator_by_id(1));
    EXPECT_EQ(u.operator_by_id(1)->legal_name_, "Silk");
    tour t{.operator_ = 1, .title_ = "T", .stays_ = {{.country_ = "KG", .entry_ = "2026-07-01", .exit_ = "2026-07-05"}},
           .version_ = 1};
    EXPECT_EQ(u.insert_tour(t), 1);
    EXPECT_EQ(u.find_tours({.country_ = "KG"}).size(), 1U);
    EXPECT_TRUE(u.find_tours({.country_ = "KZ"}).empty());
  });
}

// By hand, past the store: the table refuses edits; with its trigger dropped, the chain names the row.
TEST(SqliteStore, AnAuditRowEditedByHandIsRefusedOrFound) {
  auto const p = scratch_file("edited.db");
  {
    auto s = open_sqlite_store(p);
    for (int i = 0; i != 3; ++i) {
      s->write([&](unit_of_work& u) {
        audit_entry e{.at_ = "t", .actor_ = "account:1", .action_ = "operator.approve", .entity_ = "operator:1",
                      .before_ = R"({"status":"applied"})", .after_ = R"({"status":"approved"})"};
        u.append_audit(e);
      });
    }
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(p.c_str(), &db), SQLITE_OK);
  char const* edit = "UPDATE audit SET after = '{\"status\":\"revoked\"}' WHERE seq = 2";
  EXPECT_NE(sqlite3_exec(db, edit, nullptr, nullptr, nullptr), SQLITE_OK);
  EXPECT_STREQ(sqlite3_errmsg(db), "the audit trail is append-only");
  ASSERT_EQ(sqlite3_exec(db, "DROP TRIGGER audit_no_update", nullptr, nullptr, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, edit, nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  std::vector<audit_entry> all;
  open_sqlite_store(p)->read([&](unit_of_work& u) { all = u.audit_entries(1, 10); });
  auto const broken = verify_chain(all);
  ASSERT_TRUE(broken);
  EXPECT_EQ(broken->seq_, 2);
}

}  // namespace
}  // namespace caravan::storage
