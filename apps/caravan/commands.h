#pragma once
// Each command registers its options on the CLI and returns the exit code when run.
#include <functional>
#include <string>

#include <CLI/CLI.hpp>

namespace caravan::cli {

using command = std::function<int()>;

// The snapshot commands read unless --timetable says otherwise: what scripts/run.sh writes.
inline constexpr char const* kDefaultTimetable = "var/timetable.bin";
// The entry rules folder: the one given, else $CARAVAN_RULES, else data/rules.
std::string rules_directory(std::string const& given);

command add_import_command(CLI::App& app);
command add_info_command(CLI::App& app);
command add_departures_command(CLI::App& app);
command add_crossings_command(CLI::App& app);
command add_route_command(CLI::App& app);
command add_tour_command(CLI::App& app);
command add_check_command(CLI::App& app);
command add_stops_command(CLI::App& app);
command add_serve_command(CLI::App& app);
command add_admin_command(CLI::App& app);
command add_audit_command(CLI::App& app);
command add_cases_command(CLI::App& app);
command add_stats_command(CLI::App& app);

}  // namespace caravan::cli
