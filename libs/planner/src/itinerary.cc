#include "caravan/planner/itinerary.h"

#include "caravan/base/date.h"
#include "caravan/routing/road.h"
#include "caravan/timetable/crossings.h"

namespace caravan::planner {

std::string_view to_string(tt::road_mode m) {
  switch (m) {
    case tt::road_mode::kCar: return "car";
    case tt::road_mode::kTaxi: return "taxi";
    case tt::road_mode::kSharedTaxi: return "shared-taxi";
    case tt::road_mode::kBus: return "bus";
  }
  return "car";
}

stop_view view_of(tt::timetable const& tt, tt::stop_idx s) {
  auto const& r = tt.stop(s);
  return {std::string{tt.str(r.id_)}, std::string{tt.str(r.name_)}, r.pos_.lat_, r.pos_.lon_, std::string{tt.tz_name(r.tz_)},
          std::string{tt.str(r.code_)}};
}

namespace {

void describe_trip(tt::timetable const& tt, routing::leg const& l, leg_view& v) {
  auto const& trip = tt.trip(l.trip_);
  auto const& route = tt.route(trip.route_);
  auto const& pattern = tt.pattern(trip.pattern_);
  v.mode_ = tt::to_string(pattern.mode_);
  v.trip_ = l.trip_;
  v.day_ = l.day_;
  v.route_type_ = route.route_type_;
  v.route_color_ = tt.str(route.color_);
  v.route_text_color_ = tt.str(route.text_color_);
  v.trip_id_ = tt.str(trip.id_);
  v.trip_short_name_ = tt.str(trip.short_name_);
  v.route_id_ = tt.str(route.id_);
  v.route_short_name_ = tt.str(route.short_name_);
  v.route_long_name_ = tt.str(route.long_name_);
  v.agency_name_ = route.agency_.valid() ? tt.str(tt.agency(route.agency_).name_) : "";
  auto const stops = tt.pattern_stops(trip.pattern_);
  // Without a headsign, the trip's last stop is where it goes (as on the departures board).
  v.headsign_ = !tt.str(trip.headsign_).empty() ? tt.str(trip.headsign_) : tt.str(tt.stop(stops.back().stop()).name_);
  v.stay_seated_ = l.stay_seated_;
  v.confidence_ = tt::to_string(trip.confidence_);
  v.source_ = tt.str(trip.source_);
  v.estimated_ = trip.origin_ == tt::trip_origin::kFrequencyHeadway || trip.confidence_ == tt::confidence::kEstimated;
  auto const k = l.trip_.v() - pattern.first_trip_.v();
  auto const day_start = tt.service_day_start(pattern.tz_, l.day_);
  for (auto pos = l.from_pos_ + 1; pos < l.to_pos_; ++pos) {
    auto const& t = tt.time_at(trip.pattern_, k, pos);
    v.intermediate_stops_.push_back({view_of(tt, stops[pos].stop()), day_start + t.arr_, day_start + t.dep_});
  }
}

void describe_road(tt::timetable const& tt, routing::leg const& l, leg_view& v) {
  auto const& link = tt.road(l.road_);
  v.mode_ = "road";
  v.estimated_ = link.estimated_ != 0;
  v.confidence_ = v.estimated_ ? "estimated" : "exact";  // the road-links file states it for every link
  v.source_ = tt.str(link.source_);
  road_view r;
  r.link_id_ = tt.str(link.id_);
  r.mode_ = to_string(link.mode_);
  if (link.crossing_.valid()) {
    auto const& x = tt.crossing(link.crossing_);
    r.crossing_id_ = tt.str(x.id_);
    r.crossing_name_ = tt.str(x.name_);
    r.crossing_wait_s_ = routing::road_wait(tt, link, l.departure_);
    auto const reached = l.departure_ + link.before_s_ + r.crossing_wait_s_;
    auto const day = tt::crossing_on(tt, link.crossing_, tt::crossing_local_date(tt, link.crossing_, reached));
    r.crossing_tz_ = tt.tz_name(x.tz_);
    r.crossing_date_ = format_date(day.date_);
    r.crossing_hours_ = day.state_ == tt::crossing_state::kOpen ? tt::format_hours(day.open_s_, day.close_s_) : "";
    r.crossing_confidence_ = tt::to_string(x.confidence_);
  }
  v.road_ = std::move(r);
}

}  // namespace

itinerary present(tt::timetable const& tt, routing::journey const& j, tt::stop_idx origin, tt::stop_idx destination) {
  itinerary it;
  it.departure_ = j.departure_;
  it.arrival_ = j.arrival_;
  it.transfers_ = j.transfers_;
  it.departure_tz_ = tt.tz_name(tt.stop(j.legs_.empty() ? origin : j.legs_.front().from_).tz_);
  it.arrival_tz_ = tt.tz_name(tt.stop(j.legs_.empty() ? destination : j.legs_.back().to_).tz_);
  for (std::size_t i = 0; i != j.legs_.size(); ++i) {
    auto const& l = j.legs_[i];
    leg_view v;
    v.kind_ = l.kind_;
    v.from_ = view_of(tt, l.from_);
    v.to_ = view_of(tt, l.to_);
    v.departure_ = l.departure_;
    v.arrival_ = l.arrival_;
    v.wait_before_s_ = i == 0 ? 0 : l.departure_ - j.legs_[i - 1].arrival_;
    switch (l.kind_) {
      case routing::leg_kind::kTrip: describe_trip(tt, l, v); break;
      case routing::leg_kind::kRoad: describe_road(tt, l, v); break;
      case routing::leg_kind::kWalk: v.mode_ = "walk"; break;
    }
    it.legs_.push_back(std::move(v));
  }
  return it;
}

}  // namespace caravan::planner
