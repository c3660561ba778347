#include "import_state.h"

#include <map>
#include <set>
#include <span>

#include <date/tz.h>
#include <fmt/ranges.h>

namespace caravan::gtfs::detail {

using namespace caravan::tt;

namespace {

std::set<std::string, std::less<>> const kUsedFiles = {
    "agency.txt", "stops.txt",     "routes.txt",    "trips.txt",  "stop_times.txt",  "calendar.txt",
    "calendar_dates.txt", "frequencies.txt", "transfers.txt", "feed_info.txt", "translations.txt",
    // Caravan's extension for roads that no timetable covers (docs/gtfs-import.md).
    "caravan_border_crossings.txt", "caravan_border_closures.txt", "caravan_road_links.txt"};
std::set<std::string, std::less<>> const kOtherGtfsFiles = {
    "shapes.txt",        "fare_attributes.txt",  "fare_rules.txt",          "fare_media.txt",
    "fare_products.txt", "fare_leg_rules.txt",   "fare_leg_join_rules.txt", "fare_transfer_rules.txt",
    "areas.txt",         "stop_areas.txt",       "networks.txt",            "route_networks.txt",
    "timeframes.txt",    "rider_categories.txt", "location_groups.txt",     "location_group_stops.txt",
    "locations.geojson", "booking_rules.txt",    "pathways.txt",            "levels.txt",
    "attributions.txt"};
std::map<std::string, std::set<std::string>, std::less<>> const kKnownColumns = {
    {"agency.txt", {"agency_id", "agency_name", "agency_url", "agency_timezone", "agency_lang", "agency_phone",
                    "agency_fare_url", "agency_email", "cemv_support"}},
    {"stops.txt", {"stop_id", "stop_code", "stop_name", "tts_stop_name", "stop_desc", "stop_lat", "stop_lon", "zone_id",
                   "stop_url", "location_type", "parent_station", "stop_timezone", "wheelchair_boarding", "level_id",
                   "platform_code", "stop_access"}},
    {"routes.txt", {"route_id", "agency_id", "route_short_name", "route_long_name", "route_desc", "route_type",
                    "route_url", "route_color", "route_text_color", "route_sort_order", "continuous_pickup",
                    "continuous_drop_off", "network_id", "cemv_support", "source", "confidence"}},
    {"trips.txt", {"route_id", "service_id", "trip_id", "trip_headsign", "trip_short_name", "direction_id", "block_id",
                   "shape_id", "wheelchair_accessible", "bikes_allowed", "cars_allowed", "source", "confidence"}},
    {"stop_times.txt", {"trip_id", "arrival_time", "departure_time", "stop_id", "location_group_id", "location_id",
                        "stop_sequence", "stop_headsign", "start_pickup_drop_off_window",
                        "end_pickup_drop_off_window", "pickup_type", "drop_off_type", "continuous_pickup",
                        "continuous_drop_off", "shape_dist_traveled", "timepoint", "pickup_booking_rule_id",
                        "drop_off_booking_rule_id"}},
    {"calendar.txt", {"service_id", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                      "start_date", "end_date"}},
    {"calendar_dates.txt", {"service_id", "date", "exception_type"}},
    {"frequencies.txt", {"trip_id", "start_time", "end_time", "headway_secs", "exact_times"}},
    {"caravan_border_crossings.txt", {"crossing_id", "crossing_name", "crossing_timezone", "monday", "tuesday",
                                      "wednesday", "thursday", "friday", "saturday", "sunday", "formalities_time",
                                      "crossing_lat", "crossing_lon", "source", "confidence"}},
    {"caravan_border_closures.txt", {"crossing_id", "date", "reason", "source", "confidence"}},
    {"caravan_road_links.txt", {"link_id", "from_stop_id", "to_stop_id", "road_mode", "travel_time", "crossing_id",
                                "time_to_crossing", "estimated", "source"}},
    {"transfers.txt", {"from_stop_id", "to_stop_id", "from_route_id", "to_route_id", "from_trip_id", "to_trip_id",
                       "transfer_type", "min_transfer_time"}},
    {"feed_info.txt", {"feed_publisher_name", "feed_publisher_url", "feed_lang", "default_lang", "feed_start_date",
                       "feed_end_date", "feed_version", "feed_contact_email", "feed_contact_url",
                       // Caravan extension columns (docs/gtfs-import.md): kept in the snapshot metadata.
                       "caravan_dataset_name", "caravan_source_dates"}},
    {"translations.txt", {"table_name", "field_name", "language", "translation", "record_id", "record_sub_id",
                          "field_value"}},
};


}  // namespace

// Opens a file. A missing required file is an error; a missing optional one returns nullptr.
std::unique_ptr<csv::reader> import_state::open(std::string const& name, bool required) {
  auto stream = feed_.open(name);
  if (stream == nullptr) {
    if (required) {
      throw data_error{{name}, "required file is missing"};
    }
    return nullptr;
  }
  auto csv = std::make_unique<csv::reader>(std::move(stream), name, r_);
  if (csv->header().empty()) {
    if (required) {
      throw data_error{{name}, "required file is empty (no header row)"};
    }
    r_.warn("empty file", {name}, "the file is empty and was ignored");
    return nullptr;
  }
  if (auto const known = kKnownColumns.find(name); known != kKnownColumns.end()) {
    for (auto const& col : csv->header()) {
      if (!known->second.contains(col)) {
        r_.note(fmt::format("{}: unknown column `{}` ignored", name, col));
      }
    }
  }
  return csv;
}

int import_state::require(csv::reader const& csv, std::string_view column) const {
  auto const c = csv.column(column);
  if (c < 0) {
    throw data_error{{csv.file_name(), 1}, fmt::format("required column `{}` is missing", column)};
  }
  return c;
}

std::array<int, 7> import_state::require_weekdays(csv::reader const& csv) const {
  static constexpr char const* kDays[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  std::array<int, 7> columns{};
  for (std::size_t i = 0; i != columns.size(); ++i) {
    columns[i] = require(csv, kDays[i]);
  }
  return columns;
}

std::optional<std::int32_t> import_state::read_date(csv::reader const& csv, int col, std::string_view consequence) {
  auto const d = parse_gtfs_date(csv.field(col));
  if (!d) {
    r_.warn("bad date", csv.where(col), fmt::format("`{}` is not a date YYYYMMDD; {}", csv.field(col), consequence));
  }
  return d;
}

tz_idx import_state::timezone(std::string_view name, source_location const& where, bool required) {
  if (auto const* z = find(tz_cache_, name)) {
    return *z;
  }
  try {
    (void)date::locate_zone(std::string{name});
  } catch (std::exception const&) {
    if (required) {
      throw data_error{where, fmt::format("unknown time zone `{}` (not in the tz database)", name)};
    }
    return tz_idx::invalid();
  }
  auto const z = b_->add_timezone(name);
  tz_cache_.emplace(std::string{name}, z);
  return z;
}

// Caravan's `confidence` column: exact, estimated or empty; anything else is warned about and unstated.
confidence import_state::read_confidence(csv::reader const& csv, int c) {
  auto const v = csv.field(c);
  if (v.empty()) {
    return confidence::kUnstated;
  }
  if (v == "exact") {
    return confidence::kExact;
  }
  if (v == "estimated") {
    return confidence::kEstimated;
  }
  r_.warn("bad confidence", csv.where(c), fmt::format("`{}` is neither `exact` nor `estimated`; ignored", v));
  return confidence::kUnstated;
}

// All missing required files in one message, before any reading: a folder that is not a GTFS feed at
// all (a KML export, a pathways-only feed) is told so, not that its calendar is missing.
void check_required_files(import_state const& st) {
  std::vector<std::string_view> missing;
  for (auto const* name : {"agency.txt", "stops.txt", "routes.txt", "trips.txt", "stop_times.txt"}) {
    if (!st.feed_.has(name)) {
      missing.emplace_back(name);
    }
  }
  if (!missing.empty()) {
    throw data_error{{std::string{missing.front()}},
                     missing.size() == 1 ? std::string{"required file is missing"}
                                         : fmt::format("required file is missing (so are {})",
                                                       fmt::join(std::span{missing}.subspan(1), ", "))};
  }
}

void note_files(import_state& st) {
  for (auto const& f : st.feed_.files()) {
    if (kUsedFiles.contains(f)) {
      continue;
    }
    if (kOtherGtfsFiles.contains(f)) {
      st.r_.note(fmt::format("{} is not used by Caravan yet: ignored", f));
    } else {
      st.r_.note(fmt::format("unknown file {} ignored", f));
    }
  }
}

}  // namespace caravan::gtfs::detail
