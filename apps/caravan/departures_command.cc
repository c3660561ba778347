#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "caravan/base/date.h"
#include "caravan/base/error.h"
#include "caravan/planner/places.h"
#include "caravan/timetable/departures.h"
#include "caravan/timetable/info.h"
#include "commands.h"

namespace caravan::cli {

command add_departures_command(CLI::App& app) {
  struct options {
    std::string timetable = kDefaultTimetable;
    std::string stop;
    std::string date;
    std::size_t limit = 20;
  };
  auto o = std::make_shared<options>();
  auto* cmd = app.add_subcommand("departures", "Departures board of a stop on one day");
  cmd->add_option("--timetable", o->timetable, "Snapshot written by `caravan import`")->capture_default_str();
  cmd->add_option("--stop", o->stop, "Stop id or name (a station's id or name stands for its stops)")->required();
  cmd->add_option("--date", o->date, "Local date YYYY-MM-DD (default: the timetable's first day)");
  cmd->add_option("--limit", o->limit, "How many departures to show")->capture_default_str();
  return [o] {
    auto const tt = tt::timetable::load(o->timetable);
    // The place as `caravan route --from` finds it: an id, else a name or translation.
    auto const s = planner::place_resolver{tt}.resolve(o->stop, "stop").primary_;
    std::int32_t date = tt.scalars().first_day_;
    if (!o->date.empty()) {
      auto const d = parse_date(o->date, date_format::kIso);
      if (!d) {
        throw data_error{{}, fmt::format("--date `{}` is not a date YYYY-MM-DD", o->date)};
      }
      date = *d;
    }
    auto const tz = tt.tz_name(tt.stop(s).tz_);
    auto const deps = tt::departures(tt, s, date);
    std::printf("%s\n", fmt::format("Departures from {} ({}) on {}, times in {}", tt.str(tt.stop(s).name_),
                                    tt.str(tt.stop(s).id_), format_date(date), tz).c_str());
    if (deps.empty()) {
      std::printf("  no departures\n");
    }
    for (std::size_t i = 0; i != std::min(deps.size(), o->limit); ++i) {
      auto const& d = deps[i];
      auto const& trip = tt.trip(d.trip_);
      auto const& route = tt.route(trip.route_);
      auto const name = !tt.str(trip.short_name_).empty() ? tt.str(trip.short_name_)
                        : !tt.str(route.short_name_).empty() ? tt.str(route.short_name_)
                                                              : tt.str(route.long_name_);
      auto const stops = tt.pattern_stops(trip.pattern_);
      auto const last = stops.back().stop();
      std::printf("%s\n", fmt::format("  {}  {:<10} {:<8} to {}", tt::format_local(d.time_, tz).substr(11), name,
                                      tt::to_string(tt.pattern(trip.pattern_).mode_),
                                      !tt.str(trip.headsign_).empty() ? tt.str(trip.headsign_) : tt.str(tt.stop(last).name_))
                              .c_str());
    }
    if (deps.size() > o->limit) {
      std::printf("  ... %zu more\n", deps.size() - o->limit);
    }
    return 0;
  };
}

}  // namespace caravan::cli
