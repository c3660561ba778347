#pragma once
// The PostgreSQL the tests use: CARAVAN_TEST_POSTGRES's connection string ("" when not set), and a way
// to empty it between tests (its whole public schema dropped and made again).
#include <cstdlib>
#include <memory>
#include <string>

#include <pqxx/pqxx>

#include "caravan/storage/postgres_store.h"
#include "caravan/storage/sqlite_store.h"

namespace caravan::storage {

inline std::string test_postgres() {
  auto const* v = std::getenv("CARAVAN_TEST_POSTGRES");
  return v == nullptr ? std::string{} : std::string{v};
}

inline void reset_postgres(std::string const& conninfo) {
  pqxx::connection c{conninfo};
  pqxx::work w{c};
  w.exec("DROP SCHEMA public CASCADE");
  w.exec("CREATE SCHEMA public");
  w.commit();
}

// The store a test parameterised by store runs on: "sqlite" (in memory) or "postgres"
// (CARAVAN_TEST_POSTGRES, emptied first); nullptr when PostgreSQL is asked for and not given.
inline std::unique_ptr<register_store> open_test_store(std::string const& kind) {
  if (kind != "postgres") {
    return open_sqlite_store(":memory:");
  }
  auto const conninfo = test_postgres();
  if (conninfo.empty()) {
    return nullptr;
  }
  reset_postgres(conninfo);
  return open_postgres_store(conninfo);
}

inline constexpr char const* kNoPostgres = "CARAVAN_TEST_POSTGRES is not set: scripts/test.sh starts a PostgreSQL for these";

}  // namespace caravan::storage
