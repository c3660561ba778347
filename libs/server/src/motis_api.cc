#include "motis_api.h"

#include "motis_json.h"
#include "parameters.h"
#include "motis_plan.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "caravan/base/geo.h"
#include "caravan/base/text.h"
#include "caravan/planner/countries.h"
#include "caravan/planner/error.h"
#include "caravan/planner/itinerary.h"
#include "caravan/planner/modes.h"
#include "caravan/planner/places.h"
#include "caravan/planner/stop_search.h"
#include "caravan/routing/raptor.h"
#include "caravan/timetable/departures.h"
#include "plan_support.h"

namespace caravan::server {

namespace {

using motis::json;
using motis::position;
using motis::languages_of;
using motis::split_commas;

// type=ADDRESS,PLACE,STOP (v6: a list; v5: one): whether stops are wanted. Caravan has only stops.
bool wants_stops(api_request const& r) {
  auto const v = r.target.get("type");
  if (!v) {
    return true;
  }
  bool stops = false;
  for (auto const t : split_commas(*v)) {
    if (t == "STOP") {
      stops = true;
    } else if (t != "ADDRESS" && t != "PLACE") {
      throw api_error{error_code::kInvalidParameter,
                      fmt::format("`type` takes ADDRESS, PLACE and STOP, not `{}`", shorten(t)), "type"};
    }
  }
  return stops;
}

// mode=...: MOTIS's Mode names, checked and not used (every stop is returned).
void check_modes(api_request const& r) {
  if (auto const v = r.target.get("mode")) {
    motis::check_modes(*v, "mode");
  }
}

std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; }));
}

// A place (a station, or a stop without one) as MOTIS's Match: type STOP, its id, name (in the first of
// `languages` the feed translates it to, else its stop_name), position, level 0, no areas, its zone and
// the country of that zone.
json match_json(tt::timetable const& tt,
                tt::stop_idx place,
                std::vector<std::string_view> const& languages,
                json tokens,
                double score) {
  auto const& r = tt.stop(place);
  auto const name = motis::stop_name(tt, place, languages);
  auto const tz = tt.tz_name(r.tz_);
  json out = {{"type", "STOP"},
              {"tokens", std::move(tokens)},
              {"name", name},
              {"id", tt.str(r.id_)},
              {"lat", r.pos_.lat_},
              {"lon", r.pos_.lon_},
              {"level", 0},
              {"tz", tz},
              {"areas", json::array()},
              {"score", score}};
  if (auto const country = planner::country_of_zone(tz); !country.empty()) {
    out["country"] = country;
  }
  return out;
}

double kind_score(planner::stop_match const& m) {
  switch (m.kind_) {
    case planner::match_kind::kExact:
      return 1.0;
    case planner::match_kind::kPrefix:
      return 0.8;
    case planner::match_kind::kSubstring:
      return 0.6;
    case planner::match_kind::kFuzzy:
      return std::max(0.1, 0.4 - 0.1 * m.edits_);
  }
  return 0.0;
}

// GET /api/v1/geocode?text=...: the planner's stop search (as /api/v1/stops).
api_response geocode(api_request const& r, loaded_data const& d) {
  r.only({"text", "language", "type", "mode", "place", "placeBias", "numResults", "min", "max"});
  auto const text = r.target.get("text");
  if (!text || text->empty()) {
    throw api_error{error_code::kMissingParameter, "parameter `text` is required", "text"};
  }
  auto const languages = languages_of(r);
  bool const stops = wants_stops(r);
  check_modes(r);
  std::optional<tt::latlng> bias;
  if (auto const p = r.target.get("place")) {
    bias = position(*p, "place");
  }
  if (auto const b = r.target.get("placeBias")) {
    char* end = nullptr;
    std::string const s{*b};
    auto const v = std::strtod(s.c_str(), &end);
    if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(v)) {
      throw api_error{error_code::kInvalidParameter,
                      fmt::format("`placeBias` must be a number, not `{}`", shorten(*b)), "placeBias"};
    }
  }
  auto const limit = static_cast<std::size_t>(integer(r, "numResults", 1, 1000).value_or(10));
  std::optional<tt::latlng> lo, hi;
  if (auto const m = r.target.get("min")) {
    lo = position(*m, "min");
  }
  if (auto const m = r.target.get("max")) {
    hi = position(*m, "max");
  }
  if (lo && hi) {
    // As map/stops: the box between the corners, whichever way round the client names them.
    auto const a = *lo, b = *hi;
    lo = tt::latlng{std::min(a.lat_, b.lat_), std::min(a.lon_, b.lon_)};
    hi = tt::latlng{std::max(a.lat_, b.lat_), std::max(a.lon_, b.lon_)};
  }
  json out = json::array();
  if (!stops || planner::search_key(*text).empty()) {
    return ok("application/json", out.dump());
  }
  auto const& tt = d.timetable();
  bool const boxed = lo || hi;
  auto const matches = d.search().search(*text, bias, boxed ? 1000 : limit);
  json const tokens = json::array({json::array({0, code_points(*text)})});
  for (auto const& m : matches) {
    auto const p = tt.stop(m.place_).pos_;
    if ((lo && (p.lat_ < lo->lat_ || p.lon_ < lo->lon_)) ||
        (hi && (p.lat_ > hi->lat_ || p.lon_ > hi->lon_))) {
      continue;
    }
    if (out.size() == limit) {
      break;
    }
    out.push_back(match_json(tt, m.place_, languages, tokens, kind_score(m)));
  }
  return ok("application/json", out.dump(-1, ' ', false, json::error_handler_t::replace));
}

// GET /api/v1/reverse-geocode?place=lat,lon[,level]: the nearest places (stations, stops without one).
api_response reverse_geocode(api_request const& r, loaded_data const& d) {
  r.only({"place", "type", "numResults"});
  auto const p = r.target.get("place");
  if (!p || p->empty()) {
    throw api_error{error_code::kMissingParameter, "parameter `place` is required", "place"};
  }
  auto const at = position(*p, "place");
  bool const stops = wants_stops(r);
  auto const limit = static_cast<std::size_t>(integer(r, "numResults", 1, 1000).value_or(5));
  json out = json::array();
  if (!stops) {
    return ok("application/json", out.dump());
  }
  auto const& tt = d.timetable();
  std::vector<std::pair<double, tt::stop_idx>> near;
  for (std::uint32_t i = 0; i != tt.n_stops(); ++i) {
    tt::stop_idx const s{i};
    auto const& st = tt.stop(s);
    if ((st.type_ == tt::location_type::kStop && !st.parent_.valid()) ||
        st.type_ == tt::location_type::kStation) {
      near.emplace_back(distance_m(at, st.pos_), s);
    }
  }
  auto const n = std::min(limit, near.size());
  std::partial_sort(near.begin(), near.begin() + static_cast<std::ptrdiff_t>(n), near.end(),
                    [](auto const& a, auto const& b) {
                      return a.first < b.first || (a.first == b.first && a.second.v() < b.second.v());
                    });
  for (std::size_t i = 0; i != n; ++i) {
    // Nearer is better: 1 at the point, 0.5 at 1 km.
    out.push_back(match_json(tt, near[i].second, {}, json::array(), 1.0 / (1.0 + near[i].first / 1000.0)));
  }
  return ok("application/json", out.dump(-1, ' ', false, json::error_handler_t::replace));
}

// --- Parameters MOTIS's other operations take: read when honoured, checked when accepted and ignored.

api_error invalid(std::string_view name, std::string message) {
  return api_error{error_code::kInvalidParameter, std::move(message), std::string{name}};
}

std::optional<std::string_view> one_of(api_request const& r, std::string_view name,
                                       std::initializer_list<std::string_view> values) {
  auto const v = r.target.get(name);
  if (!v) {
    return std::nullopt;
  }
  if (std::find(values.begin(), values.end(), *v) == values.end()) {
    std::string list;
    for (auto const x : values) {
      list += list.empty() ? "" : ", ";
      list += x;
    }
    throw invalid(name, fmt::format("`{}` takes {}, not `{}`", name, list, shorten(*v)));
  }
  return v;
}

std::int64_t now_s() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// `time` (RFC 3339, local in `tz` without an offset), else now.
std::int64_t time_of(api_request const& r, std::string_view tz) {
  auto const t = r.target.get("time");
  if (!t) {
    return now_s();
  }
  if (t->empty()) {
    throw api_error{error_code::kInvalidTime, "`time` is empty; leave it out for now", "time"};
  }
  return motis::parse_time(*t, tz, "time");
}

// MOTIS's Mode names as a filter on MOTIS modes (motis::mode_of): TRANSIT takes every mode, RAIL every
// kind of rail, a name itself; an empty filter (WALK alone, say) takes none.
class mode_filter {
 public:
  mode_filter() : all_{true} {}
  mode_filter(std::string_view text, std::string const& field) {
    motis::check_modes(text, field);
    names_ = split_commas(text);
    all_ = std::find(names_.begin(), names_.end(), "TRANSIT") != names_.end();
  }
  bool accepts(std::string_view m) const {
    if (all_ || std::find(names_.begin(), names_.end(), m) != names_.end()) {
      return true;
    }
    static constexpr std::string_view kRail[] = {"HIGHSPEED_RAIL",     "LONG_DISTANCE", "NIGHT_RAIL",
                                                 "REGIONAL_FAST_RAIL", "REGIONAL_RAIL", "SUBURBAN"};
    bool const rail = std::find(std::begin(kRail), std::end(kRail), m) != std::end(kRail);
    bool const metro = m == "METRO" || m == "SUBWAY";
    return std::any_of(names_.begin(), names_.end(), [&](std::string_view n) {
      return (n == "RAIL" && rail) || (metro && (n == "METRO" || n == "SUBWAY"));
    });
  }

 private:
  bool all_{false};
  std::vector<std::string_view> names_;
};

// Arrival and departure (unix seconds) of a run at the i-th stop of its pattern.
struct run_times {
  std::int64_t arrival_, departure_;
};
run_times times_at(tt::timetable const& tt, tt::trip_idx t, tt::day_idx day, std::uint32_t i) {
  auto const& trip = tt.trip(t);
  auto const& pr = tt.pattern(trip.pattern_);
  auto const start = tt.service_day_start(pr.tz_, day);
  auto const& st = tt.time_at(trip.pattern_, t.v() - pr.first_trip_.v(), i);
  return {start + st.arr_, start + st.dep_};
}

// --- /api/v5|v6/stoptimes

constexpr std::int64_t kMaxStopTimes = 1000;   // n and window together answer at most this many
constexpr int kMaxScanDays = 7;                 // days looked at for one page (multi-day trips included)
constexpr std::int64_t kMaxStopRadiusM = 5000;  // radius: stops this close to the stop or center
constexpr std::int64_t kMaxStopWindowS = 86'400;

// A page's position: LATER|t|k lists the events at or after t, EARLIER|t|k those at or before t (latest
// first, the page shown in time order), each without the first k of those at exactly t (given already).
struct stop_cursor {
  bool later_{true};
  std::int64_t time_{0};
  std::int64_t skip_{0};
};

std::string to_string(stop_cursor const& c) {
  return fmt::format("{}|{}|{}", c.later_ ? "LATER" : "EARLIER", c.time_, c.skip_);
}

stop_cursor parse_cursor(std::string_view text) {
  std::vector<std::string_view> parts;
  for (std::string_view rest = text;;) {
    auto const bar = rest.find('|');
    parts.push_back(rest.substr(0, bar));
    if (bar == std::string_view::npos) {
      break;
    }
    rest.remove_prefix(bar + 1);
  }
  std::optional<std::int64_t> t, k;
  if (parts.size() == 3) {
    t = parse_int(parts[1]);
    k = parse_int(parts[2]);
  }
  if (parts.size() != 3 || (parts[0] != "LATER" && parts[0] != "EARLIER") || !t || !k || *k < 0 ||
      std::abs(*t) > 1'000'000'000'000) {
    throw invalid("pageCursor", fmt::format("`pageCursor` must be a cursor of an earlier answer (LATER|unix|n or "
                                            "EARLIER|unix|n), not `{}`",
                                            shorten(text)));
  }
  return {parts[0] == "LATER", *t, *k};
}

bool event_less(tt::stop_event const& a, tt::stop_event const& b) {
  return std::tie(a.time_, a.trip_, a.stop_pos_, a.stop_) < std::tie(b.time_, b.trip_, b.stop_pos_, b.stop_);
}

json stop_time_json(tt::timetable const& tt, tt::stop_event const& e, tt::event_kind kind,
                    std::vector<std::string_view> const& languages) {
  auto const& trip = tt.trip(e.trip_);
  auto const& route = tt.route(trip.route_);
  auto const ps = tt.pattern_stops(trip.pattern_);
  auto const last = static_cast<std::uint32_t>(ps.size() - 1);
  auto const tz_of = [&](tt::stop_idx s) { return tt.tz_name(tt.stop(s).tz_); };
  auto const here = times_at(tt, e.trip_, e.day_, e.stop_pos_);
  auto place = motis::place(tt, e.stop_, languages);
  motis::set_times(place, e.stop_pos_ > 0 ? std::optional{here.arrival_} : std::nullopt,
                   e.stop_pos_ < last ? std::optional{here.departure_} : std::nullopt, tz_of(e.stop_));
  auto from = motis::place(tt, ps.front().stop(), languages);
  motis::set_times(from, std::nullopt, times_at(tt, e.trip_, e.day_, 0).departure_, tz_of(ps.front().stop()));
  auto to = motis::place(tt, ps.back().stop(), languages);
  motis::set_times(to, times_at(tt, e.trip_, e.day_, last).arrival_, std::nullopt, tz_of(ps.back().stop()));
  auto const agency = route.agency_.valid() ? &tt.agency(route.agency_) : nullptr;
  auto const headsign = tt.str(trip.headsign_);
  auto const trip_id = tt.str(trip.id_);
  std::string_view display;
  for (auto const name : {tt.str(route.short_name_), tt.str(trip.short_name_), tt.str(route.long_name_), trip_id}) {
    if (!name.empty()) {
      display = name;
      break;
    }
  }
  auto const mode = motis::mode_of(tt, e.trip_);
  json out = {{"place", std::move(place)},
              {"mode", mode},
              {"realTime", false},
              {"headsign", !headsign.empty() ? headsign : motis::stop_name(tt, ps.back().stop(), languages)},
              {"tripFrom", std::move(from)},
              {"tripTo", std::move(to)},
              {"agencyId", agency != nullptr ? tt.str(agency->id_) : ""},
              {"agencyName", agency != nullptr ? tt.str(agency->name_) : ""},
              {"agencyUrl", agency != nullptr ? tt.str(agency->url_) : ""},
              {"routeId", tt.str(route.id_)},
              {"directionId", trip.direction_ <= 1 ? std::to_string(trip.direction_) : ""}};
  if (auto const c = tt.str(route.color_); !c.empty()) {
    out["routeColor"] = c;
  }
  if (auto const c = tt.str(route.text_color_); !c.empty()) {
    out["routeTextColor"] = c;
  }
  out["tripId"] = motis::trip_run_id(tt, e.trip_, e.day_);
  out["routeType"] = route.route_type_;
  out["routeShortName"] = tt.str(route.short_name_);
  out["routeLongName"] = tt.str(route.long_name_);
  out["tripShortName"] = tt.str(trip.short_name_);
  out["displayName"] = !display.empty() ? display : mode;  // never empty: a bare badge reads as nothing
  out["pickupDropoffType"] = "NORMAL";  // only events where boarding (alighting) is allowed are listed
  out["cancelled"] = false;
  out["tripCancelled"] = false;
  out["bikesAllowed"] = false;                    // not in Caravan's timetable
  out["wheelchairAccessible"] = "NOT_ACCESSIBLE";  // not known: never promised
  out["reservation"] = "NONE";
  out["source"] = tt.str(trip.source_);
  out["confidence"] = tt::to_string(trip.confidence_);  // Caravan's extension
  out["caravanEvent"] = kind == tt::event_kind::kDeparture ? "departure" : "arrival";
  return out;
}

// The stops of a board: the stop and its children, with radius every stop (station) that close to
// `at` and theirs.
std::vector<tt::stop_idx> board_stops(tt::timetable const& tt, std::optional<tt::stop_idx> s, tt::latlng at,
                                      std::optional<std::int64_t> radius_m) {
  std::vector<tt::stop_idx> out;
  auto const add = [&](tt::stop_idx x) {
    out.push_back(x);
    for (auto const c : tt.children(x)) {
      out.push_back(c);
    }
  };
  if (s) {
    add(*s);
  }
  if (radius_m) {
    for (std::uint32_t i = 0; i != tt.n_stops(); ++i) {
      tt::stop_idx const x{i};
      auto const& st = tt.stop(x);
      if ((st.type_ == tt::location_type::kStop || st.type_ == tt::location_type::kStation) &&
          distance_m(at, st.pos_) <= static_cast<double>(*radius_m)) {
        add(x);
      }
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

api_response stoptimes(api_request const& r, loaded_data const& d, int version) {
  if (version == 5) {
    r.only({"stopId", "time", "arriveBy", "direction", "mode", "n", "radius", "exactRadius", "fetchStops",
            "pageCursor", "withScheduledSkippedStops", "language"});
  } else {
    r.only({"stopId", "center", "time", "arriveBy", "both", "direction", "window", "mode", "n", "radius",
            "exactRadius", "fetchStops", "pageCursor", "withScheduledSkippedStops", "realtimeMode", "language",
            "withAlerts"});
  }
  auto const& tt = d.timetable();
  auto const languages = languages_of(r);
  auto const radius = integer(r, "radius", 0, kMaxStopRadiusM);
  std::optional<tt::latlng> center;
  if (auto const c = r.target.get("center")) {
    center = motis::position(*c, "center");
  }
  // Accepted and ignored: no real time, skipped stops are never listed, stop lists not fetched.
  for (auto const* name : {"both", "exactRadius", "fetchStops", "withScheduledSkippedStops", "withAlerts"}) {
    boolean(r, name);
  }
  one_of(r, "realtimeMode", {"OFF", "REALTIME_ANNOTATION_ONLY", "REALTIME"});
  std::optional<tt::stop_idx> stop;
  if (auto const id = r.target.get("stopId"); id && !id->empty()) {
    stop = tt.find_stop(*id);
    if (!stop && !center) {
      throw api_error{error_code::kNotFound, fmt::format("no stop with id `{}`", shorten(*id)), "stopId"};
    }
  } else if (!center) {
    throw api_error{error_code::kMissingParameter,
                    version == 5 ? "parameter `stopId` is required" : "parameter `stopId` (or `center` with `radius`) is required",
                    "stopId"};
  }
  if (!stop && !radius) {
    throw api_error{error_code::kMissingParameter, "`center` without a stop needs `radius` (meters)", "radius"};
  }
  auto const anchor = stop ? tt.stop(*stop).pos_ : *center;
  auto const stops = board_stops(tt, stop, anchor, radius);
  // The zone of times without an offset: the stop's, else the nearest stop's.
  std::string_view tz = "UTC";
  if (stop) {
    tz = tt.tz_name(tt.stop(*stop).tz_);
  } else if (!stops.empty()) {
    tz = tt.tz_name(tt.stop(stops.front()).tz_);
  } else if (tt.n_stops() != 0) {
    // No stop within the radius: the nearest stop's zone is the point's best guess (clients show times in it).
    std::uint32_t nearest = 0;
    auto best = distance_m(anchor, tt.stop(tt::stop_idx{0}).pos_);
    for (std::uint32_t i = 1; i != tt.n_stops(); ++i) {
      if (auto const dd = distance_m(anchor, tt.stop(tt::stop_idx{i}).pos_); dd < best) {
        best = dd;
        nearest = i;
      }
    }
    tz = tt.tz_name(tt.stop(tt::stop_idx{nearest}).tz_);
  }
  auto const time = time_of(r, tz);
  bool const arrive_by = boolean(r, "arriveBy");
  auto const kind = arrive_by ? tt::event_kind::kArrival : tt::event_kind::kDeparture;
  auto const direction = one_of(r, "direction", {"EARLIER", "LATER"});
  std::optional<std::int64_t> n = integer(r, "n", 1, kMaxStopTimes);
  auto const window = version == 6 ? integer(r, "window", 0, kMaxStopWindowS) : std::nullopt;
  if (!n && version == 5) {
    throw api_error{error_code::kMissingParameter, "parameter `n` is required", "n"};
  }
  if (!n) {
    n = window ? 0 : 10;
  }
  // Plain values: the optional in the lambdas below trips g++'s maybe-uninitialized.
  bool const has_window = window.has_value();
  std::int64_t const window_s = window.value_or(0);
  mode_filter modes;
  if (auto const m = r.target.get("mode")) {
    modes = mode_filter{*m, "mode"};
  }
  stop_cursor c;
  if (auto const pc = r.target.get("pageCursor")) {
    c = parse_cursor(*pc);
  } else {
    c.later_ = direction ? *direction == "LATER" : !arrive_by;
    c.time_ = c.later_ ? time : time - 1;  // EARLIER: before `time`
  }

  // The events in paging order (LATER: ascending; EARLIER: descending), a day at a time until n (and
  // the window) are covered or kMaxScanDays are looked at.
  std::vector<tt::stop_event> events;
  std::size_t wanted_in_window = 0;
  std::int64_t scanned_to = c.time_;
  auto const drop = [&] {
    std::size_t k = 0;
    while (k < events.size() && static_cast<std::int64_t>(k) < c.skip_ && events[k].time_ == c.time_) {
      ++k;
    }
    return k;
  };
  for (int day = 0; day != kMaxScanDays; ++day) {
    auto const lo = c.later_ ? c.time_ + day * 86'400LL : c.time_ + 1 - (day + 1) * 86'400LL;
    auto const hi = lo + 86'400;
    auto chunk = tt::stop_events(tt, stops, lo, hi, kind);
    std::erase_if(chunk, [&](tt::stop_event const& e) { return !modes.accepts(motis::mode_of(tt, e.trip_)); });
    if (!c.later_) {
      std::reverse(chunk.begin(), chunk.end());
    }
    events.insert(events.end(), chunk.begin(), chunk.end());
    scanned_to = c.later_ ? hi : lo - 1;
    auto const covered = (day + 1) * 86'400LL;
    if (static_cast<std::int64_t>(events.size() - drop()) >= *n && (!has_window || covered >= window_s)) {
      break;
    }
  }
  auto const first = drop();
  if (has_window) {
    wanted_in_window = static_cast<std::size_t>(std::count_if(events.begin() + static_cast<std::ptrdiff_t>(first), events.end(), [&](tt::stop_event const& e) {
      return std::abs(e.time_ - c.time_) <= window_s;
    }));
  }
  auto const take = std::min({std::max(static_cast<std::size_t>(*n), wanted_in_window),
                              static_cast<std::size_t>(kMaxStopTimes), events.size() - first});
  std::vector<tt::stop_event> page(events.begin() + static_cast<std::ptrdiff_t>(first),
                                   events.begin() + static_cast<std::ptrdiff_t>(first + take));
  if (!c.later_) {
    std::reverse(page.begin(), page.end());
  }
  stop_cursor previous{false, 0, 0}, next{true, 0, 0};
  if (page.empty()) {
    previous.time_ = c.later_ ? c.time_ - 1 : scanned_to;
    next.time_ = c.later_ ? scanned_to : c.time_ + 1;
  } else {
    // Before the first: the events at its time from it on are given; after the last: those up to it.
    auto const& f = page.front();
    auto const& l = page.back();
    previous = {false, f.time_, std::count_if(events.begin(), events.end(), [&](tt::stop_event const& e) {
                  return e.time_ == f.time_ && !event_less(e, f);
                })};
    next = {true, l.time_, std::count_if(events.begin(), events.end(), [&](tt::stop_event const& e) {
              return e.time_ == l.time_ && !event_less(l, e);
            })};
  }
  json list = json::array();
  for (auto const& e : page) {
    list.push_back(stop_time_json(tt, e, kind, languages));
  }
  json place;
  if (stop) {
    place = motis::place(tt, *stop, languages);
  } else {
    place = motis::place(*center, tz);
  }
  return motis::json_ok({{"stopTimes", std::move(list)},
                         {"place", std::move(place)},
                         {"previousPageCursor", to_string(previous)},
                         {"nextPageCursor", to_string(next)}});
}

// --- /api/v5|v6/trip

api_response trip(api_request const& r, loaded_data const& d, int version) {
  if (version == 5) {
    r.only({"tripId", "withScheduledSkippedStops", "joinInterlinedLegs", "language"});
  } else {
    r.only({"tripId", "withScheduledSkippedStops", "detailedLegs", "joinInterlinedLegs", "language"});
  }
  auto const& tt = d.timetable();
  auto const id = required(r, "tripId");
  for (auto const* name : {"withScheduledSkippedStops", "detailedLegs", "joinInterlinedLegs"}) {
    boolean(r, name);
  }
  auto const languages = languages_of(r);
  auto const run = motis::parse_trip_run_id(tt, id, "tripId");
  auto const& t = tt.trip(run.trip_);
  auto const ps = tt.pattern_stops(t.pattern_);
  auto const last = static_cast<std::uint32_t>(ps.size() - 1);
  routing::leg leg{routing::leg_kind::kTrip,
                   ps.front().stop(),
                   ps.back().stop(),
                   times_at(tt, run.trip_, run.day_, 0).departure_,
                   times_at(tt, run.trip_, run.day_, last).arrival_};
  leg.trip_ = run.trip_;
  leg.day_ = run.day_;
  leg.from_pos_ = 0;
  leg.to_pos_ = last;
  routing::journey j;
  j.departure_ = leg.departure_;
  j.arrival_ = leg.arrival_;
  j.legs_.push_back(leg);
  auto const it = planner::present(tt, j, leg.from_, leg.to_);
  json legs = json::array();
  for (auto const& l : it.legs_) {
    legs.push_back(motis::leg(l, tt, languages));
  }
  return motis::json_ok({{"id", motis::itinerary_id(it)},
                         {"duration", it.duration()},
                         {"startTime", motis::format_time(it.departure_, it.departure_tz_)},
                         {"endTime", motis::format_time(it.arrival_, it.arrival_tz_)},
                         {"transfers", 0},
                         {"legs", std::move(legs)}});
}

// --- /api/v1|v6/map/stops, /api/v1/map/initial, /api/v1/rentals

constexpr std::size_t kMaxMapStops = 10'000;

// MOTIS modes of the trips at a stop (and at its children), each once, in the order first met.
std::vector<std::string_view> modes_at(tt::timetable const& tt, tt::stop_idx s) {
  std::vector<std::string_view> out;
  auto const add = [&](tt::stop_idx x) {
    for (auto const p : tt.patterns_at(x)) {
      auto const& pr = tt.pattern(p);
      if (pr.n_trips_ == 0) {
        continue;
      }
      auto const m = motis::mode_of(pr.mode_, tt.route(tt.trip(pr.first_trip_).route_).route_type_);
      if (std::find(out.begin(), out.end(), m) == out.end()) {
        out.push_back(m);
      }
    }
  };
  add(s);
  for (auto const c : tt.children(s)) {
    add(c);
  }
  return out;
}

api_response map_stops(api_request const& r, loaded_data const& d, int version) {
  if (version == 1) {
    r.only({"min", "max", "language"});
  } else {
    r.only({"min", "max", "grouped", "modes", "language"});
  }
  auto const a = motis::position(required(r, "min"), "min");
  auto const b = motis::position(required(r, "max"), "max");
  bool const grouped = boolean(r, "grouped");
  mode_filter filter;
  bool const filtered = r.target.get("modes").has_value();
  if (filtered) {
    filter = mode_filter{*r.target.get("modes"), "modes"};
  }
  auto const languages = languages_of(r);
  // MOTIS names the corners min and max but clients send them either way round: the box between them.
  auto const lat_lo = std::min(a.lat_, b.lat_), lat_hi = std::max(a.lat_, b.lat_);
  auto const lon_lo = std::min(a.lon_, b.lon_), lon_hi = std::max(a.lon_, b.lon_);
  auto const& tt = d.timetable();
  json out = json::array();
  for (std::uint32_t i = 0; i != tt.n_stops() && out.size() != kMaxMapStops; ++i) {
    tt::stop_idx const s{i};
    auto const& st = tt.stop(s);
    bool const kind = grouped ? st.type_ == tt::location_type::kStation ||
                                    (st.type_ == tt::location_type::kStop && !st.parent_.valid())
                              : st.type_ == tt::location_type::kStation || st.type_ == tt::location_type::kStop;
    if (!kind || st.pos_.lat_ < lat_lo || st.pos_.lat_ > lat_hi || st.pos_.lon_ < lon_lo || st.pos_.lon_ > lon_hi) {
      continue;
    }
    auto const modes = modes_at(tt, s);
    if (filtered && std::none_of(modes.begin(), modes.end(), [&](std::string_view m) { return filter.accepts(m); })) {
      continue;
    }
    auto p = motis::place(tt, s, languages);
    p["modes"] = modes;
    out.push_back(std::move(p));
  }
  return motis::json_ok(out);
}

constexpr std::int64_t kMaxOneToAllMinutes = 48 * 60;

api_response map_initial(api_request const& r, loaded_data const& d) {
  r.only({});
  auto const& tt = d.timetable();
  double lat_lo = 90, lat_hi = -90, lon_lo = 180, lon_hi = -180;
  for (std::uint32_t i = 0; i != tt.n_stops(); ++i) {
    auto const& st = tt.stop(tt::stop_idx{i});
    if (st.type_ != tt::location_type::kStop && st.type_ != tt::location_type::kStation) {
      continue;
    }
    lat_lo = std::min(lat_lo, st.pos_.lat_);
    lat_hi = std::max(lat_hi, st.pos_.lat_);
    lon_lo = std::min(lon_lo, st.pos_.lon_);
    lon_hi = std::max(lon_hi, st.pos_.lon_);
  }
  if (lat_lo > lat_hi) {  // no stops: the whole world
    lat_lo = lon_lo = lat_hi = lon_hi = 0;
  }
  // A web map at zoom z shows about 360 / 2^z degrees of longitude across a 256 px tile; a screen is
  // a few tiles wide. Latitude counts double (screens are wider than high).
  auto const span = std::max({lon_hi - lon_lo, 2 * (lat_hi - lat_lo), 0.01});
  auto const zoom = std::clamp(std::floor(std::log2(360.0 * 3 / span)), 2.0, 16.0);
  json config = {{"motisVersion", "caravan (MOTIS-compatible API, docs/server.md)"},
                 {"hasElevation", false},
                 {"hasRoutedTransfers", false},
                 {"hasStreetRouting", false},
                 {"maxOneToManySize", 0},
                 {"maxOneToAllTravelTimeLimit", kMaxOneToAllMinutes},
                 {"maxTravelTimeLimit", kMaxOneToAllMinutes},
                 {"maxPrePostTransitTimeLimit", 0},
                 {"maxDirectTimeLimit", 0},
                 {"shapesDebugEnabled", false}};
  return motis::json_ok({{"lat", (lat_lo + lat_hi) / 2},
                         {"lon", (lon_lo + lon_hi) / 2},
                         {"zoom", zoom},
                         {"serverConfig", std::move(config)}});
}

api_response rentals(api_request const& r) {
  r.only({"min", "max", "point", "radius", "providerGroups", "providers", "withProviders", "withStations",
          "withVehicles", "withZones"});
  for (auto const* name : {"min", "max", "point"}) {
    if (auto const v = r.target.get(name)) {
      motis::position(*v, name);
    }
  }
  integer(r, "radius", 0, std::numeric_limits<std::int32_t>::max());
  for (auto const* name : {"withProviders", "withStations", "withVehicles", "withZones"}) {
    boolean(r, name, true);
  }
  // Caravan has no rental (sharing) data: an empty answer, which the web UI shows as no vehicles.
  return motis::json_ok({{"providerGroups", json::array()},
                         {"providers", json::array()},
                         {"stations", json::array()},
                         {"vehicles", json::array()},
                         {"zones", json::array()}});
}

// --- /api/v6/one-to-all (and v5's /api/v1/one-to-all)

api_response one_to_all(api_request const& r, loaded_data const& d, int version) {
  if (version == 5) {
    r.only({"one", "time", "maxTravelTime", "arriveBy", "maxTransfers", "minTransferTime", "additionalTransferTime",
            "transferTimeFactor", "maxMatchingDistance", "useRoutedTransfers", "pedestrianProfile", "pedestrianSpeed",
            "cyclingSpeed", "elevationCosts", "transitModes", "preTransitModes", "postTransitModes",
            "requireBikeTransport", "requireCarTransport", "maxPreTransitTime", "maxPostTransitTime"});
  } else {
    r.only({"one", "time", "maxTravelTime", "arriveBy", "maxTransfers", "minTransferTime", "additionalTransferTime",
            "transferTimeFactor", "maxMatchingDistance", "useRoutedTransfers", "pedestrianProfile", "pedestrianSpeed",
            "cyclingSpeed", "vehicleHeight", "vehicleWidth", "vehicleLength", "vehicleWeight", "vehicleHazmat",
            "vehicleHazmatWater", "vehicleAxleCount", "vehicleAxleLoad", "vehicleTrailer", "vehicleTopSpeed",
            "vehicleLezAccess", "elevationCosts", "transitModes", "preTransitModes", "postTransitModes",
            "requireBikeTransport", "requireCarTransport", "noCompulsoryReservation", "maxPreTransitTime",
            "maxPostTransitTime"});
  }
  auto const& tt = d.timetable();
  auto const& planner = d.planner();
  auto const one_text = required(r, "one");
  auto const max_minutes = integer(r, "maxTravelTime", 1, kMaxOneToAllMinutes);
  if (!max_minutes) {
    throw api_error{error_code::kMissingParameter, "parameter `maxTravelTime` (minutes) is required", "maxTravelTime"};
  }
  auto const transfers = integer(r, "maxTransfers", 0, kMaxTransfersServed);
  auto const min_transfer = integer(r, "minTransferTime", 0, 24 * 60);
  // Accepted and ignored: street routing, vehicles and pre/post modes are not Caravan's.
  integer(r, "additionalTransferTime", 0, 24 * 60);
  integer(r, "maxPreTransitTime", 0, std::numeric_limits<std::int32_t>::max());
  integer(r, "maxPostTransitTime", 0, std::numeric_limits<std::int32_t>::max());
  integer(r, "vehicleAxleCount", 0, 1000);
  integer(r, "vehicleTopSpeed", 0, 1000);
  for (auto const* name : {"transferTimeFactor", "maxMatchingDistance", "pedestrianSpeed", "cyclingSpeed",
                           "vehicleHeight", "vehicleWidth", "vehicleLength", "vehicleWeight", "vehicleAxleLoad"}) {
    number(r, name);
  }
  for (auto const* name : {"useRoutedTransfers", "requireBikeTransport", "requireCarTransport",
                           "noCompulsoryReservation", "vehicleHazmat", "vehicleHazmatWater", "vehicleTrailer",
                           "vehicleLezAccess"}) {
    boolean(r, name);
  }
  one_of(r, "pedestrianProfile", {"FOOT", "WHEELCHAIR"});
  one_of(r, "elevationCosts", {"NONE", "LOW", "HIGH"});
  for (auto const* name : {"preTransitModes", "postTransitModes"}) {
    if (auto const v = r.target.get(name)) {
      motis::check_modes(*v, name);
    }
  }
  routing::mode_mask modes = routing::kAllModes;
  if (auto const v = r.target.get("transitModes")) {
    auto const names = motis::planner_modes(*v, "transitModes");
    modes = names.empty() ? 0 : planner::parse_modes(names, "transitModes");
  }
  if (boolean(r, "arriveBy")) {
    throw invalid("arriveBy", "`arriveBy=true` (all to one) is not supported: Caravan's one-to-all search goes "
                              "forward from `one` only");
  }
  std::vector<std::string_view> const languages;  // one-to-all takes no `language`: names as the feed's
  auto const place = [&] {
    try {
      return planner.places().resolve(motis::without_level(one_text), "one");
    } catch (planner::query_error const& e) {
      throw api_error{error_code::kUnknownPlace, e.what(), "one"};
    }
  }();
  auto const tz = tt.tz_name(tt.stop(place.primary_).tz_);
  auto const time = time_of(r, tz);

  routing::query q;
  for (std::size_t i = 0; i != place.stops_.size(); ++i) {
    q.from_.push_back({place.stops_[i], place.walk_s_.empty() ? 0 : place.walk_s_[i]});
  }
  q.time_ = time;
  q.horizon_s_ = static_cast<std::int32_t>(*max_minutes * 60);
  if (transfers) {
    q.max_transfers_ = static_cast<std::uint8_t>(*transfers);
  }
  if (min_transfer) {
    q.min_change_s_ = static_cast<std::int32_t>(*min_transfer * 60);
    q.override_min_change_ = true;
  }
  q.modes_ = modes;
  q.stop_.deadline_ = r.deadline;
  if (auto const e = planner.engine().check_one_to_all(q)) {
    switch (e->problem_) {
      case routing::query_problem::kTimeOutsideTimetable:
        throw api_error{error_code::kInvalidTime, e->message_, "time"};
      case routing::query_problem::kTooManyTransfers:
        throw invalid("maxTransfers", e->message_);
      case routing::query_problem::kHorizon:
        throw invalid("maxTravelTime", e->message_);
      case routing::query_problem::kChangeTime:
        throw invalid("minTransferTime", e->message_);
      default:
        throw invalid("one", e->message_);
    }
  }
  auto const cost = plan_cost(tt.n_stop_times(), 0, q.max_transfers_, 1);
  if (cost > api_limits::kPlanBudget) {
    throw api_error{error_code::kQueryTooExpensive,
                    fmt::format("this search would scan about {:.2g} stop times; the limit is {:.2g}: lower maxTransfers",
                                cost, api_limits::kPlanBudget),
                    "maxTransfers"};
  }
  std::vector<std::pair<std::int64_t, tt::stop_idx>> reached;
  try {
    auto const arrivals = planner.engine().earliest_arrivals(q, thread_search_state());
    for (std::uint32_t i = 0; i != arrivals.size(); ++i) {
      tt::stop_idx const s{i};
      auto a = arrivals[i];
      // A station (a city of the Silk Road data) is reached when the first of its stops is.
      for (auto const c : tt.children(s)) {
        a = std::min(a, arrivals[c.v()]);
      }
      // A named place's own stops are where the search starts, not places reached; from a point, the
      // stops walked to are reached (after the walk).
      bool const origin = !place.point_ && (s == place.primary_ || std::find(place.stops_.begin(), place.stops_.end(),
                                                                             s) != place.stops_.end());
      if (a == routing::engine::kUnreachable || a - time > *max_minutes * 60 || origin) {
        continue;
      }
      reached.emplace_back(a, s);
    }
  } catch (routing::cancelled const&) {
    throw api_error{error_code::kDeadlineExceeded,
                    "the search ran past the request deadline; lower maxTravelTime or maxTransfers"};
  }
  std::sort(reached.begin(), reached.end());
  json all = json::array();
  for (auto const& [a, s] : reached) {
    auto p = motis::place(tt, s, languages);
    motis::set_times(p, a, std::nullopt, tt.tz_name(tt.stop(s).tz_));
    // Minutes, rounded up: never under maxTravelTime's promise.
    all.push_back({{"place", std::move(p)}, {"duration", (a - time + 59) / 60}});
  }
  json one = place.point_ ? motis::place(*place.point_, tz) : motis::place(tt, place.primary_, languages);
  motis::set_times(one, std::nullopt, time, tz);
  return motis::json_ok({{"one", std::move(one)}, {"all", std::move(all)}});
}

}  // namespace

void add_motis_routes(service& s, caravan_api const& api) {
  auto const motis = [&api](auto f) {
    return [&api, f](api_request const& r) {
      try {
        auto const d = api.data();
        if (!d) {
          throw api_error{error_code::kNotReady, "the timetable is still loading"};
        }
        return f(r, *d);
      } catch (api_error const& e) {
        return motis::error(e.code(), e.what(), e.parameter());
      } catch (planner::query_error const& e) {
        auto const mapped = from_query_error(e);
        return motis::error(mapped.code(), mapped.what(), mapped.parameter());
      }
    };
  };
  auto& m = s.stats();
  auto const plan = motis([&m](api_request const& r, loaded_data const& d) { return motis::plan(r, d, m); });
  s.add("GET", "/api/v6/plan", plan);
  s.add("GET", "/api/v5/plan", plan);
  s.add("GET", "/api/v1/geocode", motis(geocode));
  s.add("GET", "/api/v1/reverse-geocode", motis(reverse_geocode));
  for (int const v : {5, 6}) {
    auto const prefix = fmt::format("/api/v{}", v);
    s.add("GET", prefix + "/stoptimes",
          motis([v](api_request const& r, loaded_data const& d) { return stoptimes(r, d, v); }));
    s.add("GET", prefix + "/trip", motis([v](api_request const& r, loaded_data const& d) { return trip(r, d, v); }));
  }
  // map/stops: v5 under /api/v1, v6 under /api/v6.
  s.add("GET", "/api/v1/map/stops",
        motis([](api_request const& r, loaded_data const& d) { return map_stops(r, d, 1); }));
  s.add("GET", "/api/v6/map/stops",
        motis([](api_request const& r, loaded_data const& d) { return map_stops(r, d, 6); }));
  s.add("GET", "/api/v1/map/initial", motis(map_initial), route_cost::kLight);
  s.add("GET", "/api/v1/rentals", motis([](api_request const& r, loaded_data const&) { return rentals(r); }),
        route_cost::kLight);
  // one-to-all: v6's path, and v5's under /api/v1. A search: heavy.
  s.add("GET", "/api/v6/one-to-all",
        motis([](api_request const& r, loaded_data const& d) { return one_to_all(r, d, 6); }));
  s.add("GET", "/api/v1/one-to-all",
        motis([](api_request const& r, loaded_data const& d) { return one_to_all(r, d, 5); }));
  // The web UI asks for basemap tiles on page load: the sea around Natural Earth's land (basemap_tiles.h),
  // when the web app's basemap was loaded; else a MOTIS-shaped 404.
  s.add("GET", "/tiles/{z}/{x}/{y}", [&api](api_request const& r) {
    r.only({});
    auto const tiles = api.basemap();
    if (!tiles) {
      return motis::error(error_code::kNotFound,
                          "no basemap tiles: the web app's basemap (web/dist/basemap/land.geojson) is not loaded", "");
    }
    auto const& name = r.path_params.at(2);
    // -1 for what is not a whole number: out of range below.
    auto const z = parse_int(r.path_params.at(0)).value_or(-1);
    auto const x = parse_int(r.path_params.at(1)).value_or(-1);
    auto const y = name.ends_with(".mvt") ? parse_int(std::string_view{name}.substr(0, name.size() - 4)).value_or(-1) : -1;
    auto const n = z >= 0 && z <= basemap_tiles::kMaxZoom ? std::int64_t{1} << z : 0;
    if (n == 0 || x < 0 || x >= n || y < 0 || y >= n) {
      return motis::error(error_code::kNotFound,
                          fmt::format("no tile {}/{}/{}: zoom 0 to {}, x and y below 2^zoom, name ending .mvt",
                                      shorten(r.path_params.at(0)), shorten(r.path_params.at(1)), shorten(name),
                                      basemap_tiles::kMaxZoom),
                          "");
    }
    auto out = ok("application/vnd.mapbox-vector-tile",
                  tiles->tile(static_cast<std::uint32_t>(z), static_cast<std::uint32_t>(x), static_cast<std::uint32_t>(y)));
    out.headers.emplace_back("Cache-Control", "public, max-age=86400");
    return out;
  });
}

}  // namespace caravan::server
