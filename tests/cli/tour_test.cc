// `caravan tour` end to end on the imported Silk Road data: the text day by day, --json, the exports
// written to files, and bad options named in the error.
#include <nlohmann/json.hpp>

#include "cli.h"

namespace caravan::cli::test {
namespace {

class TourCommand : public silkroad_test {
 protected:
  // caravan tour over the imported snapshot and the bundled sites, visit estimates and rules.
  static result tour(std::vector<std::string> args) {
    std::vector<std::string> all{"tour",
                                 "--timetable",
                                 silkroad_snapshot().string(),
                                 "--sites-file",
                                 (source_dir() / "data" / "silkroad" / "caravan_heritage_sites.txt").string(),
                                 "--rules",
                                 (source_dir() / "data" / "rules").string()};
    if (auto const visits = source_dir() / "data" / "tours" / "site_visits.csv"; fs::exists(visits)) {
      all.insert(all.end(), {"--site-visits", visits.string()});
    }
    all.insert(all.end(), args.begin(), args.end());
    return run(all);
  }
  static std::vector<std::string> corridor() {
    return {"--start", "Almaty", "--at", "2026-06-01T08:00", "--theme", "corridor:KZ", "--days", "10"};
  }
  static std::vector<std::string> with(std::vector<std::string> more) {
    auto args = corridor();
    args.insert(args.end(), more.begin(), more.end());
    return args;
  }
};

TEST_F(TourCommand, TextNamesTheDaysAndTheSites) {
  auto const r = tour(with({"--traveller", "CN"}));
  ASSERT_EQ(r.code_, 0) << r.err_;
  EXPECT_EQ(r.err_, "");
  EXPECT_TRUE(r.out_.starts_with("Tour from Almaty")) << r.out_;
  EXPECT_NE(r.out_.find("in 10 days"), std::string::npos) << r.out_;
  EXPECT_NE(r.out_.find("sites: "), std::string::npos) << r.out_;
  if (r.out_.find("no tour fits") == std::string::npos) {
    EXPECT_NE(r.out_.find("   Day 1  2026-06-01\n"), std::string::npos) << r.out_;
    EXPECT_NE(r.out_.find("visit "), std::string::npos) << r.out_;
    EXPECT_NE(r.out_.find("order: "), std::string::npos) << r.out_;
  }
}

TEST_F(TourCommand, JsonParsesAndExportsAreWritten) {
  auto const ics = scratch() / "tour.ics";
  auto const geojson = scratch() / "tour.geojson";
  auto const html = scratch() / "tour.html";
  auto const r = tour(with({"--json", "--tours", "1", "--ics", ics.string(), "--geojson", geojson.string(), "--html", html.string()}));
  ASSERT_EQ(r.code_, 0) << r.err_;
  auto const j = nlohmann::json::parse(r.out_);
  EXPECT_EQ(j["daysAvailable"], 10);
  EXPECT_EQ(j["sites"].size(), 8U);
  EXPECT_LE(j["tours"].size(), 1U);
  if (j["tours"].empty()) {
    GTEST_SKIP() << "no tour fits: nothing exported";
  }
  EXPECT_TRUE(slurp(ics).starts_with("BEGIN:VCALENDAR\r\n"));
  EXPECT_EQ(nlohmann::json::parse(slurp(geojson))["type"], "FeatureCollection");
  EXPECT_TRUE(slurp(html).starts_with("<!DOCTYPE html>"));
  // `-` is stdout.
  auto const out = tour(with({"--ics", "-"}));
  ASSERT_EQ(out.code_, 0) << out.err_;
  EXPECT_TRUE(out.out_.starts_with("BEGIN:VCALENDAR\r\n")) << out.out_.substr(0, 200);
}

TEST_F(TourCommand, BadOptionsAreNamed) {
  struct bad {
    std::vector<std::string> args_;
    std::string says_;
  };
  std::vector<bad> const cases{
      {{"--at", "2026-06-01T08:00", "--theme", "corridor:KZ", "--days", "5"}, "--start"},
      {{"--start", "Almaty", "--theme", "corridor:KZ", "--days", "5"}, "--at"},
      {{"--start", "Almaty", "--at", "2026-06-01T08:00", "--theme", "corridor:KZ"}, "--days"},
      {{"--start", "Almaty", "--at", "2026-06-01T08:00", "--days", "5"}, "--sites"},
      {with({"--days", "31"}), "--days"},
      {with({"--day-start", "8am"}), "--day-start `8am` is not a time of day"},
      {with({"--day-start", "20:00", "--day-end", "09:00"}), "--day-end must be after --day-start"},
      {with({"--tours", "9"}), "--tours"},
      {with({"--group-operator", "x"}), "--group"},
      {with({"--traveller", "XX1"}), "--traveller"},
      {with({"--json", "--ics", "-"}), "stdout"},
      {{"--start", "Almaty", "--at", "2026-06-01T08:00", "--sites", "kz_no_such_site", "--days", "5"}, "kz_no_such_site"},
      {{"--start", "Nowhere At All", "--at", "2026-06-01T08:00", "--theme", "corridor:KZ", "--days", "5"}, "--start"},
  };
  for (auto const& c : cases) {
    auto const r = tour(c.args_);
    EXPECT_EQ(r.code_, 1) << c.says_ << ": " << r.err_;
    EXPECT_TRUE(r.err_.starts_with("caravan: error: ")) << r.err_;
    EXPECT_NE(r.err_.find(c.says_), std::string::npos) << r.err_;
    EXPECT_EQ(r.out_, "") << c.says_;
  }
}

}  // namespace
}  // namespace caravan::cli::test
