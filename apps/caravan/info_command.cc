#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "caravan/timetable/info.h"
#include "caravan/timetable/timetable.h"
#include "caravan/timetable/verify.h"
#include "commands.h"

namespace caravan::cli {

command add_info_command(CLI::App& app) {
  struct options {
    std::string file;
    bool verify = false;
  };
  auto o = std::make_shared<options>();
  auto* cmd = app.add_subcommand("info", "Print what a timetable snapshot holds");
  cmd->add_option("timetable", o->file, "Snapshot written by `caravan import`")->required();
  cmd->add_flag("--verify", o->verify,
                "Check the snapshot in full instead: the checks of every load (checksum, layout, every index and range) and "
                "the deep ones (id indexes, mirrored lists, sort orders, trip order); prints `verified: ...` "
                "or the error (exit 1)");
  return [o] {
    auto const tt = tt::timetable::load(o->file);  // the checksum and verify_columns: every load runs them
    if (o->verify) {
      auto const deep = tt::verify_deep(tt, o->file);
      std::fputs(fmt::format("verified: {}: checksum, column layout, every index and range of {} stops, {} trips, {} stop times "
                             "(as every load); {}\n",
                             o->file, tt.n_stops(), tt.n_trips(), tt.n_stop_times(), deep)
                     .c_str(),
                 stdout);
      return 0;
    }
    std::fputs(fmt::format("{:<22}{} ({} bytes)\n", "file", o->file, std::filesystem::file_size(o->file)).c_str(), stdout);
    std::fputs(tt::describe(tt).c_str(), stdout);
    return 0;
  };
}

}  // namespace caravan::cli
