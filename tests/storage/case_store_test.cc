// The cases' store contract (cases/store.h), the same tests on both stores: SQLite (a file in a temporary
// folder, so a test can reach past the store) and PostgreSQL when CARAVAN_TEST_POSTGRES names a database
// (skipped with a message otherwise).
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <variant>

#include <fmt/format.h>

#include <pqxx/pqxx>

#include "caravan/cases/store.h"
#include "caravan/storage/postgres_store.h"
#include "caravan/storage/sqlite_store.h"
#include "columns.h"
#include "postgres_test_db.h"

namespace caravan::storage {
namespace {

using namespace cases;
using registry::conflict_error;
using registry::store_error;

std::filesystem::path scratch_file(std::string const& name) {
  auto const dir = std::filesystem::temp_directory_path() / ("caravan-case-store-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto const p = dir / name;
  for (auto const* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(p.string() + suffix);
  }
  return p;
}

registry::account person(std::string email, registry::role r = registry::role::kTraveller, std::string country = "",
                         std::string organisation = "") {
  registry::account a;
  a.email_ = std::move(email);
  a.display_name_ = "Someone";
  a.role_ = r;
  a.country_ = std::move(country);
  a.organisation_ = std::move(organisation);
  a.password_hash_ = "$argon2id$v=19$m=8,t=1,p=1$x$y";
  a.created_ = 5;
  return a;
}

registry::tour_operator an_operator(std::string licence) {
  return {.legal_name_ = "Silk " + licence, .country_ = "KZ", .licence_number_ = std::move(licence), .issuer_ = "C",
          .version_ = 1};
}

// A plain open assistance case filed by account 1, nothing optional set.
case_record plain_case() {
  case_record c;
  c.kind_ = case_kind::kAssistance;
  c.category_ = "medical";
  c.state_ = "open";
  c.country_ = "KZ";
  c.place_.name_ = "Almaty";
  c.happened_at_ = 1000;
  c.language_ = "en";
  c.filed_by_ = 1;
  c.calendar_ = "KZ";
  c.next_due_ = kNoDue;
  c.created_ = 1000;
  c.updated_ = 1000;
  c.version_ = 1;
  return c;
}

void expect_same(case_record const& a, case_record const& b) {
  EXPECT_EQ(a.id_, b.id_);
  EXPECT_EQ(a.kind_, b.kind_);
  EXPECT_EQ(a.category_, b.category_);
  EXPECT_EQ(a.urgency_, b.urgency_);
  EXPECT_EQ(a.state_, b.state_);
  EXPECT_EQ(a.title_sealed_, b.title_sealed_);
  EXPECT_EQ(a.description_sealed_, b.description_sealed_);
  EXPECT_EQ(a.country_, b.country_);
  EXPECT_EQ(a.place_.name_, b.place_.name_);
  EXPECT_EQ(a.place_.stop_id_, b.place_.stop_id_);
  EXPECT_EQ(a.place_.site_id_, b.place_.site_id_);
  EXPECT_EQ(a.place_.crossing_id_, b.place_.crossing_id_);
  EXPECT_EQ(a.place_.lat_, b.place_.lat_);
  EXPECT_EQ(a.place_.lon_, b.place_.lon_);
  EXPECT_EQ(a.happened_at_, b.happened_at_);
  EXPECT_EQ(a.language_, b.language_);
  EXPECT_EQ(a.filed_by_, b.filed_by_);
  EXPECT_EQ(a.traveller_, b.traveller_);
  EXPECT_EQ(a.operator_, b.operator_);
  EXPECT_EQ(a.tour_, b.tour_);
  EXPECT_EQ(a.insurer_, b.insurer_);
  EXPECT_EQ(a.policy_sealed_, b.policy_sealed_);
  EXPECT_EQ(a.journey_, b.journey_);
  EXPECT_EQ(a.destination_, b.destination_);
  ASSERT_EQ(a.lines_.size(), b.lines_.size());
  for (std::size_t i = 0; i != a.lines_.size(); ++i) {
    EXPECT_EQ(a.lines_[i].description_, b.lines_[i].description_);
    EXPECT_EQ(a.lines_[i].amount_minor_, b.lines_[i].amount_minor_);
    EXPECT_EQ(a.lines_[i].currency_, b.lines_[i].currency_);
    EXPECT_EQ(a.lines_[i].state_, b.lines_[i].state_);
    EXPECT_EQ(a.lines_[i].approved_minor_, b.lines_[i].approved_minor_);
    EXPECT_EQ(a.lines_[i].reason_code_, b.lines_[i].reason_code_);
    EXPECT_EQ(a.lines_[i].note_, b.lines_[i].note_);
  }
  EXPECT_EQ(a.outcome_, b.outcome_);
  EXPECT_EQ(a.calendar_, b.calendar_);
  EXPECT_EQ(a.responsible_, b.responsible_);
  EXPECT_EQ(a.escalated_to_, b.escalated_to_);
  EXPECT_EQ(a.response_due_, b.response_due_);
  EXPECT_EQ(a.resolution_due_, b.resolution_due_);
  EXPECT_EQ(a.next_due_, b.next_due_);
  EXPECT_EQ(a.breached_, b.breached_);
  EXPECT_EQ(a.open_, b.open_);
  EXPECT_EQ(a.created_, b.created_);
  EXPECT_EQ(a.updated_, b.updated_);
  EXPECT_EQ(a.version_, b.version_);
}

std::vector<case_id> ids(std::vector<case_record> const& cs) {
  std::vector<case_id> out;
  for (auto const& c : cs) {
    out.push_back(c.id_);
  }
  return out;
}

business_calendar calendar_of(std::string id, std::string zone) {
  business_calendar c;
  c.id_ = std::move(id);
  c.time_zone_ = std::move(zone);
  for (std::size_t d = 0; d != 5; ++d) {
    c.week_[d] = {9 * 3600, 18 * 3600};
  }
  c.holidays_ = {{20454, "New Year"}};
  c.source_ = "test";
  return c;
}

// What a statement run past the store did: refused (with the database's message) or how many rows changed.
struct raw_result {
  bool ok_{false};
  std::string error_{};
  std::size_t rows_{0};
};

class CaseStore : public testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres") {
      conninfo_ = test_postgres();
      if (conninfo_.empty()) {
        GTEST_SKIP() << kNoPostgres;
      }
      reset_postgres(conninfo_);
    } else {
      auto name = std::string{testing::UnitTest::GetInstance()->current_test_info()->name()};
      std::replace(name.begin(), name.end(), '/', '-');
      path_ = scratch_file(name + ".db");
    }
    store_ = open();
    // Accounts 1 and 2 travellers, 3 and 4 insurers of one organisation (in CN, then KZ), 5 a traveller
    // that names the organisation too (not an insurer: never its country); operators 1 and 2, tour 1.
    store_->write([](registry::unit_of_work& u) {
      u.insert_account(person("one@example.cn"));
      u.insert_account(person("two@example.cn"));
      u.insert_account(person("picc@example.cn", registry::role::kInsurer, "CN", "PICC"));
      u.insert_account(person("picc-kz@example.kz", registry::role::kInsurer, "KZ", "PICC"));
      u.insert_account(person("five@example.kz", registry::role::kTraveller, "UZ", "ALLI"));
      u.insert_operator(an_operator("KZ-1"));
      u.insert_operator(an_operator("KZ-2"));
      registry::tour t{.operator_ = 1, .title_ = "T",
                       .stays_ = {{.country_ = "KG", .entry_ = "2026-07-01", .exit_ = "2026-07-05"}}, .version_ = 1};
      u.insert_tour(t);
    });
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
  std::unique_ptr<register_store> open() {
    return GetParam() == "postgres" ? open_postgres_store(conninfo_) : open_sqlite_store(path_);
  }

  // Runs `sql` on a connection of its own, past the store.
  raw_result raw(std::string const& sql) {
    raw_result out;
    if (GetParam() == "postgres") {
      try {
        pqxx::connection c{conninfo_};
        pqxx::work w{c};
        auto const r = w.exec(sql);
        w.commit();
        out.ok_ = true;
        out.rows_ = static_cast<std::size_t>(r.affected_rows());
      } catch (std::exception const& e) {
        out.error_ = e.what();
      }
      return out;
    }
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    out.ok_ = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
    out.error_ = out.ok_ ? "" : sqlite3_errmsg(db);
    out.rows_ = static_cast<std::size_t>(sqlite3_changes(db));
    sqlite3_close(db);
    return out;
  }

  case_id insert(case_record const& c) {
    case_id id = 0;
    store_->write_cases([&](case_unit& u) { id = u.insert_case(c); });
    return id;
  }

  std::string conninfo_;
  std::filesystem::path path_;
  std::unique_ptr<register_store> store_;
};

TEST_P(CaseStore, AFullCaseAndAnEmptyOneRoundTrip) {
  auto full = plain_case();
  full.kind_ = case_kind::kClaim;
  full.category_ = "medical_expenses";
  full.urgency_ = urgency::kHigh;
  full.state_ = "assessing";
  full.title_sealed_ = "sealed:title";
  full.description_sealed_ = "sealed:description";
  full.country_ = "KG";
  full.place_ = {.name_ = "Osh bazaar", .stop_id_ = "osh-1", .site_id_ = "site-9", .crossing_id_ = "dostuk",
                 .lat_ = 40.5283341, .lon_ = 72.7985001};
  full.happened_at_ = 1'780'000'000'000'000;
  full.language_ = "zh-Hans";
  full.filed_by_ = 2;
  full.traveller_ = 1;
  full.operator_ = 2;
  full.tour_ = 1;
  full.insurer_ = "PICC";
  full.policy_sealed_ = "sealed:policy";
  full.journey_ = R"([{"from":"a","to":"b"}])";
  full.destination_ = "Kashgar";
  full.lines_ = {{.description_ = "Hospital, Osh, 2 nights", .amount_minor_ = 120000, .currency_ = "KGS",
                  .state_ = line_state::kApproved, .approved_minor_ = 100000, .reason_code_ = "over_limit",
                  .note_ = "cap \"per night\""},
                 {.description_ = "Taxi", .amount_minor_ = 5000, .currency_ = "USD", .state_ = line_state::kRejected,
                  .reason_code_ = "no_receipt"},
                 {.description_ = "Medicine", .amount_minor_ = 700, .currency_ = "CNY"}};
  full.outcome_ = "approved_in_part";
  full.calendar_ = "KG";
  full.responsible_ = party::kInsurer;
  full.escalated_to_ = party::kAuthority;
  full.response_due_ = 1'780'000'100'000'000;
  full.resolution_due_ = 1'780'000'900'000'000;
  full.next_due_ = 1'780'000'100'000'000;
  full.breached_ = true;
  full.open_ = false;
  full.created_ = 7;
  full.updated_ = 8;
  full.version_ = 3;

  auto empty = plain_case();  // nothing optional: no traveller, operator, tour, place point, lines or dues
  empty.place_ = {};
  empty.category_ = "";
  empty.calendar_ = "";
  empty.responsible_ = party::kTraveller;

  full.id_ = insert(full);
  empty.id_ = insert(empty);
  EXPECT_NE(full.id_, empty.id_);
  store_->read_cases([&](case_unit& u) {
    auto const f = u.case_by_id(full.id_);
    ASSERT_TRUE(f);
    expect_same(*f, full);
    auto const e = u.case_by_id(empty.id_);
    ASSERT_TRUE(e);
    expect_same(*e, empty);
    EXPECT_FALSE(u.case_by_id(empty.id_ + 100));
  });
}

TEST_P(CaseStore, AnUpdateWithAStaleVersionIsRefusedAndChangesNothing) {
  auto c = plain_case();
  c.id_ = insert(c);
  c.state_ = "acknowledged";
  c.version_ = 2;
  store_->write_cases([&](case_unit& u) { u.update_case(c); });
  auto stale = c;  // read at version 1, as a second writer did
  stale.state_ = "closed";
  stale.open_ = false;
  EXPECT_THROW(store_->write_cases([&](case_unit& u) { u.update_case(stale); }), conflict_error);
  auto gone = c;
  gone.id_ = 999;
  gone.version_ = 1;
  EXPECT_THROW(store_->write_cases([&](case_unit& u) { u.update_case(gone); }), conflict_error);
  store_->read_cases([&](case_unit& u) {
    auto const back = u.case_by_id(c.id_);
    ASSERT_TRUE(back);
    expect_same(*back, c);
  });
}

TEST_P(CaseStore, EventsAppendInOrderAndTheDatabaseRefusesEditsToThem) {
  auto const a = insert(plain_case());
  auto const b = insert(plain_case());
  std::vector<event_id> made;
  store_->write_cases([&](case_unit& u) {
    made.push_back(u.insert_event({.case_ = a, .at_ = 10, .actor_ = 1, .actor_party_ = party::kTraveller,
                                   .action_ = "open", .to_ = "open", .data_ = "{}"}));
    made.push_back(u.insert_event({.case_ = b, .at_ = 11, .actor_ = 2, .action_ = "open", .to_ = "open"}));
    made.push_back(u.insert_event({.case_ = a, .at_ = 12, .actor_ = 3, .actor_party_ = party::kInsurer,
                                   .action_ = "message", .text_sealed_ = "sealed:hello"}));
    made.push_back(u.insert_event({.case_ = a, .at_ = 12, .actor_ = 0, .actor_party_ = party::kAuthority,
                                   .action_ = "breach", .from_ = "open", .to_ = "escalated",
                                   .data_ = R"({"clock":"response"})"}));
  });
  store_->read_cases([&](case_unit& u) {
    auto const events = u.events_of(a);
    ASSERT_EQ(events.size(), 3U);
    EXPECT_EQ(events[0].id_, made[0]);
    EXPECT_EQ(events[1].id_, made[2]);
    EXPECT_EQ(events[2].id_, made[3]);
    EXPECT_EQ(events[0].action_, "open");
    EXPECT_EQ(events[0].to_, "open");
    EXPECT_EQ(events[0].data_, "{}");
    EXPECT_EQ(events[1].actor_party_, party::kInsurer);
    EXPECT_EQ(events[1].text_sealed_, "sealed:hello");
    EXPECT_EQ(events[2].case_, a);
    EXPECT_EQ(events[2].at_, 12);
    EXPECT_EQ(events[2].actor_, 0);
    EXPECT_EQ(events[2].actor_party_, party::kAuthority);
    EXPECT_EQ(events[2].from_, "open");
    EXPECT_EQ(events[2].to_, "escalated");
    EXPECT_EQ(events[2].data_, R"({"clock":"response"})");
    EXPECT_EQ(u.events_of(b).size(), 1U);
  });

  // SQLite's triggers abort the statement; PostgreSQL's rules turn it into nothing.
  auto const update = raw("UPDATE case_events SET action = 'forged', message = 'forged' WHERE action = 'message'");
  auto const remove = raw("DELETE FROM case_events");
  if (GetParam() == "postgres") {
    EXPECT_TRUE(update.ok_ && update.rows_ == 0) << update.error_;
    EXPECT_TRUE(remove.ok_ && remove.rows_ == 0) << remove.error_;
  } else {
    EXPECT_FALSE(update.ok_);
    EXPECT_EQ(update.error_, "the case history is append-only");
    EXPECT_FALSE(remove.ok_);
    EXPECT_EQ(remove.error_, "the case history is append-only");
  }
  store_->read_cases([&](case_unit& u) {
    EXPECT_EQ(u.events_of(a).size(), 3U);
    EXPECT_EQ(u.events_of(a)[1].text_sealed_, "sealed:hello");
  });
}

TEST_P(CaseStore, AnAttachmentIsStoredOncePerDigest) {
  store_->write_cases([](case_unit& u) {
    u.put_attachment({.digest_ = "d1", .media_type_ = "image/jpeg", .size_ = 3, .sealed_ = "sealed:first"});
    u.put_attachment({.digest_ = "d1", .media_type_ = "image/png", .size_ = 4, .sealed_ = "sealed:second"});
  });
  store_->write_cases([](case_unit& u) {
    u.put_attachment({.digest_ = "d1", .media_type_ = "application/pdf", .size_ = 5, .sealed_ = "sealed:third"});
  });
  store_->read_cases([](case_unit& u) {
    auto const a = u.attachment("d1");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->digest_, "d1");
    EXPECT_EQ(a->media_type_, "image/jpeg");
    EXPECT_EQ(a->size_, 3);
    EXPECT_EQ(a->sealed_, "sealed:first");
    EXPECT_FALSE(u.attachment("d2"));
  });
}

TEST_P(CaseStore, TheOutboxGivesPendingRowsOldestFirstUntilDelivered) {
  auto const c = insert(plain_case());
  std::vector<std::int64_t> rows;
  store_->write_cases([&](case_unit& u) {
    rows.push_back(u.insert_outbox({.case_ = c, .event_ = 1, .created_ = 1, .payload_ = R"({"a":1})", .next_attempt_ = 10}));
    rows.push_back(u.insert_outbox({.case_ = c, .event_ = 2, .created_ = 2, .payload_ = R"({"a":2})", .next_attempt_ = 5}));
    rows.push_back(u.insert_outbox({.case_ = c, .event_ = 3, .created_ = 3, .payload_ = R"({"a":3})", .next_attempt_ = 20}));
  });
  std::vector<outbox_row> pending;
  store_->read_cases([&](case_unit& u) { pending = u.pending_outbox(15, 10); });
  ASSERT_EQ(pending.size(), 2U);
  EXPECT_EQ(pending[0].id_, rows[1]);
  EXPECT_EQ(pending[1].id_, rows[0]);
  EXPECT_EQ(pending[0].payload_, R"({"a":2})");
  EXPECT_EQ(pending[0].event_, 2);
  EXPECT_EQ(pending[0].case_, c);
  EXPECT_FALSE(pending[0].delivered_);

  auto delivered = pending[0];
  delivered.attempts_ = 1;
  delivered.delivered_ = 14;
  auto failed = pending[1];
  failed.attempts_ = 1;
  failed.next_attempt_ = 30;
  failed.last_error_ = "HTTP 503";
  store_->write_cases([&](case_unit& u) {
    u.update_outbox(delivered);
    u.update_outbox(failed);
  });
  store_->read_cases([&](case_unit& u) {
    EXPECT_TRUE(u.pending_outbox(15, 10).empty());
    auto const later = u.pending_outbox(30, 10);
    ASSERT_EQ(later.size(), 2U);
    EXPECT_EQ(later[0].id_, rows[2]);
    EXPECT_EQ(later[1].id_, rows[0]);
    EXPECT_EQ(later[1].attempts_, 1);
    EXPECT_EQ(later[1].last_error_, "HTTP 503");
    EXPECT_EQ(u.pending_outbox(30, 1).size(), 1U);
  });
}

TEST_P(CaseStore, CalendarsAreInsertedReplacedByVersionAndListed) {
  auto kz = calendar_of("KZ", "Asia/Almaty");
  store_->write_cases([&](case_unit& u) {
    u.put_calendar(kz, 1);
    u.put_calendar(calendar_of("CN", "Asia/Shanghai"), 1);
  });
  // A second first version of one id is a conflict (someone else made it first).
  EXPECT_THROW(store_->write_cases([&](case_unit& u) { u.put_calendar(kz, 1); }), conflict_error);
  kz.holidays_.push_back({20500, "Nauryz"});
  store_->write_cases([&](case_unit& u) { u.put_calendar(kz, 2); });
  auto stale = kz;
  stale.source_ = "stale";
  EXPECT_THROW(store_->write_cases([&](case_unit& u) { u.put_calendar(stale, 2); }), conflict_error);
  EXPECT_THROW(store_->write_cases([&](case_unit& u) { u.put_calendar(calendar_of("UZ", "Asia/Tashkent"), 2); }),
               conflict_error);
  store_->read_cases([&](case_unit& u) {
    auto const back = u.calendar("KZ");
    ASSERT_TRUE(back);
    EXPECT_EQ(back->version_, 2);
    EXPECT_EQ(back->calendar_, kz);
    EXPECT_FALSE(u.calendar("UZ"));
    auto const all = u.calendars();
    ASSERT_EQ(all.size(), 2U);
    EXPECT_EQ(all[0].calendar_.id_, "CN");
    EXPECT_EQ(all[0].version_, 1);
    EXPECT_EQ(all[1].calendar_.id_, "KZ");
  });
}

// Five cases, by (next_due, id): 2 (100), 3 (100), 4 (200), 1 (300), 5 (none, closed).
class Queues : public CaseStore {
 protected:
  void SetUp() override {
    CaseStore::SetUp();
    if (IsSkipped()) {
      return;
    }
    auto c1 = plain_case();
    c1.traveller_ = 1;
    c1.operator_ = 1;
    c1.next_due_ = 300;
    auto c2 = plain_case();
    c2.kind_ = case_kind::kDispute;
    c2.operator_ = 2;
    c2.next_due_ = 100;
    c2.breached_ = true;
    auto c3 = plain_case();
    c3.kind_ = case_kind::kClaim;
    c3.filed_by_ = 2;
    c3.traveller_ = 2;
    c3.insurer_ = "PICC";
    c3.next_due_ = 100;
    c3.calendar_ = "CN";
    auto c4 = c3;  // escalated to the authority: it sees this claim
    c4.escalated_to_ = party::kAuthority;
    c4.next_due_ = 200;
    c4.calendar_ = "KZ";
    auto c5 = plain_case();
    c5.country_ = "KG";
    c5.filed_by_ = 2;
    c5.traveller_ = 1;
    c5.open_ = false;
    for (auto const& c : {c1, c2, c3, c4, c5}) {
      insert(c);
    }
  }
  std::vector<case_id> find(case_query const& q) {
    std::vector<case_id> out;
    store_->read_cases([&](case_unit& u) { out = ids(u.find_cases(q)); });
    return out;
  }
};

using ids_t = std::vector<case_id>;

TEST_P(Queues, EachPartySeesItsCasesByDueTimeThenId) {
  EXPECT_EQ(find({}), (ids_t{2, 3, 4, 1, 5}));
  EXPECT_EQ(find({.traveller_ = 1}), (ids_t{1, 5}));  // naming its account (not 2, filed by it for no one)
  EXPECT_EQ(find({.traveller_ = 2}), (ids_t{3, 4}));
  EXPECT_EQ(find({.operator_ = 1}), (ids_t{1}));
  EXPECT_EQ(find({.operator_ = 2}), (ids_t{2}));
  EXPECT_EQ(find({.insurer_ = "PICC"}), (ids_t{3, 4}));
  EXPECT_EQ(find({.insurer_ = "ALLI"}), ids_t{});
  EXPECT_EQ(find({.country_ = "KZ"}), (ids_t{2, 4, 1}));  // not claim 3: not escalated
  EXPECT_EQ(find({.country_ = "KG"}), (ids_t{5}));
}

TEST_P(Queues, KindOpenAndBreachedNarrowAndPagesFollowTheOrder) {
  EXPECT_EQ(find({.kind_ = case_kind::kClaim}), (ids_t{3, 4}));
  EXPECT_EQ(find({.kind_ = case_kind::kAssistance}), (ids_t{1, 5}));
  EXPECT_EQ(find({.open_ = true}), (ids_t{2, 3, 4, 1}));
  EXPECT_EQ(find({.open_ = false}), (ids_t{5}));
  EXPECT_EQ(find({.breached_only_ = true}), (ids_t{2}));
  EXPECT_EQ(find({.country_ = "KZ", .kind_ = case_kind::kDispute, .open_ = true}), (ids_t{2}));
  EXPECT_EQ(find({.traveller_ = 1, .open_ = true}), (ids_t{1}));
  EXPECT_EQ(find({.limit_ = 2, .offset_ = 1}), (ids_t{3, 4}));
  EXPECT_EQ(find({.limit_ = 2, .offset_ = 4}), (ids_t{5}));
  EXPECT_EQ(find({.insurer_ = "PICC", .limit_ = 1, .offset_ = 1}), (ids_t{4}));
}

TEST_P(Queues, DueCasesAndOpenCasesOnACalendar) {
  store_->read_cases([](case_unit& u) {
    EXPECT_EQ(ids(u.due_cases(200, 10)), (ids_t{2, 3}));  // 4 is escalated already, 1 not due, 5 closed
    EXPECT_EQ(ids(u.due_cases(200, 1)), (ids_t{2}));
    EXPECT_EQ(ids(u.due_cases(99, 10)), ids_t{});
    EXPECT_EQ(ids(u.due_cases(kNoDue, 10)), (ids_t{2, 3, 1}));
    EXPECT_EQ(ids(u.open_cases_on("KZ", 0, 10)), (ids_t{1, 2, 4}));  // 5 is closed, 3 on CN
    EXPECT_EQ(ids(u.open_cases_on("KZ", 1, 1)), (ids_t{2}));
    EXPECT_EQ(ids(u.open_cases_on("CN", 0, 10)), (ids_t{3}));
    EXPECT_EQ(ids(u.open_cases_on("UZ", 0, 10)), ids_t{});
  });
}

TEST_P(CaseStore, AnInsurersCountryIsItsFirstInsurerAccounts) {
  store_->read_cases([](case_unit& u) {
    EXPECT_EQ(u.insurer_country("PICC"), "CN");
    EXPECT_FALSE(u.insurer_country("ALLI"));  // named only by a traveller
    EXPECT_FALSE(u.insurer_country(""));
    auto const a = u.account_by_id(3);
    ASSERT_TRUE(a);
    EXPECT_EQ(a->organisation_, "PICC");
  });
  store_->write([](registry::unit_of_work& u) {
    auto a = *u.account_by_id(3);
    a.organisation_ = "CPIC";
    u.update_account(a);
  });
  store_->read_cases([](case_unit& u) {
    EXPECT_EQ(u.account_by_email("picc@example.cn")->organisation_, "CPIC");
    EXPECT_EQ(u.insurer_country("PICC"), "KZ");
    EXPECT_EQ(u.insurer_country("CPIC"), "CN");
  });
}

TEST_P(CaseStore, AUnitThatThrowsLeavesNothing) {
  EXPECT_THROW(store_->write_cases([](case_unit& u) {
                 auto const c = u.insert_case(plain_case());
                 u.insert_event({.case_ = c, .at_ = 1, .action_ = "open"});
                 u.put_attachment({.digest_ = "d", .media_type_ = "image/png", .size_ = 1, .sealed_ = "s"});
                 u.insert_outbox({.case_ = c, .payload_ = "{}"});
                 u.put_calendar(calendar_of("KZ", "Asia/Almaty"), 1);
                 registry::audit_entry e{.at_ = "t", .actor_ = "account:1", .action_ = "case.open", .entity_ = "case:1"};
                 u.append_audit(e);
                 throw std::runtime_error{"the service failed"};
               }),
               std::runtime_error);
  store_->read_cases([](case_unit& u) {
    EXPECT_TRUE(u.find_cases({}).empty());
    EXPECT_TRUE(u.events_of(1).empty());
    EXPECT_FALSE(u.attachment("d"));
    EXPECT_TRUE(u.pending_outbox(kNoDue, 10).empty());
    EXPECT_TRUE(u.calendars().empty());
    EXPECT_TRUE(u.audit_entries(1, 10).empty());
  });
}

TEST_P(CaseStore, StoredTextThatDoesNotReadIsAStoreError) {
  auto const c = insert(plain_case());
  // Past the store: the history's triggers do not cover the cases table.
  ASSERT_TRUE(raw("UPDATE cases SET place = 'not json'").ok_);
  EXPECT_THROW(store_->read_cases([&](case_unit& u) { u.case_by_id(c); }), store_error);
  ASSERT_TRUE(raw(R"(UPDATE cases SET place = '{"name":"x","stopId":"","siteId":"","crossingId":""}', lines = '[{"x":1}]')").ok_);
  EXPECT_THROW(store_->read_cases([&](case_unit& u) { u.case_by_id(c); }), store_error);
  ASSERT_TRUE(raw("UPDATE cases SET lines = '[]', kind = 'complaint'").ok_);
  EXPECT_THROW(store_->read_cases([&](case_unit& u) { u.case_by_id(c); }), store_error);
  ASSERT_TRUE(raw("UPDATE cases SET kind = 'claim'").ok_);
  EXPECT_NO_THROW(store_->read_cases([&](case_unit& u) { u.case_by_id(c); }));
}

// A register of version 3 (no cases, accounts without organisations) is migrated to version 4 at open:
// its rows kept, accounts with an empty organisation, and cases can then be written.
TEST_P(CaseStore, AVersion3RegisterIsMigratedKeepingItsRows) {
  store_.reset();
  auto const back = raw("DROP TABLE ratings; ALTER TABLE tours DROP COLUMN feedback_code; "
                        "DROP TABLE outbox; DROP TABLE case_events; DROP TABLE cases; DROP TABLE attachments; "
                        "DROP TABLE calendars; ALTER TABLE accounts DROP COLUMN organisation; "
                        "DELETE FROM schema_migrations WHERE version >= 4");
  ASSERT_TRUE(back.ok_) << back.error_;
  store_ = open();
  EXPECT_EQ(store_->schema_version(), 5);
  store_->write_cases([&](case_unit& u) {
    EXPECT_EQ(u.count_accounts(), 5U);
    auto const a = u.account_by_email("picc@example.cn");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->organisation_, "");
    EXPECT_EQ(a->country_, "CN");
    ASSERT_TRUE(u.operator_by_id(2));
    EXPECT_EQ(u.operator_by_id(2)->licence_number_, "KZ-2");
    ASSERT_TRUE(u.tour_by_id(1));
    EXPECT_FALSE(u.insurer_country("PICC"));
    auto c = plain_case();
    c.tour_ = 1;
    c.id_ = u.insert_case(c);
    EXPECT_EQ(ids(u.find_cases({})), ids_t{c.id_});
  });
}

// A register of version 4 (no ratings, tours without feedback codes) is migrated to version 5 at open:
// its rows kept, each tour given a code of its own (16 hex digits), and ratings can then be written.
TEST_P(CaseStore, AVersion4RegisterIsMigratedKeepingItsRowsAndGivingToursCodes) {
  auto const c = insert(plain_case());
  store_->write([](registry::unit_of_work& u) {
    registry::tour t{.operator_ = 2, .title_ = "T2",
                     .stays_ = {{.country_ = "KZ", .entry_ = "2026-08-01", .exit_ = "2026-08-05"}}, .version_ = 1};
    u.insert_tour(t);
  });
  store_.reset();
  auto const back = raw("DROP TABLE ratings; ALTER TABLE tours DROP COLUMN feedback_code; "
                        "DELETE FROM schema_migrations WHERE version = 5");
  ASSERT_TRUE(back.ok_) << back.error_;
  store_ = open();
  EXPECT_EQ(store_->schema_version(), 5);
  store_->write_cases([&](case_unit& u) {
    EXPECT_EQ(u.count_accounts(), 5U);
    ASSERT_TRUE(u.case_by_id(c));
    auto const one = u.tour_by_id(1);
    auto const two = u.tour_by_id(2);
    ASSERT_TRUE(one && two);
    EXPECT_EQ(two->title_, "T2");
    for (auto const& code : {one->feedback_code_, two->feedback_code_}) {
      EXPECT_EQ(code.size(), 16U) << code;
      EXPECT_EQ(code.find_first_not_of("0123456789abcdef"), std::string::npos) << code;
    }
    EXPECT_NE(one->feedback_code_, two->feedback_code_);
    u.insert_rating({.subject_ = registry::rating_subject::kCase, .subject_id_ = c, .rating_ = 4, .by_ = 1,
                     .country_ = "KZ", .created_ = 7});
    EXPECT_EQ(u.count_ratings(registry::rating_subject::kCase, c), 1U);
  });
}

// Ratings round trip; one per case (a second is a conflict), any number per tour; the database refuses a
// rating outside 1..5 and an unknown subject kind.
TEST_P(CaseStore, RatingsRoundTripOnePerCase) {
  using registry::rating_subject;
  auto const c = insert(plain_case());
  store_->write([&](registry::unit_of_work& u) {
    u.insert_rating({.subject_ = rating_subject::kCase, .subject_id_ = c, .rating_ = 5, .comment_sealed_ = "k1:sealed",
                     .by_ = 1, .country_ = "KZ", .created_ = 10});
    u.insert_rating({.subject_ = rating_subject::kTour, .subject_id_ = 1, .rating_ = 2, .country_ = "KG", .created_ = 11});
    u.insert_rating({.subject_ = rating_subject::kTour, .subject_id_ = 1, .rating_ = 3, .country_ = "KG", .created_ = 12});
  });
  store_->read([&](registry::unit_of_work& u) {
    auto const rs = u.ratings_of(rating_subject::kCase, c);
    ASSERT_EQ(rs.size(), 1U);
    EXPECT_EQ(rs[0].rating_, 5);
    EXPECT_EQ(rs[0].comment_sealed_, "k1:sealed");
    EXPECT_EQ(rs[0].by_, std::optional<registry::account_id>{1});
    EXPECT_EQ(rs[0].country_, "KZ");
    EXPECT_EQ(rs[0].created_, 10);
    auto const ts = u.ratings_of(rating_subject::kTour, 1);
    ASSERT_EQ(ts.size(), 2U);
    EXPECT_EQ(ts[0].rating_, 2);
    EXPECT_FALSE(ts[0].by_);
    EXPECT_EQ(ts[1].rating_, 3);
    EXPECT_EQ(u.count_ratings(rating_subject::kTour, 1), 2U);
    EXPECT_EQ(u.count_ratings(rating_subject::kTour, 2), 0U);
    auto const agg = u.ratings_by_subject_country(0, 100);
    ASSERT_EQ(agg.size(), 2U);
    EXPECT_EQ(agg[0].keys_, (std::vector<std::string>{"case", "KZ"}));
    EXPECT_EQ(agg[0].count_, 1);
    EXPECT_EQ(agg[0].sum_, 5);
    EXPECT_EQ(agg[1].keys_, (std::vector<std::string>{"tour", "KG"}));
    EXPECT_EQ(agg[1].count_, 2);
    EXPECT_EQ(agg[1].sum_, 5);
    EXPECT_EQ(u.ratings_by_subject_country(11, 12).size(), 1U);  // [from, to)
  });
  EXPECT_THROW(store_->write([&](registry::unit_of_work& u) {
    u.insert_rating({.subject_ = rating_subject::kCase, .subject_id_ = c, .rating_ = 1, .by_ = 1, .country_ = "KZ"});
  }),
               registry::conflict_error);
  EXPECT_FALSE(raw("INSERT INTO ratings (subject_kind, subject_id, rating, comment, country, created) "
                   "VALUES ('tour', 1, 6, '', 'KG', 1)").ok_);
  EXPECT_FALSE(raw("INSERT INTO ratings (subject_kind, subject_id, rating, comment, country, created) "
                   "VALUES ('tour', 1, 0, '', 'KG', 1)").ok_);
  EXPECT_FALSE(raw("INSERT INTO ratings (subject_kind, subject_id, rating, comment, country, created) "
                   "VALUES ('operator', 1, 3, '', 'KG', 1)").ok_);
}

// The aggregates of the statistics (issue 19) count in the database, by their keys, in their keys'
// order: operators by status on a day, approved tours and their travellers in a range of first days
// (drafts not counted; a tour returning to a country counts it once), cases created in a range.
TEST_P(CaseStore, AggregatesCountByTheirKeys) {
  auto const lines = [](std::vector<registry::aggregate_row> const& rs) {
    std::vector<std::string> out;
    for (auto const& r : rs) {
      std::string s;
      for (auto const& k : r.keys_) {
        s += k + "|";
      }
      out.push_back(s + std::to_string(r.count_));
    }
    return out;
  };
  using strings = std::vector<std::string>;
  store_->write_cases([&](case_unit& u) {
    for (auto [licence, valid_to] : {std::pair{"CN-1", 20600}, std::pair{"CN-2", 30000}}) {
      auto o = an_operator(licence);
      o.country_ = "CN";
      o.status_ = registry::operator_status::kApproved;
      o.valid_to_ = valid_to;
      u.insert_operator(o);
    }
    registry::tour loop{.operator_ = 1, .title_ = "Loop",
                        .stays_ = {{.country_ = "CN", .entry_ = "2026-06-30", .exit_ = "2026-07-02"},
                                   {.country_ = "KZ", .entry_ = "2026-07-02", .exit_ = "2026-07-05"},
                                   {.country_ = "CN", .entry_ = "2026-07-05", .exit_ = "2026-07-06"}},
                        .status_ = registry::tour_status::kApproved, .version_ = 1};
    auto const id = u.insert_tour(loop);
    for (auto const* n : {"CN", "CN", "DE"}) {
      u.insert_member({.tour_ = id, .ref_ = fmt::format("r{}", u.count_members(id)), .latin_name_ = "X", .nationality_ = n});
    }
    registry::tour kg{.operator_ = 1, .title_ = "KG",
                      .stays_ = {{.country_ = "KG", .entry_ = "2026-07-01", .exit_ = "2026-07-05"}},
                      .status_ = registry::tour_status::kApproved, .version_ = 1};
    u.insert_tour(kg);
    for (int i = 0; i != 5; ++i) {
      auto c = plain_case();
      c.created_ = 1000 + i;
      if (i >= 2) {
        c.kind_ = case_kind::kDispute;
        c.state_ = "closed";
        c.open_ = false;
        c.outcome_ = "upheld";
        c.breached_ = i == 2;
      }
      if (i == 4) {
        c.created_ = 5000;  // outside the range asked
      }
      u.insert_case(c);
    }
  });
  store_->read_cases([&](case_unit& u) {
    EXPECT_EQ(lines(u.operators_by_country_status(20634)), (strings{"CN|approved|1", "CN|expired|1", "KZ|applied|2"}));
    EXPECT_EQ(lines(u.approved_tours_by_corridor_month(20600, 20700)), (strings{"CN-KZ|2026-06|1", "KG|2026-07|1"}));
    EXPECT_EQ(lines(u.approved_tours_by_corridor_month(20635, 20700)), (strings{"KG|2026-07|1"}));
    EXPECT_EQ(lines(u.travellers_by_corridor_nationality_month(20600, 20700)),
              (strings{"CN-KZ|CN|2026-06|2", "CN-KZ|DE|2026-06|1"}));
    EXPECT_TRUE(u.travellers_by_corridor_nationality_month(20635, 20700).empty()) << "the KG tour has no members";
    EXPECT_EQ(lines(u.cases_by_kind_country_outcome(1000, 2000)), (strings{"assistance|KZ|open|2", "dispute|KZ|upheld|2"}));
    EXPECT_EQ(lines(u.closed_cases_by_kind_country_breached(1000, 2000)), (strings{"dispute|KZ|no|1", "dispute|KZ|yes|1"}));
    EXPECT_EQ(lines(u.closed_cases_by_kind_country_breached(1000, 5001)), (strings{"dispute|KZ|no|2", "dispute|KZ|yes|1"}));
  });
}

// A read replica reads cases and writes none (open_postgres_replica; here on the primary itself).
TEST_P(CaseStore, AReplicaReadsCasesAndWritesNone) {
  if (GetParam() != "postgres") {
    GTEST_SKIP() << "PostgreSQL only";
  }
  auto const c = insert(plain_case());
  auto const replica = open_postgres_replica(conninfo_);
  replica->read_cases([&](case_unit& u) { EXPECT_TRUE(u.case_by_id(c)); });
  EXPECT_THROW(replica->write_cases([](case_unit& u) { u.insert_case(plain_case()); }), store_error);
}

// 100,000 cases, as a busy season leaves them (ANALYZEd): each party's queue is read along an index in its
// order, next_due then id, never a scan of the table, nor a sort.
TEST_P(CaseStore, QueuesAt100000CasesReadAnIndexInTheirOrder) {
  auto const filled = raw(R"sql(
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
INSERT INTO cases (kind, category, urgency, state, title, description, country, place, happened_at, language,
  filed_by, traveller_id, operator_id, tour_id, insurer, policy, journey, destination, lines, outcome, calendar,
  responsible, escalated_to, response_due, resolution_due, next_due, breached, open, created, updated, version)
SELECT CASE i % 3 WHEN 0 THEN 'assistance' WHEN 1 THEN 'dispute' ELSE 'claim' END, 'x', 'normal', 'open', '', '',
  CASE i % 5 WHEN 0 THEN 'KZ' WHEN 1 THEN 'KG' WHEN 2 THEN 'CN' WHEN 3 THEN 'UZ' ELSE 'TJ' END,
  '{"name":"","stopId":"","siteId":"","crossingId":""}', 0, 'en', 1 + i % 2,
  CASE WHEN i % 7 = 0 THEN NULL ELSE 1 + i % 2 END, CASE WHEN i % 3 = 1 THEN 1 + i % 2 ELSE NULL END, NULL,
  CASE WHEN i % 3 = 2 THEN 'PICC' ELSE '' END, '', '', '', '[]', '', 'KZ', 'operator',
  CASE WHEN i % 6 = 2 THEN 'authority' ELSE NULL END, NULL, NULL, (i * 7919) % 1000000, i % 11 = 0, i % 4 <> 0,
  0, 0, 1
FROM n;
ANALYZE;
)sql");
  ASSERT_TRUE(filled.ok_) << filled.error_;
  struct shape {
    case_query query_;
    bool sorted_;  // may sort (a traveller's)
  };
  std::vector<shape> const shapes{
      {{.open_ = true}, false},
      {{}, false},
      {{.operator_ = 1, .open_ = true}, false},
      {{.insurer_ = "PICC", .open_ = true}, false},
      {{.country_ = "KZ", .open_ = true}, false},
      {{.country_ = "KZ", .open_ = true, .breached_only_ = true}, false},
      {{.country_ = "KZ"}, false},  // an authority's whole queue
      {{.traveller_ = 1, .open_ = true}, false},
      {{.traveller_ = 1}, false},
  };
  for (auto const& [q, sorted] : shapes) {
    auto const sql = case_query_sql(q, GetParam() == "postgres" ? '$' : '?');
    auto const select = fmt::format("SELECT {} FROM cases{}", kCaseColumns, sql.tail_);
    std::string plan;
    if (GetParam() == "postgres") {
      auto const values = texts(sql.values_);  // as the store binds them
      pqxx::connection c{conninfo_};
      pqxx::work w{c};
      for (auto const& r : w.exec_params("EXPLAIN " + select, pqxx::prepare::make_dynamic_params(values))) {
        plan += r[0].as<std::string>() + "\n";
      }
      EXPECT_EQ(plan.find("Seq Scan"), std::string::npos) << select << "\n" << plan;
      if (!sorted) {
        EXPECT_EQ(plan.find("Sort"), std::string::npos) << select << "\n" << plan;
      }
      continue;
    }
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    auto const explain = "EXPLAIN QUERY PLAN " + select;
    ASSERT_EQ(sqlite3_prepare_v2(db, explain.c_str(), -1, &st, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    for (std::size_t i = 0; i != sql.values_.size(); ++i) {
      auto const at = static_cast<int>(i + 1);
      std::visit(
          [&](auto const& x) {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, std::string>) {
              sqlite3_bind_text(st, at, x.c_str(), -1, SQLITE_TRANSIENT);
            } else if constexpr (std::is_same_v<T, std::monostate>) {
              sqlite3_bind_null(st, at);
            } else {
              sqlite3_bind_int64(st, at, static_cast<std::int64_t>(x));
            }
          },
          sql.values_[i]);
    }
    while (sqlite3_step(st) == SQLITE_ROW) {
      plan += std::string{reinterpret_cast<char const*>(sqlite3_column_text(st, 3))} + "\n";
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    // "SCAN cases" alone reads the table; "SCAN cases USING INDEX" walks an index in its order.
    EXPECT_EQ(plan.find("SCAN cases\n"), std::string::npos) << select << "\n" << plan;
    if (!sorted) {
      EXPECT_EQ(plan.find("TEMP B-TREE"), std::string::npos) << select << "\n" << plan;
    }
  }
  // And the store reads them: the first page of a party's queue, in order.
  store_->read_cases([](case_unit& u) {
    auto const page = u.find_cases({.operator_ = 1, .open_ = true});
    ASSERT_EQ(page.size(), 50U);
    EXPECT_TRUE(std::is_sorted(page.begin(), page.end(), [](auto const& a, auto const& b) {
      return std::pair{a.next_due_, a.id_} < std::pair{b.next_due_, b.id_};
    }));
  });
}

INSTANTIATE_TEST_SUITE_P(Stores, CaseStore, testing::Values("sqlite", "postgres"),
                         [](testing::TestParamInfo<std::string> const& p) { return p.param; });
INSTANTIATE_TEST_SUITE_P(Stores, Queues, testing::Values("sqlite", "postgres"),
                         [](testing::TestParamInfo<std::string> const& p) { return p.param; });

}  // namespace
}  // namespace caravan::storage
