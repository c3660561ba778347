#pragma once
// The snapshot file (docs/timetable-format.md): a header with magic, format version and an XXH3
// checksum of everything after it, a table of columns, and the columns, each 64-byte aligned so the
// file can be memory-mapped and used in place.
#include <cstdint>
#include <filesystem>

#include "caravan/timetable/columns.h"

namespace caravan::tt {

constexpr char kMagic[8] = {'C', 'A', 'R', 'A', 'V', 'A', 'N', 'T'};
constexpr std::uint32_t kFormatVersion = 3;  // 2: road links and border crossings; 3: source and confidence of routes and trips

// Writes atomically: a temporary file beside `path` is written, flushed and renamed over it, so a
// failure never leaves a half-written or corrupt file where a good one stood.
void write_timetable(timetable_data const& data, std::filesystem::path const& path);

}  // namespace caravan::tt
