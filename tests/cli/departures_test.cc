// `caravan departures` end to end on the bundled Silk Road data: a station's board is its stops' boards
// together; the stop is an id or a name, as `caravan route` takes them.
#include <algorithm>
#include <sstream>

#include "cli.h"

namespace caravan::cli::test {
namespace {

class DeparturesCommand : public silkroad_test {
 protected:
  static result departures(std::string const& stop) {
    return run({"departures", "--timetable", silkroad_snapshot().string(), "--stop", stop, "--date", "2026-06-03", "--limit",
                "1000"});
  }
  // The board's departures, one line each, without the heading.
  static std::vector<std::string> board(std::string const& stop) {
    auto const r = departures(stop);
    EXPECT_EQ(r.code_, 0) << stop << ": " << r.err_;
    std::istringstream in{r.out_};
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) {
      if (!line.starts_with("Departures from ") && line != "  no departures") {
        lines.push_back(line);
      }
    }
    return lines;
  }
};

TEST_F(DeparturesCommand, AStationGivesItsStopsDepartures) {
  auto const r = departures("almaty");
  ASSERT_EQ(r.code_, 0) << r.err_;
  EXPECT_TRUE(r.out_.starts_with("Departures from Almaty (almaty) on 2026-06-03, times in Asia/Almaty\n")) << r.out_;
  auto station = board("almaty");
  // Almaty's railway station, airport and road-link stop (road links are no departures).
  std::vector<std::string> stops;
  std::size_t boards = 0;
  for (auto const* id : {"almaty_2", "almaty_ala", "almaty_road"}) {
    auto const b = board(id);
    boards += b.empty() ? 0U : 1U;
    stops.insert(stops.end(), b.begin(), b.end());
  }
  EXPECT_GE(boards, 2U) << "trains and planes leave Almaty";
  ASSERT_FALSE(station.empty());
  auto const by_time = [](std::string const& a, std::string const& b) { return a.substr(0, 7) < b.substr(0, 7); };  // "  HH:MM"
  EXPECT_TRUE(std::is_sorted(station.begin(), station.end(), by_time));
  std::sort(station.begin(), station.end());
  std::sort(stops.begin(), stops.end());
  EXPECT_EQ(station, stops);
}

TEST_F(DeparturesCommand, TheStopByIdOrByNameInAnyLanguage) {
  auto const by_id = departures("almaty").out_;
  for (auto const* name : {"Almaty", "ALMATY", "Алматы", "阿拉木图"}) {
    auto const r = departures(name);
    EXPECT_EQ(r.code_, 0) << name << ": " << r.err_;
    EXPECT_EQ(r.out_, by_id) << name;
  }
  auto const r = departures("Nowhere");
  EXPECT_EQ(r.code_, 1);
  EXPECT_TRUE(r.err_.starts_with("caravan: error: no stop with id or name `Nowhere`")) << r.err_;
  EXPECT_EQ(r.out_, "");
}

}  // namespace
}  // namespace caravan::cli::test
