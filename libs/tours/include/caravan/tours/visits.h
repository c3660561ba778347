#pragma once
// How a heritage site is visited on a tour: from which town (the stops of its base town, or the nearest
// stop when the data names none), how long the drive there is, how long a visit takes and when the site
// is open. The data gives none of the lengths or hours: they come from data/tours/site_visits.csv when
// it has the site (a documented estimate too) and else from the defaults below, and are marked estimated.
//
// Thread safety: a site_catalogue is immutable after construction.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "caravan/base/error.h"
#include "caravan/sites/sites.h"
#include "caravan/timetable/timetable.h"

namespace caravan::tours {

// Defaults (docs/tours.md): a visit of 2 hours; sites open 09:00-18:00 local every day; a town is the
// stops within kTownRadiusM of its stop; a drive is the great-circle distance x kRoadFactor at
// kDriveSpeedKmh plus kDriveStartS (finding the car, parking); a site farther than kMaxDriveM from every
// stop is not reachable by the tour (said so).
constexpr std::int32_t kDefaultVisitS = 2 * 3600;
constexpr std::int32_t kDefaultOpensS = 9 * 3600;
constexpr std::int32_t kDefaultClosesS = 18 * 3600;
constexpr double kTownRadiusM = 40'000.0;
constexpr double kRoadFactor = 1.3;
constexpr double kDriveSpeedKmh = 60.0;
constexpr std::int32_t kDriveStartS = 15 * 60;
constexpr double kMaxDriveM = 350'000.0;

// A drive's estimated seconds over a great-circle distance (the formula above), up to whole 5 minutes.
std::int32_t drive_seconds(double metres);

// The stops of a town with, for each, the estimated drive from the town's main stop (0 for it).
struct town {
  tt::stop_idx main_{tt::stop_idx::invalid()};
  std::string name_;  // the main stop's name
  std::string tz_;
  std::vector<tt::stop_idx> stops_;
  std::vector<std::int32_t> drive_s_;  // per stop, from main_
};

struct site_visit {
  std::string id_, name_, country_;
  std::optional<tt::latlng> pos_;
  std::size_t town_{0};          // index into site_catalogue::towns()
  bool reachable_{false};        // false: no stop known within kMaxDriveM (why_ says so)
  std::string why_;
  std::int32_t access_s_{0};     // drive from the town's main stop to the site, one way (0: in town)
  std::int32_t visit_s_{kDefaultVisitS};
  std::int32_t opens_s_{kDefaultOpensS}, closes_s_{kDefaultClosesS};  // local seconds of the day
  bool estimated_{true};         // visit length and hours are estimates (always, today)
  std::string visit_source_;     // where the length and hours come from
};

// One CSV row of data/tours/site_visits.csv: site_id, visit_minutes, opens (HH:MM), closes (HH:MM), source.
struct visit_override {
  std::string site_id_;
  std::int32_t visit_s_{0}, opens_s_{0}, closes_s_{0};
  std::string source_;
  source_location where_;  // the row, for messages
};
// Throws data_error naming file:line for a missing column, an unknown time, a visit not in 15 min ..
// 12 h, or closing not after opening.
std::vector<visit_override> read_visit_overrides(std::string content, std::string const& file_name);
std::vector<visit_override> load_visit_overrides(std::filesystem::path const& path);

class site_catalogue {
 public:
  // Throws data_error naming the row of an override whose site is not in `sites`.
  site_catalogue(tt::timetable const& tt, sites::site_list sites, std::vector<visit_override> overrides = {});

  sites::site_list const& sites() const { return sites_; }
  std::vector<site_visit> const& visits() const { return visits_; }  // one per site, same order
  std::vector<town> const& towns() const { return towns_; }
  site_visit const* find(std::string_view id) const;
  // The town of a stop (built on demand for a tour's start and end; not cached).
  town town_of(tt::stop_idx s) const;

 private:
  tt::timetable const& tt_;
  sites::site_list sites_;
  std::vector<site_visit> visits_;
  std::vector<town> towns_;
};

}  // namespace caravan::tours
