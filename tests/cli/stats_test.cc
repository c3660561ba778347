// `caravan stats network` end to end on the imported Silk Road data: text, JSON, CSV (read back) and
// CSVW, and bad options named in the error with a failing exit code.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "cli.h"

namespace caravan::cli::test {
namespace {

class StatsCommand : public silkroad_test {
 protected:
  static result network(std::vector<std::string> more) {
    std::vector<std::string> all{"stats", "network", "--timetable", silkroad_snapshot().string(), "--from", "2026-06-01",
                                 "--to", "2026-06-30"};
    all.insert(all.end(), more.begin(), more.end());
    return run(all);
  }
};

// RFC 4180 rows: quoted fields may hold commas, quotes ("") and line breaks.
std::vector<std::vector<std::string>> parse_csv(std::string const& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted_field = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto const c = text[i];
    if (quoted_field) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted_field = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted_field = true;
    } else if (c == ',') {
      rows.back().push_back(std::move(field));
      field.clear();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      rows.back().push_back(std::move(field));
      field.clear();
      rows.emplace_back();
      ++i;
    } else {
      field += c;
    }
  }
  if (rows.back().empty() && field.empty()) {
    rows.pop_back();
  }
  return rows;
}

TEST_F(StatsCommand, TextShowsEveryTableWithItsDefinitionAndNotes) {
  auto const r = network({});
  ASSERT_EQ(r.code_, 0) << r.err_;
  EXPECT_EQ(r.err_, "");
  for (auto const* id : {"network.totals", "network.corridors", "network.modes", "network.cityPairs", "network.operators",
                         "network.crossings", "network.travelTimes"}) {
    EXPECT_NE(r.out_.find(fmt::format("({})", id)), std::string::npos) << id;
  }
  EXPECT_NE(r.out_.find("Network figures 2026-06-01..2026-06-30"), std::string::npos);
  EXPECT_NE(r.out_.find("Services by corridor (network.corridors)\nServices (runs of a trip"), std::string::npos);
  EXPECT_NE(r.out_.find("note: "), std::string::npos);
  EXPECT_NE(r.out_.find("source: "), std::string::npos);
  // The CN-KZ corridor's row: 382 services, 89.1 a week (tests/stats has the hand count).
  EXPECT_NE(r.out_.find("CN-KZ"), std::string::npos);
  EXPECT_NE(r.out_.find("89.1"), std::string::npos);
}

TEST_F(StatsCommand, JsonHasTheRangeAndEveryTable) {
  auto const r = network({"--format", "json"});
  ASSERT_EQ(r.code_, 0) << r.err_;
  auto const j = nlohmann::json::parse(r.out_);
  EXPECT_EQ(j.at("from"), "2026-06-01");
  EXPECT_EQ(j.at("to"), "2026-06-30");
  ASSERT_EQ(j.at("tables").size(), 7U);
  auto const& corridors = j.at("tables").at(1);
  EXPECT_EQ(corridors.at("id"), "network.corridors");
  auto const& row = *std::find_if(corridors.at("rows").begin(), corridors.at("rows").end(),
                                  [](nlohmann::json const& x) { return x.at("corridor") == "CN-KZ"; });
  EXPECT_EQ(row.at("services"), 382);
  EXPECT_TRUE(row.at("seats").is_null());
  EXPECT_EQ(corridors.at("columns").at(0).at("key"), "corridor");
  // One table only with --table.
  auto const one = network({"--format", "json", "--table", "network.totals"});
  ASSERT_EQ(one.code_, 0) << one.err_;
  EXPECT_EQ(nlohmann::json::parse(one.out_).at("tables").size(), 1U);
}

TEST_F(StatsCommand, CsvReadsBackWithTheColumnKeys) {
  auto const r = network({"--format", "csv", "--table", "network.crossings"});
  ASSERT_EQ(r.code_, 0) << r.err_;
  auto const rows = parse_csv(r.out_);
  ASSERT_GT(rows.size(), 1U);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"crossingId", "crossingName", "countries", "month", "days", "openDays",
                                               "closedWeekdayDays", "closedListedDays"}));
  bool torugart = false;
  for (auto const& x : rows) {
    ASSERT_EQ(x.size(), rows[0].size());
    if (x[0] == "torugart") {
      torugart = true;
      EXPECT_EQ(x[3], "2026-06");
      EXPECT_EQ(x[4], "30");
      EXPECT_EQ(x[5], "21");
    }
  }
  EXPECT_TRUE(torugart);
  auto const pairs = network({"--format", "csv", "--table", "network.cityPairs", "--max-city-pairs", "5"});
  ASSERT_EQ(pairs.code_, 0) << pairs.err_;
  EXPECT_EQ(parse_csv(pairs.out_).size(), 6U);  // the header and the 5 busiest
  auto const csvw = network({"--format", "csvw", "--table", "network.modes"});
  ASSERT_EQ(csvw.code_, 0) << csvw.err_;
  auto const meta = nlohmann::json::parse(csvw.out_);
  EXPECT_EQ(meta.at("url"), "network.modes.csv");
  EXPECT_EQ(meta.at("tableSchema").at("columns").at(0).at("name"), "mode");
}

TEST_F(StatsCommand, ExplicitPlacesAndSeats) {
  auto const seats = scratch() / "seats.csv";
  std::ofstream{seats} << "route_id,trip_id,seats,source\n,cz_xiy_ala_sat,160,an A320's seats (test figure)\n";
  auto const r = network({"--places", "xian,almaty", "--seats", seats.string(), "--format", "json"});
  ASSERT_EQ(r.code_, 0) << r.err_;
  auto const j = nlohmann::json::parse(r.out_);
  auto const& times = j.at("tables").at(6);
  EXPECT_EQ(times.at("rows").size(), 2U);  // xian -> almaty, almaty -> xian
  auto const& pairs = j.at("tables").at(3).at("rows");
  auto const& xa = *std::find_if(pairs.begin(), pairs.end(),
                                 [](nlohmann::json const& x) { return x.at("fromId") == "xian" && x.at("toId") == "almaty"; });
  EXPECT_EQ(xa.at("seats"), 4 * 160);  // 4 Saturdays in June 2026
  EXPECT_EQ(xa.at("seatsKnownServices"), 4);
}

TEST_F(StatsCommand, BadInputIsNamedAndFails) {
  auto const expect_error = [](result const& r, std::string const& part) {
    EXPECT_EQ(r.code_, 1) << r.out_;
    EXPECT_EQ(r.out_, "");
    EXPECT_NE(r.err_.find(part), std::string::npos) << r.err_;
  };
  expect_error(run({"stats", "network", "--timetable", silkroad_snapshot().string(), "--from", "2026-13-01", "--to", "2026-12-31"}),
               "caravan: error: --from: '2026-13-01' is not a date (YYYY-MM-DD)");
  expect_error(run({"stats", "network", "--timetable", silkroad_snapshot().string(), "--from", "2026-06-30", "--to", "2026-06-01"}),
               "--to: 2026-06-01 is before --from 2026-06-30");
  expect_error(network({"--table", "network.nothing"}), "--table `network.nothing` is not one of network.totals");
  expect_error(network({"--format", "csv"}), "--format csv writes one table: say which with --table");
  expect_error(network({"--places", "beijing,atlantis"}), "--places: `atlantis` is not a stop id of the timetable");
  auto const seats = scratch() / "bad-seats.csv";
  std::ofstream{seats} << "route_id,trip_id,seats,source\ny29,,lots,x\n";
  expect_error(network({"--seats", seats.string()}), "bad-seats.csv:2:3: seats `lots` is not a whole number");
  expect_error(run({"stats", "network", "--from", "2026-06-01"}), "--to is required");
  expect_error(run({"stats"}), "caravan: error:");
}

TEST_F(StatsCommand, ARangeOutsideTheDataIsNotedNotInvented) {
  auto const r = network({});
  ASSERT_EQ(r.code_, 0);
  auto const later = run({"stats", "network", "--timetable", silkroad_snapshot().string(), "--from", "2030-01-01", "--to",
                          "2030-01-31", "--table", "network.totals"});
  ASSERT_EQ(later.code_, 0) << later.err_;
  EXPECT_NE(later.out_.find("is outside the days the timetable covers"), std::string::npos) << later.out_;
}

}  // namespace
}  // namespace caravan::cli::test
