#include "caravan/base/date.h"
#include "caravan/server/api.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "caravan/base/error.h"
#include "caravan/base/text.h"
#include "caravan/planner/countries.h"
#include "caravan/planner/coverage.h"
#include "caravan/planner/crossings.h"
#include "caravan/planner/entry.h"
#include "caravan/planner/json.h"
#include "caravan/planner/modes.h"
#include "caravan/planner/times.h"
#include "caravan/planner/trip.h"
#include "caravan/routing/raptor.h"
#include "caravan/registry/registration_json.h"
#include "caravan/rules/itinerary.h"
#include "caravan/timetable/departures.h"
#include "caravan/timetable/info.h"
#include "motis_api.h"
#include "parameters.h"
#include "plan_support.h"
#include "tours_api.h"

namespace caravan::server {

namespace {

using json = nlohmann::ordered_json;

std::string dump(json const& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

api_response json_response(json const& j) { return ok("application/json", dump(j)); }

routing::search_state& thread_state() {
  // Each worker thread owns one search state (resized, never freed between queries).
  thread_local auto state = routing::make_search_state();
  return *state;
}

json stop_json(tt::timetable const& tt, tt::stop_idx s) {
  auto const& r = tt.stop(s);
  auto const tz = tt.tz_name(r.tz_);
  json out = {{"stopId", tt.str(r.id_)},
              {"name", tt.str(r.name_)},
              {"lat", r.pos_.lat_},
              {"lon", r.pos_.lon_},
              {"timezone", tz},
              {"country", planner::country_of_zone(tz)},
              {"locationType", r.type_ == tt::location_type::kStation ? "station" : "stop"}};
  out["parentStation"] = r.parent_.valid() ? json(tt.str(tt.stop(r.parent_).id_)) : json(nullptr);
  return out;
}

// The points a leg passes, each with its country (from its zone).
struct leg_point {
  planner::stop_view const* stop_;
  std::string_view country_;
};

std::vector<leg_point> points_of(planner::leg_view const& l) {
  std::vector<leg_point> out;
  auto const add = [&](planner::stop_view const& s) { out.push_back({&s, planner::country_of_zone(s.tz_)}); };
  add(l.from_);
  for (auto const& i : l.intermediate_stops_) {
    add(i.stop_);
  }
  add(l.to_);
  return out;
}

json itinerary_json(planner::itinerary const& it) {
  auto out = planner::to_json(it);
  for (std::size_t k = 0; k != it.legs_.size(); ++k) {
    std::vector<tt::latlng> coords;
    for (auto const& p : points_of(it.legs_[k])) {
      coords.push_back({p.stop_->lat_, p.stop_->lon_});
    }
    out["legs"][k]["legGeometry"] = {
        {"points", encode_polyline(coords)}, {"precision", 5}, {"length", coords.size()}};
  }
  out["borderCrossings"] = crossings_json(it);
  return out;
}

std::string_view query_kind(planner::plan_request const& r) {
  return r.arrive_by_ ? "arrive_by" : !r.window_.empty() ? "range" : "depart";
}

api_response plan(api_request const& r, loaded_data const& d, metrics& m) {
  r.only({"fromPlace", "toPlace", "time", "arriveBy", "searchWindow", "maxTransfers", "modes", "travellers",
          "onlyVisaFree"});
  planner::plan_request pr;
  pr.from_ = required(r, "fromPlace");
  pr.to_ = required(r, "toPlace");
  if (auto const t = r.target.get("time")) {
    if (t->empty()) {
      throw api_error{error_code::kInvalidTime, "`time` is empty; leave it out for now", "time"};
    }
    pr.time_ = *t;
  } else {
    auto const now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    pr.time_ = planner::format_time(now, "UTC");
  }
  pr.arrive_by_ = boolean(r, "arriveBy");
  if (auto const w = integer(r, "searchWindow", 0, std::numeric_limits<std::int32_t>::max())) {
    if (*w > routing::kMaxWindow) {
      throw api_error{error_code::kWindowTooLarge,
                      fmt::format("searchWindow {} s is longer than {} s ({} days)", *w, routing::kMaxWindow,
                                  routing::kMaxWindow / 86'400),
                      "searchWindow"};
    }
    if (*w > 0 && pr.arrive_by_) {
      throw api_error{error_code::kInvalidParameter, "searchWindow cannot be combined with arriveBy",
                      "searchWindow"};
    }
    if (*w > 0) {
      pr.window_ = fmt::format("{}s", *w);
    }
  }
  if (auto const n = integer(r, "maxTransfers", 0, kMaxTransfersServed)) {
    pr.max_transfers_ = static_cast<int>(*n);
  }
  if (auto const modes = r.target.get("modes")) {
    pr.modes_ = *modes;
    planner::parse_modes(*modes, "modes");  // a bad name is the request's fault before any search
  }
  auto const people = travellers_of(r);
  bool const only_visa_free = boolean(r, "onlyVisaFree");
  if (only_visa_free && people.empty()) {
    throw api_error{error_code::kMissingParameter,
                    "onlyVisaFree=true needs travellers (such as travellers=CN)", "travellers"};
  }
  json travellers = json::array();
  for (auto const& t : people) {
    travellers.push_back(t.nationality_);
  }
  plan_job job;
  job.request_ = pr;
  job.travellers_ = people;
  job.only_visa_free_ = only_visa_free;
  job.window_s_ = integer(r, "searchWindow", 0, routing::kMaxWindow).value_or(0);
  auto const answer = run_plan(r, d, m, job);
  auto out = planner::to_json(d.timetable(), answer, people, itinerary_json);
  out["travellers"] = std::move(travellers);
  return json_response(out);
}

// Whether a Content-Type is application/json (any case, parameters such as charset allowed).
bool is_json_media(std::string_view content_type) {
  return equal_ignoring_ascii_case(trim(content_type.substr(0, content_type.find(';'))), "application/json");
}

// POST /api/v1/entry/check: trip.json in, `caravan check --json` out.
api_response check_trip(api_request const& r, rules::rule_set const& rules, group_registrar const& registrar) {
  r.only({"travellers"});
  if (!is_json_media(r.content_type)) {
    throw api_error{error_code::kUnsupportedMediaType,
                    fmt::format("the body must be a trip.json document sent as application/json, not `{}`",
                                r.content_type.empty() ? "(no Content-Type)" : shorten(r.content_type))};
  }
  if (trim(r.body).empty()) {
    throw api_error{error_code::kInvalidBody,
                    "the request body is empty; send a trip.json document",
                    {},
                    "the body is empty"};
  }
  rules::trip_file trip;
  try {
    trip = rules::parse_trip(r.body, "body");
  } catch (data_error const& e) {
    throw api_error{error_code::kInvalidBody,
                    fmt::format("the body is not a valid trip document: {}", e.what()),
                    {},
                    e.what()};
  }
  // Bounded work: the check is linear in stays, but travellers x stays results are answered.
  auto const too_large_body = [](std::string const& what) {
    return api_error{error_code::kInvalidBody, fmt::format("the body is too large a trip: {}", what), {}, what};
  };
  auto const n_stays = trip.itinerary_.stays_.size();
  if (n_stays > api_limits::kMaxStays) {
    throw too_large_body(fmt::format("{} stays; at most {} per request", n_stays, api_limits::kMaxStays));
  }
  if (trip.travellers_.size() > api_limits::kMaxTravellers) {
    throw too_large_body(fmt::format("{} travellers; at most {} per request", trip.travellers_.size(), api_limits::kMaxTravellers));
  }
  std::size_t n_earlier = 0;
  for (auto const& t : trip.travellers_) {
    n_earlier += t.earlier_stays_.size();
  }
  if (n_earlier > api_limits::kMaxEarlierStays) {
    throw too_large_body(fmt::format("{} earlier stays; at most {} per request", n_earlier, api_limits::kMaxEarlierStays));
  }
  auto const from_body = trip.travellers_.size();
  for (auto& t : travellers_of(r)) {
    trip.travellers_.push_back(std::move(t));
  }
  if (trip.travellers_.empty()) {
    throw api_error{error_code::kMissingParameter,
                    "no traveller: list `travellers` in the body or give travellers=NATIONALITY",
                    "travellers"};
  }
  if (trip.travellers_.size() > api_limits::kMaxTravellers) {
    throw api_error{error_code::kInvalidParameter,
                    fmt::format("{} travellers in the body and {} in `travellers`; at most {} per request", from_body,
                                trip.travellers_.size() - from_body, api_limits::kMaxTravellers),
                    "travellers"};
  }
  if (auto const checks = trip.travellers_.size() * n_stays; checks > api_limits::kMaxStayChecks) {
    throw api_error{error_code::kQueryTooExpensive,
                    fmt::format("{} travellers x {} stays = {} stay checks; at most {} per request: check fewer travellers "
                                "or split the trip",
                                trip.travellers_.size(), n_stays, checks, api_limits::kMaxStayChecks),
                    "travellers"};
  }
  // With a register, it says which group tours are registered (the trip file's word is not taken).
  auto const registrations = registrar ? registrar(trip.itinerary_) : std::vector<registry::group_registration>{};
  auto const past_deadline = [] {
    return api_error{error_code::kDeadlineExceeded, "the entry check ran past the request deadline"};
  };
  std::vector<rules::traveller_result> results;
  try {
    results = rules::check(rules, trip.travellers_, trip.itinerary_, r.deadline);
  } catch (rules::check_cancelled const&) {
    throw past_deadline();
  }
  auto const body = registry::with_registrations<nlohmann::ordered_json>(
      rules::to_json(trip.travellers_, trip.itinerary_, results), registrations);
  if (body.size() > api_limits::kMaxCheckAnswer) {
    throw api_error{error_code::kQueryTooExpensive,
                    fmt::format("the answer would be {} bytes; at most {}: check fewer travellers or stays", body.size(),
                                api_limits::kMaxCheckAnswer),
                    "travellers"};
  }
  if (clock::now() > r.deadline) {
    throw past_deadline();
  }
  return ok("application/json", std::move(body));
}

// GET /api/v1/stops?q=: the planner's stop search, as `caravan stops search --json`.
api_response search_stops(api_request const& r, loaded_data const& d) {
  r.only({"q", "near", "limit"});
  auto const text = required(r, "q");
  if (planner::search_key(text).empty()) {
    throw api_error{error_code::kInvalidParameter,
                    fmt::format("q needs a name with letters or digits, not `{}`", text), "q"};
  }
  std::optional<tt::latlng> near;
  if (auto const n = r.target.get("near")) {
    near = planner::parse_position(*n, "near");
  }
  auto const limit = integer(r, "limit", 1, 1000).value_or(10);
  auto const matches = d.search().search(text, near, static_cast<std::size_t>(limit));
  return json_response(planner::to_json(d.timetable(), text, near, matches));
}

tt::stop_idx stop_of(api_request const& r, tt::timetable const& tt) {
  auto const& id = r.path_params.at(0);
  auto const s = tt.find_stop(id);
  if (!s) {
    throw api_error{error_code::kNotFound, fmt::format("no stop with id `{}`", id), "id"};
  }
  return *s;
}

api_response stop(api_request const& r, loaded_data const& d) {
  r.only({});
  auto const& tt = d.timetable();
  auto const s = stop_of(r, tt);
  auto out = stop_json(tt, s);
  json children = json::array();
  for (auto const c : tt.children(s)) {
    children.push_back(tt.str(tt.stop(c).id_));
  }
  out["children"] = std::move(children);
  json names = json::object();
  for (auto const& t : tt.columns().translations_) {
    if (t.table_ == tt::translated_table::kStop && t.record_ == s.v() && tt.str(t.field_) == "stop_name") {
      names[std::string{tt.str(t.language_)}] = tt.str(t.text_);
    }
  }
  out["translations"] = std::move(names);
  return json_response(out);
}

api_response departures(api_request const& r, loaded_data const& d) {
  r.only({"date", "limit"});
  auto const& tt = d.timetable();
  auto const s = stop_of(r, tt);
  auto const tz = tt.tz_name(tt.stop(s).tz_);
  std::int32_t date = 0;
  if (auto const text = r.target.get("date")) {
    auto const parsed = parse_date(*text, date_format::kIso);
    if (!parsed) {
      throw api_error{error_code::kInvalidParameter, fmt::format("date `{}` is not a date YYYY-MM-DD", *text),
                      "date"};
    }
    date = *parsed;
  } else {
    auto const now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    date = *parse_date(planner::format_time(now, tz).substr(0, 10), date_format::kIso);
  }
  auto const first = tt.scalars().first_day_;
  auto const last = first + static_cast<std::int32_t>(tt.scalars().n_days_) - 1;
  if (date < first || date > last) {
    throw api_error{error_code::kInvalidParameter,
                    fmt::format("date {} is outside the timetable, which runs from {} to {}",
                                format_date(date), format_date(first), format_date(last)),
                    "date"};
  }
  auto const limit = integer(r, "limit", 1, 1000).value_or(100);
  auto const deps = tt::departures(tt, s, date);
  json list = json::array();
  for (std::size_t i = 0; i != std::min<std::size_t>(deps.size(), static_cast<std::size_t>(limit)); ++i) {
    auto const& dep = deps[i];
    auto const& trip = tt.trip(dep.trip_);
    auto const& route = tt.route(trip.route_);
    auto const stops = tt.pattern_stops(trip.pattern_);
    auto const at = tt.stop(dep.stop_);
    list.push_back(
        {{"time", planner::format_time(dep.time_, tt.tz_name(at.tz_))},
         {"stopId", tt.str(at.id_)},
         {"mode", tt::to_string(tt.pattern(trip.pattern_).mode_)},
         {"tripId", tt.str(trip.id_)},
         {"tripShortName", tt.str(trip.short_name_)},
         {"routeId", tt.str(route.id_)},
         {"routeShortName", tt.str(route.short_name_)},
         {"routeLongName", tt.str(route.long_name_)},
         {"agencyName", route.agency_.valid() ? tt.str(tt.agency(route.agency_).name_) : ""},
         {"headsign", !tt.str(trip.headsign_).empty() ? tt.str(trip.headsign_)
                                                      : tt.str(tt.stop(stops.back().stop()).name_)},
         {"confidence", tt::to_string(trip.confidence_)}});
  }
  json out = {{"stop", stop_json(tt, s)},
              {"date", format_date(date)},
              {"timezone", tz},
              {"total", deps.size()},
              {"departures", std::move(list)}};
  return json_response(out);
}

// Every border crossing's status on a local date (planner::crossings_json): `date`, else today at each
// crossing in its own zone.
api_response crossings(api_request const& r, loaded_data const& d) {
  r.only({"date"});
  auto const& tt = d.timetable();
  std::optional<std::int32_t> date;
  if (auto const text = r.target.get("date")) {
    date = parse_date(*text, date_format::kIso);
    if (!date) {
      throw api_error{error_code::kInvalidParameter, fmt::format("date `{}` is not a date YYYY-MM-DD", *text), "date"};
    }
    if (auto const why = planner::crossings_date_error(tt, *date); !why.empty()) {
      throw api_error{error_code::kInvalidParameter, why, "date"};
    }
  }
  auto const now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  return json_response(planner::crossings_json(tt, date, now));
}

json site_feature(sites::heritage_site const& s) {
  json geometry =
      s.pos_ ? json{{"type", "Point"}, {"coordinates", {s.pos_->lon_, s.pos_->lat_}}} : json(nullptr);
  return {{"type", "Feature"},
          {"geometry", std::move(geometry)},
          {"properties",
           {{"siteId", s.id_},
            {"name", s.name_},
            {"nameLocal", s.name_local_},
            {"country", s.country_},
            {"coordType", s.coord_type_},
            {"nearestStopId", s.nearest_stop_id_},
            {"unescoRef", s.unesco_ref_},
            {"unescoProperty", s.unesco_property_},
            {"description", s.description_},
            {"source", s.source_},
            {"confidence", s.confidence_}}}};
}

api_response sites_endpoint(api_request const& r, loaded_data const& d) {
  r.only({"country", "near", "radiusKm"});
  std::optional<std::string> country;
  if (auto const c = r.target.get("country")) {
    if (!planner::is_country_code(*c)) {
      throw api_error{error_code::kInvalidParameter,
                      fmt::format("country `{}` is not an ISO 3166-1 alpha-2 code (such as UZ)", *c),
                      "country"};
    }
    country = std::string{*c};
  }
  std::vector<sites::heritage_site const*> found;
  if (auto const near = r.target.get("near")) {
    auto const point = planner::parse_coordinates(*near, "near");
    if (!point) {
      throw api_error{error_code::kInvalidParameter, fmt::format("near `{}` is not lat,lon", *near), "near"};
    }
    double radius_km = 50;
    if (auto const text = r.target.get("radiusKm")) {
      auto const v = parse_double(*text);
      if (!v || !(*v > 0) || *v > 5000) {
        throw api_error{error_code::kInvalidParameter,
                        fmt::format("radiusKm `{}` is not a number above 0 and at most 5000", *text),
                        "radiusKm"};
      }
      radius_km = *v;
    }
    found = sites::sites_near(d.sites(), *point, radius_km * 1000.0);
  } else {
    if (r.target.get("radiusKm")) {
      throw api_error{error_code::kMissingParameter, "radiusKm needs near=lat,lon", "near"};
    }
    for (auto const& s : d.sites()) {
      found.push_back(&s);
    }
  }
  json features = json::array();
  for (auto const* s : found) {
    if (!country || s->in_country(*country)) {
      features.push_back(site_feature(*s));
    }
  }
  return ok("application/geo+json", dump({{"type", "FeatureCollection"}, {"features", std::move(features)}}));
}

std::string make_network(tt::timetable const& tt) {
  json features = json::array();
  auto const position = [](tt::latlng p) { return json::array({p.lon_, p.lat_}); };
  // Each stop's name by language (translations.txt), for the map's labels in the reader's language.
  std::vector<json> names(tt.n_stops(), json::object());
  for (auto const& t : tt.columns().translations_) {
    if (t.table_ == tt::translated_table::kStop && t.record_ < tt.n_stops() && tt.str(t.field_) == "stop_name") {
      names[t.record_][std::string{tt.str(t.language_)}] = tt.str(t.text_);
    }
  }
  for (std::uint32_t i = 0; i != tt.n_stops(); ++i) {
    tt::stop_idx const s{i};
    auto const& r = tt.stop(s);
    if (r.type_ != tt::location_type::kStop && r.type_ != tt::location_type::kStation) {
      continue;
    }
    features.push_back({{"type", "Feature"},
                        {"geometry", {{"type", "Point"}, {"coordinates", position(r.pos_)}}},
                        {"properties",
                         {{"kind", "stop"},
                          {"stopId", tt.str(r.id_)},
                          {"name", tt.str(r.name_)},
                          {"locationType", r.type_ == tt::location_type::kStation ? "station" : "stop"},
                          {"country", planner::country_of_zone(tt.tz_name(r.tz_))},
                          {"parentStation", r.parent_.valid() ? json(tt.str(tt.stop(r.parent_).id_)) : json(nullptr)},
                          {"translations", std::move(names[i])}}}});
  }
  for (std::uint32_t p = 0; p != tt.n_patterns(); ++p) {
    tt::pattern_idx const pi{p};
    auto const stops = tt.pattern_stops(pi);
    auto const& pattern = tt.pattern(pi);
    if (stops.size() < 2 || pattern.n_trips_ == 0) {
      continue;
    }
    json line = json::array();
    for (auto const ps : stops) {
      line.push_back(position(tt.stop(ps.stop()).pos_));
    }
    auto const& route = tt.route(tt.trip(pattern.first_trip_).route_);
    features.push_back({{"type", "Feature"},
                        {"geometry", {{"type", "LineString"}, {"coordinates", std::move(line)}}},
                        {"properties",
                         {{"kind", "pattern"},
                          {"routeId", tt.str(route.id_)},
                          {"routeShortName", tt.str(route.short_name_)},
                          {"routeLongName", tt.str(route.long_name_)},
                          {"mode", tt::to_string(pattern.mode_)},
                          {"trips", pattern.n_trips_}}}});
  }
  for (auto const& l : tt.columns().road_links_) {
    json props = {{"kind", "road"},
                  {"linkId", tt.str(l.id_)},
                  {"mode", "road"},
                  {"roadMode", planner::to_string(l.mode_)}};
    if (l.crossing_.valid()) {
      props["crossingId"] = tt.str(tt.crossing(l.crossing_).id_);
      props["crossingName"] = tt.str(tt.crossing(l.crossing_).name_);
    }
    features.push_back({{"type", "Feature"},
                        {"geometry",
                         {{"type", "LineString"},
                          {"coordinates", {position(tt.stop(l.from_).pos_), position(tt.stop(l.to_).pos_)}}}},
                        {"properties", std::move(props)}});
  }
  return dump({{"type", "FeatureCollection"}, {"features", std::move(features)}});
}

// "20250501" -> "2025-05-01"; other text as it is.
std::string feed_date(std::string_view s) {
  if (s.size() == 8 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return fmt::format("{}-{}-{}", s.substr(0, 4), s.substr(4, 2), s.substr(6, 2));
  }
  return std::string{s};
}

json timetable_summary(tt::timetable const& tt) {
  auto const first = tt.scalars().first_day_;
  auto const n = static_cast<std::int32_t>(tt.scalars().n_days_);
  return {{"serviceDays",
           {{"first", format_date(first)},
            {"last", format_date(first + std::max(n, 1) - 1)},
            {"count", n}}},
          {"counts",
           {{"agencies", tt.columns().agencies_.size()},
            {"stops", tt.n_stops()},
            {"routes", tt.n_routes()},
            {"trips", tt.n_trips()},
            {"patterns", tt.n_patterns()},
            {"stopTimes", tt.n_stop_times()},
            {"roadLinks", tt.columns().road_links_.size()},
            {"borderCrossings", tt.columns().border_crossings_.size()}}}};
}

std::string make_datasets(tt::timetable const& tt, std::size_t n_sites, std::string const& sites_file) {
  json feed = {{"publisher", tt.meta("feed_publisher_name")},
               {"url", tt.meta("feed_publisher_url")},
               {"language", tt.meta("feed_lang")},
               {"version", tt.meta("feed_version")},
               {"validFrom", feed_date(tt.meta("feed_start_date"))},
               {"validTo", feed_date(tt.meta("feed_end_date"))}};
  auto const summary = timetable_summary(tt);
  feed["serviceDays"] = summary["serviceDays"];
  feed["counts"] = summary["counts"];
  // The days any trip runs (what a plan outside them is told) and each source's as-of date.
  auto const cov = planner::coverage_of(tt);
  feed["tripDays"] = {{"first", cov.first_day_ ? format_date(*cov.first_day_) : ""},
                      {"last", cov.last_day_ ? format_date(*cov.last_day_) : ""}};
  feed["sources"] = json::array();
  for (auto const& x : tt::source_dates(tt)) {
    feed["sources"].push_back({{"name", x.name_}, {"asOf", x.as_of_}});
  }
  return dump(
      {{"timetable", std::move(feed)},
       {"sites", {{"file", std::filesystem::path{sites_file}.filename().string()}, {"count", n_sites}}}});
}

}  // namespace

routing::search_state& thread_search_state() { return thread_state(); }

// `travellers=CN,KZ:service,UZ:ordinary:1960-05-01`: the CLI's traveller specs (rules::parse_traveller_spec),
// comma-separated; the nationality in any case. Throws invalid_parameter naming `travellers`.
std::vector<rules::traveller> travellers_of(api_request const& r) {
  std::vector<rules::traveller> out;
  auto const given = r.target.get("travellers");
  if (!given) {
    return out;
  }
  if (auto const n = static_cast<std::size_t>(std::count(given->begin(), given->end(), ',')) + 1;
      n > api_limits::kMaxTravellers) {
    throw api_error{error_code::kInvalidParameter,
                    fmt::format("`travellers` lists {} travellers; at most {} per request", n, api_limits::kMaxTravellers),
                    "travellers"};
  }
  std::string_view rest = *given;
  while (true) {
    auto const comma = rest.find(',');
    auto const item = trim(rest.substr(0, comma));
    auto const colon = std::min(item.find(':'), item.size());
    auto const spec = ascii_upper(item.substr(0, colon)) + std::string{item.substr(colon)};  // the nationality in capitals
    try {
      out.push_back(rules::parse_traveller_spec(spec));
    } catch (data_error const& e) {
      throw api_error{error_code::kInvalidParameter, e.what(), "travellers"};
    }
    if (comma == std::string_view::npos) {
      return out;
    }
    rest = rest.substr(comma + 1);
  }
}

planner::trip_answer run_plan(api_request const& r, loaded_data const& d, metrics& m, plan_job const& job) {
  auto const& pr = job.request_;
  auto const& people = job.travellers_;
  // The work asked for, before any search: refuse what no deadline could cover.
  auto const transfers = pr.max_transfers_.value_or(routing::query{}.max_transfers_);
  auto const requested = pr.modes_.empty() ? routing::kAllModes : planner::parse_modes(pr.modes_, "modes");
  auto searches = 1 + (people.empty() ? 0 : 1);
  if (job.best_by_mode_) {
    for (auto const& by_mode : planner::main_modes()) {
      searches += (planner::parse_modes(by_mode.modes_) & requested) != 0 ? 1 : 0;
    }
  }
  searches *= std::max(job.rounds_, 1);
  auto const cost = plan_cost(d.timetable().n_stop_times(), job.window_s_, transfers, searches);
  if (cost > api_limits::kPlanBudget) {
    throw api_error{error_code::kQueryTooExpensive,
                    fmt::format("this plan would scan about {:.2g} stop times ({} searches over a {} s window with up to {} "
                                "transfers on {} stop times); the limit is {:.2g}: narrow searchWindow, maxTransfers or modes",
                                cost, searches, job.window_s_, transfers, d.timetable().n_stop_times(), api_limits::kPlanBudget),
                    job.window_s_ > 0 ? job.window_parameter_ : "maxTransfers"};
  }

  // With travellers, each itinerary gets its entry verdicts, and the best journeys that need no visa are
  // searched for (onlyVisaFree returns those), as `caravan route --traveller [--only-visa-free]` does.
  planner::trip_request tr;
  tr.plan_ = pr;
  // Every search stops at the request's deadline (routing::stop_condition), not only between searches.
  tr.plan_.stop_.deadline_ = r.deadline;
  tr.travellers_ = people;
  tr.rules_ = &d.rules();
  tr.only_visa_free_ = job.only_visa_free_;
  tr.best_by_mode_ = job.best_by_mode_;
  tr.between_searches_ = [&] {
    if (clock::now() > r.deadline) {
      throw api_error{error_code::kDeadlineExceeded, "the search took longer than the request deadline"};
    }
  };
  auto answer = [&] {
    try {
      return planner::plan_trip(d.planner(), tr, thread_state());
    } catch (routing::cancelled const&) {
      throw api_error{error_code::kDeadlineExceeded,
                      "the search ran past the request deadline; narrow searchWindow, maxTransfers or modes"};
    }
  }();
  m.record_query(query_kind(pr));
  if (answer.visa_free_searched_) {
    m.record_query("visa_free");
  }
  for (std::size_t i = 0; i != answer.best_by_mode_.size(); ++i) {
    m.record_query("best_by_mode");
  }
  return answer;
}

// Border crossings of an itinerary: road links over a crossing, and every pair of consecutive stops
// of a leg in different countries (as their time zones say).
json crossings_json(planner::itinerary const& it) {
  json out = json::array();
  for (std::size_t k = 0; k != it.legs_.size(); ++k) {
    auto const& l = it.legs_[k];
    auto const points = points_of(l);
    bool const road_crossing = l.road_ && !l.road_->crossing_id_.empty();
    for (std::size_t i = 0; i + 1 < points.size(); ++i) {
      auto const& a = points[i];
      auto const& b = points[i + 1];
      if (a.country_ == b.country_ && !road_crossing) {
        continue;
      }
      json c = {{"legIndex", k},
                {"mode", l.mode_},
                {"fromCountry", a.country_},
                {"toCountry", b.country_},
                {"fromStopId", a.stop_->id_},
                {"toStopId", b.stop_->id_}};
      if (road_crossing) {
        c["crossingId"] = l.road_->crossing_id_;
        c["crossingName"] = l.road_->crossing_name_;
      }
      out.push_back(std::move(c));
    }
  }
  return out;
}

std::string encode_polyline(std::vector<tt::latlng> const& points) {
  std::string out;
  auto const put = [&](std::int64_t v) {
    auto u = static_cast<std::uint64_t>(v < 0 ? ~(v << 1) : (v << 1));
    while (u >= 0x20U) {
      out += static_cast<char>((0x20U | (u & 0x1FU)) + 63U);
      u >>= 5U;
    }
    out += static_cast<char>(u + 63U);
  };
  std::int64_t lat = 0, lon = 0;
  for (auto const& p : points) {
    auto const la = std::llround(p.lat_ * 1e5);
    auto const lo = std::llround(p.lon_ * 1e5);
    put(la - lat);
    put(lo - lon);
    lat = la;
    lon = lo;
  }
  return out;
}

double plan_cost(std::size_t n_stop_times, std::int64_t window_s, int max_transfers, int searches) {
  return static_cast<double>(searches) * (static_cast<double>(window_s) / 3600.0 + 1.0) *
         static_cast<double>(max_transfers + 1) * static_cast<double>(n_stop_times);
}

loaded_data::loaded_data(tt::timetable tt,
                         sites::site_list sites,
                         std::string sites_file,
                         rules::rule_set rules,
                         std::vector<tours::visit_override> site_visits)
    : tt_{std::move(tt)},
      sites_{std::move(sites)},
      sites_file_{std::move(sites_file)},
      planner_{tt_},
      rules_{std::move(rules)},
      tour_sites_{tt_, sites_, std::move(site_visits)},
      network_json_{make_network(tt_)},
      datasets_json_{make_datasets(tt_, sites_.size(), sites_file_)} {}

caravan_api::caravan_api(service& s) {
  auto const with_data = [this](auto f) {
    return [this, f](api_request const& r) { return f(r, *ready()); };
  };
  auto& m = s.stats();
  s.add("GET", "/health", [this](api_request const& r) {
    r.only({});
    auto const d = data();
    if (!d) {
      return error_response(error_code::kNotReady, "the timetable is still loading");
    }
    json out = {
        {"status", "ok"}, {"timetable", timetable_summary(d->timetable())}, {"sites", d->sites().size()}};
    out["timetable"]["version"] = d->timetable().meta("feed_version");
    return json_response(out);
  }, route_cost::kLight);
  s.add("GET", "/api/openapi.yaml", [](api_request const& r) {
    r.only({});
    auto out = ok("application/yaml; charset=utf-8", std::string{openapi_yaml()});
    out.fixed = true;
    return out;
  }, route_cost::kLight);
  s.add("GET", "/api/v1/plan",
        with_data([&m](api_request const& r, loaded_data const& d) { return plan(r, d, m); }));
  s.add("GET", "/api/v1/stops", with_data(search_stops));
  // Heritage tours (docs/tours.md): many searches, so heavy and bounded by the request's deadline as plan is.
  s.add("GET", "/api/v1/tours/plan",
        with_data([&m](api_request const& r, loaded_data const& d) { return plan_tour(r, d, m); }));
  s.add("POST", "/api/v1/entry/check",
        with_data([this](api_request const& r, loaded_data const& d) {
          group_registrar registrar;
          {
            std::lock_guard const lock{m_};
            registrar = registrar_;
          }
          return check_trip(r, d.rules(), registrar);
        }));
  s.add("GET", "/api/v1/stops/{id}", with_data(stop), route_cost::kLight);
  s.add("GET", "/api/v1/stops/{id}/departures", with_data(departures));
  s.add("GET", "/api/v1/network", with_data([](api_request const& r, loaded_data const& d) {
          r.only({});
          auto out = ok("application/geo+json", d.network_json());
          out.fixed = true;
          return out;
        }));  // heavy: megabytes to compress on a national feed
  s.add("GET", "/api/v1/datasets", with_data([](api_request const& r, loaded_data const& d) {
          r.only({});
          auto out = ok("application/json", d.datasets_json());
          out.fixed = true;
          return out;
        }), route_cost::kLight);
  s.add("GET", "/api/v1/sites", with_data(sites_endpoint));
  s.add("GET", "/api/v1/crossings", with_data(crossings), route_cost::kLight);
  add_motis_routes(s, *this);
}

void caravan_api::set_data(std::shared_ptr<loaded_data const> data) {
  std::lock_guard const lock{m_};
  data_ = std::move(data);
}

void caravan_api::set_group_registrar(group_registrar r) {
  std::lock_guard const lock{m_};
  registrar_ = std::move(r);
}

void caravan_api::set_basemap(std::shared_ptr<basemap_tiles const> tiles) {
  std::lock_guard const lock{m_};
  basemap_ = std::move(tiles);
}

std::shared_ptr<basemap_tiles const> caravan_api::basemap() const {
  std::lock_guard const lock{m_};
  return basemap_;
}

std::shared_ptr<loaded_data const> caravan_api::data() const {
  std::lock_guard const lock{m_};
  return data_;
}

std::shared_ptr<loaded_data const> caravan_api::ready() const {
  auto d = data();
  if (!d) {
    throw api_error{error_code::kNotReady, "the timetable is still loading"};
  }
  return d;
}

}  // namespace caravan::server
