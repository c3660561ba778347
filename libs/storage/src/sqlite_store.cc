#include "caravan/storage/sqlite_store.h"

#include <sqlite3.h>

#include <condition_variable>
#include <mutex>
#include <type_traits>
#include <variant>
#include <vector>

#include <fmt/format.h>

#include "columns.h"
#include "migrations.h"

namespace caravan::storage {

using namespace registry;

namespace {

// One prepared statement, finalized on scope exit; bind() by 1-based position, step() per row.
class statement {
 public:
  statement(sqlite3* db, std::string_view sql) : db_{db} {
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) != SQLITE_OK) {
      throw store_error{fmt::format("SQLite: {} in: {}", sqlite3_errmsg(db), sql)};
    }
  }
  statement(statement const&) = delete;
  statement& operator=(statement const&) = delete;
  ~statement() { sqlite3_finalize(stmt_); }

  statement& bind(int i, std::int64_t v) { return check(sqlite3_bind_int64(stmt_, i, v)); }
  statement& bind(int i, std::string_view v) {
    // An empty view may have no data pointer, which SQLite would bind as NULL: bind "" instead.
    return check(sqlite3_bind_text(stmt_, i, v.empty() ? "" : v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT));
  }
  statement& bind_null(int i) { return check(sqlite3_bind_null(stmt_, i)); }
  statement& bind_value(int i, value const& v) {
    return std::visit(
        [&](auto const& x) -> statement& {
          using T = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<T, std::monostate>) {
            return bind_null(i);
          } else if constexpr (std::is_same_v<T, bool>) {
            return bind(i, std::int64_t{x});
          } else if constexpr (std::is_same_v<T, std::string>) {
            return bind(i, std::string_view{x});
          } else {
            return bind(i, x);
          }
        },
        v);
  }
  // Binds `values` from position `first` on.
  statement& bind_all(std::vector<value> const& values, int first = 1) {
    for (std::size_t i = 0; i != values.size(); ++i) {
      bind_value(first + static_cast<int>(i), values[i]);
    }
    return *this;
  }

  // True while there is a row; false when done. Throws on errors (conflict_error for UNIQUE).
  bool step() {
    auto const rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) {
      return true;
    }
    if (rc == SQLITE_DONE) {
      return false;
    }
    // A key taken: UNIQUE, or a TEXT PRIMARY KEY (a calendar's id), which SQLite reports apart.
    if (rc == SQLITE_CONSTRAINT && (sqlite3_extended_errcode(db_) == SQLITE_CONSTRAINT_UNIQUE ||
                                    sqlite3_extended_errcode(db_) == SQLITE_CONSTRAINT_PRIMARYKEY)) {
      throw conflict_error{fmt::format("already there: {}", sqlite3_errmsg(db_))};
    }
    throw store_error{fmt::format("SQLite: {}", sqlite3_errmsg(db_))};
  }
  void run() {
    while (step()) {
    }
  }

  std::int64_t integer(int col) const { return sqlite3_column_int64(stmt_, col); }
  bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  bool boolean(int col) const { return integer(col) != 0; }
  std::string text(int col) const {
    auto const* p = sqlite3_column_text(stmt_, col);
    return p == nullptr ? std::string{} : std::string{reinterpret_cast<char const*>(p),
                                                      static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))};
  }

 private:
  statement& check(int rc) {
    if (rc != SQLITE_OK) {
      throw store_error{fmt::format("SQLite: {}", sqlite3_errmsg(db_))};
    }
    return *this;
  }
  sqlite3* db_;
  sqlite3_stmt* stmt_{nullptr};
};

void exec(sqlite3* db, char const* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string const msg = err == nullptr ? "unknown error" : err;
    sqlite3_free(err);
    throw store_error{fmt::format("SQLite: {}", msg)};
  }
}

account read_account(statement const& s) {
  account a;
  a.id_ = s.integer(0);
  a.email_ = s.text(1);
  a.display_name_ = s.text(2);
  a.role_ = role_column(s.text(3));
  if (!s.is_null(4)) {
    a.operator_ = s.integer(4);
  }
  a.country_ = s.text(5);
  a.password_hash_ = s.text(6);
  a.disabled_ = s.integer(7) != 0;
  a.created_ = s.integer(8);
  a.organisation_ = s.text(9);
  return a;
}
constexpr auto kAccountColumns =
    "id, email, display_name, role, operator_id, country, password_hash, disabled, created, organisation";

tour_operator read_operator(statement const& s) {
  tour_operator o;
  o.id_ = s.integer(0);
  o.legal_name_ = s.text(1);
  o.names_ = names_column(s.text(2));
  o.country_ = s.text(3);
  o.licence_number_ = s.text(4);
  o.issuer_ = s.text(5);
  o.valid_from_ = static_cast<std::int32_t>(s.integer(6));
  o.valid_to_ = static_cast<std::int32_t>(s.integer(7));
  o.status_ = operator_status_column(s.text(8));
  o.email_ = s.text(9);
  o.phone_ = s.text(10);
  o.website_ = s.text(11);
  o.countries_ = countries_column(s.text(12));
  o.updated_ = s.integer(13);
  o.version_ = s.integer(14);
  return o;
}
constexpr auto kOperatorColumns =
    "id, legal_name, names, country, licence_number, issuer, valid_from, valid_to, status, email, phone, website, "
    "countries, updated, version";

tour read_tour(statement const& s) {
  tour t;
  t.id_ = s.integer(0);
  t.operator_ = s.integer(1);
  t.status_ = tour_status_column(s.text(2));
  programme_column(s.text(3), t);
  t.updated_ = s.integer(4);
  t.version_ = s.integer(5);
  t.feedback_code_ = s.text(6);
  return t;
}
constexpr auto kTourColumns = "id, operator_id, status, programme, updated, version, feedback_code";

rating_row read_rating(statement const& s) {
  rating_row r{.id_ = s.integer(0), .subject_ = rating_subject_column(s.text(1)), .subject_id_ = s.integer(2),
               .rating_ = static_cast<int>(s.integer(3)), .comment_sealed_ = s.text(4), .country_ = s.text(6),
               .created_ = s.integer(7)};
  if (!s.is_null(5)) {
    r.by_ = s.integer(5);
  }
  return r;
}
constexpr auto kRatingColumns = "id, subject_kind, subject_id, rating, comment, account_id, country, created";

// The rows of an aggregate query: `keys` text columns, then count(*), then (with_sum) a sum.
std::vector<aggregate_row> aggregate_rows(statement& s, int keys, bool with_sum) {
  std::vector<aggregate_row> out;
  while (s.step()) {
    aggregate_row r;
    for (int i = 0; i != keys; ++i) {
      r.keys_.push_back(s.text(i));
    }
    r.count_ = s.integer(keys);
    r.sum_ = with_sum ? s.integer(keys + 1) : 0;
    out.push_back(std::move(r));
  }
  return by_keys(std::move(out));
}

// A tour's corridor and month as the aggregates group them (the countries column is ",CN,KZ,").
constexpr auto kCorridor = "replace(trim(t.countries, ','), ',', '-')";
constexpr auto kMonth = "strftime('%Y-%m', t.first_day * 86400, 'unixepoch')";

member_row read_member(statement const& s) {
  auto const sex = s.text(9);
  return member_row{.id_ = s.integer(0), .tour_ = s.integer(1), .ref_ = s.text(2), .latin_name_ = s.text(3),
                    .native_name_ = s.text(4), .nationality_ = s.text(5), .passport_sealed_ = s.text(6),
                    .passport_expiry_ = static_cast<std::int32_t>(s.integer(7)), .birth_date_sealed_ = s.text(8),
                    .sex_ = sex.empty() ? 'X' : sex[0]};
}
constexpr auto kMemberColumns =
    "id, tour_id, ref, latin_name, native_name, nationality, passport, passport_expiry, birth_date, sex";

audit_entry read_audit(statement const& s) {
  return audit_entry{.seq_ = s.integer(0), .at_ = s.text(1), .actor_ = s.text(2), .action_ = s.text(3),
                     .entity_ = s.text(4), .before_ = s.text(5), .after_ = s.text(6), .prev_hash_ = s.text(7),
                     .hash_ = s.text(8)};
}

cases::case_event read_event(statement const& s) {
  return cases::case_event{.id_ = s.integer(0), .case_ = s.integer(1), .at_ = s.integer(2), .actor_ = s.integer(3),
                           .actor_party_ = party_column(s.text(4)), .action_ = s.text(5), .from_ = s.text(6),
                           .to_ = s.text(7), .text_sealed_ = s.text(8), .data_ = s.text(9)};
}
constexpr auto kEventColumns = "id, case_id, at, actor, actor_party, action, from_state, to_state, message, data";

cases::outbox_row read_outbox(statement const& s) {
  cases::outbox_row r{.id_ = s.integer(0), .case_ = s.integer(1), .event_ = s.integer(2), .created_ = s.integer(3),
                      .payload_ = s.text(4), .attempts_ = static_cast<int>(s.integer(5)),
                      .next_attempt_ = s.integer(6), .last_error_ = s.text(8)};
  if (!s.is_null(7)) {
    r.delivered_ = s.integer(7);
  }
  return r;
}
constexpr auto kOutboxColumns = "id, case_id, event_id, created, payload, attempts, next_attempt, delivered, last_error";

cases::stored_calendar read_calendar(statement const& s) {
  try {
    return {cases::calendar_from_json(s.text(0)), s.integer(1)};
  } catch (cases::calendar_error const& e) {
    throw store_error{fmt::format("the register holds a calendar that does not read: {}", e.what())};
  }
}

class sqlite_unit final : public cases::case_unit {
 public:
  explicit sqlite_unit(sqlite3* db) : db_{db} {}

  std::optional<account> account_by_id(account_id id) override {
    statement s{db_, fmt::format("SELECT {} FROM accounts WHERE id = ?", kAccountColumns)};
    s.bind(1, id);
    return s.step() ? std::optional{read_account(s)} : std::nullopt;
  }
  std::optional<account> account_by_email(std::string_view email) override {
    statement s{db_, fmt::format("SELECT {} FROM accounts WHERE email = ?", kAccountColumns)};
    s.bind(1, email);
    return s.step() ? std::optional{read_account(s)} : std::nullopt;
  }
  std::size_t count_accounts() override {
    statement s{db_, "SELECT count(*) FROM accounts"};
    s.step();
    return static_cast<std::size_t>(s.integer(0));
  }
  account_id insert_account(account const& a) override {
    statement s{db_,
                "INSERT INTO accounts (email, display_name, role, operator_id, country, password_hash, disabled, "
                "created, organisation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"};
    bind_account(s, a);
    s.run();
    return sqlite3_last_insert_rowid(db_);
  }
  void update_account(account const& a) override {
    statement s{db_,
                "UPDATE accounts SET email = ?, display_name = ?, role = ?, operator_id = ?, country = ?, "
                "password_hash = ?, disabled = ?, created = ?, organisation = ? WHERE id = ?"};
    bind_account(s, a);
    s.bind(10, a.id_).run();
  }

  void insert_session(session_row const& r) override {
    statement{db_, "INSERT INTO sessions (token_digest, account_id, created, expires, revoked) VALUES (?, ?, ?, ?, ?)"}
        .bind(1, r.token_digest_)
        .bind(2, r.account_)
        .bind(3, r.created_)
        .bind(4, r.expires_)
        .bind(5, std::int64_t{r.revoked_})
        .run();
  }
  std::optional<session_row> session_by_digest(std::string_view digest) override {
    statement s{db_, "SELECT token_digest, account_id, created, expires, revoked FROM sessions WHERE token_digest = ?"};
    s.bind(1, digest);
    if (!s.step()) {
      return std::nullopt;
    }
    return session_row{s.text(0), s.integer(1), s.integer(2), s.integer(3), s.integer(4) != 0};
  }
  void revoke_sessions(account_id id) override {
    statement{db_, "UPDATE sessions SET revoked = 1 WHERE account_id = ?"}.bind(1, id).run();
  }
  void revoke_session(std::string_view digest) override {
    statement{db_, "UPDATE sessions SET revoked = 1 WHERE token_digest = ?"}.bind(1, digest).run();
  }

  std::size_t purge_sessions(instant before) override {
    statement{db_, "DELETE FROM sessions WHERE expires < ?"}.bind(1, before).run();
    return static_cast<std::size_t>(sqlite3_changes(db_));
  }

  std::optional<tour_operator> operator_by_id(operator_id id) override {
    statement s{db_, fmt::format("SELECT {} FROM operators WHERE id = ?", kOperatorColumns)};
    s.bind(1, id);
    return s.step() ? std::optional{read_operator(s)} : std::nullopt;
  }
  std::vector<tour_operator> find_operators(operator_query const& q) override {
    // The text is matched in the legal name, the localized names (JSON text) and the licence number.
    statement s{db_, fmt::format("SELECT {} FROM operators WHERE (?1 = '' OR instr(lower(legal_name), lower(?1)) > 0 "
                                 "OR instr(lower(names), lower(?1)) > 0 OR licence_number = upper(?1)) AND (?2 = '' OR "
                                 "country = ?2) AND (?3 = '' OR (?3 = 'expired' AND status = 'approved' AND valid_to < ?6) "
                                 "OR (?3 = 'approved' AND status = 'approved' AND valid_to >= ?6) OR (?3 NOT IN ('approved', "
                                 "'expired') AND status = ?3)) AND (?7 = '' OR licence_number = ?7) "
                                 "ORDER BY legal_name, id LIMIT ?4 OFFSET ?5",
                                 kOperatorColumns)};
    s.bind(1, q.text_).bind(2, q.country_).bind(3, q.status_ ? to_string(*q.status_) : std::string_view{});
    s.bind(4, static_cast<std::int64_t>(q.limit_)).bind(5, static_cast<std::int64_t>(q.offset_));
    s.bind(6, std::int64_t{q.day_}).bind(7, q.licence_);
    std::vector<tour_operator> out;
    while (s.step()) {
      out.push_back(read_operator(s));
    }
    return out;
  }
  operator_id insert_operator(tour_operator const& o) override {
    statement s{db_, fmt::format("INSERT INTO operators ({}) VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                 kOperatorColumns)};
    bind_operator(s, o);
    s.run();
    return sqlite3_last_insert_rowid(db_);
  }
  void update_operator(tour_operator const& o) override {
    statement s{db_,
                "UPDATE operators SET legal_name = ?1, names = ?2, country = ?3, licence_number = ?4, issuer = ?5, "
                "valid_from = ?6, valid_to = ?7, status = ?8, email = ?9, phone = ?10, website = ?11, countries = ?12, "
                "updated = ?13, version = ?14 WHERE id = ?15 AND version = ?14 - 1"};
    bind_operator(s, o);
    s.bind(15, o.id_).run();
    if (sqlite3_changes(db_) != 1) {
      throw conflict_error{fmt::format("operator {} was changed by someone else (or is gone): read it again", o.id_)};
    }
  }

  std::optional<tour> tour_by_id(tour_id id) override {
    statement s{db_, fmt::format("SELECT {} FROM tours WHERE id = ?", kTourColumns)};
    s.bind(1, id);
    return s.step() ? std::optional{read_tour(s)} : std::nullopt;
  }
  std::vector<tour> find_tours(tour_query const& q) override {
    statement s{db_, fmt::format("SELECT {} FROM tours WHERE (?1 IS NULL OR operator_id = ?1) AND (?2 = '' OR "
                                 "instr(countries, ',' || ?2 || ',') > 0) AND (?3 = '' OR status = ?3) AND (?6 = 0 OR status <> 'draft') "
                                 "ORDER BY id DESC LIMIT ?4 OFFSET ?5",
                                 kTourColumns)};
    q.operator_ ? s.bind(1, *q.operator_) : s.bind_null(1);
    s.bind(2, q.country_).bind(3, q.status_ ? to_string(*q.status_) : std::string_view{});
    s.bind(4, static_cast<std::int64_t>(q.limit_)).bind(5, static_cast<std::int64_t>(q.offset_));
    s.bind(6, std::int64_t{q.submitted_only_});
    std::vector<tour> out;
    while (s.step()) {
      out.push_back(read_tour(s));
    }
    return out;
  }
  tour_id insert_tour(tour const& t) override {
    statement s{db_, "INSERT INTO tours (operator_id, status, countries, first_day, last_day, programme, updated, "
                     "version, feedback_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"};
    bind_tour(s, t);
    s.bind(9, t.feedback_code_).run();
    return sqlite3_last_insert_rowid(db_);
  }
  void update_tour(tour const& t) override {
    statement s{db_, "UPDATE tours SET operator_id = ?1, status = ?2, countries = ?3, first_day = ?4, last_day = ?5, "
                     "programme = ?6, updated = ?7, version = ?8 WHERE id = ?9 AND version = ?8 - 1"};
    bind_tour(s, t);
    s.bind(9, t.id_).run();
    if (sqlite3_changes(db_) != 1) {
      throw conflict_error{fmt::format("tour {} was changed by someone else (or is gone): read it again", t.id_)};
    }
  }

  std::vector<member_row> members_of(tour_id id) override {
    statement s{db_, fmt::format("SELECT {} FROM members WHERE tour_id = ? ORDER BY id", kMemberColumns)};
    s.bind(1, id);
    return members(s);
  }
  std::size_t count_members(tour_id id) override {
    statement s{db_, "SELECT count(*) FROM members WHERE tour_id = ?"};
    s.bind(1, id).step();
    return static_cast<std::size_t>(s.integer(0));
  }
  member_id insert_member(member_row const& m) override {
    statement s{db_, "INSERT INTO members (tour_id, ref, latin_name, native_name, nationality, passport, "
                     "passport_expiry, birth_date, sex) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"};
    s.bind(1, m.tour_).bind(2, m.ref_).bind(3, m.latin_name_).bind(4, m.native_name_).bind(5, m.nationality_);
    s.bind(6, m.passport_sealed_).bind(7, std::int64_t{m.passport_expiry_}).bind(8, m.birth_date_sealed_);
    s.bind(9, std::string_view{&m.sex_, 1}).run();
    return sqlite3_last_insert_rowid(db_);
  }
  bool delete_member(tour_id id, std::string_view ref) override {
    statement{db_, "DELETE FROM members WHERE tour_id = ? AND ref = ?"}.bind(1, id).bind(2, ref).run();
    return sqlite3_changes(db_) == 1;
  }
  std::vector<member_row> members_after(member_id after, std::size_t limit) override {
    statement s{db_, fmt::format("SELECT {} FROM members WHERE id > ? ORDER BY id LIMIT ?", kMemberColumns)};
    s.bind(1, after).bind(2, static_cast<std::int64_t>(limit));
    return members(s);
  }
  void update_member_seals(member_row const& m) override {
    statement{db_, "UPDATE members SET passport = ?, birth_date = ? WHERE id = ?"}
        .bind(1, m.passport_sealed_)
        .bind(2, m.birth_date_sealed_)
        .bind(3, m.id_)
        .run();
  }

  void append_audit(audit_entry& e) override {
    statement last{db_, "SELECT seq, at, actor, action, entity, before, after, prev_hash, hash FROM audit "
                        "ORDER BY seq DESC LIMIT 1"};
    std::optional<audit_entry> prev;
    if (last.step()) {
      prev = read_audit(last);
    }
    chain_after(e, prev ? &*prev : nullptr);
    statement{db_, "INSERT INTO audit (seq, at, actor, action, entity, before, after, prev_hash, hash) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"}
        .bind(1, e.seq_)
        .bind(2, e.at_)
        .bind(3, e.actor_)
        .bind(4, e.action_)
        .bind(5, e.entity_)
        .bind(6, e.before_)
        .bind(7, e.after_)
        .bind(8, e.prev_hash_)
        .bind(9, e.hash_)
        .run();
  }
  std::vector<audit_entry> audit_entries(std::int64_t from_seq, std::size_t limit) override {
    statement s{db_, "SELECT seq, at, actor, action, entity, before, after, prev_hash, hash FROM audit "
                     "WHERE seq >= ? ORDER BY seq LIMIT ?"};
    s.bind(1, from_seq).bind(2, static_cast<std::int64_t>(limit));
    std::vector<audit_entry> out;
    while (s.step()) {
      out.push_back(read_audit(s));
    }
    return out;
  }

  std::int64_t insert_rating(rating_row const& r) override {
    statement s{db_, fmt::format("INSERT INTO ratings ({}) VALUES (NULL, ?, ?, ?, ?, ?, ?, ?)", kRatingColumns)};
    s.bind(1, to_string(r.subject_)).bind(2, r.subject_id_).bind(3, std::int64_t{r.rating_}).bind(4, r.comment_sealed_);
    r.by_ ? s.bind(5, *r.by_) : s.bind_null(5);
    s.bind(6, r.country_).bind(7, r.created_).run();
    return sqlite3_last_insert_rowid(db_);
  }
  std::vector<rating_row> ratings_of(rating_subject subject, std::int64_t id) override {
    statement s{db_, fmt::format("SELECT {} FROM ratings WHERE subject_kind = ? AND subject_id = ? ORDER BY id", kRatingColumns)};
    s.bind(1, to_string(subject)).bind(2, id);
    std::vector<rating_row> out;
    while (s.step()) {
      out.push_back(read_rating(s));
    }
    return out;
  }
  std::size_t count_ratings(rating_subject subject, std::int64_t id) override {
    statement s{db_, "SELECT count(*) FROM ratings WHERE subject_kind = ? AND subject_id = ?"};
    s.bind(1, to_string(subject)).bind(2, id).step();
    return static_cast<std::size_t>(s.integer(0));
  }

  std::vector<rating_row> comments_after(std::int64_t after, std::size_t limit) override {
    statement s{db_, fmt::format("SELECT {} FROM ratings WHERE id > ? AND comment <> '' ORDER BY id LIMIT ?", kRatingColumns)};
    s.bind(1, after).bind(2, static_cast<std::int64_t>(limit));
    std::vector<rating_row> out;
    while (s.step()) {
      out.push_back(read_rating(s));
    }
    return out;
  }
  void reseal_comment(std::int64_t id, std::string const& sealed) override {
    statement{db_, "UPDATE ratings SET comment = ? WHERE id = ?"}.bind(1, sealed).bind(2, id).run();
  }

  std::vector<aggregate_row> operators_by_country_status(std::int32_t day) override {
    statement s{db_, "SELECT country, CASE WHEN status = 'approved' AND valid_to < ?1 THEN 'expired' ELSE status END AS st, "
                     "count(*) FROM operators GROUP BY country, st"};
    s.bind(1, std::int64_t{day});
    return aggregate_rows(s, 2, false);
  }
  std::vector<aggregate_row> approved_tours_by_corridor_month(std::int32_t first, std::int32_t last) override {
    statement s{db_, fmt::format("SELECT {} AS corridor, {} AS month, count(*) FROM tours t WHERE t.status = 'approved' "
                                 "AND t.first_day BETWEEN ?1 AND ?2 GROUP BY corridor, month",
                                 kCorridor, kMonth)};
    s.bind(1, std::int64_t{first}).bind(2, std::int64_t{last});
    return aggregate_rows(s, 2, false);
  }
  std::vector<aggregate_row> travellers_by_corridor_nationality_month(std::int32_t first, std::int32_t last) override {
    statement s{db_, fmt::format("SELECT {} AS corridor, m.nationality, {} AS month, count(*) FROM members m "
                                 "JOIN tours t ON t.id = m.tour_id WHERE t.status = 'approved' AND t.first_day BETWEEN ?1 AND ?2 "
                                 "GROUP BY corridor, m.nationality, month",
                                 kCorridor, kMonth)};
    s.bind(1, std::int64_t{first}).bind(2, std::int64_t{last});
    return aggregate_rows(s, 3, false);
  }
  std::vector<aggregate_row> ratings_by_subject_country(instant from, instant to) override {
    statement s{db_, "SELECT subject_kind, country, count(*), sum(rating) FROM ratings WHERE created >= ?1 AND created < ?2 "
                     "GROUP BY subject_kind, country"};
    s.bind(1, from).bind(2, to);
    return aggregate_rows(s, 2, true);
  }
  std::vector<aggregate_row> cases_by_kind_country_outcome(instant from, instant to) override {
    statement s{db_, "SELECT kind, country, CASE WHEN open = 1 THEN 'open' ELSE outcome END AS result, count(*) FROM cases "
                     "WHERE created >= ?1 AND created < ?2 GROUP BY kind, country, result"};
    s.bind(1, from).bind(2, to);
    return aggregate_rows(s, 3, false);
  }
  std::vector<aggregate_row> closed_cases_by_kind_country_breached(instant from, instant to) override {
    statement s{db_, "SELECT kind, country, CASE WHEN breached = 1 THEN 'yes' ELSE 'no' END AS missed, count(*) FROM cases "
                     "WHERE open = 0 AND created >= ?1 AND created < ?2 GROUP BY kind, country, missed"};
    s.bind(1, from).bind(2, to);
    return aggregate_rows(s, 3, false);
  }

  // The cases (cases/store.h).
  cases::case_id insert_case(cases::case_record const& c) override {
    statement s{db_, fmt::format("INSERT INTO cases ({}) VALUES (NULL, {})", kCaseColumns, placeholders(1, kCaseValues))};
    s.bind_all(case_values(c)).run();
    return sqlite3_last_insert_rowid(db_);
  }
  void update_case(cases::case_record const& c) override {
    // Every column but id set from ?1..?31 (version last: ?31), the row found by id (?32).
    statement s{db_, fmt::format("UPDATE cases SET ({}) = ({}) WHERE id = ?{} AND version = ?{} - 1",
                                 std::string_view{kCaseColumns}.substr(4), placeholders(1, kCaseValues),
                                 kCaseValues + 1, kCaseValues)};
    s.bind_all(case_values(c)).bind(kCaseValues + 1, c.id_).run();
    if (sqlite3_changes(db_) != 1) {
      throw conflict_error{fmt::format("case {} was changed by someone else (or is gone): read it again", c.id_)};
    }
  }
  std::optional<cases::case_record> case_by_id(cases::case_id id) override {
    statement s{db_, fmt::format("SELECT {} FROM cases WHERE id = ?", kCaseColumns)};
    s.bind(1, id);
    return s.step() ? std::optional{case_from_row(s)} : std::nullopt;
  }
  std::vector<cases::case_record> find_cases(cases::case_query const& q) override {
    auto const sql = case_query_sql(q, '?');
    statement s{db_, fmt::format("SELECT {} FROM cases{}", kCaseColumns, sql.tail_)};
    s.bind_all(sql.values_);
    return case_rows(s);
  }
  std::vector<cases::case_record> due_cases(cases::instant now, std::size_t limit) override {
    statement s{db_, fmt::format("SELECT {} FROM cases WHERE open = 1 AND escalated_to IS NULL AND next_due <= ? "
                                 "ORDER BY next_due, id LIMIT ?",
                                 kCaseColumns)};
    s.bind(1, now).bind(2, static_cast<std::int64_t>(limit));
    return case_rows(s);
  }
  std::vector<cases::case_record> open_cases_on(std::string_view calendar, cases::case_id after,
                                                std::size_t limit) override {
    statement s{db_, fmt::format("SELECT {} FROM cases WHERE open = 1 AND calendar = ? AND id > ? ORDER BY id LIMIT ?",
                                 kCaseColumns)};
    s.bind(1, calendar).bind(2, after).bind(3, static_cast<std::int64_t>(limit));
    return case_rows(s);
  }

  cases::event_id insert_event(cases::case_event const& e) override {
    statement{db_, "INSERT INTO case_events (case_id, at, actor, actor_party, action, from_state, to_state, message, "
                   "data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"}
        .bind(1, e.case_)
        .bind(2, e.at_)
        .bind(3, e.actor_)
        .bind(4, cases::to_string(e.actor_party_))
        .bind(5, e.action_)
        .bind(6, e.from_)
        .bind(7, e.to_)
        .bind(8, e.text_sealed_)
        .bind(9, e.data_)
        .run();
    return sqlite3_last_insert_rowid(db_);
  }
  std::vector<cases::case_event> events_of(cases::case_id id) override {
    statement s{db_, fmt::format("SELECT {} FROM case_events WHERE case_id = ? ORDER BY id", kEventColumns)};
    s.bind(1, id);
    std::vector<cases::case_event> out;
    while (s.step()) {
      out.push_back(read_event(s));
    }
    return out;
  }

  std::vector<cases::case_record> cases_after(cases::case_id after, std::size_t limit) override {
    statement s{db_, fmt::format("SELECT {} FROM cases WHERE id > ? ORDER BY id LIMIT ?", kCaseColumns)};
    s.bind(1, after).bind(2, static_cast<std::int64_t>(limit));
    return case_rows(s);
  }
  std::vector<cases::case_event> texts_after(cases::event_id after, std::size_t limit) override {
    statement s{db_, fmt::format("SELECT {} FROM case_events WHERE id > ? AND message <> '' ORDER BY id LIMIT ?", kEventColumns)};
    s.bind(1, after).bind(2, static_cast<std::int64_t>(limit));
    std::vector<cases::case_event> out;
    while (s.step()) {
      out.push_back(read_event(s));
    }
    return out;
  }
  void reseal_event(cases::event_id id, std::string const& text_sealed) override {
    statement{db_, "UPDATE case_events SET message = ? WHERE id = ?"}.bind(1, text_sealed).bind(2, id).run();
  }
  std::vector<cases::attachment_row> attachments_after(std::string_view digest, std::size_t limit) override {
    statement s{db_, "SELECT digest, media_type, size, sealed FROM attachments WHERE digest > ? ORDER BY digest LIMIT ?"};
    s.bind(1, digest).bind(2, static_cast<std::int64_t>(limit));
    std::vector<cases::attachment_row> out;
    while (s.step()) {
      out.push_back({s.text(0), s.text(1), s.integer(2), s.text(3)});
    }
    return out;
  }
  void reseal_attachment(std::string_view digest, std::string const& sealed) override {
    statement{db_, "UPDATE attachments SET sealed = ? WHERE digest = ?"}.bind(1, sealed).bind(2, digest).run();
  }

  void put_attachment(cases::attachment_row const& a) override {
    statement{db_, "INSERT INTO attachments (digest, media_type, size, sealed) VALUES (?, ?, ?, ?) "
                   "ON CONFLICT (digest) DO NOTHING"}
        .bind(1, a.digest_)
        .bind(2, a.media_type_)
        .bind(3, a.size_)
        .bind(4, a.sealed_)
        .run();
  }
  std::optional<cases::attachment_row> attachment(std::string_view digest) override {
    statement s{db_, "SELECT digest, media_type, size, sealed FROM attachments WHERE digest = ?"};
    s.bind(1, digest);
    if (!s.step()) {
      return std::nullopt;
    }
    return cases::attachment_row{s.text(0), s.text(1), s.integer(2), s.text(3)};
  }

  std::int64_t insert_outbox(cases::outbox_row const& r) override {
    statement s{db_, "INSERT INTO outbox (case_id, event_id, created, payload, attempts, next_attempt, delivered, "
                     "last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"};
    bind_outbox(s, r);
    s.run();
    return sqlite3_last_insert_rowid(db_);
  }
  std::vector<cases::outbox_row> pending_outbox(cases::instant now, std::size_t limit) override {
    statement s{db_, fmt::format("SELECT {} FROM outbox WHERE delivered IS NULL AND next_attempt <= ? "
                                 "ORDER BY next_attempt, id LIMIT ?",
                                 kOutboxColumns)};
    s.bind(1, now).bind(2, static_cast<std::int64_t>(limit));
    std::vector<cases::outbox_row> out;
    while (s.step()) {
      out.push_back(read_outbox(s));
    }
    return out;
  }
  void update_outbox(cases::outbox_row const& r) override {
    statement s{db_, "UPDATE outbox SET case_id = ?, event_id = ?, created = ?, payload = ?, attempts = ?, "
                     "next_attempt = ?, delivered = ?, last_error = ? WHERE id = ?"};
    bind_outbox(s, r);
    s.bind(9, r.id_).run();
  }

  std::optional<cases::stored_calendar> calendar(std::string_view id) override {
    statement s{db_, "SELECT body, version FROM calendars WHERE id = ?"};
    s.bind(1, id);
    return s.step() ? std::optional{read_calendar(s)} : std::nullopt;
  }
  std::vector<cases::stored_calendar> calendars() override {
    statement s{db_, "SELECT body, version FROM calendars ORDER BY id"};
    std::vector<cases::stored_calendar> out;
    while (s.step()) {
      out.push_back(read_calendar(s));
    }
    return out;
  }
  void put_calendar(cases::business_calendar const& c, std::int64_t version) override {
    auto const body = cases::calendar_to_json(c);
    if (version == 1) {
      // A first version: the id must be free (a second writer that also saw none is refused).
      statement{db_, "INSERT INTO calendars (id, body, version) VALUES (?, ?, 1)"}.bind(1, c.id_).bind(2, body).run();
      return;
    }
    statement{db_, "UPDATE calendars SET body = ?1, version = ?2 WHERE id = ?3 AND version = ?2 - 1"}
        .bind(1, body)
        .bind(2, version)
        .bind(3, c.id_)
        .run();
    if (sqlite3_changes(db_) != 1) {
      throw conflict_error{fmt::format("calendar {} was changed by someone else (or is gone): read it again", c.id_)};
    }
  }

  std::optional<std::string> insurer_country(std::string_view organisation) override {
    statement s{db_, "SELECT country FROM accounts WHERE role = 'insurer' AND organisation = ? ORDER BY id LIMIT 1"};
    s.bind(1, organisation);
    return s.step() ? std::optional{s.text(0)} : std::nullopt;
  }

 private:
  // "?first, ?first+1, ..." (n of them).
  static std::string placeholders(int first, int n) {
    std::string out;
    for (int i = 0; i != n; ++i) {
      out += fmt::format("{}?{}", i == 0 ? "" : ", ", first + i);
    }
    return out;
  }
  static std::vector<cases::case_record> case_rows(statement& s) {
    std::vector<cases::case_record> out;
    while (s.step()) {
      out.push_back(case_from_row(s));
    }
    return out;
  }
  static void bind_outbox(statement& s, cases::outbox_row const& r) {
    s.bind(1, r.case_).bind(2, r.event_).bind(3, r.created_).bind(4, r.payload_);
    s.bind(5, std::int64_t{r.attempts_}).bind(6, r.next_attempt_);
    r.delivered_ ? s.bind(7, *r.delivered_) : s.bind_null(7);
    s.bind(8, r.last_error_);
  }
  static void bind_account(statement& s, account const& a) {
    s.bind(1, a.email_).bind(2, a.display_name_).bind(3, to_string(a.role_));
    a.operator_ ? s.bind(4, *a.operator_) : s.bind_null(4);
    s.bind(5, a.country_).bind(6, a.password_hash_).bind(7, std::int64_t{a.disabled_}).bind(8, a.created_);
    s.bind(9, a.organisation_);
  }
  static void bind_tour(statement& s, tour const& t) {
    s.bind(1, t.operator_).bind(2, to_string(t.status_)).bind(3, deciding_text(t));
    s.bind(4, std::int64_t{first_day(t)}).bind(5, std::int64_t{last_day(t)}).bind(6, programme_text(t));
    s.bind(7, t.updated_).bind(8, t.version_);
  }
  static std::vector<member_row> members(statement& s) {
    std::vector<member_row> out;
    while (s.step()) {
      out.push_back(read_member(s));
    }
    return out;
  }
  static void bind_operator(statement& s, tour_operator const& o) {
    s.bind(1, o.legal_name_).bind(2, names_text(o.names_)).bind(3, o.country_).bind(4, o.licence_number_);
    s.bind(5, o.issuer_).bind(6, std::int64_t{o.valid_from_}).bind(7, std::int64_t{o.valid_to_});
    s.bind(8, to_string(o.status_)).bind(9, o.email_).bind(10, o.phone_).bind(11, o.website_);
    s.bind(12, countries_text(o.countries_)).bind(13, o.updated_).bind(14, o.version_);
  }

  sqlite3* db_;
};

class sqlite_store final : public register_store {
 public:
  explicit sqlite_store(std::filesystem::path const& path) : path_{path.string()} {
    // ":memory:" is one database per connection: keep to one.
    auto const n = path_ == ":memory:" ? 1 : 4;
    for (int i = 0; i != n; ++i) {
      idle_.push_back(open_connection());
    }
    migrate(idle_.front());
  }
  ~sqlite_store() override {
    for (auto* db : idle_) {
      sqlite3_close_v2(db);
    }
  }

  void write(std::function<void(unit_of_work&)> const& work) override {
    // One writer of this process at a time, waiting here rather than in SQLite's busy handler, whose
    // sleeps grow and let one writer starve for seconds while others commit (p99 0.6 ms -> max 4 s
    // with 4 clients; bench/register.sh). Other processes still meet busy_timeout.
    std::lock_guard const lock{write_mutex_};
    run(work, "BEGIN IMMEDIATE");
  }
  void read(std::function<void(unit_of_work&)> const& work) override { run(work, "BEGIN"); }
  // The cases' units are the same units (one transaction, one lock): only the view differs.
  void write_cases(std::function<void(cases::case_unit&)> const& work) override {
    write([&](unit_of_work& u) { work(static_cast<sqlite_unit&>(u)); });
  }
  void read_cases(std::function<void(cases::case_unit&)> const& work) override {
    read([&](unit_of_work& u) { work(static_cast<sqlite_unit&>(u)); });
  }

  int schema_version() override {
    auto* db = take();
    int v = 0;
    try {
      statement s{db, "SELECT max(version) FROM schema_migrations"};
      s.step();
      v = static_cast<int>(s.integer(0));
    } catch (...) {
      give_back(db);
      throw;
    }
    give_back(db);
    return v;
  }

 private:
  sqlite3* open_connection() {
    sqlite3* db = nullptr;
    auto const rc = sqlite3_open_v2(path_.c_str(), &db,
                                    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
      std::string const msg = db == nullptr ? "out of memory" : sqlite3_errmsg(db);
      sqlite3_close_v2(db);
      throw store_error{fmt::format("{}: cannot open the register: {}", path_, msg)};
    }
    try {
      // WAL: readers do not wait for the writer. FULL: every commit synced before it is acknowledged.
      // busy_timeout: a second writer waits (up to 5 s) instead of failing at once.
      exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; "
               "PRAGMA busy_timeout = 5000;");
    } catch (store_error const& e) {
      sqlite3_close_v2(db);
      throw store_error{fmt::format("{}: {}", path_, e.what())};
    }
    return db;
  }

  void migrate(sqlite3* db) {
    exec(db, "BEGIN IMMEDIATE");
    try {
      exec(db, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
      statement s{db, "SELECT coalesce(max(version), 0) FROM schema_migrations"};
      s.step();
      auto const at = static_cast<int>(s.integer(0));
      auto const& steps = sqlite_migrations();
      if (at > static_cast<int>(steps.size())) {
        throw store_error{fmt::format("{}: the register is at schema version {}, newer than this program's {}: "
                                      "use a newer Caravan", path_, at, steps.size())};
      }
      for (auto v = at; v < static_cast<int>(steps.size()); ++v) {
        exec(db, steps[static_cast<std::size_t>(v)]);
        statement{db, "INSERT INTO schema_migrations (version, applied_at) VALUES (?, datetime('now'))"}.bind(1, v + 1).run();
      }
      exec(db, "COMMIT");
    } catch (...) {
      exec(db, "ROLLBACK");
      throw;
    }
  }

  void run(std::function<void(unit_of_work&)> const& work, char const* begin) {
    auto* db = take();
    try {
      exec(db, begin);
      try {
        sqlite_unit unit{db};
        work(unit);
        exec(db, "COMMIT");
      } catch (...) {
        sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
      }
    } catch (...) {
      give_back(db);
      throw;
    }
    give_back(db);
  }

  sqlite3* take() {
    std::unique_lock lock{mutex_};
    available_.wait(lock, [&] { return !idle_.empty(); });
    auto* db = idle_.back();
    idle_.pop_back();
    return db;
  }
  void give_back(sqlite3* db) {
    {
      std::lock_guard const lock{mutex_};
      idle_.push_back(db);
    }
    available_.notify_one();
  }

  std::string path_;
  std::mutex write_mutex_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<sqlite3*> idle_;
};

}  // namespace

std::unique_ptr<register_store> open_sqlite_store(std::filesystem::path const& path) {
  return std::make_unique<sqlite_store>(path);
}

}  // namespace caravan::storage
