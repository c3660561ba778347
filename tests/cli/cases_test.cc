// `caravan cases` end to end on a SQLite register (docs/cases.md): the list by due time without texts, a
// sweep escalating what is past due, calendars imported as new versions (the open cases re-evaluated) or
// refused naming the file and calendar, and `caravan admin rotate-key` sealing the cases' texts and files
// again so they open with the new key alone.
#include <sys/stat.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "caravan/cases/service.h"
#include "caravan/registry/service.h"
#include "caravan/storage/sqlite_store.h"
#include "cli.h"

namespace caravan::cli::test {
namespace {

// 2026-01-05 (a Monday) 10:00 in Almaty: long past by the time the tests run.
constexpr cases::instant kLongAgo = ((20'458LL * 24 + 5) * 3600) * cases::kMicrosPerSecond;

struct register_with_a_case {
  std::string db;
  std::int64_t case_id{0};
};

// A register with the bundled calendars and one assistance case (a message, a photo) opened long ago,
// sealed with `ring`.
register_with_a_case one_case(std::string const& name, registry::key_ring const& ring) {
  register_with_a_case out{(scratch() / name).string()};
  auto store = storage::open_sqlite_store(out.db);
  registry::register_service reg{*store, {.hash_cost_ = registry::hash_cost::kTest, .keys_ = ring}};
  cases::case_service svc{*store, {.now_ = [] { return kLongAgo; }, .keys_ = ring}};
  svc.seed_calendars(cases::load_calendars((source_dir() / "data/cases/calendars.json").string()));
  reg.create_first_admin("a@caravan.example", "A", "admin password 1");
  auto const traveller = reg.create_account({}, {.email_ = "li@mail.example", .display_name_ = "Li", .password_ = "a long password"});
  registry::caller const as{.account_ = traveller};
  auto const v = svc.open_case(as, {.kind_ = cases::case_kind::kAssistance, .category_ = "lost_document",
                                    .title_ = "Passport lost", .description_ = "Passport E12345678 lost in Samarkand",
                                    .country_ = "KZ", .place_ = {.name_ = "Almaty-2"}});
  svc.post_message(as, v.record_.id_, "Ich warte am Bahnhof");
  svc.attach(as, v.record_.id_, "photo.png", std::string{"\x89PNG\r\n\x1A\n", 8} + "PHOTO-BYTES-77");
  out.case_id = v.record_.id_;
  return out;
}

std::string write_keys(std::string const& path, registry::key_ring const& ring) {
  {
    std::ofstream f{path};
    f << ring.to_text();
  }
  fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write);
  return path;
}

TEST(CasesCommand, ListsByDueTimeSweepsOnceAndNeedsNoKeys) {
  registry::secrets_init();
  auto const r0 = one_case("cases-list.db", registry::key_ring{}.with_new_key());
  auto r = run_caravan(scratch(), {"cases", "list", "--register", r0.db});
  ASSERT_EQ(r.code_, 0) << r.err_;
  EXPECT_NE(r.out_.find("assistance"), std::string::npos) << r.out_;
  EXPECT_NE(r.out_.find("2026-01-05T09:00:00.000000Z"), std::string::npos) << "4 business hours from 10:00 (UTC+5): " << r.out_;
  EXPECT_EQ(r.out_.find("Passport"), std::string::npos) << "no texts in the list";
  r = run_caravan(scratch(), {"cases", "sweep", "--register", r0.db});
  ASSERT_EQ(r.code_, 0) << r.err_;
  EXPECT_EQ(r.out_, "1 case past a deadline, escalated\n");
  r = run_caravan(scratch(), {"cases", "sweep", "--register", r0.db});
  EXPECT_EQ(r.out_, "0 cases past a deadline, escalated\n");
  r = run_caravan(scratch(), {"cases", "list", "--register", r0.db, "--open", "--kind", "assistance"});
  EXPECT_NE(r.out_.find("yes (escalated to the authority)"), std::string::npos) << r.out_;
  r = run_caravan(scratch(), {"cases", "list", "--register", r0.db, "--kind", "ferry"});
  EXPECT_EQ(r.code_, 1);
  r = run_caravan(scratch(), {"audit", "verify", "--register", r0.db});
  EXPECT_EQ(r.code_, 0) << r.out_;
}

TEST(CasesCommand, ImportsCalendarsAsNewVersionsAndRefusesABrokenFile) {
  registry::secrets_init();
  auto const r0 = one_case("cases-calendars.db", registry::key_ring{}.with_new_key());
  auto r = run_caravan(scratch(), {"cases", "calendars", "--register", r0.db});
  ASSERT_EQ(r.code_, 0) << r.err_;
  EXPECT_NE(r.out_.find("KZ     Asia/Almaty      version 1"), std::string::npos) << r.out_;
  // The KZ calendar with 5 January 2026 as a holiday: the case's due time moves to the next day.
  auto all = nlohmann::json::parse(slurp(source_dir() / "data/cases/calendars.json"));
  nlohmann::json changed = nlohmann::json::array();
  for (auto c : all) {
    if (c["id"] == "KZ") {
      c["holidays"].push_back({{"date", "2026-01-05"}, {"name", "A day off"}});
      std::sort(c["holidays"].begin(), c["holidays"].end(),
                [](auto const& a, auto const& b) { return a["date"].template get<std::string>() < b["date"].template get<std::string>(); });
      changed.push_back(c);
    }
  }
  auto const file = scratch() / "kz.json";
  std::ofstream{file} << changed.dump();
  r = run_caravan(scratch(), {"cases", "calendars", "--register", r0.db, "--import", file.string()});
  ASSERT_EQ(r.code_, 0) << r.err_;
  EXPECT_NE(r.out_.find("1 open case evaluated again"), std::string::npos) << r.out_;
  EXPECT_NE(r.out_.find("KZ     Asia/Almaty      version 2"), std::string::npos) << r.out_;
  r = run_caravan(scratch(), {"cases", "list", "--register", r0.db});
  EXPECT_NE(r.out_.find("2026-01-06T08:00:00.000000Z"), std::string::npos) << "13:00 in Almaty: " << r.out_;
  // The same file again changes nothing.
  r = run_caravan(scratch(), {"cases", "calendars", "--register", r0.db, "--import", file.string()});
  EXPECT_NE(r.out_.find("0 open cases evaluated again"), std::string::npos) << r.out_;
  changed[0]["timeZone"] = "Asia/Nowhere";
  std::ofstream{file} << changed.dump();
  r = run_caravan(scratch(), {"cases", "calendars", "--register", r0.db, "--import", file.string()});
  EXPECT_EQ(r.code_, 1);
  EXPECT_NE(r.err_.find("kz.json: [0] timeZone"), std::string::npos) << r.err_;
}

TEST(CasesCommand, RotateKeySealsTheCasesAgain) {
  registry::secrets_init();
  auto const ring = registry::key_ring{}.with_new_key();
  auto const r0 = one_case("cases-rotate.db", ring);
  write_keys(r0.db + ".keys", ring);
  auto r = run_caravan(scratch(), {"admin", "rotate-key", "--register", r0.db, "--drop-old"});
  ASSERT_EQ(r.code_, 0) << r.err_;
  EXPECT_EQ(r.out_, "key 2 now seals; 0 members and 5 case values sealed again; the old keys are gone from the file\n")
      << "the title, the description, the message, the photo and its name: " << r.out_;
  auto const only = registry::key_ring::from_text(slurp(r0.db + ".keys"));
  ASSERT_EQ(only.current_id(), 2U);
  auto store = storage::open_sqlite_store(r0.db);
  cases::case_service svc{*store, {.keys_ = only}};
  std::optional<registry::account> li;
  store->read([&](registry::unit_of_work& u) { li = u.account_by_email("li@mail.example"); });
  registry::caller const as{.account_ = li};
  auto const v = svc.view(as, r0.case_id);
  EXPECT_EQ(v.title_, "Passport lost");
  EXPECT_EQ(v.history_[1].text_, "Ich warte am Bahnhof");
  auto const digest = nlohmann::json::parse(v.history_[2].data_)["digest"].get<std::string>();
  EXPECT_NE(svc.attachment(as, r0.case_id, digest).bytes_.find("PHOTO-BYTES-77"), std::string::npos);
  EXPECT_FALSE(registry::register_service(*store, {}).verify_audit().has_value());
}

}  // namespace
}  // namespace caravan::cli::test
