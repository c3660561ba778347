#include "caravan/planner/error.h"

namespace caravan::planner {

query_error::query_error(std::string field, std::string const& message)
    : std::runtime_error{message}, field_{std::move(field)} {}

}  // namespace caravan::planner
