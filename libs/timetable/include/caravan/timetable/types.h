#pragma once
// The timetable's vocabulary: strong indices and the fixed-layout records stored in the snapshot file.
// Every record here is trivially copyable with a fixed size (checked below) because the file is read
// into memory and used as-is; changing one changes the format, so bump kFormatVersion in file.h.
#include <cstdint>
#include <string_view>
#include <type_traits>

#include "caravan/base/geo.h"
#include "caravan/base/strong.h"

namespace caravan::tt {

using string_idx = strong<std::uint32_t, struct string_tag>;
using tz_idx = strong<std::uint32_t, struct tz_tag>;
using agency_idx = strong<std::uint32_t, struct agency_tag>;
using stop_idx = strong<std::uint32_t, struct stop_tag>;
using route_idx = strong<std::uint32_t, struct route_tag>;  // a GTFS route: what passengers call a line
using trip_idx = strong<std::uint32_t, struct trip_tag>;    // one run of a vehicle (frequencies expanded)
using pattern_idx = strong<std::uint32_t, struct pattern_tag>;  // RAPTOR's "route": trips with one stop sequence
using bitfield_idx = strong<std::uint32_t, struct bitfield_tag>;  // a deduplicated set of service days
using day_idx = strong<std::uint32_t, struct day_tag>;  // days since the timetable's first day
using crossing_idx = strong<std::uint32_t, struct crossing_tag>;  // a border crossing of a road link
using road_link_idx = strong<std::uint32_t, struct road_link_tag>;

// Seconds since the start of a trip's service day: GTFS's "noon minus 12 h" in the agency's time zone.
// Trips may run for days, so values go far past 86,400 (81:30:00 is 293,400).
using service_seconds = std::int32_t;

constexpr std::int32_t kSecondsPerDay = 86'400;

// Transport modes derived from GTFS route_type (basic and extended types), plus road links.
enum class mode : std::uint8_t {
  kTram,
  kSubway,
  kRail,
  kBus,
  kCoach,
  kFerry,
  kCableCar,
  kAerialLift,
  kFunicular,
  kTrolleybus,
  kMonorail,
  kAir,
  kTaxi,
  kRoad,  // road links of the Silk Road data: car, taxi, shared taxi over a border crossing
  kOther,
};
mode mode_of_route_type(std::int32_t route_type);
std::string_view to_string(mode);

enum class location_type : std::uint8_t {
  kStop = 0,
  kStation = 1,
  kEntrance = 2,
  kGenericNode = 3,
  kBoardingArea = 4,
};

enum class trip_origin : std::uint8_t {
  kScheduled,        // a row of trips.txt with its stop_times
  kFrequencyExact,   // expanded from frequencies.txt with exact_times=1
  kFrequencyHeadway  // expanded from frequencies.txt with exact_times=0: times are approximate
};

struct stop_time {
  service_seconds arr_;
  service_seconds dep_;
  friend bool operator==(stop_time const&, stop_time const&) = default;
};

// A stop of a pattern, with whether passengers may board or alight there (GTFS pickup/drop_off types:
// 1 = none; 2 and 3, arranged by phone or with the driver, count as allowed).
struct pattern_stop {
  static constexpr std::uint32_t kNoBoarding = 1U << 30U;
  static constexpr std::uint32_t kNoAlighting = 1U << 31U;
  static constexpr std::uint32_t kStopMask = kNoBoarding - 1U;

  static pattern_stop make(stop_idx s, bool can_board, bool can_alight) {
    return pattern_stop{s.v() | (can_board ? 0U : kNoBoarding) | (can_alight ? 0U : kNoAlighting)};
  }
  stop_idx stop() const { return stop_idx{v_ & kStopMask}; }
  bool can_board() const { return (v_ & kNoBoarding) == 0U; }
  bool can_alight() const { return (v_ & kNoAlighting) == 0U; }
  friend bool operator==(pattern_stop, pattern_stop) = default;

  std::uint32_t v_;
};

using latlng = caravan::latlng;  // base/geo.h

struct agency_record {
  string_idx id_, name_, url_, phone_, lang_;
  tz_idx tz_;
};

struct stop_record {
  string_idx id_, name_, code_, desc_, platform_code_;
  stop_idx parent_;  // the station this stop belongs to, or invalid
  tz_idx tz_;        // stop_timezone, else the parent's, else the feed's
  std::int32_t min_change_;  // seconds, from transfers.txt; -1 = use the query's default
  latlng pos_;
  location_type type_;
  std::uint8_t wheelchair_;
  std::uint8_t pad_[6];
};

// How sure a record's times are: Caravan's provenance columns `confidence` (exact: a published timetable
// gives them; estimated: only a duration or frequency is known and the times were placed) and `source`.
enum class confidence : std::uint8_t { kUnstated, kExact, kEstimated };
std::string_view to_string(confidence);

struct route_record {
  string_idx id_, short_name_, long_name_, desc_, color_, text_color_;
  agency_idx agency_;
  std::int32_t route_type_;
  string_idx source_;  // provenance, "" if not given
  confidence confidence_;
  std::uint8_t pad_[3];
};

struct trip_record {
  string_idx id_, headsign_, short_name_, block_id_;
  route_idx route_;
  bitfield_idx service_;  // service days (agency time zone) on which this trip runs
  pattern_idx pattern_;
  std::uint8_t direction_;  // 0, 1, or 255 when not given
  trip_origin origin_;
  confidence confidence_;  // the trip's own, else its route's
  std::uint8_t pad_;
  string_idx source_;      // the trip's own, else its route's
};

// Trips of a pattern are the contiguous trip range [first_trip_, first_trip_ + n_trips_), sorted so that no
// trip overtakes another at any stop. Their times are one trip-major block: stop_times[first_stop_time_ +
// k * n_stops + i] is trip k's time at the pattern's i-th stop.
struct pattern_record {
  trip_idx first_trip_;
  std::uint32_t n_trips_;
  std::uint32_t first_stop_time_;
  tz_idx tz_;  // all trips of a pattern count service days in this time zone
  mode mode_;
  std::uint8_t max_days_;  // the latest arrival of any trip, in whole days after its service-day start
  std::uint8_t pad_[2];
};

struct footpath {
  stop_idx target_;
  std::int32_t duration_;  // seconds
};

// transfers.txt transfer_type.
enum class transfer_type : std::uint8_t {
  kRecommended = 0,
  kTimed = 1,
  kMinimumTime = 2,
  kNotPossible = 3,
  kInSeat = 4,
  kReBoard = 5,
};

struct trip_transfer {
  trip_idx from_trip_;
  stop_idx from_stop_;  // invalid: any stop
  trip_idx to_trip_;
  stop_idx to_stop_;
  std::int32_t min_time_;  // -1 when not given
  transfer_type type_;
  std::uint8_t pad_[3];
};

struct stop_transfer {
  stop_idx from_;
  stop_idx to_;
  std::int32_t min_time_;
  transfer_type type_;
  std::uint8_t pad_[3];
};

// A passenger may stay on board from one trip to the next one of the same block (GTFS block_id).
struct stay_seated {
  trip_idx from_;
  trip_idx to_;
};

// Road links (Caravan's GTFS extension, docs/gtfs-import.md): a drive between two stops that no
// timetable covers, which may pass a border crossing open only on some weekdays and hours (in its own
// time zone) and closed on listed dates; the traveller waits at the crossing until it opens.
enum class road_mode : std::uint8_t { kCar, kTaxi, kSharedTaxi, kBus };

struct road_link {
  stop_idx from_, to_;
  std::int32_t before_s_;   // driving time from `from_` to the crossing (the whole drive when none)
  std::int32_t after_s_;    // from the crossing to `to_`
  crossing_idx crossing_;   // invalid: no crossing
  string_idx id_, source_;
  road_mode mode_;
  std::uint8_t estimated_;  // 1: the driving time is an estimate, not a published figure
  std::uint8_t pad_[2];
};

struct border_crossing {
  string_idx id_, name_, source_;
  tz_idx tz_;                   // one of the timetable's time zones
  std::int32_t formalities_s_;  // time the crossing takes; it must end before closing time
  // Per weekday (0 = Monday): open from open_ to close_, seconds after the local service-day start
  // (noon - 12 h, as GTFS times); close_ may pass 24:00. open_ == close_: closed all that weekday.
  std::int32_t open_[7], close_[7];
  std::uint32_t first_closure_, n_closures_;  // its dates in crossing_closures (days since 1970, sorted)
  confidence confidence_;       // of the hours and formalities time
  std::uint8_t has_position_;   // 1: pos_ is where the crossing is (feeds may not say)
  std::uint8_t pad_[2];
  latlng pos_;                  // how approximate it is, the source text says
};

enum class translated_table : std::uint8_t { kAgency, kStop, kRoute, kTrip, kFeedInfo };

// A name in another language (translations.txt), sorted by (table, record, field, language).
struct translation {
  std::uint32_t record_;
  string_idx field_;
  string_idx language_;
  string_idx text_;
  translated_table table_;
  std::uint8_t pad_[3];
};

struct meta_entry {
  string_idx key_;
  string_idx value_;
};

template <typename T>
constexpr bool kIsFileRecord = std::is_trivially_copyable_v<T> && std::is_standard_layout_v<T>;
static_assert(kIsFileRecord<stop_record> && sizeof(stop_record) == 56);
static_assert(kIsFileRecord<trip_record> && sizeof(trip_record) == 36);
static_assert(kIsFileRecord<pattern_record> && sizeof(pattern_record) == 20);
static_assert(kIsFileRecord<route_record> && sizeof(route_record) == 40);
static_assert(sizeof(stop_time) == 8 && sizeof(pattern_stop) == 4 && sizeof(footpath) == 8);
static_assert(sizeof(road_link) == 32 && sizeof(border_crossing) == 104);
static_assert(sizeof(translation) == 20 && sizeof(trip_transfer) == 24 && sizeof(stop_transfer) == 16);

}  // namespace caravan::tt
