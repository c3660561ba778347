#pragma once
// MOTIS's shapes (../shared/reference/motis/openapi-v6-*.yaml: Place, Leg, Itinerary, Mode, Error) made
// from Caravan's values, and the parameter forms MOTIS's clients send (RFC 3339 times with fractions,
// `lat,lon[,level]`, comma lists). Shared by every MOTIS-compatible endpoint (motis_api.cc, motis_plan.cc).
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "caravan/planner/itinerary.h"
#include "caravan/server/api.h"
#include "caravan/server/errors.h"
#include "caravan/server/service.h"
#include "caravan/timetable/timetable.h"

namespace caravan::server::motis {

using json = nlohmann::ordered_json;

std::string dump(json const& j);

// An object with room for `members`, and a member appended without looking for its key first (callers
// never repeat one): ordered_json searches and regrows its vector on every operator[], which made most of
// the cost of MOTIS's many small objects.
json object(std::size_t members);
void put(json& object, std::string_view key, json value);
api_response json_ok(json const& j);

// MOTIS answers errors as {"error": "..."} (its Error schema); Caravan's code, message and details
// travel beside it, so one body serves MOTIS clients and Caravan's own error handling.
api_response error(error_code code, std::string_view message, std::string_view parameter);

std::vector<std::string_view> split_commas(std::string_view s);

// "lat,lon" or "lat,lon,level" (MOTIS's places carry an OpenStreetMap level; KPublicTransport always
// sends one): the point. The level is read and not used: the timetable has none. Throws api_error
// invalid_parameter naming `name`.
tt::latlng position(std::string_view text, std::string const& name);
// Whether the text has the form of a position (two or three numbers), so it is not taken for a stop name.
bool looks_like_position(std::string_view text);
// "lat,lon,level" -> "lat,lon" (what the planner's parse_coordinates reads); other text as it is.
std::string_view without_level(std::string_view text);

// The time without a fraction of a second ("02:00:00.000Z" -> "02:00:00Z"; the timetable counts whole
// seconds), for planner::parse_time. Throws api_error invalid_time naming `field` for a point without digits.
std::string without_fraction(std::string_view text, std::string const& field);
// An RFC 3339 time as the clients send it (`2026-06-05T02:00:00.000Z`, `...+05:00`, fractions of a second
// of any length, which are dropped: the timetable counts whole seconds) -> unix seconds. A time without an
// offset is local in `tz`. Throws api_error invalid_time naming `field`.
std::int64_t parse_time(std::string_view text, std::string_view tz, std::string const& field);
// RFC 3339 with seconds and the zone's offset at that instant ("2026-06-05T08:00:00+05:00", "...Z" in UTC).
std::string format_time(std::int64_t unix_seconds, std::string_view tz);

// MOTIS's Mode of a trip: rail by its GTFS route type (101 HIGHSPEED_RAIL, 102 LONG_DISTANCE, 105
// NIGHT_RAIL, 103 REGIONAL_FAST_RAIL, 106 REGIONAL_RAIL, 109 SUBURBAN, else RAIL), air AIRPLANE, coach
// COACH, taxi ODM, and so on; a road link by its road mode (bus COACH, car CAR, taxi and shared taxi ODM).
std::string_view mode_of(tt::mode m, std::int32_t route_type);
std::string_view mode_of_road(std::string_view road_mode);
// A run's MOTIS mode (its pattern's mode, refined by its route type), and a leg's.
std::string_view mode_of(tt::timetable const& tt, tt::trip_idx t);
std::string_view mode_of(planner::leg_view const& l, tt::timetable const& tt);

// language=en,ru: the languages names are asked in, first preferred (empty: the feed's own names).
std::vector<std::string_view> languages_of(api_request const& r);
// Caravan's planner modes (modes.h names) for MOTIS's transit mode names (TRANSIT: all; RAIL: every rail
// kind; ...); ODM and CAR stand for the road links and taxis. Throws api_error invalid_parameter for a
// name outside MOTIS's Mode enum, naming `field`. Returns "" when none of the names is a mode Caravan
// has (WALK alone, say).
std::string planner_modes(std::string_view motis_modes, std::string const& field);
// Whether the text is a list of MOTIS Mode names (throws as planner_modes when not).
void check_modes(std::string_view motis_modes, std::string const& field);

// A run of a trip as MOTIS's clients keep it: "YYYYMMDD_<trip_id>" (the service day and the GTFS trip
// id), what /api/v6/trip reads back.
std::string trip_run_id(tt::timetable const& tt, tt::trip_idx t, tt::day_idx day);
struct trip_run {
  tt::trip_idx trip_;
  tt::day_idx day_;
};
// Throws api_error not_found (no such trip, or it does not run that day) or invalid_parameter.
trip_run parse_trip_run_id(tt::timetable const& tt, std::string_view id, std::string const& field);

// The first of `languages` the feed translates the stop's name to, else its stop_name.
std::string_view stop_name(tt::timetable const& tt, tt::stop_idx s, std::vector<std::string_view> const& languages);

// MOTIS's Place for a stop: name, stopId, parentId, lat, lon, level 0, tz, stopCode, vertexType TRANSIT,
// and Caravan's `country` (of the zone; absent when not known).
json place(tt::timetable const& tt, tt::stop_idx s, std::vector<std::string_view> const& languages);
// The same from a leg's stop; with languages, the name is looked up by its stop id in `tt`.
json place(planner::stop_view const& s, tt::timetable const& tt, std::vector<std::string_view> const& languages);
// A point given as coordinates: vertexType NORMAL, named "lat,lon" unless `name` says otherwise.
json place(tt::latlng p, std::string_view tz);

// The times a Place carries on a leg: arrival and/or departure, each also as scheduled (no real time).
void set_times(json& place, std::optional<std::int64_t> arrival, std::optional<std::int64_t> departure,
               std::string_view tz);

// MOTIS's Leg of a Caravan leg (trip, road link, walk), times in the zone of each end, with Caravan's
// extensions: `confidence`, `estimated`, `caravanMode` (the planner's mode name), per road link `roadLink`
// ({id, mode, crossingId, crossingName, crossingWaitSeconds}).
json leg(planner::leg_view const& l, tt::timetable const& tt, std::vector<std::string_view> const& languages);
// A walk between a point and a stop (to or from a `lat,lon` place).
json walk_leg(json from, json to, std::int64_t departure, std::int64_t arrival, double distance_m,
              std::vector<tt::latlng> const& line);

// A stable id of an itinerary: the same journey (same runs, stops and times) has the same id.
std::string itinerary_id(planner::itinerary const& it);

}  // namespace caravan::server::motis
