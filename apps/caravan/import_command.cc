#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "caravan/gtfs/load.h"
#include "caravan/timetable/file.h"
#include "commands.h"

namespace caravan::cli {

command add_import_command(CLI::App& app) {
  struct options {
    std::string feed;
    std::string output = "timetable.bin";
    gtfs::load_options load;
    bool quiet = false;
  };
  auto o = std::make_shared<options>();
  auto* cmd = app.add_subcommand("import", "Import a GTFS feed (zip or folder) into a timetable snapshot");
  cmd->add_option("feed", o->feed, "GTFS feed: a .zip file or a folder")->required();
  cmd->add_option("-o,--output", o->output, "Snapshot file to write")->capture_default_str();
  cmd->add_option("--walk-radius", o->load.footpaths_.walk_radius_m_,
                  "Generate footpaths between stops within this many metres (0: none)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 5000.0));
  cmd->add_option("--walk-speed", o->load.footpaths_.walk_speed_m_per_s_, "Walking speed in metres per second")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 10.0));
  cmd->add_flag("-q,--quiet", o->quiet, "No progress and no report");
  return [o] {
    auto const start = std::chrono::steady_clock::now();
    progress p{!o->quiet};
    auto const feed = gtfs::open_feed(o->feed);
    auto result = gtfs::load(*feed, o->load, p);
    tt::write_timetable(result.data_, o->output);
    auto const secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!o->quiet) {
      std::fputs(result.report_.to_string().c_str(), stdout);
      std::fputs(fmt::format("wrote {} in {:.2f} s\n", o->output, secs).c_str(), stdout);
    }
    return 0;
  };
}

}  // namespace caravan::cli
