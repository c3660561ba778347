// The check's work is bounded (issue 13): linear in the number of stays (64,000 stays through the
// library), a deadline stops it, and the trip parser names what is wrong in bounded messages (a number
// of 400 digits, a key or a value of many kilobytes). The rolling-window counts are held to a plain
// recount over every earlier stay on random trips.
#include <algorithm>
#include <chrono>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "caravan/base/error.h"
#include "caravan/rules/check.h"
#include "caravan/rules/itinerary.h"
#include "caravan/rules/rule_set.h"

namespace {

using namespace caravan::rules;

// CN to KZ: 90 in any 180 (each day); CN to UZ: 60 in 120 counted from the entry. No per-stay limit.
rule_set window_rules() {
  auto const rule = [](char const* id, char const* dest, char const* window) {
    return fmt::format(R"({{"id": "{}", "nationality": "CN", "destination": "{}", "passports": ["ordinary"],
      "purposes": ["tourism"], "regime": "visa_free", "window": {},
      "sources": [{{"url": "https://example.org/a", "checked": "2026-12-01"}}], "confidence": "high"}})",
                       id, dest, window);
  };
  std::vector<rule_file> const files{
      {"test.json", fmt::format(R"({{"format": "caravan-rules/1", "rules": [{}, {}]}})",
                                rule("cn-kz-test", "KZ", R"({"max_days": 90, "period_days": 180})"),
                                rule("cn-uz-test", "UZ", R"({"max_days": 60, "period_days": 120, "anchor": "entry"})"))}};
  return rule_set::load(files);
}

day d0() { return *parse_day("2025-01-01"); }

stay one_stay(std::string country, day entry, day exit) {
  stay s;
  s.country_ = std::move(country);
  s.entry_.date_ = entry;
  s.exit_.date_ = exit;
  return s;
}

traveller cn() {
  traveller t;
  t.nationality_ = "CN";
  return t;
}

// 64,000 one-day stays in Kazakhstan, one a day: the 90-in-180 window is full from the 91st on. Then
// the same number all on one day (each a stay of its own), the case where every earlier stay is in
// every window. Both finish: the check looks only at the days near each stay (no timing asserted).
TEST(check_bounds, sixty_four_thousand_stays_are_checked_linearly) {
  auto const rs = window_rules();
  std::vector<traveller> const people{cn()};
  itinerary daily;
  for (int i = 0; i != 64'000; ++i) {
    daily.stays_.push_back(one_stay("KZ", d0() + date::days{i}, d0() + date::days{i}));
  }
  validate(daily);
  auto const r = check(rs, people, daily);
  ASSERT_EQ(r.at(0).stays_.size(), 64'000U);
  for (std::size_t k : {0UL, 50UL, 89UL}) {
    EXPECT_TRUE(is_ok(r[0].stays_[k].verdict_)) << k;
    EXPECT_EQ(r[0].stays_[k].window_days_used_, static_cast<int>(k) + 1) << k;
  }
  for (std::size_t k : {90UL, 179UL, 180UL, 63'999UL}) {
    EXPECT_EQ(r[0].stays_[k].verdict_, verdict::kLimitExceeded) << k;
    EXPECT_EQ(r[0].stays_[k].window_days_used_, std::min(static_cast<int>(k) + 1, 180)) << k;
  }

  itinerary same_day;
  for (int i = 0; i != 64'000; ++i) {
    same_day.stays_.push_back(one_stay(i % 2 == 0 ? "KZ" : "UZ", d0(), d0()));
  }
  validate(same_day);
  auto const s = check(rs, people, same_day);
  ASSERT_EQ(s.at(0).stays_.size(), 64'000U);
  EXPECT_TRUE(is_ok(s[0].stays_[63'998].verdict_));
  EXPECT_EQ(s[0].stays_[63'998].window_days_used_, 1);
  EXPECT_EQ(s[0].stays_[63'999].window_days_used_, 1);
}

// The window counts and latest exits on random trips with earlier stays (overlapping, in any order),
// against a recount over every earlier stay, day by day.
TEST(check_bounds, window_counts_match_a_plain_recount) {
  auto const rs = window_rules();
  std::mt19937 rng{13};
  auto const pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>{lo, hi}(rng); };
  for (int round = 0; round != 40; ++round) {
    auto t = cn();
    for (int e = pick(0, 6); e != 0; --e) {
      auto const entry = d0() - date::days{pick(1, 400)};
      t.earlier_stays_.push_back({pick(0, 1) == 0 ? "KZ" : "UZ", entry, entry + date::days{pick(0, 60)}});
    }
    itinerary trip;
    auto day_at = d0();
    for (int k = pick(1, 60); k != 0; --k) {
      day_at += date::days{pick(0, 20)};
      auto const exit = day_at + date::days{pick(0, 3) == 0 ? pick(0, 120) : pick(0, 10)};
      trip.stays_.push_back(one_stay(std::array{"KZ", "UZ", "CN", "KG"}[static_cast<std::size_t>(pick(0, 3))], day_at, exit));
      day_at = exit;
    }
    validate(trip);
    auto const r = check(rs, std::vector<traveller>{t}, trip);
    for (std::size_t k = 0; k != trip.stays_.size(); ++k) {
      auto const& s = trip.stays_[k];
      if (s.country_ != "KZ" && s.country_ != "UZ") {
        continue;
      }
      // Days the traveller was in the country before this stay (both border days count).
      auto const before = [&](day d) {
        for (auto const& e : t.earlier_stays_) {
          if (e.country_ == s.country_ && e.entry_ <= d && d <= e.exit_) {
            return true;
          }
        }
        for (std::size_t j = 0; j != k; ++j) {
          auto const& p = trip.stays_[j];
          if (p.country_ == s.country_ && p.entry_.date_ <= d && d <= p.exit_.date_) {
            return true;
          }
        }
        return false;
      };
      auto const& got = r[0].stays_[k];
      auto const what = fmt::format("round {} stay {} ({} {} - {})", round, k + 1, s.country_, format_day(s.entry_.date_),
                                    format_day(s.exit_.date_));
      if (s.country_ == "KZ") {
        // Each day: the days in the 180 ending on it, staying on through it.
        auto const through = [&](day end) {
          int n = 0;
          for (auto d = end - date::days{179}; d <= end; d += date::days{1}) {
            n += before(d) || (s.entry_.date_ <= d && d <= end) ? 1 : 0;
          }
          return n;
        };
        EXPECT_EQ(got.window_days_used_, through(s.exit_.date_)) << what;
        if (through(s.entry_.date_) > 90) {
          EXPECT_EQ(got.verdict_, verdict::kLimitExceeded) << what;
          EXPECT_FALSE(got.latest_exit_) << what;
        } else {
          auto last = s.entry_.date_;
          while (through(last + date::days{1}) <= 90 && last < s.entry_.date_ + date::days{400}) {
            last += date::days{1};
          }
          EXPECT_EQ(got.latest_exit_, last) << what;
          EXPECT_EQ(got.verdict_ == verdict::kLimitExceeded, s.exit_.date_ > last) << what;
        }
      } else {
        // From the entry: the 120 days back from it, plus every day of this stay not counted already.
        int used = 0;
        for (auto d = s.entry_.date_ - date::days{119}; d <= s.entry_.date_; d += date::days{1}) {
          used += before(d) ? 1 : 0;
        }
        for (auto d = s.entry_.date_; d <= s.exit_.date_; d += date::days{1}) {
          used += before(d) ? 0 : 1;
        }
        EXPECT_EQ(got.window_days_used_, used) << what;
      }
    }
  }
}

TEST(check_bounds, a_deadline_already_past_stops_the_check) {
  auto const rs = window_rules();
  itinerary trip;
  trip.stays_.push_back(one_stay("KZ", d0(), d0()));
  std::vector<traveller> const people{cn()};
  EXPECT_THROW(check(rs, people, trip, std::chrono::steady_clock::now() - std::chrono::seconds{1}), check_cancelled);
  EXPECT_EQ(check(rs, people, trip, std::chrono::steady_clock::now() + std::chrono::hours{1}).size(), 1U);
}

std::string trip_error(std::string const& text) {
  try {
    parse_trip(text, "trip.json");
  } catch (caravan::data_error const& e) {
    return e.what();
  }
  return {};
}

// A number no double holds is a parse error naming the line and JSON path, the number shortened.
TEST(check_bounds, a_number_of_400_digits_is_a_parse_error_with_its_place) {
  auto const digits = std::string(400, '7');
  auto const e = trip_error("{\n  \"stays\": [\n    {\"country\": \"KZ\", \"entry\": \"2025-06-01\", \"exit\": \"2025-06-02\",\n"
                            "     \"group_tour\": {\"size\": " + digits + "}}\n  ]\n}");
  EXPECT_NE(e.find("trip.json:4:"), std::string::npos) << e;
  EXPECT_NE(e.find("/stays/0/group_tour/size: the number 7777"), std::string::npos) << e;
  EXPECT_NE(e.find("(400 bytes)"), std::string::npos) << e;
  EXPECT_LT(e.size(), 200U) << e;
  // In a list, and at the top.
  EXPECT_NE(trip_error("[1, " + digits + "]").find("trip.json:1:5: /1: the number"), std::string::npos);
  EXPECT_NE(trip_error("-" + digits).find("the number -777"), std::string::npos);
}

// What the user wrote is quoted at most 80 bytes long in any message.
TEST(check_bounds, long_input_is_quoted_shortened) {
  auto const longer = std::string(20'000, 'x');
  for (auto const& text : {
           "{\"stays\": [{\"country\": \"" + longer + "\", \"entry\": \"2025-06-01\", \"exit\": \"2025-06-02\"}]}",
           "{\"stays\": [{\"country\": \"KZ\", \"entry\": \"" + longer + "\", \"exit\": \"2025-06-02\"}]}",
           "{\"" + longer + "\": 1, \"stays\": []}",
           "{\"stays\": [{\"country\": \"KZ\", \"entry\": \"2025-06-01\", \"exit\": \"2025-06-02\", \"purpose\": \"" + longer +
               "\"}]}",
           "{\"stays\": [{\"country\": \"KZ\", \"entry\": \"2025-06-01\", \"exit\": \"2025-06-02\", \"group_tour\": {\"size\": \"" +
               longer + "\"}}]}",
           "{\"stays\": [\"" + longer,  // not JSON: the parser's message quotes the token
       }) {
    auto const e = trip_error(text);
    EXPECT_FALSE(e.empty());
    EXPECT_LT(e.size(), 400U) << e.substr(0, 500);
  }
  try {
    parse_traveller_spec("CN:" + longer);
    ADD_FAILURE() << "a bad spec is refused";
  } catch (caravan::data_error const& e) {
    EXPECT_LT(std::string{e.what()}.size(), 400U);
  }
}

}  // namespace
