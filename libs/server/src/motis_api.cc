#include "motis_api.h"

#include "motis_json.h"
#include "motis_plan.h"

#include <fmt/format.h>

#include <algorithm>
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
#include "caravan/planner/places.h"
#include "caravan/planner/stop_search.h"

namespace caravan::server {

namespace {

using motis::json;
using motis::position;
using motis::split_commas;

std::optional<std::int64_t> count(api_request const& r, std::string_view name) {
  auto const v = r.target.get(name);
  if (!v) {
    return std::nullopt;
  }
  auto const n = parse_int(*v);
  if (!n || *n < 1 || *n > 1000) {
    throw api_error{error_code::kInvalidParameter,
                    fmt::format("`{}` must be a whole number from 1 to 1000, not `{}`", name, shorten(*v)),
                    std::string{name}};
  }
  return n;
}

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
  std::vector<std::string_view> languages;
  if (auto const l = r.target.get("language")) {
    languages = split_commas(*l);
  }
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
  auto const limit = static_cast<std::size_t>(count(r, "numResults").value_or(10));
  std::optional<tt::latlng> lo, hi;
  if (auto const m = r.target.get("min")) {
    lo = position(*m, "min");
  }
  if (auto const m = r.target.get("max")) {
    hi = position(*m, "max");
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
  auto const limit = static_cast<std::size_t>(count(r, "numResults").value_or(5));
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
}

}  // namespace caravan::server
