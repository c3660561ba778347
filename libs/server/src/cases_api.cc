#include "caravan/server/cases_api.h"

#include <chrono>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "caravan/base/date.h"
#include "caravan/base/text.h"
#include "caravan/planner/json.h"
#include "caravan/planner/plan.h"
#include "caravan/rules/itinerary.h"
#include "caravan/timetable/local_time.h"
#include "parameters.h"
#include "plan_support.h"
#include "register_json.h"

namespace caravan::server {

using namespace cases;
using registry::refused;
using registry::register_service;

namespace {

json time_json(std::optional<instant> t) { return t ? json(registry::format_instant(*t)) : json(nullptr); }

// "2026-12-06T10:15:00Z", with any offset, and a fraction of a second (dropped) (RFC 3339) -> UTC
// microseconds.
instant instant_field(json const& j, char const* name) {
  auto text = text_field(j, name);
  if (auto const dot = text.find('.'); dot != std::string::npos && dot > 10) {
    auto const end = text.find_first_not_of("0123456789", dot + 1);
    if (end != dot + 1) {
      text.erase(dot, (end == std::string::npos ? text.size() : end) - dot);
    }
  }
  auto const t = rules::parse_local_time(text);
  if (!t || !t->seconds_of_day_ || !t->utc_offset_s_) {
    throw api_error{error_code::kInvalidBody, fmt::format("`{}` is a date and time with its offset (RFC 3339)", name), name};
  }
  auto const s = static_cast<std::int64_t>(t->date_.time_since_epoch().count()) * 86'400 + *t->seconds_of_day_ - *t->utc_offset_s_;
  return s * kMicrosPerSecond;
}

json place_json(place const& p) {
  json j{{"name", p.name_}};
  if (!p.stop_id_.empty()) {
    j["stopId"] = p.stop_id_;
  }
  if (!p.site_id_.empty()) {
    j["siteId"] = p.site_id_;
  }
  if (!p.crossing_id_.empty()) {
    j["crossingId"] = p.crossing_id_;
  }
  if (p.lat_) {
    j["lat"] = *p.lat_;
    j["lon"] = *p.lon_;
  }
  return j;
}

place place_field(json const& b) {
  place p;
  auto const it = b.find("place");
  if (it == b.end() || it->is_null()) {
    return p;
  }
  if (!it->is_object()) {
    throw api_error{error_code::kInvalidBody, "`place` is an object {name, stopId, siteId, crossingId, lat, lon}", "place"};
  }
  p.name_ = text_field(*it, "name", false);
  p.stop_id_ = text_field(*it, "stopId", false);
  p.site_id_ = text_field(*it, "siteId", false);
  p.crossing_id_ = text_field(*it, "crossingId", false);
  for (auto const* f : {"lat", "lon"}) {
    if (auto const v = it->find(f); v != it->end() && !v->is_null()) {
      if (!v->is_number()) {
        throw api_error{error_code::kInvalidBody, fmt::format("`place.{}` is a number", f), fmt::format("place.{}", f)};
      }
      (std::string_view{f} == "lat" ? p.lat_ : p.lon_) = v->get<double>();
    }
  }
  return p;
}

json clocks_json(case_view const& v) {
  auto const& c = v.clocks_;
  return {{"status", to_string(c.status_)},
          {"responseDue", time_json(c.response_due_)},
          {"resolutionDue", time_json(c.resolution_due_)},
          {"responseLeftSeconds", c.response_left_s_},
          {"resolutionLeftSeconds", c.resolution_left_s_},
          {"respondedAt", time_json(c.responded_at_)},
          {"resolvedAt", time_json(c.resolved_at_)},
          {"responseBreached", c.response_breached_},
          {"resolutionBreached", c.resolution_breached_},
          {"holdSeconds", c.hold_s_},
          {"onHoldSince", time_json(c.on_hold_since_)},
          {"calendar", v.record_.calendar_},
          {"timeZone", v.time_zone_},
          {"businessHours", v.targets_.business_hours_},
          {"targets", {{"firstResponseSeconds", v.targets_.first_response_s_}, {"resolutionSeconds", v.targets_.resolution_s_}}}};
}

json lines_json(std::vector<claim_line> const& lines) {
  auto out = json::array();
  for (std::size_t i = 0; i < lines.size(); ++i) {
    auto const& l = lines[i];
    out.push_back({{"line", i},
                   {"description", l.description_},
                   {"amount", l.amount_minor_},
                   {"currency", l.currency_},
                   {"state", to_string(l.state_)},
                   {"approvedAmount", l.approved_minor_},
                   {"reason", l.reason_code_},
                   {"note", l.note_}});
  }
  return out;
}

json optional_id(std::optional<std::int64_t> id) { return id ? json(*id) : json(nullptr); }

json view_json(case_view const& v) {
  auto const& c = v.record_;
  auto const& l = lifecycle_of(c.kind_);
  auto const* state = l.state(c.state_);
  json history = json::array();
  json files = json::array();
  for (auto const& h : v.history_) {
    auto data = h.data_.empty() ? json(nullptr) : json::parse(h.data_, nullptr, false);
    history.push_back({{"id", h.id_},
                       {"at", registry::format_instant(h.at_)},
                       {"actor", {{"id", h.actor_ == 0 ? json(nullptr) : json(h.actor_)}, {"name", h.actor_name_}, {"party", to_string(h.actor_party_)}}},
                       {"action", h.action_},
                       {"from", h.from_},
                       {"to", h.to_},
                       {"text", h.text_},
                       {"data", data.is_discarded() ? json(nullptr) : data}});
    if (h.action_ == "attach" && data.is_object()) {
      files.push_back({{"digest", data.value("digest", "")},
                       {"name", h.text_},  // the event's sealed text
                       {"mediaType", data.value("mediaType", "")},
                       {"size", data.value("size", 0)},
                       {"at", registry::format_instant(h.at_)}});
    }
  }
  json journey = c.journey_.empty() ? json(nullptr) : json::parse(c.journey_, nullptr, false);
  json j{{"id", c.id_},
         {"kind", to_string(c.kind_)},
         {"category", c.category_},
         {"urgency", to_string(c.urgency_)},
         {"state", c.state_},
         {"stateClass", state ? to_string(state->class_) : "active"},
         {"title", v.title_},
         {"description", v.description_},
         {"country", c.country_},
         {"place", place_json(c.place_)},
         {"happenedAt", registry::format_instant(c.happened_at_)},
         {"language", c.language_},
         {"travellerId", optional_id(c.traveller_)},
         {"operatorId", optional_id(c.operator_)},
         {"tourId", optional_id(c.tour_)},
         {"insurer", c.insurer_}};
  if (v.as_ == party::kTraveller || v.as_ == party::kInsurer) {
    j["policyNumber"] = v.policy_number_;
  }
  j["destination"] = c.destination_;
  j["journey"] = journey.is_discarded() ? json(nullptr) : journey;
  j["lines"] = lines_json(c.lines_);
  j["outcome"] = c.outcome_;
  j["responsible"] = to_string(c.responsible_);
  j["answers"] = state && state->answers_ ? json(to_string(*state->answers_)) : json(nullptr);
  j["escalatedTo"] = c.escalated_to_ ? json(to_string(*c.escalated_to_)) : json(nullptr);
  j["as"] = to_string(v.as_);
  j["actions"] = v.actions_;
  j["clocks"] = clocks_json(v);
  j["history"] = history;
  j["attachments"] = files;
  j["rating"] = v.rating_ ? rating_json(*v.rating_) : json(nullptr);
  j["created"] = registry::format_instant(c.created_);
  j["updated"] = registry::format_instant(c.updated_);
  j["version"] = c.version_;
  return j;
}

json summary_json(case_summary const& s) {
  auto const& c = s.record_;
  return {{"id", c.id_},
          {"kind", to_string(c.kind_)},
          {"category", c.category_},
          {"urgency", to_string(c.urgency_)},
          {"state", c.state_},
          {"title", s.title_},
          {"country", c.country_},
          {"placeName", c.place_.name_},
          {"responsible", to_string(c.responsible_)},
          {"escalatedTo", c.escalated_to_ ? json(to_string(*c.escalated_to_)) : json(nullptr)},
          {"responseDue", time_json(c.response_due_)},
          {"resolutionDue", time_json(c.resolution_due_)},
          {"nextDue", c.next_due_ == kNoDue ? json(nullptr) : json(registry::format_instant(c.next_due_))},
          {"breached", c.breached_},
          {"open", c.open_},
          {"updated", registry::format_instant(c.updated_)},
          {"version", c.version_}};
}

json lifecycles_json() {
  json out = json::array();
  for (auto k : {case_kind::kAssistance, case_kind::kDispute, case_kind::kClaim}) {
    auto const& l = lifecycle_of(k);
    json states = json::array();
    for (auto const& s : l.states_) {
      states.push_back({{"name", s.name_}, {"class", to_string(s.class_)},
                        {"answers", s.answers_ ? json(to_string(*s.answers_)) : json(nullptr)}});
    }
    json transitions = json::array();
    for (auto const& t : l.transitions_) {
      json by = json::array();
      for (auto p : t.by_) {
        by.push_back(to_string(p));
      }
      transitions.push_back({{"action", t.action_}, {"from", t.from_}, {"to", t.to_}, {"by", by},
                             {"noteRequired", t.note_required_}, {"outcomes", t.outcomes_},
                             {"lineDecisions", t.line_decisions_}});
    }
    json targets = json::object();
    json urgencies = json::array();
    for (auto u : l.urgencies_) {
      urgencies.push_back(to_string(u));
      auto const t = l.targets(u);
      targets[std::string{to_string(u)}] = {{"firstResponseSeconds", t.first_response_s_},
                                            {"resolutionSeconds", t.resolution_s_},
                                            {"businessHours", t.business_hours_}};
    }
    out.push_back({{"kind", to_string(k)}, {"categories", l.categories_}, {"urgencies", urgencies},
                   {"initial", l.initial_}, {"states", states}, {"transitions", transitions},
                   {"escalation", json::array({"authority"})}, {"targets", targets}});
  }
  json reasons = json::array();
  for (auto r : kLineReasons) {
    reasons.push_back(r);
  }
  return {{"lifecycles", out}, {"lineReasons", reasons}};
}

new_case case_field(json const& b) {
  auto const kind_name = text_field(b, "kind");
  auto const kind = parse_case_kind(kind_name);
  if (!kind) {
    throw api_error{error_code::kInvalidBody, "`kind` is one of assistance, dispute, claim", "kind"};
  }
  new_case n{.kind_ = *kind, .category_ = text_field(b, "category"), .title_ = text_field(b, "title"),
             .description_ = text_field(b, "description"), .country_ = text_field(b, "country"),
             .place_ = place_field(b), .language_ = text_field(b, "language", false),
             .insurer_ = text_field(b, "insurer", false), .policy_number_ = text_field(b, "policyNumber", false),
             .destination_ = text_field(b, "destination", false)};
  if (auto const u = text_field(b, "urgency", false); !u.empty()) {
    n.urgency_ = parse_urgency(u);
    if (!n.urgency_) {
      throw api_error{error_code::kInvalidBody, "`urgency` is one of normal, high, urgent", "urgency"};
    }
  }
  if (b.contains("happenedAt") && !b["happenedAt"].is_null()) {
    n.happened_at_ = instant_field(b, "happenedAt");
  }
  if (b.contains("operatorId") && !b["operatorId"].is_null()) {
    n.operator_ = integer_field(b, "operatorId");
  }
  if (b.contains("tourId") && !b["tourId"].is_null()) {
    n.tour_ = integer_field(b, "tourId");
  }
  if (auto const it = b.find("journey"); it != b.end() && !it->is_null()) {
    if (!it->is_object()) {
      throw api_error{error_code::kInvalidBody, "`journey` is an object (an itinerary of /api/v1/plan)", "journey"};
    }
    n.journey_ = it->dump();
  }
  for (auto const& l : list_field(b, "lines", 64)) {
    n.lines_.push_back({.description_ = text_field(l, "description"), .amount_minor_ = integer_field(l, "amount"),
                        .currency_ = text_field(l, "currency")});
  }
  return n;
}

action_request action_field(json const& b) {
  action_request a{.action_ = text_field(b, "action"), .version_ = integer_field(b, "version"),
                   .note_ = text_field(b, "note", false), .outcome_ = text_field(b, "outcome", false)};
  for (auto const& l : list_field(b, "lines", 64)) {
    auto const line = integer_field(l, "line");
    if (line < 0) {
      throw api_error{error_code::kInvalidBody, "`line` is a line's index, from 0", "lines"};
    }
    line_decision d{.line_ = static_cast<std::size_t>(line), .approve_ = bool_field(l, "approve"),
                    .reason_code_ = text_field(l, "reason", false), .note_ = text_field(l, "note", false)};
    if (l.contains("approvedAmount") && !l["approvedAmount"].is_null()) {
      d.approved_minor_ = integer_field(l, "approvedAmount");
    }
    a.lines_.push_back(d);
  }
  return a;
}

business_calendar calendar_body(api_request const& r, std::string const& id) {
  auto b = body_object(r);
  b.erase("version");
  if (!b.contains("id")) {
    b["id"] = id;
  }
  if (b["id"] != id) {
    throw api_error{error_code::kInvalidBody, "the body's `id` is not the path's", "id"};
  }
  try {
    return calendar_from_json(b.dump());
  } catch (calendar_error const& e) {
    throw api_error{error_code::kInvalidBody, e.what(), "calendar"};
  }
}

// A file's name for Content-Disposition (RFC 6266): an ASCII fallback and the UTF-8 name encoded.
std::string disposition(std::string const& name) {
  std::string ascii, encoded;
  for (unsigned char c : name) {
    bool const plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
                       c == '-' || c == '_';
    ascii.push_back(plain ? static_cast<char>(c) : '_');
    encoded += plain ? std::string(1, static_cast<char>(c)) : fmt::format("%{:02X}", c);
  }
  return fmt::format("attachment; filename=\"{}\"; filename*=UTF-8''{}", ascii, encoded);
}

}  // namespace

bool cases_api::is_upload(std::string_view method, std::string_view target) {
  target = target.substr(0, target.find('?'));
  constexpr std::string_view kPrefix = "/api/v1/cases/";
  constexpr std::string_view kSuffix = "/attachments";
  constexpr std::string_view kCalendars = "/api/v1/calendars/";  // PUT /api/v1/calendars/{id}
  if (method == "PUT") {
    return target.size() > kCalendars.size() && target.starts_with(kCalendars) &&
           target.find('/', kCalendars.size()) == std::string_view::npos;
  }
  return method == "POST" && target.size() > kPrefix.size() + kSuffix.size() && target.starts_with(kPrefix) &&
         target.ends_with(kSuffix);
}

std::function<bool(std::string_view, std::string_view, std::string_view)> cases_api::upload_gate(
    std::shared_ptr<register_service> reg) {
  return [reg](std::string_view method, std::string_view target, std::string_view authorization) {
    constexpr std::string_view kBearer = "bearer ";
    if (!reg || !is_upload(method, target) || authorization.size() <= kBearer.size() ||
        !equal_ignoring_ascii_case(authorization.substr(0, kBearer.size()), kBearer)) {
      return false;
    }
    try {
      return reg->authenticate(std::string{trim(authorization.substr(kBearer.size()))}).has_value();
    } catch (std::exception const&) {
      return false;  // the register unreachable: the ordinary limit
    }
  };
}

cases_api::cases_api(service& http) {
  auto const route = [this, &http](char const* method, char const* pattern, auto fn,
                                  route_cost cost = route_cost::kHeavy) {
    http.add(
        method, pattern,
        [this, fn](api_request const& r) {
          auto const answer = [&]() -> api_response {
            try {
              auto const s = get();
              try {
                return fn(r, *s.register_, *s.cases_);
              } catch (refused const& e) {
                throw api_error_of(e);
              } catch (calendar_error const& e) {
                throw api_error{error_code::kInternal, "a stored calendar cannot be used: an admin must replace it"};
              }
            } catch (api_error const& e) {
              auto out = error_response(e.code(), e.what(), e.parameter(), e.body());
              if (e.code() == error_code::kUnauthorized) {
                out.headers.emplace_back("WWW-Authenticate", R"(Bearer realm="caravan")");
              } else if (e.code() == error_code::kRateLimited) {
                out.headers.emplace_back("Retry-After", "3600");  // the longest window that can refuse
              }
              return out;
            }
          };
          auto out = answer();
          out.headers.emplace_back("Cache-Control", "no-store");  // people's cases: never in a shared cache
          return out;
        },
        cost);
  };
  auto const case_id_of = [](api_request const& r) { return id_param(r, "case"); };

  route("GET", "/api/v1/cases/lifecycles", [](api_request const& r, register_service&, case_service&) {
    r.only({});
    return json_answer(lifecycles_json());
  }, route_cost::kLight);

  route("GET", "/api/v1/calendars", [](api_request const& r, register_service&, case_service& svc) {
    r.only({});
    auto list = json::array();
    for (auto const& c : svc.calendars()) {
      auto j = json::parse(calendar_to_json(c.calendar_));
      j["version"] = c.version_;
      list.push_back(j);
    }
    return json_answer({{"calendars", list}});
  }, route_cost::kLight);

  route("PUT", "/api/v1/calendars/{id}", [](api_request const& r, register_service& reg, case_service& svc) {
    r.only({});
    auto const who = signed_in_caller(r, reg);
    auto const body = body_object(r);
    auto const version = integer_field(body, "version");
    auto const cal = calendar_body(r, r.path_params.at(0));
    auto const changed = svc.put_calendar(who, cal, version);
    auto j = json::parse(calendar_to_json(cal));
    j["version"] = version;
    return json_answer({{"calendar", j}, {"reevaluated", changed}});
  });

  route("GET", "/api/v1/cases", [](api_request const& r, register_service& reg, case_service& svc) {
    r.only({"kind", "open", "breached", "limit", "offset"});
    case_query q;
    if (auto const k = r.target.get("kind")) {
      q.kind_ = parse_case_kind(*k);
      if (!q.kind_) {
        throw api_error{error_code::kInvalidParameter, "`kind` is one of assistance, dispute, claim", "kind"};
      }
    }
    if (r.target.get("open")) {
      q.open_ = boolean(r, "open");
    }
    q.breached_only_ = boolean(r, "breached");
    q.limit_ = static_cast<std::size_t>(integer(r, "limit", 1, 200).value_or(50));
    q.offset_ = static_cast<std::size_t>(integer(r, "offset", 0, 1'000'000).value_or(0));
    auto list = json::array();
    for (auto const& s : svc.queue(signed_in_caller(r, reg), q)) {
      list.push_back(summary_json(s));
    }
    return json_answer({{"cases", list}});
  });

  route("POST", "/api/v1/cases", [](api_request const& r, register_service& reg, case_service& svc) {
    r.only({});
    auto const who = signed_in_caller(r, reg);
    auto const v = svc.open_case(who, case_field(body_object(r)));
    return json_answer(view_json(v), 201);
  });

  route("GET", "/api/v1/cases/{id}", [case_id_of](api_request const& r, register_service& reg, case_service& svc) {
    r.only({});
    auto const v = svc.view(signed_in_caller(r, reg), case_id_of(r));
    return json_answer(view_json(v));
  });

  route("POST", "/api/v1/cases/{id}/actions", [case_id_of](api_request const& r, register_service& reg, case_service& svc) {
    r.only({});
    auto const who = signed_in_caller(r, reg);
    auto const v = svc.act(who, case_id_of(r), action_field(body_object(r)));
    return json_answer(view_json(v));
  });

  route("POST", "/api/v1/cases/{id}/messages", [case_id_of](api_request const& r, register_service& reg, case_service& svc) {
    r.only({});
    auto const who = signed_in_caller(r, reg);
    auto const v = svc.post_message(who, case_id_of(r), text_field(body_object(r), "text"));
    return json_answer(view_json(v), 201);
  });

  route("POST", "/api/v1/cases/{id}/rating", [case_id_of](api_request const& r, register_service& reg, case_service& svc) {
    r.only({});
    auto const who = signed_in_caller(r, reg);
    auto const b = body_object(r);
    auto const v = svc.rate(who, case_id_of(r), rating_field(b), text_field(b, "comment", false));
    return json_answer(rating_json(*v.rating_), 201);
  });

  route("POST", "/api/v1/cases/{id}/attachments", [case_id_of](api_request const& r, register_service& reg, case_service& svc) {
    r.only({"name"});
    auto const who = signed_in_caller(r, reg);
    auto const name = std::string{required(r, "name")};
    auto const digest = svc.attach(who, case_id_of(r), name, std::string{r.body});
    auto const file = svc.attachment(who, case_id_of(r), digest);
    return json_answer({{"digest", digest}, {"name", file.name_}, {"mediaType", file.media_type_}, {"size", file.bytes_.size()}},
                       201);
  });

  route("GET", "/api/v1/cases/{id}/attachments/{digest}", [case_id_of](api_request const& r, register_service& reg, case_service& svc) {
    r.only({});
    auto const file = svc.attachment(signed_in_caller(r, reg), case_id_of(r), r.path_params.at(1));
    auto out = ok(file.media_type_, file.bytes_);
    // Always a download, never shown in the app's origin; a browser must not guess another type.
    out.headers.emplace_back("Content-Disposition", disposition(file.name_));
    out.headers.emplace_back("X-Content-Type-Options", "nosniff");
    out.headers.emplace_back("Content-Security-Policy", "sandbox; default-src 'none'");
    out.compressible = file.media_type_ == "application/pdf";
    return out;
  });

  route("GET", "/api/v1/cases/{id}/help", [this, case_id_of](api_request const& r, register_service& reg, case_service& svc) {
    r.only({"nationality", "days"});
    auto const v = svc.view(signed_in_caller(r, reg), case_id_of(r));
    auto const days = integer(r, "days", 1, 90).value_or(7);
    std::shared_ptr<loaded_data const> data = data_ ? data_() : nullptr;
    if (!data) {
      throw api_error{error_code::kNotReady, "the timetable is still loading: try again in a moment"};
    }
    auto const& c = v.record_;
    json notes = json::array();
    json out{{"from", place_json(c.place_)},
             {"to", c.destination_.empty() ? json(nullptr) : json{{"name", c.destination_}}}};
    // The next journeys from where the traveller is, leaving from now over the next day.
    json journeys = json::array();
    auto const from = !c.place_.stop_id_.empty() ? c.place_.stop_id_ : c.place_.name_;
    if (from.empty() || c.destination_.empty()) {
      notes.push_back("no journeys: the case names no stop or place to leave from, or no destination");
    } else {
      auto const now_s = svc.now() / kMicrosPerSecond;
      planner::plan_request q;
      q.from_ = from;
      q.to_ = c.destination_;
      q.time_ = tt::format_local(now_s, "Etc/UTC", tt::time_style::kIso);
      q.window_ = "1d";
      q.stop_.deadline_ = r.deadline;
      try {
        auto const answer = data->planner().plan(q, thread_search_state());
        journeys = planner::to_json(data->timetable(), answer)["itineraries"];
        if (answer.coverage_note_) {
          notes.push_back(*answer.coverage_note_);
        }
      } catch (planner::query_error const& e) {
        notes.push_back(fmt::format("no journeys: {}", e.what()));
      } catch (routing::cancelled const&) {
        throw api_error{error_code::kDeadlineExceeded, "the search for journeys ran past the request deadline"};
      }
    }
    out["journeys"] = journeys;
    // Staying longer where it happened: the entry rules on the real dates, for the traveller's nationality.
    json stay = nullptr;
    if (auto const nationality = r.target.get("nationality")) {
      if (!rules::is_country_code(*nationality)) {
        throw api_error{error_code::kInvalidParameter, "`nationality` is an ISO 3166-1 alpha-2 code", "nationality"};
      }
      auto const entered = static_cast<std::int32_t>(c.happened_at_ / kMicrosPerSecond / 86'400);
      auto const today = static_cast<std::int32_t>(svc.now() / kMicrosPerSecond / 86'400);
      rules::traveller t;
      t.nationality_ = std::string{*nationality};
      rules::itinerary trip;
      rules::stay s{.country_ = c.country_};
      s.entry_ = *rules::parse_local_time(format_date(std::min(entered, today)));
      s.exit_ = *rules::parse_local_time(format_date(today + static_cast<std::int32_t>(days)));
      trip.stays_.push_back(s);
      auto const results = rules::check(data->rules(), std::span{&t, 1}, trip);
      stay = {{"country", c.country_},
              {"entry", format_date(std::min(entered, today))},
              {"exit", format_date(today + static_cast<std::int32_t>(days))},
              {"verdict", json::parse(rules::to_json(std::span{&t, 1}, trip, results))}};
      notes.push_back("the stay is counted from the day the case happened: if you entered the country earlier, "
                      "check your trip again with your real entry date");
    }
    out["stay"] = stay;
    out["notes"] = notes;
    return json_answer(out);
  });

}

void cases_api::set_services(std::shared_ptr<register_service> reg, std::shared_ptr<case_service> c) {
  std::lock_guard const lock{m_};
  services_ = {std::move(reg), std::move(c)};
}

void cases_api::set_data_source(std::function<std::shared_ptr<loaded_data const>()> source) {
  std::lock_guard const lock{m_};
  data_ = std::move(source);
}

cases_api::services cases_api::get() const {
  std::lock_guard const lock{m_};
  if (!services_.register_ || !services_.cases_) {
    throw api_error{error_code::kRegisterOff, "this server has no register, so no cases: start it with --register"};
  }
  return services_;
}

}  // namespace caravan::server
