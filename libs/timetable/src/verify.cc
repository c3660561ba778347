// The snapshot verifier (verify.h): the checks every load runs, and the deep ones of
// `caravan info --verify`. Each check names the column and the record, so a refused file says where.
#include "caravan/timetable/verify.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <tuple>
#include <utility>
#include <vector>

#include <date/tz.h>
#include <fmt/format.h>

#include "caravan/base/error.h"

namespace caravan::tt {

namespace {

// Bounds of what a snapshot may hold. The importer stays well inside them (25 years of days at most,
// trips of at most 30 days, dates 1900-2200); they keep the engine's 32-bit time arithmetic safe.
constexpr std::uint32_t kMaxDays = 50U * 366U;
constexpr std::int32_t kMinFirstDay = -25'567;  // 1900-01-01
constexpr std::int32_t kMaxFirstDay = 84'006;   // 2200-01-01
constexpr std::int64_t kMaxStopTime = std::int64_t{256} * kSecondsPerDay - 1;
constexpr std::int64_t kMaxDuration = std::int64_t{30} * kSecondsPerDay;
constexpr std::int64_t kMaxDayStart = std::int64_t{2} * kSecondsPerDay;  // |service-day start - UTC midnight|
constexpr std::int64_t kMaxOpeningHour = std::int64_t{2} * kSecondsPerDay;

class checker {
 public:
  checker(timetable_columns<mapped_column> const& c, timetable_scalars const& s, std::string const& file, std::string_view lead)
      : c_{c}, s_{s}, file_{file}, lead_{lead} {}

  [[noreturn]] void fail(std::string_view column, std::size_t record, std::string const& what) const {
    throw data_error{{file_}, fmt::format("{}: column {}, record {}: {}", lead_, column, record, what)};
  }
  [[noreturn]] void fail(std::string_view column, std::string const& what) const {
    throw data_error{{file_}, fmt::format("{}: column {}: {}", lead_, column, what)};
  }
  [[noreturn]] void fail_header(std::string const& what) const { throw data_error{{file_}, fmt::format("{}: header: {}", lead_, what)}; }

  void run() {
    scalars();
    strings();
    for (std::size_t i = 0; i != c_.meta_.size(); ++i) {
      str("meta", i, "key", c_.meta_[i].key_);
      str("meta", i, "value", c_.meta_[i].value_);
    }
    time_zones();
    agencies();
    stops();
    id_index("stops_by_id", c_.stops_by_id_, c_.stops_.size(), "stops");
    routes();
    id_index("routes_by_id", c_.routes_by_id_, c_.routes_.size(), "routes");
    bitfields();
    patterns();
    trips();
    id_index("trips_by_id", c_.trips_by_id_, c_.trips_.size(), "trips");
    stop_times();
    offsets("stop_pattern_offsets", c_.stop_pattern_offsets_, c_.stops_.size(), "stop", c_.stop_patterns_.size(), "stop_patterns");
    for (std::size_t i = 0; i != c_.stop_patterns_.size(); ++i) {
      index("stop_patterns", i, "pattern", c_.stop_patterns_[i].v(), c_.patterns_.size(), "patterns");
    }
    footpaths("footpath_out_offsets", c_.footpath_out_offsets_, "footpaths_out", c_.footpaths_out_);
    footpaths("footpath_in_offsets", c_.footpath_in_offsets_, "footpaths_in", c_.footpaths_in_);
    transfers();
    translations();
    crossings();
    road_links();
  }

 private:
  // An index that must name one of `n` things ("stop 99999 is past the 5000 stops").
  void index(std::string_view column, std::size_t record, std::string_view what, std::uint32_t v, std::size_t n,
             std::string_view things) const {
    if (v >= n) {
      fail(column, record, fmt::format("{} {} is past the {} {}", what, v, n, things));
    }
  }
  // The same, or invalid (none).
  void optional_index(std::string_view column, std::size_t record, std::string_view what, std::uint32_t v, std::size_t n,
                      std::string_view things) const {
    if (v != std::numeric_limits<std::uint32_t>::max()) {
      index(column, record, what, v, n, things);
    }
  }
  void str(std::string_view column, std::size_t record, std::string_view field, string_idx s) const {
    if (s.idx() >= n_strings_) {
      fail(column, record, fmt::format("{} is string {}, past the {} strings", field, s.v(), n_strings_));
    }
  }
  void strs(std::string_view column, std::size_t record, std::initializer_list<std::pair<std::string_view, string_idx>> fields) const {
    for (auto const& [field, s] : fields) {
      str(column, record, field, s);
    }
  }
  void in_range(std::string_view column, std::size_t record, std::string_view what, std::int64_t v, std::int64_t lo,
                std::int64_t hi) const {
    if (v < lo || v > hi) {
      fail(column, record, fmt::format("{} {} is not between {} and {}", what, v, lo, hi));
    }
  }
  template <typename E>
  void enumeration(std::string_view column, std::size_t record, std::string_view what, E e, E last) const {
    auto const v = static_cast<std::uint32_t>(e);
    if (v > static_cast<std::uint32_t>(last)) {
      fail(column, record, fmt::format("{} {} is not one of 0 to {}", what, v, static_cast<std::uint32_t>(last)));
    }
  }
  void size_is(std::string_view column, std::size_t size, std::uint64_t expected, std::string_view why) const {
    if (size != expected) {
      fail(column, fmt::format("has {} records, expected {} ({})", size, expected, why));
    }
  }
  // Offsets of a one-to-many relation: one per key and one more, from 0, never decreasing, ending at the
  // size of the target column.
  void offsets(std::string_view column, std::span<std::uint32_t const> o, std::size_t n_keys, std::string_view key,
               std::size_t target_size, std::string_view target) const {
    size_is(column, o.size(), std::uint64_t{n_keys} + 1, fmt::format("one per {} and one more", key));
    if (o.front() != 0) {
      fail(column, 0, fmt::format("the first offset is {}, not 0", o.front()));
    }
    for (std::size_t i = 1; i != o.size(); ++i) {
      if (o[i] < o[i - 1]) {
        fail(column, i, fmt::format("offset {} is less than the one before, {}", o[i], o[i - 1]));
      }
    }
    if (o.back() != target_size) {
      fail(column, o.size() - 1, fmt::format("the last offset is {}, but {} has {} records", o.back(), target, target_size));
    }
  }

  void scalars() const {
    if (s_.n_days_ > kMaxDays) {
      fail_header(fmt::format("n_days {} is more than {}", s_.n_days_, kMaxDays));
    }
    if (s_.bitfield_words_ != (s_.n_days_ + 63U) / 64U) {
      fail_header(fmt::format("bitfield_words {} does not fit n_days {} (expected {})", s_.bitfield_words_, s_.n_days_,
                              (s_.n_days_ + 63U) / 64U));
    }
    if (s_.first_day_ < kMinFirstDay || s_.first_day_ > kMaxFirstDay) {
      fail_header(fmt::format("first_day {} is not between {} (1900-01-01) and {} (2200-01-01)", s_.first_day_, kMinFirstDay,
                              kMaxFirstDay));
    }
  }

  void strings() {
    auto const& o = c_.string_offsets_;
    if (o.empty()) {
      fail("string_offsets", "is empty (it holds one offset per string and one more)");
    }
    n_strings_ = o.size() - 1;
    offsets("string_offsets", o, n_strings_, "string", c_.chars_.size(), "chars");
  }

  // Time zone names the departures board and the planner can look up (date::locate_zone throws for
  // another name, at every query that meets it).
  void time_zones() const {
    for (std::size_t i = 0; i != c_.tz_names_.size(); ++i) {
      str("tz_names", i, "name", c_.tz_names_[i]);
      auto const s = c_.tz_names_[i].idx();
      auto const name = std::string{c_.chars_.data() + c_.string_offsets_[s], c_.string_offsets_[s + 1] - c_.string_offsets_[s]};
      try {
        (void)date::locate_zone(name);
      } catch (std::exception const&) {
        fail("tz_names", i, fmt::format("`{}` is not in the time zone database", name));
      }
    }
    size_is("tz_day_start", c_.tz_day_start_.size(), std::uint64_t{c_.tz_names_.size()} * s_.n_days_, "one per time zone and day");
    for (std::size_t i = 0; i != c_.tz_day_start_.size(); ++i) {
      in_range("tz_day_start", i, "service-day start", c_.tz_day_start_[i], -kMaxDayStart, kMaxDayStart);
    }
  }

  void agencies() const {
    for (std::size_t i = 0; i != c_.agencies_.size(); ++i) {
      auto const& a = c_.agencies_[i];
      strs("agencies", i, {{"id", a.id_}, {"name", a.name_}, {"url", a.url_}, {"phone", a.phone_}, {"lang", a.lang_}});
      index("agencies", i, "time zone", a.tz_.v(), c_.tz_names_.size(), "time zones");
    }
  }

  void stops() const {
    auto const n = c_.stops_.size();
    for (std::size_t i = 0; i != n; ++i) {
      auto const& s = c_.stops_[i];
      strs("stops", i, {{"id", s.id_}, {"name", s.name_}, {"code", s.code_}, {"desc", s.desc_}, {"platform_code", s.platform_code_}});
      optional_index("stops", i, "parent station", s.parent_.v(), n, "stops");
      index("stops", i, "time zone", s.tz_.v(), c_.tz_names_.size(), "time zones");
      in_range("stops", i, "change time", s.min_change_, -1, kMaxDuration);
      if (!std::isfinite(s.pos_.lat_) || !std::isfinite(s.pos_.lon_) || std::abs(s.pos_.lat_) > 90.0 || std::abs(s.pos_.lon_) > 180.0) {
        fail("stops", i, fmt::format("position {},{} is not a latitude and longitude", s.pos_.lat_, s.pos_.lon_));
      }
      enumeration("stops", i, "location type", s.type_, location_type::kBoardingArea);
    }
  }

  template <typename Idx>
  void id_index(std::string_view column, std::span<Idx const> ix, std::size_t n, std::string_view things) const {
    size_is(column, ix.size(), n, fmt::format("one per record of {}", things));
    for (std::size_t i = 0; i != ix.size(); ++i) {
      index(column, i, things.substr(0, things.size() - 1), ix[i].v(), n, things);
    }
  }

  void routes() const {
    for (std::size_t i = 0; i != c_.routes_.size(); ++i) {
      auto const& r = c_.routes_[i];
      strs("routes", i, {{"id", r.id_}, {"short_name", r.short_name_}, {"long_name", r.long_name_}, {"desc", r.desc_},
                         {"color", r.color_}, {"text_color", r.text_color_}, {"source", r.source_}});
      optional_index("routes", i, "agency", r.agency_.v(), c_.agencies_.size(), "agencies");
      enumeration("routes", i, "confidence", r.confidence_, confidence::kEstimated);
    }
  }

  void bitfields() {
    auto const words = s_.bitfield_words_;
    if (words == 0) {
      size_is("bitfields", c_.bitfields_.size(), 0, "no service days, so no words");
      n_bitfields_ = 0;
      return;
    }
    if (c_.bitfields_.size() % words != 0) {
      fail("bitfields", fmt::format("has {} words, not a multiple of bitfield_words {}", c_.bitfields_.size(), words));
    }
    n_bitfields_ = c_.bitfields_.size() / words;
  }

  void patterns() const {
    auto const& pso = c_.pattern_stop_offsets_;
    offsets("pattern_stop_offsets", pso, c_.patterns_.size(), "pattern", c_.pattern_stops_.size(), "pattern_stops");
    for (std::size_t i = 0; i != c_.pattern_stops_.size(); ++i) {
      index("pattern_stops", i, "stop", c_.pattern_stops_[i].stop().v(), c_.stops_.size(), "stops");
    }
    std::uint64_t next_trip = 0;
    std::uint64_t next_time = 0;
    for (std::size_t p = 0; p != c_.patterns_.size(); ++p) {
      auto const& pr = c_.patterns_[p];
      auto const n_stops = std::uint64_t{pso[p + 1]} - pso[p];
      if (n_stops < 2) {
        fail("patterns", p, fmt::format("has {} stops; a pattern has at least 2", n_stops));
      }
      if (pr.n_trips_ == 0) {
        fail("patterns", p, "has no trips");
      }
      if (pr.first_trip_.v() != next_trip) {
        fail("patterns", p, fmt::format("first trip {} is not the next one, {} (each pattern's trips follow the previous pattern's)",
                                        pr.first_trip_.v(), next_trip));
      }
      next_trip += pr.n_trips_;
      if (next_trip > c_.trips_.size()) {
        fail("patterns", p, fmt::format("its {} trips from trip {} run past the {} trips", pr.n_trips_, pr.first_trip_.v(), c_.trips_.size()));
      }
      if (pr.first_stop_time_ != next_time) {
        fail("patterns", p, fmt::format("first stop time {} is not the next one, {} (each pattern's block follows the previous one)",
                                        pr.first_stop_time_, next_time));
      }
      next_time += n_stops * pr.n_trips_;
      if (next_time > c_.stop_times_.size()) {
        fail("patterns", p, fmt::format("its {} trips × {} stops from stop time {} run past the {} stop times", pr.n_trips_, n_stops,
                                        pr.first_stop_time_, c_.stop_times_.size()));
      }
      index("patterns", p, "time zone", pr.tz_.v(), c_.tz_names_.size(), "time zones");
      enumeration("patterns", p, "mode", pr.mode_, mode::kOther);
    }
    if (next_trip != c_.trips_.size()) {
      fail("patterns", fmt::format("the patterns' trips are {} of the {} trips", next_trip, c_.trips_.size()));
    }
    if (next_time != c_.stop_times_.size()) {
      fail("patterns", fmt::format("the patterns' stop times are {} of the {} stop times", next_time, c_.stop_times_.size()));
    }
  }

  void trips() const {
    for (std::size_t i = 0; i != c_.trips_.size(); ++i) {
      auto const& t = c_.trips_[i];
      strs("trips", i, {{"id", t.id_}, {"headsign", t.headsign_}, {"short_name", t.short_name_}, {"block_id", t.block_id_},
                        {"source", t.source_}});
      index("trips", i, "route", t.route_.v(), c_.routes_.size(), "routes");
      if (s_.bitfield_words_ != 0) {
        index("trips", i, "service", t.service_.v(), n_bitfields_, "service-day sets");
      }
      index("trips", i, "pattern", t.pattern_.v(), c_.patterns_.size(), "patterns");
      auto const& pr = c_.patterns_[t.pattern_.idx()];
      if (i < pr.first_trip_.v() || i - pr.first_trip_.v() >= pr.n_trips_) {
        fail("trips", i, fmt::format("is not one of the trips {} to {} of its pattern {}", pr.first_trip_.v(),
                                     std::uint64_t{pr.first_trip_.v()} + pr.n_trips_ - 1, t.pattern_.v()));
      }
      enumeration("trips", i, "origin", t.origin_, trip_origin::kFrequencyHeadway);
      enumeration("trips", i, "confidence", t.confidence_, confidence::kEstimated);
    }
  }

  // Each trip's times: inside [0, 256 days), departure not before arrival, never going backwards; each
  // pattern's max_days is its latest arrival's day (the departures board looks that far back).
  void stop_times() const {
    for (std::size_t p = 0; p != c_.patterns_.size(); ++p) {
      auto const& pr = c_.patterns_[p];
      auto const n = std::size_t{c_.pattern_stop_offsets_[p + 1]} - c_.pattern_stop_offsets_[p];
      std::int64_t last_arrival = 0;
      for (std::size_t k = 0; k != pr.n_trips_; ++k) {
        auto const first = std::size_t{pr.first_stop_time_} + k * n;
        for (std::size_t i = 0; i != n; ++i) {
          auto const& t = c_.stop_times_[first + i];
          in_range("stop_times", first + i, "arrival", t.arr_, 0, kMaxStopTime);
          in_range("stop_times", first + i, "departure", t.dep_, 0, kMaxStopTime);
          if (t.dep_ < t.arr_) {
            fail("stop_times", first + i, fmt::format("departure {} is before the arrival {}", t.dep_, t.arr_));
          }
          if (i != 0 && t.arr_ < c_.stop_times_[first + i - 1].dep_) {
            fail("stop_times", first + i,
                 fmt::format("arrival {} is before the departure {} from the stop before", t.arr_, c_.stop_times_[first + i - 1].dep_));
          }
        }
        last_arrival = std::max<std::int64_t>(last_arrival, c_.stop_times_[first + n - 1].arr_);
      }
      auto const max_days = std::min<std::int64_t>(last_arrival / kSecondsPerDay, 255);
      if (pr.max_days_ != max_days) {
        fail("patterns", p, fmt::format("max_days {} does not fit its latest arrival, day {}", pr.max_days_, max_days));
      }
    }
  }

  void footpaths(std::string_view offsets_column, std::span<std::uint32_t const> o, std::string_view column,
                 std::span<footpath const> f) const {
    offsets(offsets_column, o, c_.stops_.size(), "stop", f.size(), column);
    for (std::size_t i = 0; i != f.size(); ++i) {
      index(column, i, "stop", f[i].target_.v(), c_.stops_.size(), "stops");
      in_range(column, i, "walk", f[i].duration_, 0, kMaxDuration);
    }
  }

  void transfers() const {
    auto const n_stops = c_.stops_.size();
    auto const n_trips = c_.trips_.size();
    for (std::size_t i = 0; i != c_.stop_transfers_.size(); ++i) {
      auto const& t = c_.stop_transfers_[i];
      index("stop_transfers", i, "from stop", t.from_.v(), n_stops, "stops");
      index("stop_transfers", i, "to stop", t.to_.v(), n_stops, "stops");
      in_range("stop_transfers", i, "minimum time", t.min_time_, -1, kMaxDuration);
      enumeration("stop_transfers", i, "transfer type", t.type_, transfer_type::kReBoard);
    }
    for (std::size_t i = 0; i != c_.trip_transfers_.size(); ++i) {
      auto const& t = c_.trip_transfers_[i];
      index("trip_transfers", i, "from trip", t.from_trip_.v(), n_trips, "trips");
      index("trip_transfers", i, "to trip", t.to_trip_.v(), n_trips, "trips");
      optional_index("trip_transfers", i, "from stop", t.from_stop_.v(), n_stops, "stops");
      optional_index("trip_transfers", i, "to stop", t.to_stop_.v(), n_stops, "stops");
      in_range("trip_transfers", i, "minimum time", t.min_time_, -1, kMaxDuration);
      enumeration("trip_transfers", i, "transfer type", t.type_, transfer_type::kReBoard);
    }
    for (std::size_t i = 0; i != c_.stay_seated_.size(); ++i) {
      index("stay_seated", i, "from trip", c_.stay_seated_[i].from_.v(), n_trips, "trips");
      index("stay_seated", i, "to trip", c_.stay_seated_[i].to_.v(), n_trips, "trips");
    }
  }

  void translations() const {
    for (std::size_t i = 0; i != c_.translations_.size(); ++i) {
      auto const& t = c_.translations_[i];
      str("translations", i, "field", t.field_);
      str("translations", i, "language", t.language_);
      str("translations", i, "text", t.text_);
      enumeration("translations", i, "table", t.table_, translated_table::kFeedInfo);
      switch (t.table_) {
        case translated_table::kAgency: index("translations", i, "agency", t.record_, c_.agencies_.size(), "agencies"); break;
        case translated_table::kStop: index("translations", i, "stop", t.record_, c_.stops_.size(), "stops"); break;
        case translated_table::kRoute: index("translations", i, "route", t.record_, c_.routes_.size(), "routes"); break;
        case translated_table::kTrip: index("translations", i, "trip", t.record_, c_.trips_.size(), "trips"); break;
        case translated_table::kFeedInfo: break;
      }
    }
  }

  void crossings() const {
    for (std::size_t i = 0; i != c_.border_crossings_.size(); ++i) {
      auto const& b = c_.border_crossings_[i];
      str("border_crossings", i, "id", b.id_);
      str("border_crossings", i, "name", b.name_);
      str("border_crossings", i, "source", b.source_);
      index("border_crossings", i, "time zone", b.tz_.v(), c_.tz_names_.size(), "time zones");
      in_range("border_crossings", i, "formalities time", b.formalities_s_, 0, kMaxDuration);
      for (std::size_t d = 0; d != 7; ++d) {
        in_range("border_crossings", i, "opening time", b.open_[d], 0, kMaxOpeningHour);
        in_range("border_crossings", i, "closing time", b.close_[d], b.open_[d], kMaxOpeningHour);
      }
      if (std::uint64_t{b.first_closure_} + b.n_closures_ > c_.crossing_closures_.size()) {
        fail("border_crossings", i, fmt::format("its {} closed dates from {} run past the {} in crossing_closures", b.n_closures_,
                                                b.first_closure_, c_.crossing_closures_.size()));
      }
      enumeration("border_crossings", i, "confidence", b.confidence_, confidence::kEstimated);
      in_range("border_crossings", i, "has_position", b.has_position_, 0, 1);
      if (b.has_position_ != 0U && (!std::isfinite(b.pos_.lat_) || !std::isfinite(b.pos_.lon_) || std::abs(b.pos_.lat_) > 90.0 ||
                                    std::abs(b.pos_.lon_) > 180.0)) {
        fail("border_crossings", i, fmt::format("position {},{} is not a latitude and longitude", b.pos_.lat_, b.pos_.lon_));
      }
    }
    size_is("crossing_closure_reasons", c_.crossing_closure_reasons_.size(), c_.crossing_closures_.size(), "one per closed date");
    for (std::size_t i = 0; i != c_.crossing_closure_reasons_.size(); ++i) {
      str("crossing_closure_reasons", i, "reason", c_.crossing_closure_reasons_[i]);
    }
  }

  void road_links() const {
    auto const n_stops = c_.stops_.size();
    auto const n_links = c_.road_links_.size();
    for (std::size_t i = 0; i != n_links; ++i) {
      auto const& l = c_.road_links_[i];
      index("road_links", i, "from stop", l.from_.v(), n_stops, "stops");
      index("road_links", i, "to stop", l.to_.v(), n_stops, "stops");
      optional_index("road_links", i, "crossing", l.crossing_.v(), c_.border_crossings_.size(), "border crossings");
      str("road_links", i, "id", l.id_);
      str("road_links", i, "source", l.source_);
      in_range("road_links", i, "driving time before the crossing", l.before_s_, 0, kMaxDuration);
      in_range("road_links", i, "driving time after the crossing", l.after_s_, 0, kMaxDuration);
      enumeration("road_links", i, "road mode", l.mode_, road_mode::kBus);
    }
    offsets("road_out_offsets", c_.road_out_offsets_, n_stops, "stop", n_links, "road_links");
    offsets("road_in_offsets", c_.road_in_offsets_, n_stops, "stop", c_.road_links_in_.size(), "road_links_in");
    size_is("road_links_in", c_.road_links_in_.size(), n_links, "one per road link");
    for (std::size_t s = 0; s != n_stops; ++s) {
      for (auto i = c_.road_out_offsets_[s]; i != c_.road_out_offsets_[s + 1]; ++i) {
        if (c_.road_links_[i].from_.idx() != s) {
          fail("road_links", i, fmt::format("leaves stop {}, but road_out_offsets lists it at stop {}", c_.road_links_[i].from_.v(), s));
        }
      }
      for (auto i = c_.road_in_offsets_[s]; i != c_.road_in_offsets_[s + 1]; ++i) {
        auto const l = c_.road_links_in_[i];
        index("road_links_in", i, "road link", l.v(), n_links, "road links");
        if (c_.road_links_[l.idx()].to_.idx() != s) {
          fail("road_links_in", i, fmt::format("road link {} goes to stop {}, but is listed at stop {}", l.v(), c_.road_links_[l.idx()].to_.v(), s));
        }
      }
    }
  }

  timetable_columns<mapped_column> const& c_;
  timetable_scalars const& s_;
  std::string const& file_;
  std::string_view lead_;
  std::size_t n_strings_{0};
  std::size_t n_bitfields_{0};
};

}  // namespace

void verify_columns(timetable_columns<mapped_column> const& c, timetable_scalars const& s, std::string const& file, std::string_view lead) {
  checker{c, s, file, lead}.run();
}

namespace {

[[noreturn]] void deep_fail(std::string const& file, std::string_view column, std::size_t record, std::string const& what) {
  throw data_error{{file}, fmt::format("not a valid Caravan timetable: column {}, record {}: {}", column, record, what)};
}

// An id index: every record once, in order of id.
template <typename Idx, typename Records>
void check_id_index(timetable const& tt, std::string const& file, std::string_view column, std::span<Idx const> ix,
                    Records const& records) {
  std::vector<std::uint8_t> seen(records.size(), 0);
  for (std::size_t i = 0; i != ix.size(); ++i) {
    if (seen[ix[i].idx()]++ != 0) {
      deep_fail(file, column, i, fmt::format("lists record {} a second time", ix[i].v()));
    }
    if (i != 0 && tt.str(records[ix[i].idx()].id_) < tt.str(records[ix[i - 1].idx()].id_)) {
      deep_fail(file, column, i, fmt::format("id `{}` comes before the previous `{}`", tt.str(records[ix[i].idx()].id_),
                                             tt.str(records[ix[i - 1].idx()].id_)));
    }
  }
}

// A column sorted by key(record).
template <typename T, typename Key>
void check_sorted(std::string const& file, std::string_view column, std::span<T const> v, Key const& key) {
  for (std::size_t i = 1; i < v.size(); ++i) {
    if (key(v[i]) < key(v[i - 1])) {
      deep_fail(file, column, i, "is out of order");
    }
  }
}

}  // namespace

std::string verify_deep(timetable const& tt, std::string const& file) {
  auto const& c = tt.columns();
  auto const n_stops = tt.n_stops();
  check_id_index(tt, file, "stops_by_id", c.stops_by_id_, c.stops_);
  check_id_index(tt, file, "routes_by_id", c.routes_by_id_, c.routes_);
  check_id_index(tt, file, "trips_by_id", c.trips_by_id_, c.trips_);

  // Patterns at each stop: in pattern order, each once, exactly those whose stops include it.
  std::vector<std::uint32_t> count(n_stops + 1, 0);
  std::vector<std::uint32_t> last(n_stops, std::numeric_limits<std::uint32_t>::max());
  for (auto const p : indices<pattern_idx>(tt.n_patterns())) {
    for (auto const ps : tt.pattern_stops(p)) {
      if (last[ps.stop().idx()] != p.v()) {
        last[ps.stop().idx()] = p.v();
        ++count[ps.stop().idx() + 1];
      }
    }
  }
  for (std::size_t s = 0; s != n_stops; ++s) {
    count[s + 1] += count[s];
    if (c.stop_pattern_offsets_[s + 1] != count[s + 1]) {
      deep_fail(file, "stop_pattern_offsets", s + 1,
                fmt::format("stop {} has {} patterns listed, but {} patterns stop there", s, c.stop_pattern_offsets_[s + 1] - c.stop_pattern_offsets_[s],
                            count[s + 1] - count[s]));
    }
  }
  std::fill(last.begin(), last.end(), std::numeric_limits<std::uint32_t>::max());
  auto next = count;
  for (auto const p : indices<pattern_idx>(tt.n_patterns())) {
    for (auto const ps : tt.pattern_stops(p)) {
      auto const s = ps.stop().idx();
      if (last[s] != p.v()) {
        last[s] = p.v();
        auto const at = next[s]++;
        if (c.stop_patterns_[at] != p) {
          deep_fail(file, "stop_patterns", at, fmt::format("pattern {} at stop {}, expected pattern {}", c.stop_patterns_[at].v(), s, p.v()));
        }
      }
    }
  }

  // Footpaths by target: the walks leaving each stop, mirrored, in order of the stop they leave.
  std::fill(count.begin(), count.end(), 0);
  for (auto const& f : c.footpaths_out_) {
    ++count[f.target_.idx() + 1];
  }
  for (std::size_t s = 0; s != n_stops; ++s) {
    count[s + 1] += count[s];
    if (c.footpath_in_offsets_[s + 1] != count[s + 1]) {
      deep_fail(file, "footpath_in_offsets", s + 1, fmt::format("stop {}: its walks in are not the walks out that reach it", s));
    }
  }
  next = count;
  for (auto const s : indices<stop_idx>(n_stops)) {
    for (auto const& f : tt.footpaths_out(s)) {
      auto const at = next[f.target_.idx()]++;
      if (c.footpaths_in_[at].target_ != s || c.footpaths_in_[at].duration_ != f.duration_) {
        deep_fail(file, "footpaths_in", at, fmt::format("is not the walk from stop {} to stop {} of footpaths_out", s.v(), f.target_.v()));
      }
    }
  }

  // Road links by target: each link once (the load checked that each is listed at its own stop).
  std::vector<std::uint8_t> seen(c.road_links_.size(), 0);
  for (std::size_t i = 0; i != c.road_links_in_.size(); ++i) {
    if (seen[c.road_links_in_[i].idx()]++ != 0) {
      deep_fail(file, "road_links_in", i, fmt::format("lists road link {} a second time", c.road_links_in_[i].v()));
    }
  }

  // Sorted columns, as the builder sorts them and lookups expect.
  check_sorted(file, "stop_transfers", c.stop_transfers_, [](stop_transfer const& t) { return std::pair{t.from_, t.to_}; });
  check_sorted(file, "trip_transfers", c.trip_transfers_,
               [](trip_transfer const& t) { return std::tuple{t.from_trip_, t.from_stop_, t.to_trip_}; });
  check_sorted(file, "stay_seated", c.stay_seated_, [](stay_seated const& s) { return std::pair{s.from_, s.to_}; });
  check_sorted(file, "translations", c.translations_,
               [](translation const& t) { return std::tuple{t.table_, t.record_, t.field_, t.language_}; });
  for (auto const x : indices<crossing_idx>(c.border_crossings_.size())) {
    auto const closed = tt.closures(x);
    for (std::size_t i = 1; i < closed.size(); ++i) {
      if (closed[i] <= closed[i - 1]) {
        deep_fail(file, "crossing_closures", tt.crossing(x).first_closure_ + i, fmt::format("dates of crossing {} are not sorted", x.v()));
      }
    }
  }

  // Trips of a pattern in order: none departs or arrives anywhere before the one before it.
  for (auto const p : indices<pattern_idx>(tt.n_patterns())) {
    auto const& pr = tt.pattern(p);
    auto const n = static_cast<std::uint32_t>(tt.pattern_stops(p).size());
    for (std::uint32_t k = 1; k < pr.n_trips_; ++k) {
      for (std::uint32_t i = 0; i != n; ++i) {
        auto const& a = tt.time_at(p, k - 1, i);
        auto const& b = tt.time_at(p, k, i);
        if (b.arr_ < a.arr_ || b.dep_ < a.dep_) {
          deep_fail(file, "stop_times", pr.first_stop_time_ + std::size_t{k} * n + i,
                    fmt::format("trip {} overtakes the trip before it in pattern {} at its stop {}", pr.first_trip_.v() + k, p.v(), i));
        }
      }
    }
  }

  return fmt::format("id indexes, patterns at each stop, footpaths and road links by target, sorted columns, trip order in "
                     "{} patterns",
                     tt.n_patterns());
}

}  // namespace caravan::tt
