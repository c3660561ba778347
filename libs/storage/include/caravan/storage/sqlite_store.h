#pragma once
// The register's embedded store: one SQLite file in WAL mode (readers never wait for the writer), the
// schema migrated to the newest version when opened, every commit synced (synchronous=FULL) so an
// acknowledged write survives a killed process and a lost power supply.
#include <filesystem>
#include <memory>

#include "caravan/storage/register_store.h"

namespace caravan::storage {

// Opens (creating when missing) the database at `path` (":memory:" for tests: one connection, so
// one unit of work at a time) and migrates it. Throws registry::store_error naming the file when it
// cannot be opened, is not a Caravan register, or is newer than this program.
// The store is the register's and the cases' (register_store.h).
std::unique_ptr<register_store> open_sqlite_store(std::filesystem::path const& path);

}  // namespace caravan::storage
