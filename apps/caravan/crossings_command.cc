// caravan crossings: the border crossings and their status on a day, as GET /api/v1/crossings answers.
#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "caravan/base/date.h"
#include "caravan/base/error.h"
#include "caravan/planner/crossings.h"
#include "caravan/timetable/timetable.h"
#include "commands.h"

namespace caravan::cli {

command add_crossings_command(CLI::App& app) {
  struct options {
    std::string timetable = kDefaultTimetable;
    std::string date;
    bool json = false;
  };
  auto o = std::make_shared<options>();
  auto* cmd = app.add_subcommand("crossings", "Border crossings: open or closed on a day, hours, next opening, source");
  cmd->add_option("--timetable", o->timetable, "Snapshot written by `caravan import`")->capture_default_str();
  cmd->add_option("--date", o->date, "Local date YYYY-MM-DD at every crossing (default: today in each crossing's zone)");
  cmd->add_flag("--json", o->json, "The JSON of GET /api/v1/crossings");
  return [o] {
    auto const tt = tt::timetable::load(o->timetable);
    std::optional<std::int32_t> date;
    if (!o->date.empty()) {
      date = parse_date(o->date, date_format::kIso);
      if (!date) {
        throw data_error{{}, fmt::format("--date `{}` is not a date YYYY-MM-DD", o->date)};
      }
      if (auto const why = planner::crossings_date_error(tt, *date); !why.empty()) {
        throw data_error{{}, fmt::format("--date: {}", why)};
      }
    }
    auto const now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    auto const out = o->json ? planner::crossings_json(tt, date, now).dump(2) + "\n" : planner::crossings_text(tt, date, now);
    std::fputs(out.c_str(), stdout);
    return 0;
  };
}

}  // namespace caravan::cli
