#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "caravan/timetable/info.h"
#include "caravan/timetable/timetable.h"
#include "commands.h"

namespace caravan::cli {

command add_info_command(CLI::App& app) {
  auto file = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("info", "Print what a timetable snapshot holds");
  cmd->add_option("timetable", *file, "Snapshot written by `caravan import`")->required();
  return [file] {
    auto const tt = tt::timetable::load(*file);
    std::fputs(fmt::format("{:<22}{} ({} bytes)\n", "file", *file, std::filesystem::file_size(*file)).c_str(), stdout);
    std::fputs(tt::describe(tt).c_str(), stdout);
    return 0;
  };
}

}  // namespace caravan::cli
