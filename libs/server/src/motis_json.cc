#include "motis_json.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <date/date.h>
#include <date/tz.h>
#include <iterator>

#include "caravan/base/date.h"
#include "caravan/base/text.h"
#include "caravan/planner/countries.h"
#include "caravan/planner/error.h"
#include "caravan/planner/stop_search.h"
#include "caravan/planner/times.h"

namespace caravan::server::motis {

std::string dump(json const& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

api_response json_ok(json const& j) { return ok("application/json", dump(j)); }

api_response error(error_code code, std::string_view message, std::string_view parameter) {
  return error_response(code, message, parameter);  // Caravan's error bodies carry MOTIS's `error`
}

std::vector<std::string_view> split_commas(std::string_view s) {
  std::vector<std::string_view> out;
  while (true) {
    auto const comma = s.find(',');
    out.push_back(s.substr(0, comma));
    if (comma == std::string_view::npos) {
      return out;
    }
    s.remove_prefix(comma + 1);
  }
}

namespace {

bool is_number(std::string_view s) {
  s = trim(s);
  if (s.empty()) {
    return false;
  }
  std::string const text{s};
  char* end = nullptr;
  auto const v = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size() && std::isfinite(v);
}

api_error not_a_position(std::string_view text, std::string const& name) {
  return api_error{error_code::kInvalidParameter,
                   fmt::format("`{}` must be lat,lon or lat,lon,level, not `{}`", name, shorten(text)), name};
}

}  // namespace

bool looks_like_position(std::string_view text) {
  auto const parts = split_commas(text);
  return (parts.size() == 2 || parts.size() == 3) && std::all_of(parts.begin(), parts.end(), is_number);
}

std::string_view without_level(std::string_view text) {
  auto const parts = split_commas(text);
  if (parts.size() == 3) {
    return text.substr(0, parts[0].size() + 1 + parts[1].size());
  }
  return text;
}

tt::latlng position(std::string_view text, std::string const& name) {
  auto const parts = split_commas(text);
  if ((parts.size() != 2 && parts.size() != 3) || (parts.size() == 3 && !is_number(parts[2]))) {
    throw not_a_position(text, name);
  }
  try {
    return planner::parse_position(without_level(text), name);
  } catch (planner::query_error const& e) {
    throw api_error{error_code::kInvalidParameter, e.what(), name};
  }
}

std::string without_fraction(std::string_view text, std::string const& field) {
  std::string t{text};
  if (auto const tpos = t.find_first_of("Tt "); tpos != std::string::npos) {
    auto const dot = t.find('.', tpos);
    if (dot != std::string::npos) {
      auto end = dot + 1;
      while (end < t.size() && t[end] >= '0' && t[end] <= '9') {
        ++end;
      }
      if (end == dot + 1) {
        throw api_error{error_code::kInvalidTime,
                        fmt::format("`{}`: `{}` has a point without digits after the seconds", field, shorten(text)),
                        field};
      }
      t.erase(dot, end - dot);
    }
  }
  return t;
}

std::int64_t parse_time(std::string_view text, std::string_view tz, std::string const& field) {
  auto const t = without_fraction(text, field);
  try {
    return planner::parse_time(t, tz, field);
  } catch (planner::query_error const& e) {
    throw api_error{error_code::kInvalidTime, e.what(), field};
  }
}

namespace {

// A zone's offset at an instant: the zone and its current period (sys_info) kept per thread, as an answer
// formats hundreds of times in a handful of zones (locate_zone alone is a search over all names).
std::int32_t offset_at(std::int64_t unix_seconds, std::string_view tz) {
  struct known {
    std::string name_;
    date::time_zone const* zone_;
    date::sys_info period_;
  };
  thread_local std::vector<known> cache;
  auto const at = date::sys_seconds{std::chrono::seconds{unix_seconds}};
  auto it = std::find_if(cache.begin(), cache.end(), [&](known const& k) { return k.name_ == tz; });
  if (it == cache.end()) {
    auto const* zone = date::locate_zone(std::string{tz});
    cache.push_back({std::string{tz}, zone, zone->get_info(at)});
    it = cache.end() - 1;
  } else if (at < it->period_.begin || at >= it->period_.end) {
    it->period_ = it->zone_->get_info(at);
  }
  return static_cast<std::int32_t>(it->period_.offset.count());
}

}  // namespace

std::string format_time(std::int64_t unix_seconds, std::string_view tz) {
  auto const offset = offset_at(unix_seconds, tz);
  auto const local = unix_seconds + offset;
  auto const day = static_cast<std::int32_t>(local >= 0 ? local / 86'400 : (local - 86'399) / 86'400);
  auto const s = local - static_cast<std::int64_t>(day) * 86'400;
  date::year_month_day const ymd{date::sys_days{date::days{day}}};
  char buf[40];
  auto n = std::snprintf(buf, sizeof(buf), "%04d-%02u-%02uT%02d:%02d:%02d", static_cast<int>(ymd.year()),
                         static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                         static_cast<int>(s / 3600), static_cast<int>(s / 60 % 60), static_cast<int>(s % 60));
  if (offset == 0) {
    buf[n++] = 'Z';
  } else {
    auto const a = std::abs(offset);
    n += std::snprintf(buf + n, sizeof(buf) - static_cast<std::size_t>(n), "%c%02d:%02d", offset < 0 ? '-' : '+',
                       a / 3600, a / 60 % 60);
  }
  return {buf, static_cast<std::size_t>(n)};
}

std::string_view mode_of(tt::mode m, std::int32_t route_type) {
  switch (m) {
    case tt::mode::kRail:
      switch (route_type) {
        case 101: return "HIGHSPEED_RAIL";
        case 102: return "LONG_DISTANCE";
        case 103: return "REGIONAL_FAST_RAIL";
        case 105: return "NIGHT_RAIL";
        case 106: return "REGIONAL_RAIL";
        case 109: return "SUBURBAN";
        default: return "RAIL";
      }
    case tt::mode::kTram: return "TRAM";
    case tt::mode::kSubway: return route_type == 401 ? "METRO" : "SUBWAY";
    case tt::mode::kBus: return "BUS";
    case tt::mode::kTrolleybus: return "BUS";
    case tt::mode::kCoach: return "COACH";
    case tt::mode::kFerry: return "FERRY";
    case tt::mode::kCableCar: return "CABLE_CAR";
    case tt::mode::kAerialLift: return "AERIAL_LIFT";
    case tt::mode::kFunicular: return "FUNICULAR";
    case tt::mode::kMonorail: return "RAIL";
    case tt::mode::kAir: return "AIRPLANE";
    case tt::mode::kTaxi: return "ODM";
    case tt::mode::kRoad: return "CAR";
    case tt::mode::kOther: return "OTHER";
  }
  return "OTHER";
}

std::string_view mode_of_road(std::string_view road_mode) {
  if (road_mode == "bus") {
    return "COACH";
  }
  if (road_mode == "car") {
    return "CAR";
  }
  return "ODM";  // taxi, shared-taxi: on demand, booked or found at the stand
}

std::string_view mode_of(tt::timetable const& tt, tt::trip_idx t) {
  auto const& trip = tt.trip(t);
  return mode_of(tt.pattern(trip.pattern_).mode_, tt.route(trip.route_).route_type_);
}

std::string_view mode_of(planner::leg_view const& l, tt::timetable const& tt) {
  switch (l.kind_) {
    case routing::leg_kind::kWalk: return "WALK";
    case routing::leg_kind::kRoad: return mode_of_road(l.road_ ? l.road_->mode_ : "car");
    case routing::leg_kind::kTrip: break;
  }
  return l.trip_.valid() ? mode_of(tt, l.trip_) : "OTHER";
}

std::vector<std::string_view> languages_of(api_request const& r) {
  std::vector<std::string_view> out;
  if (auto const l = r.target.get("language")) {
    out = split_commas(*l);
  }
  return out;
}

namespace {

struct mode_name {
  std::string_view motis_;
  std::string_view caravan_;  // planner modes (modes.h), "" when Caravan has none
};

// MOTIS's Mode enum (v6, which includes v5's) and what each stands for in Caravan's timetable.
constexpr mode_name kModeNames[] = {
    {"WALK", ""},
    {"BIKE", ""},
    {"RENTAL", ""},
    {"CAR", "road"},
    {"HGV", ""},
    {"CAR_PARKING", ""},
    {"CAR_DROPOFF", ""},
    {"ODM", "road"},
    {"RIDE_SHARING", "road"},
    {"FLEX", ""},
    {"DEBUG_BUS_ROUTE", ""},
    {"DEBUG_RAILWAY_ROUTE", ""},
    {"DEBUG_FERRY_ROUTE", ""},
    {"TRANSIT", "all"},
    {"TRAM", "tram"},
    {"SUBWAY", "subway"},
    {"METRO", "subway"},
    {"FERRY", "water"},
    {"AIRPLANE", "air"},
    {"BUS", "bus,trolleybus"},
    {"COACH", "coach,road"},
    {"RAIL", "train,monorail"},
    {"HIGHSPEED_RAIL", "train"},
    {"LONG_DISTANCE", "train"},
    {"NIGHT_RAIL", "train"},
    {"REGIONAL_FAST_RAIL", "train"},
    {"REGIONAL_RAIL", "train"},
    {"SUBURBAN", "train"},
    {"FUNICULAR", "funicular"},
    {"AERIAL_LIFT", "aerial-lift"},
    {"AREAL_LIFT", "aerial-lift"},
    {"CABLE_CAR", "cable-car"},
    {"OTHER", "other"},
};

}  // namespace

void check_modes(std::string_view motis_modes, std::string const& field) { planner_modes(motis_modes, field); }

std::string planner_modes(std::string_view motis_modes, std::string const& field) {
  std::string out;
  for (auto const m : split_commas(motis_modes)) {
    auto const it = std::find_if(std::begin(kModeNames), std::end(kModeNames),
                                 [&](mode_name const& n) { return n.motis_ == m; });
    if (it == std::end(kModeNames)) {
      throw api_error{error_code::kInvalidParameter,
                      fmt::format("`{}`: unknown mode `{}` (MOTIS's Mode names: TRANSIT, RAIL, AIRPLANE, COACH, BUS, ...)",
                                  field, shorten(m)),
                      field};
    }
    if (!it->caravan_.empty()) {
      out += out.empty() ? "" : ",";
      out += it->caravan_;
    }
  }
  return out;
}

std::string trip_run_id(tt::timetable const& tt, tt::trip_idx t, tt::day_idx day) {
  auto const& trip = tt.trip(t);
  auto const runs = tt.find_trips(tt.str(trip.id_));
  auto const k = std::distance(runs.begin(), std::find(runs.begin(), runs.end(), t));
  auto const date = format_date(tt.scalars().first_day_ + static_cast<std::int32_t>(day.v()));
  // "2026-06-05" -> "20260605"
  std::string compact;
  std::copy_if(date.begin(), date.end(), std::back_inserter(compact), [](char c) { return c != '-'; });
  return fmt::format("{}_{}_{}", compact, k, tt.str(trip.id_));
}

trip_run parse_trip_run_id(tt::timetable const& tt, std::string_view id, std::string const& field) {
  auto const bad = [&] {
    return api_error{error_code::kInvalidParameter,
                     fmt::format("`{}` must be a trip id as the plan and stoptimes answers give it "
                                 "(YYYYMMDD_RUN_TRIPID), not `{}`",
                                 field, shorten(id)),
                     field};
  };
  auto const first = id.find('_');
  auto const second = first == std::string_view::npos ? first : id.find('_', first + 1);
  if (second == std::string_view::npos) {
    throw bad();
  }
  auto const date_text = id.substr(0, first);
  auto const run = parse_int(id.substr(first + 1, second - first - 1));
  auto const trip_id = id.substr(second + 1);
  std::int32_t date = 0;
  try {
    date = planner::parse_compact_date(date_text, field);
  } catch (planner::query_error const&) {
    throw bad();
  }
  if (!run || *run < 0 || trip_id.empty()) {
    throw bad();
  }
  auto const runs = tt.find_trips(trip_id);
  auto const day = tt.day_of(date);
  if (runs.empty()) {
    throw api_error{error_code::kNotFound, fmt::format("no trip `{}` in the timetable", shorten(trip_id)), field};
  }
  if (static_cast<std::size_t>(*run) >= runs.size()) {
    throw api_error{error_code::kNotFound,
                    fmt::format("trip `{}` has {} run{} (0 to {}), not run {}", shorten(trip_id), runs.size(),
                                runs.size() == 1 ? "" : "s", runs.size() - 1, *run),
                    field};
  }
  auto const t = runs[static_cast<std::size_t>(*run)];
  if (!day || !tt.runs_on(tt.trip(t).service_, *day)) {
    throw api_error{error_code::kNotFound,
                    fmt::format("trip `{}` does not run on {}", shorten(trip_id), format_date(date)), field};
  }
  return {t, *day};
}

std::string_view stop_name(tt::timetable const& tt, tt::stop_idx s, std::vector<std::string_view> const& languages) {
  for (auto const l : languages) {
    if (l.empty()) {
      continue;
    }
    if (auto const t = tt.translate(tt::translated_table::kStop, s.v(), "stop_name", l); !t.empty()) {
      return t;
    }
  }
  return tt.str(tt.stop(s).name_);
}

json object(std::size_t members) {
  auto out = json::object();
  out.get_ref<json::object_t&>().reserve(members);
  return out;
}

void put(json& object, std::string_view key, json value) {
  static_cast<json::object_t::Container&>(object.get_ref<json::object_t&>()).emplace_back(std::string{key},
                                                                                         std::move(value));
}

namespace {

// A stop's Place: room for its times too (set_times).
json stop_place(std::string_view name, std::string_view id, std::string_view parent, tt::latlng pos, std::string_view tz,
                std::string_view code) {
  auto out = object(15);
  put(out, "name", name);
  put(out, "stopId", id);
  if (!parent.empty()) {
    put(out, "parentId", parent);
  }
  put(out, "lat", pos.lat_);
  put(out, "lon", pos.lon_);
  put(out, "level", 0);
  put(out, "tz", tz);
  if (!code.empty()) {
    put(out, "stopCode", code);
  }
  put(out, "vertexType", "TRANSIT");
  if (auto const country = planner::country_of_zone(tz); !country.empty()) {
    put(out, "country", country);
  }
  return out;
}

}  // namespace

json place(tt::timetable const& tt, tt::stop_idx s, std::vector<std::string_view> const& languages) {
  auto const& r = tt.stop(s);
  return stop_place(stop_name(tt, s, languages), tt.str(r.id_), r.parent_.valid() ? tt.str(tt.stop(r.parent_).id_) : "",
                    r.pos_, tt.tz_name(r.tz_), tt.str(r.code_));
}

json place(planner::stop_view const& s, tt::timetable const& tt, std::vector<std::string_view> const& languages) {
  std::string_view name = s.name_;
  if (!languages.empty()) {
    if (auto const idx = tt.find_stop(s.id_)) {
      name = stop_name(tt, *idx, languages);
    }
  }
  return stop_place(name, s.id_, "", {s.lat_, s.lon_}, s.tz_, s.code_);
}

json place(tt::latlng p, std::string_view tz) {
  json out = {{"name", fmt::format("{},{}", p.lat_, p.lon_)}, {"lat", p.lat_}, {"lon", p.lon_}, {"level", 0}, {"tz", tz},
              {"vertexType", "NORMAL"}};
  if (auto const country = planner::country_of_zone(tz); !country.empty()) {
    out["country"] = country;
  }
  return out;
}

void set_times(json& place, std::optional<std::int64_t> arrival, std::optional<std::int64_t> departure,
               std::string_view tz) {
  auto const set = [&](std::string_view key, std::string_view scheduled, std::string const& t) {
    if (place.contains(key)) {  // a Place built elsewhere may have its times already
      place[std::string{key}] = t;
      place[std::string{scheduled}] = t;
    } else {
      put(place, key, t);
      put(place, scheduled, t);
    }
  };
  if (arrival) {
    set("arrival", "scheduledArrival", format_time(*arrival, tz));
  }
  if (departure) {
    set("departure", "scheduledDeparture", format_time(*departure, tz));
  }
}

namespace {

std::string polyline(std::vector<tt::latlng> const& line) { return encode_polyline(line); }

json geometry(std::vector<tt::latlng> const& line) {
  return {{"points", polyline(line)}, {"precision", 5}, {"length", line.size()}};
}

// What a client shows on a transit leg's badge: never empty (a bare mode line reads as nothing).
std::string display_name(planner::leg_view const& l) {
  for (auto const* s : {&l.route_short_name_, &l.trip_short_name_, &l.route_long_name_}) {
    if (!s->empty()) {
      return *s;
    }
  }
  if (l.road_) {
    if (!l.road_->crossing_name_.empty()) {
      return fmt::format("{} via {}", l.road_->mode_, l.road_->crossing_name_);
    }
    return l.road_->mode_;
  }
  return !l.trip_id_.empty() ? l.trip_id_ : l.mode_;
}

}  // namespace

json walk_leg(json from, json to, std::int64_t departure, std::int64_t arrival, double distance_m,
              std::vector<tt::latlng> const& line) {
  auto const start = format_time(departure, from["tz"].get<std::string>());
  auto const end = format_time(arrival, to["tz"].get<std::string>());
  put(from, "departure", start);
  put(from, "scheduledDeparture", start);
  put(to, "arrival", end);
  put(to, "scheduledArrival", end);
  auto out = object(13);
  put(out, "mode", "WALK");
  put(out, "from", std::move(from));
  put(out, "to", std::move(to));
  put(out, "duration", arrival - departure);
  put(out, "startTime", start);
  put(out, "endTime", end);
  put(out, "scheduledStartTime", start);
  put(out, "scheduledEndTime", end);
  put(out, "realTime", false);
  put(out, "scheduled", false);
  put(out, "distance", std::round(distance_m));
  put(out, "legGeometry", geometry(line));
  put(out, "caravanMode", "walk");
  return out;
}

json leg(planner::leg_view const& l, tt::timetable const& tt, std::vector<std::string_view> const& languages) {
  auto from = place(l.from_, tt, languages);
  auto to = place(l.to_, tt, languages);
  std::vector<tt::latlng> line{{l.from_.lat_, l.from_.lon_}};
  for (auto const& i : l.intermediate_stops_) {
    line.push_back({i.stop_.lat_, i.stop_.lon_});
  }
  line.push_back({l.to_.lat_, l.to_.lon_});
  if (l.kind_ == routing::leg_kind::kWalk) {
    double d = 0;
    for (std::size_t i = 1; i < line.size(); ++i) {
      d += distance_m(line[i - 1], line[i]);
    }
    return walk_leg(std::move(from), std::move(to), l.departure_, l.arrival_, d, line);
  }
  auto const start = format_time(l.departure_, l.from_.tz_);
  auto const end = format_time(l.arrival_, l.to_.tz_);
  put(from, "departure", start);
  put(from, "scheduledDeparture", start);
  put(to, "arrival", end);
  put(to, "scheduledArrival", end);
  auto out = object(34);
  put(out, "mode", mode_of(l, tt));
  put(out, "from", std::move(from));
  put(out, "to", std::move(to));
  put(out, "duration", l.duration());
  put(out, "startTime", start);
  put(out, "endTime", end);
  put(out, "scheduledStartTime", start);
  put(out, "scheduledEndTime", end);
  put(out, "realTime", false);
  put(out, "scheduled", true);
  if (l.kind_ == routing::leg_kind::kTrip) {
    put(out, "interlineWithPreviousLeg", l.stay_seated_);
    put(out, "headsign", l.headsign_);
    put(out, "routeId", l.route_id_);
    if (!l.route_color_.empty()) {
      put(out, "routeColor", l.route_color_);
    }
    if (!l.route_text_color_.empty()) {
      put(out, "routeTextColor", l.route_text_color_);
    }
    put(out, "routeType", l.route_type_);
    put(out, "agencyName", l.agency_name_);
    if (l.trip_.valid() && l.day_.valid()) {
      put(out, "tripId", trip_run_id(tt, l.trip_, l.day_));
    }
    put(out, "routeShortName", l.route_short_name_);
    put(out, "routeLongName", l.route_long_name_);
    put(out, "tripShortName", l.trip_short_name_);
    put(out, "displayName", display_name(l));
    json stops = json::array();
    stops.get_ref<json::array_t&>().reserve(l.intermediate_stops_.size());
    for (auto const& i : l.intermediate_stops_) {
      auto p = place(i.stop_, tt, languages);
      set_times(p, i.arrival_, i.departure_, i.stop_.tz_);
      stops.push_back(std::move(p));
    }
    put(out, "intermediateStops", std::move(stops));
  } else {
    put(out, "displayName", display_name(l));
  }
  put(out, "legGeometry", geometry(line));
  if (!l.source_.empty()) {
    put(out, "source", l.source_);
  }
  // Caravan's extensions.
  put(out, "caravanMode", l.mode_);
  put(out, "confidence", l.confidence_);
  put(out, "estimated", l.estimated_);
  if (l.road_) {
    json road = {{"id", l.road_->link_id_}, {"mode", l.road_->mode_}};
    if (!l.road_->crossing_id_.empty()) {
      road["crossingId"] = l.road_->crossing_id_;
      road["crossingName"] = l.road_->crossing_name_;
      road["crossingWaitSeconds"] = l.road_->crossing_wait_s_;
    }
    put(out, "roadLink", std::move(road));
  }
  return out;
}

std::string itinerary_id(planner::itinerary const& it) {
  // FNV-1a over what makes the journey: each leg's kind, run, stops and times.
  std::uint64_t h = 0xcbf29ce484222325ULL;
  auto const mix = [&](std::string_view s) {
    for (auto const c : s) {
      h ^= static_cast<unsigned char>(c);
      h *= 0x100000001b3ULL;
    }
    h ^= 0xFFU;
    h *= 0x100000001b3ULL;
  };
  mix(std::to_string(it.departure_));
  mix(std::to_string(it.arrival_));
  for (auto const& l : it.legs_) {
    mix(std::to_string(static_cast<int>(l.kind_)));
    mix(l.trip_id_);
    mix(l.road_ ? l.road_->link_id_ : "");
    mix(l.from_.id_);
    mix(l.to_.id_);
    mix(std::to_string(l.departure_));
    mix(std::to_string(l.arrival_));
  }
  return fmt::format("caravan-{:016x}", h);
}

}  // namespace caravan::server::motis
