#include "caravan/sites/sites.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "caravan/base/error.h"
#include "caravan/base/geo.h"
#include "caravan/base/text.h"
#include "caravan/csv/reader.h"

namespace caravan::sites {

namespace {

// The file is checked row by row here, each problem an error; what the reader repairs is not reported.
struct ignore_warnings final : csv::warning_sink {
  void warn(std::string_view, source_location const&, std::string_view) override {}
};

bool valid_country(std::string_view s) {
  // "CN" or serial sites "TJ/UZ/TM".
  if (s.empty()) {
    return false;
  }
  for (std::size_t i = 0; i < s.size(); i += 3) {
    if (i + 2 > s.size() || s[i] < 'A' || s[i] > 'Z' || s[i + 1] < 'A' || s[i + 1] > 'Z' ||
        (i + 2 < s.size() && s[i + 2] != '/')) {
      return false;
    }
  }
  return s.back() != '/';
}

}  // namespace

bool heritage_site::in_country(std::string_view code) const {
  for (std::size_t i = 0; i + 2 <= country_.size(); i += 3) {
    if (std::string_view{country_}.substr(i, 2) == code) {
      return true;
    }
  }
  return false;
}

site_list read_sites(std::string content, std::string const& file_name) {
  ignore_warnings warnings;
  csv::reader csv{csv::memory_stream(std::move(content)), file_name, warnings};
  auto const col = [&](std::string_view name, bool required) { return required ? csv.required_column(name) : csv.column(name); };
  auto const id = col("site_id", true), name = col("name", true), country = col("country", true),
             lat = col("lat", true), lon = col("lon", true), confidence = col("confidence", true);
  auto const name_local = col("name_local", false), coord_type = col("coord_type", false),
             stop = col("nearest_stop_id", false), ref = col("unesco_ref", false),
             property = col("unesco_property", false), description = col("description", false),
             source = col("source", false);
  site_list out;
  std::set<std::string, std::less<>> ids;
  while (csv.next()) {
    if (csv.n_fields() != csv.header().size()) {
      throw data_error{csv.where(),
                       fmt::format("{} fields where the header has {}", csv.n_fields(), csv.header().size())};
    }
    heritage_site s;
    s.line_ = csv.line();
    s.id_ = csv.field(id);
    if (s.id_.empty()) {
      throw data_error{csv.where(id), "empty site_id"};
    }
    if (!ids.insert(s.id_).second) {
      throw data_error{csv.where(id), fmt::format("site_id `{}` is given twice", s.id_)};
    }
    s.name_ = csv.field(name);
    if (s.name_.empty()) {
      throw data_error{csv.where(name), fmt::format("site `{}` has no name", s.id_)};
    }
    s.country_ = csv.field(country);
    if (!valid_country(s.country_)) {
      throw data_error{
          csv.where(country),
          fmt::format("country `{}` is not an ISO 3166-1 alpha-2 code (or codes joined by /)", s.country_)};
    }
    auto const coordinate = [&](int c, double limit) -> std::optional<double> {
      auto const text = csv.field(c);
      if (text.empty()) {
        return std::nullopt;
      }
      auto const v = parse_double(text);
      if (!v || *v < -limit || *v > limit) {
        throw data_error{csv.where(c),
                         fmt::format("`{}` is not a number between -{} and {}", text, limit, limit)};
      }
      return v;
    };
    auto const la = coordinate(lat, 90), lo = coordinate(lon, 180);
    if (la.has_value() != lo.has_value()) {
      throw data_error{csv.where(la ? lon : lat), "a coordinate needs both lat and lon"};
    }
    if (la) {
      s.pos_ = latlng{*la, *lo};
    }
    s.confidence_ = csv.field(confidence);
    if (s.confidence_ != "exact" && s.confidence_ != "estimated" && s.confidence_ != "missing") {
      throw data_error{csv.where(confidence),
                       fmt::format("confidence `{}` is not exact, estimated or missing", s.confidence_)};
    }
    if ((s.confidence_ == "missing") == s.pos_.has_value()) {
      throw data_error{csv.where(confidence), s.pos_ ? "confidence `missing` but a coordinate is given"
                                                     : "no coordinate but confidence is not `missing`"};
    }
    s.name_local_ = csv.field(name_local);
    s.coord_type_ = csv.field(coord_type);
    s.nearest_stop_id_ = csv.field(stop);
    s.unesco_ref_ = csv.field(ref);
    s.unesco_property_ = csv.field(property);
    s.description_ = csv.field(description);
    s.source_ = csv.field(source);
    out.push_back(std::move(s));
  }
  return out;
}

site_list load_sites(std::filesystem::path const& path) {
  std::ifstream in{path, std::ios::binary};
  if (!in) {
    throw data_error{{path.string(), 0, 0}, "cannot open the heritage sites file"};
  }
  std::stringstream text;
  text << in.rdbuf();
  return read_sites(text.str(), path.string());
}

std::vector<heritage_site const*> sites_near(site_list const& sites, latlng point, double radius_m) {
  std::vector<std::pair<double, heritage_site const*>> found;
  for (auto const& s : sites) {
    if (s.pos_) {
      if (auto const d = distance_m(point, *s.pos_); d <= radius_m) {
        found.emplace_back(d, &s);
      }
    }
  }
  std::stable_sort(found.begin(), found.end(),
                   [](auto const& a, auto const& b) { return a.first < b.first; });
  std::vector<heritage_site const*> out;
  for (auto const& f : found) {
    out.push_back(f.second);
  }
  return out;
}

}  // namespace caravan::sites
