#pragma once
// Heritage sites of the Silk Road data (data/silkroad/caravan_heritage_sites.txt, a Caravan extension
// file the timetable importer does not read): UNESCO components and major sites with their country,
// coordinates when known, the stop of their base town and where each fact comes from.
//
// Thread safety: a site_list is a plain value; read it from any number of threads.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "caravan/base/geo.h"

namespace caravan::sites {

struct heritage_site {
  std::string id_, name_, name_local_;
  std::string
      country_;  // ISO 3166-1 alpha-2; a serial site spanning several has them joined by '/' ("TJ/UZ/TM")
  std::optional<latlng> pos_;  // absent: the sources give no coordinate
  std::string coord_type_;         // what the point is: site, site (approx), nearest_town (...)
  std::string nearest_stop_id_;    // a stop of the base town, "" when none is known
  std::string unesco_ref_, unesco_property_, description_, source_;
  std::string confidence_;  // of the coordinates: exact, estimated or missing
  std::size_t line_{0};     // in the file, for messages

  // Whether `code` is one of the site's countries.
  bool in_country(std::string_view code) const;
};

using site_list = std::vector<heritage_site>;

// Reads the CSV text. Throws data_error naming file:line:column for a missing column, an empty or
// duplicate site_id, a country that is not upper-case alpha-2 codes, a coordinate that is not a number
// in range or only half given, or a confidence other than exact, estimated, missing (and missing with
// a coordinate, or a coordinate missing without it).
site_list read_sites(std::string content, std::string const& file_name);
site_list load_sites(std::filesystem::path const& path);

// Sites within radius_m of a point (great-circle), nearest first; sites without coordinates never are.
std::vector<heritage_site const*> sites_near(site_list const& sites, latlng point, double radius_m);

}  // namespace caravan::sites
