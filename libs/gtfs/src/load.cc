#include "caravan/gtfs/load.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <span>
#include <unordered_map>

#include <date/date.h>
#include <date/tz.h>

#include "caravan/base/error.h"
#include "caravan/base/text.h"
#include "caravan/csv/reader.h"

namespace caravan::gtfs {

std::optional<std::int32_t> parse_gtfs_time(std::string_view s) {
  auto const c1 = s.find(':');
  if (c1 == std::string_view::npos || c1 == 0 || c1 > 6 || s.size() != c1 + 6 || s[c1 + 3] != ':') {
    return std::nullopt;
  }
  auto const digits = [](std::string_view d) {
    return !d.empty() && std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  auto const h = s.substr(0, c1);
  auto const m = s.substr(c1 + 1, 2);
  auto const sec = s.substr(c1 + 4, 2);
  if (!digits(h) || !digits(m) || !digits(sec)) {
    return std::nullopt;
  }
  auto const hv = *parse_int(h);
  auto const mv = *parse_int(m);
  auto const sv = *parse_int(sec);
  if (mv > 59 || sv > 59) {
    return std::nullopt;
  }
  return static_cast<std::int32_t>(hv * 3600 + mv * 60 + sv);
}

std::optional<std::int32_t> parse_gtfs_date(std::string_view s) {
  if (s.size() != 8 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  auto const y = static_cast<int>(*parse_int(s.substr(0, 4)));
  auto const m = static_cast<unsigned>(*parse_int(s.substr(4, 2)));
  auto const d = static_cast<unsigned>(*parse_int(s.substr(6, 2)));
  date::year_month_day const ymd{date::year{y}, date::month{m}, date::day{d}};
  if (!ymd.ok() || y < 1900 || y > 2200) {
    return std::nullopt;
  }
  return static_cast<std::int32_t>(date::sys_days{ymd}.time_since_epoch().count());
}

namespace {

using namespace caravan::tt;

struct string_hash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <typename T>
using string_map = std::unordered_map<std::string, T, string_hash, std::equal_to<>>;

template <typename T>
T const* find(string_map<T> const& m, std::string_view key) {
  auto const it = m.find(key);
  return it == m.end() ? nullptr : &it->second;
}

constexpr std::int32_t kNoTime = std::numeric_limits<std::int32_t>::min();
constexpr std::int32_t kMaxTripSeconds = 30 * kSecondsPerDay;
// One frequencies.txt row expands to at most this many trips (a 10-second headway all day is 8,640):
// a 1-second headway over days would otherwise turn a few bytes into millions of trips.
constexpr std::uint32_t kMaxFrequencyRuns = 10'000;

struct service {
  std::uint8_t weekdays_{0};  // bit 0 = Monday
  std::int32_t start_{0}, end_{-1};
  std::vector<std::pair<std::int32_t, bool>> exceptions_;  // date, added
  bitfield_idx bits_{bitfield_idx::invalid()};
};

struct trip_info {
  trip_record record_{};
  tz_idx tz_;
  mode mode_{mode::kOther};
  source_location where_;
  std::vector<input_trip_idx> inputs_;  // what this trip became: one, or one per frequency run
  bool bad_{false};
};

struct stop_time_row {
  std::uint32_t trip_;
  std::uint32_t stop_;
  std::int64_t seq_;
  std::int32_t arr_, dep_;
  float dist_;
  std::uint8_t pickup_, drop_off_;
  std::uint64_t line_;
};

struct frequency {
  std::int32_t start_, end_, headway_;
  bool exact_;
};

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
                                      "crossing_lat", "crossing_lon", "source"}},
    {"caravan_border_closures.txt", {"crossing_id", "date", "reason", "source"}},
    {"caravan_road_links.txt", {"link_id", "from_stop_id", "to_stop_id", "road_mode", "travel_time", "crossing_id",
                                "time_to_crossing", "estimated", "source"}},
    {"transfers.txt", {"from_stop_id", "to_stop_id", "from_route_id", "to_route_id", "from_trip_id", "to_trip_id",
                       "transfer_type", "min_transfer_time"}},
    {"feed_info.txt", {"feed_publisher_name", "feed_publisher_url", "feed_lang", "default_lang", "feed_start_date",
                       "feed_end_date", "feed_version", "feed_contact_email", "feed_contact_url"}},
    {"translations.txt", {"table_name", "field_name", "language", "translation", "record_id", "record_sub_id",
                          "field_value"}},
};

class loader {
 public:
  loader(feed_source const& feed, load_options const& opt, progress& p, import_report& r)
      : feed_{feed}, opt_{opt}, p_{p}, r_{r} {}

  timetable_data run() {
    check_required_files();
    note_files();
    read_services();
    make_builder();
    read_agencies();
    read_stops();
    read_routes();
    read_trips();
    read_stop_times();
    read_frequencies();
    add_trips();
    if (b_->n_trips() == 0) {
      // An empty snapshot would replace a good one with nothing to route on.
      std::string why;
      for (auto const& [kind, w] : r_.warnings_) {
        why += fmt::format("{}{} ({}, e.g. {})", why.empty() ? "" : "; ", kind, w.count_, w.examples_.empty() ? "" : w.examples_.front());
      }
      throw data_error{{"stop_times.txt"}, fmt::format("no trip could be imported: {} in trips.txt, all skipped; warnings: {}",
                                                       trips_.size(), why.empty() ? "none" : why)};
    }
    read_transfers();
    read_road_links();
    read_feed_info();
    read_translations();
    b_->add_meta("source", feed_.description());
    build_stats stats;
    auto data = b_->finish(opt_.footpaths_, p_, stats);
    r_.counts_["agencies"] = data.columns_.agencies_.size();
    r_.counts_["stops"] = data.columns_.stops_.size();
    r_.counts_["routes"] = data.columns_.routes_.size();
    r_.counts_["trips"] = data.columns_.trips_.size();
    r_.counts_["stop times"] = data.columns_.stop_times_.size();
    r_.counts_["patterns"] = data.columns_.patterns_.size();
    r_.counts_["footpaths"] = data.columns_.footpaths_out_.size();
    r_.counts_["service days"] = data.scalars_.n_days_;
    if (stats.n_overtaking_splits_ != 0) {
      r_.note(fmt::format("{} patterns were split because a trip overtakes another", stats.n_overtaking_splits_));
    }
    return data;
  }

 private:
  // All missing required files in one message, before any reading: a folder that is not a GTFS feed at
  // all (a KML export, a pathways-only feed) is told so, not that its calendar is missing.
  void check_required_files() const {
    std::vector<std::string_view> missing;
    for (auto const* name : {"agency.txt", "stops.txt", "routes.txt", "trips.txt", "stop_times.txt"}) {
      if (!feed_.has(name)) {
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

  // Opens a file. A missing required file is an error; a missing optional one returns nullptr.
  std::unique_ptr<csv::reader> open(std::string const& name, bool required) {
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

  int require(csv::reader const& csv, std::string_view column) {
    auto const c = csv.column(column);
    if (c < 0) {
      throw data_error{{csv.file_name(), 1}, fmt::format("required column `{}` is missing", column)};
    }
    return c;
  }

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

  void note_files() {
    for (auto const& f : feed_.files()) {
      if (kUsedFiles.contains(f)) {
        continue;
      }
      if (kOtherGtfsFiles.contains(f)) {
        r_.note(fmt::format("{} is not used by Caravan yet: ignored", f));
      } else {
        r_.note(fmt::format("unknown file {} ignored", f));
      }
    }
  }

  // --- calendar.txt, calendar_dates.txt -> service days ---
  void read_services() {
    auto cal = open("calendar.txt", false);
    auto dates = open("calendar_dates.txt", false);
    if (cal == nullptr && dates == nullptr) {
      throw data_error{{"calendar.txt"}, "neither calendar.txt nor calendar_dates.txt is present: no service days"};
    }
    static constexpr char const* kDays[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
    if (cal != nullptr) {
      auto const c_id = require(*cal, "service_id");
      int c_day[7];
      for (int i = 0; i != 7; ++i) {
        c_day[i] = require(*cal, kDays[i]);
      }
      auto const c_start = require(*cal, "start_date");
      auto const c_end = require(*cal, "end_date");
      each_row(*cal, [&] {
        auto const id = cal->field(c_id);
        service s;
        for (int i = 0; i != 7; ++i) {
          auto const v = cal->field(c_day[i]);
          if (v != "0" && v != "1") {
            r_.warn("bad weekday value", cal->where(c_day[i]), fmt::format("`{}` is not 0 or 1; service `{}` skipped", v, id));
            return;
          }
          s.weekdays_ |= static_cast<std::uint8_t>((v == "1" ? 1U : 0U) << static_cast<unsigned>(i));
        }
        auto const start = parse_gtfs_date(cal->field(c_start));
        auto const end = parse_gtfs_date(cal->field(c_end));
        if (!start || !end) {
          auto const col = !start ? c_start : c_end;
          r_.warn("bad date", cal->where(col), fmt::format("`{}` is not a date YYYYMMDD; service `{}` skipped", cal->field(col), id));
          return;
        }
        if (*end < *start) {
          r_.warn("bad date", cal->where(c_end), fmt::format("end_date is before start_date; service `{}` skipped", id));
          return;
        }
        s.start_ = *start;
        s.end_ = *end;
        auto const [it, inserted] = services_.try_emplace(std::string{id}, s);
        if (!inserted) {
          r_.warn("duplicate id", cal->where(c_id), fmt::format("service `{}` is defined twice; the first is used", id));
        }
        (void)it;
      });
    }
    if (dates != nullptr) {
      auto const c_id = require(*dates, "service_id");
      auto const c_date = require(*dates, "date");
      auto const c_type = require(*dates, "exception_type");
      each_row(*dates, [&] {
        auto const d = parse_gtfs_date(dates->field(c_date));
        if (!d) {
          r_.warn("bad date", dates->where(c_date), fmt::format("`{}` is not a date YYYYMMDD; row skipped", dates->field(c_date)));
          return;
        }
        auto const t = dates->field(c_type);
        if (t != "1" && t != "2") {
          r_.warn("bad exception_type", dates->where(c_type), fmt::format("`{}` is not 1 or 2; row skipped", t));
          return;
        }
        services_[std::string{dates->field(c_id)}].exceptions_.emplace_back(*d, t == "1");
      });
    }

    std::int32_t lo = std::numeric_limits<std::int32_t>::max();
    std::int32_t hi = std::numeric_limits<std::int32_t>::min();
    for (auto const& [_, s] : services_) {
      if (s.end_ >= s.start_ && s.weekdays_ != 0) {
        lo = std::min(lo, s.start_);
        hi = std::max(hi, s.end_);
      }
      for (auto const& [d, added] : s.exceptions_) {
        if (added) {
          lo = std::min(lo, d);
          hi = std::max(hi, d);
        }
      }
    }
    if (lo > hi) {
      throw data_error{{cal != nullptr ? "calendar.txt" : "calendar_dates.txt"}, "no valid service day in calendar.txt or calendar_dates.txt"};
    }
    first_day_ = lo;
    auto n = static_cast<std::uint32_t>(hi - lo + 1);
    if (n > opt_.max_days_) {
      r_.warn("service period too long", {"calendar.txt"},
              fmt::format("service runs {} days; only the first {} are kept", n, opt_.max_days_));
      n = opt_.max_days_;
    }
    n_days_ = n;
  }

  void make_builder() {
    b_ = std::make_unique<timetable_builder>(first_day_, n_days_);
    std::vector<std::uint64_t> words(b_->bitfield_words());
    std::uint64_t empty = 0;
    for (auto& [id, s] : services_) {
      std::fill(words.begin(), words.end(), 0U);
      auto const set = [&](std::int32_t d, bool on) {
        auto const i = static_cast<std::int64_t>(d) - first_day_;
        if (i < 0 || i >= n_days_) {
          return;
        }
        auto const bit = std::uint64_t{1} << (static_cast<std::uint64_t>(i) % 64U);
        auto& w = words[static_cast<std::size_t>(i) / 64U];
        w = on ? (w | bit) : (w & ~bit);
      };
      if (s.end_ >= s.start_) {
        for (auto d = s.start_; d <= s.end_; ++d) {
          // 1970-01-01 was a Thursday: weekday index with Monday = 0.
          auto const wd = static_cast<unsigned>(((d % 7) + 7 + 3) % 7);
          if ((s.weekdays_ & (1U << wd)) != 0U) {
            set(d, true);
          }
        }
      }
      for (auto const& [d, added] : s.exceptions_) {
        set(d, added);
      }
      if (std::all_of(words.begin(), words.end(), [](std::uint64_t w) { return w == 0U; })) {
        ++empty;
      }
      s.bits_ = b_->add_service(words);
    }
    if (empty != 0) {
      r_.note(fmt::format("{} services have no day of service", empty));
    }
  }

  tz_idx timezone(std::string_view name, source_location const& where, bool required) {
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

  // --- agency.txt ---
  void read_agencies() {
    auto csv = open("agency.txt", true);
    auto const c_id = csv->column("agency_id");
    auto const c_name = require(*csv, "agency_name");
    auto const c_url = csv->column("agency_url");
    auto const c_tz = require(*csv, "agency_timezone");
    auto const c_lang = csv->column("agency_lang");
    auto const c_phone = csv->column("agency_phone");
    each_row(*csv, [&] {
      auto const tz = timezone(csv->field(c_tz), csv->where(c_tz), true);
      agency_record a{};
      a.id_ = b_->intern(csv->field(c_id));
      a.name_ = b_->intern(csv->field(c_name));
      a.url_ = b_->intern(csv->field(c_url));
      a.phone_ = b_->intern(csv->field(c_phone));
      a.lang_ = b_->intern(csv->field(c_lang));
      a.tz_ = tz;
      if (agencies_.contains(csv->field(c_id))) {
        r_.warn("duplicate id", csv->where(c_id), fmt::format("agency `{}` is defined twice; the first is used", csv->field(c_id)));
        return;
      }
      if (!agencies_.empty() && tz != feed_tz_) {
        r_.warn("agencies in different time zones", csv->where(c_tz),
                "GTFS requires all agencies to share one time zone; each agency's own is used");
      }
      if (agencies_.empty()) {
        feed_tz_ = tz;
      }
      agencies_.emplace(std::string{csv->field(c_id)}, std::pair{b_->add_agency(a), tz});
    });
    if (agencies_.empty()) {
      throw data_error{{"agency.txt"}, "no agency: the feed's time zone is unknown"};
    }
    if (agencies_.size() > 1 && agencies_.contains("")) {
      r_.warn("agency without id", {"agency.txt", 0, static_cast<std::uint32_t>(c_id + 1)},
              "the feed has several agencies but one has no agency_id; routes without agency_id are given that one");
    }
  }

  // --- stops.txt ---
  void read_stops() {
    auto csv = open("stops.txt", true);
    auto const c_id = require(*csv, "stop_id");
    auto const c_name = csv->column("stop_name");
    auto const c_lat = csv->column("stop_lat");
    auto const c_lon = csv->column("stop_lon");
    auto const c_type = csv->column("location_type");
    auto const c_parent = csv->column("parent_station");
    auto const c_tz = csv->column("stop_timezone");
    auto const c_code = csv->column("stop_code");
    auto const c_desc = csv->column("stop_desc");
    auto const c_platform = csv->column("platform_code");
    auto const c_wheelchair = csv->column("wheelchair_boarding");
    std::vector<std::pair<stop_idx, std::pair<std::string, source_location>>> parents;
    each_row(*csv, [&] {
      auto const id = csv->field(c_id);
      if (id.empty()) {
        r_.warn("missing id", csv->where(c_id), "stop without stop_id skipped");
        return;
      }
      if (stops_.contains(id)) {
        r_.warn("duplicate id", csv->where(c_id), fmt::format("stop `{}` is defined twice; the first is used", id));
        return;
      }
      stop_record s{};
      s.id_ = b_->intern(id);
      s.name_ = b_->intern(csv->field(c_name));
      s.code_ = b_->intern(csv->field(c_code));
      s.desc_ = b_->intern(csv->field(c_desc));
      s.platform_code_ = b_->intern(csv->field(c_platform));
      s.parent_ = stop_idx::invalid();
      s.min_change_ = -1;
      auto const type = csv->field(c_type).empty() ? std::optional<std::int64_t>{0} : parse_int(csv->field(c_type));
      if (!type || *type < 0 || *type > 4) {
        r_.warn("bad location_type", csv->where(c_type), fmt::format("`{}` is not 0-4; read as 0 (stop)", csv->field(c_type)));
      }
      s.type_ = static_cast<location_type>(type && *type >= 0 && *type <= 4 ? *type : 0);
      auto const w = parse_int(csv->field(c_wheelchair));
      s.wheelchair_ = static_cast<std::uint8_t>(w && *w >= 0 && *w <= 2 ? *w : 0);
      auto const lat = parse_double(csv->field(c_lat));
      auto const lon = parse_double(csv->field(c_lon));
      if (lat && lon && std::abs(*lat) <= 90.0 && std::abs(*lon) <= 180.0) {
        s.pos_ = {*lat, *lon};
      } else if (s.type_ == location_type::kStop || s.type_ == location_type::kStation || s.type_ == location_type::kEntrance) {
        r_.warn("stop without a position", csv->where(lat ? c_lon : c_lat),
                fmt::format("stop `{}` has no valid stop_lat/stop_lon (`{}`, `{}`)", id, csv->field(c_lat), csv->field(c_lon)));
      }
      s.tz_ = tz_idx::invalid();
      if (auto const tz = csv->field(c_tz); !tz.empty()) {
        s.tz_ = timezone(tz, csv->where(c_tz), false);
        if (!s.tz_.valid()) {
          r_.warn("unknown time zone", csv->where(c_tz), fmt::format("stop_timezone `{}` is unknown; the feed's is used", tz));
        }
      }
      auto const idx = b_->add_stop(s);
      stops_.emplace(std::string{id}, idx);
      if (auto const parent = csv->field(c_parent); !parent.empty()) {
        parents.push_back({idx, {std::string{parent}, csv->where(c_parent)}});
      }
    });
    for (auto const& [s, pw] : parents) {
      auto const* parent = find(stops_, pw.first);
      if (parent == nullptr || *parent == s) {
        r_.warn("undefined parent station", pw.second, fmt::format("parent_station `{}` is not a stop; ignored", pw.first));
        continue;
      }
      b_->stop(s).parent_ = *parent;
    }
    // Time zones: the stop's own, else its station's, else the feed's.
    for (auto const s : indices<stop_idx>(b_->n_stops())) {
      auto& rec = b_->stop(s);
      if (!rec.tz_.valid()) {
        rec.tz_ = rec.parent_.valid() && b_->stop(rec.parent_).tz_.valid() ? b_->stop(rec.parent_).tz_ : feed_tz_;
      }
    }
  }

  // Caravan's `confidence` column: exact, estimated or empty; anything else is warned about and unstated.
  confidence read_confidence(csv::reader const& csv, int c) {
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

  // --- routes.txt ---
  void read_routes() {
    auto csv = open("routes.txt", true);
    auto const c_id = require(*csv, "route_id");
    auto const c_agency = csv->column("agency_id");
    auto const c_short = csv->column("route_short_name");
    auto const c_long = csv->column("route_long_name");
    auto const c_desc = csv->column("route_desc");
    auto const c_type = require(*csv, "route_type");
    auto const c_color = csv->column("route_color");
    auto const c_text_color = csv->column("route_text_color");
    auto const c_source = csv->column("source");
    auto const c_confidence = csv->column("confidence");
    each_row(*csv, [&] {
      auto const id = csv->field(c_id);
      if (routes_.contains(id)) {
        r_.warn("duplicate id", csv->where(c_id), fmt::format("route `{}` is defined twice; the first is used", id));
        return;
      }
      auto const type = parse_int(csv->field(c_type));
      if (!type || *type < 0 || *type > 1999) {
        r_.warn("bad route_type", csv->where(c_type), fmt::format("`{}` is not a GTFS route type; route `{}` skipped", csv->field(c_type), id));
        return;
      }
      auto const* agency = find(agencies_, csv->field(c_agency));
      if (agency == nullptr) {
        if (agencies_.size() == 1 && csv->field(c_agency).empty()) {
          agency = &agencies_.begin()->second;
        } else {
          r_.warn("undefined agency", csv->where(c_agency), fmt::format("agency `{}` is not in agency.txt; route `{}` skipped", csv->field(c_agency), id));
          return;
        }
      }
      if (csv->field(c_short).empty() && csv->field(c_long).empty()) {
        r_.warn("route without a name", csv->where(), fmt::format("route `{}` has neither short nor long name", id));
      }
      route_record r{};
      r.id_ = b_->intern(id);
      r.short_name_ = b_->intern(csv->field(c_short));
      r.long_name_ = b_->intern(csv->field(c_long));
      r.desc_ = b_->intern(csv->field(c_desc));
      r.color_ = b_->intern(csv->field(c_color));
      r.text_color_ = b_->intern(csv->field(c_text_color));
      r.agency_ = agency->first;
      r.route_type_ = static_cast<std::int32_t>(*type);
      r.source_ = b_->intern(csv->field(c_source));
      r.confidence_ = read_confidence(*csv, c_confidence);
      routes_.emplace(std::string{id}, route_info{b_->add_route(r), agency->second, mode_of_route_type(r.route_type_)});
    });
  }

  // --- trips.txt ---
  void read_trips() {
    auto csv = open("trips.txt", true);
    auto const c_route = require(*csv, "route_id");
    auto const c_service = require(*csv, "service_id");
    auto const c_id = require(*csv, "trip_id");
    auto const c_headsign = csv->column("trip_headsign");
    auto const c_short = csv->column("trip_short_name");
    auto const c_dir = csv->column("direction_id");
    auto const c_block = csv->column("block_id");
    auto const c_source = csv->column("source");
    auto const c_confidence = csv->column("confidence");
    each_row(*csv, [&] {
      auto const id = csv->field(c_id);
      if (trip_ids_.contains(id)) {
        r_.warn("duplicate id", csv->where(c_id), fmt::format("trip `{}` is defined twice; the first is used", id));
        return;
      }
      auto const* route = find(routes_, csv->field(c_route));
      if (route == nullptr) {
        r_.warn("undefined route", csv->where(c_route), fmt::format("route `{}` is not in routes.txt; trip `{}` skipped", csv->field(c_route), id));
        r_.skipped("trips of an undefined or skipped route");
        return;
      }
      auto const* svc = find(services_, csv->field(c_service));
      if (svc == nullptr) {
        r_.warn("undefined service", csv->where(c_service),
                fmt::format("service `{}` is in neither calendar file; trip `{}` skipped", csv->field(c_service), id));
        r_.skipped("trips of an undefined service");
        return;
      }
      trip_info t;
      t.record_.id_ = b_->intern(id);
      t.record_.headsign_ = b_->intern(csv->field(c_headsign));
      t.record_.short_name_ = b_->intern(csv->field(c_short));
      t.record_.block_id_ = b_->intern(csv->field(c_block));
      t.record_.route_ = route->idx_;
      t.record_.service_ = svc->bits_;
      auto const dir = csv->field(c_dir);
      t.record_.direction_ = dir == "0" ? 0 : dir == "1" ? 1 : 255;
      if (!dir.empty() && dir != "0" && dir != "1") {
        r_.warn("bad direction_id", csv->where(c_dir), fmt::format("`{}` is not 0 or 1; ignored", dir));
      }
      t.record_.origin_ = trip_origin::kScheduled;
      // Provenance: the trip's own, else its route's.
      auto const& route_rec = b_->route(route->idx_);
      auto const own = read_confidence(*csv, c_confidence);
      t.record_.confidence_ = own != confidence::kUnstated ? own : route_rec.confidence_;
      t.record_.source_ = csv->field(c_source).empty() ? route_rec.source_ : b_->intern(csv->field(c_source));
      t.tz_ = route->tz_;
      t.mode_ = route->mode_;
      t.where_ = csv->where();
      trip_ids_.emplace(std::string{id}, static_cast<std::uint32_t>(trips_.size()));
      trips_.push_back(std::move(t));
    });
  }

  // --- stop_times.txt: the large one; no allocation per row ---
  void read_stop_times() {
    auto csv = open("stop_times.txt", true);
    auto const c_trip = require(*csv, "trip_id");
    auto const c_arr = require(*csv, "arrival_time");
    auto const c_dep = require(*csv, "departure_time");
    auto const c_stop = require(*csv, "stop_id");
    auto const c_seq = require(*csv, "stop_sequence");
    auto const c_pickup = csv->column("pickup_type");
    auto const c_drop = csv->column("drop_off_type");
    auto const c_dist = csv->column("shape_dist_traveled");
    if (csv->total_bytes() != 0) {
      rows_.reserve(csv->total_bytes() / 48);
    }
    std::string last_trip_id = "\x01";
    std::uint32_t last_trip = 0;
    bool last_known = false;
    auto const bad_trip = [&](std::uint32_t t, char const* kind, int col, std::string const& msg) {
      r_.warn(kind, csv->where(col), msg);
      if (!trips_[t].bad_) {
        trips_[t].bad_ = true;
        r_.skipped(fmt::format("trips with {}", kind));
      }
    };
    each_row(*csv, [&] {
      auto const trip_id = csv->field(c_trip);
      if (trip_id != last_trip_id) {
        last_trip_id.assign(trip_id);
        auto const* t = find(trip_ids_, trip_id);
        last_known = t != nullptr;
        last_trip = last_known ? *t : 0;
        if (!last_known) {
          r_.warn("undefined trip", csv->where(c_trip), fmt::format("trip `{}` is not in trips.txt (or was skipped); row skipped", trip_id));
        }
      }
      if (!last_known) {
        r_.skipped("stop times of an undefined or skipped trip");
        return;
      }
      auto const* stop = find(stops_, csv->field(c_stop));
      if (stop == nullptr) {
        bad_trip(last_trip, "an undefined stop", c_stop, fmt::format("stop `{}` is not in stops.txt", csv->field(c_stop)));
        return;
      }
      auto const time = [&](int col) {
        auto const v = csv->field(col);
        if (v.empty()) {
          return kNoTime;
        }
        auto const t = parse_gtfs_time(v);
        if (!t || *t > kMaxTripSeconds) {
          bad_trip(last_trip, "a bad time", col, fmt::format("`{}` is not a time H:MM:SS", v));
          return kNoTime;
        }
        return *t;
      };
      auto arr = time(c_arr);
      auto dep = time(c_dep);
      if ((arr == kNoTime) != (dep == kNoTime) && csv->field(arr == kNoTime ? c_arr : c_dep).empty()) {
        r_.warn("half a stop time", csv->where(arr == kNoTime ? c_arr : c_dep),
                "only one of arrival_time and departure_time is given; the other is taken to be the same");
      }
      if (arr == kNoTime) {
        arr = dep;
      } else if (dep == kNoTime) {
        dep = arr;
      }
      auto const seq = parse_int(csv->field(c_seq));
      if (!seq) {
        bad_trip(last_trip, "a bad stop_sequence", c_seq, fmt::format("`{}` is not an integer", csv->field(c_seq)));
        return;
      }
      if (*seq < 0) {
        r_.warn("negative stop_sequence", csv->where(c_seq), fmt::format("`{}` is negative; the order it gives is used", *seq));
      }
      auto const pd = [&](int col) -> std::uint8_t {
        auto const v = csv->field(col);
        if (v.empty() || v == "0") {
          return 0;
        }
        auto const x = parse_int(v);
        if (!x || *x < 0 || *x > 3) {
          r_.warn("bad pickup/drop-off type", csv->where(col), fmt::format("`{}` is not 0-3; read as 0", v));
          return 0;
        }
        return static_cast<std::uint8_t>(*x);
      };
      auto const dist = parse_double(csv->field(c_dist));
      rows_.push_back({last_trip, stop->v(), *seq, arr, dep, dist ? static_cast<float>(*dist) : -1.0F, pd(c_pickup), pd(c_drop),
                       csv->line()});
    });
  }

  // --- frequencies.txt ---
  void read_frequencies() {
    auto csv = open("frequencies.txt", false);
    if (csv == nullptr) {
      return;
    }
    auto const c_trip = require(*csv, "trip_id");
    auto const c_start = require(*csv, "start_time");
    auto const c_end = require(*csv, "end_time");
    auto const c_headway = require(*csv, "headway_secs");
    auto const c_exact = csv->column("exact_times");
    each_row(*csv, [&] {
      auto const* t = find(trip_ids_, csv->field(c_trip));
      if (t == nullptr) {
        r_.warn("undefined trip", csv->where(c_trip), fmt::format("trip `{}` is not in trips.txt; row skipped", csv->field(c_trip)));
        return;
      }
      auto const start = parse_gtfs_time(csv->field(c_start));
      auto const end = parse_gtfs_time(csv->field(c_end));
      auto const headway = parse_int(csv->field(c_headway));
      if (!start || !end || *end < *start) {
        r_.warn("bad frequency", csv->where(!start ? c_start : c_end), "start_time/end_time are not times, or end before start; row skipped");
        return;
      }
      if (!headway || *headway <= 0 || *headway > kSecondsPerDay) {
        r_.warn("bad frequency", csv->where(c_headway), fmt::format("headway_secs `{}` is not a positive number of seconds; row skipped", csv->field(c_headway)));
        return;
      }
      auto const exact = csv->field(c_exact);
      frequencies_[*t].push_back({*start, *end, static_cast<std::int32_t>(*headway), exact == "1"});
    });
  }

  // Sorts each trip's stop times, fills in missing times, checks them, and hands trips to the builder.
  void add_trips() {
    // Bucket rows by trip (stable: keeps file order within a trip).
    std::vector<std::uint32_t> offsets(trips_.size() + 1, 0);
    for (auto const& r : rows_) {
      ++offsets[r.trip_ + 1];
    }
    for (std::size_t i = 1; i != offsets.size(); ++i) {
      offsets[i] += offsets[i - 1];
    }
    std::vector<stop_time_row> sorted(rows_.size());
    {
      auto pos = offsets;
      for (auto const& r : rows_) {
        sorted[pos[r.trip_]++] = r;
      }
    }
    std::vector<stop_time_row>{}.swap(rows_);

    p_.start("checking trips", trips_.size());
    std::vector<pattern_stop> stops;
    std::vector<stop_time> times;
    std::vector<stop_time> shifted;
    for (std::uint32_t t = 0; t != trips_.size(); ++t) {
      if ((t & 0x3FFFU) == 0) {
        p_.update(t);
      }
      auto& trip = trips_[t];
      auto const rows = std::span{sorted}.subspan(offsets[t], offsets[t + 1] - offsets[t]);
      if (trip.bad_) {
        continue;
      }
      if (rows.size() < 2) {
        r_.warn("trip with fewer than two stops", trip.where_, fmt::format("trip `{}` has {} stop times; skipped", str(trip.record_.id_), rows.size()));
        r_.skipped("trips with fewer than two stops");
        continue;
      }
      if (!std::is_sorted(rows.begin(), rows.end(), [](auto const& a, auto const& b) { return a.seq_ < b.seq_; })) {
        std::stable_sort(rows.begin(), rows.end(), [](auto const& a, auto const& b) { return a.seq_ < b.seq_; });
      }
      auto const dup = std::adjacent_find(rows.begin(), rows.end(), [](auto const& a, auto const& b) { return a.seq_ == b.seq_; });
      if (dup != rows.end()) {
        r_.warn("duplicate stop_sequence", {"stop_times.txt", std::next(dup)->line_},
                fmt::format("trip `{}` has stop_sequence {} twice; trip skipped", str(trip.record_.id_), dup->seq_));
        r_.skipped("trips with a duplicate stop_sequence");
        continue;
      }
      if (rows.front().dep_ == kNoTime || rows.back().arr_ == kNoTime) {
        auto const& r = rows.front().dep_ == kNoTime ? rows.front() : rows.back();
        r_.warn("trip without first or last time", {"stop_times.txt", r.line_},
                fmt::format("trip `{}` has no time at its {} stop; trip skipped", str(trip.record_.id_),
                            rows.front().dep_ == kNoTime ? "first" : "last"));
        r_.skipped("trips without a time at the first or last stop");
        continue;
      }
      stops.clear();
      times.clear();
      for (auto const& r : rows) {
        stops.push_back(pattern_stop::make(stop_idx{r.stop_}, r.pickup_ != 1, r.drop_off_ != 1));
        times.push_back({r.arr_, r.dep_});
      }
      interpolate(rows, times);
      if (auto const bad = check_times(times); bad != times.size()) {
        r_.warn("times go backwards", {"stop_times.txt", rows[bad].line_},
                fmt::format("trip `{}` arrives or departs before its previous time; trip skipped", str(trip.record_.id_)));
        r_.skipped("trips whose times go backwards");
        continue;
      }
      trip_input in{trip.record_, trip.tz_, trip.mode_};
      auto const freq = frequencies_.find(t);
      if (freq == frequencies_.end()) {
        trip.inputs_.push_back(b_->add_trip(in, stops, times));
        continue;
      }
      // Frequency-based: the stop times give the running times; one trip per headway.
      for (auto const& f : freq->second) {
        in.record_.origin_ = f.exact_ ? trip_origin::kFrequencyExact : trip_origin::kFrequencyHeadway;
        auto runs = 0U;
        for (auto start = f.start_; start < f.end_ || (f.start_ == f.end_ && start == f.start_); start += f.headway_) {
          if (++runs > kMaxFrequencyRuns) {
            r_.warn("too many frequency runs", {"frequencies.txt"},
                    fmt::format("trip `{}` would run more than {} times in one frequency row; the rest are dropped",
                                str(trip.record_.id_), kMaxFrequencyRuns));
            break;
          }
          auto const delta = start - times.front().dep_;
          shifted.resize(times.size());
          for (std::size_t i = 0; i != times.size(); ++i) {
            shifted[i] = {times[i].arr_ + delta, times[i].dep_ + delta};
          }
          if (shifted.back().arr_ > kMaxTripSeconds) {
            break;
          }
          trip.inputs_.push_back(b_->add_trip(in, stops, shifted));
        }
      }
    }
    p_.finish();
  }

  // Linear interpolation of missing times between known ones, by shape distance when every stop in the
  // gap has one, else by straight-line distance between stops, else evenly.
  void interpolate(std::span<stop_time_row const> rows, std::vector<stop_time>& times) {
    std::size_t i = 0;
    while (i + 1 < times.size()) {
      if (times[i + 1].arr_ != kNoTime) {
        ++i;
        continue;
      }
      auto j = i + 1;
      while (times[j].arr_ == kNoTime) {
        ++j;
      }
      std::vector<double> at(j - i + 1, 0.0);
      bool by_shape = true;
      for (auto k = i; k <= j; ++k) {
        by_shape = by_shape && rows[k].dist_ >= 0.0F;
      }
      by_shape = by_shape && rows[j].dist_ > rows[i].dist_;
      for (auto k = i + 1; k <= j; ++k) {
        at[k - i] = by_shape ? static_cast<double>(rows[k].dist_ - rows[i].dist_)
                             : at[k - i - 1] + distance_m(b_->stop(stop_idx{rows[k - 1].stop_}).pos_, b_->stop(stop_idx{rows[k].stop_}).pos_);
      }
      auto const total = at.back();
      for (auto k = i + 1; k < j; ++k) {
        auto const frac = total > 0.0 ? at[k - i] / total : static_cast<double>(k - i) / static_cast<double>(j - i);
        auto const t = times[i].dep_ + static_cast<std::int32_t>(std::lround(frac * (times[j].arr_ - times[i].dep_)));
        times[k] = {t, t};
      }
      ++interpolated_;
      i = j;
    }
  }

  // Index of the first time that goes backwards, or times.size().
  static std::size_t check_times(std::vector<stop_time> const& times) {
    for (std::size_t i = 0; i != times.size(); ++i) {
      if (times[i].dep_ < times[i].arr_ || (i != 0 && times[i].arr_ < times[i - 1].dep_)) {
        return i;
      }
    }
    return times.size();
  }

  // --- transfers.txt ---
  void read_transfers() {
    if (interpolated_ != 0) {
      r_.note(fmt::format("{} gaps in stop times were interpolated", interpolated_));
    }
    auto csv = open("transfers.txt", false);
    if (csv == nullptr) {
      return;
    }
    auto const c_from = csv->column("from_stop_id");
    auto const c_to = csv->column("to_stop_id");
    auto const c_type = csv->column("transfer_type");
    auto const c_min = csv->column("min_transfer_time");
    auto const c_from_trip = csv->column("from_trip_id");
    auto const c_to_trip = csv->column("to_trip_id");
    auto const c_from_route = csv->column("from_route_id");
    auto const c_to_route = csv->column("to_route_id");
    std::uint64_t route_level = 0;
    each_row(*csv, [&] {
      auto const type_v = parse_int(csv->field(c_type).empty() ? "0" : csv->field(c_type));
      if (!type_v || *type_v < 0 || *type_v > 5) {
        r_.warn("bad transfer_type", csv->where(c_type), fmt::format("`{}` is not 0-5; row skipped", csv->field(c_type)));
        return;
      }
      auto const type = static_cast<transfer_type>(*type_v);
      auto const min_v = parse_int(csv->field(c_min));
      auto const min_time = min_v && *min_v >= 0 ? static_cast<std::int32_t>(*min_v) : -1;
      if (!csv->field(c_min).empty() && min_time < 0) {
        r_.warn("bad min_transfer_time", csv->where(c_min), fmt::format("`{}` is not a number of seconds; ignored", csv->field(c_min)));
      }
      auto const stop_or_any = [&](int col, bool& ok) {
        ok = true;
        if (csv->field(col).empty()) {
          return stop_idx::invalid();
        }
        auto const* s = find(stops_, csv->field(col));
        if (s == nullptr) {
          r_.warn("undefined stop", csv->where(col), fmt::format("stop `{}` is not in stops.txt; row skipped", csv->field(col)));
          ok = false;
          return stop_idx::invalid();
        }
        return *s;
      };
      bool ok_from = false;
      bool ok_to = false;
      auto const from = stop_or_any(c_from, ok_from);
      auto const to = stop_or_any(c_to, ok_to);
      if (!ok_from || !ok_to) {
        return;
      }
      if (!csv->field(c_from_trip).empty() || !csv->field(c_to_trip).empty()) {
        auto const* ft = find(trip_ids_, csv->field(c_from_trip));
        auto const* tt = find(trip_ids_, csv->field(c_to_trip));
        if (ft == nullptr || tt == nullptr) {
          r_.warn("undefined trip", csv->where(ft == nullptr ? c_from_trip : c_to_trip), "a trip of this transfer is not in trips.txt (or was skipped); row skipped");
          return;
        }
        for (auto const a : trips_[*ft].inputs_) {
          for (auto const b : trips_[*tt].inputs_) {
            b_->add_trip_transfer({trip_idx{a.v()}, from, trip_idx{b.v()}, to, min_time, type, {}});
          }
        }
        return;
      }
      if (!csv->field(c_from_route).empty() || !csv->field(c_to_route).empty()) {
        ++route_level;
        return;
      }
      if (!from.valid() || !to.valid()) {
        r_.warn("missing stop", csv->where(!from.valid() ? c_from : c_to), "a stop-to-stop transfer needs both stop ids; row skipped");
        return;
      }
      add_stop_transfer(from, to, type, min_time);
    });
    if (route_level != 0) {
      r_.skipped("route-to-route transfers (not supported yet)", route_level);
    }
  }

  std::vector<stop_idx> expand_station(stop_idx s) {
    if (b_->stop(s).type_ != location_type::kStation) {
      return {s};
    }
    if (children_.empty()) {
      children_.resize(b_->n_stops());
      for (auto const c : indices<stop_idx>(b_->n_stops())) {
        if (b_->stop(c).parent_.valid()) {
          children_[b_->stop(c).parent_.idx()].push_back(c);
        }
      }
    }
    auto v = children_[s.idx()];
    v.push_back(s);
    return v;
  }

  void add_stop_transfer(stop_idx from, stop_idx to, transfer_type type, std::int32_t min_time) {
    if (from == to) {
      // A change within one stop (or station: all its stops).
      for (auto const s : expand_station(from)) {
        if (type == transfer_type::kMinimumTime && min_time >= 0) {
          b_->stop(s).min_change_ = min_time;
        } else if (type == transfer_type::kTimed) {
          b_->stop(s).min_change_ = 0;
        }
        b_->add_stop_transfer({s, s, min_time, type, {}});
      }
      return;
    }
    for (auto const a : expand_station(from)) {
      for (auto const b : expand_station(to)) {
        if (a == b) {
          continue;
        }
        b_->add_stop_transfer({a, b, min_time, type, {}});
        if (type == transfer_type::kNotPossible) {
          continue;
        }
        auto const walk = static_cast<std::int32_t>(std::ceil(distance_m(b_->stop(a).pos_, b_->stop(b).pos_) / opt_.footpaths_.walk_speed_m_per_s_));
        b_->add_footpath(a, b, min_time >= 0 ? min_time : type == transfer_type::kTimed ? 0 : walk);
      }
    }
  }

  // --- feed_info.txt ---
  // --- Caravan extension: border crossings, their closed dates, road links ---
  // Opening hours "HH:MM-HH:MM" (GTFS-style times after the local service-day start; the end may pass
  // 24:00), empty for closed all day.
  static std::optional<std::pair<std::int32_t, std::int32_t>> parse_hours(std::string_view v) {
    if (v.empty()) {
      return std::pair{0, 0};
    }
    auto const dash = v.find('-');
    if (dash == std::string_view::npos) {
      return std::nullopt;
    }
    auto const hm = [](std::string_view x) -> std::optional<std::int32_t> {
      return parse_gtfs_time(fmt::format("{}:00", trim(x)));
    };
    auto const open = hm(v.substr(0, dash));
    auto const close = hm(v.substr(dash + 1));
    if (!open || !close || *close < *open || *close > 2 * kSecondsPerDay) {
      return std::nullopt;
    }
    return std::pair{*open, *close};
  }

  void read_road_links() {
    string_map<crossing_idx> crossings;
    if (auto csv = open("caravan_border_crossings.txt", false)) {
      std::map<std::string, std::vector<std::int32_t>, std::less<>> closed;
      if (auto cl = open("caravan_border_closures.txt", false)) {
        auto const c_id = require(*cl, "crossing_id");
        auto const c_date = require(*cl, "date");
        each_row(*cl, [&] {
          auto const d = parse_gtfs_date(cl->field(c_date));
          if (!d) {
            r_.warn("bad date", cl->where(c_date), fmt::format("`{}` is not a date YYYYMMDD; row skipped", cl->field(c_date)));
            return;
          }
          closed[std::string{cl->field(c_id)}].push_back(*d);
        });
      }
      static constexpr char const* kDays[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
      auto const c_id = require(*csv, "crossing_id");
      auto const c_name = csv->column("crossing_name");
      auto const c_tz = require(*csv, "crossing_timezone");
      auto const c_formalities = csv->column("formalities_time");
      auto const c_source = csv->column("source");
      int c_day[7];
      for (int i = 0; i != 7; ++i) {
        c_day[i] = require(*csv, kDays[i]);
      }
      each_row(*csv, [&] {
        auto const id = csv->field(c_id);
        if (crossings.contains(id)) {
          r_.warn("duplicate id", csv->where(c_id), fmt::format("crossing `{}` is defined twice; the first is used", id));
          return;
        }
        border_crossing b{};
        b.tz_ = timezone(csv->field(c_tz), csv->where(c_tz), false);
        if (!b.tz_.valid()) {
          r_.warn("bad border crossing", csv->where(c_tz), fmt::format("unknown time zone `{}`; crossing `{}` skipped", csv->field(c_tz), id));
          return;
        }
        for (int i = 0; i != 7; ++i) {
          auto const h = parse_hours(csv->field(c_day[i]));
          if (!h) {
            r_.warn("bad border crossing", csv->where(c_day[i]),
                    fmt::format("`{}` is not opening hours HH:MM-HH:MM; crossing `{}` skipped", csv->field(c_day[i]), id));
            return;
          }
          b.open_[i] = h->first;
          b.close_[i] = h->second;
        }
        auto const formalities = csv->field(c_formalities);
        auto const f = formalities.empty() ? std::optional<std::int32_t>{0} : parse_gtfs_time(formalities);
        if (!f) {
          r_.warn("bad border crossing", csv->where(c_formalities), fmt::format("`{}` is not a duration H:MM:SS; crossing `{}` skipped", formalities, id));
          return;
        }
        b.formalities_s_ = *f;
        b.id_ = b_->intern(id);
        b.name_ = b_->intern(csv->field(c_name));
        b.source_ = b_->intern(csv->field(c_source));
        auto days = closed.find(id);
        auto const x = b_->add_crossing(b, days == closed.end() ? std::vector<std::int32_t>{} : days->second);
        crossings.emplace(std::string{id}, x);
      });
    }
    auto csv = open("caravan_road_links.txt", false);
    if (csv == nullptr) {
      return;
    }
    auto const c_id = csv->column("link_id");
    auto const c_from = require(*csv, "from_stop_id");
    auto const c_to = require(*csv, "to_stop_id");
    auto const c_mode = csv->column("road_mode");
    auto const c_time = require(*csv, "travel_time");
    auto const c_crossing = csv->column("crossing_id");
    auto const c_before = csv->column("time_to_crossing");
    auto const c_estimated = csv->column("estimated");
    auto const c_source = csv->column("source");
    each_row(*csv, [&] {
      auto const* from = find(stops_, csv->field(c_from));
      auto const* to = find(stops_, csv->field(c_to));
      if (from == nullptr || to == nullptr) {
        auto const col = from == nullptr ? c_from : c_to;
        r_.warn("undefined stop", csv->where(col), fmt::format("stop `{}` is not in stops.txt; road link skipped", csv->field(col)));
        return;
      }
      auto const total = parse_gtfs_time(csv->field(c_time));
      if (!total || *total <= 0) {
        r_.warn("bad road link", csv->where(c_time), fmt::format("travel_time `{}` is not a positive duration H:MM:SS; road link skipped", csv->field(c_time)));
        return;
      }
      road_link l{};
      l.from_ = *from;
      l.to_ = *to;
      l.before_s_ = *total;
      l.after_s_ = 0;
      l.crossing_ = crossing_idx::invalid();
      if (auto const cid = csv->field(c_crossing); !cid.empty()) {
        auto const* x = find(crossings, cid);
        if (x == nullptr) {
          r_.warn("bad road link", csv->where(c_crossing), fmt::format("crossing `{}` is not in caravan_border_crossings.txt; road link skipped", cid));
          return;
        }
        auto const before = csv->field(c_before).empty() ? std::optional<std::int32_t>{0} : parse_gtfs_time(csv->field(c_before));
        if (!before || *before > *total) {
          r_.warn("bad road link", csv->where(c_before), fmt::format("time_to_crossing `{}` is not a duration within travel_time; road link skipped", csv->field(c_before)));
          return;
        }
        l.crossing_ = *x;
        l.before_s_ = *before;
        l.after_s_ = *total - *before;
      }
      auto const mode = csv->field(c_mode);
      if (mode.empty() || mode == "car") {
        l.mode_ = road_mode::kCar;
      } else if (mode == "taxi") {
        l.mode_ = road_mode::kTaxi;
      } else if (mode == "shared_taxi") {
        l.mode_ = road_mode::kSharedTaxi;
      } else if (mode == "bus") {
        l.mode_ = road_mode::kBus;
      } else {
        r_.warn("bad road link", csv->where(c_mode), fmt::format("road_mode `{}` is not car, taxi, shared_taxi or bus; read as car", mode));
        l.mode_ = road_mode::kCar;
      }
      l.estimated_ = csv->field(c_estimated) == "1" ? 1 : 0;
      l.id_ = b_->intern(csv->field(c_id));
      l.source_ = b_->intern(csv->field(c_source));
      b_->add_road_link(l);
    });
  }

  void read_feed_info() {
    auto csv = open("feed_info.txt", false);
    if (csv == nullptr) {
      return;
    }
    each_row(*csv, [&] {
      for (std::size_t i = 0; i != csv->header().size(); ++i) {
        if (!csv->field(static_cast<int>(i)).empty()) {
          b_->add_meta(csv->header()[i], csv->field(static_cast<int>(i)));
        }
      }
    });
  }

  // --- translations.txt (the current format; the old one with trans_id is reported and ignored) ---
  void read_translations() {
    auto csv = open("translations.txt", false);
    if (csv == nullptr) {
      return;
    }
    if (csv->column("table_name") < 0 && csv->column("trans_id") >= 0) {
      r_.warn("old translations format", {"translations.txt", 1}, "the pre-2019 format (trans_id, lang) is not supported; file ignored");
      return;
    }
    auto const c_table = require(*csv, "table_name");
    auto const c_field = require(*csv, "field_name");
    auto const c_lang = require(*csv, "language");
    auto const c_text = require(*csv, "translation");
    auto const c_record = csv->column("record_id");
    auto const c_value = csv->column("field_value");
    each_row(*csv, [&] {
      auto const table = csv->field(c_table);
      auto const field = csv->field(c_field);
      std::optional<translated_table> t;
      std::vector<std::uint32_t> records;
      auto const record_id = csv->field(c_record);
      auto const value = csv->field(c_value);
      // A row names its record by id (record_id) or by the value of the translated field (field_value).
      auto const by_value = [&](std::size_t n, auto const& field_of) {
        for (std::size_t i = 0; i != n; ++i) {
          if (auto const v = field_of(i); v && str(*v) == value) {
            records.push_back(static_cast<std::uint32_t>(i));
          }
        }
      };
      auto const pick = [&](std::string_view name, string_idx v) { return field == name ? std::optional{v} : std::nullopt; };
      if (table == "stops") {
        t = translated_table::kStop;
        if (auto const* s = find(stops_, record_id)) {
          records.push_back(s->v());
        } else if (record_id.empty()) {
          by_value(b_->n_stops(), [&](std::size_t i) {
            auto const& rec = b_->stop(stop_idx{i});
            return field == "stop_name" ? std::optional{rec.name_} : field == "stop_desc" ? std::optional{rec.desc_} : std::nullopt;
          });
        }
      } else if (table == "routes") {
        t = translated_table::kRoute;
        if (auto const* r = find(routes_, record_id)) {
          records.push_back(r->idx_.v());
        } else if (record_id.empty()) {
          by_value(b_->n_routes(), [&](std::size_t i) {
            auto const& rec = b_->route(route_idx{i});
            return field == "route_long_name" ? std::optional{rec.long_name_} : pick("route_short_name", rec.short_name_);
          });
        }
      } else if (table == "agency") {
        t = translated_table::kAgency;
        if (auto const* a = find(agencies_, record_id)) {
          records.push_back(a->first.v());
        } else if (record_id.empty()) {
          by_value(b_->n_agencies(), [&](std::size_t i) { return pick("agency_name", b_->agency(agency_idx{i}).name_); });
        }
      } else if (table == "trips") {
        t = translated_table::kTrip;
        auto const add_trip = [&](std::size_t i) {
          for (auto const in : trips_[i].inputs_) {
            records.push_back(in.v());
          }
        };
        if (auto const* tr = find(trip_ids_, record_id)) {
          add_trip(*tr);
        } else if (record_id.empty()) {
          for (std::size_t i = 0; i != trips_.size(); ++i) {
            auto const& rec = trips_[i].record_;
            if ((field == "trip_headsign" && str(rec.headsign_) == value) ||
                (field == "trip_short_name" && str(rec.short_name_) == value)) {
              add_trip(i);
            }
          }
        }
      } else if (table == "feed_info") {
        t = translated_table::kFeedInfo;
        records.push_back(0);
      }
      if (!t) {
        r_.skipped(fmt::format("translations of table `{}` (not used)", table));
        return;
      }
      if (records.empty()) {
        r_.warn("translation of an unknown record", csv->where(c_record >= 0 ? c_record : c_value),
                fmt::format("no {} record `{}`; row skipped", table, record_id.empty() ? value : record_id));
        return;
      }
      for (auto const rec : records) {
        b_->add_translation({rec, b_->intern(field), b_->intern(csv->field(c_lang)), b_->intern(csv->field(c_text)), *t, {}});
      }
    });
  }

  std::string_view str(string_idx s) const { return b_->str(s); }

  struct route_info {
    route_idx idx_;
    tz_idx tz_;
    mode mode_;
  };

  feed_source const& feed_;
  load_options const& opt_;
  progress& p_;
  import_report& r_;
  std::unique_ptr<timetable_builder> b_;
  std::int32_t first_day_{0};
  std::uint32_t n_days_{0};
  tz_idx feed_tz_;
  string_map<tz_idx> tz_cache_;
  string_map<service> services_;
  string_map<std::pair<agency_idx, tz_idx>> agencies_;
  string_map<stop_idx> stops_;
  string_map<route_info> routes_;
  string_map<std::uint32_t> trip_ids_;
  std::vector<trip_info> trips_;
  std::vector<stop_time_row> rows_;
  std::unordered_map<std::uint32_t, std::vector<frequency>> frequencies_;
  std::vector<std::vector<stop_idx>> children_;
  std::uint64_t interpolated_{0};
};

}  // namespace

load_result load(feed_source const& feed, load_options const& opt, progress& p) {
  load_result result;
  loader l{feed, opt, p, result.report_};
  result.data_ = l.run();
  return result;
}

}  // namespace caravan::gtfs
