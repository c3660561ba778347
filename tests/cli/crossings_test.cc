// `caravan crossings` end to end on the bundled Silk Road data: each crossing's status on a day as text,
// and --json as GET /api/v1/crossings answers (the same planner::crossings_json).
#include <nlohmann/json.hpp>

#include "cli.h"

namespace caravan::cli::test {
namespace {

class CrossingsCommand : public silkroad_test {
 protected:
  static result crossings(std::vector<std::string> extra) {
    std::vector<std::string> args{"crossings", "--timetable", silkroad_snapshot().string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return run(args);
  }
};

TEST_F(CrossingsCommand, StatusOnAWeekdayAWeekendAndAHoliday) {
  auto const wed = crossings({"--date", "2026-06-03"});
  ASSERT_EQ(wed.code_, 0) << wed.err_;
  EXPECT_NE(wed.out_.find("Irkeshtam (Erkeshtam) (irkeshtam), 2026-06-03 Asia/Shanghai: open 10:00-18:00, estimated\n"), std::string::npos)
      << wed.out_;
  EXPECT_NE(wed.out_.find("  formalities: 120 min, at 39.68000,73.91000\n"), std::string::npos) << wed.out_;
  auto const sat = crossings({"--date", "2026-06-06"});
  ASSERT_EQ(sat.code_, 0) << sat.err_;
  EXPECT_NE(sat.out_.find("Torugart (torugart), 2026-06-06 Asia/Shanghai: closed on Saturdays, estimated\n  next opening: 2026-06-08 10:00-18:00\n"),
            std::string::npos)
      << sat.out_;
  auto const spring = crossings({"--date", "2026-02-16"});
  EXPECT_NE(spring.out_.find("Torugart (torugart), 2026-02-16 Asia/Shanghai: closed: Chinese holiday: Spring Festival, estimated\n"),
            std::string::npos)
      << spring.out_;
}

TEST_F(CrossingsCommand, JsonIsTheApisAnswer) {
  auto const r = crossings({"--date", "2026-06-06", "--json"});
  ASSERT_EQ(r.code_, 0) << r.err_;
  auto const j = nlohmann::json::parse(r.out_);
  EXPECT_EQ(j["date"], "2026-06-06");
  ASSERT_GE(j["crossings"].size(), 10U);
  bool found = false;
  for (auto const& c : j["crossings"]) {
    if (c["id"] == "irkeshtam") {
      found = true;
      EXPECT_EQ(c["status"], "closed_weekday");
      EXPECT_EQ(c["nextOpening"]["date"], "2026-06-08");
    }
  }
  EXPECT_TRUE(found);
  // Without --date: today at each crossing.
  auto const today = crossings({"--json"});
  ASSERT_EQ(today.code_, 0) << today.err_;
  EXPECT_TRUE(nlohmann::json::parse(today.out_)["date"].is_null());
}

TEST_F(CrossingsCommand, BadDatesAreErrors) {
  auto const bad = crossings({"--date", "2026-02-30"});
  EXPECT_EQ(bad.code_, 1);
  EXPECT_NE(bad.err_.find("--date `2026-02-30` is not a date YYYY-MM-DD"), std::string::npos) << bad.err_;
  auto const outside = crossings({"--date", "2031-01-01"});
  EXPECT_EQ(outside.code_, 1);
  EXPECT_NE(outside.err_.find("is outside the timetable"), std::string::npos) << outside.err_;
}

}  // namespace
}  // namespace caravan::cli::test
