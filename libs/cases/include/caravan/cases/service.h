#pragma once
// The cases' operations (issue 17, docs/cases.md): open, act by the lifecycle, write to the thread,
// attach, read, work the queues, keep the calendars, and let deadlines escalate. Rights are checked here
// for every caller (a party sees only its cases); each change is written with its history event, its
// audit entry and its notification in one unit of work. The HTTP API calls these and only these.
//
// Thread safety: one service may be shared by all threads (the store serialises writes).
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "caravan/cases/lifecycle.h"
#include "caravan/cases/model.h"
#include "caravan/cases/store.h"
#include "caravan/registry/secrets.h"
#include "caravan/registry/service.h"

namespace caravan::cases {

using registry::caller;

struct new_case {
  case_kind kind_{case_kind::kAssistance};
  std::string category_{};
  std::optional<urgency> urgency_{};  // the kind's default when none
  std::string title_{};
  std::string description_{};
  std::string country_{};
  place place_{};
  std::optional<instant> happened_at_{};  // now when none
  std::string language_{};
  std::optional<operator_id> operator_{};
  std::optional<tour_id> tour_{};          // its operator becomes the case's
  std::string insurer_{};
  std::string policy_number_{};
  std::string journey_{};                  // JSON text (the API checks it is JSON)
  std::string destination_{};
  std::vector<claim_line> lines_{};        // claims: what is claimed (pending)
};

// A claim line's assessment.
struct line_decision {
  std::size_t line_{0};        // index into the claim's lines
  bool approve_{false};
  std::optional<std::int64_t> approved_minor_{};  // approve: a part of the amount (all when none)
  std::string reason_code_{};  // reject (or approve in part): one of kLineReasons
  std::string note_{};
};

struct action_request {
  std::string action_{};
  std::int64_t version_{0};    // the version the caller read (a conflict when it moved on)
  std::string note_{};
  std::string outcome_{};
  std::vector<line_decision> lines_{};
};

// One entry of a case's history as its parties read it (messages and notes opened).
struct history_entry {
  event_id id_{0};
  instant at_{0};
  account_id actor_{0};
  std::string actor_name_{};   // the account's display name ("Caravan" for the system)
  party actor_party_{party::kTraveller};
  std::string action_{};
  std::string from_{};
  std::string to_{};
  std::string text_{};
  std::string data_{};         // JSON
};

struct case_view {
  case_record record_{};       // as stored (sealed), but its claim lines' descriptions and notes opened
  std::string title_{};
  std::string description_{};
  std::string policy_number_{};
  std::vector<history_entry> history_{};
  clock_state clocks_{};
  clock_targets targets_{};
  std::string time_zone_{};               // of the calendar the clocks counted in (IANA)
  party as_{party::kTraveller};           // the caller's side
  std::vector<std::string> actions_{};    // what the caller may do now (lifecycle order)
  std::optional<registry::rating_view> rating_{};  // the traveller's rating once given (issue 19)
};

// A queue's row: what the queue shows, no history.
struct case_summary {
  case_record record_{};
  std::string title_{};
};

struct stored_file {
  std::string name_{};
  std::string media_type_{};
  std::string bytes_{};
};

struct case_options {
  std::function<instant()> now_{};   // UTC microseconds; the system clock when empty
  registry::key_ring keys_{};        // seals free text and files; empty: cases are refused (503)
  // Fallback when neither the answering party's country nor the case's has a stored calendar.
  business_calendar fallback_calendar_{};
  // What one account may do (admins aside), counted by this process: cases opened by a traveller in a
  // day; messages and files by anyone in an hour. Over: refused (kRateLimited) until the window moves.
  int opens_per_day_{20};
  int writes_per_hour_{200};
};

class case_service {
 public:
  case_service(case_store& s, case_options options);

  // Stores the calendars that are not stored yet (the bundled ones, at start); how many were added.
  std::size_t seed_calendars(std::vector<business_calendar> const& calendars);

  case_view open_case(caller const& who, new_case const& c);
  case_view view(caller const& who, case_id id);
  case_view act(caller const& who, case_id id, action_request const& a);
  // A message in the thread; a traveller's message to a case waiting on them takes its "reply" (or
  // "provide_documents") back to work. Messages need no version: they never overwrite one another.
  case_view post_message(caller const& who, case_id id, std::string const& text);
  // The case's traveller (the account it is for, else its filer when a traveller) rates it once closed,
  // once (issue 19): 1..5 and an optional comment, sealed. Written with a history event ("rate", its
  // figure but not the comment), its audit entry and notification.
  case_view rate(caller const& who, case_id id, int rating, std::string const& comment);
  // Attaches a file (type told by its bytes, name cleaned); the digest.
  std::string attach(caller const& who, case_id id, std::string const& name, std::string const& bytes);
  // A file attached to this case, for its parties.
  stored_file attachment(caller const& who, case_id id, std::string const& digest);

  // The caller's queue: its own cases (travellers), its operator's, its organisation's (insurers), its
  // country's (authorities), all (admins); by due time.
  std::vector<case_summary> queue(caller const& who, case_query q);

  std::vector<stored_calendar> calendars();
  // Admins: replaces (or adds) a calendar; the clocks of the open cases on it are evaluated again.
  // Returns the cases re-evaluated.
  std::size_t put_calendar(caller const& who, business_calendar const& c, std::int64_t version);

  // The operator of the register (`caravan cases calendars --import`): each calendar stored as the next
  // version of its id (or the first), its open cases evaluated again. Returns the cases re-evaluated.
  std::size_t import_calendars(std::vector<business_calendar> const& calendars);
  // Every case the query selects, without any sealed text (`caravan cases list`: no keys needed).
  std::vector<case_record> overview(case_query const& q);

  // Deadlines that passed since the last sweep: each breached case escalated (history, audit, outbox).
  // Returns the cases escalated. Run by the server every minute and by `caravan cases sweep`.
  std::size_t sweep();

  // The outbox, for the deliverer.
  std::vector<outbox_row> pending_notifications(std::size_t limit);
  void notification_delivered(outbox_row row);
  void notification_failed(outbox_row row, std::string const& error);  // tried again later, backing off

  // Seals every case's texts, every history text and every file again with `ring`'s current key (the
  // ring holds the old ones too), in one transaction; how many values. For `caravan admin rotate-key`.
  std::size_t reseal(registry::key_ring const& ring);

  instant now() const;

 private:
  case_record load(case_unit& u, case_id id);
  party party_of(caller const& who, case_record const& c, case_unit& u) const;  // refuses non-parties
  std::optional<party> side_of(registry::account const& a, case_record const& c) const;
  business_calendar calendar_for(case_unit& u, case_record const& c) const;
  // `time_zone`, when given, is set to the zone of the calendar they were counted in.
  clock_state clocks_of(case_unit& u, case_record const& c, std::vector<case_event> const& history, instant at,
                        std::string* time_zone = nullptr) const;
  void evaluate_into(case_unit& u, case_record& c, std::vector<case_event> const& history) const;
  event_id record_event(case_unit& u, case_record const& c, case_event e, std::string const& audit_before);
  case_view make_view(case_unit& u, case_record const& c, party as) const;
  std::string seal(std::string const& text, std::string const& context) const;
  std::string open(std::string const& sealed, std::string const& context) const;
  void need_keys() const;
  void check_usable(business_calendar const& c) const;  // refuses (kInvalid) one that cannot count a deadline
  // Stores `c` as `version` and evaluates the open cases on it again (REQUIRES: checked, in a unit).
  std::size_t replace_calendar(case_unit& u, std::string const& actor, business_calendar const& c,
                               std::optional<stored_calendar> const& old, std::int64_t version);

  // Notes an event of `who` under `key` unless `limit` are in the window; refuses (kRateLimited) then.
  void limit(std::map<account_id, std::vector<instant>>& events, account_id who, int max, instant window,
             char const* what);

  case_store& store_;
  case_options options_;
  std::mutex limits_mutex_;
  std::map<account_id, std::vector<instant>> opens_, writes_;
};

}  // namespace caravan::cases
