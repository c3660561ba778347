#pragma once
// The entries a journey or a tour makes and each traveller's verdict, as indented lines under it: what
// `caravan route --traveller` and `caravan tour` print.
#include <string>
#include <vector>

#include "caravan/planner/entry.h"
#include "caravan/rules/check.h"

namespace caravan::cli {

std::string describe_entry(planner::entry_check const& e, std::vector<rules::traveller> const& travellers);

}  // namespace caravan::cli
