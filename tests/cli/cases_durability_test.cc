// Cases survive a killed server (issue 17, as register_durability_test.cc does for the register): `caravan
// serve --register` takes case writes (travellers open cases and write to them, an operator's staff writes
// back and acknowledges) from 4 clients at once over HTTP and is killed with SIGKILL in the middle;
// reopened, every write that was acknowledged (2xx) is there (the case, each message in its view's
// history, each acknowledgement), and `caravan audit verify` passes. On SQLite, and on PostgreSQL when
// CARAVAN_TEST_POSTGRES is set (scripts/test.sh).
#include <sys/stat.h>

#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <regex>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "../storage/postgres_test_db.h"
#include "caravan/cases/service.h"
#include "caravan/registry/service.h"
#include "caravan/storage/postgres_store.h"
#include "caravan/storage/sqlite_store.h"
#include "harness.h"
#include "process.h"

namespace caravan::cli::test {
namespace {

using json = nlohmann::json;

// One request on a connection of its own; std::nullopt once the server is gone (no reply, or half of one).
std::optional<std::pair<unsigned, json>> call(std::uint16_t port, boost::beast::http::verb verb, std::string const& target,
                                              std::string const& token, json const& body) {
  namespace http = boost::beast::http;
  try {
    boost::asio::io_context ioc;
    boost::beast::tcp_stream s{ioc};
    s.connect({boost::asio::ip::make_address("127.0.0.1"), port});
    http::request<http::string_body> req{verb, target, 11};
    req.set(http::field::host, "127.0.0.1");
    if (!token.empty()) {
      req.set(http::field::authorization, "Bearer " + token);
    }
    if (!body.is_null()) {
      req.set(http::field::content_type, "application/json");
      req.body() = body.dump();
    }
    req.prepare_payload();
    http::write(s, req);
    boost::beast::flat_buffer buf;
    http::response<http::string_body> res;
    http::read(s, buf, res);
    auto j = json::parse(res.body(), nullptr, false);
    return std::pair{res.result_int(), j.is_discarded() ? json{} : j};
  } catch (std::exception const&) {
    return std::nullopt;
  }
}

std::string sign_in(std::uint16_t port, std::string const& email, std::string const& password) {
  auto const r = call(port, boost::beast::http::verb::post, "/api/v1/auth/signin", {},
                      {{"email", email}, {"password", password}});
  EXPECT_TRUE(r && r->first == 200u) << (r ? r->second.dump() : "no reply");
  return r && r->first == 200u ? r->second.value("token", "") : std::string{};
}

// What the clients were told was done.
struct acknowledged {
  std::mutex m_;
  std::set<std::int64_t> cases_;                              // opened: 201
  std::map<std::int64_t, std::vector<std::string>> messages_;  // posted: 201
  std::set<std::int64_t> acknowledged_;                        // "acknowledge": 200
  std::size_t writes_{0};
};

class CasesDurability : public silkroad_test, public testing::WithParamInterface<std::string> {};

TEST_P(CasesDurability, EveryAcknowledgedCaseWriteSurvivesSigkill) {
  std::string where;
  if (GetParam() == "postgres") {
    where = storage::test_postgres();
    if (where.empty()) {
      GTEST_SKIP() << storage::kNoPostgres;
    }
    storage::reset_postgres(where);
  } else {
    where = (scratch() / "cases-durability.db").string();
    for (auto const* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(where + suffix);
    }
  }
  // A key file of our own (PostgreSQL has none by default): cases are refused without one, and the
  // check after the kill opens the sealed messages with it.
  auto const ring = registry::key_ring{}.with_new_key();
  auto const keys = (scratch() / "cases-durability.keys").string();
  {
    std::ofstream out{keys, std::ios::binary | std::ios::trunc};
    out << ring.to_text();
  }
  ASSERT_EQ(::chmod(keys.c_str(), 0600), 0);
  ASSERT_EQ(run_caravan(scratch(), {"admin", "create", "--register", where, "--email", "admin@x.example", "--name", "A"},
                        {"CARAVAN_ADMIN_PASSWORD=admin password 1"})
                .code_,
            0);
  auto p = start({"--timetable", silkroad_snapshot().string(), "--port", "0", "--threads", "2", "-q", "--web", "none",
                  "--register", where, "--register-keys", keys, "--case-calendars",
                  (source_dir() / "data" / "cases" / "calendars.json").string()});
  char line[512] = {};
  ASSERT_NE(std::fgets(line, sizeof(line), p.out_), nullptr);
  std::cmatch m;
  ASSERT_TRUE(std::regex_search(line, m, std::regex{R"(ready on http://127\.0\.0\.1:(\d+))"})) << line;
  auto const port = static_cast<std::uint16_t>(std::stoi(m[1]));
  using boost::beast::http::verb;

  // An operator with one staff account (who answers the cases) and 8 travellers who sign up, two a client:
  // the server lets a traveller open 20 cases a day, and the kill comes after about 50.
  auto const admin = sign_in(port, "admin@x.example", "admin password 1");
  auto const made = call(port, verb::post, "/api/v1/accounts", admin,
                         {{"email", "staff@silk.example"}, {"displayName", "Staff"}, {"password", "long enough password"},
                          {"role", "operator_staff"}});
  ASSERT_TRUE(made && made->first == 201u) << (made ? made->second.dump() : "no reply");
  auto const staff = sign_in(port, "staff@silk.example", "long enough password");
  auto const op = call(port, verb::post, "/api/v1/operators", staff,
                       {{"legalName", "Silk Road Tours LLP"}, {"country", "KZ"}, {"licenceNumber", "KZ-TO-0001"},
                        {"issuer", "Tourism Committee"}, {"validFrom", "2025-01-01"}, {"validTo", "2027-12-31"}});
  ASSERT_TRUE(op && op->first == 201u) << (op ? op->second.dump() : "no reply");
  auto const operator_id = op->second["id"].get<std::int64_t>();
  std::vector<std::string> travellers;
  for (int t = 0; t != 8; ++t) {
    auto const email = "traveller" + std::to_string(t) + "@mail.example";
    auto const r = call(port, verb::post, "/api/v1/auth/signup", {},
                        {{"email", email}, {"displayName", "Li Wei"}, {"password", "a long password"}});
    ASSERT_TRUE(r && r->first == 201u) << (r ? r->second.dump() : "no reply");
    travellers.push_back(sign_in(port, email, "a long password"));
  }

  acknowledged acked;
  std::atomic<bool> stop{false};
  std::vector<std::thread> clients;
  for (int t = 0; t != 4; ++t) {
    clients.emplace_back([&, t] {
      auto const note = [&](auto&& record) {
        std::lock_guard const lock{acked.m_};
        record();
        ++acked.writes_;
      };
      for (int i = 0; !stop; ++i) {
        auto const& traveller = travellers[static_cast<std::size_t>(2 * t + i % 2)];
        auto const opened = call(port, verb::post, "/api/v1/cases", traveller,
                                 {{"kind", "assistance"}, {"category", "stranded"}, {"urgency", "high"},
                                  {"title", "Irkeshtam closed " + std::to_string(t) + "-" + std::to_string(i)},
                                  {"description", "The border is closed for the holiday."}, {"country", "KG"},
                                  {"place", {{"name", "Osh"}, {"stopId", "osh"}}}, {"operatorId", operator_id}});
        if (!opened) {
          return;  // the server is gone
        }
        if (opened->first != 201u) {
          continue;
        }
        auto const id = opened->second["id"].get<std::int64_t>();
        note([&] { acked.cases_.insert(id); });
        auto const target = "/api/v1/cases/" + std::to_string(id);
        std::int64_t version = 0;
        for (auto const& [who, text] : {std::pair{traveller, "我们在奥什 " + std::to_string(i)},
                                        std::pair{staff, "A car leaves Osh on Sunday " + std::to_string(i)}}) {
          auto const r = call(port, verb::post, target + "/messages", who, {{"text", text}});
          if (!r) {
            return;
          }
          if (r->first == 201u) {
            version = r->second["version"].get<std::int64_t>();
            note([&] { acked.messages_[id].push_back(text); });
          }
        }
        auto const r = call(port, verb::post, target + "/actions", staff, {{"action", "acknowledge"}, {"version", version}});
        if (!r) {
          return;
        }
        if (r->first == 200u) {
          note([&] { acked.acknowledged_.insert(id); });
        }
      }
    });
  }
  // Kill it once it has acknowledged enough that writes are surely in flight.
  for (int wait = 0; wait != 6000; ++wait) {
    {
      std::lock_guard const lock{acked.m_};
      if (acked.writes_ >= 200) {
        break;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
  }
  ASSERT_EQ(::kill(p.pid_, SIGKILL), 0);
  stop = true;
  for (auto& c : clients) {
    c.join();
  }
  int status = 0;
  ::waitpid(p.pid_, &status, 0);
  std::fclose(p.out_);
  std::fclose(p.err_);
  ASSERT_TRUE(WIFSIGNALED(status));
  ASSERT_GE(acked.writes_, 200u);
  ASSERT_FALSE(acked.acknowledged_.empty());

  // Reopened: each acknowledged case, message and acknowledgement is in the case's view.
  {
    auto store = GetParam() == "postgres" ? storage::open_postgres_store(where) : storage::open_sqlite_store(where);
    cases::case_service svc{*store, {.keys_ = ring}};
    registry::caller admin_caller;
    store->read([&](registry::unit_of_work& u) { admin_caller.account_ = u.account_by_email("admin@x.example"); });
    ASSERT_TRUE(admin_caller.account_);
    for (auto const id : acked.cases_) {
      cases::case_view v;
      try {
        v = svc.view(admin_caller, id);
      } catch (registry::refused const& e) {
        ADD_FAILURE() << "case " << id << " was acknowledged and is lost: " << e.what();
        continue;
      }
      std::multiset<std::string> texts;
      bool acknowledged_there = false;
      for (auto const& h : v.history_) {
        if (h.action_ == "message") {
          texts.insert(h.text_);
        }
        acknowledged_there = acknowledged_there || h.action_ == "acknowledge";
      }
      for (auto const& text : acked.messages_[id]) {
        EXPECT_TRUE(texts.contains(text)) << "case " << id << ": the message \"" << text << "\" was acknowledged and is lost";
      }
      if (acked.acknowledged_.contains(id)) {
        EXPECT_TRUE(acknowledged_there) << "case " << id << ": its acknowledgement was answered 200 and is lost";
        EXPECT_EQ(v.record_.state_, "acknowledged");
      }
    }
  }
  auto const verify = run_caravan(scratch(), {"audit", "verify", "--register", where});
  EXPECT_EQ(verify.code_, 0) << verify.out_ << verify.err_;
}

INSTANTIATE_TEST_SUITE_P(Stores, CasesDurability, testing::Values("sqlite", "postgres"),
                         [](testing::TestParamInfo<std::string> const& p) { return p.param; });

}  // namespace
}  // namespace caravan::cli::test
