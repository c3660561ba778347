#pragma once
// Border crossings as a traveller asks about them: is it open on this day (in its own time zone), with
// which hours, why not, and when does it open next. One answer for `caravan crossings`, the HTTP API
// (GET /api/v1/crossings) and the plan's road legs, from the weekly hours and listed closed dates the
// feed gives (caravan_border_crossings.txt, caravan_border_closures.txt).
//
// Thread safety: pure functions of a const timetable.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "caravan/timetable/timetable.h"

namespace caravan::tt {

enum class crossing_state : std::uint8_t {
  kOpen,           // open that day, with hours
  kClosedWeekday,  // its weekly hours have none for that weekday (Irkeshtam on Saturdays)
  kClosedListed,   // a listed closed date (a holiday), with the feed's reason
};
std::string_view to_string(crossing_state s);  // "open", "closed_weekday", "closed_listed"

// One local day at a crossing. Hours count seconds after the local service-day start (midnight but on
// DST days), as the feed writes them; the close may pass 24:00.
struct crossing_day {
  std::int32_t date_{0};  // days since 1970-01-01, local at the crossing
  crossing_state state_{crossing_state::kOpen};
  std::int32_t open_s_{0}, close_s_{0};  // kOpen only
  std::string_view reason_;              // kClosedListed only ("" when the feed gives none)
};

struct crossing_status {
  crossing_idx crossing_;
  crossing_day day_;
  // The first day after day_ on which the crossing opens, searched up to the timetable's last day (the
  // closed dates are known only within it); nullopt when none is.
  std::optional<crossing_day> next_opening_;
};

// 0 = Monday ... 6 = Sunday.
int weekday_of(std::int32_t days_since_epoch);

// The crossing on one local date: a listed closed date first, then the weekday's hours.
crossing_day crossing_on(timetable const& tt, crossing_idx x, std::int32_t date);

// crossing_on for `date`, and the next opening after it.
crossing_status crossing_status_on(timetable const& tt, crossing_idx x, std::int32_t date);

// "10:00-18:00"; a close past midnight keeps counting hours, as the feed does: "20:00-26:00".
std::string format_hours(std::int32_t open_s, std::int32_t close_s);

// The crossing's local date at an instant (in its own zone).
std::int32_t crossing_local_date(timetable const& tt, crossing_idx x, std::int64_t unix_seconds);

}  // namespace caravan::tt
