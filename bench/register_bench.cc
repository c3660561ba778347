// The register's writes under concurrent clients (issue 16): N threads, each applying for operators
// and deciding on them through registry::register_service (each write one unit of work with its audit
// entry), for D seconds, on SQLite (a file) or PostgreSQL (a connection string). Prints writes per
// second and the latency's p50 / p99 / max. bench/register.sh runs it on both stores.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <pqxx/pqxx>

#include "caravan/registry/service.h"
#include "caravan/storage/postgres_store.h"
#include "caravan/storage/sqlite_store.h"
#include "fresh_store.h"

using namespace caravan;
using clock_type = std::chrono::steady_clock;

int main(int argc, char** argv) {
  CLI::App app{"caravan-register-bench: register writes per second and latency under concurrent clients"};
  std::string sqlite, postgres;
  unsigned threads = 4;
  double seconds = 5;
  app.add_option("--sqlite", sqlite, "A SQLite file (made anew)");
  app.add_option("--postgres", postgres, "A PostgreSQL connection string (its tables are emptied)");
  app.add_option("--threads", threads, "Concurrent clients")->check(CLI::Range(1U, 64U));
  app.add_option("--seconds", seconds, "How long")->check(CLI::Range(0.5, 600.0));
  CLI11_PARSE(app, argc, argv);
  if (sqlite.empty() == postgres.empty()) {
    std::fprintf(stderr, "give one of --sqlite FILE or --postgres CONNINFO\n");
    return 2;
  }
  std::unique_ptr<registry::store> store = bench::fresh_store(sqlite, postgres, static_cast<int>(threads));
  // kTest hashes: the bench measures the store's writes, not Argon2id (which sign-in pays, not these).
  registry::register_service reg{*store, {.hash_cost_ = registry::hash_cost::kTest}};
  reg.create_first_admin("admin@bench.example", "Admin", "admin password 1");
  registry::caller admin;
  store->read([&](registry::unit_of_work& u) { admin.account_ = u.account_by_email("admin@bench.example"); });

  std::atomic<bool> stop{false};
  std::vector<std::vector<double>> latencies(threads);
  std::vector<std::thread> workers;
  auto const start = clock_type::now();
  for (unsigned t = 0; t != threads; ++t) {
    workers.emplace_back([&, t] {
      for (int i = 0; !stop.load(std::memory_order_relaxed); ++i) {
        auto const before = clock_type::now();
        registry::operator_application a{.legal_name_ = "Bench Tours " + std::to_string(t) + "-" + std::to_string(i),
                                         .country_ = "KZ", .licence_number_ = "B-" + std::to_string(t) + "-" + std::to_string(i),
                                         .issuer_ = "Bench", .valid_from_ = 20000, .valid_to_ = 21000};
        auto const o = reg.apply_operator(admin, a);  // a write: the operator and its audit entry
        auto const mid = clock_type::now();
        reg.decide_operator(admin, o.id_, registry::operator_status::kApproved, o.version_, "bench");  // a read-modify-write
        auto const after = clock_type::now();
        latencies[t].push_back(std::chrono::duration<double, std::milli>(mid - before).count());
        latencies[t].push_back(std::chrono::duration<double, std::milli>(after - mid).count());
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto& w : workers) {
    w.join();
  }
  auto const elapsed = std::chrono::duration<double>(clock_type::now() - start).count();
  std::vector<double> all;
  for (auto const& l : latencies) {
    all.insert(all.end(), l.begin(), l.end());
  }
  std::sort(all.begin(), all.end());
  auto const at = [&](double q) { return all.empty() ? 0.0 : all[static_cast<std::size_t>(q * static_cast<double>(all.size() - 1))]; };
  std::int64_t checked = 0;
  auto const broken = reg.verify_audit(&checked);
  std::printf("%s, %u clients, %.1f s: %zu writes, %.0f writes/s; latency p50 %.2f ms, p99 %.2f ms, max %.2f ms; audit "
              "trail %s (%lld entries)\n",
              sqlite.empty() ? "PostgreSQL" : "SQLite", threads, elapsed, all.size(), static_cast<double>(all.size()) / elapsed,
              at(0.5), at(0.99), all.empty() ? 0.0 : all.back(), broken ? "BROKEN" : "holds", static_cast<long long>(checked));
  return broken ? 1 : 0;
}
