#pragma once
// Which store holds the register: `--register` (or $CARAVAN_REGISTER) names a SQLite file, or a
// PostgreSQL database by URI ("postgresql://...") or libpq keywords ("host=... dbname=...").
#include <memory>
#include <string>

#include "caravan/registry/store.h"

namespace caravan::cli {

// `create`: a SQLite file that does not exist is made (serve, admin create); else it is an error.
std::unique_ptr<registry::store> open_register(std::string const& where, bool create = true);
// `--register-replica`: a PostgreSQL database, opened read-only for the public lookup; anything else
// (a SQLite file has no replicas) is refused.
std::unique_ptr<registry::store> open_register_replica(std::string const& where);
// The register given, else $CARAVAN_REGISTER, else "" (none).
std::string register_location(std::string const& given);

}  // namespace caravan::cli
