#include "caravan/storage/postgres_store.h"

#include <condition_variable>
#include <mutex>
#include <type_traits>
#include <variant>
#include <vector>

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "columns.h"
#include "migrations.h"

namespace caravan::storage {

using namespace registry;

namespace {

// Any advisory-lock number of our own: taken by every write transaction (see the header).
constexpr std::int64_t kWriteLock = 0x63617261;  // "cara"

constexpr auto kAccountColumns =
    "id, email, display_name, role, operator_id, country, password_hash, disabled, created, organisation";
constexpr auto kOperatorColumns =
    "id, legal_name, names, country, licence_number, issuer, valid_from, valid_to, status, email, phone, website, "
    "countries, updated, version";
constexpr auto kAuditColumns = "seq, at, actor, action, entity, before, after, prev_hash, hash";

account read_account(pqxx::row const& r) {
  account a;
  a.id_ = r[0].as<std::int64_t>();
  a.email_ = r[1].as<std::string>();
  a.display_name_ = r[2].as<std::string>();
  a.role_ = role_column(r[3].as<std::string>());
  if (!r[4].is_null()) {
    a.operator_ = r[4].as<std::int64_t>();
  }
  a.country_ = r[5].as<std::string>();
  a.password_hash_ = r[6].as<std::string>();
  a.disabled_ = r[7].as<bool>();
  a.created_ = r[8].as<std::int64_t>();
  a.organisation_ = r[9].as<std::string>();
  return a;
}

tour_operator read_operator(pqxx::row const& r) {
  tour_operator o;
  o.id_ = r[0].as<std::int64_t>();
  o.legal_name_ = r[1].as<std::string>();
  o.names_ = names_column(r[2].as<std::string>());
  o.country_ = r[3].as<std::string>();
  o.licence_number_ = r[4].as<std::string>();
  o.issuer_ = r[5].as<std::string>();
  o.valid_from_ = r[6].as<std::int32_t>();
  o.valid_to_ = r[7].as<std::int32_t>();
  o.status_ = operator_status_column(r[8].as<std::string>());
  o.email_ = r[9].as<std::string>();
  o.phone_ = r[10].as<std::string>();
  o.website_ = r[11].as<std::string>();
  o.countries_ = countries_column(r[12].as<std::string>());
  o.updated_ = r[13].as<std::int64_t>();
  o.version_ = r[14].as<std::int64_t>();
  return o;
}

constexpr auto kTourColumns = "id, operator_id, status, programme, updated, version, feedback_code";
constexpr auto kRatingColumns = "id, subject_kind, subject_id, rating, comment, account_id, country, created";
// A tour's corridor and month as the aggregates group them (the countries column is ",CN,KZ,").
constexpr auto kCorridor = "replace(trim(both ',' from t.countries), ',', '-')";
constexpr auto kMonth = "to_char(DATE '1970-01-01' + t.first_day, 'YYYY-MM')";

rating_row read_rating(pqxx::row const& r) {
  rating_row o{.id_ = r[0].as<std::int64_t>(), .subject_ = rating_subject_column(r[1].as<std::string>()),
               .subject_id_ = r[2].as<std::int64_t>(), .rating_ = r[3].as<int>(), .comment_sealed_ = r[4].as<std::string>(),
               .country_ = r[6].as<std::string>(), .created_ = r[7].as<std::int64_t>()};
  if (!r[5].is_null()) {
    o.by_ = r[5].as<std::int64_t>();
  }
  return o;
}
constexpr auto kMemberColumns =
    "id, tour_id, ref, latin_name, native_name, nationality, passport, passport_expiry, birth_date, sex";

tour read_tour(pqxx::row const& r) {
  tour t;
  t.id_ = r[0].as<std::int64_t>();
  t.operator_ = r[1].as<std::int64_t>();
  t.status_ = tour_status_column(r[2].as<std::string>());
  programme_column(r[3].as<std::string>(), t);
  t.updated_ = r[4].as<std::int64_t>();
  t.version_ = r[5].as<std::int64_t>();
  t.feedback_code_ = r[6].as<std::string>();
  return t;
}

member_row read_member(pqxx::row const& r) {
  auto const sex = r[9].as<std::string>();
  return member_row{.id_ = r[0].as<std::int64_t>(), .tour_ = r[1].as<std::int64_t>(), .ref_ = r[2].as<std::string>(),
                    .latin_name_ = r[3].as<std::string>(), .native_name_ = r[4].as<std::string>(),
                    .nationality_ = r[5].as<std::string>(), .passport_sealed_ = r[6].as<std::string>(),
                    .passport_expiry_ = r[7].as<std::int32_t>(), .birth_date_sealed_ = r[8].as<std::string>(),
                    .sex_ = sex.empty() ? 'X' : sex[0]};
}

audit_entry read_audit(pqxx::row const& r) {
  return audit_entry{.seq_ = r[0].as<std::int64_t>(), .at_ = r[1].as<std::string>(), .actor_ = r[2].as<std::string>(),
                     .action_ = r[3].as<std::string>(), .entity_ = r[4].as<std::string>(),
                     .before_ = r[5].as<std::string>(), .after_ = r[6].as<std::string>(),
                     .prev_hash_ = r[7].as<std::string>(), .hash_ = r[8].as<std::string>()};
}

// libpqxx's errors as the store's: a unique key taken is a conflict, anything else a store error.
template <typename F>
auto translated(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (pqxx::unique_violation const& e) {
    throw conflict_error{fmt::format("already there: {}", e.what())};
  } catch (pqxx::failure const& e) {
    throw store_error{fmt::format("PostgreSQL: {}", e.what())};
  }
}

// A row as case_from_row reads it.
struct row_view {
  pqxx::row const& r_;
  std::int64_t integer(int i) const { return r_[i].as<std::int64_t>(); }
  std::string text(int i) const { return r_[i].as<std::string>(); }
  bool boolean(int i) const { return r_[i].as<bool>(); }
  bool is_null(int i) const { return r_[i].is_null(); }
};

// "$first, $first+1, ..." (n of them).
std::string placeholders(int first, int n) {
  std::string out;
  for (int i = 0; i != n; ++i) {
    out += fmt::format("{}${}", i == 0 ? "" : ", ", first + i);
  }
  return out;
}

cases::case_event read_event(pqxx::row const& r) {
  return cases::case_event{.id_ = r[0].as<std::int64_t>(), .case_ = r[1].as<std::int64_t>(),
                           .at_ = r[2].as<std::int64_t>(), .actor_ = r[3].as<std::int64_t>(),
                           .actor_party_ = party_column(r[4].as<std::string>()), .action_ = r[5].as<std::string>(),
                           .from_ = r[6].as<std::string>(), .to_ = r[7].as<std::string>(),
                           .text_sealed_ = r[8].as<std::string>(), .data_ = r[9].as<std::string>()};
}
constexpr auto kEventColumns = "id, case_id, at, actor, actor_party, action, from_state, to_state, message, data";

cases::outbox_row read_outbox(pqxx::row const& r) {
  cases::outbox_row o{.id_ = r[0].as<std::int64_t>(), .case_ = r[1].as<std::int64_t>(),
                      .event_ = r[2].as<std::int64_t>(), .created_ = r[3].as<std::int64_t>(),
                      .payload_ = r[4].as<std::string>(), .attempts_ = r[5].as<int>(),
                      .next_attempt_ = r[6].as<std::int64_t>(), .last_error_ = r[8].as<std::string>()};
  if (!r[7].is_null()) {
    o.delivered_ = r[7].as<std::int64_t>();
  }
  return o;
}
constexpr auto kOutboxColumns = "id, case_id, event_id, created, payload, attempts, next_attempt, delivered, last_error";

cases::stored_calendar read_calendar(pqxx::row const& r) {
  try {
    return {cases::calendar_from_json(r[0].as<std::string>()), r[1].as<std::int64_t>()};
  } catch (cases::calendar_error const& e) {
    throw store_error{fmt::format("the register holds a calendar that does not read: {}", e.what())};
  }
}

class postgres_unit final : public cases::case_unit {
 public:
  explicit postgres_unit(pqxx::work& w) : w_{w} {}

  std::optional<account> account_by_id(account_id id) override {
    return one<account>(fmt::format("SELECT {} FROM accounts WHERE id = $1", kAccountColumns), read_account, id);
  }
  std::optional<account> account_by_email(std::string_view email) override {
    return one<account>(fmt::format("SELECT {} FROM accounts WHERE email = $1", kAccountColumns), read_account,
                        std::string{email});
  }
  std::size_t count_accounts() override {
    return translated([&] { return w_.exec("SELECT count(*) FROM accounts")[0][0].as<std::size_t>(); });
  }
  account_id insert_account(account const& a) override {
    return translated([&] {
      return w_
          .exec_params("INSERT INTO accounts (email, display_name, role, operator_id, country, password_hash, "
                       "disabled, created, organisation) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                       a.email_, a.display_name_, std::string{to_string(a.role_)}, a.operator_, a.country_,
                       a.password_hash_, a.disabled_, a.created_, a.organisation_)[0][0]
          .as<std::int64_t>();
    });
  }
  void update_account(account const& a) override {
    translated([&] {
      w_.exec_params("UPDATE accounts SET email = $1, display_name = $2, role = $3, operator_id = $4, country = $5, "
                     "password_hash = $6, disabled = $7, created = $8, organisation = $9 WHERE id = $10",
                     a.email_, a.display_name_, std::string{to_string(a.role_)}, a.operator_, a.country_,
                     a.password_hash_, a.disabled_, a.created_, a.organisation_, a.id_);
    });
  }

  void insert_session(session_row const& r) override {
    translated([&] {
      w_.exec_params("INSERT INTO sessions (token_digest, account_id, created, expires, revoked) "
                     "VALUES ($1, $2, $3, $4, $5)",
                     r.token_digest_, r.account_, r.created_, r.expires_, r.revoked_);
    });
  }
  std::optional<session_row> session_by_digest(std::string_view digest) override {
    return one<session_row>(
        "SELECT token_digest, account_id, created, expires, revoked FROM sessions WHERE token_digest = $1",
        [](pqxx::row const& r) {
          return session_row{r[0].as<std::string>(), r[1].as<std::int64_t>(), r[2].as<std::int64_t>(),
                             r[3].as<std::int64_t>(), r[4].as<bool>()};
        },
        std::string{digest});
  }
  void revoke_sessions(account_id id) override {
    translated([&] { w_.exec_params("UPDATE sessions SET revoked = TRUE WHERE account_id = $1", id); });
  }
  void revoke_session(std::string_view digest) override {
    translated([&] { w_.exec_params("UPDATE sessions SET revoked = TRUE WHERE token_digest = $1", std::string{digest}); });
  }

  std::size_t purge_sessions(instant before) override {
    return translated([&] {
      return static_cast<std::size_t>(w_.exec_params("DELETE FROM sessions WHERE expires < $1", before).affected_rows());
    });
  }

  std::optional<tour_operator> operator_by_id(operator_id id) override {
    return one<tour_operator>(fmt::format("SELECT {} FROM operators WHERE id = $1", kOperatorColumns), read_operator, id);
  }
  std::vector<tour_operator> find_operators(operator_query const& q) override {
    return translated([&] {
      auto const rows = w_.exec_params(
          fmt::format("SELECT {} FROM operators WHERE ($1 = '' OR strpos(lower(legal_name), lower($1)) > 0 "
                      "OR strpos(lower(names), lower($1)) > 0 OR licence_number = upper($1)) AND ($2 = '' OR country = $2) "
                      "AND ($3 = '' OR ($3 = 'expired' AND status = 'approved' AND valid_to < $6) OR ($3 = 'approved' "
                      "AND status = 'approved' AND valid_to >= $6) OR ($3 NOT IN ('approved', 'expired') AND status = $3)) "
                      "AND ($7 = '' OR licence_number = $7) ORDER BY legal_name, id LIMIT $4 OFFSET $5",
                      kOperatorColumns),
          q.text_, q.country_, std::string{q.status_ ? to_string(*q.status_) : std::string_view{}},
          static_cast<std::int64_t>(q.limit_), static_cast<std::int64_t>(q.offset_), q.day_, q.licence_);
      std::vector<tour_operator> out;
      for (auto const& r : rows) {
        out.push_back(read_operator(r));
      }
      return out;
    });
  }
  operator_id insert_operator(tour_operator const& o) override {
    return translated([&] {
      return w_
          .exec_params(fmt::format("INSERT INTO operators ({}) VALUES (DEFAULT, $1, $2, $3, $4, $5, $6, $7, $8, $9, "
                                   "$10, $11, $12, $13, $14) RETURNING id",
                                   kOperatorColumns),
                       o.legal_name_, names_text(o.names_), o.country_, o.licence_number_, o.issuer_, o.valid_from_,
                       o.valid_to_, std::string{to_string(o.status_)}, o.email_, o.phone_, o.website_,
                       countries_text(o.countries_), o.updated_, o.version_)[0][0]
          .as<std::int64_t>();
    });
  }
  void update_operator(tour_operator const& o) override {
    auto const changed = translated([&] {
      return w_
          .exec_params("UPDATE operators SET legal_name = $1, names = $2, country = $3, licence_number = $4, "
                       "issuer = $5, valid_from = $6, valid_to = $7, status = $8, email = $9, phone = $10, "
                       "website = $11, countries = $12, updated = $13, version = $14 WHERE id = $15 AND version = $14 - 1",
                       o.legal_name_, names_text(o.names_), o.country_, o.licence_number_, o.issuer_, o.valid_from_,
                       o.valid_to_, std::string{to_string(o.status_)}, o.email_, o.phone_, o.website_,
                       countries_text(o.countries_), o.updated_, o.version_, o.id_)
          .affected_rows();
    });
    if (changed != 1) {
      throw conflict_error{fmt::format("operator {} was changed by someone else (or is gone): read it again", o.id_)};
    }
  }

  std::optional<tour> tour_by_id(tour_id id) override {
    return one<tour>(fmt::format("SELECT {} FROM tours WHERE id = $1", kTourColumns), read_tour, id);
  }
  std::vector<tour> find_tours(tour_query const& q) override {
    return translated([&] {
      std::vector<tour> out;
      for (auto const& r : w_.exec_params(
               fmt::format("SELECT {} FROM tours WHERE ($1::BIGINT IS NULL OR operator_id = $1) AND ($2 = '' OR "
                           "strpos(countries, ',' || $2 || ',') > 0) AND ($3 = '' OR status = $3) AND (NOT $6 OR status <> 'draft') "
                           "ORDER BY id DESC LIMIT $4 OFFSET $5",
                           kTourColumns),
               q.operator_, q.country_, std::string{q.status_ ? to_string(*q.status_) : std::string_view{}},
               static_cast<std::int64_t>(q.limit_), static_cast<std::int64_t>(q.offset_), q.submitted_only_)) {
        out.push_back(read_tour(r));
      }
      return out;
    });
  }
  tour_id insert_tour(tour const& t) override {
    return translated([&] {
      return w_
          .exec_params("INSERT INTO tours (operator_id, status, countries, first_day, last_day, programme, updated, "
                       "version, feedback_code) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                       t.operator_, std::string{to_string(t.status_)}, deciding_text(t), first_day(t), last_day(t),
                       programme_text(t), t.updated_, t.version_, t.feedback_code_)[0][0]
          .as<std::int64_t>();
    });
  }
  void update_tour(tour const& t) override {
    auto const changed = translated([&] {
      return w_
          .exec_params("UPDATE tours SET operator_id = $1, status = $2, countries = $3, first_day = $4, last_day = $5, "
                       "programme = $6, updated = $7, version = $8 WHERE id = $9 AND version = $8 - 1",
                       t.operator_, std::string{to_string(t.status_)}, deciding_text(t), first_day(t), last_day(t),
                       programme_text(t), t.updated_, t.version_, t.id_)
          .affected_rows();
    });
    if (changed != 1) {
      throw conflict_error{fmt::format("tour {} was changed by someone else (or is gone): read it again", t.id_)};
    }
  }

  std::vector<member_row> members_of(tour_id id) override {
    return members(fmt::format("SELECT {} FROM members WHERE tour_id = $1 ORDER BY id", kMemberColumns), id);
  }
  std::size_t count_members(tour_id id) override {
    return translated(
        [&] { return w_.exec_params("SELECT count(*) FROM members WHERE tour_id = $1", id)[0][0].as<std::size_t>(); });
  }
  member_id insert_member(member_row const& m) override {
    return translated([&] {
      return w_
          .exec_params("INSERT INTO members (tour_id, ref, latin_name, native_name, nationality, passport, "
                       "passport_expiry, birth_date, sex) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                       m.tour_, m.ref_, m.latin_name_, m.native_name_, m.nationality_, m.passport_sealed_,
                       m.passport_expiry_, m.birth_date_sealed_, std::string(1, m.sex_))[0][0]
          .as<std::int64_t>();
    });
  }
  bool delete_member(tour_id id, std::string_view ref) override {
    return translated([&] {
      return w_.exec_params("DELETE FROM members WHERE tour_id = $1 AND ref = $2", id, std::string{ref}).affected_rows() == 1;
    });
  }
  std::vector<member_row> members_after(member_id after, std::size_t limit) override {
    return members(fmt::format("SELECT {} FROM members WHERE id > $1 ORDER BY id LIMIT $2", kMemberColumns), after,
                   static_cast<std::int64_t>(limit));
  }
  void update_member_seals(member_row const& m) override {
    translated([&] {
      w_.exec_params("UPDATE members SET passport = $1, birth_date = $2 WHERE id = $3", m.passport_sealed_,
                     m.birth_date_sealed_, m.id_);
    });
  }

  void append_audit(audit_entry& e) override {
    auto const prev = one<audit_entry>(fmt::format("SELECT {} FROM audit ORDER BY seq DESC LIMIT 1", kAuditColumns),
                                       read_audit);
    chain_after(e, prev ? &*prev : nullptr);
    translated([&] {
      w_.exec_params(fmt::format("INSERT INTO audit ({}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)", kAuditColumns),
                     e.seq_, e.at_, e.actor_, e.action_, e.entity_, e.before_, e.after_, e.prev_hash_, e.hash_);
    });
  }
  std::vector<audit_entry> audit_entries(std::int64_t from_seq, std::size_t limit) override {
    return translated([&] {
      std::vector<audit_entry> out;
      for (auto const& r : w_.exec_params(fmt::format("SELECT {} FROM audit WHERE seq >= $1 ORDER BY seq LIMIT $2",
                                                      kAuditColumns),
                                          from_seq, static_cast<std::int64_t>(limit))) {
        out.push_back(read_audit(r));
      }
      return out;
    });
  }

  // The cases (cases/store.h).
  cases::case_id insert_case(cases::case_record const& c) override {
    return translated([&] {
      return w_
          .exec_params(fmt::format("INSERT INTO cases ({}) VALUES (DEFAULT, {}) RETURNING id", kCaseColumns,
                                   placeholders(1, kCaseValues)),
                       pqxx::prepare::make_dynamic_params(texts(case_values(c))))[0][0]
          .as<std::int64_t>();
    });
  }
  void update_case(cases::case_record const& c) override {
    // Every column but id set from $1..$31 (version last: $31), the row found by id ($32).
    auto const values = texts(case_values(c));
    auto const changed = translated([&] {
      return w_
          .exec_params(fmt::format("UPDATE cases SET ({}) = ({}) WHERE id = ${} AND version = ${} - 1",
                                   std::string_view{kCaseColumns}.substr(4), placeholders(1, kCaseValues),
                                   kCaseValues + 1, kCaseValues),
                       pqxx::prepare::make_dynamic_params(values), c.id_)
          .affected_rows();
    });
    if (changed != 1) {
      throw conflict_error{fmt::format("case {} was changed by someone else (or is gone): read it again", c.id_)};
    }
  }
  std::optional<cases::case_record> case_by_id(cases::case_id id) override {
    return one<cases::case_record>(fmt::format("SELECT {} FROM cases WHERE id = $1", kCaseColumns),
                                   [](pqxx::row const& r) { return case_from_row(row_view{r}); }, id);
  }
  std::vector<cases::case_record> find_cases(cases::case_query const& q) override {
    auto const sql = case_query_sql(q, '$');
    return case_rows(fmt::format("SELECT {} FROM cases{}", kCaseColumns, sql.tail_),
                     pqxx::prepare::make_dynamic_params(texts(sql.values_)));
  }
  std::vector<cases::case_record> due_cases(cases::instant now, std::size_t limit) override {
    return case_rows(fmt::format("SELECT {} FROM cases WHERE open AND escalated_to IS NULL AND next_due <= $1 "
                                 "ORDER BY next_due, id LIMIT $2",
                                 kCaseColumns),
                     now, static_cast<std::int64_t>(limit));
  }
  std::vector<cases::case_record> open_cases_on(std::string_view calendar, cases::case_id after,
                                                std::size_t limit) override {
    return case_rows(fmt::format("SELECT {} FROM cases WHERE open AND calendar = $1 AND id > $2 ORDER BY id LIMIT $3",
                                 kCaseColumns),
                     std::string{calendar}, after, static_cast<std::int64_t>(limit));
  }

  cases::event_id insert_event(cases::case_event const& e) override {
    return translated([&] {
      return w_
          .exec_params("INSERT INTO case_events (case_id, at, actor, actor_party, action, from_state, to_state, "
                       "message, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                       e.case_, e.at_, e.actor_, std::string{cases::to_string(e.actor_party_)}, e.action_, e.from_,
                       e.to_, e.text_sealed_, e.data_)[0][0]
          .as<std::int64_t>();
    });
  }
  std::vector<cases::case_event> events_of(cases::case_id id) override {
    return translated([&] {
      std::vector<cases::case_event> out;
      for (auto const& r : w_.exec_params(
               fmt::format("SELECT {} FROM case_events WHERE case_id = $1 ORDER BY id", kEventColumns), id)) {
        out.push_back(read_event(r));
      }
      return out;
    });
  }

  std::vector<cases::case_record> cases_after(cases::case_id after, std::size_t limit) override {
    return case_rows(fmt::format("SELECT {} FROM cases WHERE id > $1 ORDER BY id LIMIT $2", kCaseColumns), after,
                     static_cast<std::int64_t>(limit));
  }
  std::vector<cases::case_event> texts_after(cases::event_id after, std::size_t limit) override {
    return translated([&] {
      std::vector<cases::case_event> out;
      for (auto const& r : w_.exec_params(
               fmt::format("SELECT {} FROM case_events WHERE id > $1 AND message <> '' ORDER BY id LIMIT $2", kEventColumns),
               after, static_cast<std::int64_t>(limit))) {
        out.push_back(read_event(r));
      }
      return out;
    });
  }
  void reseal_event(cases::event_id id, std::string const& text_sealed) override {
    translated([&] { w_.exec_params("UPDATE case_events SET message = $1 WHERE id = $2", text_sealed, id); });
  }
  std::vector<cases::attachment_row> attachments_after(std::string_view digest, std::size_t limit) override {
    return translated([&] {
      std::vector<cases::attachment_row> out;
      for (auto const& r : w_.exec_params("SELECT digest, media_type, size, sealed FROM attachments WHERE digest > $1 "
                                          "ORDER BY digest LIMIT $2",
                                          std::string{digest}, static_cast<std::int64_t>(limit))) {
        out.push_back({r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::int64_t>(), r[3].as<std::string>()});
      }
      return out;
    });
  }
  void reseal_attachment(std::string_view digest, std::string const& sealed) override {
    translated([&] { w_.exec_params("UPDATE attachments SET sealed = $1 WHERE digest = $2", sealed, std::string{digest}); });
  }

  void put_attachment(cases::attachment_row const& a) override {
    translated([&] {
      w_.exec_params("INSERT INTO attachments (digest, media_type, size, sealed) VALUES ($1, $2, $3, $4) "
                     "ON CONFLICT (digest) DO NOTHING",
                     a.digest_, a.media_type_, a.size_, a.sealed_);
    });
  }
  std::optional<cases::attachment_row> attachment(std::string_view digest) override {
    return one<cases::attachment_row>(
        "SELECT digest, media_type, size, sealed FROM attachments WHERE digest = $1",
        [](pqxx::row const& r) {
          return cases::attachment_row{r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::int64_t>(),
                                       r[3].as<std::string>()};
        },
        std::string{digest});
  }

  std::int64_t insert_outbox(cases::outbox_row const& r) override {
    return translated([&] {
      return w_
          .exec_params("INSERT INTO outbox (case_id, event_id, created, payload, attempts, next_attempt, delivered, "
                       "last_error) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                       r.case_, r.event_, r.created_, r.payload_, r.attempts_, r.next_attempt_, r.delivered_,
                       r.last_error_)[0][0]
          .as<std::int64_t>();
    });
  }
  std::vector<cases::outbox_row> pending_outbox(cases::instant now, std::size_t limit) override {
    return translated([&] {
      std::vector<cases::outbox_row> out;
      for (auto const& r : w_.exec_params(fmt::format("SELECT {} FROM outbox WHERE delivered IS NULL AND "
                                                      "next_attempt <= $1 ORDER BY next_attempt, id LIMIT $2",
                                                      kOutboxColumns),
                                          now, static_cast<std::int64_t>(limit))) {
        out.push_back(read_outbox(r));
      }
      return out;
    });
  }
  void update_outbox(cases::outbox_row const& r) override {
    translated([&] {
      w_.exec_params("UPDATE outbox SET case_id = $1, event_id = $2, created = $3, payload = $4, attempts = $5, "
                     "next_attempt = $6, delivered = $7, last_error = $8 WHERE id = $9",
                     r.case_, r.event_, r.created_, r.payload_, r.attempts_, r.next_attempt_, r.delivered_,
                     r.last_error_, r.id_);
    });
  }

  std::optional<cases::stored_calendar> calendar(std::string_view id) override {
    return one<cases::stored_calendar>("SELECT body, version FROM calendars WHERE id = $1", read_calendar,
                                       std::string{id});
  }
  std::vector<cases::stored_calendar> calendars() override {
    return translated([&] {
      std::vector<cases::stored_calendar> out;
      for (auto const& r : w_.exec("SELECT body, version FROM calendars ORDER BY id")) {
        out.push_back(read_calendar(r));
      }
      return out;
    });
  }
  void put_calendar(cases::business_calendar const& c, std::int64_t version) override {
    auto const body = cases::calendar_to_json(c);
    if (version == 1) {
      // A first version: the id must be free (a second writer that also saw none is refused).
      translated([&] { w_.exec_params("INSERT INTO calendars (id, body, version) VALUES ($1, $2, 1)", c.id_, body); });
      return;
    }
    auto const changed = translated([&] {
      return w_
          .exec_params("UPDATE calendars SET body = $1, version = $2 WHERE id = $3 AND version = $2 - 1", body,
                       version, c.id_)
          .affected_rows();
    });
    if (changed != 1) {
      throw conflict_error{fmt::format("calendar {} was changed by someone else (or is gone): read it again", c.id_)};
    }
  }

  std::optional<std::string> insurer_country(std::string_view organisation) override {
    return one<std::string>(
        "SELECT country FROM accounts WHERE role = 'insurer' AND organisation = $1 ORDER BY id LIMIT 1",
        [](pqxx::row const& r) { return r[0].as<std::string>(); }, std::string{organisation});
  }

  std::int64_t insert_rating(rating_row const& r) override {
    return translated([&] {
      return w_
          .exec_params(fmt::format("INSERT INTO ratings ({}) VALUES (DEFAULT, $1, $2, $3, $4, $5, $6, $7) RETURNING id",
                                   kRatingColumns),
                       std::string{to_string(r.subject_)}, r.subject_id_, r.rating_, r.comment_sealed_, r.by_, r.country_,
                       r.created_)[0][0]
          .as<std::int64_t>();
    });
  }
  std::vector<rating_row> ratings_of(rating_subject subject, std::int64_t id) override {
    return translated([&] {
      std::vector<rating_row> out;
      for (auto const& r : w_.exec_params(
               fmt::format("SELECT {} FROM ratings WHERE subject_kind = $1 AND subject_id = $2 ORDER BY id", kRatingColumns),
               std::string{to_string(subject)}, id)) {
        out.push_back(read_rating(r));
      }
      return out;
    });
  }
  std::size_t count_ratings(rating_subject subject, std::int64_t id) override {
    return translated([&] {
      return w_.exec_params("SELECT count(*) FROM ratings WHERE subject_kind = $1 AND subject_id = $2",
                            std::string{to_string(subject)}, id)[0][0]
          .as<std::size_t>();
    });
  }

  std::vector<rating_row> comments_after(std::int64_t after, std::size_t limit) override {
    return translated([&] {
      std::vector<rating_row> out;
      for (auto const& r : w_.exec_params(
               fmt::format("SELECT {} FROM ratings WHERE id > $1 AND comment <> '' ORDER BY id LIMIT $2", kRatingColumns),
               after, static_cast<std::int64_t>(limit))) {
        out.push_back(read_rating(r));
      }
      return out;
    });
  }
  void reseal_comment(std::int64_t id, std::string const& sealed) override {
    translated([&] { w_.exec_params("UPDATE ratings SET comment = $1 WHERE id = $2", sealed, id); });
  }

  std::vector<aggregate_row> operators_by_country_status(std::int32_t day) override {
    return aggregate("SELECT country, CASE WHEN status = 'approved' AND valid_to < $1 THEN 'expired' ELSE status END AS st, "
                     "count(*) FROM operators GROUP BY country, st",
                     2, false, day);
  }
  std::vector<aggregate_row> approved_tours_by_corridor_month(std::int32_t first, std::int32_t last) override {
    return aggregate(fmt::format("SELECT {} AS corridor, {} AS month, count(*) FROM tours t WHERE t.status = 'approved' "
                                 "AND t.first_day BETWEEN $1 AND $2 GROUP BY corridor, month",
                                 kCorridor, kMonth),
                     2, false, first, last);
  }
  std::vector<aggregate_row> travellers_by_corridor_nationality_month(std::int32_t first, std::int32_t last) override {
    return aggregate(fmt::format("SELECT {} AS corridor, m.nationality, {} AS month, count(*) FROM members m "
                                 "JOIN tours t ON t.id = m.tour_id WHERE t.status = 'approved' AND t.first_day BETWEEN $1 AND $2 "
                                 "GROUP BY corridor, m.nationality, month",
                                 kCorridor, kMonth),
                     3, false, first, last);
  }
  std::vector<aggregate_row> ratings_by_subject_country(instant from, instant to) override {
    return aggregate("SELECT subject_kind, country, count(*), sum(rating) FROM ratings WHERE created >= $1 AND created < $2 "
                     "GROUP BY subject_kind, country",
                     2, true, from, to);
  }
  std::vector<aggregate_row> cases_by_kind_country_outcome(instant from, instant to) override {
    return aggregate("SELECT kind, country, CASE WHEN open THEN 'open' ELSE outcome END AS result, count(*) FROM cases "
                     "WHERE created >= $1 AND created < $2 GROUP BY kind, country, result",
                     3, false, from, to);
  }
  std::vector<aggregate_row> closed_cases_by_kind_country_breached(instant from, instant to) override {
    return aggregate("SELECT kind, country, CASE WHEN breached THEN 'yes' ELSE 'no' END AS missed, count(*) FROM cases "
                     "WHERE NOT open AND created >= $1 AND created < $2 GROUP BY kind, country, missed",
                     3, false, from, to);
  }

 private:
  // The rows of an aggregate query: `keys` text columns, then count(*), then (with_sum) a sum.
  template <typename... Args>
  std::vector<aggregate_row> aggregate(std::string const& sql, int keys, bool with_sum, Args&&... args) {
    return translated([&] {
      std::vector<aggregate_row> out;
      for (pqxx::row const& r : w_.exec_params(sql, std::forward<Args>(args)...)) {
        aggregate_row a;
        for (int i = 0; i != keys; ++i) {
          a.keys_.push_back(r[i].as<std::string>());
        }
        a.count_ = r[keys].as<std::int64_t>();
        a.sum_ = with_sum ? r[keys + 1].as<std::int64_t>() : 0;
        out.push_back(std::move(a));
      }
      return by_keys(std::move(out));
    });
  }

  template <typename... Args>
  std::vector<cases::case_record> case_rows(std::string const& sql, Args&&... args) {
    return translated([&] {
      std::vector<cases::case_record> out;
      for (auto const& r : w_.exec_params(sql, std::forward<Args>(args)...)) {
        out.push_back(case_from_row(row_view{r}));
      }
      return out;
    });
  }

  template <typename T, typename Read, typename... Args>
  std::optional<T> one(std::string const& sql, Read read, Args&&... args) {
    return translated([&]() -> std::optional<T> {
      auto const rows = w_.exec_params(sql, std::forward<Args>(args)...);
      if (rows.empty()) {
        return std::nullopt;
      }
      return read(rows[0]);
    });
  }

  template <typename... Args>
  std::vector<member_row> members(std::string const& sql, Args&&... args) {
    return translated([&] {
      std::vector<member_row> out;
      for (auto const& r : w_.exec_params(sql, std::forward<Args>(args)...)) {
        out.push_back(read_member(r));
      }
      return out;
    });
  }

  pqxx::work& w_;
};

class postgres_store final : public register_store {
 public:
  postgres_store(std::string conninfo, int connections, bool replica)
      : conninfo_{std::move(conninfo)}, capacity_{connections}, replica_{replica} {
    auto c = connect();
    if (replica_) {
      check_replica(*c);
    } else {
      migrate(*c);
    }
    idle_.push_back(std::move(c));
    ++open_;
  }

  void write(std::function<void(unit_of_work&)> const& work) override {
    if (replica_) {
      throw store_error{"the register's read replica takes no writes"};
    }
    run(work, true);
  }
  void read(std::function<void(unit_of_work&)> const& work) override { run(work, false); }
  // The cases' units are the same units (one transaction, one lock): only the view differs.
  void write_cases(std::function<void(cases::case_unit&)> const& work) override {
    write([&](unit_of_work& u) { work(static_cast<postgres_unit&>(u)); });
  }
  void read_cases(std::function<void(cases::case_unit&)> const& work) override {
    read([&](unit_of_work& u) { work(static_cast<postgres_unit&>(u)); });
  }

  int schema_version() override {
    int v = 0;
    auto c = take();
    try {
      pqxx::nontransaction n{*c};
      v = n.exec("SELECT coalesce(max(version), 0) FROM schema_migrations")[0][0].as<int>();
    } catch (pqxx::failure const& e) {
      give_back(std::move(c));
      throw store_error{fmt::format("PostgreSQL: {}", e.what())};
    }
    give_back(std::move(c));
    return v;
  }

 private:
  std::unique_ptr<pqxx::connection> connect() {
    try {
      auto c = std::make_unique<pqxx::connection>(conninfo_);
      if (replica_) {
        // Read-only on the server's side too: a replica given the primary's address still writes nothing.
        pqxx::nontransaction n{*c};
        n.exec("SET default_transaction_read_only = on");
      }
      return c;
    } catch (pqxx::failure const& e) {
      // libpq's message names the host and database, and never the password.
      throw store_error{fmt::format("cannot reach the register's PostgreSQL: {}", e.what())};
    }
  }

  void migrate(pqxx::connection& c) {
    translated([&] {
      pqxx::work w{c};
      w.exec_params("SELECT pg_advisory_xact_lock($1)", kWriteLock);  // one migrating process at a time
      w.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
      auto const at = w.exec("SELECT coalesce(max(version), 0) FROM schema_migrations")[0][0].as<int>();
      auto const& steps = postgres_migrations();
      if (at > static_cast<int>(steps.size())) {
        throw store_error{fmt::format("the register is at schema version {}, newer than this program's {}: use a "
                                      "newer Caravan", at, steps.size())};
      }
      for (auto v = at; v < static_cast<int>(steps.size()); ++v) {
        w.exec(steps[static_cast<std::size_t>(v)]);
        w.exec_params("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, now()::text)", v + 1);
      }
      w.commit();
    });
  }

  // A replica is never migrated (a standby cannot be, and the primary's processes do it): its schema
  // must already be this program's, or the lookup's queries could fail on a missing column.
  void check_replica(pqxx::connection& c) {
    translated([&] {
      pqxx::nontransaction n{c};
      auto const exists = n.exec("SELECT to_regclass('schema_migrations') IS NOT NULL")[0][0].as<bool>();
      auto const at = exists ? n.exec("SELECT coalesce(max(version), 0) FROM schema_migrations")[0][0].as<int>() : 0;
      auto const ours = static_cast<int>(postgres_migrations().size());
      if (at != ours) {
        throw store_error{fmt::format("the register's read replica is at schema version {}, this program's is {}: "
                                      "open the primary first, and let the replica catch up",
                                      at, ours)};
      }
    });
  }

  void run(std::function<void(unit_of_work&)> const& work, bool writes) {
    auto c = take();
    try {
      translated([&] {
        pqxx::work w{*c};
        if (writes) {
          w.exec_params("SELECT pg_advisory_xact_lock($1)", kWriteLock);
        }
        postgres_unit unit{w};
        work(unit);
        w.commit();  // a work not committed is rolled back by its destructor
      });
    } catch (...) {
      // A connection that broke is dropped; the next unit opens a new one.
      if (c->is_open()) {
        give_back(std::move(c));
      } else {
        drop();
      }
      throw;
    }
    give_back(std::move(c));
  }

  std::unique_ptr<pqxx::connection> take() {
    std::unique_lock lock{mutex_};
    available_.wait(lock, [&] { return !idle_.empty() || open_ < capacity_; });
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      return c;
    }
    ++open_;
    lock.unlock();
    try {
      return connect();
    } catch (...) {
      drop();
      throw;
    }
  }
  void give_back(std::unique_ptr<pqxx::connection> c) {
    {
      std::lock_guard const lock{mutex_};
      idle_.push_back(std::move(c));
    }
    available_.notify_one();
  }
  void drop() {
    {
      std::lock_guard const lock{mutex_};
      --open_;
    }
    available_.notify_one();
  }

  std::string conninfo_;
  int capacity_;
  bool replica_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_;
  int open_{0};
};

}  // namespace

std::unique_ptr<register_store> open_postgres_store(std::string const& conninfo, int connections) {
  return std::make_unique<postgres_store>(conninfo, connections < 1 ? 1 : connections, false);
}

std::unique_ptr<register_store> open_postgres_replica(std::string const& conninfo, int connections) {
  return std::make_unique<postgres_store>(conninfo, connections < 1 ? 1 : connections, true);
}

}  // namespace caravan::storage
