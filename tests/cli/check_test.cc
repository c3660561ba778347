// `caravan check` end to end: the binary on a trip file, as text and as JSON, the rules folder from
// --rules, CARAVAN_RULES or data/rules in the working folder; bad input exits 1 with a message naming what
// and where. Trips and a folder that is no rules folder: tests/cli/check/.
#include <date/date.h>
#include <nlohmann/json.hpp>

#include "cli.h"

namespace caravan::cli::test {
namespace {

fs::path trips() { return source_dir() / "tests" / "cli" / "check"; }
std::string trip() { return (trips() / "xian-almaty-samarkand.json").string(); }

// caravan check in the checkout, so that data/rules is the default rules folder.
result check(std::vector<std::string> args, std::vector<std::string> env = {"-u", "CARAVAN_RULES"}) {
  args.insert(args.begin(), "check");
  return run_caravan(source_dir(), args, env);
}

TEST(CheckCommand, TextWithTheRulesOfTheWorkingFolder) {
  auto const r = check({"--traveller", "CN", "--traveller", "KZ", "--itinerary", trip()});
  ASSERT_EQ(r.code_, 0) << r.err_;
  for (auto const* text : {"Traveller 1: CN, ordinary passport",
                           "2. KZ 2025-06-03T14:00+05:00 -> 2025-06-20T09:00+05:00  allowed_with_conditions (visa_free)",
                           "rule cn-kz-mutual-2023 (confidence high, data/rules/kazakhstan.json:",
                           "3. UZ 2025-06-20T12:00+05:00 -> 2025-07-25T18:00+05:00  limit_exceeded by 6 day(s) (visa_free)",
                           "Traveller 2: KZ, ordinary passport",
                           "1. CN 2025-06-01T09:00+08:00 -> 2025-06-03T10:00+08:00  allowed (visa_free)"}) {
    EXPECT_NE(r.out_.find(text), std::string::npos) << "expected `" << text << "` in:\n" << r.out_;
  }
}

// A visa on arrival that needs an invitation arranged ahead is not "allowed as planned": the verdict, the
// latest exit and conditions as before, and the trip line says what to do before departure.
TEST(CheckCommand, TurkmenistanSaysWhatToArrangeBeforeDeparture) {
  auto const tm_trip = (trips() / "xian-ashgabat.json").string();
  auto const r = check({"--traveller", "CN", "--traveller", "CN:service", "--itinerary", tm_trip});
  ASSERT_EQ(r.code_, 0) << r.err_;
  auto const loi = std::string{"arrange a Letter of Invitation through a licensed Turkmen travel agency, 6-20 working days ahead"};
  for (auto const& text : {
           std::string{"Traveller 1: CN, ordinary passport"},
           std::string{"  2. TM 2026-12-10T11:30+05:00 -> 2026-12-15T10:00+05:00  arrange_before_travel (visa_on_arrival)"},
           std::string{"       latest allowed exit 2026-12-19"},
           std::string{"       condition: the visa is issued on arrival"},
           "       before departure: " + loi,
           std::string{"       rule all-tm-visa-on-arrival-loi (confidence medium, data/rules/turkmenistan.json:"},
           "  Trip: to do before departure: TM: " + loi + ".",
           // A service passport: visa-free, nothing to arrange.
           std::string{"Traveller 2: CN, service passport"},
           std::string{"  2. TM 2026-12-10T11:30+05:00 -> 2026-12-15T10:00+05:00  allowed_with_conditions (visa_free)"},
       }) {
    EXPECT_NE(r.out_.find(text), std::string::npos) << "expected `" << text << "` in:\n" << r.out_;
  }
  auto const trip_lines = [&] {
    std::vector<std::string> out;
    for (std::size_t p = r.out_.find("  Trip: "); p != std::string::npos; p = r.out_.find("  Trip: ", p + 1)) {
      out.push_back(r.out_.substr(p, r.out_.find('\n', p) - p));
    }
    return out;
  }();
  ASSERT_EQ(trip_lines.size(), 2U) << r.out_;
  EXPECT_EQ(trip_lines[0], "  Trip: to do before departure: TM: " + loi + ".");
  EXPECT_EQ(trip_lines[1], "  Trip: every entry is allowed as planned.");

  auto const j = check({"--traveller", "CN", "--itinerary", tm_trip, "--json"});
  ASSERT_EQ(j.code_, 0) << j.err_;
  auto const doc = nlohmann::json::parse(j.out_);
  auto const& t = doc["travellers"][0];
  EXPECT_FALSE(t["all_ok"].get<bool>());
  EXPECT_EQ(t["before_departure"], nlohmann::json::array({"TM: " + loi}));
  EXPECT_EQ(t["summary"], "to do before departure: TM: " + loi);
  auto const& tm = t["stays"][1];
  EXPECT_EQ(tm["verdict"], "arrange_before_travel");
  EXPECT_EQ(tm["regime"], "visa_on_arrival");
  EXPECT_EQ(tm["latest_exit"], "2026-12-19");
  EXPECT_EQ(tm["before_departure"], nlohmann::json::array({loi}));
  EXPECT_EQ(t["stays"][0]["before_departure"], nlohmann::json::array());
}

TEST(CheckCommand, JsonWithRulesFromTheOption) {
  auto const r = check({"--traveller", "CN", "--itinerary", trip(), "--rules", (source_dir() / "data" / "rules").string(), "--json"});
  ASSERT_EQ(r.code_, 0) << r.err_;
  for (auto const* text : {"\"verdict\": \"limit_exceeded\"", "\"over_by_days\": 6", "\"rule\": \"cn-uz-mutual-2025\"",
                           "\"latest_exit\": \"2025-07-19\""}) {
    EXPECT_NE(r.out_.find(text), std::string::npos) << "expected `" << text << "` in:\n" << r.out_;
  }
}

TEST(CheckCommand, BadInputExitsOneNamingWhatAndWhere) {
  struct bad_case {
    std::vector<std::string> args_;
    std::string message_;
  };
  auto const bad_trip = (trips() / "bad-trip.json").string();
  std::vector<bad_case> const cases = {
      {{"--traveller", "XX", "--itinerary", trip()}, "caravan: error: traveller `XX`: unknown country code `XX`"},
      {{"--traveller", "CN", "--itinerary", bad_trip}, "caravan: error: " + bad_trip + ":4: /stays/1/entry: `2025-06-31T10:00` is not a date"},
      {{"--traveller", "CN", "--itinerary", trip(), "--rules", trips().string()},
       "caravan: error: " + bad_trip + ":2: /stays: unknown key `stays`"},
      {{"--traveller", "CN", "--itinerary", trip(), "--rules", "/nonexistent/rules"}, "caravan: error: /nonexistent/rules: not a rules folder"},
      {{"--itinerary", (trips() / "no-travellers.json").string()}, "caravan: error: no traveller"},
  };
  for (auto const& c : cases) {
    auto const r = check(c.args_);
    EXPECT_EQ(r.code_, 1) << c.message_ << "\n" << r.out_ << r.err_;
    EXPECT_NE(r.err_.find(c.message_), std::string::npos) << "expected `" << c.message_ << "` in:\n" << r.err_;
  }
}

TEST(CheckCommand, RulesFolderFromTheEnvironmentWhenNotGiven) {
  auto const r = check({"--traveller", "CN", "--itinerary", trip()}, {"CARAVAN_RULES=/nonexistent/env-rules"});
  EXPECT_EQ(r.code_, 1) << "CARAVAN_RULES not used";
  EXPECT_NE(r.err_.find("caravan: error: /nonexistent/env-rules: not a rules folder"), std::string::npos) << r.err_;
}

// Issue 13: the itinerary is read up to 16 MiB and no further, so an endless device is refused at once
// (reading at most the limit and one byte); a file just over the limit is refused the same way.
TEST(CheckCommand, AnItineraryOverSixteenMebibytesIsRefused) {
  auto const zero = check({"--traveller", "CN", "--itinerary", "/dev/zero"});
  EXPECT_EQ(zero.code_, 1);
  EXPECT_NE(zero.err_.find("caravan: error: /dev/zero: the itinerary is larger than 16 MiB"), std::string::npos) << zero.err_;
  auto const big = scratch() / "big-trip.json";
  {
    std::ofstream out{big, std::ios::binary};
    out << "{\"stays\": []" << std::string((std::size_t{16} << 20U), ' ') << "}";
  }
  auto const r = check({"--traveller", "CN", "--itinerary", big.string()});
  EXPECT_EQ(r.code_, 1);
  EXPECT_NE(r.err_.find(big.string() + ": the itinerary is larger than 16 MiB"), std::string::npos) << r.err_;
}

// A generated itinerary of 64,000 one-day stays (Kazakhstan and China in turn) is checked: the check is
// linear in the stays. A 400-digit number in a trip file is a parse error naming line and path.
TEST(CheckCommand, ABigGeneratedItineraryIsChecked) {
  auto const file = scratch() / "long-trip.json";
  {
    std::ofstream out{file, std::ios::binary};
    out << "{\"stays\": [\n";
    auto day = date::sys_days{date::year{2025} / 1 / 1};
    for (int i = 0; i != 64'000; ++i) {
      auto const d = date::format("%F", day + date::days{i / 2});
      out << (i == 0 ? "" : ",\n") << "{\"country\": \"" << (i % 2 == 0 ? "KZ" : "CN") << "\", \"entry\": \"" << d
          << "\", \"exit\": \"" << d << "\"}";
    }
    out << "\n]}\n";
  }
  auto const r = check({"--traveller", "DE", "--itinerary", file.string(), "--json"});
  ASSERT_EQ(r.code_, 0) << r.err_.substr(0, 2000);
  auto const j = nlohmann::json::parse(r.out_);
  ASSERT_EQ(j["travellers"].size(), 1U);
  EXPECT_EQ(j["travellers"][0]["stays"].size(), 64'000U);

  auto const huge = scratch() / "huge-number.json";
  {
    std::ofstream out{huge, std::ios::binary};
    out << "{\"stays\": [\n  {\"country\": \"KZ\", \"entry\": \"2025-06-01\", \"exit\": \"2025-06-02\",\n"
        << "   \"group_tour\": {\"size\": " << std::string(400, '9') << "}}]}\n";
  }
  auto const h = check({"--traveller", "CN", "--itinerary", huge.string()});
  EXPECT_EQ(h.code_, 1);
  EXPECT_NE(h.err_.find(huge.string() + ":3:"), std::string::npos) << h.err_;
  EXPECT_NE(h.err_.find("/stays/0/group_tour/size: the number 9999"), std::string::npos) << h.err_;
  EXPECT_LT(h.err_.size(), 400U) << h.err_;
}

}  // namespace
}  // namespace caravan::cli::test
