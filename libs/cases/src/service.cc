#include "caravan/cases/service.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <tuple>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "caravan/base/text.h"
#include "caravan/cases/attachments.h"
#include "caravan/registry/text_checks.h"
#include "caravan/rules/model.h"

namespace caravan::cases {

using registry::refusal;
using registry::check_text;
using registry::refused;
using json = nlohmann::ordered_json;

namespace {

constexpr std::size_t kMaxTitle = 200;
constexpr std::size_t kMaxText = 8'000;        // a description, a note or a message
constexpr std::size_t kMaxJourney = 64U << 10U;
constexpr std::size_t kMaxLines = 50;
constexpr std::size_t kMaxEvents = 2'000;      // a thread longer than this is a new case
constexpr std::int64_t kMaxAmount = 1'000'000'000'000;
constexpr std::size_t kMaxQueue = 200;
constexpr std::int64_t kLongestTarget = 240 * 3600;  // lifecycle.cc's longest (disputes and claims)

[[noreturn]] void refuse(refusal why, std::string field, std::string const& message) {
  throw refused{why, std::move(field), message};
}

registry::account const& signed_in(caller const& who) {
  if (!who.account_) {
    refuse(refusal::kUnauthorized, "", "sign in first");
  }
  return *who.account_;
}

std::string case_entity(case_id id) { return fmt::format("case:{}", id); }

std::string event_context(case_id id, instant at) { return fmt::format("case:{}:event:{}", id, at); }

// A claim line's description (what was paid for: a clinic, a medicine) and the insurer's note on it.
std::string line_context(case_id id, std::size_t line, std::string_view field) {
  return fmt::format("case:{}:line:{}:{}", id, line, field);
}

// What the audit trail records of a case: its state and clocks, never the sealed text.
std::string audit_text(case_record const& c) {
  json j{{"kind", to_string(c.kind_)},
         {"category", c.category_},
         {"urgency", to_string(c.urgency_)},
         {"state", c.state_},
         {"country", c.country_},
         {"responsible", to_string(c.responsible_)},
         {"escalatedTo", c.escalated_to_ ? json(to_string(*c.escalated_to_)) : json(nullptr)},
         {"outcome", c.outcome_},
         {"calendar", c.calendar_},
         {"version", c.version_}};
  if (!c.lines_.empty()) {
    json lines = json::array();
    for (auto const& l : c.lines_) {
      lines.push_back({{"amount", l.amount_minor_},
                       {"currency", l.currency_},
                       {"state", to_string(l.state_)},
                       {"approved", l.approved_minor_},
                       {"reason", l.reason_code_}});
    }
    j["lines"] = lines;
  }
  return j.dump();
}

bool is_reason(std::string_view code) {
  return std::find(std::begin(kLineReasons), std::end(kLineReasons), code) != std::end(kLineReasons);
}

bool is_currency(std::string_view c) {
  return c.size() == 3 && std::all_of(c.begin(), c.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
}

state_class class_of(lifecycle const& l, std::string_view state) {
  auto const* s = l.state(state);
  return s == nullptr ? state_class::kActive : s->class_;
}

// The calendar every case can fall back on: weekdays 09:00-18:00 UTC (docs/cases.md).
business_calendar utc_weekdays() {
  business_calendar c{.id_ = "UTC", .time_zone_ = "Etc/UTC"};
  for (int d = 0; d < 5; ++d) {
    c.week_[static_cast<std::size_t>(d)] = {9 * 3600, 18 * 3600};
  }
  c.source_ = "Caravan's fallback: Monday-Friday 09:00-18:00 UTC, no holidays";
  return c;
}

}  // namespace

case_service::case_service(case_store& s, case_options options) : store_{s}, options_{std::move(options)} {
  if (options_.fallback_calendar_.id_.empty()) {
    options_.fallback_calendar_ = utc_weekdays();
  }
  registry::secrets_init();
}

instant case_service::now() const {
  if (options_.now_) {
    return options_.now_();
  }
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void case_service::need_keys() const {
  if (options_.keys_.empty()) {
    refuse(refusal::kUnavailable, "",
           "cases are off: the register was started without a key for personal data (--register-keys)");
  }
}

std::string case_service::seal(std::string const& text, std::string const& context) const {
  return text.empty() ? std::string{} : options_.keys_.seal(text, context);
}

std::string case_service::open(std::string const& sealed, std::string const& context) const {
  if (sealed.empty()) {
    return {};
  }
  try {
    return options_.keys_.open(sealed, context);
  } catch (registry::sealed_data_error const&) {
    // A key that was dropped, or a value moved between rows: said, never guessed at.
    refuse(refusal::kUnavailable, "", "a sealed text of this case cannot be opened with the register's keys");
  }
}

void case_service::limit(std::map<account_id, std::vector<instant>>& events, account_id who, int max, instant window,
                         char const* what) {
  std::lock_guard const lock{limits_mutex_};
  auto const at = now();
  auto& mine = events[who];
  std::erase_if(mine, [&](instant t) { return t <= at - window; });
  if (static_cast<int>(mine.size()) >= max) {
    refuse(refusal::kRateLimited, "", fmt::format("too many {} from this account: wait and try again", what));
  }
  mine.push_back(at);
  if (events.size() > 100'000) {  // bounded: the quietest accounts are forgotten first
    std::erase_if(events, [&](auto const& e) { return e.second.empty() || e.second.back() <= at - window; });
  }
}

std::size_t case_service::seed_calendars(std::vector<business_calendar> const& calendars) {
  std::size_t added = 0;
  store_.write_cases([&](case_unit& u) {
    for (auto const& c : calendars) {
      if (!u.calendar(c.id_)) {
        u.put_calendar(c, 1);
        ++added;
      }
    }
  });
  return added;
}

std::optional<party> case_service::side_of(registry::account const& a, case_record const& c) const {
  using registry::role;
  if (a.disabled_) {
    return std::nullopt;
  }
  switch (a.role_) {
    case role::kAdmin: return party::kAuthority;
    case role::kTraveller:
      if (c.filed_by_ == a.id_ || (c.traveller_ && *c.traveller_ == a.id_)) {
        return party::kTraveller;
      }
      return std::nullopt;
    case role::kOperatorStaff:
      if (a.operator_ && c.operator_ && *a.operator_ == *c.operator_) {
        return party::kOperator;
      }
      return std::nullopt;
    case role::kInsurer:
      if (!c.insurer_.empty() && a.organisation_ == c.insurer_) {
        return party::kInsurer;
      }
      return std::nullopt;
    case role::kAuthority:
      // The authority of the country it happened in: every assistance case and dispute there; a claim
      // only once it is escalated to it (or when it filed it).
      if (a.country_ == c.country_ &&
          (c.kind_ != case_kind::kClaim || c.escalated_to_ == party::kAuthority || c.filed_by_ == a.id_)) {
        return party::kAuthority;
      }
      return std::nullopt;
  }
  return std::nullopt;
}

party case_service::party_of(caller const& who, case_record const& c, case_unit&) const {
  auto const& a = signed_in(who);
  auto const side = side_of(a, c);
  if (!side) {
    // The same answer whether the case exists or not: case numbers are not secrets, their contents are.
    refuse(refusal::kNotFound, "", fmt::format("no case {} that you are a party to", c.id_));
  }
  return *side;
}

case_record case_service::load(case_unit& u, case_id id) {
  auto c = u.case_by_id(id);
  if (!c) {
    refuse(refusal::kNotFound, "", fmt::format("no case {} that you are a party to", id));
  }
  return *c;
}

business_calendar case_service::calendar_for(case_unit& u, case_record const& c) const {
  if (auto s = u.calendar(c.calendar_)) {
    return s->calendar_;
  }
  return options_.fallback_calendar_;
}

clock_state case_service::clocks_of(case_unit& u, case_record const& c, std::vector<case_event> const& history,
                                    instant at, std::string* time_zone) const {
  auto const& l = lifecycle_of(c.kind_);
  auto const events = clock_events(l, history);
  try {
    auto const calendar = calendar_for(u, c);
    if (time_zone != nullptr) {
      *time_zone = calendar.time_zone_;
    }
    return evaluate_clocks(calendar, l.targets(c.urgency_), events, at);
  } catch (calendar_error const&) {
    if (time_zone != nullptr) {
      *time_zone = options_.fallback_calendar_.time_zone_;
    }
    // A stored calendar that cannot count a target (put_calendar refuses new ones, an old one may be
    // there): the case still shows deadlines, on the fallback, and no queue or sweep stops on it.
    return evaluate_clocks(options_.fallback_calendar_, l.targets(c.urgency_), events, at);
  }
}

void case_service::evaluate_into(case_unit& u, case_record& c, std::vector<case_event> const& history) const {
  auto const& l = lifecycle_of(c.kind_);
  auto const clocks = clocks_of(u, c, history, now());
  c.response_due_ = clocks.response_due_;
  c.resolution_due_ = clocks.resolution_due_;
  c.breached_ = clocks.response_breached_ || clocks.resolution_breached_;
  c.open_ = class_of(l, c.state_) != state_class::kClosed;
  c.next_due_ = kNoDue;
  if (c.open_) {
    if (!clocks.responded_at_ && clocks.response_due_) {
      c.next_due_ = *clocks.response_due_;
    }
    if (!clocks.resolved_at_ && clocks.resolution_due_) {
      c.next_due_ = std::min(c.next_due_, *clocks.resolution_due_);
    }
  }
}

event_id case_service::record_event(case_unit& u, case_record const& c, case_event e, std::string const& audit_before) {
  e.case_ = c.id_;
  auto const id = u.insert_event(e);
  registry::audit_entry a{.at_ = registry::format_instant(e.at_),
                          .actor_ = e.actor_ == 0 ? std::string{} : fmt::format("account:{}", e.actor_),
                          .action_ = fmt::format("case.{}", e.action_),
                          .entity_ = case_entity(c.id_),
                          .before_ = audit_before,
                          .after_ = audit_text(c)};
  if (!e.text_sealed_.empty() || !e.data_.empty()) {
    // The message or note itself stays in the case's history, sealed (the trail is read by auditors, and
    // a key rotation seals it again): the trail says there was one.
    json extra = json::object();
    if (!e.text_sealed_.empty()) {
      extra["text"] = true;
    }
    if (!e.data_.empty()) {
      extra["data"] = json::parse(e.data_);
    }
    auto after = json::parse(a.after_);
    after["event"] = extra;
    a.after_ = after.dump();
  }
  u.append_audit(a);
  // Everyone on the case but the one who acted is told; the payload names no one and quotes nothing.
  json notify = json::array();
  for (auto p : {party::kTraveller, party::kOperator, party::kInsurer, party::kAuthority}) {
    bool const on_case = p == party::kTraveller || (p == party::kOperator && c.operator_) ||
                         (p == party::kInsurer && !c.insurer_.empty()) ||
                         (p == party::kAuthority && (c.kind_ != case_kind::kClaim || c.escalated_to_));
    if (on_case && (p != e.actor_party_ || e.actor_ == 0)) {
      notify.push_back(to_string(p));
    }
  }
  json payload{{"event", id},
               {"case", c.id_},
               {"kind", to_string(c.kind_)},
               {"action", e.action_},
               {"state", c.state_},
               {"country", c.country_},
               {"at", registry::format_instant(e.at_)},
               {"notify", notify}};
  if (c.operator_) {
    payload["operatorId"] = *c.operator_;
  }
  if (!c.insurer_.empty()) {
    payload["insurer"] = c.insurer_;
  }
  u.insert_outbox({.case_ = c.id_, .event_ = id, .created_ = e.at_, .payload_ = payload.dump(), .next_attempt_ = e.at_});
  return id;
}

case_view case_service::make_view(case_unit& u, case_record const& c, party as) const {
  auto const& l = lifecycle_of(c.kind_);
  case_view v{.record_ = c, .as_ = as};
  v.title_ = open(c.title_sealed_, fmt::format("case:{}:title", c.id_));
  v.description_ = open(c.description_sealed_, fmt::format("case:{}:description", c.id_));
  // The policy number is the traveller's and the insurer's business.
  if (as == party::kTraveller || as == party::kInsurer) {
    v.policy_number_ = open(c.policy_sealed_, fmt::format("case:{}:policy", c.id_));
  }
  for (std::size_t i = 0; i < v.record_.lines_.size(); ++i) {
    auto& line = v.record_.lines_[i];
    line.description_ = open(line.description_, line_context(c.id_, i, "description"));
    line.note_ = open(line.note_, line_context(c.id_, i, "note"));
  }
  auto const events = u.events_of(c.id_);
  std::map<account_id, std::string> names;
  for (auto const& e : events) {
    history_entry h{.id_ = e.id_, .at_ = e.at_, .actor_ = e.actor_, .actor_party_ = e.actor_party_, .action_ = e.action_,
                    .from_ = e.from_, .to_ = e.to_, .data_ = e.data_};
    if (e.actor_ == 0) {
      h.actor_name_ = "Caravan";
    } else {
      auto it = names.find(e.actor_);
      if (it == names.end()) {
        auto const a = u.account_by_id(e.actor_);
        it = names.emplace(e.actor_, a ? a->display_name_ : std::string{}).first;
      }
      h.actor_name_ = it->second;
    }
    h.text_ = open(e.text_sealed_, event_context(c.id_, e.at_));
    v.history_.push_back(std::move(h));
  }
  if (auto const rs = u.ratings_of(registry::rating_subject::kCase, c.id_); !rs.empty()) {
    auto const& r = rs.front();
    v.rating_ = registry::rating_view{
        .id_ = r.id_, .rating_ = r.rating_,
        .comment_ = open(r.comment_sealed_, registry::rating_context(registry::rating_subject::kCase, c.id_, r.created_)),
        .at_ = r.created_};
  }
  v.targets_ = l.targets(c.urgency_);
  v.clocks_ = clocks_of(u, c, events, now(), &v.time_zone_);
  for (auto const* t : actions_for(l, c.state_, as)) {
    v.actions_.push_back(t->action_);
  }
  return v;
}

case_view case_service::open_case(caller const& who, new_case const& n) {
  auto const& a = signed_in(who);
  need_keys();
  using registry::role;
  auto const& l = lifecycle_of(n.kind_);
  // Who may open what: a traveller anything of their own; operators and authorities ask for help for
  // travellers; disputes and claims are the traveller's to make.
  bool const may = a.role_ == role::kTraveller || a.role_ == role::kAdmin ||
                   (n.kind_ == case_kind::kAssistance && (a.role_ == role::kOperatorStaff || a.role_ == role::kAuthority));
  if (!may) {
    refuse(refusal::kForbidden, "kind",
           fmt::format("a {} opens no {} case", registry::to_string(a.role_), to_string(n.kind_)));
  }
  if (std::find(l.categories_.begin(), l.categories_.end(), n.category_) == l.categories_.end()) {
    refuse(refusal::kInvalid, "category",
           fmt::format("category of a {} case is one of: {}", to_string(n.kind_), fmt::join(l.categories_, ", ")));
  }
  auto const level = n.urgency_.value_or(l.urgencies_.front());
  if (std::find(l.urgencies_.begin(), l.urgencies_.end(), level) == l.urgencies_.end()) {
    refuse(refusal::kInvalid, "urgency", fmt::format("a {} case is not {}", to_string(n.kind_), to_string(level)));
  }
  check_text("title", n.title_, kMaxTitle, true);
  check_text("description", n.description_, kMaxText, true, true);
  if (!rules::is_country_code(n.country_)) {
    refuse(refusal::kInvalid, "country",
           fmt::format("\"{}\" is not an ISO 3166-1 alpha-2 country code", shorten(n.country_, 10)));
  }
  check_text("place.name", n.place_.name_, kMaxTitle, false);
  check_text("place.stopId", n.place_.stop_id_, 100, false);
  check_text("place.siteId", n.place_.site_id_, 100, false);
  check_text("place.crossingId", n.place_.crossing_id_, 100, false);
  if (n.place_.lat_.has_value() != n.place_.lon_.has_value() ||
      (n.place_.lat_ && (!(*n.place_.lat_ >= -90 && *n.place_.lat_ <= 90) || !(*n.place_.lon_ >= -180 && *n.place_.lon_ <= 180)))) {
    refuse(refusal::kInvalid, "place", "place's lat and lon go together, within -90..90 and -180..180");
  }
  check_text("language", n.language_, 35, false);
  check_text("insurer", n.insurer_, 64, false);
  check_text("policyNumber", n.policy_number_, 64, false);
  check_text("destination", n.destination_, kMaxTitle, false);
  if (n.journey_.size() > kMaxJourney) {
    refuse(refusal::kInvalid, "journey", fmt::format("journey is longer than {} bytes", kMaxJourney));
  }
  auto const at = now();
  constexpr std::int64_t kDay = std::int64_t{86'400} * kMicrosPerSecond;
  if (n.happened_at_ && (*n.happened_at_ > at + kDay || *n.happened_at_ < at - 3'653 * kDay)) {
    refuse(refusal::kInvalid, "happenedAt", "happenedAt is within the last ten years, and not in the future");
  }

  case_record c{.kind_ = n.kind_, .category_ = n.category_, .urgency_ = level, .state_ = l.initial_,
                .country_ = n.country_, .place_ = n.place_, .happened_at_ = n.happened_at_.value_or(at),
                .language_ = n.language_, .filed_by_ = a.id_, .operator_ = n.operator_, .tour_ = n.tour_,
                .insurer_ = n.insurer_, .journey_ = n.journey_, .destination_ = n.destination_,
                .created_ = at, .updated_ = at, .version_ = 1};
  if (a.role_ == role::kTraveller) {
    c.traveller_ = a.id_;
  }
  if (a.role_ == role::kOperatorStaff && !c.operator_ && !c.tour_) {
    c.operator_ = a.operator_;  // staff ask for help for their own travellers
  }
  if (n.kind_ == case_kind::kClaim) {
    if (n.insurer_.empty()) {
      refuse(refusal::kInvalid, "insurer", "a claim names the insurer (its organisation code)");
    }
    if (n.policy_number_.empty()) {
      refuse(refusal::kInvalid, "policyNumber", "a claim names the policy number");
    }
    if (n.lines_.empty() || n.lines_.size() > kMaxLines) {
      refuse(refusal::kInvalid, "lines", fmt::format("a claim has 1 to {} lines", kMaxLines));
    }
    for (std::size_t i = 0; i < n.lines_.size(); ++i) {
      auto const& line = n.lines_[i];
      check_text(fmt::format("lines[{}].description", i), line.description_, kMaxTitle, true);
      if (line.amount_minor_ <= 0 || line.amount_minor_ > kMaxAmount) {
        refuse(refusal::kInvalid, fmt::format("lines[{}].amount", i), "an amount is above 0, in the currency's minor unit");
      }
      if (!is_currency(line.currency_)) {
        refuse(refusal::kInvalid, fmt::format("lines[{}].currency", i), "a currency is an ISO 4217 code (USD, KGS, CNY)");
      }
      c.lines_.push_back({.description_ = line.description_, .amount_minor_ = line.amount_minor_,
                          .currency_ = line.currency_});
    }
  } else if (!n.lines_.empty()) {
    refuse(refusal::kInvalid, "lines", "only claims have lines");
  }

  if (a.role_ == role::kTraveller) {
    limit(opens_, a.id_, options_.opens_per_day_, 86'400 * kMicrosPerSecond, "cases opened");
  }
  case_view out;
  store_.write_cases([&](case_unit& u) {
    auto rec = c;
    if (rec.tour_) {
      auto const t = u.tour_by_id(*rec.tour_);
      if (!t) {
        refuse(refusal::kInvalid, "tourId", fmt::format("there is no tour {}", *rec.tour_));
      }
      if (rec.operator_ && *rec.operator_ != t->operator_) {
        refuse(refusal::kInvalid, "operatorId", "the tour is another operator's");
      }
      rec.operator_ = t->operator_;
    }
    std::optional<registry::tour_operator> op;
    if (rec.operator_) {
      op = u.operator_by_id(*rec.operator_);
      if (!op) {
        refuse(refusal::kInvalid, "operatorId", fmt::format("there is no operator {}", *rec.operator_));
      }
    }
    if (n.kind_ == case_kind::kDispute && !op) {
      refuse(refusal::kInvalid, "operatorId", "a dispute names the operator (or the tour) it is with");
    }
    std::optional<std::string> insurer_country;
    if (!rec.insurer_.empty()) {
      insurer_country = u.insurer_country(rec.insurer_);
      if (!insurer_country) {
        refuse(refusal::kInvalid, "insurer", "no insurer with that organisation code works with Caravan");
      }
    }
    // Routing: who answers first, and whose business hours count.
    if (n.kind_ == case_kind::kClaim) {
      rec.responsible_ = party::kInsurer;
      rec.calendar_ = *insurer_country;
    } else if (op) {
      rec.responsible_ = party::kOperator;
      rec.calendar_ = op->country_;
    } else if (insurer_country) {
      rec.responsible_ = party::kInsurer;
      rec.calendar_ = *insurer_country;
    } else {
      rec.responsible_ = party::kAuthority;
      rec.calendar_ = rec.country_;
    }
    // The calendar the clocks count in, named on the case: the party's country's, else the case's
    // country's, else the fallback. A change to that calendar re-evaluates the case (open_cases_on).
    if (!u.calendar(rec.calendar_)) {
      rec.calendar_ = u.calendar(rec.country_) ? rec.country_ : options_.fallback_calendar_.id_;
    }
    // The one who opens it must be a party to it: staff for their own operator, an authority for its
    // own country (a case filed against another operator is the traveller's to file).
    auto const opener = side_of(a, rec);
    if (!opener) {
      refuse(refusal::kForbidden, a.role_ == role::kAuthority ? "country" : "operatorId",
             a.role_ == role::kAuthority ? "an authority opens cases in its own country"
                                         : "operator staff open cases for their own operator's travellers");
    }
    rec.id_ = u.insert_case(rec);
    rec.title_sealed_ = seal(n.title_, fmt::format("case:{}:title", rec.id_));
    rec.description_sealed_ = seal(n.description_, fmt::format("case:{}:description", rec.id_));
    rec.policy_sealed_ = seal(n.policy_number_, fmt::format("case:{}:policy", rec.id_));
    for (std::size_t i = 0; i < rec.lines_.size(); ++i) {
      rec.lines_[i].description_ = seal(rec.lines_[i].description_, line_context(rec.id_, i, "description"));
    }
    case_event e{.at_ = at, .actor_ = a.id_, .actor_party_ = *opener, .action_ = "open", .to_ = rec.state_};
    evaluate_into(u, rec, {e});
    rec.version_ = 2;  // sealed under its id once it had one
    u.update_case(rec);
    record_event(u, rec, e, "");
    out = make_view(u, rec, e.actor_party_);
  });
  return out;
}

case_view case_service::view(caller const& who, case_id id) {
  need_keys();
  case_view out;
  store_.read_cases([&](case_unit& u) {
    auto const c = load(u, id);
    out = make_view(u, c, party_of(who, c, u));
  });
  return out;
}

case_view case_service::act(caller const& who, case_id id, action_request const& r) {
  auto const& a = signed_in(who);
  need_keys();
  check_text("note", r.note_, kMaxText, false, true);
  case_view out;
  store_.write_cases([&](case_unit& u) {
    auto c = load(u, id);
    auto const as = party_of(who, c, u);
    auto const& l = lifecycle_of(c.kind_);
    auto const* t = l.transition(r.action_);
    if (t == nullptr) {
      std::vector<std::string> names;
      for (auto const& x : l.transitions_) {
        names.push_back(x.action_);
      }
      refuse(refusal::kInvalid, "action",
             fmt::format("a {} case has no action \"{}\" (its actions: {})", to_string(c.kind_), shorten(r.action_, 40),
                         fmt::join(names, ", ")));
    }
    if (std::find(t->by_.begin(), t->by_.end(), as) == t->by_.end()) {
      std::vector<std::string_view> by;
      for (auto p : t->by_) {
        by.push_back(to_string(p));
      }
      refuse(refusal::kForbidden, "action",
             fmt::format("\"{}\" is for the {}, not the {}", t->action_, fmt::join(by, " or "), to_string(as)));
    }
    if (std::find(t->from_.begin(), t->from_.end(), c.state_) == t->from_.end()) {
      refuse(refusal::kConflict, "action",
             fmt::format("\"{}\" cannot be taken from \"{}\" (only from: {})", t->action_, c.state_, fmt::join(t->from_, ", ")));
    }
    if (r.version_ != c.version_) {
      refuse(refusal::kConflict, "version",
             fmt::format("case {} changed since you read it (version {}, now {}): read it again", id, r.version_, c.version_));
    }
    if (t->note_required_ && trim(r.note_).empty()) {
      refuse(refusal::kInvalid, "note", fmt::format("\"{}\" needs a note for the other parties", t->action_));
    }
    if (!t->outcomes_.empty() &&
        std::find(t->outcomes_.begin(), t->outcomes_.end(), r.outcome_) == t->outcomes_.end()) {
      refuse(refusal::kInvalid, "outcome", fmt::format("\"{}\" needs an outcome: {}", t->action_, fmt::join(t->outcomes_, ", ")));
    }
    if (t->outcomes_.empty() && !r.outcome_.empty()) {
      refuse(refusal::kInvalid, "outcome", fmt::format("\"{}\" takes no outcome", t->action_));
    }
    if (!t->line_decisions_ && !r.lines_.empty()) {
      refuse(refusal::kInvalid, "lines", fmt::format("\"{}\" takes no line decisions", t->action_));
    }
    auto const before = audit_text(c);
    json data = json::object();
    if (t->line_decisions_) {
      std::vector<bool> seen(c.lines_.size(), false);
      json decided = json::array();
      for (std::size_t i = 0; i < r.lines_.size(); ++i) {
        auto const& d = r.lines_[i];
        auto const field = fmt::format("lines[{}]", i);
        if (d.line_ >= c.lines_.size() || seen[d.line_]) {
          refuse(refusal::kInvalid, field, fmt::format("line {} is not a line of this claim, or decided twice", d.line_));
        }
        seen[d.line_] = true;
        auto& line = c.lines_[d.line_];
        check_text(field + ".note", d.note_, 1'000, false, true);
        // A reason is one of the codes whenever it is given: free text would bypass the sealing of notes.
        if (!d.reason_code_.empty() && !is_reason(d.reason_code_)) {
          refuse(refusal::kInvalid, field + ".reason", fmt::format("a reason is one of: {}", fmt::join(kLineReasons, ", ")));
        }
        if (d.approve_) {
          auto const amount = d.approved_minor_.value_or(line.amount_minor_);
          if (amount <= 0 || amount > line.amount_minor_) {
            refuse(refusal::kInvalid, field + ".approvedAmount", "an approved amount is above 0 and at most the line's");
          }
          if (amount < line.amount_minor_ && !is_reason(d.reason_code_)) {
            refuse(refusal::kInvalid, field + ".reason",
                   fmt::format("approving a part needs a reason: {}", fmt::join(kLineReasons, ", ")));
          }
          line.state_ = line_state::kApproved;
          line.approved_minor_ = amount;
        } else {
          if (!is_reason(d.reason_code_)) {
            refuse(refusal::kInvalid, field + ".reason",
                   fmt::format("a rejected line needs a reason: {}", fmt::join(kLineReasons, ", ")));
          }
          line.state_ = line_state::kRejected;
          line.approved_minor_ = 0;
        }
        line.reason_code_ = d.reason_code_;
        line.note_ = seal(d.note_, line_context(c.id_, d.line_, "note"));
        decided.push_back({{"line", d.line_}, {"state", to_string(line.state_)}, {"approved", line.approved_minor_},
                           {"reason", line.reason_code_}});
      }
      for (std::size_t i = 0; i < c.lines_.size(); ++i) {
        if (c.lines_[i].state_ == line_state::kPending) {
          refuse(refusal::kInvalid, "lines", fmt::format("line {} is not decided: an assessment decides every line", i));
        }
      }
      auto const approved = std::count_if(c.lines_.begin(), c.lines_.end(), [](claim_line const& x) {
        return x.state_ == line_state::kApproved && x.approved_minor_ == x.amount_minor_;
      });
      auto const rejected = std::count_if(c.lines_.begin(), c.lines_.end(),
                                          [](claim_line const& x) { return x.state_ == line_state::kRejected; });
      c.outcome_ = static_cast<std::size_t>(approved) == c.lines_.size()   ? "approved"
                   : static_cast<std::size_t>(rejected) == c.lines_.size() ? "rejected"
                                                                           : "partly_approved";
      data["lines"] = decided;
      data["outcome"] = c.outcome_;
    } else if (!r.outcome_.empty()) {
      c.outcome_ = r.outcome_;
      data["outcome"] = r.outcome_;
    }
    if (c.kind_ == case_kind::kClaim && t->action_ == "pay" && c.outcome_ == "rejected") {
      refuse(refusal::kConflict, "action", "nothing of this claim was approved: close it rather than pay");
    }
    if (c.kind_ == case_kind::kClaim && t->action_ == "contest") {
      for (auto& line : c.lines_) {  // assessed again from the start; the history keeps the first assessment
        line = claim_line{.description_ = line.description_, .amount_minor_ = line.amount_minor_, .currency_ = line.currency_};
      }
      c.outcome_.clear();
    }
    auto events = u.events_of(c.id_);
    if (events.size() >= kMaxEvents) {
      refuse(refusal::kConflict, "", "this case's history is full: open a new case");
    }
    auto const at = std::max(now(), events.empty() ? 0 : events.back().at_);
    case_event e{.case_ = c.id_, .at_ = at, .actor_ = a.id_, .actor_party_ = as, .action_ = t->action_,
                 .from_ = c.state_, .to_ = t->to_, .text_sealed_ = seal(r.note_, event_context(c.id_, at)),
                 .data_ = data.empty() ? std::string{} : data.dump()};
    c.state_ = t->to_;
    c.updated_ = at;
    ++c.version_;
    events.push_back(e);
    evaluate_into(u, c, events);
    u.update_case(c);
    record_event(u, c, e, before);
    out = make_view(u, c, as);
  });
  return out;
}

case_view case_service::post_message(caller const& who, case_id id, std::string const& text) {
  auto const& a = signed_in(who);
  need_keys();
  check_text("text", text, kMaxText, true, true);
  if (a.role_ != registry::role::kAdmin) {
    limit(writes_, a.id_, options_.writes_per_hour_, 3'600 * kMicrosPerSecond, "messages and files");
  }
  case_view out;
  store_.write_cases([&](case_unit& u) {
    auto c = load(u, id);
    auto const as = party_of(who, c, u);
    auto const& l = lifecycle_of(c.kind_);
    if (class_of(l, c.state_) == state_class::kClosed) {
      refuse(refusal::kConflict, "", fmt::format("case {} is {}: open a new case", id, c.state_));
    }
    auto events = u.events_of(c.id_);
    if (events.size() + 1 >= kMaxEvents) {
      refuse(refusal::kConflict, "", "this case's history is full: open a new case");
    }
    auto const before = audit_text(c);
    auto const at = std::max(now(), events.empty() ? 0 : events.back().at_);
    case_event m{.case_ = c.id_, .at_ = at, .actor_ = a.id_, .actor_party_ = as, .action_ = "message",
                 .text_sealed_ = seal(text, event_context(c.id_, at))};
    events.push_back(m);
    c.updated_ = at;
    ++c.version_;
    std::optional<case_event> back;
    auto const state_before = c.state_;
    // A traveller writing to a case that waits on them answers it: the case goes back to work.
    if (as == party::kTraveller && class_of(l, c.state_) == state_class::kWaiting) {
      for (auto const* t : actions_for(l, c.state_, party::kTraveller)) {
        if (class_of(l, t->to_) == state_class::kActive) {
          // At the message's instant: the history keeps the order it was written in.
          back = case_event{.case_ = c.id_, .at_ = at, .actor_ = a.id_, .actor_party_ = as, .action_ = t->action_,
                            .from_ = c.state_, .to_ = t->to_};
          c.state_ = t->to_;
          events.push_back(*back);
          break;
        }
      }
    }
    evaluate_into(u, c, events);
    u.update_case(c);
    // The message's trail entry and notification say the state it was written in; the reply's, the move.
    auto as_written = c;
    as_written.state_ = state_before;
    record_event(u, as_written, m, before);
    if (back) {
      record_event(u, c, *back, audit_text(as_written));
    }
    out = make_view(u, c, as);
  });
  return out;
}

case_view case_service::rate(caller const& who, case_id id, int rating, std::string const& comment) {
  auto const& a = signed_in(who);
  registry::check_rating(rating, comment);
  if (!comment.empty()) {
    need_keys();
  }
  case_view out;
  store_.write_cases([&](case_unit& u) {
    auto const c = load(u, id);
    auto const as = party_of(who, c, u);
    // The traveller it is for; when it is for no account, the traveller who filed it.
    bool const rater = c.traveller_ ? *c.traveller_ == a.id_ : (c.filed_by_ == a.id_ && a.role_ == registry::role::kTraveller);
    if (!rater) {
      refuse(refusal::kForbidden, "", "only the traveller the case is for rates it");
    }
    if (c.open_) {
      refuse(refusal::kConflict, "", "rate once the case is closed");
    }
    if (u.count_ratings(registry::rating_subject::kCase, id) > 0) {
      refuse(refusal::kConflict, "", "this case is already rated: a case is rated once");
    }
    auto const events = u.events_of(c.id_);
    auto const at = std::max(now(), events.empty() ? 0 : events.back().at_);
    u.insert_rating({.subject_ = registry::rating_subject::kCase, .subject_id_ = id, .rating_ = rating,
                     .comment_sealed_ = seal(comment, registry::rating_context(registry::rating_subject::kCase, id, at)),
                     .by_ = a.id_, .country_ = c.country_, .created_ = at});
    record_event(u, c,
                 case_event{.at_ = at, .actor_ = a.id_, .actor_party_ = as, .action_ = "rate",
                            .data_ = json{{"rating", rating}}.dump()},
                 audit_text(c));
    out = make_view(u, c, as);
  });
  return out;
}

std::string case_service::attach(caller const& who, case_id id, std::string const& name, std::string const& bytes) {
  auto const& a = signed_in(who);
  need_keys();
  if (bytes.empty()) {
    refuse(refusal::kInvalid, "file", "the file is empty");
  }
  if (bytes.size() > kMaxAttachmentBytes) {
    refuse(refusal::kInvalid, "file", fmt::format("a file is at most {} MiB", kMaxAttachmentBytes >> 20U));
  }
  auto const type = sniff_media_type(bytes);
  if (!type) {
    refuse(refusal::kInvalid, "file", "attach a photo (JPEG, PNG, WebP) or a PDF: this file is none of them");
  }
  auto const clean = clean_file_name(name);
  if (!clean) {
    refuse(refusal::kInvalid, "name", "the file's name has nothing left once its path and control characters are gone");
  }
  auto const digest = registry::digest_hex(bytes);
  if (a.role_ != registry::role::kAdmin) {
    limit(writes_, a.id_, options_.writes_per_hour_, 3'600 * kMicrosPerSecond, "messages and files");
  }
  store_.write_cases([&](case_unit& u) {
    auto c = load(u, id);
    auto const as = party_of(who, c, u);
    auto const& l = lifecycle_of(c.kind_);
    if (class_of(l, c.state_) == state_class::kClosed) {
      refuse(refusal::kConflict, "", fmt::format("case {} is {}: open a new case", id, c.state_));
    }
    auto const events = u.events_of(c.id_);
    auto const files = std::count_if(events.begin(), events.end(), [](case_event const& e) { return e.action_ == "attach"; });
    if (static_cast<std::size_t>(files) >= kMaxAttachmentsPerCase) {
      refuse(refusal::kConflict, "file", fmt::format("a case holds at most {} files", kMaxAttachmentsPerCase));
    }
    if (events.size() + 1 >= kMaxEvents) {
      refuse(refusal::kConflict, "", "this case's history is full: open a new case");
    }
    u.put_attachment({.digest_ = digest, .media_type_ = *type, .size_ = static_cast<std::int64_t>(bytes.size()),
                      .sealed_ = options_.keys_.seal(bytes, "attachment:" + digest)});
    auto const before = audit_text(c);
    auto const at = std::max(now(), events.empty() ? 0 : events.back().at_);
    c.updated_ = at;
    ++c.version_;
    u.update_case(c);
    // The name is the event's text, sealed (it may be a person's: "passport_Li_Wei.jpg"); the data, which
    // the audit trail copies, holds only what the file is.
    json data{{"digest", digest}, {"mediaType", *type}, {"size", bytes.size()}};
    record_event(u, c,
                 {.case_ = c.id_, .at_ = at, .actor_ = a.id_, .actor_party_ = as, .action_ = "attach",
                  .text_sealed_ = seal(with_extension(*clean, *type), event_context(c.id_, at)), .data_ = data.dump()},
                 before);
  });
  return digest;
}

stored_file case_service::attachment(caller const& who, case_id id, std::string const& digest) {
  need_keys();
  stored_file out;
  store_.read_cases([&](case_unit& u) {
    auto const c = load(u, id);
    party_of(who, c, u);
    // Only a file this case holds: a digest from another case reads as not there.
    std::optional<std::string> name;
    for (auto const& e : u.events_of(c.id_)) {
      if (e.action_ == "attach") {
        auto const d = json::parse(e.data_);
        if (d.value("digest", "") == digest) {
          name = open(e.text_sealed_, event_context(c.id_, e.at_));
        }
      }
    }
    auto const row = name ? u.attachment(digest) : std::nullopt;
    if (!row) {
      refuse(refusal::kNotFound, "", "this case has no such file");
    }
    try {
      out = {.name_ = *name, .media_type_ = row->media_type_, .bytes_ = options_.keys_.open(row->sealed_, "attachment:" + digest)};
    } catch (registry::sealed_data_error const&) {
      refuse(refusal::kUnavailable, "", "the file cannot be opened with the register's keys");
    }
  });
  return out;
}

std::vector<case_summary> case_service::queue(caller const& who, case_query q) {
  auto const& a = signed_in(who);
  need_keys();
  using registry::role;
  q.limit_ = std::min(q.limit_, kMaxQueue);
  q.traveller_.reset();
  q.operator_.reset();
  q.insurer_.clear();
  q.country_.clear();
  switch (a.role_) {
    case role::kTraveller: q.traveller_ = a.id_; break;
    case role::kOperatorStaff:
      if (!a.operator_) {
        return {};
      }
      q.operator_ = a.operator_;
      break;
    case role::kInsurer:
      if (a.organisation_.empty()) {
        return {};
      }
      q.insurer_ = a.organisation_;
      break;
    case role::kAuthority: q.country_ = a.country_; break;
    case role::kAdmin: break;
  }
  std::vector<case_summary> out;
  store_.read_cases([&](case_unit& u) {
    for (auto& c : u.find_cases(q)) {
      auto title = open(c.title_sealed_, fmt::format("case:{}:title", c.id_));
      out.push_back({.record_ = std::move(c), .title_ = std::move(title)});
    }
  });
  return out;
}

std::vector<stored_calendar> case_service::calendars() {
  std::vector<stored_calendar> out;
  store_.read_cases([&](case_unit& u) { out = u.calendars(); });
  return out;
}

std::size_t case_service::put_calendar(caller const& who, business_calendar const& c, std::int64_t version) {
  auto const& a = signed_in(who);
  if (a.role_ != registry::role::kAdmin) {
    refuse(refusal::kForbidden, "", "only an admin changes a calendar");
  }
  check_usable(c);
  std::size_t changed = 0;
  store_.write_cases([&](case_unit& u) {
    auto const old = u.calendar(c.id_);
    if (old && old->version_ + 1 != version) {
      refuse(refusal::kConflict, "version",
             fmt::format("calendar {} is at version {}: send version {} to replace it", c.id_, old->version_, old->version_ + 1));
    }
    if (!old && version != 1) {
      refuse(refusal::kConflict, "version", fmt::format("calendar {} is new: send version 1", c.id_));
    }
    changed = replace_calendar(u, fmt::format("account:{}", a.id_), c, old, version);
  });
  return changed;
}

void case_service::check_usable(business_calendar const& c) const {
  try {
    check_calendar(c);
    // Every deadline must fall somewhere: the longest target (240 business hours) within the three
    // years add_business_seconds looks ahead, from today.
    (void)add_business_seconds(c, now(), kLongestTarget);
  } catch (calendar_error const& e) {
    refuse(refusal::kInvalid, "calendar", e.what());
  }
}

std::size_t case_service::replace_calendar(case_unit& u, std::string const& actor, business_calendar const& c,
                                           std::optional<stored_calendar> const& old, std::int64_t version) {
  u.put_calendar(c, version);
  registry::audit_entry entry{.at_ = registry::format_instant(now()), .actor_ = actor, .action_ = "calendar.put",
                              .entity_ = fmt::format("calendar:{}", c.id_),
                              .before_ = old ? calendar_to_json(old->calendar_) : std::string{},
                              .after_ = calendar_to_json(c)};
  u.append_audit(entry);
  // Every open case on it is evaluated again from its history (FreeITSM): the queues' order follows.
  std::size_t changed = 0;
  case_id after = 0;
  for (;;) {
    auto page = u.open_cases_on(c.id_, after, 500);
    if (page.empty()) {
      break;
    }
    for (auto& rec : page) {
      after = rec.id_;
      auto const due = std::tuple{rec.response_due_, rec.resolution_due_, rec.next_due_, rec.breached_};
      evaluate_into(u, rec, u.events_of(rec.id_));
      if (due != std::tuple{rec.response_due_, rec.resolution_due_, rec.next_due_, rec.breached_}) {
        ++rec.version_;
        u.update_case(rec);
        ++changed;
      }
    }
  }
  return changed;
}

std::size_t case_service::import_calendars(std::vector<business_calendar> const& calendars) {
  for (auto const& c : calendars) {
    try {
      check_usable(c);
    } catch (refused const& e) {
      throw calendar_error{fmt::format("{}: {}", c.id_, e.what())};
    }
  }
  std::size_t changed = 0;
  store_.write_cases([&](case_unit& u) {
    for (auto const& c : calendars) {
      auto const old = u.calendar(c.id_);
      if (old && old->calendar_ == c) {
        continue;  // unchanged: no new version, nothing to evaluate
      }
      changed += replace_calendar(u, "", c, old, old ? old->version_ + 1 : 1);
    }
  });
  return changed;
}

std::vector<case_record> case_service::overview(case_query const& q) {
  std::vector<case_record> out;
  store_.read_cases([&](case_unit& u) { out = u.find_cases(q); });
  for (auto& c : out) {
    c.title_sealed_.clear();
    c.description_sealed_.clear();
    c.policy_sealed_.clear();
  }
  return out;
}

std::size_t case_service::sweep() {
  std::size_t escalated = 0;
  store_.write_cases([&](case_unit& u) {
    auto const at = now();
    for (auto& c : u.due_cases(at, 500)) {
      auto const& l = lifecycle_of(c.kind_);
      auto events = u.events_of(c.id_);
      auto const clocks = clocks_of(u, c, events, at);
      auto const before = audit_text(c);
      auto const failed = clocks.response_breached_ ? "response" : clocks.resolution_breached_ ? "resolution" : "";
      if (*failed == '\0') {
        evaluate_into(u, c, events);  // the snapshot was stale (a calendar or a pause moved it)
        ++c.version_;
        u.update_case(c);
        continue;
      }
      auto const due = clocks.response_breached_ ? clocks.response_breached_at_ : clocks.resolution_breached_at_;
      auto to = party::kAuthority;
      for (auto p : l.escalation_) {
        if (p != c.responsible_) {
          to = p;
          break;
        }
      }
      c.escalated_to_ = to;
      c.updated_ = std::max(at, events.empty() ? 0 : events.back().at_);
      ++c.version_;
      json data{{"clock", failed}, {"due", registry::format_instant(due.value_or(0))}, {"escalatedTo", to_string(to)}};
      case_event e{.case_ = c.id_, .at_ = c.updated_, .actor_ = 0, .actor_party_ = party::kAuthority, .action_ = "breach",
                   .data_ = data.dump()};
      events.push_back(e);
      evaluate_into(u, c, events);
      u.update_case(c);
      record_event(u, c, e, before);
      ++escalated;
    }
  });
  return escalated;
}

std::size_t case_service::reseal(registry::key_ring const& ring) {
  std::size_t n = 0;
  auto const again = [&](std::string& sealed, std::string const& context) {
    if (!sealed.empty() && registry::key_ring::key_id_of(sealed) != ring.current_id()) {
      sealed = ring.seal(ring.open(sealed, context), context);
      ++n;
      return true;
    }
    return false;
  };
  store_.write_cases([&](case_unit& u) {
    for (case_id after = 0;;) {
      auto const page = u.cases_after(after, 500);
      if (page.empty()) {
        break;
      }
      for (auto c : page) {
        after = c.id_;
        bool changed = again(c.title_sealed_, fmt::format("case:{}:title", c.id_));
        changed = again(c.description_sealed_, fmt::format("case:{}:description", c.id_)) || changed;
        changed = again(c.policy_sealed_, fmt::format("case:{}:policy", c.id_)) || changed;
        for (std::size_t i = 0; i < c.lines_.size(); ++i) {
          changed = again(c.lines_[i].description_, line_context(c.id_, i, "description")) || changed;
          changed = again(c.lines_[i].note_, line_context(c.id_, i, "note")) || changed;
        }
        if (changed) {
          ++c.version_;
          u.update_case(c);
        }
      }
    }
    for (event_id after = 0;;) {
      auto const page = u.texts_after(after, 500);
      if (page.empty()) {
        break;
      }
      for (auto e : page) {
        after = e.id_;
        if (again(e.text_sealed_, event_context(e.case_, e.at_))) {
          u.reseal_event(e.id_, e.text_sealed_);
        }
      }
    }
    for (std::string after;;) {
      auto const page = u.attachments_after(after, 100);
      if (page.empty()) {
        break;
      }
      for (auto a : page) {
        after = a.digest_;
        if (again(a.sealed_, "attachment:" + a.digest_)) {
          u.reseal_attachment(a.digest_, a.sealed_);
        }
      }
    }
  });
  return n;
}

std::vector<outbox_row> case_service::pending_notifications(std::size_t limit) {
  std::vector<outbox_row> out;
  store_.read_cases([&](case_unit& u) { out = u.pending_outbox(now(), limit); });
  return out;
}

void case_service::notification_delivered(outbox_row row) {
  row.delivered_ = now();
  ++row.attempts_;
  store_.write_cases([&](case_unit& u) { u.update_outbox(row); });
}

void case_service::notification_failed(outbox_row row, std::string const& error) {
  ++row.attempts_;
  // 1, 2, 4 ... minutes, at most 6 hours between tries.
  auto const wait_min = std::min<std::int64_t>(std::int64_t{1} << std::min(row.attempts_ - 1, 9), 360);
  row.next_attempt_ = now() + wait_min * 60 * kMicrosPerSecond;
  row.last_error_ = shorten(error, 200);
  store_.write_cases([&](case_unit& u) { u.update_outbox(row); });
}

}  // namespace caravan::cases
