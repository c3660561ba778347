#pragma once
// The three kinds of case as lifecycles defined as data (Request Tracker's lifecycles, Zammad's state
// flags): states in classes, the transitions between them with who may take each and what each requires,
// the deadlines per urgency and who is told when one passes. The service (service.h) applies them; the API
// serves them (GET /api/v1/cases/lifecycles) so the web app shows exactly the actions a party may take.
//
// Thread safety: the lifecycles are built once and never change.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "caravan/cases/model.h"
#include "caravan/cases/sla.h"

namespace caravan::cases {

enum class state_class : std::uint8_t {
  kNew,       // waiting for a first answer
  kActive,    // being worked on
  kWaiting,   // waiting on the traveller: the clocks stop
  kResolved,  // answered in full; may still be reopened, appealed or closed
  kClosed,    // final
};
std::string_view to_string(state_class);

struct state_def {
  std::string name_{};
  state_class class_{state_class::kActive};
  std::optional<party> answers_{};  // who is expected to act in this state (shown in the queues)
};

// What a transition asks of the one who takes it.
struct transition_def {
  std::string action_{};              // "acknowledge", "answer", "assess", ...
  std::vector<std::string> from_{};   // states it may be taken from
  std::string to_{};
  std::vector<party> by_{};           // who may take it (an admin may take the authority's)
  bool note_required_{false};         // a reason or what was done, for the other parties
  std::vector<std::string> outcomes_{};  // when not empty: one of these is required
  bool line_decisions_{false};        // a claim's assessment: every pending line approved or rejected
  bool responds_{false};              // counts as the first response (by a party that answers)
};

struct lifecycle {
  case_kind kind_{case_kind::kAssistance};
  std::vector<std::string> categories_{};  // what it is about
  std::vector<urgency> urgencies_{};       // allowed; the first is the default
  std::string initial_{};
  std::vector<state_def> states_{};
  std::vector<transition_def> transitions_{};
  // When a deadline passes, the case is escalated to the first of these that is not the party that
  // should have answered (Caravan's default: the authority of the country).
  std::vector<party> escalation_{};
  // The deadlines per urgency (Caravan's defaults, docs/cases.md; not taken from any law).
  std::vector<std::pair<urgency, clock_targets>> targets_{};

  state_def const* state(std::string_view name) const;
  transition_def const* transition(std::string_view action) const;
  clock_targets targets(urgency u) const;  // REQUIRES: u is allowed
};

lifecycle const& lifecycle_of(case_kind k);

// The actions `p` may take from `state` (in the lifecycle's order).
std::vector<transition_def const*> actions_for(lifecycle const& l, std::string_view state, party p);

// The clock events of a history (model.h's events, in order) under its lifecycle: opened, the first
// response (a responding transition, or a message, by a party other than the traveller), pauses in
// waiting states, resolution on entering a resolved or closed state, reopening on leaving one.
std::vector<clock_event> clock_events(lifecycle const& l, std::vector<case_event> const& history);

}  // namespace caravan::cases
