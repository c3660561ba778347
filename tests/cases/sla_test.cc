#include "caravan/cases/sla.h"

#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "caravan/base/date.h"

namespace caravan::cases {
namespace {

constexpr std::int64_t kHour = 3600;
constexpr std::int32_t kPlus5 = 5 * 3600;  // Almaty and Tashkent since 2024-03-01
constexpr std::int32_t kPlus8 = 8 * 3600;  // Shanghai

std::int32_t day(int y, unsigned m, unsigned d) {
  return days_since_epoch(std::chrono::year_month_day{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}});
}

// A local wall time at a fixed UTC offset (the zones used here have no DST in the dates tested).
instant at(int y, unsigned m, unsigned d, int h, int mi, std::int32_t offset_s, int s = 0) {
  return (static_cast<std::int64_t>(day(y, m, d)) * 86'400 + h * kHour + mi * 60 + s - offset_s) * kMicrosPerSecond;
}

business_calendar office(std::string id, std::string zone) {
  business_calendar c{.id_ = std::move(id), .time_zone_ = std::move(zone)};
  for (std::size_t i = 0; i != 5; ++i) {
    c.week_[i] = {9 * 3600, 18 * 3600};
  }
  return c;
}

std::string read_text(std::string const& path) {
  std::ifstream in{path, std::ios::binary};
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<business_calendar> bundled() {
  auto const all = nlohmann::json::parse(read_text(std::string{CARAVAN_SOURCE_DIR} + "/data/cases/calendars.json"));
  std::vector<business_calendar> out;
  for (auto const& c : all) {
    out.push_back(calendar_from_json(c.dump()));
  }
  return out;
}

business_calendar bundled(std::string_view id) {
  for (auto& c : bundled()) {
    if (c.id_ == id) {
      return c;
    }
  }
  ADD_FAILURE() << "no calendar " << id;
  return {};
}

using K = clock_event_kind;

// --- business time ---

TEST(BusinessTime, FridayAfternoonCaseInAlmatyIsDueMondayNoon) {
  auto const kz = office("KZ", "Asia/Almaty");
  auto const opened = at(2026, 12, 4, 17, 0, kPlus5);  // a Friday
  EXPECT_EQ(add_business_seconds(kz, opened, 4 * kHour), at(2026, 12, 7, 12, 0, kPlus5));
  clock_event const ev[] = {{opened, K::kOpened}};
  auto const s = evaluate_clocks(kz, {.first_response_s_ = 4 * kHour, .resolution_s_ = 40 * kHour}, ev, opened);
  EXPECT_EQ(s.response_due_, at(2026, 12, 7, 12, 0, kPlus5));
  EXPECT_EQ(s.status_, clock_status::kResponseDue);
}

TEST(BusinessTime, ChineseNationalDaySpanIsSkipped) {
  auto const cn = bundled("CN");
  EXPECT_EQ(add_business_seconds(cn, at(2026, 9, 30, 16, 0, kPlus8), 8 * kHour), at(2026, 10, 8, 15, 0, kPlus8));
}

TEST(BusinessTime, CountsOnlyOpenHoursAndNothingBackwards) {
  auto const kz = office("KZ", "Asia/Almaty");
  EXPECT_EQ(business_seconds(kz, at(2026, 12, 4, 17, 0, kPlus5), at(2026, 12, 7, 10, 0, kPlus5)), 2 * kHour);
  EXPECT_EQ(business_seconds(kz, at(2026, 12, 7, 10, 0, kPlus5), at(2026, 12, 4, 17, 0, kPlus5)), 0);
  EXPECT_EQ(business_seconds(kz, at(2026, 12, 5, 10, 0, kPlus5), at(2026, 12, 6, 10, 0, kPlus5)), 0);  // weekend
}

TEST(BusinessTime, ZeroSecondsIsTheStartItselfAndAnExactCloseEndsTheDay) {
  auto const kz = office("KZ", "Asia/Almaty");
  auto const sat = at(2026, 12, 5, 11, 0, kPlus5);
  EXPECT_EQ(add_business_seconds(kz, sat, 0), sat);
  EXPECT_EQ(add_business_seconds(kz, at(2026, 12, 4, 17, 0, kPlus5), kHour), at(2026, 12, 4, 18, 0, kPlus5));
}

TEST(BusinessTime, WeekendWorkingDayTakesMondaysHours) {
  auto c = office("CN", "Asia/Shanghai");
  c.week_[0] = {8 * 3600, 12 * 3600};  // Monday differs, to see whose hours a make-up day takes
  c.working_days_ = {day(2026, 12, 5)};  // a Saturday
  EXPECT_EQ(business_seconds(c, at(2026, 12, 5, 0, 0, kPlus8), at(2026, 12, 6, 0, 0, kPlus8)), 4 * kHour);
  EXPECT_EQ(add_business_seconds(c, at(2026, 12, 4, 18, 0, kPlus8), kHour), at(2026, 12, 5, 9, 0, kPlus8));
}

TEST(BusinessTime, DaylightSavingDaysAreShorterAndLonger) {
  business_calendar c{.id_ = "DE", .time_zone_ = "Europe/Berlin"};
  c.week_.fill({0, 86'400});
  // 2026-03-29: clocks go forward (23 h); 2026-10-25: back (25 h). Berlin is +1 in winter, +2 in summer.
  EXPECT_EQ(business_seconds(c, at(2026, 3, 29, 0, 0, 3600), at(2026, 3, 30, 0, 0, 7200)), 23 * kHour);
  EXPECT_EQ(business_seconds(c, at(2026, 10, 25, 0, 0, 7200), at(2026, 10, 26, 0, 0, 3600)), 25 * kHour);
  // Hours from 02:30 on the day 02:00-03:00 does not exist start at the change (01:00 UTC).
  c.week_.fill({2 * 3600 + 1800, 4 * 3600});
  EXPECT_EQ(business_seconds(c, at(2026, 3, 29, 0, 0, 0), at(2026, 3, 30, 0, 0, 0)), kHour);
}

TEST(BusinessTime, CalendarWithoutHoursGivesUpAfterThreeYears) {
  business_calendar const closed{.id_ = "X", .time_zone_ = "UTC"};
  EXPECT_THROW((void)add_business_seconds(closed, 0, 1), calendar_error);
}

TEST(BusinessTime, AddIsTheInverseOfCountOnRandomInputs) {
  auto const cn = bundled("CN");
  std::mt19937_64 rng{20261206};
  auto const lo = at(2025, 1, 1, 0, 0, 0) / kMicrosPerSecond;
  auto const hi = at(2027, 10, 1, 0, 0, 0) / kMicrosPerSecond;
  for (int i = 0; i != 500; ++i) {
    auto const from = std::uniform_int_distribution<std::int64_t>{lo, hi}(rng)*kMicrosPerSecond;
    auto const to = from + std::uniform_int_distribution<std::int64_t>{0, 40 * 86'400}(rng)*kMicrosPerSecond;
    auto const s = business_seconds(cn, from, to);
    auto const t = add_business_seconds(cn, from, s);
    EXPECT_LE(t, to) << i;
    EXPECT_EQ(business_seconds(cn, from, t), s) << i;

    auto const want = std::uniform_int_distribution<std::int64_t>{0, 240 * kHour}(rng);
    auto const due = add_business_seconds(cn, from, want);
    EXPECT_EQ(business_seconds(cn, from, due), want) << i;
    if (want > 0) {  // the first such instant: a second earlier is a second short
      EXPECT_EQ(business_seconds(cn, from, due - kMicrosPerSecond), want - 1) << i;
    }
  }
}

// --- clocks ---

TEST(Clocks, PauseWaitingOnTravellerShiftsDueTimesAndCountsHold) {
  auto const kz = office("KZ", "Asia/Almaty");
  clock_event const ev[] = {{at(2026, 12, 7, 9, 0, kPlus5), K::kOpened},
                            {at(2026, 12, 7, 10, 0, kPlus5), K::kResponded},
                            {at(2026, 12, 7, 11, 0, kPlus5), K::kPaused},
                            {at(2026, 12, 7, 14, 0, kPlus5), K::kResumed}};
  auto const s = evaluate_clocks(kz, {.first_response_s_ = 4 * kHour, .resolution_s_ = 16 * kHour}, ev,
                                 at(2026, 12, 9, 9, 0, kPlus5));
  EXPECT_EQ(s.responded_at_, at(2026, 12, 7, 10, 0, kPlus5));
  EXPECT_EQ(s.response_due_, at(2026, 12, 7, 13, 0, kPlus5));  // as it stood when answered
  EXPECT_FALSE(s.response_breached_);
  // Without the pause Tuesday 16:00; three business hours later: Wednesday 10:00.
  EXPECT_EQ(s.resolution_due_, at(2026, 12, 9, 10, 0, kPlus5));
  EXPECT_EQ(s.hold_s_, 3 * kHour);
  EXPECT_FALSE(s.on_hold_since_);
  EXPECT_EQ(s.status_, clock_status::kResolutionDue);
}

TEST(Clocks, WhilePausedDueTimesAreUnknownAndTheSecondsLeftAreKept) {
  auto const kz = office("KZ", "Asia/Almaty");
  clock_event const ev[] = {{at(2026, 12, 7, 9, 0, kPlus5), K::kOpened}, {at(2026, 12, 7, 10, 0, kPlus5), K::kPaused}};
  auto const s = evaluate_clocks(kz, {.first_response_s_ = 4 * kHour, .resolution_s_ = 16 * kHour}, ev,
                                 at(2026, 12, 7, 12, 30, kPlus5));
  EXPECT_EQ(s.status_, clock_status::kPaused);
  EXPECT_FALSE(s.response_due_);
  EXPECT_FALSE(s.resolution_due_);
  EXPECT_EQ(s.response_left_s_, 3 * kHour);
  EXPECT_EQ(s.resolution_left_s_, 15 * kHour);
  EXPECT_EQ(s.on_hold_since_, at(2026, 12, 7, 10, 0, kPlus5));
  EXPECT_EQ(s.hold_s_, 2 * kHour + 1800);
  EXPECT_FALSE(s.response_breached_);
}

TEST(Clocks, CaseFromTashkentOnTheKazakhCalendarFollowsAlmatyHours) {
  auto const kz = bundled("KZ");
  // Since March 2024 both zones are UTC+5: 17:30 in Tashkent is 17:30 in Almaty, 30 minutes before closing.
  auto const opened = at(2026, 12, 8, 17, 30, kPlus5);
  EXPECT_EQ(add_business_seconds(kz, opened, kHour), at(2026, 12, 9, 9, 30, kPlus5));
  // In February 2024 Almaty was UTC+6: 17:30 in Tashkent was 18:30 in Almaty, after closing; an hour's
  // target is due at 10:00 Almaty the next day, 09:00 in Tashkent.
  auto const opened_2024 = at(2024, 2, 6, 17, 30, kPlus5);
  EXPECT_EQ(add_business_seconds(kz, opened_2024, kHour), at(2024, 2, 7, 10, 0, 6 * 3600));
  EXPECT_EQ(add_business_seconds(kz, opened_2024, kHour), at(2024, 2, 7, 9, 0, kPlus5));
}

TEST(Clocks, ResolvedCaseIsFulfilledAndReopeningRestartsTheResolutionClock) {
  auto const kz = office("KZ", "Asia/Almaty");
  clock_targets const t{.first_response_s_ = 4 * kHour, .resolution_s_ = 16 * kHour};
  std::vector<clock_event> ev{{at(2026, 12, 7, 9, 0, kPlus5), K::kOpened},
                              {at(2026, 12, 7, 9, 30, kPlus5), K::kResponded},
                              {at(2026, 12, 7, 17, 0, kPlus5), K::kResolved}};
  auto const done = evaluate_clocks(kz, t, ev, at(2026, 12, 8, 12, 0, kPlus5));
  EXPECT_EQ(done.status_, clock_status::kFulfilled);
  EXPECT_EQ(done.resolved_at_, at(2026, 12, 7, 17, 0, kPlus5));
  EXPECT_EQ(done.resolution_due_, at(2026, 12, 8, 16, 0, kPlus5));  // as it stood when resolved

  ev.push_back({at(2026, 12, 9, 9, 0, kPlus5), K::kReopened});
  auto const again = evaluate_clocks(kz, t, ev, at(2026, 12, 9, 12, 0, kPlus5));
  EXPECT_EQ(again.status_, clock_status::kResolutionDue);
  EXPECT_FALSE(again.resolved_at_);
  // 8 of 16 hours used by Monday 17:00; Monday 17-18 and Tuesday, while resolved, are not counted.
  EXPECT_EQ(again.resolution_due_, at(2026, 12, 9, 17, 0, kPlus5));
  EXPECT_FALSE(again.resolution_breached_);
}

TEST(Clocks, LateAnswerIsABreachAtTheDueTime) {
  auto const kz = office("KZ", "Asia/Almaty");
  clock_targets const t{.first_response_s_ = 4 * kHour, .resolution_s_ = 16 * kHour};
  clock_event const late[] = {{at(2026, 12, 7, 9, 0, kPlus5), K::kOpened}, {at(2026, 12, 7, 14, 0, kPlus5), K::kResponded}};
  auto const s = evaluate_clocks(kz, t, late, at(2026, 12, 7, 15, 0, kPlus5));
  EXPECT_TRUE(s.response_breached_);
  EXPECT_EQ(s.response_breached_at_, at(2026, 12, 7, 13, 0, kPlus5));
  EXPECT_EQ(s.status_, clock_status::kFailed);
  EXPECT_FALSE(s.resolution_breached_);
}

TEST(Clocks, UnansweredCaseIsBreachedFromItsDueTimeOn) {
  auto const kz = office("KZ", "Asia/Almaty");
  clock_targets const t{.first_response_s_ = 4 * kHour, .resolution_s_ = 16 * kHour};
  clock_event const ev[] = {{at(2026, 12, 7, 9, 0, kPlus5), K::kOpened}};
  auto const before = evaluate_clocks(kz, t, ev, at(2026, 12, 7, 12, 59, kPlus5, 59));
  EXPECT_FALSE(before.response_breached_);
  EXPECT_EQ(before.status_, clock_status::kResponseDue);
  auto const on = evaluate_clocks(kz, t, ev, at(2026, 12, 7, 13, 0, kPlus5));
  EXPECT_TRUE(on.response_breached_);
  EXPECT_EQ(on.response_breached_at_, at(2026, 12, 7, 13, 0, kPlus5));
  EXPECT_EQ(on.status_, clock_status::kFailed);
}

TEST(Clocks, ACaseClosedUnansweredInTimeNeverBreachesItsResponse) {
  // A traveller cancels an hour in (help came another way): no answer was due any more.
  auto const kz = office("KZ", "Asia/Almaty");
  clock_targets const t{.first_response_s_ = 4 * kHour, .resolution_s_ = 16 * kHour};
  clock_event const ev[] = {{at(2026, 12, 7, 9, 0, kPlus5), K::kOpened}, {at(2026, 12, 7, 10, 0, kPlus5), K::kResolved}};
  auto const s = evaluate_clocks(kz, t, ev, at(2026, 12, 20, 9, 0, kPlus5));
  EXPECT_FALSE(s.response_breached_);
  EXPECT_EQ(s.status_, clock_status::kFulfilled);
  // Closed after the due time without an answer: breached, at the due time.
  clock_event const late[] = {{at(2026, 12, 7, 9, 0, kPlus5), K::kOpened}, {at(2026, 12, 7, 14, 0, kPlus5), K::kResolved}};
  auto const l = evaluate_clocks(kz, t, late, at(2026, 12, 20, 9, 0, kPlus5));
  EXPECT_TRUE(l.response_breached_);
  EXPECT_EQ(l.response_breached_at_, at(2026, 12, 7, 13, 0, kPlus5));
  // Reopened unanswered: the response clock runs again from the reopening.
  clock_event const again[] = {{at(2026, 12, 7, 9, 0, kPlus5), K::kOpened},
                               {at(2026, 12, 7, 10, 0, kPlus5), K::kResolved},
                               {at(2026, 12, 8, 9, 0, kPlus5), K::kReopened}};
  auto const r = evaluate_clocks(kz, t, again, at(2026, 12, 8, 9, 30, kPlus5));
  EXPECT_EQ(r.response_due_, at(2026, 12, 8, 12, 0, kPlus5));
  EXPECT_EQ(r.status_, clock_status::kResponseDue);
}

TEST(Clocks, LateResolutionFailsTheCase) {
  auto const kz = office("KZ", "Asia/Almaty");
  clock_targets const t{.first_response_s_ = 4 * kHour, .resolution_s_ = 9 * kHour};
  clock_event const ev[] = {{at(2026, 12, 7, 9, 0, kPlus5), K::kOpened},
                            {at(2026, 12, 7, 9, 10, kPlus5), K::kResponded},
                            {at(2026, 12, 8, 10, 0, kPlus5), K::kResolved}};
  auto const s = evaluate_clocks(kz, t, ev, at(2026, 12, 9, 9, 0, kPlus5));
  EXPECT_TRUE(s.resolution_breached_);
  EXPECT_EQ(s.resolution_breached_at_, at(2026, 12, 7, 18, 0, kPlus5));
  EXPECT_EQ(s.status_, clock_status::kFailed);
  EXPECT_EQ(to_string(s.status_), "failed");
}

TEST(Clocks, RoundTheClockTargetsIgnoreTheCalendar) {
  business_calendar const none{};  // not even a zone: unused
  clock_targets const t{.first_response_s_ = kHour, .resolution_s_ = 24 * kHour, .business_hours_ = false};
  auto const opened = at(2026, 12, 5, 23, 0, kPlus5);  // Saturday night
  clock_event const ev[] = {{opened, K::kOpened},
                            {opened + kHour * kMicrosPerSecond / 2, K::kResponded},
                            {opened + 2 * kHour * kMicrosPerSecond, K::kPaused},
                            {opened + 4 * kHour * kMicrosPerSecond, K::kResumed}};
  auto const s = evaluate_clocks(none, t, ev, opened + 5 * kHour * kMicrosPerSecond);
  EXPECT_EQ(s.response_due_, opened + kHour * kMicrosPerSecond);
  EXPECT_EQ(s.resolution_due_, opened + 26 * kHour * kMicrosPerSecond);
  EXPECT_EQ(s.hold_s_, 2 * kHour);
  EXPECT_EQ(s.status_, clock_status::kResolutionDue);
}

TEST(Clocks, AddedHolidayMovesTheSameCaseLater) {
  auto c = office("KZ", "Asia/Almaty");
  clock_targets const t{.first_response_s_ = 4 * kHour, .resolution_s_ = 16 * kHour};
  clock_event const ev[] = {{at(2026, 12, 7, 9, 0, kPlus5), K::kOpened}};
  auto const now = at(2026, 12, 7, 9, 0, kPlus5);
  auto const before = evaluate_clocks(c, t, ev, now);
  EXPECT_EQ(before.resolution_due_, at(2026, 12, 8, 16, 0, kPlus5));
  c.holidays_.push_back({.date_ = day(2026, 12, 8), .name_ = "a new holiday"});
  auto const after = evaluate_clocks(c, t, ev, now);
  EXPECT_EQ(after.resolution_due_, at(2026, 12, 9, 16, 0, kPlus5));
  EXPECT_EQ(after.response_due_, before.response_due_);
}

TEST(Clocks, StatusNamesAreTheApiStrings) {
  EXPECT_EQ(to_string(clock_status::kResponseDue), "response_due");
  EXPECT_EQ(to_string(clock_status::kResolutionDue), "resolution_due");
  EXPECT_EQ(to_string(clock_status::kPaused), "paused");
  EXPECT_EQ(to_string(clock_status::kFulfilled), "fulfilled");
  EXPECT_EQ(to_string(clock_status::kFailed), "failed");
}

// --- calendars: checks and JSON ---

std::string error_of(auto const& f) {
  try {
    f();
  } catch (calendar_error const& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(CalendarCheck, ErrorsNameTheField) {
  auto const good = office("KZ", "Asia/Almaty");
  EXPECT_NO_THROW(check_calendar(good));

  auto bad = good;
  bad.time_zone_ = "Asia/Atlantis";
  EXPECT_EQ(error_of([&] { check_calendar(bad); }), "timeZone: \"Asia/Atlantis\" is not a known time zone");

  bad = good;
  bad.id_ = "K Z";
  EXPECT_EQ(error_of([&] { check_calendar(bad); }).rfind("id: ", 0), 0U);
  bad.id_ = std::string(33, 'k');
  EXPECT_EQ(error_of([&] { check_calendar(bad); }).rfind("id: ", 0), 0U);

  bad = good;
  bad.week_[5] = {10 * 3600, 9 * 3600};
  EXPECT_EQ(error_of([&] { check_calendar(bad); }).rfind("week[5].close: ", 0), 0U);
  bad.week_[5] = {0, 86'401};
  EXPECT_EQ(error_of([&] { check_calendar(bad); }).rfind("week[5].close: ", 0), 0U);

  bad = good;
  bad.holidays_ = {{day(2026, 5, 9), "b"}, {day(2026, 5, 7), "a"}};
  EXPECT_EQ(error_of([&] { check_calendar(bad); }), "holidays[1].date: 2026-05-07 is not after 2026-05-09 (sorted, no two on one date)");

  bad = good;
  bad.holidays_ = {{day(2026, 5, 7), "a"}, {day(2026, 5, 9), "b"}};
  bad.working_days_ = {day(2026, 5, 9)};
  EXPECT_EQ(error_of([&] { check_calendar(bad); }), "workingDays[0]: 2026-05-09 is also holidays[1]");

  bad = good;
  bad.working_days_.assign(2'001, 0);
  for (std::size_t i = 0; i != bad.working_days_.size(); ++i) {
    bad.working_days_[i] = static_cast<std::int32_t>(i);
  }
  EXPECT_EQ(error_of([&] { check_calendar(bad); }).rfind("holidays, workingDays: 2001 dates", 0), 0U);
}

TEST(CalendarJson, RoundTripsEveryField) {
  auto c = office("CN", "Asia/Shanghai");
  c.week_[5] = {9 * 3600, 12 * 3600 + 30 * 60 + 15};
  c.holidays_ = {{day(2026, 10, 1), "National Day"}, {day(2026, 10, 2), "National Day"}};
  c.working_days_ = {day(2026, 10, 10)};
  c.source_ = "a test";
  EXPECT_EQ(calendar_from_json(calendar_to_json(c)), c);
}

TEST(CalendarJson, IgnoresUnknownKeysAndTakesNullAsClosed) {
  auto const c = calendar_from_json(R"({"id":"KG","timeZone":"Asia/Bishkek","future":{"x":1},
    "week":[{"open":"09:00","close":"18:00","lunch":"13:00"},null,null,null,null,null,null]})");
  EXPECT_EQ(c.week_[0], (work_hours{9 * 3600, 18 * 3600}));
  EXPECT_EQ(c.week_[1], work_hours{});
  EXPECT_TRUE(c.holidays_.empty());
}

TEST(CalendarJson, ErrorsNameTheFieldAndIndex) {
  auto const with = [](std::string const& holidays, std::string const& extra = "") {
    return R"({"id":"KZ","timeZone":"Asia/Almaty","week":[null,null,null,null,null,null,null],"holidays":[)" + holidays + "]" +
           extra + "}";
  };
  auto const h = [](std::string const& date) { return R"({"date":")" + date + R"(","name":"x"})"; };
  EXPECT_EQ(error_of([&] { calendar_from_json(with(h("2026-01-01") + "," + h("2026-01-02") + "," + h("2026-01-03") + "," + h("2026-13-01"))); }),
            "holidays[3].date: \"2026-13-01\" is not a date (YYYY-MM-DD)");
  EXPECT_EQ(error_of([&] { calendar_from_json(with(h("2026-01-02") + "," + h("2026-01-01"))); }).rfind("holidays[1].date: ", 0), 0U);
  EXPECT_EQ(error_of([&] { calendar_from_json(with(h("2026-01-02"), R"(,"workingDays":["2026-01-02"])")); }),
            "workingDays[0]: 2026-01-02 is also holidays[0]");
  EXPECT_EQ(error_of([&] { calendar_from_json(with("", R"(,"workingDays":["2026-01-02", 7])")); }).rfind("workingDays[1]: ", 0), 0U);
  EXPECT_EQ(error_of([&] {
              calendar_from_json(R"({"id":"KZ","timeZone":"Asia/Almaty","week":[null,null,{"open":"9am","close":"18:00"},null,null,null,null]})");
            }),
            "week[2].open: \"9am\" is not a time of day (HH:MM, 00:00 to 24:00)");
  EXPECT_EQ(error_of([&] {
              calendar_from_json(R"({"id":"KZ","timeZone":"Asia/Almaty","week":[null,null,{"open":"09:00","close":"24:01"},null,null,null,null]})");
            }).rfind("week[2].close: ", 0),
            0U);
  EXPECT_EQ(error_of([&] { calendar_from_json(R"({"id":"KZ","timeZone":"Mars/Olympus","week":[null,null,null,null,null,null,null]})"); }),
            "timeZone: \"Mars/Olympus\" is not a known time zone");
  EXPECT_EQ(error_of([&] { calendar_from_json(R"({"id":"K/Z","timeZone":"Asia/Almaty","week":[null,null,null,null,null,null,null]})"); })
                .rfind("id: ", 0),
            0U);
  EXPECT_EQ(error_of([&] { calendar_from_json(R"({"timeZone":"Asia/Almaty","week":[]})"); }), "id: missing");
  EXPECT_EQ(error_of([&] { calendar_from_json(R"({"id":"KZ","timeZone":"Asia/Almaty","week":[null]})"); }).rfind("week: ", 0), 0U);
  EXPECT_EQ(error_of([&] { calendar_from_json(with(R"({"date":"2026-01-01","name":")" + std::string(201, 'n') + "\"}")); }),
            "holidays[0].name: 201 bytes, more than 200");
  EXPECT_EQ(error_of([&] { calendar_from_json("{"); }).rfind("calendar: not JSON", 0), 0U);
  EXPECT_EQ(error_of([&] { calendar_from_json(std::string(256 * 1024 + 1, ' ')); }).rfind("calendar: ", 0), 0U);
}

TEST(CalendarJson, DeeplyNestedValueIsRefusedWithoutDumpingIt) {
  auto const deep = std::string(100'000, '[') + std::string(100'000, ']');
  EXPECT_EQ(error_of([&] { calendar_from_json(R"({"id":"KZ","timeZone":"Asia/Almaty","week":)" + deep + "}"); }),
            "week: an array is not an array of 7 days (Monday .. Sunday)");
}

TEST(BundledCalendars, LoadAndPassTheChecks) {
  auto const all = bundled();
  std::set<std::string> ids;
  for (auto const& c : all) {
    EXPECT_NO_THROW(check_calendar(c)) << c.id_;
    EXPECT_FALSE(c.source_.empty()) << c.id_;
    EXPECT_EQ(c.week_[0], (work_hours{9 * 3600, 18 * 3600})) << c.id_;
    EXPECT_EQ(c.week_[6], work_hours{}) << c.id_;
    EXPECT_TRUE(c.working_days_.empty()) << c.id_;
    ids.insert(c.id_);
  }
  EXPECT_EQ(ids, (std::set<std::string>{"CN", "KZ", "KG", "TJ", "TM", "UZ"}));
  auto const kz = bundled("KZ");
  ASSERT_EQ(kz.holidays_.size(), 9U);
  EXPECT_EQ(kz.holidays_[0].date_, day(2025, 5, 1));
}

}  // namespace
}  // namespace caravan::cases
