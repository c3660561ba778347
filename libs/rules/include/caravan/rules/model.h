#pragma once
// The entry-rules model: one `rule` says how holders of one nationality's passport may enter one
// destination for some purposes during some dates. The data format is docs/rules-format.md; the loader
// (rule_set.h) builds these from JSON files and rejects bad data, so a loaded rule is always consistent
// (until >= from, window days <= period, group min <= max, ...).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <date/date.h>

#include "caravan/base/error.h"
#include "caravan/rules/message.h"

namespace caravan::rules {

using day = date::sys_days;

// "YYYY-MM-DD" (a real calendar date, year 1900 to 2200) or nothing; base/date.h with the rules' type.
std::optional<day> parse_day(std::string_view s);
std::string format_day(day d);

enum class passport_type : std::uint8_t { kOrdinary, kService, kDiplomatic };
enum class purpose : std::uint8_t { kTourism, kBusiness, kFamily, kTransit };
enum class regime : std::uint8_t {
  kVisaFree,
  kEVisa,
  kVisaOnArrival,
  kVisaRequired,
  kVisaFreeTransit,
  kVisaFreeGroupTour
};
// Where the rolling window ends: on every day of the stay (the same as on the exit day, because a stay's
// count never falls while it runs), or on the entry day (the days of this stay all count against the
// window that ends on the entry day).
enum class window_anchor : std::uint8_t { kEachDay, kEntry };
enum class confidence : std::uint8_t { kHigh, kMedium, kLow };

std::string_view to_string(passport_type);
std::string_view to_string(purpose);
std::string_view to_string(regime);
std::string_view to_string(window_anchor);
std::string_view to_string(confidence);
std::optional<passport_type> parse_passport_type(std::string_view);
std::optional<purpose> parse_purpose(std::string_view);
std::optional<regime> parse_regime(std::string_view);
std::optional<window_anchor> parse_window_anchor(std::string_view);
std::optional<confidence> parse_confidence(std::string_view);

// ISO 3166-1 alpha-2, upper case (the 249 officially assigned codes).
bool is_country_code(std::string_view code);

template <typename E>
constexpr std::uint8_t bit(E e) {
  return static_cast<std::uint8_t>(1U << static_cast<unsigned>(e));
}

struct source {
  std::string url_;
  std::string title_;
  std::string published_;  // as the source dates itself, free text ("2023-11-10", "2019"); may be empty
  day checked_;            // when we read it (stored copies, see docs/rules-format.md)
  std::string kind_;       // "news", "official", "dataset", "secondary", ...
  std::optional<day> dataset_date_;  // for kind "dataset": the snapshot's date
};

struct rolling_window {
  int max_days_{0};     // at most this many counted days ...
  int period_days_{0};  // ... within any period of this many days
  window_anchor anchor_{window_anchor::kEachDay};
  // Days spent in the country before the rule took effect count toward its window only if the data says so.
  bool counts_days_before_effective_{false};
};

struct group_conditions {
  int min_size_{0};  // 0: no minimum
  int max_size_{0};  // 0: no maximum
  bool registered_operator_{false};
  std::string text_;
  translations texts_;  // our translations of text_
};

struct registration {
  int if_stay_over_days_{0};  // the duty applies when the stay counts more days than this (0: always)
  std::string text_;
  translations texts_;  // our translations of text_
};

// Something to arrange before departure for an entry under a rule (an invitation, a pre-approval, an
// e-visa), and how long ahead, as the sources give it.
struct arrangement {
  std::string what_;               // an action: "arrange a Letter of Invitation through ..."
  std::optional<int> min_days_;    // the shortest lead time the sources give ("6-20 working days": 6)
  std::optional<int> max_days_;    // the longest ("6-20 working days": 20)
  bool working_days_{false};       // the days are working days
  translations what_texts_;        // our translations of what_
};

// "arrange a Letter of Invitation ..., 6-20 working days ahead" (the lead time as the data gives it), as a
// message (codes arrange_*) and as its English text.
message describe_message(arrangement const& a);
std::string describe(arrangement const& a);

struct rule {
  std::string id_;
  std::string nationality_;  // an ISO code, a group id, or "*" (every nationality but the destination's)
  std::string destination_;
  std::uint8_t passports_{0};  // bits of passport_type
  std::uint8_t purposes_{0};   // bits of purpose
  regime regime_{regime::kVisaRequired};

  std::optional<int> max_stay_days_;
  std::optional<rolling_window> window_;
  bool count_entry_day_{true};
  bool count_exit_day_{true};

  // Conditions.
  std::optional<int> max_hours_;  // transit: entry to exit instant
  bool onward_ticket_{false};
  bool third_country_{false};  // the onward journey goes to a country other than the one came from
  std::vector<std::string> allowed_ports_;    // empty: any
  std::vector<std::string> allowed_regions_;  // empty: any
  std::optional<group_conditions> group_;
  std::optional<int> min_age_;
  std::optional<int> reentry_after_days_;  // days from the last exit before entering again
  std::optional<registration> registration_;
  std::vector<std::string> tell_;  // other conditions to tell the traveller, as written
  std::vector<translations> tell_texts_;  // our translations of tell_, one per entry (maybe empty)
  // To arrange before departure: entry under this rule is not "allowed as planned" until it is done.
  std::vector<arrangement> arrange_before_;

  std::optional<day> from_;   // absent: start not sourced, applies to any earlier date
  std::optional<day> until_;  // inclusive; absent: open
  bool covers_running_stays_{false};  // governs stays that began before it took effect
  int precedence_{0};
  bool use_{true};
  std::string why_;  // why not used, or why it takes precedence
  std::string note_;
  translations why_texts_;   // our translations of why_
  translations note_texts_;  // ... and of note_
  std::vector<source> sources_;
  confidence confidence_{confidence::kLow};

  source_location where_;  // file and line of the rule in the data

  bool in_force(day d) const { return (!from_ || *from_ <= d) && (!until_ || d <= *until_); }
  bool is_transit() const { return regime_ == regime::kVisaFreeTransit; }
  bool needs_group() const { return group_.has_value(); }
};

struct country_group {
  std::string id_;
  std::vector<std::string> members_;  // sorted ISO codes
  std::string note_;
  std::vector<source> sources_;
  source_location where_;
};

// A permit needed in part of a country by every foreign visitor, whatever the entry regime.
struct area_permit {
  std::string destination_;
  std::string region_;  // ISO 3166-2 where one fits ("TJ-GB"), else a name
  std::string name_;
  std::vector<std::string> ports_;  // entering here means being in the region
  std::string text_;
  translations name_texts_;  // our translations of name_
  translations texts_;       // ... and of text_
  std::vector<source> sources_;
  source_location where_;
};

// Duties of every foreign visitor to a country (registration), whatever the entry regime.
struct destination_info {
  std::string code_;
  std::optional<registration> registration_;
  std::vector<source> sources_;
  source_location where_;
};

}  // namespace caravan::rules
