#pragma once
// The state of one GTFS import, shared by the loader's files. load.cc runs the steps declared at the end
// in order; each load_<file>.cc reads one GTFS file (or the few that belong together) into the timetable
// builder and into the id maps that later files look their references up in. Internal to libs/gtfs:
// GTFS row types never leave src/.
#include <array>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "caravan/base/error.h"
#include "caravan/base/progress.h"
#include "caravan/base/text.h"
#include "caravan/csv/reader.h"
#include "caravan/gtfs/load.h"
#include "caravan/gtfs/report.h"
#include "caravan/gtfs/source.h"
#include "caravan/timetable/builder.h"

namespace caravan::gtfs::detail {

struct string_hash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
// GTFS id -> T, looked up by string_view.
template <typename T>
using string_map = std::unordered_map<std::string, T, string_hash, std::equal_to<>>;

template <typename T>
T const* find(string_map<T> const& m, std::string_view key) {
  auto const it = m.find(key);
  return it == m.end() ? nullptr : &it->second;
}

constexpr std::int32_t kNoTime = std::numeric_limits<std::int32_t>::min();
constexpr std::int32_t kMaxTripSeconds = 30 * tt::kSecondsPerDay;

// calendar.txt and calendar_dates.txt: the days of one service_id.
struct service {
  std::uint8_t weekdays_{0};  // bit 0 = Monday
  std::int32_t start_{0}, end_{-1};
  std::vector<std::pair<std::int32_t, bool>> exceptions_;  // date, added
  tt::bitfield_idx bits_{tt::bitfield_idx::invalid()};
};

// routes.txt: what a trip takes from its route.
struct route_info {
  tt::route_idx idx_;
  tt::tz_idx tz_;
  tt::mode mode_;
};

// trips.txt: one trip, until its stop times are known.
struct trip_info {
  tt::trip_record record_{};
  tt::tz_idx tz_;
  tt::mode mode_{tt::mode::kOther};
  source_location where_;
  std::vector<tt::input_trip_idx> inputs_;  // what this trip became: one, or one per frequency run
  bool bad_{false};
};

// stop_times.txt: one row, kept as plain numbers until the trips are put together.
struct stop_time_row {
  std::uint32_t trip_;
  std::uint32_t stop_;
  std::int64_t seq_;
  std::int32_t arr_, dep_;
  float dist_;
  std::uint8_t pickup_, drop_off_;
  std::uint64_t line_;
};

// frequencies.txt: one row.
struct frequency {
  std::int32_t start_, end_, headway_;
  bool exact_;
};

struct import_state {
  import_state(feed_source const& feed, load_options const& opt, progress& p, import_report& r)
      : feed_{feed}, opt_{opt}, p_{p}, r_{r} {}

  // Opens a file. A missing required file is an error; a missing optional one returns nullptr. Notes
  // unknown columns in the report.
  std::unique_ptr<csv::reader> open(std::string const& name, bool required);
  // The column's index; data_error if the file has no such column.
  int require(csv::reader const& csv, std::string_view column) const;
  // The columns monday ... sunday, all required.
  std::array<int, 7> require_weekdays(csv::reader const& csv) const;

  // Reads every row of `csv`, counting rows and showing progress for large files.
  template <typename F>
  void each_row(csv::reader& csv, F&& f) {
    auto const big = csv.total_bytes() > (std::uint64_t{16} << 20U);
    if (big) {
      p_.start(fmt::format("reading {}", csv.file_name()), csv.total_bytes());
    }
    std::uint64_t n = 0;
    while (csv.next()) {
      ++n;
      f();
      if (big && (n & 0xFFFFU) == 0) {
        p_.update(csv.bytes_read());
      }
    }
    if (big) {
      p_.update(csv.bytes_read());
      p_.finish();
    }
    r_.rows_[csv.file_name()] += n;
  }

  // Whether `id` (column `col` of the current row) is in `ids` already; if so, warns that this
  // `what` is defined twice and the first is used.
  template <typename T>
  bool defined_before(string_map<T> const& ids, std::string_view id, csv::reader const& csv, int col,
                      std::string_view what) {
    if (!ids.contains(id)) {
      return false;
    }
    r_.warn("duplicate id", csv.where(col), fmt::format("{} `{}` is defined twice; the first is used", what, id));
    return true;
  }

  // The date YYYYMMDD in column `col`; else a warning that ends with `consequence` ("row skipped").
  std::optional<std::int32_t> read_date(csv::reader const& csv, int col, std::string_view consequence);

  // The time zone by IANA name, added to the builder on first use. Unknown: data_error if required,
  // else invalid.
  tt::tz_idx timezone(std::string_view name, source_location const& where, bool required);

  // Caravan's `confidence` column: exact, estimated or empty; anything else is warned about and unstated.
  tt::confidence read_confidence(csv::reader const& csv, int c);

  std::string_view str(tt::string_idx s) const { return b_->str(s); }

  feed_source const& feed_;
  load_options const& opt_;
  progress& p_;
  import_report& r_;
  std::unique_ptr<tt::timetable_builder> b_;  // made once the service period is known
  std::int32_t first_day_{0};
  std::uint32_t n_days_{0};
  tt::tz_idx feed_tz_;  // the first agency's
  string_map<tt::tz_idx> tz_cache_;
  string_map<service> services_;
  string_map<std::pair<tt::agency_idx, tt::tz_idx>> agencies_;
  string_map<tt::stop_idx> stops_;
  string_map<route_info> routes_;
  string_map<std::uint32_t> trip_ids_;  // trip_id -> index in trips_
  std::vector<trip_info> trips_;
  std::vector<stop_time_row> rows_;  // stop_times.txt, in file order
  std::unordered_map<std::uint32_t, std::vector<frequency>> frequencies_;  // index in trips_ -> rows
  std::uint64_t interpolated_{0};  // gaps in stop times filled in
};

// The steps, in the order load() runs them.
// import_state.cc: which files there are.
void check_required_files(import_state const& st);
void note_files(import_state& st);
// load_calendar.cc: calendar.txt, calendar_dates.txt -> services_, the service period; then the builder
// and each service's days.
void read_services(import_state& st);
void make_builder(import_state& st);
// load_agency.cc, load_stops.cc, load_routes.cc, load_trips.cc: agency.txt, stops.txt, routes.txt,
// trips.txt -> the builder and the id maps.
void read_agencies(import_state& st);
void read_stops(import_state& st);
void read_routes(import_state& st);
void read_trips(import_state& st);
// load_stop_times.cc, load_frequencies.cc: stop_times.txt -> rows_, frequencies.txt -> frequencies_.
void read_stop_times(import_state& st);
void read_frequencies(import_state& st);
// assemble_trips.cc: each trip's stop times sorted, gaps filled, checked, and the trip (or one per
// frequency run) added to the builder.
void add_trips(import_state& st);
// load_transfers.cc: transfers.txt.
void read_transfers(import_state& st);
// load_border_crossings.cc, load_road_links.cc: Caravan's extension files for roads no timetable covers.
string_map<tt::crossing_idx> read_border_crossings(import_state& st);
void read_road_links(import_state& st, string_map<tt::crossing_idx> const& crossings);
// load_feed_info.cc, load_translations.cc.
void read_feed_info(import_state& st);
void read_translations(import_state& st);

}  // namespace caravan::gtfs::detail
