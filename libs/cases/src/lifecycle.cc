#include "caravan/cases/lifecycle.h"

#include <algorithm>

namespace caravan::cases {

namespace {

constexpr std::int64_t kHour = 3600;

using p = party;
using sc = state_class;

// Assistance: a traveller (or their operator or an authority) asks for help where they are; the party it
// is routed to acknowledges, works on it, may wait on the traveller, resolves it; the traveller confirms
// (closes) or reopens.
lifecycle make_assistance() {
  std::vector<party> const helpers{p::kOperator, p::kInsurer, p::kAuthority};
  std::vector<party> const anyone{p::kTraveller, p::kOperator, p::kInsurer, p::kAuthority};
  return lifecycle{
      .kind_ = case_kind::kAssistance,
      .categories_ = {"medical", "lost_document", "accident", "stranded", "safety", "other"},
      .urgencies_ = {urgency::kNormal, urgency::kHigh, urgency::kUrgent},
      .initial_ = "open",
      .states_ = {{"open", sc::kNew, p::kOperator},
                  {"acknowledged", sc::kActive, p::kOperator},
                  {"in_progress", sc::kActive, p::kOperator},
                  {"waiting_on_traveller", sc::kWaiting, p::kTraveller},
                  {"resolved", sc::kResolved, p::kTraveller},
                  {"closed", sc::kClosed, std::nullopt},
                  {"cancelled", sc::kClosed, std::nullopt}},
      .transitions_ =
          {{.action_ = "acknowledge", .from_ = {"open"}, .to_ = "acknowledged", .by_ = helpers, .responds_ = true},
           {.action_ = "start", .from_ = {"open", "acknowledged"}, .to_ = "in_progress", .by_ = helpers, .responds_ = true},
           {.action_ = "ask_traveller", .from_ = {"open", "acknowledged", "in_progress"}, .to_ = "waiting_on_traveller",
            .by_ = helpers, .note_required_ = true, .responds_ = true},
           {.action_ = "reply", .from_ = {"waiting_on_traveller"}, .to_ = "in_progress", .by_ = {p::kTraveller}},
           {.action_ = "resolve", .from_ = {"open", "acknowledged", "in_progress", "waiting_on_traveller"},
            .to_ = "resolved", .by_ = helpers, .note_required_ = true, .responds_ = true},
           {.action_ = "reopen", .from_ = {"resolved"}, .to_ = "in_progress", .by_ = {p::kTraveller}, .note_required_ = true},
           {.action_ = "close", .from_ = {"resolved"}, .to_ = "closed", .by_ = anyone},
           {.action_ = "cancel", .from_ = {"open", "acknowledged", "in_progress", "waiting_on_traveller"},
            .to_ = "cancelled", .by_ = {p::kTraveller}}},
      .escalation_ = {p::kAuthority},
      .targets_ = {{urgency::kUrgent, {.first_response_s_ = 1 * kHour, .resolution_s_ = 24 * kHour, .business_hours_ = false}},
                   {urgency::kHigh, {.first_response_s_ = 2 * kHour, .resolution_s_ = 16 * kHour}},
                   {urgency::kNormal, {.first_response_s_ = 4 * kHour, .resolution_s_ = 40 * kHour}}},
  };
}

// Dispute between a traveller and an operator: the operator answers; the traveller accepts (settled) or
// either asks the authority to mediate; the authority decides; either may appeal once; the authority
// decides the appeal.
lifecycle make_dispute() {
  return lifecycle{
      .kind_ = case_kind::kDispute,
      .categories_ = {"refund", "cancellation", "service", "safety", "other"},
      .urgencies_ = {urgency::kNormal, urgency::kHigh},
      .initial_ = "filed",
      .states_ = {{"filed", sc::kNew, p::kOperator},
                  {"answered", sc::kActive, p::kTraveller},
                  {"mediation", sc::kActive, p::kAuthority},
                  {"waiting_on_traveller", sc::kWaiting, p::kTraveller},
                  {"decided", sc::kResolved, p::kTraveller},
                  {"appealed", sc::kActive, p::kAuthority},
                  {"settled", sc::kClosed, std::nullopt},
                  {"closed", sc::kClosed, std::nullopt},
                  {"withdrawn", sc::kClosed, std::nullopt}},
      .transitions_ =
          {{.action_ = "answer", .from_ = {"filed"}, .to_ = "answered", .by_ = {p::kOperator}, .note_required_ = true,
            .responds_ = true},
           {.action_ = "accept", .from_ = {"answered"}, .to_ = "settled", .by_ = {p::kTraveller}},
           {.action_ = "ask_mediation", .from_ = {"filed", "answered"}, .to_ = "mediation",
            .by_ = {p::kTraveller, p::kOperator}, .note_required_ = true},
           {.action_ = "request_info", .from_ = {"mediation"}, .to_ = "waiting_on_traveller", .by_ = {p::kAuthority},
            .note_required_ = true, .responds_ = true},
           {.action_ = "reply", .from_ = {"waiting_on_traveller"}, .to_ = "mediation", .by_ = {p::kTraveller}},
           {.action_ = "decide", .from_ = {"mediation"}, .to_ = "decided", .by_ = {p::kAuthority}, .note_required_ = true,
            .outcomes_ = {"upheld", "partly_upheld", "rejected"}, .responds_ = true},
           {.action_ = "appeal", .from_ = {"decided"}, .to_ = "appealed", .by_ = {p::kTraveller, p::kOperator},
            .note_required_ = true},
           {.action_ = "decide_appeal", .from_ = {"appealed"}, .to_ = "closed", .by_ = {p::kAuthority},
            .note_required_ = true, .outcomes_ = {"upheld", "partly_upheld", "rejected"}},
           {.action_ = "close", .from_ = {"decided"}, .to_ = "closed", .by_ = {p::kTraveller, p::kAuthority}},
           {.action_ = "withdraw", .from_ = {"filed", "answered", "mediation", "waiting_on_traveller"}, .to_ = "withdrawn",
            .by_ = {p::kTraveller}}},
      .escalation_ = {p::kAuthority},
      .targets_ = {{urgency::kNormal, {.first_response_s_ = 40 * kHour, .resolution_s_ = 240 * kHour}},
                   {urgency::kHigh, {.first_response_s_ = 16 * kHour, .resolution_s_ = 120 * kHour}}},
  };
}

// Insurance claim (openIMIS): submitted; the insurer asks for documents (the clocks wait on the
// traveller) or assesses each line; pays what it approved; the traveller may contest an assessment once
// it is made, back to assessing.
lifecycle make_claim() {
  return lifecycle{
      .kind_ = case_kind::kClaim,
      .categories_ = {"medical", "baggage", "cancellation", "delay", "accident", "other"},
      .urgencies_ = {urgency::kNormal, urgency::kHigh},
      .initial_ = "submitted",
      .states_ = {{"submitted", sc::kNew, p::kInsurer},
                  {"documents_requested", sc::kWaiting, p::kTraveller},
                  {"assessing", sc::kActive, p::kInsurer},
                  {"assessed", sc::kResolved, p::kInsurer},
                  {"paid", sc::kClosed, std::nullopt},
                  {"closed", sc::kClosed, std::nullopt},
                  {"withdrawn", sc::kClosed, std::nullopt}},
      .transitions_ =
          {{.action_ = "request_documents", .from_ = {"submitted", "assessing"}, .to_ = "documents_requested",
            .by_ = {p::kInsurer}, .note_required_ = true, .responds_ = true},
           {.action_ = "provide_documents", .from_ = {"documents_requested"}, .to_ = "assessing",
            .by_ = {p::kTraveller, p::kOperator}},
           {.action_ = "start_assessment", .from_ = {"submitted"}, .to_ = "assessing", .by_ = {p::kInsurer},
            .responds_ = true},
           {.action_ = "assess", .from_ = {"submitted", "assessing"}, .to_ = "assessed", .by_ = {p::kInsurer},
            .line_decisions_ = true, .responds_ = true},
           {.action_ = "contest", .from_ = {"assessed"}, .to_ = "assessing", .by_ = {p::kTraveller}, .note_required_ = true},
           {.action_ = "pay", .from_ = {"assessed"}, .to_ = "paid", .by_ = {p::kInsurer}, .note_required_ = true},
           {.action_ = "close", .from_ = {"assessed"}, .to_ = "closed", .by_ = {p::kInsurer, p::kTraveller}},
           {.action_ = "withdraw", .from_ = {"submitted", "documents_requested", "assessing"}, .to_ = "withdrawn",
            .by_ = {p::kTraveller}}},
      .escalation_ = {p::kAuthority},
      .targets_ = {{urgency::kNormal, {.first_response_s_ = 16 * kHour, .resolution_s_ = 240 * kHour}},
                   {urgency::kHigh, {.first_response_s_ = 8 * kHour, .resolution_s_ = 80 * kHour}}},
  };
}

}  // namespace

std::string_view to_string(state_class c) {
  switch (c) {
    case state_class::kNew: return "new";
    case state_class::kActive: return "active";
    case state_class::kWaiting: return "waiting";
    case state_class::kResolved: return "resolved";
    case state_class::kClosed: return "closed";
  }
  return "?";
}

state_def const* lifecycle::state(std::string_view name) const {
  auto const it = std::find_if(states_.begin(), states_.end(), [&](state_def const& s) { return s.name_ == name; });
  return it == states_.end() ? nullptr : &*it;
}

transition_def const* lifecycle::transition(std::string_view action) const {
  auto const it =
      std::find_if(transitions_.begin(), transitions_.end(), [&](transition_def const& t) { return t.action_ == action; });
  return it == transitions_.end() ? nullptr : &*it;
}

clock_targets lifecycle::targets(urgency u) const {
  for (auto const& [level, t] : targets_) {
    if (level == u) {
      return t;
    }
  }
  return targets_.front().second;
}

lifecycle const& lifecycle_of(case_kind k) {
  static lifecycle const assistance = make_assistance();
  static lifecycle const dispute = make_dispute();
  static lifecycle const claim = make_claim();
  switch (k) {
    case case_kind::kAssistance: return assistance;
    case case_kind::kDispute: return dispute;
    case case_kind::kClaim: return claim;
  }
  return assistance;
}

std::vector<transition_def const*> actions_for(lifecycle const& l, std::string_view state, party who) {
  std::vector<transition_def const*> out;
  for (auto const& t : l.transitions_) {
    if (std::find(t.from_.begin(), t.from_.end(), state) != t.from_.end() &&
        std::find(t.by_.begin(), t.by_.end(), who) != t.by_.end()) {
      out.push_back(&t);
    }
  }
  return out;
}

std::vector<clock_event> clock_events(lifecycle const& l, std::vector<case_event> const& history) {
  std::vector<clock_event> out;
  bool responded = false;
  auto class_of = [&](std::string const& s) {
    auto const* d = l.state(s);
    return d == nullptr ? state_class::kActive : d->class_;
  };
  for (auto const& e : history) {
    if (e.action_ == "open") {
      out.push_back({e.at_, clock_event_kind::kOpened});
      continue;
    }
    if (out.empty()) {
      continue;  // nothing counts before the case is open
    }
    bool const by_helper = e.actor_party_ != party::kTraveller && e.actor_ != 0;
    if (!responded && by_helper) {
      auto const* t = l.transition(e.action_);
      if (e.action_ == "message" || (t != nullptr && t->responds_)) {
        out.push_back({e.at_, clock_event_kind::kResponded});
        responded = true;
      }
    }
    if (e.to_.empty() || e.from_ == e.to_) {
      continue;
    }
    auto const before = class_of(e.from_);
    auto const after = class_of(e.to_);
    bool const was_done = before == state_class::kResolved || before == state_class::kClosed;
    bool const is_done = after == state_class::kResolved || after == state_class::kClosed;
    if (before == state_class::kWaiting && after != state_class::kWaiting) {
      out.push_back({e.at_, clock_event_kind::kResumed});
    }
    if (was_done && !is_done) {
      out.push_back({e.at_, clock_event_kind::kReopened});
    }
    if (!was_done && is_done) {
      out.push_back({e.at_, clock_event_kind::kResolved});
    }
    if (after == state_class::kWaiting && before != state_class::kWaiting) {
      out.push_back({e.at_, clock_event_kind::kPaused});
    }
  }
  return out;
}

}  // namespace caravan::cases
