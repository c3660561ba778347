#pragma once
// The cases' storage: the register's store (registry/store.h) with the cases' tables beside its
// accounts, operators, tours and audit trail, so a case's change, its history, its audit entry and its
// notifications commit in one transaction. The adapters (libs/storage: SQLite, PostgreSQL) implement
// both interfaces on one database.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "caravan/cases/model.h"
#include "caravan/registry/store.h"

namespace caravan::cases {

// Which cases a queue shows: one party's (exactly one of the filters, or none for admins), open or
// closed, by the time they fall due (earliest first; ties by id), `limit` after `offset`.
struct case_query {
  std::optional<account_id> traveller_{};   // naming this traveller's account (a traveller's own cases)
  std::optional<operator_id> operator_{};
  std::string insurer_{};                    // an insurer organisation's
  std::string country_{};                    // an authority's: assistance and disputes in it, and escalated claims
  std::optional<case_kind> kind_{};
  std::optional<bool> open_{};               // nullopt: both
  bool breached_only_{false};
  std::size_t limit_{50};
  std::size_t offset_{0};
};

struct stored_calendar {
  business_calendar calendar_{};
  std::int64_t version_{0};
};

class case_unit : public registry::unit_of_work {
 public:
  virtual case_id insert_case(case_record const&) = 0;
  // Writes `c` if the stored version is `c.version_ - 1`, else throws registry::conflict_error.
  virtual void update_case(case_record const& c) = 0;
  virtual std::optional<case_record> case_by_id(case_id) = 0;
  virtual std::vector<case_record> find_cases(case_query const&) = 0;
  // Open cases whose next_due_ is at or before `now` and that are not yet escalated, earliest first.
  virtual std::vector<case_record> due_cases(instant now, std::size_t limit) = 0;
  // Open cases on this calendar, after `after` by id, `limit` at a time (re-evaluated when it changes).
  virtual std::vector<case_record> open_cases_on(std::string_view calendar, case_id after, std::size_t limit) = 0;

  virtual event_id insert_event(case_event const&) = 0;
  virtual std::vector<case_event> events_of(case_id) = 0;  // in order

  // Stores the attachment unless one with its digest is there (then nothing changes).
  virtual void put_attachment(attachment_row const&) = 0;
  virtual std::optional<attachment_row> attachment(std::string_view digest) = 0;

  virtual std::int64_t insert_outbox(outbox_row const&) = 0;
  // Undelivered rows due at `now`, oldest first.
  virtual std::vector<outbox_row> pending_outbox(instant now, std::size_t limit) = 0;
  virtual void update_outbox(outbox_row const&) = 0;

  virtual std::optional<stored_calendar> calendar(std::string_view id) = 0;
  virtual std::vector<stored_calendar> calendars() = 0;
  // Inserts (version 1) or replaces; a replacement writes if the stored version is `version - 1`, else
  // throws registry::conflict_error.
  virtual void put_calendar(business_calendar const& c, std::int64_t version) = 0;

  // Key rotation (case_service::reseal): every case, every event with a text and every file, a page at a
  // time by id (digest for files), and their sealed values rewritten. The history's other fields stay
  // as they are (the table refuses any other change).
  virtual std::vector<case_record> cases_after(case_id after, std::size_t limit) = 0;
  virtual std::vector<case_event> texts_after(event_id after, std::size_t limit) = 0;
  virtual void reseal_event(event_id id, std::string const& text_sealed) = 0;
  virtual std::vector<attachment_row> attachments_after(std::string_view digest, std::size_t limit) = 0;
  virtual void reseal_attachment(std::string_view digest, std::string const& sealed) = 0;

  // The country of an insurer organisation (from its accounts'), std::nullopt when none has an account.
  virtual std::optional<std::string> insurer_country(std::string_view organisation) = 0;

  // Aggregates for the statistics (issue 19; registry::unit_of_work's), over the cases created in
  // [from, to): all of them by (kind, country, outcome: "open" while open, else the closing outcome,
  // "" when the lifecycle gave none); the closed ones by (kind, country, breached "yes"|"no").
  virtual std::vector<registry::aggregate_row> cases_by_kind_country_outcome(instant from, instant to) = 0;
  virtual std::vector<registry::aggregate_row> closed_cases_by_kind_country_breached(instant from, instant to) = 0;
};

class case_store {
 public:
  virtual ~case_store() = default;
  virtual void write_cases(std::function<void(case_unit&)> const& work) = 0;
  virtual void read_cases(std::function<void(case_unit&)> const& work) = 0;
};

}  // namespace caravan::cases
