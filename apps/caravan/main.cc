// caravan: the command-line front of Caravan. Every subcommand lives in its own file.
#include <cstdio>
#include <exception>

#include "caravan/base/error.h"
#include "commands.h"

int main(int argc, char** argv) {
  CLI::App app{"Caravan: journeys and entry rules across China and Central Asia"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "caravan 0.1.0");
  std::vector<std::pair<CLI::App*, caravan::cli::command>> commands;
  auto const add = [&](auto f) {
    auto const before = app.get_subcommands({}).size();
    auto cmd = f(app);
    commands.emplace_back(app.get_subcommands({})[before], std::move(cmd));
  };
  add(caravan::cli::add_import_command);
  add(caravan::cli::add_info_command);
  add(caravan::cli::add_departures_command);
  add(caravan::cli::add_crossings_command);
  add(caravan::cli::add_route_command);
  add(caravan::cli::add_tour_command);
  add(caravan::cli::add_check_command);
  add(caravan::cli::add_stops_command);
  add(caravan::cli::add_serve_command);
  add(caravan::cli::add_admin_command);
  add(caravan::cli::add_audit_command);
  add(caravan::cli::add_cases_command);
  add(caravan::cli::add_stats_command);
  try {
    app.parse(argc, argv);
  } catch (CLI::ParseError const& e) {
    if (e.get_exit_code() == 0) {
      return app.exit(e);  // --help, --version
    }
    // Bad arguments are errors like any other: the same prefix and exit code.
    std::fprintf(stderr, "caravan: error: %s\nRun with --help for more information.\n", e.what());
    return 1;
  }
  try {
    for (auto const& [sub, run] : commands) {
      if (sub->parsed()) {
        return run();
      }
    }
  } catch (caravan::data_error const& e) {
    std::fprintf(stderr, "caravan: error: %s\n", e.what());
    return 1;
  } catch (std::exception const& e) {
    std::fprintf(stderr, "caravan: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
