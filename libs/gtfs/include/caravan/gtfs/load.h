#pragma once
// GTFS feed -> timetable. Structural problems (a required file or column missing, a file that is not
// text, an unknown time zone) are errors: data_error naming file, line and column. Problems confined to
// rows (a bad date, an undefined stop, a trip whose times go backwards) are warnings: the row, or the
// trip it belongs to, is skipped and the report says so. docs/gtfs-import.md lists every case.
#include <cstdint>

#include "caravan/base/progress.h"
#include "caravan/gtfs/report.h"
#include "caravan/gtfs/source.h"
#include "caravan/timetable/builder.h"

namespace caravan::gtfs {

struct load_options {
  tt::footpath_options footpaths_;
  // Service days beyond this many after the first are dropped (with a warning): a calendar that runs
  // to 2099 should not make every bitfield decades long.
  std::uint32_t max_days_{25U * 366U};
};

struct load_result {
  tt::timetable_data data_;
  import_report report_;
};

load_result load(feed_source const& feed, load_options const& opt, progress& p);

// Parsers for GTFS values, exposed for tests. Times: H:MM:SS or HH:MM:SS, hours unbounded
// ("81:30:00"); dates: YYYYMMDD with a year from 1900 to 2200. Return std::nullopt when malformed.
std::optional<std::int32_t> parse_gtfs_time(std::string_view s);
std::optional<std::int32_t> parse_gtfs_date(std::string_view s);  // days since 1970-01-01

}  // namespace caravan::gtfs
