#pragma once
// Builds a timetable from normalised input, independent of GTFS: the GTFS importer and the Silk Road
// extension files both feed it. Trips go in as stop sequences with times; finish() groups them into
// patterns, deduplicates service days, derives footpaths and writes the columns.
//
// Not thread-safe; one builder per import.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "caravan/base/progress.h"
#include "caravan/timetable/columns.h"

namespace caravan::tt {

struct footpath_options {
  // Footpaths are generated between stops within this straight-line distance...
  double walk_radius_m_{300.0};
  // ...at this walking speed.
  double walk_speed_m_per_s_{1.2};
  // Stops of one station (same parent_station) are linked with at least this walking time.
  std::int32_t min_station_walk_s_{60};
};

// Index of a trip as it was added, before finish() reorders trips by pattern.
using input_trip_idx = strong<std::uint32_t, struct input_trip_tag>;

struct trip_input {
  trip_record record_;  // pattern_ is filled in by finish()
  tz_idx tz_;
  mode mode_;
};

struct build_stats {
  std::uint64_t n_patterns_{0};
  std::uint64_t n_overtaking_splits_{0};  // patterns created because a trip overtakes another
  std::uint64_t n_footpaths_{0};
  std::uint64_t n_generated_footpaths_{0};
  std::uint64_t n_stay_seated_{0};
};

class timetable_builder {
 public:
  // The service days covered: `n_days` days from `first_day` (days since 1970-01-01).
  timetable_builder(std::int32_t first_day, std::uint32_t n_days);

  string_idx intern(std::string_view s);
  std::string_view str(string_idx s) const {
    auto const& c = data_.columns_;
    return {c.chars_.data() + c.string_offsets_[s.idx()], c.string_offsets_[s.idx() + 1] - c.string_offsets_[s.idx()]};
  }
  // `iana_name` must be a zone the tz database knows (checked by the caller, who can say where it came from).
  tz_idx add_timezone(std::string_view iana_name);
  agency_idx add_agency(agency_record const& a);
  stop_idx add_stop(stop_record const& s);
  stop_record& stop(stop_idx s) { return data_.columns_.stops_[s.idx()]; }
  std::size_t n_stops() const { return data_.columns_.stops_.size(); }
  route_idx add_route(route_record const& r);
  route_record const& route(route_idx r) const { return data_.columns_.routes_[r.idx()]; }
  std::size_t n_routes() const { return data_.columns_.routes_.size(); }
  agency_record const& agency(agency_idx a) const { return data_.columns_.agencies_[a.idx()]; }
  std::size_t n_agencies() const { return data_.columns_.agencies_.size(); }

  std::uint32_t bitfield_words() const { return data_.scalars_.bitfield_words_; }
  // Deduplicates: the same set of days always gets the same index.
  bitfield_idx add_service(std::span<std::uint64_t const> words);

  // `stops` and `times` have the same length (>= 2); times are non-decreasing.
  input_trip_idx add_trip(trip_input const& t, std::span<pattern_stop const> stops, std::span<stop_time const> times);
  std::size_t n_trips() const { return trip_inputs_.size(); }

  void add_footpath(stop_idx from, stop_idx to, std::int32_t duration_s);
  void add_stop_transfer(stop_transfer const& t) { stop_transfers_.push_back(t); }
  // Trip fields of `t` are input_trip_idx values, remapped by finish().
  void add_trip_transfer(trip_transfer const& t) { trip_transfers_.push_back(t); }
  // Trip translations use input_trip_idx as record; remapped by finish().
  void add_translation(translation const& t) { data_.columns_.translations_.push_back(t); }
  void add_meta(std::string_view key, std::string_view value);

  // Road links and their border crossings; `closed_days` are days since 1970 (any order).
  crossing_idx add_crossing(border_crossing c, std::vector<std::int32_t> closed_days);
  // The same with why each day is closed; several reasons for one day are joined with "; ".
  struct closed_day {
    std::int32_t day_;  // days since 1970
    std::string reason_;
  };
  crossing_idx add_crossing(border_crossing c, std::vector<closed_day> closed_days);
  void add_road_link(road_link const& l) { road_links_.push_back(l); }
  std::size_t n_crossings() const { return data_.columns_.border_crossings_.size(); }

  timetable_data finish(footpath_options const& opt, progress& p, build_stats& stats);

 private:
  void build_patterns(progress& p, build_stats& stats);
  void build_stay_seated(std::vector<std::uint32_t> const& new_of_old, build_stats& stats);
  void build_footpaths(footpath_options const& opt, build_stats& stats);
  void build_day_starts();
  void build_indices();
  void build_road_links();

  timetable_data data_;
  std::unordered_map<std::string, string_idx> strings_;
  std::unordered_map<std::string, tz_idx> timezones_;
  std::unordered_map<std::string, bitfield_idx> services_;

  std::vector<trip_input> trip_inputs_;
  std::vector<std::uint32_t> trip_offsets_{0};  // input trip -> [offset, next) in trip_stops_/trip_times_
  std::vector<pattern_stop> trip_stops_;
  std::vector<stop_time> trip_times_;

  struct explicit_footpath {
    stop_idx from_, to_;
    std::int32_t duration_;
  };
  std::vector<explicit_footpath> explicit_footpaths_;
  std::vector<stop_transfer> stop_transfers_;
  std::vector<trip_transfer> trip_transfers_;
  std::vector<road_link> road_links_;
};

}  // namespace caravan::tt
