#pragma once
// Levenshtein distance over code points. Internal: the stop search bounds its fuzzy matching its own way
// (stop_search.cc); this is the plain definition its tests check that search against.
#include <cstddef>
#include <string_view>

namespace caravan::planner {

std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace caravan::planner
