#pragma once
// Places a traveller names: a stop id (exact), else a stop name or one of its translations, compared by
// search_key() (case, accents, punctuation and Cyrillic or Latin script do not matter: Алматы, ALMATY,
// 阿拉木图). A station stands for its stops; stops sharing one name within kSamePlaceRadiusM of each
// other (or of one station) are one place with several stops. Names that match places farther apart are
// ambiguous; unknown names get suggestions from the stop_search (prefixes, words, variant spellings).
//
// Thread safety: a place_resolver is immutable after construction; resolve() is const.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "caravan/planner/stop_search.h"
#include "caravan/timetable/timetable.h"

namespace caravan::planner {

// Stops of one name this close together are one place (platforms, the two sides of a street).
constexpr double kSamePlaceRadiusM = 1000.0;
// A place given as coordinates ("lat,lon") starts or ends at the stops this close to it, with walks at
// kWalkSpeedMPerS (the importer's default walking speed) over the straight-line distance.
constexpr double kNearbyRadiusM = 1000.0;
constexpr double kWalkSpeedMPerS = 1.2;

// "43.25,76.95" (decimal degrees, latitude first, spaces allowed around the comma): the point, else
// std::nullopt when the text does not have that form. Throws query_error(field, ...) for a latitude or
// longitude out of range, so a typo in a coordinate is not taken for a stop name.
std::optional<tt::latlng> parse_coordinates(std::string_view text, std::string const& field);

// Lower case, accents removed (Latin, Cyrillic ё), apostrophes dropped (O'zbekiston, Oʻzbekiston and
// Ozbekiston are one name), other punctuation and spaces collapsed to one space, trimmed. Fullwidth
// ASCII folds to ASCII; other scripts (Chinese) pass unchanged. Invalid UTF-8 bytes are dropped.
std::string normalize_name(std::string_view name);

struct resolved_place {
  std::string text_;             // as given
  tt::stop_idx primary_;         // the station, or the stop itself: what to show as the place
  std::vector<tt::stop_idx> stops_;  // where journeys may start or end, sorted, without duplicates
  // A place given as coordinates: the point, and per stop in stops_ the walk to or from it in seconds;
  // primary_ is then the nearest stop. Named places have no point and no walks.
  std::optional<tt::latlng> point_;
  std::vector<std::int32_t> walk_s_;
};

class place_resolver {
 public:
  explicit place_resolver(tt::timetable const& tt);

  // Coordinates ("lat,lon"): the stops within kNearbyRadiusM. Else a stop id or name. Throws
  // query_error(field, ...) for unknown or ambiguous text, naming it and suggesting close names, and
  // for coordinates with no stop near them, naming the nearest.
  resolved_place resolve(std::string_view text, std::string const& field) const;
  // An exact stop id (a station adds its stops), or an empty list.
  std::vector<tt::stop_idx> stops_of_id(std::string_view id) const;
  // The index of every name and translation that resolve() and its suggestions use.
  stop_search const& search() const { return search_; }

 private:
  void add_with_children(tt::stop_idx s, std::vector<tt::stop_idx>& out) const;
  std::vector<std::string> suggestions(std::string_view text) const;
  resolved_place nearby(std::string_view text, tt::latlng point, std::string const& field) const;

  tt::timetable const& tt_;
  stop_search search_;
};

}  // namespace caravan::planner
