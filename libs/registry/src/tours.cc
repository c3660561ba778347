// Group tours and their manifests (docs/register.md): the programme, the check of every traveller with
// the entry rules on the tour's real dates, submission, each country's decision, and the manifest's
// personal data sealed at rest.
#include <algorithm>
#include <functional>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "caravan/base/date.h"
#include "caravan/base/text.h"
#include "caravan/csv/reader.h"
#include "caravan/registry/mrz.h"
#include "caravan/registry/service.h"
#include "caravan/rules/check.h"
#include "caravan/rules/itinerary.h"
#include "service_support.h"

namespace caravan::registry {

namespace {

using json = nlohmann::ordered_json;

// Bounds on one tour's work: its check is members x stays stay checks (at most 5,000, as an entry check
// request) and its report grows with them. Groups are 5-25 (Kyrgyzstan) or a few dozen.
constexpr std::size_t kMaxStays = 25;
constexpr std::size_t kMaxLegs = 200;
constexpr std::size_t kMaxMembers = 200;
constexpr std::size_t kMaxManifestBytes = 60 * 1024;  // under the server's 64 KiB body limit

bool staff_of(account const& a, operator_id op) {
  return a.role_ == role::kAdmin || (a.role_ == role::kOperatorStaff && a.operator_ == op);
}

bool deciding_authority(account const& a, tour const& t) {
  if (a.role_ != role::kAuthority || t.status_ == tour_status::kDraft) {
    return false;
  }
  auto const c = deciding_countries(t);
  return std::find(c.begin(), c.end(), a.country_) != c.end();
}

// Who may read a tour and its manifest: its operator's staff, admins, and the authorities of the
// countries it stays in once it is submitted.
void check_may_read(account const& me, tour const& t) {
  if (!staff_of(me, t.operator_) && !deciding_authority(me, t)) {
    refuse(refusal::kForbidden, "", "only the tour's operator, the authorities deciding on it or an admin see it");
  }
}

void check_may_edit(account const& me, tour const& t, unit_of_work& u) {
  if (!staff_of(me, t.operator_)) {
    refuse(refusal::kForbidden, "", "only the tour's operator or an admin changes it");
  }
  if (me.role_ != role::kAdmin && u.operator_by_id(t.operator_)->status_ == operator_status::kRevoked) {
    refuse(refusal::kForbidden, "", "the operator's licence is revoked");
  }
  if (t.status_ != tour_status::kDraft) {
    refuse(refusal::kConflict, "status",
           fmt::format("the tour is {}: withdraw it to a draft to change it", to_string(t.status_)));
  }
}

tour found_tour(unit_of_work& u, tour_id id) {
  auto t = u.tour_by_id(id);
  if (!t) {
    refuse(refusal::kNotFound, "", fmt::format("no tour {}", id));
  }
  return *t;
}

void check_version(tour const& t, std::int64_t version) {
  if (t.version_ != version) {
    refuse(refusal::kConflict, "version",
           fmt::format("the tour changed since version {} (now {}): read it again", version, t.version_));
  }
}

rules::local_time local_time_of(std::string_view field, std::string_view text) {
  auto const t = rules::parse_local_time(text);
  if (!t) {
    refuse(refusal::kInvalid, std::string{field},
           fmt::format("{} \"{}\" is not a date (YYYY-MM-DD) or local date-time (YYYY-MM-DDTHH:MM[+HH:MM])", field,
                       shorten(text, 40)));
  }
  return *t;
}

void check_list(std::string_view field, std::vector<std::string> const& items, std::size_t max_items,
                std::size_t max_bytes) {
  if (items.size() > max_items) {
    refuse(refusal::kInvalid, std::string{field}, fmt::format("{} has more than {} entries", field, max_items));
  }
  for (auto const& i : items) {
    check_text(field, i, max_bytes);
  }
}

// The programme as written: every field bounded and readable, the stays in time order.
void check_programme(tour_programme const& p) {
  check_text("title", p.title_, 300);
  check_list("languages", p.languages_, 10, 16);
  if (p.stays_.empty()) {
    refuse(refusal::kInvalid, "stays", "a tour has at least one stay");
  }
  if (p.stays_.size() > kMaxStays) {
    refuse(refusal::kInvalid, "stays", fmt::format("a tour has at most {} stays", kMaxStays));
  }
  rules::itinerary trip;
  for (std::size_t i = 0; i != p.stays_.size(); ++i) {
    auto const& s = p.stays_[i];
    auto const field = fmt::format("stays[{}]", i);
    check_country(field + ".country", s.country_);
    trip.stays_.push_back({.country_ = s.country_, .entry_ = local_time_of(field + ".entry", s.entry_),
                           .exit_ = local_time_of(field + ".exit", s.exit_)});
    check_text(field + ".entryPort", s.entry_port_, 64, false);
    check_list(field + ".regions", s.regions_, 20, 100);
  }
  try {
    rules::validate(trip);
  } catch (data_error const& e) {
    refuse(refusal::kInvalid, "stays", e.what());
  }
  if (p.legs_.size() > kMaxLegs) {
    refuse(refusal::kInvalid, "legs", fmt::format("a tour has at most {} legs", kMaxLegs));
  }
  for (std::size_t i = 0; i != p.legs_.size(); ++i) {
    auto const& l = p.legs_[i];
    auto const field = fmt::format("legs[{}]", i);
    check_text(field + ".from", l.from_, 300);
    check_text(field + ".to", l.to_, 300);
    auto const dep = local_time_of(field + ".departure", l.departure_);
    auto const arr = local_time_of(field + ".arrival", l.arrival_);
    if (arr.date_ < dep.date_) {
      refuse(refusal::kInvalid, field + ".arrival", "the leg arrives before it departs");
    }
    check_text(field + ".mode", l.mode_, 32, false);
    check_text(field + ".name", l.name_, 300, false);
  }
  if (p.min_size_ < 1 || p.min_size_ > static_cast<int>(kMaxMembers)) {
    refuse(refusal::kInvalid, "minSize", fmt::format("minSize is 1 to {}", kMaxMembers));
  }
  if (p.max_size_ < p.min_size_ || p.max_size_ > static_cast<int>(kMaxMembers)) {
    refuse(refusal::kInvalid, "maxSize", fmt::format("maxSize is minSize to {}", kMaxMembers));
  }
  check_list("regimes", p.regimes_, 20, 100);
}

void apply_programme(tour& t, tour_programme const& p) {
  t.title_ = p.title_;
  t.languages_ = p.languages_;
  t.stays_ = p.stays_;
  t.legs_ = p.legs_;
  t.min_size_ = p.min_size_;
  t.max_size_ = p.max_size_;
  t.regimes_ = p.regimes_;
}

// A tour in the trail: the programme and status, never a member.
std::string audit_json(tour const& t) {
  auto j = json::parse(programme_text(t));
  j["id"] = t.id_;
  j["operator"] = t.operator_;
  j["status"] = to_string(t.status_);
  j["version"] = t.version_;
  return j.dump();
}

// A member in the trail: who they are to the tour, without their name, passport or birth date.
std::string audit_json(member_row const& m) {
  return json{{"ref", m.ref_}, {"tour", m.tour_}, {"nationality", m.nationality_}}.dump();
}

// The tour written with its version moved on (a submission or decision names the version it read) and
// its audit entry in the same unit of work; the entry's `after` is the tour, or what `after` says once
// the version moved.
void save_change(unit_of_work& u, caller const& who, tour& t, instant at, std::string const& before,
                 std::string_view action, std::function<std::string()> const& after = {}) {
  t.version_ += 1;
  t.updated_ = at;
  u.update_tour(t);
  audit_entry e{.at_ = format_instant(at), .actor_ = actor_of(who), .action_ = std::string{action},
                .entity_ = fmt::format("tour:{}", t.id_), .before_ = before, .after_ = after ? after() : audit_json(t)};
  u.append_audit(e);
}

std::string seal_context(std::string_view ref, std::string_view field) { return fmt::format("member:{}:{}", ref, field); }

rules::message note(std::string code, std::string text, std::vector<rules::message_param> params = {}) {
  return rules::message{std::move(code), std::move(params), std::move(text), {}};
}

bool latin_name_ok(std::string_view s) {
  return !s.empty() && s.size() <= 100 &&
         s.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ '-") == std::string_view::npos && s.front() >= 'A' && s.front() <= 'Z';
}

// The member as written, normalised (upper-case Latin names and passport numbers), or refused by field.
member_row checked_member(new_member const& m, tour_id t, std::int32_t today) {
  member_row r;
  r.tour_ = t;
  auto const latin = ascii_upper(trim(m.latin_name_));
  if (!latin_name_ok(latin)) {
    refuse(refusal::kInvalid, "latinName", "the Latin name has 1-100 letters A-Z, spaces, '-' or ''' as in the passport");
  }
  r.latin_name_ = latin;
  check_text("nativeName", m.native_name_, 200, false);
  // A cell starting with = + - @ is a formula to spreadsheets that open the exported CSV.
  if (auto const n = trim(m.native_name_); !n.empty() && std::string_view{"=+-@"}.find(n.front()) != std::string_view::npos) {
    refuse(refusal::kInvalid, "nativeName", "the native name cannot start with =, +, - or @");
  }
  r.native_name_ = std::string{trim(m.native_name_)};
  check_country("nationality", m.nationality_);
  r.nationality_ = m.nationality_;
  auto const number = ascii_upper(trim(m.passport_number_));
  if (number.empty() || number.size() > 20 ||
      number.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != std::string::npos) {
    refuse(refusal::kInvalid, "passportNumber", "a passport number has 1-20 letters A-Z and digits");
  }
  r.passport_sealed_ = number;  // sealed by the caller, which knows the ref
  auto const first = days_since_epoch(std::chrono::year{1900} / 1 / 1);
  if (m.birth_date_ < first || m.birth_date_ > today) {
    refuse(refusal::kInvalid, "birthDate", "the birth date is between 1900-01-01 and today");
  }
  if (m.passport_expiry_ <= m.birth_date_ || m.passport_expiry_ > today + 366 * 20) {
    refuse(refusal::kInvalid, "passportExpiry", "the passport's expiry is after the birth date and within 20 years");
  }
  r.passport_expiry_ = m.passport_expiry_;
  r.birth_date_sealed_ = format_date(m.birth_date_);
  if (m.sex_ != 'F' && m.sex_ != 'M' && m.sex_ != 'X') {
    refuse(refusal::kInvalid, "sex", "sex is F, M or X");
  }
  r.sex_ = m.sex_;
  return r;
}

// A random reference of 16 hex digits: the member's name in URLs and in the seals' context.
std::string new_ref() { return new_token().substr(0, 16); }

std::int32_t today_of(instant now) {
  constexpr std::int64_t kDay = 86'400'000'000;
  return static_cast<std::int32_t>(now / kDay);
}

}  // namespace

new_member member_from_mrz(mrz_passport const& p) {
  new_member m;
  m.latin_name_ = p.given_names_.empty() ? p.surname_ : p.surname_ + " " + p.given_names_;
  m.nationality_ = p.nationality_;
  m.passport_number_ = p.number_;
  m.passport_expiry_ = p.expiry_;
  m.birth_date_ = p.birth_date_;
  m.sex_ = p.sex_ == '<' ? 'X' : p.sex_;
  return m;
}

tour register_service::create_tour(caller const& who, operator_id op, tour_programme const& p) {
  auto const& me = signed_in_account(who);
  if (!staff_of(me, op)) {
    refuse(refusal::kForbidden, "operatorId", "only the operator's staff or an admin creates its tours");
  }
  check_programme(p);
  tour t;
  apply_programme(t, p);
  t.operator_ = op;
  t.status_ = tour_status::kDraft;
  t.updated_ = now();
  t.version_ = 1;
  // Random and stored rather than derived from a key: it outlives key rotations (travellers keep theirs).
  t.feedback_code_ = new_feedback_code();
  store_.write([&](unit_of_work& u) {
    auto const o = u.operator_by_id(op);
    if (!o) {
      refuse(refusal::kInvalid, "operatorId", fmt::format("no operator {}", op));
    }
    if (o->status_ == operator_status::kRevoked) {
      refuse(refusal::kForbidden, "operatorId", "the operator's licence is revoked");
    }
    t.id_ = u.insert_tour(t);
    audit_entry e{.at_ = format_instant(t.updated_), .actor_ = actor_of(who), .action_ = "tour.create",
                  .entity_ = fmt::format("tour:{}", t.id_), .after_ = audit_json(t)};
    u.append_audit(e);
  });
  return t;
}

tour register_service::update_tour(caller const& who, tour_id id, tour_programme const& p, std::int64_t version) {
  auto const& me = signed_in_account(who);
  tour t;
  store_.write([&](unit_of_work& u) {
    t = found_tour(u, id);
    check_may_edit(me, t, u);  // rights before the fields: a stranger learns nothing from the checks
    check_programme(p);
    check_version(t, version);
    auto const before = audit_json(t);
    apply_programme(t, p);
    save_change(u, who, t, now(), before, "tour.update");
  });
  return t;
}

tour register_service::tour_record(caller const& who, tour_id id) {
  auto const& me = signed_in_account(who);
  tour t;
  store_.read([&](unit_of_work& u) { t = found_tour(u, id); });
  check_may_read(me, t);
  return t;
}

bool register_service::owns(caller const& who, tour const& t) { return who.account_ && staff_of(*who.account_, t.operator_); }

namespace {

// The code as travellers may type it: case and separators ("3f2a-91c0 ...") do not matter.
std::string code_of(std::string_view typed) {
  std::string out;
  for (char c : typed) {
    if (c != ' ' && c != '-') {
      out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
  }
  return out;
}

// Compares in time that does not depend on where they differ (a guessing client learns nothing from it).
bool same_code(std::string_view a, std::string_view b) {
  if (a.size() != b.size() || a.empty()) {
    return false;
  }
  unsigned diff = 0;
  for (std::size_t i = 0; i != a.size(); ++i) {
    diff |= static_cast<unsigned>(static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b[i]));
  }
  return diff == 0;
}

}  // namespace

rating_view register_service::rate_tour(tour_id id, std::string const& code, int rating, std::string const& comment) {
  check_rating(rating, comment);
  if (!comment.empty() && options_.keys_.empty()) {
    refuse(refusal::kUnavailable, "", "the register was started without its key for personal data: rate without a comment");
  }
  rating_view out;
  store_.write([&](unit_of_work& u) {
    auto const t = u.tour_by_id(id);
    if (!t || !same_code(code_of(code), t->feedback_code_)) {
      refuse(refusal::kForbidden, "code", "the feedback code does not match");
    }
    if (t->status_ != tour_status::kApproved) {
      refuse(refusal::kConflict, "", "the tour is not approved: only approved tours are rated");
    }
    auto const at = now();
    auto const today = static_cast<std::int32_t>(at / (86'400LL * 1'000'000));
    if (today < first_day(*t) || today > last_day(*t) + kRatingDays) {
      refuse(refusal::kConflict, "",
             fmt::format("a tour is rated from its first day to {} days after its last ({} to {})", kRatingDays,
                         format_date(first_day(*t)), format_date(last_day(*t) + kRatingDays)));
    }
    auto const travellers = u.count_members(id);
    if (u.count_ratings(rating_subject::kTour, id) >= travellers) {
      refuse(refusal::kConflict, "", fmt::format("the tour has as many ratings as travellers ({})", travellers));
    }
    rating_row r{.subject_ = rating_subject::kTour, .subject_id_ = id, .rating_ = rating,
                 .comment_sealed_ = comment.empty() ? std::string{}
                                                    : options_.keys_.seal(comment, rating_context(rating_subject::kTour, id, at)),
                 .country_ = t->stays_.empty() ? std::string{} : t->stays_.front().country_, .created_ = at};
    r.id_ = u.insert_rating(r);
    // The trail says a rating was given and its figure, never the comment (nor who: travellers rate unnamed).
    audit_entry e{.at_ = format_instant(at), .action_ = "tour.rate", .entity_ = fmt::format("tour:{}", id),
                  .after_ = nlohmann::json{{"rating", r.id_}, {"value", rating}}.dump()};
    u.append_audit(e);
    out = {.id_ = r.id_, .rating_ = rating, .comment_ = comment, .at_ = at};
  });
  return out;
}

tour_ratings register_service::ratings_of_tour(caller const& who, tour_id id) {
  auto const& me = signed_in_account(who);
  std::vector<rating_row> rows;
  store_.read([&](unit_of_work& u) {
    auto const t = found_tour(u, id);
    if (!staff_of(me, t.operator_)) {
      refuse(refusal::kForbidden, "", "only the tour's operator or an admin sees its ratings");
    }
    rows = u.ratings_of(rating_subject::kTour, id);
  });
  tour_ratings out;
  std::int64_t sum = 0;
  for (auto const& r : rows) {
    rating_view v{.id_ = r.id_, .rating_ = r.rating_, .at_ = r.created_};
    if (!r.comment_sealed_.empty()) {
      if (options_.keys_.empty()) {
        refuse(refusal::kUnavailable, "", "the register was started without its key for personal data");
      }
      try {
        v.comment_ = options_.keys_.open(r.comment_sealed_, rating_context(rating_subject::kTour, id, r.created_));
      } catch (sealed_data_error const& e) {
        throw store_error{fmt::format("rating {} of tour {}: {}", r.id_, id, e.what())};
      }
    }
    sum += r.rating_;
    out.ratings_.push_back(std::move(v));
  }
  out.count_ = rows.size();
  if (!rows.empty()) {
    out.mean_ = static_cast<double>(sum) / static_cast<double>(rows.size());
  }
  return out;
}

std::vector<tour> register_service::tours(caller const& who, tour_query const& q) {
  auto const& me = signed_in_account(who);
  auto scoped = q;
  scoped.limit_ = std::min<std::size_t>(q.limit_, 100);
  if (me.role_ == role::kOperatorStaff) {
    if (!me.operator_) {
      return {};
    }
    scoped.operator_ = me.operator_;
  } else if (me.role_ == role::kAuthority) {
    scoped.country_ = me.country_;
    scoped.submitted_only_ = true;
  } else if (me.role_ != role::kAdmin) {
    refuse(refusal::kForbidden, "", "tours are seen by their operators, the authorities and admins");
  }
  std::vector<tour> out;
  store_.read([&](unit_of_work& u) { out = u.find_tours(scoped); });
  return out;
}

namespace {

// What the tour check needs that the caller cannot give: the members opened, the operator.
struct check_input {
  tour const& tour_;
  tour_operator const& operator_;
  std::vector<member> const& members_;
  std::int32_t today_;
};

tour_check run_check(check_input const& in, rules::rule_set const& rules) {
  tour_check out;
  auto const& t = in.tour_;
  auto const& o = in.operator_;
  auto const size = static_cast<int>(in.members_.size());
  auto problem = [&](rules::message m, int stay = -1, member const* who = nullptr) {
    tour_problem p;
    p.stay_ = stay;
    if (stay >= 0) {
      p.country_ = t.stays_[static_cast<std::size_t>(stay)].country_;
    }
    if (who != nullptr) {
      p.member_ = who->ref_;
      p.member_name_ = who->latin_name_;
    }
    p.message_ = std::move(m);
    out.problems_.push_back(std::move(p));
  };

  if (in.members_.empty()) {
    problem(note("no_members", "the manifest has no traveller"));
  } else if (size < t.min_size_ || size > t.max_size_) {
    problem(note("group_size_outside_programme",
                 fmt::format("the manifest has {} travellers; the programme is for {} to {}", size, t.min_size_, t.max_size_),
                 {rules::number_param("size", size), rules::number_param("min", t.min_size_),
                  rules::number_param("max", t.max_size_)}));
  }

  // The group is registered for a stay when its operator's licence is approved and valid on the entry
  // day and the operator runs tours there: the programme's approval is what the submission asks for.
  rules::itinerary trip;
  for (std::size_t k = 0; k != t.stays_.size(); ++k) {
    auto const& s = t.stays_[k];
    rules::stay st{.country_ = s.country_, .entry_ = *rules::parse_local_time(s.entry_),
                   .exit_ = *rules::parse_local_time(s.exit_), .entry_port_ = s.entry_port_,
                   .onward_ticket_ = s.onward_ticket_, .regions_ = s.regions_};
    auto const day = static_cast<std::int32_t>(st.entry_.date_.time_since_epoch().count());
    auto const status = status_on(o, day);
    auto const serves = o.country_ == s.country_ || o.countries_.empty() ||
                        std::find(o.countries_.begin(), o.countries_.end(), s.country_) != o.countries_.end();
    if (status != operator_status::kApproved) {
      problem(note("operator_not_approved",
                   fmt::format("the operator's licence is {} on {}", to_string(status), format_date(day)),
                   {rules::text_param("status", std::string{to_string(status)}),
                    rules::text_param("date", format_date(day))}),
              static_cast<int>(k));
    } else if (!serves) {
      problem(note("operator_not_in_country", fmt::format("the operator does not run tours in {}", s.country_),
                   {rules::text_param("country", s.country_)}),
              static_cast<int>(k));
    }
    st.group_ = rules::group_tour{.operator_id_ = o.licence_number_,
                                  .registered_ = status == operator_status::kApproved && serves, .size_ = size};
    trip.stays_.push_back(std::move(st));
  }

  std::vector<rules::traveller> travellers;
  for (auto const& m : in.members_) {
    travellers.push_back({.name_ = m.latin_name_, .nationality_ = m.nationality_,
                          .birth_date_ = rules::day{date::days{m.birth_date_}}});
    auto const last = last_day(t);
    if (m.passport_expiry_ < last) {
      problem(note("passport_expires",
                   fmt::format("the passport expires on {}, before the tour ends on {}", format_date(m.passport_expiry_),
                               format_date(last)),
                   {rules::text_param("expiry", format_date(m.passport_expiry_)),
                    rules::text_param("end", format_date(last))}),
              -1, &m);
    }
  }
  auto const results = rules::check(rules, travellers, trip);
  std::set<std::pair<std::size_t, std::string>> group_said;  // (stay, code) of the group's problems
  for (std::size_t i = 0; i != results.size(); ++i) {
    auto const& m = in.members_[i];
    for (auto const& r : results[i].stays_) {
      if (rules::is_ok(r.verdict_)) {
        continue;
      }
      auto const add = [&](rules::message msg) {
        // What is the group's (its size, its operator) is said once per stay, not for every traveller.
        auto const of_group = msg.code_ == "group_too_small" || msg.code_ == "group_too_large" ||
                              msg.code_ == "operator_not_registered";
        if (of_group && !group_said.insert({r.stay_, msg.code_}).second) {
          return;
        }
        problem(std::move(msg), static_cast<int>(r.stay_), of_group ? nullptr : &m);
        if (r.rule_ != nullptr) {
          out.problems_.back().rule_ = r.rule_->id_;
          for (auto const& src : r.rule_->sources_) {
            out.problems_.back().sources_.push_back(src.url_);
          }
        }
      };
      for (auto const& why : r.reasons_) {
        add(why);
      }
      for (auto const& todo : r.before_departure_) {
        add(todo);
      }
      if (r.reasons_.empty() && r.before_departure_.empty()) {  // a verdict with no sentence: say the verdict
        add(note(std::string{rules::to_string(r.verdict_)},
                 fmt::format("{}: {}", t.stays_[r.stay_].country_, rules::to_string(r.verdict_))));
      }
    }
  }
  out.report_ = rules::to_json(travellers, trip, results);
  out.ok_ = out.problems_.empty();
  return out;
}

}  // namespace

tour_check register_service::check_tour(caller const& who, tour_id id, rules::rule_set const& rules) {
  auto const& me = signed_in_account(who);
  tour t;
  tour_operator o;
  std::vector<member_row> rows;
  store_.read([&](unit_of_work& u) {
    t = found_tour(u, id);
    check_may_read(me, t);
    o = *u.operator_by_id(t.operator_);
    rows = u.members_of(id);
  });
  auto const members = open_members(rows);
  return run_check({t, o, members, today_of(now())}, rules);
}

submission register_service::submit_tour(caller const& who, tour_id id, std::int64_t version,
                                         rules::rule_set const& rules) {
  auto const& me = signed_in_account(who);
  submission out;
  // The check runs outside the write lock (other writers do not wait for it), on what was read at
  // `version`; the write then requires the tour and its operator unchanged since.
  tour read;
  tour_operator o;
  std::vector<member_row> rows;
  store_.read([&](unit_of_work& u) {
    read = found_tour(u, id);
    check_may_edit(me, read, u);
    check_version(read, version);
    o = *u.operator_by_id(read.operator_);
    rows = u.members_of(id);
  });
  auto const members = open_members(rows);
  out.check_ = run_check({read, o, members, today_of(now())}, rules);
  out.tour_ = read;
  if (!out.check_.ok_) {
    return out;  // nothing written: the tour stays a draft
  }
  store_.write([&](unit_of_work& u) {
    auto t = found_tour(u, id);
    check_may_edit(me, t, u);
    check_version(t, version);
    if (u.operator_by_id(t.operator_)->version_ != o.version_) {
      refuse(refusal::kConflict, "", "the operator's record changed while the tour was checked: submit it again");
    }
    auto const before = audit_json(t);
    t.status_ = tour_status::kSubmitted;
    t.decisions_.clear();
    save_change(u, who, t, now(), before, "tour.submit", [&] {
      auto after = json::parse(audit_json(t));
      after["members"] = members.size();
      return after.dump();
    });
    out.tour_ = t;
    out.submitted_ = true;
  });
  return out;
}

tour register_service::withdraw_tour(caller const& who, tour_id id, std::int64_t version) {
  auto const& me = signed_in_account(who);
  tour t;
  store_.write([&](unit_of_work& u) {
    t = found_tour(u, id);
    if (!staff_of(me, t.operator_)) {
      refuse(refusal::kForbidden, "", "only the tour's operator or an admin withdraws it");
    }
    check_version(t, version);
    if (t.status_ == tour_status::kDraft) {
      refuse(refusal::kConflict, "status", "the tour is a draft already");
    }
    auto const before = audit_json(t);
    t.status_ = tour_status::kDraft;
    t.decisions_.clear();
    save_change(u, who, t, now(), before, "tour.withdraw");
  });
  return t;
}

tour register_service::decide_tour(caller const& who, tour_id id, std::string const& country, bool approve,
                                   std::int64_t version, std::string const& reason) {
  auto const& me = signed_in_account(who);
  check_text("reason", reason, 2000, false);
  tour t;
  store_.write([&](unit_of_work& u) {
    t = found_tour(u, id);
    // Rights first: who is neither an admin nor an authority deciding on this tour learns nothing of it.
    if (me.role_ != role::kAdmin && !(deciding_authority(me, t) && me.country_ == country)) {
      refuse(refusal::kForbidden, "", "only the authority of a country the submitted tour stays in, or an admin, decides");
    }
    auto const deciding = deciding_countries(t);
    if (std::find(deciding.begin(), deciding.end(), country) == deciding.end()) {
      refuse(refusal::kInvalid, "country", fmt::format("the tour does not stay in \"{}\"", shorten(country, 10)));
    }
    if (approve) {
      if (auto const s = u.operator_by_id(t.operator_)->status_; s != operator_status::kApproved) {
        refuse(refusal::kConflict, "", fmt::format("the operator's licence is {}: it cannot be approved", to_string(s)));
      }
    }
    check_version(t, version);
    if (t.status_ != tour_status::kSubmitted) {
      refuse(refusal::kConflict, "status", fmt::format("the tour is {}, not submitted", to_string(t.status_)));
    }
    if (std::any_of(t.decisions_.begin(), t.decisions_.end(), [&](auto const& d) { return d.country_ == country; })) {
      refuse(refusal::kConflict, "country", fmt::format("{} has decided on this tour already", country));
    }
    auto const before = audit_json(t);
    t.decisions_.push_back({.country_ = country, .approved_ = approve, .by_ = me.id_, .at_ = now(), .reason_ = reason});
    auto const all_approved = std::all_of(deciding.begin(), deciding.end(), [&](auto const& c) {
      return std::any_of(t.decisions_.begin(), t.decisions_.end(),
                         [&](auto const& d) { return d.country_ == c && d.approved_; });
    });
    if (!approve) {
      t.status_ = tour_status::kRejected;
    } else if (all_approved) {
      t.status_ = tour_status::kApproved;
    }
    save_change(u, who, t, now(), before, approve ? "tour.approve" : "tour.reject");
  });
  return t;
}

std::vector<member> register_service::open_members(std::vector<member_row> const& rows) const {
  if (options_.keys_.empty() && !rows.empty()) {
    refuse(refusal::kUnavailable, "", "the register was started without its key for personal data");
  }
  std::vector<member> out;
  out.reserve(rows.size());
  for (auto const& r : rows) {
    member m{.id_ = r.id_, .tour_ = r.tour_, .ref_ = r.ref_, .latin_name_ = r.latin_name_,
             .native_name_ = r.native_name_, .nationality_ = r.nationality_, .passport_expiry_ = r.passport_expiry_,
             .sex_ = r.sex_};
    try {
      m.passport_number_ = options_.keys_.open(r.passport_sealed_, seal_context(r.ref_, "passport"));
      m.birth_date_ = parse_date(options_.keys_.open(r.birth_date_sealed_, seal_context(r.ref_, "birth_date")),
                                 date_format::kIso)
                          .value_or(0);
    } catch (sealed_data_error const& e) {
      // Says the member's ref and why, never the data.
      throw store_error{fmt::format("member {} of tour {}: {}", r.ref_, r.tour_, e.what())};
    }
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<member> register_service::manifest(caller const& who, tour_id id) {
  auto const& me = signed_in_account(who);
  std::vector<member_row> rows;
  store_.read([&](unit_of_work& u) {
    auto const t = found_tour(u, id);
    check_may_read(me, t);
    rows = u.members_of(id);
  });
  return open_members(rows);
}

member_row register_service::sealed(member_row r) const {
  if (options_.keys_.empty()) {
    refuse(refusal::kUnavailable, "", "the register was started without its key for personal data");
  }
  r.ref_ = new_ref();
  r.passport_sealed_ = options_.keys_.seal(r.passport_sealed_, seal_context(r.ref_, "passport"));
  r.birth_date_sealed_ = options_.keys_.seal(r.birth_date_sealed_, seal_context(r.ref_, "birth_date"));
  return r;
}

std::vector<std::string> register_service::add_members(caller const& who, tour_id id,
                                                        std::vector<member_row> const& plain, std::string const& action) {
  auto const& me = signed_in_account(who);
  std::vector<member_row> rows;
  for (auto const& p : plain) {
    rows.push_back(sealed(p));
  }
  store_.write([&](unit_of_work& u) {
    auto t = found_tour(u, id);
    check_may_edit(me, t, u);
    auto const existing = open_members(u.members_of(id));
    if (existing.size() + rows.size() > kMaxMembers) {
      refuse(refusal::kInvalid, "", fmt::format("a manifest has at most {} travellers", kMaxMembers));
    }
    for (std::size_t i = 0; i != plain.size(); ++i) {
      auto const& number = plain[i].passport_sealed_;
      auto const same = [&](auto const& m) { return m.passport_number_ == number && m.nationality_ == plain[i].nationality_; };
      if (std::any_of(existing.begin(), existing.end(), same)) {
        refuse(refusal::kConflict, "passportNumber", "a traveller with this passport is on the manifest already");
      }
    }
    json added = json::array();
    for (auto& r : rows) {
      r.id_ = u.insert_member(r);
      added.push_back(json::parse(audit_json(r)));
    }
    // The tour's version moves with its manifest: a decision or submission names what it read.
    auto const before = audit_json(t);
    save_change(u, who, t, now(), before, action,
                [&] { return json{{"members", added}, {"version", t.version_}}.dump(); });
  });
  std::vector<std::string> refs;
  for (auto const& r : rows) {
    refs.push_back(r.ref_);
  }
  return refs;
}

void register_service::check_editable(caller const& who, tour_id id) {
  auto const& me = signed_in_account(who);
  store_.read([&](unit_of_work& u) { check_may_edit(me, found_tour(u, id), u); });
}

member register_service::add_member(caller const& who, tour_id id, new_member const& m) {
  check_editable(who, id);  // rights before the fields: a stranger learns nothing from the checks
  auto const row = checked_member(m, id, today_of(now()));
  auto const ref = add_members(who, id, {row}, "tour.member_add").front();
  // Found by its ref: others may add travellers at the same time.
  for (auto const& added : manifest(who, id)) {
    if (added.ref_ == ref) {
      return added;
    }
  }
  refuse(refusal::kConflict, "", "the traveller was removed meanwhile");
}

import_result register_service::import_manifest(caller const& who, tour_id id, std::string_view text) {
  check_editable(who, id);
  import_result out;
  if (text.size() > kMaxManifestBytes) {
    refuse(refusal::kInvalid, "", fmt::format("a manifest file has at most {} bytes", kMaxManifestBytes));
  }
  // The reader's repairs (short rows, bad UTF-8) are errors here: a manifest goes to a border post.
  struct sink final : csv::warning_sink {
    std::vector<row_error>& errors_;
    explicit sink(std::vector<row_error>& e) : errors_{e} {}
    void warn(std::string_view, source_location const& where, std::string_view message) override {
      errors_.push_back({where.line_, "", std::string{message}});
    }
  } warnings{out.errors_};
  static constexpr std::array<std::string_view, 7> kColumns{
      "latin_name", "native_name", "nationality", "passport_number", "passport_expiry", "birth_date", "sex"};
  std::vector<member_row> rows;
  try {
    csv::reader r{csv::memory_stream(std::string{text}), "manifest.csv", warnings};
    std::array<int, kColumns.size()> col{};
    for (std::size_t i = 0; i != kColumns.size(); ++i) {
      col[i] = r.column(kColumns[i]);
      if (col[i] < 0 && kColumns[i] != "native_name") {
        out.errors_.push_back({1, std::string{kColumns[i]}, "the header lacks this column"});
      }
    }
    for (std::size_t i = 0; i != r.header().size(); ++i) {
      // Named by position, not quoted: a file without its header has a traveller's data there.
      if (std::find(kColumns.begin(), kColumns.end(), r.header()[i]) == kColumns.end()) {
        out.errors_.push_back({1, fmt::format("column {}", i + 1),
                               "not a column of a manifest (latin_name, native_name, nationality, passport_number, "
                               "passport_expiry, birth_date, sex: the first line names them)"});
      }
    }
    if (!out.errors_.empty()) {
      return out;
    }
    // Passports on the manifest already: said per row, like the file's own repeats.
    std::vector<member_row> existing_rows;
    store_.read([&](unit_of_work& u) { existing_rows = u.members_of(id); });
    std::set<std::pair<std::string, std::string>> on_manifest;
    for (auto const& m : open_members(existing_rows)) {
      on_manifest.insert({m.nationality_, m.passport_number_});
    }
    std::size_t data_rows = existing_rows.size();
    auto const today = today_of(now());
    std::set<std::pair<std::string, std::string>> seen;  // nationality, passport number
    while (r.next()) {
      if (++data_rows > kMaxMembers) {
        out.errors_.push_back({r.line(), "", fmt::format("a manifest has at most {} travellers", kMaxMembers)});
        break;
      }
      auto date = [&](std::string_view field, int c) {
        auto const d = parse_date(r.field(c), date_format::kIso, 1900, 2200);
        if (!d) {
          // The value is not quoted: a birth date is personal data.
          out.errors_.push_back({r.line(), std::string{field}, "is not a date YYYY-MM-DD (between 1900 and 2200)"});
        }
        return d.value_or(0);
      };
      auto const errors_before = out.errors_.size();
      new_member m{.latin_name_ = std::string{r.field(col[0])}, .native_name_ = std::string{r.field(col[1])},
                   .nationality_ = ascii_upper(r.field(col[2])), .passport_number_ = std::string{r.field(col[3])},
                   .passport_expiry_ = date("passport_expiry", col[4]), .birth_date_ = date("birth_date", col[5])};
      auto const sex = ascii_upper(r.field(col[6]));
      m.sex_ = sex.size() == 1 ? sex[0] : '?';
      if (out.errors_.size() != errors_before) {
        continue;
      }
      try {
        auto row = checked_member(m, id, today);
        if (on_manifest.contains({row.nationality_, row.passport_sealed_})) {
          out.errors_.push_back({r.line(), "passport_number", "a traveller with this passport is on the manifest already"});
          continue;
        }
        if (!seen.insert({row.nationality_, row.passport_sealed_}).second) {
          out.errors_.push_back({r.line(), "passport_number", "the same passport is on an earlier row"});
          continue;
        }
        rows.push_back(std::move(row));
      } catch (refused const& e) {
        // The API's field names, as the CSV's columns.
        static constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kNames{
            {{"latinName", "latin_name"}, {"nativeName", "native_name"}, {"nationality", "nationality"},
             {"passportNumber", "passport_number"}, {"passportExpiry", "passport_expiry"},
             {"birthDate", "birth_date"}, {"sex", "sex"}}};
        std::string field = e.field();
        for (auto const& [api, csv_name] : kNames) {
          if (field == api) {
            field = csv_name;
          }
        }
        out.errors_.push_back({r.line(), field, e.what()});
      }
    }
  } catch (data_error const& e) {
    out.errors_.push_back({1, "", e.what()});
  }
  if (rows.empty() && out.errors_.empty()) {
    out.errors_.push_back({1, "", "the file has no traveller"});
  }
  if (!out.errors_.empty()) {
    return out;
  }
  add_members(who, id, rows, "tour.manifest_import");
  out.added_ = rows.size();
  return out;
}

void register_service::remove_member(caller const& who, tour_id id, std::string const& ref) {
  auto const& me = signed_in_account(who);
  store_.write([&](unit_of_work& u) {
    auto t = found_tour(u, id);
    check_may_edit(me, t, u);
    if (!u.delete_member(id, ref)) {
      refuse(refusal::kNotFound, "", "no such traveller on this tour");
    }
    auto const before = audit_json(t);
    save_change(u, who, t, now(), before, "tour.member_remove",
                [&] { return json{{"removed", ref}, {"version", t.version_}}.dump(); });
  });
}

registration register_service::registered(std::optional<tour_id> id, std::string const& licence,
                                          std::string const& country, std::int32_t entry, std::int32_t exit) {
  registration out;
  store_.read([&](unit_of_work& u) {
    std::optional<tour_operator> o;
    if (id) {
      // One answer for a tour missing, not approved by `country` or not there on these dates: the
      // public learns nothing of tours that are not registered.
      auto const not_registered = fmt::format("tour {} is not registered for {} on these dates", *id, country);
      auto const t = u.tour_by_id(*id);
      if (!t || t->status_ != tour_status::kApproved ||
          std::none_of(t->decisions_.begin(), t->decisions_.end(),
                       [&](auto const& d) { return d.country_ == country && d.approved_; })) {
        out.why_ = not_registered;
        return;
      }
      // The trip's stay is one of the tour's stays in that country: entering that day, leaving by its end.
      auto const there = std::any_of(t->stays_.begin(), t->stays_.end(), [&](tour_stay const& s) {
        return s.country_ == country && parse_date(std::string_view{s.entry_}.substr(0, 10), date_format::kIso) == entry &&
               exit <= parse_date(std::string_view{s.exit_}.substr(0, 10), date_format::kIso).value_or(0);
      });
      if (!there) {
        out.why_ = not_registered;
        return;
      }
      o = u.operator_by_id(t->operator_);
      out.manifest_size_ = static_cast<int>(u.count_members(*id));
    } else {
      auto const number = ascii_upper(trim(licence));
      for (auto const& c : u.find_operators({.licence_ = number, .limit_ = 50})) {
        if (!o || status_on(c, entry) == operator_status::kApproved) {
          o = c;
        }
      }
      if (!o) {
        out.why_ = fmt::format("no operator with licence \"{}\" in the register", shorten(licence, 40));
        return;
      }
    }
    if (auto const s = status_on(*o, entry); s != operator_status::kApproved) {
      out.why_ = fmt::format("the operator's licence is {} on {}", to_string(s), format_date(entry));
      return;
    }
    if (!id && o->country_ != country && !o->countries_.empty() &&
        std::find(o->countries_.begin(), o->countries_.end(), country) == o->countries_.end()) {
      out.why_ = fmt::format("the operator does not run tours in {}", country);
      return;
    }
    out.registered_ = true;
  });
  return out;
}

std::vector<group_registration> register_groups(register_service& reg, rules::itinerary& trip) {
  std::vector<group_registration> out;
  for (std::size_t k = 0; k != trip.stays_.size(); ++k) {
    auto& s = trip.stays_[k];
    if (!s.group_) {
      continue;
    }
    auto const entry = static_cast<std::int32_t>(s.entry_.date_.time_since_epoch().count());
    auto const exit = static_cast<std::int32_t>(s.exit_.date_.time_since_epoch().count());
    auto said = reg.registered(s.group_->tour_ ? std::optional<tour_id>{*s.group_->tour_} : std::nullopt,
                               s.group_->operator_id_, s.country_, entry, exit);
    s.group_->registered_ = said.registered_;
    if (said.registered_ && said.manifest_size_ > 0) {
      s.group_->size_ = said.manifest_size_;  // the group is its manifest, not what the trip says
    }
    out.push_back({k, std::move(said)});
  }
  return out;
}

std::optional<public_operator> register_service::public_operator_by_id(operator_id id, std::int32_t day) {
  std::optional<tour_operator> o;
  store_.read([&](unit_of_work& u) { o = u.operator_by_id(id); });
  if (!o) {
    return std::nullopt;
  }
  return public_view(*o, day);
}

std::size_t register_service::reseal(key_ring const& ring) {
  std::size_t n = 0;
  store_.write([&](unit_of_work& u) {
    member_id after = 0;
    for (;;) {
      auto const page = u.members_after(after, 500);
      if (page.empty()) {
        break;
      }
      for (auto m : page) {
        auto const passport = ring.open(m.passport_sealed_, seal_context(m.ref_, "passport"));
        auto const birth = ring.open(m.birth_date_sealed_, seal_context(m.ref_, "birth_date"));
        m.passport_sealed_ = ring.seal(passport, seal_context(m.ref_, "passport"));
        m.birth_date_sealed_ = ring.seal(birth, seal_context(m.ref_, "birth_date"));
        u.update_member_seals(m);
        ++n;
      }
      after = page.back().id_;
    }
    // The ratings' comments (tours' and cases'), under the same ring.
    std::size_t comments = 0;
    for (std::int64_t last = 0;;) {
      auto const page = u.comments_after(last, 500);
      if (page.empty()) {
        break;
      }
      for (auto const& r : page) {
        auto const context = rating_context(r.subject_, r.subject_id_, r.created_);
        u.reseal_comment(r.id_, ring.seal(ring.open(r.comment_sealed_, context), context));
        ++comments;
      }
      last = page.back().id_;
    }
    audit_entry e{.at_ = format_instant(now()), .action_ = "keys.rotate", .entity_ = "keys",
                  .after_ = json{{"key", ring.current_id()}, {"members", n}, {"ratings", comments}}.dump()};
    u.append_audit(e);
  });
  return n;
}

}  // namespace caravan::registry
