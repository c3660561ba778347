#pragma once
// The register's schema, one step per version, for each database (docs/register.md). A step is
// applied once, in order, in the same transaction as its row in schema_migrations; released steps
// never change: a new version is a new step at the end.
#include <vector>

namespace caravan::storage {

std::vector<char const*> const& sqlite_migrations();
std::vector<char const*> const& postgres_migrations();

}  // namespace caravan::storage
