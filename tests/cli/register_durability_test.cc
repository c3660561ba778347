// The register survives a killed server (issue 16): `caravan serve --register` takes operator
// applications from 4 clients at once and is killed with SIGKILL in the middle; reopened, the store holds
// every application that was acknowledged (201), nothing half-written (each operator with its one audit
// entry, no entry without its operator), and the audit chain verifies. On SQLite, and on PostgreSQL when
// CARAVAN_TEST_POSTGRES is set (scripts/test.sh).
#include <atomic>
#include <mutex>
#include <regex>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "../storage/postgres_test_db.h"
#include "caravan/registry/service.h"
#include "caravan/storage/postgres_store.h"
#include "caravan/storage/sqlite_store.h"
#include "harness.h"
#include "process.h"

namespace caravan::cli::test {
namespace {

using json = nlohmann::json;

class RegisterDurability : public silkroad_test, public testing::WithParamInterface<std::string> {};

TEST_P(RegisterDurability, EveryAcknowledgedWriteSurvivesSigkill) {
  std::string where;
  if (GetParam() == "postgres") {
    where = storage::test_postgres();
    if (where.empty()) {
      GTEST_SKIP() << "CARAVAN_TEST_POSTGRES is not set: scripts/test.sh starts a PostgreSQL for this";
    }
    storage::reset_postgres(where);
  } else {
    where = (scratch() / "durability.db").string();
    for (auto const* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(where + suffix);
    }
  }
  ASSERT_EQ(run_caravan(scratch(), {"admin", "create", "--register", where, "--email", "admin@x.example", "--name", "A"},
                        {"CARAVAN_ADMIN_PASSWORD=admin password 1"})
                .code_,
            0);
  auto p = start({"--timetable", silkroad_snapshot().string(), "--port", "0", "--threads", "2", "-q", "--web", "none",
                  "--register", where});
  char line[512] = {};
  ASSERT_NE(std::fgets(line, sizeof(line), p.out_), nullptr);
  std::cmatch m;
  ASSERT_TRUE(std::regex_search(line, m, std::regex{R"(ready on http://127\.0\.0\.1:(\d+))"})) << line;
  auto const port = static_cast<std::uint16_t>(std::stoi(m[1]));
  std::string token;
  {
    server::testing::client c{port};
    auto const r = c.request("POST", "/api/v1/auth/signin", {{"Content-Type", "application/json"}},
                             R"({"email":"admin@x.example","password":"admin password 1"})");
    ASSERT_EQ(r.status, 200u) << r.body;
    token = json::parse(r.body)["token"];
  }

  std::mutex m_acked;
  std::set<std::string> acked;  // licence numbers answered 201
  std::atomic<bool> stop{false};
  std::vector<std::thread> clients;
  for (int t = 0; t != 4; ++t) {
    clients.emplace_back([&, t] {
      for (int i = 0; !stop; ++i) {
        auto const licence = "D-" + std::to_string(t) + "-" + std::to_string(i);
        try {
          // A raw client: once the server is killed, replies stop mid-way and nothing is checked.
          boost::asio::io_context ioc;
          boost::beast::tcp_stream s{ioc};
          s.connect({boost::asio::ip::make_address("127.0.0.1"), port});
          namespace http = boost::beast::http;
          http::request<http::string_body> req{http::verb::post, "/api/v1/operators", 11};
          req.set(http::field::host, "127.0.0.1");
          req.set(http::field::authorization, "Bearer " + token);
          req.set(http::field::content_type, "application/json");
          req.body() = json{{"legalName", "Tours " + licence}, {"country", "KZ"}, {"licenceNumber", licence},
                            {"issuer", "Committee"}, {"validFrom", "2025-01-01"}, {"validTo", "2027-12-31"}}
                           .dump();
          req.prepare_payload();
          http::write(s, req);
          boost::beast::flat_buffer buf;
          http::response<http::string_body> res;
          http::read(s, buf, res);
          if (res.result_int() == 201) {
            std::lock_guard const lock{m_acked};
            acked.insert(licence);
          }
        } catch (std::exception const&) {
          return;  // the server is gone
        }
      }
    });
  }
  // Kill it once it has acknowledged enough that writes are surely in flight.
  for (int wait = 0; wait != 600; ++wait) {
    {
      std::lock_guard const lock{m_acked};
      if (acked.size() >= 150) {
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
  ASSERT_GE(acked.size(), 150u);

  auto store = GetParam() == "postgres" ? storage::open_postgres_store(where) : storage::open_sqlite_store(where);
  std::set<std::string> stored;
  std::size_t operators = 0, entries = 0;
  store->read([&](registry::unit_of_work& u) {
    for (std::size_t offset = 0;; offset += 100) {
      auto const page = u.find_operators({.text_ = "", .limit_ = 100, .offset_ = offset});
      for (auto const& o : page) {
        stored.insert(o.licence_number_);
      }
      operators += page.size();
      if (page.size() < 100) {
        break;
      }
    }
    for (auto const& e : u.audit_entries(1, 1'000'000)) {
      entries += e.action_ == "operator.apply" ? 1 : 0;
    }
  });
  for (auto const& l : acked) {
    EXPECT_TRUE(stored.contains(l)) << l << " was acknowledged and is lost";
  }
  EXPECT_EQ(entries, operators) << "each operator with its one audit entry, no entry without its operator";
  registry::register_service reg{*store, {}};
  std::int64_t checked = 0;
  EXPECT_EQ(reg.verify_audit(&checked), std::nullopt);
  EXPECT_EQ(static_cast<std::size_t>(checked), 1 + operators) << "the admin's entry and the operators'";
}

INSTANTIATE_TEST_SUITE_P(Stores, RegisterDurability, testing::Values("sqlite", "postgres"),
                         [](testing::TestParamInfo<std::string> const& p) { return p.param; });

}  // namespace
}  // namespace caravan::cli::test
