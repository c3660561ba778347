// `caravan stats`: statistics as tables with their definitions and sources (docs/stats.md). `network`:
// the network's figures from a timetable snapshot for a date range.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "caravan/base/error.h"
#include "caravan/base/text.h"
#include "caravan/stats/network.h"
#include "caravan/stats/table.h"
#include "caravan/timetable/timetable.h"
#include "commands.h"

namespace caravan::cli {

namespace {

// A year and a bit: a request covers at most this many days.
constexpr std::int32_t kMaxRangeDays = 366 * 2;

std::string cell_text(stats::cell const& c) {
  if (auto const* s = std::get_if<std::string>(&c)) {
    return *s;
  }
  if (auto const* d = std::get_if<double>(&c)) {
    return fmt::format("{:.1f}", *d);
  }
  if (auto const* i = std::get_if<std::int64_t>(&c)) {
    return std::to_string(*i);
  }
  return "-";
}

// Display width: UTF-8 code points (names in Chinese or Cyrillic), good enough to line columns up.
std::size_t width_of(std::string const& s) {
  std::size_t n = 0;
  for (unsigned char ch : s) {
    n += (ch & 0xC0U) != 0x80U ? 1 : 0;
  }
  return n;
}

// A table for people: title, definition, the rows in aligned columns (numbers right), notes, sources.
std::string table_text(stats::table const& t) {
  std::string out = fmt::format("{} ({})\n{}\n\n", t.title_, t.id_, t.definition_);
  std::vector<std::vector<std::string>> cells;
  std::vector<std::size_t> widths;
  for (auto const& c : t.columns_) {
    widths.push_back(width_of(c.key_));
  }
  for (auto const& r : t.rows_) {
    auto& line = cells.emplace_back();
    for (std::size_t i = 0; i < t.columns_.size(); ++i) {
      line.push_back(i < r.cells_.size() ? cell_text(r.cells_[i]) : "-");
      widths[i] = std::max(widths[i], width_of(line.back()));
    }
  }
  auto const print = [&](std::vector<std::string> const& line) {
    std::string text;
    for (std::size_t i = 0; i < line.size(); ++i) {
      auto const pad = std::string(widths[i] - width_of(line[i]), ' ');
      auto const right = t.columns_[i].type_ != stats::column_type::kText;
      text += (i == 0 ? "" : "  ") + (right ? pad + line[i] : line[i] + (i + 1 == line.size() ? "" : pad));
    }
    out += text + "\n";
  };
  std::vector<std::string> header;
  for (auto const& c : t.columns_) {
    header.push_back(c.key_);
  }
  print(header);
  for (auto const& line : cells) {
    print(line);
  }
  if (t.rows_.empty()) {
    out += "(no rows)\n";
  }
  for (auto const& n : t.notes_) {
    out += "note: " + n + "\n";
  }
  for (auto const& s : t.sources_) {
    out += "source: " + s.text_ + (s.url_.empty() ? "" : " " + s.url_) + "\n";
  }
  return out + "\n";
}

std::vector<std::string> split_ids(std::string const& text) {
  std::vector<std::string> out;
  for (std::string_view rest = text;;) {
    auto const comma = rest.find(',');
    if (auto const id = trim(rest.substr(0, comma)); !id.empty()) {
      out.emplace_back(id);
    }
    if (comma == std::string_view::npos) {
      break;
    }
    rest.remove_prefix(comma + 1);
  }
  return out;
}

// The figures as asked: all tables, or the one --table names (an unknown id lists the known ones).
void print_tables(std::vector<stats::table> const& tables, std::string const& only, std::string const& format,
                  std::string const& from, std::string const& to) {
  std::vector<stats::table const*> chosen;
  std::vector<std::string> ids;
  for (auto const& t : tables) {
    ids.push_back(t.id_);
    if (only.empty() || t.id_ == only) {
      chosen.push_back(&t);
    }
  }
  if (chosen.empty()) {
    throw data_error{{}, fmt::format("--table `{}` is not one of {}", only, fmt::format("{}", fmt::join(ids, ", ")))};
  }
  if ((format == "csv" || format == "csvw") && chosen.size() != 1) {
    throw data_error{{}, fmt::format("--format {} writes one table: say which with --table ({})", format, fmt::join(ids, ", "))};
  }
  std::string out;
  if (format == "json") {
    auto list = nlohmann::json::array();
    for (auto const* t : chosen) {
      list.push_back(stats::to_json(*t));
    }
    out = nlohmann::json{{"from", from}, {"to", to}, {"tables", std::move(list)}}.dump(2) + "\n";
  } else if (format == "csv") {
    out = stats::to_csv(*chosen.front());
  } else if (format == "csvw") {
    out = stats::to_csvw(*chosen.front(), chosen.front()->id_ + ".csv").dump(2) + "\n";
  } else {
    out = fmt::format("Network figures {}..{}\n\n", from, to);
    for (auto const* t : chosen) {
      out += table_text(*t);
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
}

}  // namespace

command add_stats_command(CLI::App& app) {
  struct options {
    std::string timetable = kDefaultTimetable;
    std::string from, to, seats, places, table, format = "text";
    std::size_t max_pairs = 500;
  };
  auto o = std::make_shared<options>();
  auto* cmd = app.add_subcommand("stats", "Statistics as tables with definitions and sources (docs/stats.md)");
  cmd->require_subcommand(1);
  auto* network = cmd->add_subcommand(
      "network", "The network's figures for a date range: services by corridor, mode, city pair and operator, seats "
                 "where known, crossings' open days, fastest journeys between places by month");
  network->add_option("--timetable", o->timetable, "Snapshot written by `caravan import`")->capture_default_str();
  network->add_option("--from", o->from, "First day, YYYY-MM-DD")->required();
  network->add_option("--to", o->to, "Last day, YYYY-MM-DD (included)")->required();
  network->add_option("--seats", o->seats, "Seats per route or trip: CSV route_id,trip_id,seats,source (data/stats/seats.csv)");
  network->add_option("--places", o->places,
                      "Stop ids whose fastest journeys to each other are followed by month, comma-separated (default: "
                      "the capitals of the bundled data that the timetable has)");
  network->add_option("--max-city-pairs", o->max_pairs, "Rows of network.cityPairs (the busiest)")->capture_default_str()->check(CLI::Range(1, 1'000'000));
  network->add_option("--table", o->table, "Only this table (network.totals, network.corridors, ...)");
  network->add_option("--format", o->format, "text, json, csv or csvw (csv and csvw need --table)")
      ->capture_default_str()
      ->check(CLI::IsMember({"text", "json", "csv", "csvw"}));
  return [o, network] {
    if (!network->parsed()) {
      return 0;
    }
    stats::network_request r;
    try {
      r.range_ = stats::parse_range(o->from, o->to, kMaxRangeDays, "--from", "--to");
    } catch (std::invalid_argument const& e) {
      throw data_error{{}, e.what()};
    }
    // Check --table and --format against each other before the work.
    static constexpr char const* kIds[] = {"network.totals",    "network.corridors", "network.modes",      "network.cityPairs",
                                           "network.operators", "network.crossings", "network.travelTimes"};
    if (!o->table.empty() && std::find(std::begin(kIds), std::end(kIds), o->table) == std::end(kIds)) {
      throw data_error{{}, fmt::format("--table `{}` is not one of {}", o->table, fmt::join(kIds, ", "))};
    }
    if ((o->format == "csv" || o->format == "csvw") && o->table.empty()) {
      throw data_error{{}, fmt::format("--format {} writes one table: say which with --table ({})", o->format, fmt::join(kIds, ", "))};
    }
    auto const tt = tt::timetable::load(o->timetable);
    if (!o->seats.empty()) {
      r.seats_ = stats::load_seats(o->seats, tt);
    }
    if (o->places.empty()) {
      r.travel_time_places_ = stats::capitals();
      r.places_are_defaults_ = true;
    } else {
      r.travel_time_places_ = split_ids(o->places);
    }
    r.max_city_pairs_ = o->max_pairs;
    stats::network_figures figures;
    try {
      figures = stats::compute_network(tt, r);
    } catch (std::invalid_argument const& e) {
      throw data_error{{}, fmt::format("--{}", e.what())};
    }
    print_tables(figures.tables_, o->table, o->format, o->from, o->to);
    return 0;
  };
}

}  // namespace caravan::cli
