#pragma once
// Deadlines of cases (SLA clocks, issue 17, docs/cases.md): first-response and resolution times counted
// in a responsible party's business hours and holidays, in its own time zone, paused while the case waits
// on the traveller. The clocks are computed from the case's history on every evaluation (never kept as
// running counters), so a changed calendar re-evaluates every case that uses it.
//
// Thread safety: pure functions of their arguments (the tz database is read-only after first use).
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace caravan::cases {

using instant = std::int64_t;  // UTC microseconds since 1970-01-01 (as registry::instant)
inline constexpr instant kMicrosPerSecond = 1'000'000;

// A day's business hours, seconds after local midnight: [open_s_, close_s_). open_s_ == close_s_: closed.
struct work_hours {
  std::int32_t open_s_{0};
  std::int32_t close_s_{0};
  friend bool operator==(work_hours const&, work_hours const&) = default;
};

struct holiday {
  std::int32_t date_{0};  // local date, days since 1970-01-01
  std::string name_{};
  friend bool operator==(holiday const&, holiday const&) = default;
};

// When a party works: weekly hours in its own zone, minus holidays, plus working days that fall on a
// weekend (China's make-up days: they take Monday's hours).
struct business_calendar {
  std::string id_{};         // "KZ" (a country's), or any other name an admin gives
  std::string time_zone_{};  // IANA ("Asia/Almaty")
  std::array<work_hours, 7> week_{};  // Monday .. Sunday
  std::vector<holiday> holidays_{};   // sorted by date, no two on one date
  std::vector<std::int32_t> working_days_{};  // sorted; worked even on a weekend
  std::string source_{};     // where the holidays come from, or what is missing
  friend bool operator==(business_calendar const&, business_calendar const&) = default;
};

// A calendar that is not valid: what and where ("week[5].close: ...", "holidays[3].date: ..."), as
// calendar_from_json and check_calendar say it.
class calendar_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws calendar_error: unknown zone, hours outside 0..86400 or open > close, unsorted or repeated dates,
// a date both holiday and working day, an id not [A-Za-z0-9_-]{1,32}, more than 2,000 dates.
void check_calendar(business_calendar const& c);

// The JSON form (docs/cases.md): {"id","timeZone","week":[{"open":"09:00","close":"18:00"} x7 or null],
// "holidays":[{"date":"2026-10-01","name":"National Day"}],"workingDays":["2026-09-27"],"source":"..."}.
std::string calendar_to_json(business_calendar const& c);
business_calendar calendar_from_json(std::string_view text);  // checked; throws calendar_error
// A file holding a JSON array of calendars (data/cases/calendars.json); throws calendar_error naming the
// file and the calendar's index.
std::vector<business_calendar> load_calendars(std::string const& path);

// Business seconds in [from, to) (0 when to <= from).
std::int64_t business_seconds(business_calendar const& c, instant from, instant to);
// The first instant t >= from with business_seconds(c, from, t) == seconds (from itself for 0); throws
// calendar_error when no such instant is within 3 years (a calendar with no working hours).
instant add_business_seconds(business_calendar const& c, instant from, std::int64_t seconds);

// Targets of one kind and urgency of case. business_hours_ false: counted around the clock (urgent
// assistance), the calendar unused.
struct clock_targets {
  std::int64_t first_response_s_{0};
  std::int64_t resolution_s_{0};
  bool business_hours_{true};
};

// What happened to a case, as its clocks read its history (in time order).
enum class clock_event_kind : std::uint8_t {
  kOpened,     // the clocks start
  kResponded,  // a responsible party's first answer (later ones change nothing)
  kPaused,     // waiting on the traveller: both clocks stop
  kResumed,
  kResolved,   // the resolution clock stops (a pause until reopened)
  kReopened,
};
struct clock_event {
  instant at_{0};
  clock_event_kind kind_{clock_event_kind::kOpened};
};

enum class clock_status : std::uint8_t {
  kResponseDue,    // no first response yet
  kResolutionDue,  // answered, not resolved
  kPaused,         // waiting on the traveller
  kFulfilled,      // resolved, every target met
  kFailed,         // resolved, or still open, with a target missed
};
std::string_view to_string(clock_status);  // "response_due", "resolution_due", "paused", "fulfilled", "failed"

struct clock_state {
  clock_status status_{clock_status::kResponseDue};
  // When each target falls due: shifted by the pauses so far; std::nullopt while paused with it unmet
  // (then *_left_s_ says the business seconds that remain).
  std::optional<instant> response_due_{};
  std::optional<instant> resolution_due_{};
  std::int64_t response_left_s_{0};
  std::int64_t resolution_left_s_{0};
  std::optional<instant> responded_at_{};
  std::optional<instant> resolved_at_{};
  bool response_breached_{false};    // answered after its due time, or unanswered past it at `now`
  bool resolution_breached_{false};
  std::optional<instant> response_breached_at_{};    // the due time that passed
  std::optional<instant> resolution_breached_at_{};
  std::int64_t hold_s_{0};  // wall-clock seconds paused (waiting on the traveller), up to `now`
  std::optional<instant> on_hold_since_{};
};

// The clocks of a case with these events (REQUIRES: the first is kOpened, times not decreasing) at `now`.
// Throws calendar_error as add_business_seconds.
clock_state evaluate_clocks(business_calendar const& c, clock_targets const& t, std::span<clock_event const> events,
                            instant now);

}  // namespace caravan::cases
