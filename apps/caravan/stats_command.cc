// `caravan stats`: statistics as tables with their definitions and sources (docs/stats.md). `network`:
// the network's figures from a timetable snapshot for a date range; `published`: what others published
// (data/stats/published.csv) and the entry regimes in force; `register` and `cases`: the register's and
// the cases' figures from its store (aggregates, small counts withheld).
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
#include "caravan/rules/rule_set.h"
#include "caravan/cases/store.h"
#include "caravan/stats/network.h"
#include "caravan/stats/published.h"
#include "caravan/stats/store_figures.h"
#include "caravan/stats/table.h"
#include "caravan/timetable/timetable.h"
#include "commands.h"
#include "register_store.h"

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

bool same_sources(stats::table const& x, stats::table const& y) {
  return std::equal(x.sources_.begin(), x.sources_.end(), y.sources_.begin(), y.sources_.end(),
                    [](stats::source const& a, stats::source const& b) { return a.text_ == b.text_ && a.url_ == b.url_; });
}

// A table for people: title, definition, the rows in aligned columns (numbers right), notes, sources.
std::string table_text(stats::table const& t, stats::table const* previous) {
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
  if (previous != nullptr && !t.sources_.empty() && same_sources(*previous, t)) {
    out += fmt::format("sources: the {} of {} above\n", t.sources_.size(), previous->id_);
  } else {
    for (auto const& s : t.sources_) {
      out += "source: " + s.text_ + (s.url_.empty() ? "" : " " + s.url_) + "\n";
    }
  }
  return out + "\n";
}

// The figures as asked: all tables, or the one --table names (an unknown id lists the known ones).
void print_tables(std::vector<stats::table> const& tables, std::string const& only, std::string const& format,
                  std::string const& from, std::string const& to, std::string const& heading = "Network figures") {
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
    out = fmt::format("{} {}..{}\n\n", heading, from, to);
    stats::table const* previous = nullptr;
    for (auto const* t : chosen) {
      out += table_text(*t, previous);
      if (previous == nullptr || !same_sources(*previous, *t)) {
        previous = t;  // the last table whose sources were printed in full
      }
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
    std::string published = "data/stats/published.csv", rules, register_at;
    bool all = false;
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
  auto* published = cmd->add_subcommand(
      "published", "Published figures with their sources (flights, quotas, travellers, travel times) and the entry regimes in "
                   "force between China and Central Asia, for a date range");
  auto* reg = cmd->add_subcommand("register", "The register's figures: operators by country and status, approved group tours and "
                                              "their travellers by corridor, nationality and month (small counts withheld)");
  auto* cases_cmd = cmd->add_subcommand("cases", "The cases' figures by kind, country and outcome, deadlines met, and travellers' "
                                             "satisfaction ratings (small counts withheld)");
  for (auto* sub : {published, reg, cases_cmd}) {
    sub->add_option("--from", o->from, "First day, YYYY-MM-DD")->required();
    sub->add_option("--to", o->to, "Last day, YYYY-MM-DD (included)")->required();
    sub->add_option("--table", o->table, "Only this table");
    sub->add_option("--format", o->format, "text, json, csv or csvw (csv and csvw need --table)")
        ->capture_default_str()
        ->check(CLI::IsMember({"text", "json", "csv", "csvw"}));
  }
  published->add_option("--file", o->published, "The published figures (docs/stats.md)")->capture_default_str();
  published->add_option("--rules", o->rules, "Entry rules folder (env CARAVAN_RULES; default data/rules)");
  published->add_flag("--all", o->all, "Every published figure, whatever its date");
  for (auto* sub : {reg, cases_cmd}) {
    sub->add_option("--register", o->register_at, "The register: a SQLite file or a PostgreSQL URI (env CARAVAN_REGISTER)");
  }
  return [o, network, published, reg, cases_cmd] {
    if (published->parsed() || reg->parsed() || cases_cmd->parsed()) {
      stats::date_range range;
      try {
        range = stats::parse_range(o->from, o->to, kMaxRangeDays, "--from", "--to");
      } catch (std::invalid_argument const& e) {
        throw data_error{{}, e.what()};
      }
      std::vector<stats::table> tables;
      std::string heading;
      if (published->parsed()) {
        tables.push_back(stats::published_table(stats::load_published(o->published), range, o->all));
        tables.push_back(stats::visa_regimes_table(rules::rule_set::load_directory(rules_directory(o->rules)), range));
        heading = "Published figures";
      } else {
        auto const where = register_location(o->register_at);
        if (where.empty()) {
          throw data_error{{}, "--register is required (or CARAVAN_REGISTER): the figures are counted in its store"};
        }
        auto store = open_register(where, false);
        if (reg->parsed()) {
          tables = stats::register_figures(*store, range);
          heading = "Register figures";
        } else {
          auto* case_store = dynamic_cast<cases::case_store*>(store.get());
          if (case_store == nullptr) {
            throw data_error{{}, "this register's store keeps no cases"};
          }
          tables = stats::case_figures(*case_store, range);
          heading = "Case figures";
        }
      }
      print_tables(tables, o->table, o->format, o->from, o->to, heading);
      return 0;
    }
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
      r.travel_time_places_ = split_list(o->places);
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
