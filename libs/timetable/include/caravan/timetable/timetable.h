#pragma once
// The immutable timetable: read-only views over columns that live either in a snapshot file's bytes read
// into memory or in vectors (tests, or right after an import), and a small index built from them once,
// when the timetable is loaded (the stops of each station).
//
// Thread safety: all methods are const and safe to call from any number of threads at once.
// Ownership: a timetable owns its storage (the file's bytes or the vectors), and never reads the file
// again after load; views it returns live as long as it does.
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "caravan/timetable/columns.h"

namespace caravan::tt {

class timetable {
 public:
  // Reads a snapshot written by write_timetable() into memory and verifies it (verify_columns). Throws
  // data_error naming the file when it is missing, not a regular file, truncated, corrupt (checksum), of
  // another format version, or not valid (column, record and why). Replacing or truncating the file
  // afterwards does not affect the timetable.
  static timetable load(std::filesystem::path const& path, bool verify_checksum = true);
  // The same from a snapshot file's contents already in memory (copied); `name` stands for the file in
  // errors.
  static timetable load_from_memory(std::span<char const> file_contents, std::string const& name, bool verify_checksum = true);
  // Wraps data built in memory.
  static timetable from_data(timetable_data data);

  timetable_scalars const& scalars() const { return scalars_; }
  timetable_columns<mapped_column> const& columns() const { return c_; }

  std::string_view str(string_idx s) const {
    return {c_.chars_.data() + c_.string_offsets_[s.idx()],
            c_.string_offsets_[s.idx() + 1] - c_.string_offsets_[s.idx()]};
  }

  std::size_t n_stops() const { return c_.stops_.size(); }
  std::size_t n_trips() const { return c_.trips_.size(); }
  std::size_t n_routes() const { return c_.routes_.size(); }
  std::size_t n_patterns() const { return c_.patterns_.size(); }
  std::size_t n_stop_times() const { return c_.stop_times_.size(); }

  stop_record const& stop(stop_idx s) const { return c_.stops_[s.idx()]; }
  route_record const& route(route_idx r) const { return c_.routes_[r.idx()]; }
  trip_record const& trip(trip_idx t) const { return c_.trips_[t.idx()]; }
  agency_record const& agency(agency_idx a) const { return c_.agencies_[a.idx()]; }
  pattern_record const& pattern(pattern_idx p) const { return c_.patterns_[p.idx()]; }

  std::optional<stop_idx> find_stop(std::string_view id) const;
  // The stops whose parent_station is `s` (a station's stops and entrances, a platform's boarding
  // areas), in stop order; empty for most stops. Built once on load, not stored in the snapshot.
  std::span<stop_idx const> children(stop_idx s) const {
    return std::span{children_}.subspan(child_offsets_[s.idx()], child_offsets_[s.idx() + 1] - child_offsets_[s.idx()]);
  }
  std::optional<route_idx> find_route(std::string_view id) const;
  // All trips with this id: one, or one per run of a frequency-based trip.
  std::span<trip_idx const> find_trips(std::string_view id) const;

  std::span<pattern_stop const> pattern_stops(pattern_idx p) const {
    return c_.pattern_stops_.subspan(c_.pattern_stop_offsets_[p.idx()],
                                     c_.pattern_stop_offsets_[p.idx() + 1] - c_.pattern_stop_offsets_[p.idx()]);
  }
  // Trip k of pattern p (0-based within the pattern) at the pattern's i-th stop.
  stop_time const& time_at(pattern_idx p, std::uint32_t k, std::uint32_t i) const {
    auto const& pr = c_.patterns_[p.idx()];
    auto const n_stops = c_.pattern_stop_offsets_[p.idx() + 1] - c_.pattern_stop_offsets_[p.idx()];
    return c_.stop_times_[pr.first_stop_time_ + k * n_stops + i];
  }
  // The stop times of one trip, in stop order.
  std::span<stop_time const> trip_times(trip_idx t) const;

  std::span<pattern_idx const> patterns_at(stop_idx s) const {
    return c_.stop_patterns_.subspan(c_.stop_pattern_offsets_[s.idx()],
                                     c_.stop_pattern_offsets_[s.idx() + 1] - c_.stop_pattern_offsets_[s.idx()]);
  }
  std::span<footpath const> footpaths_out(stop_idx s) const {
    return c_.footpaths_out_.subspan(c_.footpath_out_offsets_[s.idx()],
                                     c_.footpath_out_offsets_[s.idx() + 1] - c_.footpath_out_offsets_[s.idx()]);
  }
  // Road links leaving a stop, and (indices of) those arriving at it.
  std::span<road_link const> road_links_out(stop_idx s) const {
    return c_.road_links_.subspan(c_.road_out_offsets_[s.idx()], c_.road_out_offsets_[s.idx() + 1] - c_.road_out_offsets_[s.idx()]);
  }
  std::span<road_link_idx const> road_links_in(stop_idx s) const {
    return c_.road_links_in_.subspan(c_.road_in_offsets_[s.idx()], c_.road_in_offsets_[s.idx() + 1] - c_.road_in_offsets_[s.idx()]);
  }
  road_link const& road(road_link_idx l) const { return c_.road_links_[l.idx()]; }
  border_crossing const& crossing(crossing_idx x) const { return c_.border_crossings_[x.idx()]; }
  std::span<std::int32_t const> closures(crossing_idx x) const {
    auto const& b = crossing(x);
    return c_.crossing_closures_.subspan(b.first_closure_, b.n_closures_);
  }
  // Why the crossing is closed on each of closures(x), same order ("" when the feed does not say).
  std::span<string_idx const> closure_reasons(crossing_idx x) const {
    auto const& b = crossing(x);
    return c_.crossing_closure_reasons_.subspan(b.first_closure_, b.n_closures_);
  }
  std::size_t n_crossings() const { return c_.border_crossings_.size(); }
  std::span<footpath const> footpaths_in(stop_idx s) const {
    return c_.footpaths_in_.subspan(c_.footpath_in_offsets_[s.idx()],
                                    c_.footpath_in_offsets_[s.idx() + 1] - c_.footpath_in_offsets_[s.idx()]);
  }

  // Service days. `day` counts from scalars().first_day_.
  bool runs_on(bitfield_idx b, day_idx day) const {
    if (day.v() >= scalars_.n_days_) {
      return false;
    }
    auto const w = c_.bitfields_[b.idx() * scalars_.bitfield_words_ + day.v() / 64U];
    return ((w >> (day.v() % 64U)) & 1U) != 0U;
  }
  // Unix time (seconds) at which service day `day` starts in time zone `tz`: noon minus 12 hours local.
  std::int64_t service_day_start(tz_idx tz, day_idx day) const {
    return (static_cast<std::int64_t>(scalars_.first_day_) + day.v()) * kSecondsPerDay +
           c_.tz_day_start_[tz.idx() * scalars_.n_days_ + day.v()];
  }
  // The day_idx of a calendar date given as days since 1970-01-01, if the timetable covers it.
  std::optional<day_idx> day_of(std::int32_t days_since_epoch) const;

  std::string_view tz_name(tz_idx tz) const { return str(c_.tz_names_[tz.idx()]); }
  // A feed_info.txt field or import fact, "" if absent.
  std::string_view meta(std::string_view key) const;
  // A translated name ("" if none): e.g. translation(kStop, stop.v(), "stop_name", "zh").
  std::string_view translate(translated_table table,
                             std::uint32_t record,
                             std::string_view field,
                             std::string_view language) const;

 private:
  // The header, layout and columns of a file's bytes (a file_bytes, timetable.cc) checked, the
  // checksum compared when one was computed.
  static timetable from_bytes(std::shared_ptr<void const> storage, std::string const& file, std::optional<std::uint64_t> checksum);
  void bind(std::string const& source);

  timetable_scalars scalars_;
  timetable_columns<mapped_column> c_;
  std::shared_ptr<void const> storage_;  // the file's bytes or the owned vectors
  std::vector<std::uint32_t> child_offsets_;  // stop_idx -> [offset, next) in children_
  std::vector<stop_idx> children_;
};

}  // namespace caravan::tt
