#pragma once
// Which store holds the register: `--register` (or $CARAVAN_REGISTER) names a SQLite file, or a
// PostgreSQL database by URI ("postgresql://...") or libpq keywords ("host=... dbname=...").
#include <memory>
#include <string>

#include "caravan/registry/secrets.h"
#include "caravan/registry/store.h"

namespace caravan::cli {

// `create`: a SQLite file that does not exist is made (serve, admin create); else it is an error.
std::unique_ptr<registry::store> open_register(std::string const& where, bool create = true);
// `--register-replica`: a PostgreSQL database, opened read-only for the public lookup; anything else
// (a SQLite file has no replicas) is refused.
std::unique_ptr<registry::store> open_register_replica(std::string const& where);
// The register given, else $CARAVAN_REGISTER, else "" (none).
std::string register_location(std::string const& given);

// Whether `where` names a PostgreSQL database (else a SQLite file).
bool is_postgres(std::string const& where);

// The key file for the register's personal data: `given`, else $CARAVAN_REGISTER_KEYS, else next to a
// SQLite register ("<file>.keys"); "" for PostgreSQL without one (manifests are then refused).
std::string keys_location(std::string const& given, std::string const& register_at);
// A secret's file (keys, a webhook's secret), refused when others may read it; throws std::runtime_error
// naming the file and `what` it holds, never its content.
std::string read_secret_file(std::string const& path, std::string const& what);
// The ring in `path`; with `create`, a missing file is made with one new key, readable by its owner
// only. Throws std::runtime_error naming the file (never a key).
registry::key_ring load_keys(std::string const& path, bool create);
// Writes the ring to `path` whole or not at all (a temporary file renamed over it), owner-only.
void save_keys(std::string const& path, registry::key_ring const& ring);

}  // namespace caravan::cli
