#include "register_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

#include "caravan/storage/postgres_store.h"
#include "caravan/storage/sqlite_store.h"

namespace caravan::cli {

bool is_postgres(std::string const& where) {
  return where.starts_with("postgresql://") || where.starts_with("postgres://") || where.find("dbname=") != std::string::npos ||
         where.find("host=") != std::string::npos;
}

std::string keys_location(std::string const& given, std::string const& register_at) {
  if (!given.empty()) {
    return given;
  }
  if (auto const* env = std::getenv("CARAVAN_REGISTER_KEYS")) {
    return env;
  }
  return register_at.empty() || is_postgres(register_at) ? std::string{} : register_at + ".keys";
}

void save_keys(std::string const& path, registry::key_ring const& ring) {
  auto const tmp = path + ".tmp";
  auto const text = ring.to_text();
  auto const fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    throw std::runtime_error{tmp + ": cannot write the keys: " + std::strerror(errno)};
  }
  auto const written = ::write(fd, text.data(), text.size());
  auto const synced = ::fsync(fd) == 0;
  ::close(fd);
  if (written != static_cast<ssize_t>(text.size()) || !synced || ::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    throw std::runtime_error{path + ": cannot write the keys: " + std::strerror(errno)};
  }
}

std::string read_secret_file(std::string const& path, std::string const& what) {
  std::ifstream in{path, std::ios::binary};
  if (!in) {
    throw std::runtime_error{fmt::format("{}: cannot read {}", path, what)};
  }
  struct stat st{};
  if (::stat(path.c_str(), &st) == 0 && (st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    throw std::runtime_error{fmt::format("{}: {}: readable by others: chmod 600 it", path, what)};
  }
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

registry::key_ring load_keys(std::string const& path, bool create) {
  if (create && !std::filesystem::exists(path)) {
    registry::secrets_init();
    auto const ring = registry::key_ring{}.with_new_key();
    save_keys(path, ring);
    return ring;
  }
  auto const text = read_secret_file(path, "the register's keys");
  try {
    return registry::key_ring::from_text(text);
  } catch (std::runtime_error const& e) {
    throw std::runtime_error{path + ": " + e.what()};
  }
}

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
