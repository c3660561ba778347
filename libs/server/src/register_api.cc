#include "caravan/server/register_api.h"

#include <chrono>
#include <limits>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "caravan/base/date.h"
#include "caravan/base/text.h"
#include "caravan/registry/mrz.h"
#include "caravan/rules/message_json.h"
#include "parameters.h"
#include "register_json.h"

namespace caravan::server {

using namespace registry;
namespace {

json names_json(std::vector<localized_name> const& names) {
  auto j = json::array();
  for (auto const& n : names) {
    j.push_back({{"lang", n.lang_}, {"name", n.name_}});
  }
  return j;
}

json public_operator_json(public_operator const& o) {
  return {{"id", o.id_},
          {"legalName", o.legal_name_},
          {"names", names_json(o.names_)},
          {"country", o.country_},
          {"licenceNumber", o.licence_number_},
          {"issuer", o.issuer_},
          {"validFrom", format_date(o.valid_from_)},
          {"validTo", format_date(o.valid_to_)},
          {"status", to_string(o.status_)},
          {"website", o.website_},
          {"countries", o.countries_}};
}

// The full record: the public fields, with the stored status as it is, and the contacts and version.
json operator_json(tour_operator const& o) {
  auto j = public_operator_json(public_view(o, o.valid_from_));
  j["status"] = to_string(o.status_);
  j["email"] = o.email_;
  j["phone"] = o.phone_;
  j["version"] = o.version_;
  return j;
}

std::vector<localized_name> names_field(json const& j) {
  std::vector<localized_name> out;
  auto const it = j.find("names");
  if (it == j.end() || it->is_null()) {
    return out;
  }
  if (!it->is_array() || it->size() > 32) {
    throw api_error{error_code::kInvalidBody, "`names` must be a list of at most 32 {lang, name}", "names"};
  }
  for (auto const& n : *it) {
    if (!n.is_object()) {
      throw api_error{error_code::kInvalidBody, "`names` must be a list of {lang, name}", "names"};
    }
    out.push_back({text_field(n, "lang"), text_field(n, "name")});
  }
  return out;
}

// --- Group tours and manifests ---

int small_int_field(json const& j, char const* name, int fallback) {
  if (!j.contains(name)) {
    return fallback;
  }
  auto const n = integer_field(j, name);
  if (n < 0 || n > 1'000'000) {
    throw api_error{error_code::kInvalidBody, fmt::format("`{}` is 0 to 1000000", name), name};
  }
  return static_cast<int>(n);
}

tour_programme programme_field(json const& b) {
  tour_programme p{.title_ = text_field(b, "title"), .languages_ = strings_field(b, "languages"),
                   .min_size_ = small_int_field(b, "minSize", 1), .max_size_ = small_int_field(b, "maxSize", 25),
                   .regimes_ = strings_field(b, "regimes")};
  for (auto const& s : list_field(b, "stays", 64)) {
    p.stays_.push_back({.country_ = text_field(s, "country"), .entry_ = text_field(s, "entry"),
                        .exit_ = text_field(s, "exit"), .entry_port_ = text_field(s, "entryPort", false),
                        .onward_ticket_ = bool_field(s, "onwardTicket"), .regions_ = strings_field(s, "regions")});
  }
  for (auto const& l : list_field(b, "legs", 256)) {
    p.legs_.push_back({.from_ = text_field(l, "from"), .to_ = text_field(l, "to"),
                       .departure_ = text_field(l, "departure"), .arrival_ = text_field(l, "arrival"),
                       .mode_ = text_field(l, "mode", false), .name_ = text_field(l, "name", false),
                       .estimated_ = bool_field(l, "estimated")});
  }
  return p;
}

// `who` sees the feedback code of an approved tour when it is the tour's (its operator's staff, admins).
json tour_json(tour const& t, caller const& who = {}) {
  auto stays = json::array();
  for (auto const& s : t.stays_) {
    stays.push_back({{"country", s.country_}, {"entry", s.entry_}, {"exit", s.exit_}, {"entryPort", s.entry_port_},
                     {"onwardTicket", s.onward_ticket_}, {"regions", s.regions_}});
  }
  auto legs = json::array();
  for (auto const& l : t.legs_) {
    legs.push_back({{"from", l.from_}, {"to", l.to_}, {"departure", l.departure_}, {"arrival", l.arrival_},
                    {"mode", l.mode_}, {"name", l.name_}, {"estimated", l.estimated_}});
  }
  auto decisions = json::array();
  for (auto const& d : t.decisions_) {
    decisions.push_back({{"country", d.country_}, {"decision", d.approved_ ? "approve" : "reject"},
                         {"at", format_instant(d.at_)}, {"reason", d.reason_}});
  }
  json out{{"id", t.id_},
          {"operatorId", t.operator_},
          {"status", to_string(t.status_)},
          {"version", t.version_},
          {"updated", format_instant(t.updated_)},
          {"title", t.title_},
          {"languages", t.languages_},
          {"firstDay", format_date(first_day(t))},
          {"lastDay", format_date(last_day(t))},
          {"decidingCountries", deciding_countries(t)},
          {"decisions", decisions},
          {"minSize", t.min_size_},
          {"maxSize", t.max_size_},
          {"regimes", t.regimes_},
          {"stays", stays},
          {"legs", legs}};
  if (t.status_ == tour_status::kApproved && register_service::owns(who, t)) {
    out["feedbackCode"] = t.feedback_code_;
  }
  return out;
}

json check_json(tour_check const& c) {
  auto problems = json::array();
  for (auto const& p : c.problems_) {
    json j{{"message", rules::message_json<json>(p.message_)}};
    if (!p.member_.empty()) {
      j["member"] = p.member_;
      j["memberName"] = p.member_name_;
    }
    if (p.stay_ >= 0) {
      j["stay"] = p.stay_;
      j["country"] = p.country_;
    }
    if (!p.rule_.empty()) {
      j["rule"] = p.rule_;
      j["sources"] = p.sources_;
    }
    problems.push_back(std::move(j));
  }
  return {{"ok", c.ok_}, {"problems", problems}, {"report", json::parse(c.report_)}};
}

json member_json(member const& m) {
  return {{"ref", m.ref_},
          {"latinName", m.latin_name_},
          {"nativeName", m.native_name_},
          {"nationality", m.nationality_},
          {"passportNumber", m.passport_number_},
          {"passportExpiry", format_date(m.passport_expiry_)},
          {"birthDate", format_date(m.birth_date_)},
          {"sex", std::string(1, m.sex_)}};
}

// A CSV cell: quoted when it holds a comma, a quote or a line break (RFC 4180); a text a spreadsheet
// would run as a formula (= + - @, tab, CR first: OWASP's CSV injection) gets a leading apostrophe.
std::string csv_cell(std::string_view text) {
  std::string neutral;
  if (!text.empty() && std::string_view{"=+-@\t\r"}.find(text.front()) != std::string_view::npos) {
    neutral = "'" + std::string{text};
    text = neutral;
  }
  auto const s = text;
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
    return std::string{s};
  }
  std::string out = "\"";
  for (char c : s) {
    out += c;
    if (c == '"') {
      out += '"';
    }
  }
  return out + "\"";
}

// The manifest as it is imported (the same columns), so an export reads back in.
std::string manifest_csv(std::vector<member> const& members) {
  std::string out = "latin_name,native_name,nationality,passport_number,passport_expiry,birth_date,sex\r\n";
  for (auto const& m : members) {
    out += fmt::format("{},{},{},{},{},{},{}\r\n", csv_cell(m.latin_name_), csv_cell(m.native_name_), m.nationality_,
                       m.passport_number_, format_date(m.passport_expiry_), format_date(m.birth_date_), m.sex_);
  }
  return out;
}

// What a border post receives: the tour, its operator's licence and each country's decision on every
// line, then the travellers, numbered.
std::string border_list_csv(tour const& t, std::optional<public_operator> const& o, std::vector<member> const& members) {
  std::string decisions;
  for (auto const& d : t.decisions_) {
    decisions += fmt::format("{}{} {} {}", decisions.empty() ? "" : "; ", d.country_, d.approved_ ? "approved" : "rejected",
                             format_instant(d.at_).substr(0, 10));
  }
  std::string out =
      "no,latin_name,native_name,nationality,passport_number,passport_expiry,birth_date,sex,tour,tour_title,"
      "tour_status,first_day,last_day,operator,licence_number,licence_country,licence_status,decisions\r\n";
  std::size_t n = 0;
  for (auto const& m : members) {
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\r\n", ++n, csv_cell(m.latin_name_),
                       csv_cell(m.native_name_), m.nationality_, m.passport_number_, format_date(m.passport_expiry_),
                       format_date(m.birth_date_), m.sex_, t.id_, csv_cell(t.title_), to_string(t.status_),
                       format_date(first_day(t)), format_date(last_day(t)), csv_cell(o ? o->legal_name_ : ""),
                       csv_cell(o ? o->licence_number_ : ""), o ? o->country_ : "",
                       o ? to_string(o->status_) : "", csv_cell(decisions));
  }
  return out;
}

new_member member_field(json const& b, std::int32_t today) {
  if (b.contains("mrz")) {
    auto const read = parse_td3(text_field(b, "mrz"), today);
    if (!read.passport_) {
      auto const& p = read.problems_.front();
      throw api_error{error_code::kInvalidBody, fmt::format("the MRZ does not read: {}: {}", p.field_, p.what_), "mrz"};
    }
    auto m = member_from_mrz(*read.passport_);
    m.native_name_ = text_field(b, "nativeName", false);
    return m;
  }
  auto date = [&](char const* name) { return date_field(b, name); };
  auto const sex = text_field(b, "sex");
  return {.latin_name_ = text_field(b, "latinName"), .native_name_ = text_field(b, "nativeName", false),
          .nationality_ = text_field(b, "nationality"), .passport_number_ = text_field(b, "passportNumber"),
          .passport_expiry_ = date("passportExpiry"), .birth_date_ = date("birthDate"),
          .sex_ = sex.size() == 1 ? sex[0] : '?'};
}

std::int32_t today_utc() {
  return static_cast<std::int32_t>(
      std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()).time_since_epoch().count());
}

}  // namespace

register_api::register_api(service& svc) {
  // Each handler: the register (or 503), the refusals mapped. The caller is read inside, so a missing
  // register is said before a missing token.
  auto const route = [this, &svc](char const* method, char const* pattern, auto fn) {
    svc.add(method, pattern, [this, fn](api_request const& r) {
      auto const answer = [&]() -> api_response {
        auto reg = get();
        try {
          try {
            return fn(r, *reg);
          } catch (refused const& e) {
            throw api_error_of(e);
          }
        } catch (api_error const& e) {
          auto out = error_response(e.code(), e.what(), e.parameter(), e.body());
          if (e.code() == error_code::kUnauthorized) {
            out.headers.emplace_back("WWW-Authenticate", R"(Bearer realm="caravan")");  // RFC 6750
          } else if (e.code() == error_code::kRateLimited) {
            out.headers.emplace_back("Retry-After", "900");  // the limiter's window
          }
          return out;
        }
      };
      auto out = answer();
      // Tokens, contacts and accounts: never kept by a browser's or a proxy's cache.
      out.headers.emplace_back("Cache-Control", "no-store");
      return out;
    });
  };

  route("POST", "/api/v1/auth/signup", [](api_request const& r, register_service& reg) {
    r.only({});
    auto const b = body_object(r);
    auto const a = reg.create_account(caller_of(r, reg), {.email_ = text_field(b, "email"),
                                                          .display_name_ = text_field(b, "displayName"),
                                                          .password_ = text_field(b, "password")});
    return json_answer(account_json(a), 201);
  });
  route("POST", "/api/v1/auth/signin", [](api_request const& r, register_service& reg) {
    r.only({});
    auto const b = body_object(r);
    auto const session = reg.sign_in(text_field(b, "email"), text_field(b, "password"), std::string{r.client});
    return json_answer({{"token", session.token_},
                        {"expiresAt", format_instant(session.expires_)},
                        {"account", account_json(session.account_)}});
  });
  route("POST", "/api/v1/auth/signout", [](api_request const& r, register_service& reg) {
    r.only({});
    signed_in_caller(r, reg);
    reg.sign_out(std::string{trim(r.authorization.substr(7))});  // "Bearer " in any case: 7 bytes
    api_response out;
    out.status = 204;
    out.content_type.clear();  // no body, no type
    return out;
  });
  route("GET", "/api/v1/auth/me", [](api_request const& r, register_service& reg) {
    r.only({});
    return json_answer(account_json(*signed_in_caller(r, reg).account_));
  });
  route("POST", "/api/v1/accounts", [](api_request const& r, register_service& reg) {
    r.only({});
    auto const who = signed_in_caller(r, reg);
    if (who.account_->role_ != role::kAdmin) {  // travellers sign up at /auth/signup
      throw api_error{error_code::kForbidden, "only an admin creates accounts here"};
    }
    auto const b = body_object(r);
    auto const role_name = text_field(b, "role");
    auto const role = parse_role(role_name);
    if (!role) {
      throw api_error{error_code::kInvalidBody,
                      "`role` is one of traveller, operator_staff, authority, insurer, admin", "role"};
    }
    new_account n{.email_ = text_field(b, "email"), .display_name_ = text_field(b, "displayName"),
                  .password_ = text_field(b, "password"), .role_ = *role, .country_ = text_field(b, "country", false),
                  .organisation_ = text_field(b, "organisation", false)};
    if (b.contains("operatorId")) {
      n.operator_ = integer_field(b, "operatorId");
    }
    return json_answer(account_json(reg.create_account(who, n)), 201);
  });

  route("GET", "/api/v1/operators", [this](api_request const& r, register_service&) {
    r.only({"q", "country", "status", "date", "limit", "offset"});
    operator_query q;
    q.text_ = std::string{r.target.get("q").value_or(std::string_view{})};
    q.country_ = std::string{r.target.get("country").value_or(std::string_view{})};
    if (auto const status = r.target.get("status")) {
      q.status_ = parse_operator_status(*status);
      if (!q.status_) {
        throw api_error{error_code::kInvalidParameter,
                        "`status` is one of applied, approved, suspended, revoked, expired", "status"};
      }
    }
    q.limit_ = static_cast<std::size_t>(integer(r, "limit", 1, 100).value_or(20));
    q.offset_ = static_cast<std::size_t>(integer(r, "offset", 0, 1'000'000).value_or(0));
    auto day = today_utc();
    if (auto const d = r.target.get("date")) {
      auto const parsed = parse_date(*d, date_format::kIso, 1900, 2200);
      if (!parsed) {
        throw api_error{error_code::kInvalidParameter, "`date` is YYYY-MM-DD", "date"};
      }
      day = *parsed;
    }
    auto list = json::array();
    for (auto const& o : get_lookup()->lookup(q, day)) {
      list.push_back(public_operator_json(o));
    }
    return json_answer({{"date", format_date(day)}, {"operators", list}});
  });
  route("POST", "/api/v1/operators", [](api_request const& r, register_service& reg) {
    r.only({});
    auto const who = signed_in_caller(r, reg);
    auto const b = body_object(r);
    operator_application a{.legal_name_ = text_field(b, "legalName"), .names_ = names_field(b),
                           .country_ = text_field(b, "country"), .licence_number_ = text_field(b, "licenceNumber"),
                           .issuer_ = text_field(b, "issuer"), .valid_from_ = date_field(b, "validFrom"),
                           .valid_to_ = date_field(b, "validTo"), .email_ = text_field(b, "email", false),
                           .phone_ = text_field(b, "phone", false), .website_ = text_field(b, "website", false),
                           .countries_ = strings_field(b, "countries")};
    return json_answer(operator_json(reg.apply_operator(who, a)), 201);
  });
  route("GET", "/api/v1/operators/{id}", [](api_request const& r, register_service& reg) {
    r.only({});
    return json_answer(operator_json(reg.operator_record(signed_in_caller(r, reg), id_param(r))));
  });
  route("POST", "/api/v1/operators/{id}/decision", [](api_request const& r, register_service& reg) {
    r.only({});
    auto const who = signed_in_caller(r, reg);
    auto const b = body_object(r);
    auto const to = parse_operator_status(text_field(b, "status"));
    if (!to || *to == operator_status::kApplied || *to == operator_status::kExpired) {
      throw api_error{error_code::kInvalidBody, "`status` is approved, suspended or revoked", "status"};
    }
    return json_answer(operator_json(reg.decide_operator(who, id_param(r), *to,
                                                         integer_field(b, "version"), text_field(b, "reason", false))));
  });

  route("GET", "/api/v1/tours", [](api_request const& r, register_service& reg) {
    r.only({"status", "limit", "offset"});
    tour_query q;
    if (auto const status = r.target.get("status")) {
      q.status_ = parse_tour_status(*status);
      if (!q.status_) {
        throw api_error{error_code::kInvalidParameter, "`status` is one of draft, submitted, approved, rejected", "status"};
      }
    }
    q.limit_ = static_cast<std::size_t>(integer(r, "limit", 1, 100).value_or(50));
    q.offset_ = static_cast<std::size_t>(integer(r, "offset", 0, 1'000'000).value_or(0));
    auto list = json::array();
    auto const who = signed_in_caller(r, reg);
    for (auto const& t : reg.tours(who, q)) {
      list.push_back(tour_json(t, who));
    }
    return json_answer({{"tours", list}});
  });
  route("POST", "/api/v1/tours", [](api_request const& r, register_service& reg) {
    r.only({});
    auto const who = signed_in_caller(r, reg);
    auto const b = body_object(r);
    auto const op = b.contains("operatorId") ? integer_field(b, "operatorId") : who.account_->operator_.value_or(0);
    return json_answer(tour_json(reg.create_tour(who, op, programme_field(b))), 201);
  });
  route("GET", "/api/v1/tours/{id}", [](api_request const& r, register_service& reg) {
    r.only({});
    auto const who = signed_in_caller(r, reg);
    auto const t = reg.tour_record(who, id_param(r, "tour"));
    auto out = tour_json(t, who);
    if (register_service::owns(who, t)) {
      // The operator's own view: its travellers' ratings, the comments with them (left out, not the
      // tour refused, when the register runs without the key that opens them).
      try {
        auto const rs = reg.ratings_of_tour(who, t.id_);
        auto list = json::array();
        for (auto const& x : rs.ratings_) {
          list.push_back(rating_json(x));
        }
        out["ratings"] = {{"count", rs.count_}, {"mean", rs.mean_ ? json(*rs.mean_) : json(nullptr)}, {"ratings", list}};
      } catch (refused const& e) {
        if (e.why() != refusal::kUnavailable) {
          throw;
        }
      }
    }
    return json_answer(out);
  });
  route("POST", "/api/v1/tours/{id}/ratings", [](api_request const& r, register_service& reg) {
    r.only({});
    // No account: a traveller on the tour, by the code its operator handed out.
    auto const b = body_object(r);
    auto const given = reg.rate_tour(id_param(r, "tour"), text_field(b, "code"), rating_field(b),
                                     text_field(b, "comment", false));
    return json_answer(rating_json(given), 201);
  });
  route("PUT", "/api/v1/tours/{id}", [](api_request const& r, register_service& reg) {
    r.only({});
    auto const who = signed_in_caller(r, reg);
    reg.check_editable(who, id_param(r, "tour"));  // rights before the fields
    auto const b = body_object(r);
    return json_answer(tour_json(reg.update_tour(who, id_param(r, "tour"), programme_field(b), integer_field(b, "version"))));
  });
  route("POST", "/api/v1/tours/{id}/check", [this](api_request const& r, register_service& reg) {
    r.only({});
    auto const who = signed_in_caller(r, reg);
    auto const rules = current_rules();
    return json_answer(check_json(reg.check_tour(who, id_param(r, "tour"), rules->rules())));
  });
  route("POST", "/api/v1/tours/{id}/submit", [this](api_request const& r, register_service& reg) {
    r.only({});
    auto const who = signed_in_caller(r, reg);
    auto const b = body_object(r);
    auto const rules = current_rules();
    auto const s = reg.submit_tour(who, id_param(r, "tour"), integer_field(b, "version"), rules->rules());
    return json_answer({{"submitted", s.submitted_}, {"tour", tour_json(s.tour_)}, {"check", check_json(s.check_)}});
  });
  route("POST", "/api/v1/tours/{id}/withdraw", [](api_request const& r, register_service& reg) {
    r.only({});
    auto const who = signed_in_caller(r, reg);
    auto const b = body_object(r);
    return json_answer(tour_json(reg.withdraw_tour(who, id_param(r, "tour"), integer_field(b, "version")), who));
  });
  route("POST", "/api/v1/tours/{id}/decision", [](api_request const& r, register_service& reg) {
    r.only({});
    auto const who = signed_in_caller(r, reg);
    auto const b = body_object(r);
    auto const decision = text_field(b, "decision");
    if (decision != "approve" && decision != "reject") {
      throw api_error{error_code::kInvalidBody, "`decision` is approve or reject", "decision"};
    }
    return json_answer(tour_json(reg.decide_tour(who, id_param(r, "tour"), text_field(b, "country"),
                                                 decision == "approve", integer_field(b, "version"),
                                                 text_field(b, "reason", false))));
  });

  route("GET", "/api/v1/manifests/{id}", [](api_request const& r, register_service& reg) {
    r.only({"format"});
    auto const who = signed_in_caller(r, reg);
    auto const id = id_param(r, "tour");
    auto const format = r.target.get("format").value_or("json");
    if (format != "json" && format != "csv" && format != "border") {
      throw api_error{error_code::kInvalidParameter, "`format` is json, csv or border", "format"};
    }
    auto const t = reg.tour_record(who, id);
    auto const members = reg.manifest(who, id);
    if (format == "json") {
      auto list = json::array();
      for (auto const& m : members) {
        list.push_back(member_json(m));
      }
      return json_answer({{"tour", id}, {"version", t.version_}, {"members", list}});
    }
    auto out = ok("text/csv; charset=utf-8",
                  format == "csv" ? manifest_csv(members)
                                  : border_list_csv(t, reg.public_operator_by_id(t.operator_, today_utc()), members));
    out.headers.emplace_back("Content-Disposition",
                             fmt::format("attachment; filename=\"tour-{}-{}.csv\"", id, format == "csv" ? "manifest" : "border"));
    return out;
  });
  route("POST", "/api/v1/manifests/{id}", [](api_request const& r, register_service& reg) {
    r.only({});
    auto const who = signed_in_caller(r, reg);
    reg.check_editable(who, id_param(r, "tour"));  // rights before the fields
    auto const b = body_object(r);
    return json_answer(member_json(reg.add_member(who, id_param(r, "tour"), member_field(b, today_utc()))), 201);
  });
  route("PUT", "/api/v1/manifests/{id}", [](api_request const& r, register_service& reg) {
    r.only({});
    auto const who = signed_in_caller(r, reg);
    auto const media = trim(r.content_type.substr(0, r.content_type.find(';')));
    if (!equal_ignoring_ascii_case(media, "text/csv")) {
      throw api_error{error_code::kUnsupportedMediaType, "send the manifest as text/csv"};
    }
    auto const result = reg.import_manifest(who, id_param(r, "tour"), r.body);
    if (result.errors_.empty()) {
      return json_answer({{"added", result.added_}});
    }
    auto rows = json::array();
    for (auto const& e : result.errors_) {
      rows.push_back({{"line", e.line_}, {"field", e.field_}, {"message", e.what_}});
    }
    auto out = error_response(error_code::kInvalidBody,
                              fmt::format("the manifest has {} error{}: nothing was added", result.errors_.size(),
                                          result.errors_.size() == 1 ? "" : "s"));
    auto body = json::parse(out.body);
    body["rows"] = rows;
    out.body = body.dump();
    return out;
  });
  route("DELETE", "/api/v1/manifests/{id}/members/{ref}", [](api_request const& r, register_service& reg) {
    r.only({});
    reg.remove_member(signed_in_caller(r, reg), id_param(r, "tour"), r.path_params.at(1));
    api_response out;
    out.status = 204;
    out.content_type.clear();
    return out;
  });

  route("GET", "/api/v1/audit", [](api_request const& r, register_service& reg) {
    r.only({"from", "limit"});
    auto const from = integer(r, "from", 1, std::numeric_limits<std::int32_t>::max()).value_or(1);
    auto const limit = integer(r, "limit", 1, 1000).value_or(100);
    auto entries = json::array();
    for (auto const& e : reg.audit(signed_in_caller(r, reg), from, static_cast<std::size_t>(limit))) {
      entries.push_back({{"seq", e.seq_}, {"at", e.at_}, {"actor", e.actor_}, {"action", e.action_},
                         {"entity", e.entity_}, {"before", e.before_}, {"after", e.after_},
                         {"prevHash", e.prev_hash_}, {"hash", e.hash_}});
    }
    return json_answer({{"entries", entries}});
  });
}

void register_api::set_register(std::shared_ptr<register_service> r, std::shared_ptr<register_service> lookup) {
  std::lock_guard const lock{m_};
  register_ = std::move(r);
  lookup_ = register_ ? std::move(lookup) : nullptr;
}

void register_api::set_data_source(std::function<std::shared_ptr<loaded_data const>()> source) {
  std::lock_guard const lock{m_};
  data_ = std::move(source);
}

std::shared_ptr<loaded_data const> register_api::current_rules() const {
  std::function<std::shared_ptr<loaded_data const>()> source;
  {
    std::lock_guard const lock{m_};
    source = data_;
  }
  auto d = source ? source() : nullptr;
  if (!d) {
    throw api_error{error_code::kNotReady, "the entry rules are still loading"};
  }
  return d;
}

std::shared_ptr<register_service> register_api::get() const {
  std::lock_guard const lock{m_};
  if (!register_) {
    throw api_error{error_code::kRegisterOff, "this server runs without a register: start it with --register"};
  }
  return register_;
}

std::shared_ptr<register_service> register_api::get_lookup() const {
  {
    std::lock_guard const lock{m_};
    if (lookup_) {
      return lookup_;
    }
  }
  return get();
}

}  // namespace caravan::server
