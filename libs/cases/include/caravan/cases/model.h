#pragma once
// What a case holds (issue 17, docs/cases.md): cross-border assistance, disputes between travellers and
// operators, and insurance claims. Plain values: the store keeps them (store.h), the service changes them
// (service.h) by the lifecycles (lifecycle.h), checking rights and writing the history, the audit trail
// and the notification outbox. Free text people write (titles, descriptions, policy numbers, messages,
// attachments) is personal data: sealed at rest with the register's key ring, never logged.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "caravan/cases/sla.h"

namespace caravan::cases {

using case_id = std::int64_t;
using account_id = std::int64_t;   // registry::account_id
using operator_id = std::int64_t;  // registry::operator_id
using tour_id = std::int64_t;      // registry::tour_id
using event_id = std::int64_t;

enum class case_kind : std::uint8_t { kAssistance, kDispute, kClaim };
std::string_view to_string(case_kind);
std::optional<case_kind> parse_case_kind(std::string_view);

// How fast help must come: urgent assistance (health, safety) runs around the clock.
enum class urgency : std::uint8_t { kUrgent, kHigh, kNormal };
std::string_view to_string(urgency);
std::optional<urgency> parse_urgency(std::string_view);

// The sides of a case. Admins act as the authority.
enum class party : std::uint8_t { kTraveller, kOperator, kInsurer, kAuthority };
std::string_view to_string(party);
std::optional<party> parse_party(std::string_view);

// Where it happened: a stop of the timetable, a heritage site, a border crossing, or a point, with a name
// people read. Not sealed: it routes the case and counts in statistics.
struct place {
  std::string name_{};
  std::string stop_id_{};
  std::string site_id_{};
  std::string crossing_id_{};
  std::optional<double> lat_{};
  std::optional<double> lon_{};
};

enum class line_state : std::uint8_t { kPending, kApproved, kRejected };
std::string_view to_string(line_state);

// One item of an insurance claim, assessed on its own (openIMIS): approved (in full or a part) or rejected
// with a reason code.
struct claim_line {
  std::string description_{};       // "Hospital, Osh, 2 nights": sealed at rest (it may say an illness)
  std::int64_t amount_minor_{0};    // in the currency's minor unit (cents, tiyin)
  std::string currency_{};          // ISO 4217 ("USD", "KGS", "CNY")
  line_state state_{line_state::kPending};
  std::int64_t approved_minor_{0};  // approved: at most amount_minor_
  std::string reason_code_{};       // rejected (or approved in part): one of kLineReasons
  std::string note_{};              // the insurer's, sealed at rest
};
// The reasons a line is rejected or cut (docs/cases.md).
inline constexpr std::string_view kLineReasons[] = {
    "not_covered", "excluded_condition", "no_receipt", "over_limit", "duplicate", "outside_policy_period", "other"};

struct case_record {
  case_id id_{0};
  case_kind kind_{case_kind::kAssistance};
  std::string category_{};  // per kind (lifecycle.h: categories_of)
  urgency urgency_{urgency::kNormal};
  std::string state_{};     // a state of the kind's lifecycle
  std::string title_sealed_{};        // sealed at rest ("" when none)
  std::string description_sealed_{};
  std::string country_{};   // where it happened, alpha-2: that country's authority is a party
  place place_{};
  instant happened_at_{0};
  std::string language_{};  // the traveller's language (BCP 47), for the parties' replies
  account_id filed_by_{0};
  std::optional<account_id> traveller_{};  // the traveller's account (none: filed for someone without one)
  std::optional<operator_id> operator_{};
  std::optional<tour_id> tour_{};
  std::string insurer_{};            // the insurer's organisation code ("" none)
  std::string policy_sealed_{};      // the policy number, sealed
  std::string journey_{};            // the legs the case is about, JSON (the planner's), not sealed
  std::string destination_{};        // stranded: where the traveller was going (a stop id or name)
  std::vector<claim_line> lines_{};  // claims
  std::string outcome_{};            // as the last deciding transition said it ("" until then)
  std::string calendar_{};           // the business calendar of the party that answers (its country's)
  party responsible_{party::kAuthority};      // who answers first (routing at opening)
  std::optional<party> escalated_to_{};       // a deadline passed: the next party is told and sees it
  // The clocks as last evaluated (for the queues' order; the case view evaluates them again).
  std::optional<instant> response_due_{};
  std::optional<instant> resolution_due_{};
  instant next_due_{0};     // the earliest unmet due time; kNoDue when none (closed, or paused)
  bool breached_{false};
  bool open_{true};         // not in a closed state
  instant created_{0};
  instant updated_{0};
  std::int64_t version_{0};
};
inline constexpr instant kNoDue = INT64_MAX;

// One thing that happened to a case: a transition, a message, an attachment, a deadline passed. The
// history its clocks are computed from and the thread its parties read.
struct case_event {
  event_id id_{0};
  case_id case_{0};
  instant at_{0};
  account_id actor_{0};      // 0: the system (deadlines)
  party actor_party_{party::kTraveller};
  std::string action_{};     // a lifecycle action, "open", "message", "attach", "breach"
  std::string from_{};       // state before ("" when unchanged)
  std::string to_{};         // state after
  std::string text_sealed_{};  // the message or the transition's note, sealed ("" when none)
  std::string data_{};       // JSON without personal data: outcome, line decisions, attachment, breach
};

// A file attached to a case: stored once per content (BLAKE2b-256 of the bytes), sealed.
struct attachment_row {
  std::string digest_{};
  std::string media_type_{};  // as the content says it (attachments.h), never as the client claims
  std::int64_t size_{0};
  std::string sealed_{};      // the bytes, sealed with context "attachment:<digest>"
};

// A change that parties are to be told of (the outbox; delivered by webhook).
struct outbox_row {
  std::int64_t id_{0};
  case_id case_{0};
  event_id event_{0};
  instant created_{0};
  std::string payload_{};   // JSON: case, kind, action, state, parties; no personal data
  int attempts_{0};
  instant next_attempt_{0};
  std::optional<instant> delivered_{};
  std::string last_error_{};
};

}  // namespace caravan::cases
