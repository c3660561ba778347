#pragma once
// The register's storage, as one interface in the core and adapters outside it (libs/storage: SQLite,
// the embedded default, and PostgreSQL). Every change happens in a unit of work that commits whole or
// not at all, with its audit entry: a crash never leaves a change without its entry or the reverse.
//
// Thread safety: a store may be shared by threads; each unit of work runs on the calling thread with
// its own connection. Writes are serialised by the store as its database requires (SQLite: one writer;
// PostgreSQL: the audit chain's head is locked by each writer).
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "caravan/registry/audit.h"
#include "caravan/registry/model.h"

namespace caravan::registry {

// The database could not do what was asked (lost connection, disk full, busy past the timeout):
// nothing of the unit of work was written.
class store_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A write found the row changed since it was read (its version moved on): the caller reads again.
class conflict_error : public store_error {
 public:
  using store_error::store_error;
};

struct session_row {
  std::string token_digest_{};  // token_digest(token): the token itself is never stored
  account_id account_{0};
  instant created_{0};
  instant expires_{0};
  bool revoked_{false};
};

struct operator_query {
  std::string text_{};      // in legal or localized names, or the licence number ("" = all)
  std::string licence_{};   // exactly this licence number ("" = any)
  std::string country_{};   // "" = all
  std::optional<operator_status> status_{};  // on day_: approved past valid_to_ is expired
  std::int32_t day_{0};                      // days since 1970
  std::size_t limit_{50};
  std::size_t offset_{0};
};

struct tour_query {
  std::optional<operator_id> operator_{};    // one operator's tours
  std::string country_{};                    // tours staying in this country ("" = any)
  std::optional<tour_status> status_{};
  bool submitted_only_{false};               // no drafts (what authorities see)
  std::size_t limit_{50};
  std::size_t offset_{0};
};

// One row of an aggregate (the statistics, issue 19): the group's keys, in the order the query names
// them, its count and, where the query says so, a sum. Never a row about one person.
struct aggregate_row {
  std::vector<std::string> keys_{};
  std::int64_t count_{0};
  std::int64_t sum_{0};
};

// What one unit of work may read and write. Reads see the unit's own writes.
class unit_of_work {
 public:
  virtual ~unit_of_work() = default;

  virtual std::optional<account> account_by_id(account_id) = 0;
  virtual std::optional<account> account_by_email(std::string_view email) = 0;
  virtual std::size_t count_accounts() = 0;
  virtual account_id insert_account(account const&) = 0;  // throws conflict_error when the email is taken
  virtual void update_account(account const&) = 0;

  virtual void insert_session(session_row const&) = 0;
  virtual std::optional<session_row> session_by_digest(std::string_view digest) = 0;
  virtual void revoke_sessions(account_id) = 0;
  virtual void revoke_session(std::string_view digest) = 0;
  // Removes the sessions that expired before `before`; how many.
  virtual std::size_t purge_sessions(instant before) = 0;

  virtual std::optional<tour_operator> operator_by_id(operator_id) = 0;
  virtual std::vector<tour_operator> find_operators(operator_query const&) = 0;
  virtual operator_id insert_operator(tour_operator const&) = 0;  // conflict_error: licence taken
  // Writes `o` if the stored version is `o.version_ - 1`, else throws conflict_error.
  virtual void update_operator(tour_operator const& o) = 0;

  virtual std::optional<tour> tour_by_id(tour_id) = 0;
  virtual std::vector<tour> find_tours(tour_query const&) = 0;  // newest first
  virtual tour_id insert_tour(tour const&) = 0;
  // Writes `t` if the stored version is `t.version_ - 1`, else throws conflict_error.
  virtual void update_tour(tour const& t) = 0;

  virtual std::vector<member_row> members_of(tour_id) = 0;  // in the order they were added
  virtual std::size_t count_members(tour_id) = 0;
  virtual member_id insert_member(member_row const&) = 0;
  virtual bool delete_member(tour_id, std::string_view ref) = 0;  // false when there is none
  // Every member after `after` by id, `limit` at a time (the key rotation's pages), and their seals
  // rewritten.
  virtual std::vector<member_row> members_after(member_id after, std::size_t limit) = 0;
  virtual void update_member_seals(member_row const&) = 0;

  // Appends `e` after the chain's last entry (filling seq_, prev_hash_, hash_).
  virtual void append_audit(audit_entry& e) = 0;
  virtual std::vector<audit_entry> audit_entries(std::int64_t from_seq, std::size_t limit) = 0;

  // Ratings (issue 19). insert_rating throws conflict_error for a second rating of a case.
  virtual std::int64_t insert_rating(rating_row const&) = 0;
  virtual std::vector<rating_row> ratings_of(rating_subject, std::int64_t subject_id) = 0;  // oldest first
  virtual std::size_t count_ratings(rating_subject, std::int64_t subject_id) = 0;
  // Key rotation: the ratings with a comment after `after` by id, `limit` at a time, and their seals rewritten.
  virtual std::vector<rating_row> comments_after(std::int64_t after, std::size_t limit) = 0;
  virtual void reseal_comment(std::int64_t id, std::string const& sealed) = 0;

  // Aggregates for the statistics, counted by the database (GROUP BY): only counts leave the store.
  // Rows ordered by their keys. Days are days since 1970; months "2026-06".
  // Operators by (country, status on `day`: approved past valid_to is "expired").
  virtual std::vector<aggregate_row> operators_by_country_status(std::int32_t day) = 0;
  // Approved tours whose first day is in [first, last] by (corridor: the countries they stay in, in
  // order, "CN-KZ-UZ"; month of the first day).
  virtual std::vector<aggregate_row> approved_tours_by_corridor_month(std::int32_t first, std::int32_t last) = 0;
  // The members of those tours by (corridor, nationality, month of the tour's first day).
  virtual std::vector<aggregate_row> travellers_by_corridor_nationality_month(std::int32_t first, std::int32_t last) = 0;
  // Ratings created in [from, to) by (subject "tour"|"case", country): count and sum of the ratings.
  virtual std::vector<aggregate_row> ratings_by_subject_country(instant from, instant to) = 0;
};

class store {
 public:
  virtual ~store() = default;
  // Runs `work` in one transaction: committed when it returns, rolled back when it throws (the
  // exception passes on). A write transaction takes the write lock at its start.
  virtual void write(std::function<void(unit_of_work&)> const& work) = 0;
  virtual void read(std::function<void(unit_of_work&)> const& work) = 0;
  // The schema version this store is at after its migrations (docs/register.md).
  virtual int schema_version() = 0;
};

}  // namespace caravan::registry
