#include "caravan/tours/visits.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "caravan/base/error.h"
#include "caravan/base/geo.h"
#include "caravan/csv/reader.h"
#include "caravan/planner/countries.h"

namespace caravan::tours {

namespace {

struct ignore_warnings final : csv::warning_sink {
  void warn(std::string_view, source_location const&, std::string_view) override {}
};

// "HH:MM" -> seconds of the day, or -1.
std::int32_t parse_hhmm(std::string_view s) {
  if (s.size() != 5 || s[2] != ':') {
    return -1;
  }
  auto const digit = [&](std::size_t i) { return s[i] >= '0' && s[i] <= '9' ? s[i] - '0' : -100; };
  auto const h = digit(0) * 10 + digit(1), m = digit(3) * 10 + digit(4);
  if (h < 0 || h > 24 || m < 0 || m > 59 || (h == 24 && m != 0)) {
    return -1;
  }
  return (h * 60 + m) * 60;
}

bool usable(tt::stop_record const& r) {
  return r.type_ == tt::location_type::kStop || r.type_ == tt::location_type::kStation;
}

}  // namespace

std::int32_t drive_seconds(double metres) {
  // Up to whole 5 minutes: an estimate has no seconds, and the times shown stay round.
  auto const s = kDriveStartS + static_cast<std::int32_t>(std::ceil(metres * kRoadFactor / (kDriveSpeedKmh / 3.6)));
  return (s + 299) / 300 * 300;
}

std::vector<visit_override> read_visit_overrides(std::string content, std::string const& file_name) {
  ignore_warnings warnings;
  csv::reader csv{csv::memory_stream(std::move(content)), file_name, warnings};
  auto const col = [&](std::string_view name) { return csv.required_column(name); };
  auto const id = col("site_id"), minutes = col("visit_minutes"), opens = col("opens"), closes = col("closes"),
             source = col("source");
  std::vector<visit_override> out;
  std::set<std::string, std::less<>> seen;
  while (csv.next()) {
    if (csv.n_fields() != csv.header().size()) {
      throw data_error{csv.where(), fmt::format("{} fields where the header has {}", csv.n_fields(), csv.header().size())};
    }
    visit_override v;
    v.where_ = csv.where(id);
    v.site_id_ = csv.field(id);
    if (v.site_id_.empty() || !seen.insert(v.site_id_).second) {
      throw data_error{csv.where(id), v.site_id_.empty() ? std::string{"empty site_id"}
                                                          : fmt::format("site_id `{}` is given twice", v.site_id_)};
    }
    auto const m = std::string{csv.field(minutes)};
    int n = -1;
    if (!m.empty() && m.size() <= 4 && std::all_of(m.begin(), m.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      n = std::stoi(m);
    }
    if (n < 15 || n > 12 * 60) {
      throw data_error{csv.where(minutes), fmt::format("visit_minutes `{}` is not a whole number from 15 to 720", m)};
    }
    v.visit_s_ = n * 60;
    v.opens_s_ = parse_hhmm(csv.field(opens));
    v.closes_s_ = parse_hhmm(csv.field(closes));
    if (v.opens_s_ < 0) {
      throw data_error{csv.where(opens), fmt::format("opens `{}` is not a time HH:MM", csv.field(opens))};
    }
    if (v.closes_s_ < 0) {
      throw data_error{csv.where(closes), fmt::format("closes `{}` is not a time HH:MM", csv.field(closes))};
    }
    if (v.closes_s_ - v.opens_s_ < v.visit_s_) {
      throw data_error{csv.where(closes), "the site closes before a visit opening at `opens` can end"};
    }
    v.source_ = csv.field(source);
    if (v.source_.empty()) {
      throw data_error{csv.where(source), "empty source: say where the length comes from"};
    }
    out.push_back(std::move(v));
  }
  return out;
}

std::vector<visit_override> load_visit_overrides(std::filesystem::path const& path) {
  std::ifstream in{path, std::ios::binary};
  if (!in) {
    throw data_error{{path.string(), 0, 0}, "cannot open the site visits file"};
  }
  std::stringstream text;
  text << in.rdbuf();
  return read_visit_overrides(text.str(), path.string());
}

site_catalogue::site_catalogue(tt::timetable const& tt, sites::site_list sites, std::vector<visit_override> overrides)
    : tt_{tt}, sites_{std::move(sites)} {
  std::map<std::string, visit_override const*, std::less<>> by_id;
  for (auto const& o : overrides) {
    if (std::none_of(sites_.begin(), sites_.end(), [&](sites::heritage_site const& s) { return s.id_ == o.site_id_; })) {
      throw data_error{o.where_, fmt::format("site_id `{}` is not one of the heritage sites", o.site_id_)};
    }
    by_id.emplace(o.site_id_, &o);
  }
  std::map<std::uint32_t, std::size_t> town_of_stop;
  for (auto const& s : sites_) {
    site_visit v;
    v.id_ = s.id_;
    v.name_ = s.name_;
    v.country_ = s.country_;
    v.pos_ = s.pos_;
    v.visit_source_ = "Caravan default (no source gives it): a 2-hour visit, open 09:00-18:00 every day";
    if (auto const o = by_id.find(s.id_); o != by_id.end()) {
      v.visit_s_ = o->second->visit_s_;
      v.opens_s_ = o->second->opens_s_;
      v.closes_s_ = o->second->closes_s_;
      v.visit_source_ = o->second->source_;
    }
    auto base = tt::stop_idx::invalid();
    if (auto const named = s.nearest_stop_id_.empty() ? std::nullopt : tt.find_stop(s.nearest_stop_id_)) {
      base = *named;
    } else if (s.pos_) {
      // No base town in the data: the nearest stop within a drive.
      auto best = kMaxDriveM;
      for (std::uint32_t i = 0; i != tt.n_stops(); ++i) {
        auto const& r = tt.stop(tt::stop_idx{i});
        // Only the site's own countries: a base town across a border would be a drive through a crossing.
        if (usable(r) && !r.parent_.valid() && s.in_country(planner::country_of_zone(tt.tz_name(r.tz_)))) {
          if (auto const d = distance_m(*s.pos_, r.pos_); d < best) {
            best = d;
            base = tt::stop_idx{i};
          }
        }
      }
    }
    if (!base.valid()) {
      v.why_ = s.pos_ ? "no stop of the timetable within 350 km" : "the data has neither coordinates nor a base stop";
      visits_.push_back(std::move(v));
      continue;
    }
    // A platform stands for its station: the town is named by the station.
    if (tt.stop(base).parent_.valid()) {
      base = tt.stop(base).parent_;
    }
    auto const [it, added] = town_of_stop.emplace(base.v(), towns_.size());
    if (added) {
      towns_.push_back(town_of(base));
    }
    v.town_ = it->second;
    v.reachable_ = true;
    auto const& main = tt.stop(base).pos_;
    v.access_s_ = s.pos_ ? drive_seconds(distance_m(*s.pos_, main)) : kDriveStartS;
    visits_.push_back(std::move(v));
  }
}

site_visit const* site_catalogue::find(std::string_view id) const {
  auto const it = std::find_if(visits_.begin(), visits_.end(), [&](site_visit const& v) { return v.id_ == id; });
  return it == visits_.end() ? nullptr : &*it;
}

town site_catalogue::town_of(tt::stop_idx s) const {
  if (tt_.stop(s).parent_.valid()) {
    s = tt_.stop(s).parent_;
  }
  town t;
  t.main_ = s;
  auto const& main = tt_.stop(s);
  t.name_ = std::string{tt_.str(main.name_)};
  t.tz_ = std::string{tt_.tz_name(main.tz_)};
  t.stops_.push_back(s);
  t.drive_s_.push_back(0);
  for (auto const c : tt_.children(s)) {
    t.stops_.push_back(c);
    t.drive_s_.push_back(0);
  }
  for (std::uint32_t i = 0; i != tt_.n_stops(); ++i) {
    auto const& r = tt_.stop(tt::stop_idx{i});
    if (i == s.v() || r.parent_ == s || !usable(r)) {
      continue;
    }
    if (auto const d = distance_m(main.pos_, r.pos_); d <= kTownRadiusM) {
      t.stops_.push_back(tt::stop_idx{i});
      t.drive_s_.push_back(d < 1'000.0 ? 0 : drive_seconds(d));
    }
  }
  return t;
}

}  // namespace caravan::tours
