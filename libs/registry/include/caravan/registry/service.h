#pragma once
// The register's operations (issue 16, docs/register.md): who may do what, checked here for every
// caller, each change written with its audit entry in one unit of work. The HTTP API and the CLI call
// these and only these; neither writes to the store itself.
//
// Thread safety: one service may be shared by all threads (the store serialises writes; the sign-in
// limiter has its own lock).
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "caravan/registry/model.h"
#include "caravan/rules/check.h"
#include "caravan/rules/message.h"
#include "caravan/rules/rule_set.h"
#include "caravan/registry/secrets.h"
#include "caravan/registry/store.h"

namespace caravan::registry {

// Why a request is refused, as the API says it (docs/register.md's table): the code, the field of the
// request it concerns ("" for none) and a message for people that names no secret and no personal data.
enum class refusal : std::uint8_t {
  kUnauthorized,  // no valid session, or wrong email or password
  kForbidden,     // signed in, but this role or owner may not
  kNotFound,
  kInvalid,       // a field is missing or wrong
  kConflict,      // changed by someone else since read, or already there
  kRateLimited,   // too many failed sign-ins
  kUnavailable,   // the register cannot do this as started (no key for personal data)
};
std::string_view to_string(refusal);

class refused : public std::runtime_error {
 public:
  refused(refusal why, std::string field, std::string const& message)
      : std::runtime_error{message}, why_{why}, field_{std::move(field)} {}
  refusal why() const { return why_; }
  std::string const& field() const { return field_; }

 private:
  refusal why_;
  std::string field_;
};

// Who asks: the signed-in account (none: the public) and where from (the client's address, for the
// sign-in limits).
struct caller {
  std::optional<account> account_{};
  std::string client_{};
};

struct new_account {
  std::string email_{};
  std::string display_name_{};
  std::string password_{};
  role role_{role::kTraveller};
  std::optional<operator_id> operator_{};  // operator staff of an existing operator
  std::string country_{};                  // authority; insurer (where it works)
  std::string organisation_{};             // insurer: its organisation's code
};

struct operator_application {
  std::string legal_name_{};
  std::vector<localized_name> names_{};
  std::string country_{};
  std::string licence_number_{};
  std::string issuer_{};
  std::int32_t valid_from_{0};
  std::int32_t valid_to_{0};
  std::string email_{};
  std::string phone_{};
  std::string website_{};
  std::vector<std::string> countries_{};
};

// What anyone may see of an operator (a border guard's or traveller's lookup): no contacts but the
// website, no history.
struct public_operator {
  operator_id id_{0};
  std::string legal_name_{};
  std::vector<localized_name> names_{};
  std::string country_{};
  std::string licence_number_{};
  std::string issuer_{};
  std::int32_t valid_from_{0};
  std::int32_t valid_to_{0};
  operator_status status_{operator_status::kApplied};  // on the day asked (expired when past valid_to_)
  std::string website_{};
  std::vector<std::string> countries_{};
};

// What anyone may see of `o`, with its status on `day` (status_on).
public_operator public_view(tour_operator const& o, std::int32_t day);

struct signed_in {
  std::string token_{};  // shown once, to the client; the store keeps its digest
  account account_{};
  instant expires_{0};
};

// A tour's programme as its operator writes it (created, or the draft's replaced).
struct tour_programme {
  std::string title_{};
  std::vector<std::string> languages_{};
  std::vector<tour_stay> stays_{};
  std::vector<tour_leg> legs_{};
  int min_size_{1};
  int max_size_{25};
  std::vector<std::string> regimes_{};
};

// A traveller for a manifest, as entered, imported or read from a passport's MRZ.
struct new_member {
  std::string latin_name_{};
  std::string native_name_{};
  std::string nationality_{};
  std::string passport_number_{};
  std::int32_t passport_expiry_{0};
  std::int32_t birth_date_{0};
  char sex_{'X'};
};

// One thing that keeps a tour from being submitted, named as the entry rules name it.
struct tour_problem {
  std::string member_{};       // the member's ref, "" for the whole tour
  std::string member_name_{};  // their Latin name (said only to those who may see the manifest)
  int stay_{-1};               // index into the stays, -1 for none
  std::string country_{};
  rules::message message_{};   // a rules message ("group_too_small", ...) or the register's own, with params
  std::string rule_{};         // the governing rule's id, when a rule says it
  std::vector<std::string> sources_{};  // that rule's source addresses
};

struct tour_check {
  bool ok_{false};
  std::vector<tour_problem> problems_;
  std::string report_{};  // the entry check of every member as JSON text (rules::to_json's shape)
};

struct submission {
  bool submitted_{false};  // false: the check found problems, the tour is still a draft
  tour tour_{};
  tour_check check_{};
};

// One manifest CSV row that could not be read: its line, the column and what is wrong.
struct row_error {
  std::size_t line_{0};
  std::string field_{};
  std::string what_{};
};

struct import_result {
  std::size_t added_{0};              // rows added (0 when any row is wrong: all or none)
  std::vector<row_error> errors_{};
};

// Whether the register holds a tour or operator as registered for a stay, for the entry rules.
struct registration {
  bool registered_{false};
  std::string why_{};  // when not: what is missing ("tour 12 is not registered for KG on these dates")
  int manifest_size_{0};  // a tour's: its manifest's travellers (the group's size, whatever a trip says)
};

// What the register says of one stay's group tour.
struct group_registration {
  std::size_t stay_{0};
  registration said_{};
};
// A satisfaction rating as those who may read it see it: the comment opened (issue 19).
struct rating_view {
  std::int64_t id_{0};
  int rating_{0};
  std::string comment_{};
  instant at_{0};
};

// A tour's ratings as its operator sees them.
struct tour_ratings {
  std::size_t count_{0};
  std::optional<double> mean_{};  // none without ratings
  std::vector<rating_view> ratings_{};  // oldest first
};

// How long after a tour's last day its travellers may rate it.
inline constexpr std::int32_t kRatingDays = 90;

class register_service;
// Sets the `registered` flag of every group tour in `trip` from the register (a trip file's own word is
// not taken: the API's and the CLI's entry checks with a register), and says what it found per stay.
std::vector<group_registration> register_groups(register_service& reg, rules::itinerary& trip);

// A member as a passport's MRZ gives it (the native-script name is entered apart).
struct mrz_passport;
new_member member_from_mrz(mrz_passport const& p);

struct service_options {
  hash_cost hash_cost_{hash_cost::kInteractive};
  std::chrono::seconds session_lifetime_{std::chrono::hours{12}};
  int failures_per_email_{5};    // failed sign-ins per email in a window before it is refused
  int failures_per_client_{20};  // ... per client address
  int signups_per_client_{10};   // travellers' sign-ups per client address in a window
  std::chrono::seconds failure_window_{std::chrono::minutes{15}};
  std::function<instant()> now_{};  // UTC microseconds; the system clock when empty
  key_ring keys_{};                 // seals manifests' personal data; empty: manifests are refused
};

class register_service {
 public:
  register_service(store& s, service_options options);

  // The first admin (`caravan admin create`): refused when an admin exists.
  account create_first_admin(std::string const& email, std::string const& display_name, std::string const& password);
  // A traveller signs up alone; every other role is created by an admin.
  account create_account(caller const& who, new_account const& a);
  signed_in sign_in(std::string const& email, std::string const& password, std::string const& client);
  // The account of a valid session (not expired, not revoked, account not disabled), else nullopt.
  std::optional<account> authenticate(std::string const& token);
  void sign_out(std::string const& token);

  // An operator's application, by operator staff not yet tied to an operator (then tied to it) or an
  // admin. Its status is applied until an authority of its country decides.
  tour_operator apply_operator(caller const& who, operator_application const& a);
  // approve, suspend, revoke (or reinstate a suspended one): the authority of the operator's country or
  // an admin; `version` is the one the decider read (a conflict when it moved on).
  tour_operator decide_operator(caller const& who, operator_id id, operator_status to, std::int64_t version,
                                std::string const& reason);
  // The full record: its own staff, the authority of its country, admins.
  tour_operator operator_record(caller const& who, operator_id id);
  // Anyone: by name (any language) or licence number, with the status on `day`.
  std::vector<public_operator> lookup(operator_query const& q, std::int32_t day);

  // Group tours. An operator's staff (of an operator not revoked) or an admin creates and edits a
  // draft; the authorities of the countries it stays in see it once submitted.
  tour create_tour(caller const& who, operator_id op, tour_programme const& p);
  tour update_tour(caller const& who, tour_id id, tour_programme const& p, std::int64_t version);
  tour tour_record(caller const& who, tour_id id);
  // Staff: their operator's; authorities: the submitted, approved and rejected ones staying in their
  // country; admins: all.
  std::vector<tour> tours(caller const& who, tour_query const& q);
  // The tour checked with the entry rules for every member on its real dates, as submit_tour checks it.
  tour_check check_tour(caller const& who, tour_id id, rules::rule_set const& rules);
  // Submitted only when the check finds nothing (else returned with the problems, still a draft).
  submission submit_tour(caller const& who, tour_id id, std::int64_t version, rules::rule_set const& rules);
  // Back to draft (decisions cleared), from submitted or approved: to change it.
  tour withdraw_tour(caller const& who, tour_id id, std::int64_t version);
  // The authority of `country` (one the tour stays in) or an admin approves or rejects a submitted tour
  // for that country; approved by all of them, the tour is approved.
  tour decide_tour(caller const& who, tour_id id, std::string const& country, bool approve, std::int64_t version,
                   std::string const& reason);

  // Manifests: the tour's staff and admins change a draft's; they and the deciding authorities (once
  // submitted) read it with the personal data opened.
  std::vector<member> manifest(caller const& who, tour_id id);
  member add_member(caller const& who, tour_id id, new_member const& m);
  // A CSV (header: latin_name,native_name,nationality,passport_number,passport_expiry,birth_date,sex):
  // every row added, or none and every row's errors (file:line, field, what).
  import_result import_manifest(caller const& who, tour_id id, std::string_view csv);
  void remove_member(caller const& who, tour_id id, std::string const& ref);
  // Refused unless `who` may change tour `id` now (its operator's staff or an admin, a draft, the
  // operator not revoked): the API asks before reading a request's fields.
  void check_editable(caller const& who, tour_id id);

  // For the entry rules (trip checks): whether tour `id` (when given; else the operator by licence
  // number) is registered for a stay in `country` from `entry` to `exit` (days since 1970): the
  // operator approved and valid on the entry day and, for a tour, approved by that country and staying
  // there on those dates (entering that day, leaving by `exit`). Anyone may ask (the entry check is
  // public): a tour that is not registered so reads the same whether it exists or not.
  registration registered(std::optional<tour_id> id, std::string const& licence, std::string const& country,
                          std::int32_t entry, std::int32_t exit);

  // Satisfaction (issue 19). A traveller on an approved tour rates it with the tour's feedback code (no
  // account): from its first day to kRatingDays after its last (UTC days), at most as many ratings as its
  // manifest has travellers. An unknown tour and a wrong code are refused alike (kForbidden), saying no more.
  rating_view rate_tour(tour_id id, std::string const& code, int rating, std::string const& comment);
  // The tour's ratings with their comments: its operator's staff and admins (as the feedback code).
  tour_ratings ratings_of_tour(caller const& who, tour_id id);
  // Whether `who` sees tour `t`'s feedback code and ratings (its operator's staff, admins).
  static bool owns(caller const& who, tour const& t);

  // Anyone: an operator's public fields (for a tour's border list), std::nullopt when there is none.
  std::optional<public_operator> public_operator_by_id(operator_id id, std::int32_t day);

  // Seals every member's personal data again with `ring`'s current key (rotation: the ring holds the
  // old keys too), and the ratings' comments. Returns the members resealed. For `caravan admin rotate-key`.
  std::size_t reseal(key_ring const& ring);

  // The audit trail, for admins and authorities; verify_audit() walks all of it.
  std::vector<audit_entry> audit(caller const& who, std::int64_t from_seq, std::size_t limit);
  // `checked`, when given, is set to the number of entries that verified, `head` to the last one's hash:
  // kept elsewhere, they show entries cut from the end (which the chain alone cannot).
  std::optional<chain_break> verify_audit(std::int64_t* checked = nullptr, std::string* head = nullptr);

 private:
  instant now() const;
  std::vector<member> open_members(std::vector<member_row> const& rows) const;  // kUnavailable without keys
  member_row sealed(member_row plain) const;
  // a new ref, the passport and birth date sealed under it
  // Adds the rows (sealed here) in one unit of work; their refs, in order.
  std::vector<std::string> add_members(caller const& who, tour_id id, std::vector<member_row> const& plain,
                                       std::string const& action);
  void note_failure(std::string const& email, std::string const& client, instant at);
  bool limited(std::string const& email, std::string const& client, instant at);
  int recent(std::string const& key, instant at);  // events of `key` in the window; REQUIRES: the lock
  void note(std::string const& key, instant at);    // REQUIRES: the lock

  static constexpr std::size_t kMaxTracked = 100'000;  // keys the limiter keeps (emails, clients, sign-ups)

  store& store_;
  service_options options_;
  std::mutex failures_mutex_;
  std::map<std::string, std::vector<instant>> failures_;  // "email:"/"client:"/"signup:" -> event times
};

}  // namespace caravan::registry
