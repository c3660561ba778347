#include "register_store.h"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "caravan/storage/postgres_store.h"
#include "caravan/storage/sqlite_store.h"

namespace caravan::cli {

namespace {

bool is_postgres(std::string const& where) {
  return where.starts_with("postgresql://") || where.starts_with("postgres://") || where.find("dbname=") != std::string::npos ||
         where.find("host=") != std::string::npos;
}

}  // namespace

std::unique_ptr<registry::store> open_register(std::string const& where, bool create) {
  if (is_postgres(where)) {
    return storage::open_postgres_store(where);
  }
  if (!create && !std::filesystem::exists(where)) {
    throw std::runtime_error{where + ": no register there"};
  }
  auto const parent = std::filesystem::path{where}.parent_path();
  if (!parent.empty()) {
    std::filesystem::create_directories(parent);
  }
  return storage::open_sqlite_store(where);
}

std::unique_ptr<registry::store> open_register_replica(std::string const& where) {
  if (!is_postgres(where)) {
    throw std::runtime_error{"--register-replica is a PostgreSQL database (postgresql://... or host=... dbname=...)"};
  }
  return storage::open_postgres_replica(where);
}

std::string register_location(std::string const& given) {
  if (!given.empty()) {
    return given;
  }
  auto const* env = std::getenv("CARAVAN_REGISTER");
  return env == nullptr ? std::string{} : std::string{env};
}

}  // namespace caravan::cli
