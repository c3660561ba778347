#include "caravan/planner/json.h"

#include <cmath>

#include "caravan/planner/times.h"

namespace caravan::planner {

namespace {

using json = nlohmann::ordered_json;

json stop_json(stop_view const& s) { return {{"name", s.name_}, {"stopId", s.id_}, {"lat", s.lat_}, {"lon", s.lon_}}; }

// A place given as coordinates is shown as the point asked for, without a stop id.
json place_json(tt::timetable const& tt, resolved_place const& p) {
  if (p.point_) {
    return {{"name", p.text_}, {"lat", p.point_->lat_}, {"lon", p.point_->lon_}};
  }
  return stop_json(view_of(tt, p.primary_));
}

json leg_json(leg_view const& l) {
  json from = stop_json(l.from_);
  from["departure"] = format_time(l.departure_, l.from_.tz_);
  json to = stop_json(l.to_);
  to["arrival"] = format_time(l.arrival_, l.to_.tz_);
  json out = {
      {"mode", l.mode_},
      {"startTime", format_time(l.departure_, l.from_.tz_)},
      {"endTime", format_time(l.arrival_, l.to_.tz_)},
      {"duration", l.duration()},
      {"waitBefore", l.wait_before_s_},
      {"from", std::move(from)},
      {"to", std::move(to)},
      {"estimated", l.estimated_},
      {"confidence", l.confidence_},
      {"source", l.source_},
  };
  if (l.kind_ == routing::leg_kind::kTrip) {
    out["tripId"] = l.trip_id_;
    out["tripShortName"] = l.trip_short_name_;
    out["routeId"] = l.route_id_;
    out["routeShortName"] = l.route_short_name_;
    out["routeLongName"] = l.route_long_name_;
    out["agencyName"] = l.agency_name_;
    out["headsign"] = l.headsign_;
    out["interlineWithPreviousLeg"] = l.stay_seated_;
    json stops = json::array();
    for (auto const& s : l.intermediate_stops_) {
      json x = stop_json(s.stop_);
      x["arrival"] = format_time(s.arrival_, s.stop_.tz_);
      x["departure"] = format_time(s.departure_, s.stop_.tz_);
      stops.push_back(std::move(x));
    }
    out["intermediateStops"] = std::move(stops);
  }
  if (l.road_) {
    out["roadMode"] = l.road_->mode_;
    out["linkId"] = l.road_->link_id_;
    if (!l.road_->crossing_id_.empty()) {
      out["crossing"] = {{"id", l.road_->crossing_id_},
                         {"name", l.road_->crossing_name_},
                         {"wait", l.road_->crossing_wait_s_},
                         {"timezone", l.road_->crossing_tz_},
                         {"date", l.road_->crossing_date_},
                         {"hours", l.road_->crossing_hours_.empty() ? json(nullptr) : json(l.road_->crossing_hours_)},
                         {"confidence", l.road_->crossing_confidence_}};
    }
  }
  return out;
}

}  // namespace

json to_json(itinerary const& it) {
  json legs = json::array();
  for (auto const& l : it.legs_) {
    legs.push_back(leg_json(l));
  }
  return {
      {"duration", it.duration()},
      {"startTime", format_time(it.departure_, it.departure_tz_)},
      {"endTime", format_time(it.arrival_, it.arrival_tz_)},
      {"transfers", it.transfers_},
      {"legs", std::move(legs)},
  };
}

json to_json(tt::timetable const& tt, plan_response const& p) {
  json itineraries = json::array();
  for (auto const& it : p.itineraries_) {
    itineraries.push_back(to_json(it));
  }
  json out = {
      {"from", place_json(tt, p.from_)},
      {"to", place_json(tt, p.to_)},
      {"time", format_time(p.time_, p.time_tz_)},
      {"arriveBy", p.arrive_by_},
      {"window", p.window_s_},
      {"itineraries", std::move(itineraries)},
  };
  if (p.coverage_note_) {
    out["coverageNote"] = *p.coverage_note_;
  }
  return out;
}

json to_json(tt::timetable const& tt,
             std::string_view text,
             std::optional<tt::latlng> near,
             std::vector<stop_match> const& matches) {
  json out_matches = json::array();
  for (auto const& m : matches) {
    json x = stop_json(view_of(tt, m.place_));
    x["timezone"] = view_of(tt, m.place_).tz_;
    x["match"] = to_string(m.kind_);
    x["edits"] = m.edits_;
    x["matchedName"] = m.name_;
    x["language"] = m.language_;
    x["translated"] = m.translated_;
    x["matchedStopId"] = tt.str(tt.stop(m.named_).id_);
    // Metres are enough: rounded so that the text does not carry noise digits.
    x["distanceKm"] = m.distance_km_ ? json(std::round(*m.distance_km_ * 1000.0) / 1000.0) : json(nullptr);
    out_matches.push_back(std::move(x));
  }
  return {
      {"text", text},
      {"near", near ? json{{"lat", near->lat_}, {"lon", near->lon_}} : json(nullptr)},
      {"matches", std::move(out_matches)},
  };
}

}  // namespace caravan::planner
