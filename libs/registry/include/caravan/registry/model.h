#pragma once
// What the register holds (issue 16, docs/register.md): accounts with roles, tour operators with their
// licence, group tours with their programme, and the manifests of travellers. Plain values: the store
// (store.h) keeps them, the service (service.h) changes them, checking rights and writing the audit
// trail. Dates are days since 1970-01-01; instants are UTC microseconds since 1970.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>


namespace caravan::registry {

using account_id = std::int64_t;
using operator_id = std::int64_t;
using tour_id = std::int64_t;
using member_id = std::int64_t;
using instant = std::int64_t;  // UTC microseconds since 1970-01-01

// "2026-12-06T10:15:00.000000Z" (RFC 3339, UTC, microseconds).
std::string format_instant(instant t);

enum class role : std::uint8_t {
  kTraveller,
  kOperatorStaff,  // works for one operator (account::operator_)
  kAuthority,      // acts for one country (account::country_): approves its operators and tours
  kInsurer,
  kAdmin,
};
std::string_view to_string(role);
std::optional<role> parse_role(std::string_view);

struct account {
  account_id id_{0};
  std::string email_{};         // the sign-in name, lower case
  std::string display_name_{};
  role role_{role::kTraveller};
  std::optional<operator_id> operator_{};  // operator staff: whose
  std::string country_{};                  // authority: ISO 3166-1 alpha-2; insurer: where it works
  std::string organisation_{};             // insurer: its organisation's code ("PICC"), cases name it
  std::string password_hash_{};            // Argon2id (secrets.h); never leaves the service
  bool disabled_{false};
  instant created_{0};
};

// A licence's life: applied -> approved -> suspended <-> approved, -> revoked (final); expired is
// approved with valid_to_ passed, said by status_on().
enum class operator_status : std::uint8_t { kApplied, kApproved, kSuspended, kRevoked, kExpired };
std::string_view to_string(operator_status);
std::optional<operator_status> parse_operator_status(std::string_view);

struct localized_name {
  std::string lang_{};  // BCP 47 ("zh", "ru", "kk")
  std::string name_{};
};

struct tour_operator {
  operator_id id_{0};
  std::string legal_name_{};
  std::vector<localized_name> names_{};
  std::string country_{};          // where it is licensed, alpha-2
  std::string licence_number_{};
  std::string issuer_{};           // the body that issued the licence
  std::int32_t valid_from_{0};
  std::int32_t valid_to_{0};     // last valid day
  operator_status status_{operator_status::kApplied};
  std::string email_{};
  std::string phone_{};
  std::string website_{};
  std::vector<std::string> countries_{};  // where it runs tours (alpha-2)
  instant updated_{0};
  std::int64_t version_{0};  // bumped by every change: a write names the version it read
};

// A group tour's life: draft (the operator edits it and its manifest) -> submitted (its check passed)
// -> approved (every country it stays in approved it) or rejected (one refused); withdrawn by the
// operator back to draft from submitted or approved (its decisions are cleared: a changed programme is
// decided again).
enum class tour_status : std::uint8_t { kDraft, kSubmitted, kApproved, kRejected };
std::string_view to_string(tour_status);
std::optional<tour_status> parse_tour_status(std::string_view);

// One stay of the programme in one country, as the entry rules read it: local date-times at the border
// ("2026-07-01" or "2026-07-01T10:00+06:00"), the port of entry, the regions visited, and whether every
// traveller holds an onward or return ticket out of it.
struct tour_stay {
  std::string country_{};
  std::string entry_{};
  std::string exit_{};
  std::string entry_port_{};
  bool onward_ticket_{false};
  std::vector<std::string> regions_{};
};

// One leg of the programme (what the planner found, or a coach the operator runs): for the travellers
// and the border posts, not for the entry check (the stays are).
struct tour_leg {
  std::string from_{};       // stop or site name
  std::string to_{};
  std::string departure_{};  // local date-time as above
  std::string arrival_{};
  std::string mode_{};       // rail, bus, air, road, ...
  std::string name_{};       // train number, flight, "operator's coach"
  bool estimated_{false};    // the schedule is an estimate (as the planner says it)
};

// One country's decision on a tour, by its authority.
struct tour_decision {
  std::string country_{};
  bool approved_{false};
  account_id by_{0};
  instant at_{0};
  std::string reason_{};
};

struct tour {
  tour_id id_{0};
  operator_id operator_{0};
  std::string title_{};
  std::vector<std::string> languages_{};  // BCP 47 codes of the guiding languages
  std::vector<tour_stay> stays_{};        // in time order
  std::vector<tour_leg> legs_{};
  int min_size_{1};                       // the operator's own limits; the rules' limits are checked too
  int max_size_{25};
  std::vector<std::string> regimes_{};    // ids of the rules it relies on (informational)
  tour_status status_{tour_status::kDraft};
  std::vector<tour_decision> decisions_{};
  instant updated_{0};
  std::int64_t version_{0};
  // What the operator hands its travellers to rate the tour once approved (issue 19): 16 random hex
  // digits, made with the tour and never changed (not in the programme: the audit trail does not keep it).
  std::string feedback_code_{};
};

// The countries that decide on a tour: every country it stays in, once each, in order.
std::vector<std::string> deciding_countries(tour const&);
std::int32_t first_day(tour const&);  // the first entry's date (days since 1970); 0 when no stays
std::int32_t last_day(tour const&);   // the last exit's date

// The programme (title to regimes, and the decisions) as the JSON text both stores keep and the audit
// trail records; read back by read_programme (throws std::runtime_error on text it cannot read).
std::string programme_text(tour const&);
void read_programme(std::string_view text, tour&);

// A traveller on a tour's manifest. The passport number and birth date are personal data: sealed at rest
// (secrets.h), shown only to the tour's operator and the authorities deciding on it, never logged.
struct member {
  member_id id_{0};
  tour_id tour_{0};
  std::string ref_{};          // random, stable: binds the sealed fields to this member (not guessable)
  std::string latin_name_{};   // "ZHANG SAN FENG", as in the passport's MRZ
  std::string native_name_{};  // "张三丰"
  std::string nationality_{};  // alpha-2
  std::string passport_number_{};
  std::int32_t passport_expiry_{0};
  std::int32_t birth_date_{0};
  char sex_{'X'};              // 'F', 'M' or 'X'
};

// A member as the store keeps it: the personal fields sealed ("k<id>:..."; secrets.h).
struct member_row {
  member_id id_{0};
  tour_id tour_{0};
  std::string ref_{};
  std::string latin_name_{};
  std::string native_name_{};
  std::string nationality_{};
  std::string passport_sealed_{};
  std::int32_t passport_expiry_{0};
  std::string birth_date_sealed_{};
  char sex_{'X'};
};

// A satisfaction rating (issue 19): a short rating and comment after a tour (by one of its travellers,
// who have no accounts: by the tour's feedback code) or after a closed case (by its traveller). Only
// aggregates of them leave the store; the comment may hold personal data and is sealed at rest.
enum class rating_subject : std::uint8_t { kTour, kCase };
std::string_view to_string(rating_subject);  // "tour", "case"

struct rating_row {
  std::int64_t id_{0};
  rating_subject subject_{rating_subject::kTour};
  std::int64_t subject_id_{0};    // the tour's or the case's id
  int rating_{0};                 // 1..5
  std::string comment_sealed_{};  // "" when none; sealed with context rating_context()
  std::optional<account_id> by_{};  // a case's traveller; none for a tour's travellers
  std::string country_{};         // for the figures: the case's country; a tour's first country
  instant created_{0};
};
// The context a rating's comment is sealed under ("rating:case:12:<created>").
std::string rating_context(rating_subject, std::int64_t subject_id, instant created);

// The status a border guard sees on a day: approved but past valid_to_ reads as expired.
operator_status status_on(tour_operator const&, std::int32_t day);

}  // namespace caravan::registry
