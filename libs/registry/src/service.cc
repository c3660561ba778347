#include "caravan/registry/service.h"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "caravan/base/date.h"
#include "caravan/base/text.h"
#include "caravan/rules/model.h"
#include "service_support.h"

namespace caravan::registry {

namespace {

using json = nlohmann::ordered_json;

std::string normal_email(std::string_view email) {
  auto e = ascii_lower(trim(email));
  auto const at = e.find('@');
  if (e.size() > 254 || at == std::string::npos || at == 0 || at + 1 == e.size() || e.find('@', at + 1) != std::string::npos ||
      e.find_first_of(" \t\r\n<>\",;") != std::string::npos || find_invalid_utf8(e) || has_control(e)) {
    refuse(refusal::kInvalid, "email", "an email address looks like name@example.org");
  }
  return e;
}

std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

void check_password(std::string_view password) {
  if (find_invalid_utf8(password) || code_points(password) < 10 || trim(password).size() < password.size() / 2) {
    refuse(refusal::kInvalid, "password", "a password has at least 10 characters");
  }
  if (password.size() > 1024) {
    refuse(refusal::kInvalid, "password", "a password has at most 1024 bytes");
  }
}

// A licence number as registers print it: letters, digits and . / - and spaces inside, kept in upper
// case so "kz-to-1" and "KZ-TO-1" are one licence.
std::string normal_licence(std::string_view text) {
  auto const t = trim(text);
  if (t.empty() || t.size() > 64 ||
      t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789./- ") != std::string_view::npos) {
    refuse(refusal::kInvalid, "licenceNumber", "a licence number has 1-64 letters, digits, '.', '/', '-' or spaces");
  }
  return ascii_upper(t);
}

// An operator's website: http(s) only, since the public lookup and the screens link to it.
void check_website(std::string_view url) {
  if (url.empty()) {
    return;
  }
  auto const lower = ascii_lower(url);
  if ((!lower.starts_with("https://") && !lower.starts_with("http://")) || url.find_first_of(" <>\"'") != std::string_view::npos) {
    refuse(refusal::kInvalid, "website", "a website is an http:// or https:// address");
  }
}

// The operator as the audit trail records it: every field of the record (a company's contacts are
// not personal data; people's are never in the register's operator rows).
std::string audit_json(tour_operator const& o) {
  json names = json::array();
  for (auto const& n : o.names_) {
    names.push_back({{"lang", n.lang_}, {"name", n.name_}});
  }
  return json{{"id", o.id_},
              {"legalName", o.legal_name_},
              {"names", names},
              {"country", o.country_},
              {"licenceNumber", o.licence_number_},
              {"issuer", o.issuer_},
              {"validFrom", format_date(o.valid_from_)},
              {"validTo", format_date(o.valid_to_)},
              {"status", to_string(o.status_)},
              {"email", o.email_},
              {"phone", o.phone_},
              {"website", o.website_},
              {"countries", o.countries_},
              {"version", o.version_}}
      .dump();
}

// An account in the trail: no email (personal data) and never the password hash.
std::string audit_json(account const& a) {
  return json{{"id", a.id_},
              {"role", to_string(a.role_)},
              {"operator", a.operator_ ? json(*a.operator_) : json(nullptr)},
              {"country", a.country_},
              {"organisation", a.organisation_},
              {"disabled", a.disabled_}}
      .dump();
}

// A hash of nothing at `cost`, made once per cost and only when first needed (the interactive one takes
// 64 MiB and a tenth of a second).
std::string const& dummy_hash(hash_cost cost) {
  if (cost == hash_cost::kTest) {
    static std::string const test = hash_password("not a password", hash_cost::kTest);
    return test;
  }
  static std::string const interactive = hash_password("not a password", hash_cost::kInteractive);
  return interactive;
}

bool decides_for(account const& a, tour_operator const& o) {
  return a.role_ == role::kAdmin || (a.role_ == role::kAuthority && a.country_ == o.country_);
}

// The transitions of an operator's licence and the word for each in the trail.
std::optional<std::string_view> transition(operator_status from, operator_status to) {
  using s = operator_status;
  if (from == s::kApplied && to == s::kApproved) return "operator.approve";
  if (from == s::kApplied && to == s::kRevoked) return "operator.reject";
  if (from == s::kApproved && to == s::kSuspended) return "operator.suspend";
  if (from == s::kSuspended && to == s::kApproved) return "operator.reinstate";
  if ((from == s::kApproved || from == s::kSuspended) && to == s::kRevoked) return "operator.revoke";
  return std::nullopt;
}

}  // namespace

public_operator public_view(tour_operator const& o, std::int32_t day) {
  return {o.id_, o.legal_name_, o.names_, o.country_, o.licence_number_, o.issuer_, o.valid_from_, o.valid_to_,
          status_on(o, day), o.website_, o.countries_};
}

std::string_view to_string(refusal r) {
  switch (r) {
    case refusal::kUnauthorized: return "unauthorized";
    case refusal::kForbidden: return "forbidden";
    case refusal::kNotFound: return "not_found";
    case refusal::kInvalid: return "invalid";
    case refusal::kConflict: return "conflict";
    case refusal::kRateLimited: return "rate_limited";
    case refusal::kUnavailable: return "unavailable";
  }
  return "?";
}

register_service::register_service(store& s, service_options options) : store_{s}, options_{std::move(options)} {
  secrets_init();
}

instant register_service::now() const {
  if (options_.now_) {
    return options_.now_();
  }
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

account register_service::create_first_admin(std::string const& email, std::string const& display_name,
                                             std::string const& password) {
  std::size_t existing = 0;
  store_.read([&](unit_of_work& u) { existing = u.count_accounts(); });
  if (existing != 0) {  // said first: the likelier mistake than a short password
    refuse(refusal::kConflict, "", "the register has accounts already: an admin creates the others");
  }
  account a;
  a.email_ = normal_email(email);
  check_text("displayName", display_name, 200);
  check_password(password);
  a.display_name_ = display_name;
  a.role_ = role::kAdmin;
  a.password_hash_ = hash_password(password, options_.hash_cost_);
  a.created_ = now();
  store_.write([&](unit_of_work& u) {
    if (u.count_accounts() != 0) {
      refuse(refusal::kConflict, "", "the register has accounts already: an admin creates the others");
    }
    a.id_ = u.insert_account(a);
    audit_entry e{.at_ = format_instant(a.created_), .action_ = "account.create", .entity_ = fmt::format("account:{}", a.id_),
                  .after_ = audit_json(a)};
    u.append_audit(e);
  });
  return a;
}

account register_service::create_account(caller const& who, new_account const& n) {
  auto const by_admin = who.account_ && who.account_->role_ == role::kAdmin;
  if (n.role_ != role::kTraveller && !by_admin) {
    if (!who.account_) {
      refuse(refusal::kUnauthorized, "role", "only a traveller signs up alone: sign in as an admin for other roles");
    }
    refuse(refusal::kForbidden, "role", "only an admin creates accounts other than travellers'");
  }
  account a;
  a.email_ = normal_email(n.email_);
  check_text("displayName", n.display_name_, 200);
  check_password(n.password_);
  a.display_name_ = n.display_name_;
  a.role_ = n.role_;
  if (n.role_ == role::kAuthority) {
    check_country("country", n.country_);
    a.country_ = n.country_;
  }
  if (n.role_ == role::kOperatorStaff) {
    a.operator_ = n.operator_;
  }
  if (n.role_ == role::kInsurer) {  // cases name the insurer by this code; its country's calendar counts
    check_country("country", n.country_);
    a.country_ = n.country_;
    check_text("organisation", n.organisation_, 64);
    if (!std::all_of(n.organisation_.begin(), n.organisation_.end(),
                     [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'; })) {
      refuse(refusal::kInvalid, "organisation", "an insurer's organisation code is A-Z, 0-9, - and _ (\"SILKINS\")");
    }
    a.organisation_ = n.organisation_;
  }
  if (!by_admin) {  // sign-ups cost a password hash each: a client gets a few per window
    std::lock_guard const lock{failures_mutex_};
    auto const key = "signup:" + who.client_;
    auto const at = now();
    if (recent(key, at) >= options_.signups_per_client_) {
      refuse(refusal::kRateLimited, "", "too many sign-ups from this address: wait 15 minutes and try again");
    }
    note(key, at);
  }
  a.password_hash_ = hash_password(n.password_, options_.hash_cost_);  // outside the write lock: it is slow
  a.created_ = now();
  store_.write([&](unit_of_work& u) {
    if (a.operator_ && !u.operator_by_id(*a.operator_)) {
      refuse(refusal::kInvalid, "operatorId", fmt::format("no operator {}", *a.operator_));
    }
    try {
      a.id_ = u.insert_account(a);
    } catch (conflict_error const&) {
      refuse(refusal::kConflict, "email", "an account with this email exists");
    }
    audit_entry e{.at_ = format_instant(a.created_), .actor_ = actor_of(who), .action_ = "account.create",
                  .entity_ = fmt::format("account:{}", a.id_), .after_ = audit_json(a)};
    u.append_audit(e);
  });
  return a;
}

int register_service::recent(std::string const& key, instant at) {  // REQUIRES: failures_mutex_ held
  auto const window = std::chrono::duration_cast<std::chrono::microseconds>(options_.failure_window_).count();
  auto const it = failures_.find(key);
  if (it == failures_.end()) {
    return 0;
  }
  std::erase_if(it->second, [&](instant t) { return t <= at - window; });
  return static_cast<int>(it->second.size());
}

bool register_service::limited(std::string const& email, std::string const& client, instant at) {
  std::lock_guard const lock{failures_mutex_};
  return recent("email:" + email, at) >= options_.failures_per_email_ ||
         recent("client:" + client, at) >= options_.failures_per_client_;
}

void register_service::note(std::string const& key, instant at) {  // REQUIRES: failures_mutex_ held
  failures_[key].push_back(at);
  if (failures_.size() <= kMaxTracked) {
    return;
  }
  // Bounded memory without forgetting the locks that matter: the keys whose last event left the window
  // go first, then the tenth with the oldest last event. A flood must outnumber every recent key to
  // push a lock out, not merely fill the table.
  auto const window = std::chrono::duration_cast<std::chrono::microseconds>(options_.failure_window_).count();
  std::erase_if(failures_, [&](auto const& kv) { return kv.second.empty() || kv.second.back() <= at - window; });
  if (failures_.size() > kMaxTracked) {
    std::vector<std::pair<instant, std::string>> by_last;
    by_last.reserve(failures_.size());
    for (auto const& [k, times] : failures_) {
      by_last.emplace_back(times.back(), k);
    }
    auto const drop = by_last.begin() + static_cast<std::ptrdiff_t>(by_last.size() / 10);
    std::nth_element(by_last.begin(), drop, by_last.end());
    for (auto it = by_last.begin(); it != drop; ++it) {
      failures_.erase(it->second);
    }
  }
}

void register_service::note_failure(std::string const& email, std::string const& client, instant at) {
  std::lock_guard const lock{failures_mutex_};
  note("email:" + email, at);
  note("client:" + client, at);
}

signed_in register_service::sign_in(std::string const& email_text, std::string const& password,
                                    std::string const& client) {
  auto const at = now();
  auto email = ascii_lower(trim(email_text));
  if (email.size() > 254) {
    email.resize(254);
  }
  if (limited(email, client, at)) {
    refuse(refusal::kRateLimited, "", "too many failed sign-ins: wait 15 minutes and try again");
  }
  std::optional<account> a;
  store_.read([&](unit_of_work& u) { a = u.account_by_email(email); });
  // The same answer, and about the same work, whether the email exists or the password is wrong.
  // The dummy costs what a real hash costs: an unknown email must take as long as a wrong password.
  auto const& dummy = dummy_hash(options_.hash_cost_);
  auto const ok = password.size() <= 1024 && verify_password(a ? a->password_hash_ : dummy, password) && a &&
                  !a->disabled_;
  if (!ok) {
    note_failure(email, client, at);
    refuse(refusal::kUnauthorized, "", "wrong email or password");
  }
  signed_in s{new_token(), *a, at + std::chrono::duration_cast<std::chrono::microseconds>(options_.session_lifetime_).count()};
  store_.write([&](unit_of_work& u) {
    u.insert_session({.token_digest_ = token_digest(s.token_), .account_ = a->id_, .created_ = at, .expires_ = s.expires_});
    // Sessions that ended a day ago go (an index on expiry keeps this cheap): the table holds the live
    // ones, not every sign-in ever made.
    u.purge_sessions(at - std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::hours{24}).count());
  });
  return s;
}

std::optional<account> register_service::authenticate(std::string const& token) {
  if (token.size() != 43) {
    return std::nullopt;
  }
  std::optional<account> a;
  store_.read([&](unit_of_work& u) {
    auto const s = u.session_by_digest(token_digest(token));
    if (s && !s->revoked_ && s->expires_ > now()) {
      a = u.account_by_id(s->account_);
    }
  });
  if (a && a->disabled_) {
    return std::nullopt;
  }
  return a;
}

void register_service::sign_out(std::string const& token) {
  store_.write([&](unit_of_work& u) { u.revoke_session(token_digest(token)); });
}

tour_operator register_service::apply_operator(caller const& who, operator_application const& a) {
  auto const& me = signed_in_account(who);
  if (me.role_ != role::kAdmin && !(me.role_ == role::kOperatorStaff && !me.operator_)) {
    refuse(refusal::kForbidden, "", me.role_ == role::kOperatorStaff
                                        ? "this account works for an operator already"
                                        : "operator staff or an admin applies for an operator");
  }
  check_text("legalName", a.legal_name_, 300);
  for (auto const& n : a.names_) {
    check_text("names", n.lang_, 16);
    check_text("names", n.name_, 300);
  }
  check_country("country", a.country_);
  auto const licence = normal_licence(a.licence_number_);
  check_text("issuer", a.issuer_, 300);
  check_text("email", a.email_, 254, false);
  if (!a.email_.empty() && normal_email(a.email_).empty()) {  // normal_email refuses what is not one
    refuse(refusal::kInvalid, "email", "an email address looks like name@example.org");
  }
  check_text("phone", a.phone_, 64, false);
  check_text("website", a.website_, 300, false);
  check_website(a.website_);
  if (a.valid_to_ < a.valid_from_) {
    refuse(refusal::kInvalid, "validTo", "the licence ends before it starts");
  }
  std::vector<std::string> countries;
  for (auto const& c : a.countries_) {
    check_country("countries", c);
    if (std::find(countries.begin(), countries.end(), c) == countries.end()) {
      countries.push_back(c);
    }
  }
  tour_operator o{.legal_name_ = a.legal_name_, .names_ = a.names_, .country_ = a.country_,
                  .licence_number_ = licence, .issuer_ = a.issuer_, .valid_from_ = a.valid_from_,
                  .valid_to_ = a.valid_to_, .status_ = operator_status::kApplied, .email_ = a.email_,
                  .phone_ = a.phone_, .website_ = a.website_, .countries_ = countries, .updated_ = now(),
                  .version_ = 1};
  store_.write([&](unit_of_work& u) {
    // Read again under the write lock: two applications at once by one staff member tie it to one.
    if (me.role_ == role::kOperatorStaff && u.account_by_id(me.id_)->operator_) {
      refuse(refusal::kForbidden, "", "this account works for an operator already");
    }
    try {
      o.id_ = u.insert_operator(o);
    } catch (conflict_error const&) {
      refuse(refusal::kConflict, "licenceNumber", "this licence number is registered in this country already");
    }
    audit_entry e{.at_ = format_instant(o.updated_), .actor_ = actor_of(who), .action_ = "operator.apply",
                  .entity_ = fmt::format("operator:{}", o.id_), .after_ = audit_json(o)};
    u.append_audit(e);
    if (me.role_ == role::kOperatorStaff) {  // the applicant now works for it
      auto staff = *u.account_by_id(me.id_);
      auto const before = audit_json(staff);
      staff.operator_ = o.id_;
      u.update_account(staff);
      audit_entry link{.at_ = format_instant(o.updated_), .actor_ = actor_of(who), .action_ = "account.join_operator",
                       .entity_ = fmt::format("account:{}", me.id_), .before_ = before, .after_ = audit_json(staff)};
      u.append_audit(link);
    }
  });
  return o;
}

tour_operator register_service::decide_operator(caller const& who, operator_id id, operator_status to,
                                                std::int64_t version, std::string const& reason) {
  auto const& me = signed_in_account(who);
  check_text("reason", reason, 2000, false);
  tour_operator o;
  store_.write([&](unit_of_work& u) {
    auto const found = u.operator_by_id(id);
    if (!found) {
      refuse(refusal::kNotFound, "", fmt::format("no operator {}", id));
    }
    o = *found;
    if (!decides_for(me, o)) {
      refuse(refusal::kForbidden, "", fmt::format("only the authority of {} or an admin decides on this operator", o.country_));
    }
    if (o.version_ != version) {
      refuse(refusal::kConflict, "version",
             fmt::format("the operator changed since version {} (now {}): read it again", version, o.version_));
    }
    auto const action = transition(o.status_, to);
    if (!action) {
      refuse(refusal::kInvalid, "status",
             fmt::format("an operator {} cannot become {}", to_string(o.status_), to_string(to)));
    }
    auto const before = audit_json(o);
    o.status_ = to;
    o.version_ += 1;
    o.updated_ = now();
    u.update_operator(o);
    auto after = json::parse(audit_json(o));
    after["reason"] = reason;
    audit_entry e{.at_ = format_instant(o.updated_), .actor_ = actor_of(who), .action_ = std::string{*action},
                  .entity_ = fmt::format("operator:{}", o.id_), .before_ = before, .after_ = after.dump()};
    u.append_audit(e);
  });
  return o;
}

tour_operator register_service::operator_record(caller const& who, operator_id id) {
  auto const& me = signed_in_account(who);
  std::optional<tour_operator> o;
  store_.read([&](unit_of_work& u) { o = u.operator_by_id(id); });
  // Not found and not yours read the same to others: the record's existence is not a secret (the public
  // lookup lists it), but its contacts are.
  if (!o) {
    refuse(refusal::kNotFound, "", fmt::format("no operator {}", id));
  }
  if (!decides_for(me, *o) && me.operator_ != o->id_) {
    refuse(refusal::kForbidden, "", "only the operator's staff, its country's authority or an admin see its record");
  }
  return *o;
}

std::vector<public_operator> register_service::lookup(operator_query const& q, std::int32_t day) {
  auto capped = q;
  capped.limit_ = std::min<std::size_t>(q.limit_, 100);
  capped.day_ = day;  // approved and expired are told apart on this day
  std::vector<tour_operator> found;
  store_.read([&](unit_of_work& u) { found = u.find_operators(capped); });
  std::vector<public_operator> out;
  for (auto const& o : found) {
    out.push_back(public_view(o, day));
  }
  return out;
}

std::vector<audit_entry> register_service::audit(caller const& who, std::int64_t from_seq, std::size_t limit) {
  auto const& me = signed_in_account(who);
  // The whole trail holds every operator's contacts and every account's links: admins only (an
  // authority sees its own country's operators through their records).
  if (me.role_ != role::kAdmin) {
    refuse(refusal::kForbidden, "", "only admins read the audit trail");
  }
  std::vector<audit_entry> out;
  store_.read([&](unit_of_work& u) { out = u.audit_entries(from_seq, std::min<std::size_t>(limit, 1000)); });
  return out;
}

std::optional<chain_break> register_service::verify_audit(std::int64_t* checked, std::string* head) {
  // In pages, each checked from the last entry of the one before: memory stays bounded however long.
  std::optional<audit_entry> anchor;
  for (;;) {
    std::vector<audit_entry> page;
    store_.read([&](unit_of_work& u) { page = u.audit_entries(anchor ? anchor->seq_ + 1 : 1, 1000); });
    if (page.empty()) {
      return std::nullopt;
    }
    if (auto b = verify_chain(page, anchor ? &*anchor : nullptr)) {
      return b;
    }
    anchor = page.back();
    if (checked != nullptr) {
      *checked = anchor->seq_;
    }
    if (head != nullptr) {
      *head = anchor->hash_;
    }
  }
}

}  // namespace caravan::registry
