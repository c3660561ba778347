#pragma once
// The PostgreSQL the tests use: CARAVAN_TEST_POSTGRES's connection string ("" when not set), and a way
// to empty it between tests (its whole public schema dropped and made again).
#include <cstdlib>
#include <string>

#include <pqxx/pqxx>

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

}  // namespace caravan::storage
