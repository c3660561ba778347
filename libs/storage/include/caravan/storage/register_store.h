#pragma once
// What the storage adapters open: the register's store and the cases' on one database (cases/store.h),
// so a caller holding it writes either through one connection pool, the same transactions and locks.
#include "caravan/cases/store.h"
#include "caravan/registry/store.h"

namespace caravan::storage {

class register_store : public registry::store, public cases::case_store {};

}  // namespace caravan::storage
