#pragma once
// The register on PostgreSQL, for deployments that outgrow one machine: several `caravan serve`
// processes share one database. Writes are serialised by a transaction-scoped advisory lock, so the
// audit chain stays one line across processes; reads run side by side (and may go to a replica).
#include <memory>
#include <string>

#include "caravan/storage/register_store.h"

namespace caravan::storage {

// `conninfo`: libpq's connection string ("host=/tmp/pg port=5433 dbname=caravan user=caravan"). Opens
// up to `connections` connections as they are needed and migrates the schema. Throws
// registry::store_error when the server cannot be reached (the message names host and database, never a
// password) or its schema is newer than this program. The store is the register's and the cases'
// (register_store.h).
std::unique_ptr<register_store> open_postgres_store(std::string const& conninfo, int connections = 4);

// A read replica for the public lookup (docs/deployment.md): nothing is migrated or written. Every
// transaction is read-only (a hot standby refuses writes anyway; on a writable database this keeps it
// so), and write() and write_cases() throw registry::store_error. Throws registry::store_error, as
// above, and when the database's schema version is not this program's (a standby still catching up, or
// the wrong database).
std::unique_ptr<register_store> open_postgres_replica(std::string const& conninfo, int connections = 4);

}  // namespace caravan::storage
