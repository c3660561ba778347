#pragma once
// The register the benchmarks write to, made anew each run: a SQLite file (with its WAL and shared-memory
// files) removed first, or a PostgreSQL database whose tables of an earlier run are dropped.
#include <cstdio>
#include <memory>
#include <string>

#include <pqxx/pqxx>

#include "caravan/storage/postgres_store.h"
#include "caravan/storage/sqlite_store.h"

namespace caravan::bench {

// REQUIRES: exactly one of `sqlite`, `postgres` is not empty.
inline std::unique_ptr<storage::register_store> fresh_store(std::string const& sqlite, std::string const& postgres,
                                                            int connections) {
  if (!sqlite.empty()) {
    for (auto const* suffix : {"", "-wal", "-shm"}) {
      std::remove((sqlite + suffix).c_str());
    }
    return storage::open_sqlite_store(sqlite);
  }
  {
    pqxx::connection c{postgres};
    pqxx::work w{c};
    w.exec("DROP SCHEMA public CASCADE");
    w.exec("CREATE SCHEMA public");
    w.commit();
  }
  return storage::open_postgres_store(postgres, connections);
}

}  // namespace caravan::bench
