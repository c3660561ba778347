#pragma once
// Verifying a timetable's columns before anything reads them (like FlatBuffers' verifier): a snapshot
// whose checksum is right may still have been crafted, and the routing engine, the departures board and
// the stop search index arrays with what the columns hold.
#include <string>
#include <string_view>

#include "caravan/timetable/columns.h"
#include "caravan/timetable/timetable.h"

namespace caravan::tt {

// Run on every load (and by write_timetable before it writes): every stored index lies inside what it
// indexes (stop, route, trip, pattern, agency, service, time zone, crossing, road link, string), every
// string inside the string pool, every first + count range inside its column, every offset array starts
// at 0, never decreases and ends at the size of its column, each pattern's trips and stop-time block are
// the next ones in order and its stops at least two, times lie in [0, 256 days) and never go backwards
// along a trip, each pattern's max_days is its latest arrival's day, durations lie in [0, 30 days],
// enumerations in range, positions are finite, n_days and bitfield_words agree, every time zone name is
// in the time zone database. Linear in the size of
// the timetable. Throws data_error naming `file`, the column and the record:
// "FILE: LEAD: column stop_times, record 123: ...".
void verify_columns(timetable_columns<mapped_column> const& c,
                    timetable_scalars const& s,
                    std::string const& file,
                    std::string_view lead = "not a valid Caravan timetable");

// The deep checks of `caravan info --verify`, on a loaded (so already verified) timetable: what makes
// answers right rather than what keeps reads in bounds. The id indexes are permutations sorted by id;
// the patterns at each stop, the footpaths by target and the road links by target are exactly what the
// patterns, footpaths and links they mirror say; sorted columns are sorted (transfers, stay-seated
// pairs, translations, each crossing's closed dates); no trip overtakes the one before it in its
// pattern; every time zone name is in the time zone
// database. Throws data_error like verify_columns; returns a one-line summary of what was checked.
std::string verify_deep(timetable const& tt, std::string const& file);

}  // namespace caravan::tt
