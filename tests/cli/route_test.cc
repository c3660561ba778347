// `caravan route` end to end: the binary imports a small real feed and answers as text, as JSON and in
// batch; bad arguments exit 1 with a clear message; on the Silk Road data, the entry verdicts of travellers.
#include <fstream>

#include <nlohmann/json.hpp>

#include "cli.h"

namespace caravan::cli::test {
namespace {

class RouteCommand : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (fs::exists(feed())) {
      imported_ = run({"import", feed().string(), "-o", (scratch() / "hk.bin").string(), "-q"});
    }
  }
  void SetUp() override {
    if (!fs::exists(feed())) {
      GTEST_SKIP() << feed() << " is not there";
    }
    ASSERT_EQ(imported_.code_, 0) << imported_.err_;
  }

  static fs::path feed() { return shared_feed("hk-mtr-highspeedrail.zip"); }
  // Runs caravan with these arguments in the scratch folder.
  static result run(std::vector<std::string> const& args) { return run_caravan(scratch(), args); }
  static result route(std::vector<std::string> args) {
    args.insert(args.begin(), {"route", "--timetable", (scratch() / "hk.bin").string()});
    return run(args);
  }

  static inline result imported_;
};

TEST_F(RouteCommand, AsText) {
  auto const r = route({"--from", "WEK", "--to", "廣州南", "--at", "2026-01-27T08:00"});
  ASSERT_EQ(r.code_, 0) << r.err_;
  EXPECT_EQ(r.out_,
            "香港西九龍 [WEK] to 廣州南 [GZN], leaving at 2026-01-27T08:00+08:00\n"
            "\n"
            "1) 2026-01-27T08:22+08:00 -> 2026-01-27T09:19+08:00  57 min, 0 transfers\n"
            "   rail 高速鐵路 G6582 to 廣州南 (高速鐵路)\n"
            "      2026-01-27T08:22+08:00  香港西九龍 [WEK_pf]\n"
            "      2 stops between\n"
            "      2026-01-27T09:19+08:00  廣州南 [GZN_pf]\n"
            "\n"
            "best by mode:\n"  // the fastest journey per main mode, so a slower train is never hidden
            "   train  2026-01-27T08:22+08:00 -> 2026-01-27T09:19+08:00  57 min, 0 transfers\n"
            "   flight none\n"
            "   bus    none\n"
            "   road   none\n");
  EXPECT_EQ(r.err_, "");
}

TEST_F(RouteCommand, AsJsonArriveByAndWindow) {
  auto r = route({"--from", "WEK", "--to", "GZN", "--at", "2026-01-27T08:00", "--json"});
  ASSERT_EQ(r.code_, 0) << r.err_;
  auto j = nlohmann::json::parse(r.out_);
  EXPECT_EQ(j["from"]["stopId"], "WEK");
  ASSERT_EQ(j["itineraries"].size(), 1U);
  EXPECT_EQ(j["itineraries"][0]["legs"][0]["tripId"], "G6582");
  EXPECT_EQ(j["itineraries"][0]["legs"][0]["from"]["departure"], "2026-01-27T08:22+08:00");
  EXPECT_EQ(j["itineraries"][0]["legs"][0]["intermediateStops"].size(), 2U);

  r = route({"--from", "WEK", "--to", "GZN", "--at", "2026-01-27T12:00", "--arrive-by", "--json"});
  ASSERT_EQ(r.code_, 0) << r.err_;
  j = nlohmann::json::parse(r.out_);
  ASSERT_FALSE(j["itineraries"].empty());
  EXPECT_LE(j["itineraries"][0]["endTime"].get<std::string>(), "2026-01-27T12:00+08:00");

  r = route({"--from", "WEK", "--to", "GZN", "--at", "2026-01-27T08:00Z", "--window", "2h", "--modes", "rail", "--json"});
  ASSERT_EQ(r.code_, 0) << r.err_;
  j = nlohmann::json::parse(r.out_);
  EXPECT_EQ(j["window"], 7200);
  EXPECT_GT(j["itineraries"].size(), 1U);
  r = route({"--from", "WEK", "--to", "GZN", "--at", "2026-01-27T08:00", "--modes", "bus"});
  ASSERT_EQ(r.code_, 0) << r.err_;
  EXPECT_NE(r.out_.find("no journey found"), std::string::npos) << r.out_;
}

TEST_F(RouteCommand, Batch) {
  std::ofstream{scratch() / "q.csv"} << "from_stop_id,to_stop_id,departure_time\nWEK,GZN,08:00:00\nGZN_pf,NOWHERE,08:00:00\n"
                                   "GZN_pf,WEK_pf,07:00:00\n";
  auto const header = "qid,from_stop_id,to_stop_id,departure_s,arrival_s\n0,WEK,GZN,28800,33540\n1,GZN_pf,NOWHERE,28800,-2\n";
  auto r = route({"--batch", "q.csv", "--date", "20260127", "-o", "answers.csv"});
  ASSERT_EQ(r.code_, 0) << r.err_;
  // The direct train, 09:39 -> 10:39: changing at Shenzhen North (10:09, on at 10:10) is too tight with 2 minutes.
  EXPECT_EQ(slurp(scratch() / "answers.csv"), std::string{header} + "2,GZN_pf,WEK_pf,25200,38340\n");
  for (auto const* threads : {"1", "3"}) {
    // Nothing but the timetable decides: the one-minute change gains 11 minutes.
    r = route({"--batch", "q.csv", "--date", "20260127", "--threads", threads, "--min-change", "0", "--no-footpaths", "-o",
               "answers.csv"});
    ASSERT_EQ(r.code_, 0) << r.err_;
    EXPECT_EQ(slurp(scratch() / "answers.csv"), std::string{header} + "2,GZN_pf,WEK_pf,25200,37680\n");
    for (auto const* what : {"3 queries on", "queries/s", "mean", "median", "p90", "p99", "1 with an unknown stop id"}) {
      EXPECT_NE(r.err_.find(what), std::string::npos) << what << " not in " << r.err_;
    }
  }
  // --max-transfers: with none the change at Shenzhen North is out, the direct train is the answer;
  // unbounded (rounds until nothing improves) finds the change again.
  r = route({"--batch", "q.csv", "--date", "20260127", "--min-change", "0", "--no-footpaths", "--max-transfers", "0", "-o", "answers.csv"});
  ASSERT_EQ(r.code_, 0) << r.err_;
  EXPECT_EQ(slurp(scratch() / "answers.csv"), std::string{header} + "2,GZN_pf,WEK_pf,25200,38340\n");
  r = route({"--batch", "q.csv", "--date", "20260127", "--min-change", "0", "--no-footpaths", "--max-transfers", "unbounded", "-o",
             "answers.csv"});
  ASSERT_EQ(r.code_, 0) << r.err_;
  EXPECT_EQ(slurp(scratch() / "answers.csv"), std::string{header} + "2,GZN_pf,WEK_pf,25200,37680\n");
}

TEST_F(RouteCommand, BadArgumentsExitOneWithAClearMessage) {
  struct bad_case {
    std::vector<std::string> args_;
    std::string message_;
  };
  std::ofstream{scratch() / "bad.csv"} << "WEK,GZN,08:00:00\nWEK,GZN\n";
  std::vector<bad_case> const cases = {
      {{"--from", "Nowhere", "--to", "GZN", "--at", "2026-01-27T08:00"}, "caravan: error: no stop with id or name `Nowhere`\n"},
      {{"--from", "WEK", "--to", "GZN", "--at", "tomorrow"}, "caravan: error: time `tomorrow`: expected YYYY-MM-DDTHH:MM[:SS]"},
      {{"--from", "WEK", "--to", "GZN", "--at", "2026-01-27T08:00", "--window", "90"}, "caravan: error: duration `90`: `90` has no unit"},
      {{"--from", "WEK", "--to", "GZN", "--at", "2026-01-27T08:00", "--modes", "boat"}, "caravan: error: unknown mode `boat`; valid modes: all, rail"},
      {{"--from", "WEK", "--to", "GZN", "--at", "2026-01-27T08:00", "--max-transfers", "64"},
       "caravan: error: --max-transfers must be a number from 0 to 63 or `unbounded`, not \"64\""},
      {{"--batch", "q.csv", "--date", "20260127", "--max-transfers", "many", "-o", "a.csv"},
       "caravan: error: --max-transfers must be a number from 0 to 63 or `unbounded`, not \"many\""},
      {{"--batch", "q.csv", "--date", "20260127", "--max-transfers", "-1", "-o", "a.csv"},
       "caravan: error: --max-transfers must be a number from 0 to 63 or `unbounded`, not \"-1\""},
      {{"--from", "WEK", "--to", "GZN"}, "caravan: error: route needs --from, --to and --at (or --batch FILE)"},
      {{"--from", "WEK", "--to", "GZN", "--at", "2026-01-27T08:00", "--date", "20260127"}, "caravan: error: --date requires --batch"},
      {{"--batch", "q.csv", "-o", "a.csv"}, "caravan: error: route --batch needs --date YYYYMMDD and -o FILE"},
      {{"--batch", "q.csv", "--from", "WEK", "--date", "20260127", "-o", "a.csv"}, "caravan: error: --from excludes --batch"},
      {{"--batch", "bad.csv", "--date", "20260127", "-o", "a.csv"}, "caravan: error: bad.csv:2: expected 3 fields"},
      {{"--batch", "missing.csv", "--date", "20260127", "-o", "a.csv"}, "caravan: error: missing.csv: cannot open the queries file"},
      {{"--batch", "bad.csv", "--date", "2026-01-27", "-o", "a.csv"}, "caravan: error: date `2026-01-27` is not YYYYMMDD"},
      {{"--batch", "q.csv", "--date", "20270127", "-o", "a.csv"}, "caravan: error: the date 2027-01-27 is outside the timetable"},
      {{"--from", "WEK", "--to", "GZN", "--at", "2026-01-27T08:00", "--speed", "9"}, "caravan: error: The following arguments were not expected: 9 --speed"},
  };
  std::ofstream{scratch() / "q.csv"} << "WEK,GZN,08:00:00\n";
  for (auto const& c : cases) {
    auto const r = route(c.args_);
    EXPECT_EQ(r.code_, 1) << c.message_;
    EXPECT_EQ(r.err_.substr(0, c.message_.size()), c.message_) << r.err_;
    EXPECT_EQ(r.out_, "");
  }
}

TEST_F(RouteCommand, TheDefaultTimetableIsSharedWithDepartures) {
  for (auto const& args : {std::vector<std::string>{"route", "--from", "WEK", "--to", "GZN", "--at", "2026-01-27T08:00"},
                           std::vector<std::string>{"departures", "--stop", "WEK"}}) {
    auto const r = run(args);
    EXPECT_EQ(r.code_, 1);
    EXPECT_NE(r.err_.find("var/timetable.bin"), std::string::npos) << r.err_;
  }
  auto const help = run({"route", "--help"});
  EXPECT_EQ(help.code_, 0);
  EXPECT_NE(help.out_.find("--arrive-by"), std::string::npos);
}

using RouteCommandOnSilkRoad = silkroad_test;

// caravan route --traveller: entry verdicts under each journey, --only-visa-free.
TEST_F(RouteCommandOnSilkRoad, WithTravellersShowsEntryVerdicts) {
  auto const rules_dir = (source_dir() / "data" / "rules").string();
  std::vector<std::string> base{"route", "--timetable", silkroad_snapshot().string(), "--from", "xian", "--to", "Almaty",
                                "--at", "2026-06-01T08:00", "--rules", rules_dir, "--traveller", "CN", "--traveller", "TJ"};
  auto r = run(base);
  ASSERT_EQ(r.code_, 0) << r.err_;
  EXPECT_NE(r.out_.find("entering KZ at"), std::string::npos) << r.out_;
  EXPECT_NE(r.out_.find("CN: allowed_with_conditions (visa_free, 30 days a stay)"), std::string::npos) << r.out_;
  // One journey changes planes in Ürümqi: Tajik citizens need a visa for China, so that is airside transit
  // (no entry; the rules on it are not known).
  EXPECT_NE(r.out_.find("airside transit at Ürümqi airport (URC): no entry into CN planned"), std::string::npos) << r.out_;

  auto only = base;
  only.push_back("--only-visa-free");
  r = run(only);
  ASSERT_EQ(r.code_, 0) << r.err_;
  EXPECT_EQ(r.out_.find("visa_needed"), std::string::npos) << r.out_;
  EXPECT_NE(r.out_.find("entering KZ at"), std::string::npos) << r.out_;

  auto json = base;
  json.push_back("--json");
  r = run(json);
  ASSERT_EQ(r.code_, 0) << r.err_;
  auto const j = nlohmann::json::parse(r.out_);
  ASSERT_FALSE(j["itineraries"].empty());
  auto const& entry = j["itineraries"][0]["entry"];
  ASSERT_FALSE(entry.empty());
  EXPECT_EQ(entry[0]["country"], "KZ");
  EXPECT_EQ(entry[0]["travellers"].size(), 2U);
  EXPECT_EQ(entry[0]["travellers"][0]["nationality"], "CN");
  EXPECT_FALSE(entry[0]["travellers"][0]["rule"]["sources"].empty());

  auto bad = base;
  bad.back() = "XX";
  r = run(bad);
  EXPECT_EQ(r.code_, 1);
  EXPECT_NE(r.err_.find("caravan: error: traveller `XX`: unknown country code"), std::string::npos) << r.err_;
  r = run({"route", "--timetable", silkroad_snapshot().string(), "--from", "xian", "--to", "Almaty", "--at", "2026-06-01T08:00",
           "--only-visa-free"});
  EXPECT_EQ(r.code_, 1);
  EXPECT_NE(r.err_.find("--only-visa-free requires --traveller"), std::string::npos) << r.err_;
}

}  // namespace
// A Chinese traveller from Xi'an to Samarkand: the fastest journeys change planes at Ashgabat
// (Turkmenistan's visa on arrival needs an invitation arranged weeks ahead); the no-visa journeys are
// searched for and avoid Turkmenistan, and what to arrange is said.
TEST_F(RouteCommandOnSilkRoad, OffersTheJourneysThatNeedNoVisa) {
  auto const rules_dir = (source_dir() / "data" / "rules").string();
  std::vector<std::string> base{"route", "--timetable", silkroad_snapshot().string(), "--from", "Xi'an", "--to", "Samarkand",
                                "--at", "2026-12-10T08:00", "--rules", rules_dir, "--traveller", "CN"};
  auto r = run(base);
  ASSERT_EQ(r.code_, 0) << r.err_;
  EXPECT_NE(r.out_.find("needing a visa arranged before travel for some traveller: KG, TJ, TM"), std::string::npos) << r.out_;
  // Changing planes at Ashgabat is airside: no entry into Turkmenistan, and the rules on that are not known.
  EXPECT_NE(r.out_.find("airside transit at Ashgabat airport (ASB): no entry into TM planned"), std::string::npos) << r.out_;
  auto const v = r.out_.find("without a visa for every traveller");
  ASSERT_NE(v, std::string::npos) << r.out_;
  EXPECT_EQ(r.out_.find("entering TM", v), std::string::npos) << r.out_;
  // A plane change where the traveller may enter anyway (Almaty, visa-free for Chinese citizens) stays an entry.
  EXPECT_NE(r.out_.find("entering KZ", v), std::string::npos) << r.out_;
  EXPECT_NE(r.out_.find("best by mode:"), std::string::npos) << r.out_;
  auto only = base;
  only.push_back("--only-visa-free");
  r = run(only);
  ASSERT_EQ(r.code_, 0) << r.err_;
  EXPECT_EQ(r.out_.find("entering TM"), std::string::npos) << r.out_;
  EXPECT_NE(r.out_.find("entering UZ"), std::string::npos) << r.out_;
}

// A query past the data's last day says where the data ends, in text and JSON.
TEST_F(RouteCommandOnSilkRoad, PastTheDataSaysWhereItEnds) {
  std::vector<std::string> base{"route", "--timetable", silkroad_snapshot().string(), "--from", "Almaty", "--to", "Tashkent",
                                "--at", "2028-01-03T08:00"};
  auto r = run(base);
  ASSERT_EQ(r.code_, 0) << r.err_;
  EXPECT_NE(r.out_.find("no journey found: the Silk Road data ends on 2027-12-31"), std::string::npos) << r.out_;
  base.push_back("--json");
  r = run(base);
  ASSERT_EQ(r.code_, 0) << r.err_;
  EXPECT_EQ(nlohmann::json::parse(r.out_)["coverageNote"], "the Silk Road data ends on 2027-12-31");
}

// Spring Festival 2027 closes Irkeshtam for a week: with the defaults the answer waits for it to reopen
// (the search looks past the usual week when nothing is found within it).
TEST_F(RouteCommandOnSilkRoad, WaitsForTheCrossingToReopenAfterSpringFestival) {
  auto const r = run({"route", "--timetable", silkroad_snapshot().string(), "--from", "Kashgar", "--to", "Osh", "--at",
                      "2027-02-08T08:00"});
  ASSERT_EQ(r.code_, 0) << r.err_;
  EXPECT_NE(r.out_.find("1) 2027-02-15T06:00+08:00 -> 2027-02-15T16:00+06:00"), std::string::npos) << r.out_;
  EXPECT_NE(r.out_.find("over Irkeshtam"), std::string::npos) << r.out_;
}

}  // namespace caravan::cli::test
