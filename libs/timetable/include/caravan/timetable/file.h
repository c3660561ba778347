#pragma once
// The snapshot file (docs/timetable-format.md): a header with magic, format version and an XXH3
// checksum of the whole file, a table of columns, and the columns, each 64-byte aligned. Loading reads
// the whole file into memory and verifies it (timetable::load, verify.h).
#include <cstdint>
#include <filesystem>

#include "caravan/timetable/columns.h"

namespace caravan::tt {

constexpr char kMagic[8] = {'C', 'A', 'R', 'A', 'V', 'A', 'N', 'T'};
// 2: road links and border crossings; 3: source and confidence of routes and trips; 4: the checksum
// covers the whole file, header included (with the checksum field read as zero), not only what follows
// the header, so a changed first_day or bitfield_words no longer passes; 5: border crossings' position
// and confidence, and the reason of each closed date (crossing_closure_reasons).
constexpr std::uint32_t kFormatVersion = 5;

// Writes atomically: a temporary file `path.tmp.PID` beside `path` is written, flushed and renamed over
// it, so a failure never leaves a half-written or corrupt file where a good one stood. Before that:
// refuses data that would not load (verify_columns), and a `path` that exists but is not a regular file
// (a folder, a device such as /dev/null, a FIFO or a socket); removes temporaries `path.tmp.PID` left by
// writers that no longer run (killed imports). Throws data_error naming the file.
void write_timetable(timetable_data const& data, std::filesystem::path const& path);

// Throws data_error naming `path` when something that is not a regular file stands there (a folder, a
// device such as /dev/null, a FIFO, a socket): a snapshot must not replace it. Nothing there is fine.
void check_snapshot_target(std::filesystem::path const& path);

// The temporaries `path.tmp.PID` beside `path` whose process no longer runs (kill(PID, 0) says there is
// no such process), removed; returns how many. write_timetable calls it first.
std::size_t remove_stale_temporaries(std::filesystem::path const& path);

}  // namespace caravan::tt
