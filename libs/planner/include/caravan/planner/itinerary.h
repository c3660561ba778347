#pragma once
// A journey as a traveller reads it: names, coordinates and local times instead of indices and unix
// seconds. Built from routing::journey and the timetable; formatting (text, JSON) works on these values.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "caravan/routing/query.h"
#include "caravan/timetable/timetable.h"

namespace caravan::planner {

struct stop_view {
  std::string id_, name_;
  double lat_{0}, lon_{0};
  std::string tz_;  // IANA zone: times at this stop are shown in it
  std::string code_;  // stop_code (an airport's IATA code in the Silk Road data), may be empty
};

// A stop passed on a trip without getting off.
struct intermediate_stop {
  stop_view stop_;
  std::int64_t arrival_{0}, departure_{0};  // unix seconds
};

struct road_view {
  std::string link_id_, mode_;  // mode: car, taxi, shared-taxi, bus
  std::string crossing_id_, crossing_name_;  // empty without a border crossing
  std::int64_t crossing_wait_s_{0};          // waiting for the crossing to open (formalities not included)
  // The crossing on the local day it is reached (after the drive there and the wait): its zone, that
  // day's date and hours ("10:00-18:00", local; "" if closed) and the confidence of its hours.
  std::string crossing_tz_, crossing_date_, crossing_hours_, crossing_confidence_;
};

struct leg_view {
  routing::leg_kind kind_;
  std::string mode_;  // tt::to_string of the trip's mode, "walk", or "road"
  stop_view from_, to_;
  std::int64_t departure_{0}, arrival_{0};  // unix seconds
  std::int64_t wait_before_s_{0};  // since the previous leg arrived (0 for the first leg)
  // The times are not exact: placed by the data's authors (confidence `estimated`), a road link's
  // estimated drive, or a frequency trip run without exact times.
  bool estimated_{false};
  // Provenance as the data states it: "exact", "estimated" or "" (not stated), and the source.
  std::string confidence_, source_;

  // kTrip only. trip_ and day_ name the run (the service day it runs on); route_type_ is GTFS's
  // (basic or extended), what a client's finer mode (high-speed, night train) is read from.
  tt::trip_idx trip_{tt::trip_idx::invalid()};
  tt::day_idx day_{tt::day_idx::invalid()};
  std::int32_t route_type_{-1};
  std::string route_color_, route_text_color_;
  std::string trip_id_, trip_short_name_, route_id_, route_short_name_, route_long_name_, agency_name_, headsign_;
  std::vector<intermediate_stop> intermediate_stops_;
  bool stay_seated_{false};  // boarded from the previous trip without getting off

  // kRoad only.
  std::optional<road_view> road_;

  std::int64_t duration() const { return arrival_ - departure_; }
};

struct itinerary {
  std::int64_t departure_{0}, arrival_{0};  // unix seconds, walks from and to the place included
  std::string departure_tz_, arrival_tz_;   // zones of the first and last stop
  std::uint32_t transfers_{0};
  std::vector<leg_view> legs_;  // empty when origin and destination share a stop

  std::int64_t duration() const { return arrival_ - departure_; }
};

stop_view view_of(tt::timetable const& tt, tt::stop_idx s);

// `origin` and `destination` give the zones of an itinerary without legs.
itinerary present(tt::timetable const& tt, routing::journey const& j, tt::stop_idx origin, tt::stop_idx destination);

std::string_view to_string(tt::road_mode m);

}  // namespace caravan::planner
