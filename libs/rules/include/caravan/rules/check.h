#pragma once
// The check: for each traveller and each stay of an itinerary, which rule applies on the entry date, the
// verdict, the latest allowed exit and what to tell the traveller. The counting rules (which days count,
// rolling windows, a rule changing during a stay) are in docs/rules-format.md.
// check() only reads the rule_set; it may run on many threads at once.
#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <span>
#include <string>
#include <vector>

#include "caravan/rules/message.h"
#include "caravan/rules/model.h"
#include "caravan/rules/rule_set.h"

namespace caravan::rules {

// A local date-time as stamped at the border: the local date always, the time and UTC offset when known.
struct local_time {
  day date_{};
  std::optional<std::int32_t> seconds_of_day_{};  // 0 .. 86399
  std::optional<std::int32_t> utc_offset_s_{};     // east of UTC positive
};

// "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS]" with an optional "Z" or "+HH:MM"/"-HH:MM".
std::optional<local_time> parse_local_time(std::string_view s);
std::string format_local_time(local_time const& t);

struct group_tour {
  std::string operator_id_{};  // as the trip names it; with a register, its licence number
  // The operator (or its programme) is on the destination's register: the trip file's word, or with a
  // register (caravan serve --register) what the register says for the tour or licence on the entry day.
  bool registered_{false};
  std::optional<int> tour_{};  // the register's tour, when the trip names one
  int size_{0};
};

// One stay in one country. Independent of the planner: stays_from_legs() (itinerary.h) builds them from
// planned journeys.
struct stay {
  std::string country_{};
  local_time entry_{};
  local_time exit_{};
  std::string entry_port_{};  // border crossing id (facts/border_crossings.csv) or airport IATA code
  purpose purpose_{purpose::kTourism};
  bool onward_ticket_{false};
  std::optional<group_tour> group_{};
  std::vector<std::string> regions_{};  // regions visited (ISO 3166-2 or names, as the rules name them)
};

struct earlier_stay {
  std::string country_;
  day entry_;
  day exit_;
};

struct traveller {
  std::string name_{};  // a label for output; may be empty
  std::string nationality_{};
  passport_type passport_{passport_type::kOrdinary};
  std::optional<day> birth_date_;
  std::vector<earlier_stay> earlier_stays_{};  // stays before the itinerary that count toward windows
};

struct itinerary {
  std::vector<stay> stays_;
};

enum class verdict : std::uint8_t {
  kAllowed,
  kAllowedWithConditions,
  // Allowed as planned once something is arranged before departure (a visa on arrival that needs an
  // invitation approved ahead): stay_result::before_departure_ says what and how long ahead.
  kArrangeBeforeTravel,
  kLimitExceeded,
  kGroupConditionsNotMet,
  kTransitConditionsNotMet,
  kVisaNeeded,
  kNoRuleKnown,
  kOwnCountry,  // a citizen entering their own country: no entry rule applies
};
std::string_view to_string(verdict);
// The verdicts a traveller can travel on without anything more than the conditions told (not
// kArrangeBeforeTravel: that needs something done before departure).
inline bool is_ok(verdict v) {
  return v == verdict::kAllowed || v == verdict::kAllowedWithConditions || v == verdict::kOwnCountry;
}

struct alternative {
  std::string rule_id_;
  verdict verdict_;
};

struct stay_result {
  std::size_t stay_{0};  // index into itinerary::stays_
  verdict verdict_{verdict::kNoRuleKnown};
  rule const* rule_{nullptr};  // the governing rule (points into the rule_set), null when none
  std::optional<day> latest_exit_;  // latest exit date the rule allows; absent: no limit known or none
  int over_by_days_{0};             // limit_exceeded: days past the latest allowed exit
  std::optional<int> window_days_used_;  // counted days in the window at the planned exit
  // The sentences, each a message (message.h): its code and parameters, and its English text_.
  std::vector<message> conditions_;  // to tell the traveller (registration, permits, ...)
  std::vector<message> reasons_;     // why the verdict is not "allowed"
  // What to do before departure for this stay, with the lead time ("arrange a Letter of Invitation ...,
  // 6-20 working days ahead", "get a visa for TM"): for arrange_before_travel, visa_needed, and
  // limit_exceeded under a rule that needs something arranged.
  std::vector<message> before_departure_;
  std::vector<message> notes_;       // rule changes, superseded or disputed rules, unknown dates
  std::vector<alternative> alternatives_;  // other rules that applied, worse verdicts
};

struct traveller_result {
  std::vector<stay_result> stays_;
  // What this traveller must do before departure, over all stays, each once, prefixed with the
  // country ("TM: arrange a Letter of Invitation ..., 6-20 working days ahead"; code in_country).
  std::vector<message> before_departure_;
  bool all_ok() const;
};

// One result per traveller (same order), each with one result per stay (same order).
// REQUIRES: the itinerary's stays are in time order, each exit on or after its entry.
// Work: O(travellers x stays x (rules + the longest window period + the stay's days)), linear in the
// number of stays (and earlier stays: O(e log e) once per traveller); see docs/rules-format.md.
std::vector<traveller_result> check(rule_set const& rules, std::span<traveller const> travellers,
                                    itinerary const& trip);

// Thrown by check() with a deadline once the deadline has passed (looked at every 64 stays).
class check_cancelled : public std::runtime_error {
 public:
  check_cancelled() : std::runtime_error{"the entry check ran past its deadline"} {}
};
std::vector<traveller_result> check(rule_set const& rules, std::span<traveller const> travellers,
                                    itinerary const& trip, std::chrono::steady_clock::time_point deadline);

// Throws data_error when stays are out of order or an exit is before its entry (names the stay).
void validate(itinerary const& trip);

}  // namespace caravan::rules
