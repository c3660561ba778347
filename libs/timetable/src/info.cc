#include "caravan/timetable/info.h"

#include <map>

#include <fmt/format.h>

#include "caravan/base/date.h"

namespace caravan::tt {

std::vector<source_date> source_dates(timetable const& tt) {
  std::vector<source_date> out;
  auto rest = tt.meta("caravan_source_dates");
  auto const trim = [](std::string_view x) {
    while (!x.empty() && x.front() == ' ') {
      x.remove_prefix(1);
    }
    while (!x.empty() && x.back() == ' ') {
      x.remove_suffix(1);
    }
    return x;
  };
  while (!rest.empty()) {
    auto const bar = rest.find('|');
    auto const item = trim(rest.substr(0, bar));
    rest = bar == std::string_view::npos ? std::string_view{} : rest.substr(bar + 1);
    if (item.empty()) {
      continue;
    }
    auto const sp = item.rfind(' ');
    if (sp == std::string_view::npos) {
      out.push_back({std::string{item}, "undated"});
    } else {
      out.push_back({std::string{trim(item.substr(0, sp))}, std::string{item.substr(sp + 1)}});
    }
  }
  return out;
}

std::string describe(timetable const& tt) {
  auto const& c = tt.columns();
  auto const& s = tt.scalars();
  std::string out;
  auto const line = [&](std::string_view k, auto const& v) { out += fmt::format("{:<22}{}\n", k, v); };
  if (!tt.meta("feed_publisher_name").empty()) {
    line("feed publisher", tt.meta("feed_publisher_name"));
  }
  if (!tt.meta("feed_version").empty()) {
    line("feed version", tt.meta("feed_version"));
  }
  if (!tt.meta("source").empty()) {
    line("imported from", tt.meta("source"));
  }
  line("service days", s.n_days_ == 0 ? std::string{"none"}
                                       : fmt::format("{} to {} ({} days)", format_date(s.first_day_),
                                                     format_date(s.first_day_ + static_cast<std::int32_t>(s.n_days_) - 1), s.n_days_));
  std::string zones;
  for (auto const z : c.tz_names_) {
    zones += (zones.empty() ? "" : ", ") + std::string{tt.str(z)};
  }
  line("time zones", zones);
  line("agencies", c.agencies_.size());
  line("stops", c.stops_.size());
  line("routes", c.routes_.size());
  line("trips", c.trips_.size());
  line("stop times", c.stop_times_.size());
  line("patterns", c.patterns_.size());
  line("service day sets", s.bitfield_words_ == 0 ? 0 : c.bitfields_.size() / s.bitfield_words_);
  line("footpaths", c.footpaths_out_.size());
  line("stop transfers", c.stop_transfers_.size());
  line("trip transfers", c.trip_transfers_.size());
  line("stay-seated links", c.stay_seated_.size());
  line("road links", c.road_links_.size());
  line("border crossings", c.border_crossings_.size());
  line("translations", c.translations_.size());
  std::map<std::string_view, std::size_t> trips_by_mode;
  for (auto const& p : c.patterns_) {
    trips_by_mode[to_string(p.mode_)] += p.n_trips_;
  }
  std::string modes;
  for (auto const& [m, n] : trips_by_mode) {
    modes += fmt::format("{}{} {}", modes.empty() ? "" : ", ", m, n);
  }
  line("trips by mode", modes);
  if (auto const sources = source_dates(tt); !sources.empty()) {
    out += "sources (as of)\n";
    for (auto const& x : sources) {
      out += fmt::format("  {:<28}{}\n", x.name_, x.as_of_);
    }
  }
  return out;
}

}  // namespace caravan::tt
