#pragma once
// Levenshtein distance over code points: the plain definition. The stop search bounds its fuzzy matching
// its own way (stop_search.cc) and its tests check it against this; suggestions for mistyped ids (the
// tours' site ids) use it as it is.
#include <cstddef>
#include <string_view>

namespace caravan::planner {

std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace caravan::planner
