#include "migrations.h"

namespace caravan::storage {

// Version 1: accounts, sessions, operators and the audit trail. Version 2: group tours (the programme
// as JSON text, registry::programme_text) and their members (passport number and birth date sealed).
// Version 3: sessions by expiry (sign-in purges the ended ones). Version 4: insurers' organisations, and
// the cases (cases/store.h) with their history (append-only, as the audit table), attachments, outbox
// and business calendars; the cases indexed for each party's queue (by next_due, then id). Version 5
// (issue 19): satisfaction ratings of tours and closed cases (one per case; the comment sealed), and each
// tour's feedback code (random; the existing tours given one here). The audit table refuses updates and
// deletes (triggers / rules): the chain (registry/audit.h) still finds changes made around them.
std::vector<char const*> const& sqlite_migrations() {
  static std::vector<char const*> const steps{
      R"sql(
CREATE TABLE operators (
  id INTEGER PRIMARY KEY,
  legal_name TEXT NOT NULL,
  names TEXT NOT NULL DEFAULT '[]',
  country TEXT NOT NULL,
  licence_number TEXT NOT NULL,
  issuer TEXT NOT NULL,
  valid_from INTEGER NOT NULL,
  valid_to INTEGER NOT NULL,
  status TEXT NOT NULL,
  email TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  website TEXT NOT NULL DEFAULT '',
  countries TEXT NOT NULL DEFAULT '[]',
  updated INTEGER NOT NULL,
  version INTEGER NOT NULL,
  UNIQUE (country, licence_number)
);
CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  operator_id INTEGER REFERENCES operators (id),
  country TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created INTEGER NOT NULL
);
CREATE TABLE sessions (
  token_digest TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts (id),
  created INTEGER NOT NULL,
  expires INTEGER NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sessions_by_account ON sessions (account_id);
CREATE TABLE audit (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  before TEXT NOT NULL,
  after TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
)sql",
      R"sql(
CREATE TABLE tours (
  id INTEGER PRIMARY KEY,
  operator_id INTEGER NOT NULL REFERENCES operators (id),
  status TEXT NOT NULL,
  countries TEXT NOT NULL,
  first_day INTEGER NOT NULL,
  last_day INTEGER NOT NULL,
  programme TEXT NOT NULL,
  updated INTEGER NOT NULL,
  version INTEGER NOT NULL
);
CREATE INDEX tours_by_operator ON tours (operator_id);
CREATE TABLE members (
  id INTEGER PRIMARY KEY,
  tour_id INTEGER NOT NULL REFERENCES tours (id),
  ref TEXT NOT NULL UNIQUE,
  latin_name TEXT NOT NULL,
  native_name TEXT NOT NULL,
  nationality TEXT NOT NULL,
  passport TEXT NOT NULL,
  passport_expiry INTEGER NOT NULL,
  birth_date TEXT NOT NULL,
  sex TEXT NOT NULL
);
CREATE INDEX members_by_tour ON members (tour_id);
)sql",
      R"sql(
CREATE INDEX sessions_by_expiry ON sessions (expires);
)sql",
      R"sql(
ALTER TABLE accounts ADD COLUMN organisation TEXT NOT NULL DEFAULT '';
CREATE TABLE cases (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  category TEXT NOT NULL,
  urgency TEXT NOT NULL,
  state TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  country TEXT NOT NULL,
  place TEXT NOT NULL,
  happened_at INTEGER NOT NULL,
  language TEXT NOT NULL,
  filed_by INTEGER NOT NULL REFERENCES accounts (id),
  traveller_id INTEGER REFERENCES accounts (id),
  operator_id INTEGER REFERENCES operators (id),
  tour_id INTEGER REFERENCES tours (id),
  insurer TEXT NOT NULL,
  policy TEXT NOT NULL,
  journey TEXT NOT NULL,
  destination TEXT NOT NULL,
  lines TEXT NOT NULL,
  outcome TEXT NOT NULL,
  calendar TEXT NOT NULL,
  responsible TEXT NOT NULL,
  escalated_to TEXT,
  response_due INTEGER,
  resolution_due INTEGER,
  next_due INTEGER NOT NULL,
  breached INTEGER NOT NULL,
  open INTEGER NOT NULL,
  created INTEGER NOT NULL,
  updated INTEGER NOT NULL,
  version INTEGER NOT NULL
);
-- Each queue (case_query) read along its index in its order, next_due then id: no sort at 100,000 cases.
CREATE INDEX cases_queue ON cases (open, next_due, id);
CREATE INDEX cases_by_due ON cases (next_due, id);
CREATE INDEX cases_by_operator ON cases (operator_id, open, next_due, id);
CREATE INDEX cases_by_insurer ON cases (insurer, open, next_due, id);
CREATE INDEX cases_by_country ON cases (country, open, next_due, id);
CREATE INDEX cases_by_country_due ON cases (country, next_due, id);  -- an authority's whole queue
CREATE INDEX cases_by_traveller ON cases (traveller_id, open, next_due, id);
CREATE INDEX cases_by_filer ON cases (filed_by, open, next_due, id);
CREATE INDEX cases_by_calendar ON cases (calendar, open, id);
CREATE TABLE case_events (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases (id),
  at INTEGER NOT NULL,
  actor INTEGER NOT NULL,
  actor_party TEXT NOT NULL,
  action TEXT NOT NULL,
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  message TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX case_events_by_case ON case_events (case_id, id);
-- Append-only but for the sealed message, which a key rotation seals again (its AEAD binds it to the case
-- and instant: a value forged without the key does not open).
CREATE TRIGGER case_events_no_update BEFORE UPDATE OF id, case_id, at, actor, actor_party, action, from_state, to_state, data
  ON case_events BEGIN SELECT RAISE(ABORT, 'the case history is append-only'); END;
CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events BEGIN SELECT RAISE(ABORT, 'the case history is append-only'); END;
CREATE TABLE attachments (
  digest TEXT PRIMARY KEY,
  media_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  sealed TEXT NOT NULL
);
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases (id),
  event_id INTEGER NOT NULL,
  created INTEGER NOT NULL,
  payload TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt INTEGER NOT NULL,
  delivered INTEGER,
  last_error TEXT NOT NULL
);
CREATE INDEX outbox_pending ON outbox (next_attempt, id) WHERE delivered IS NULL;
CREATE TABLE calendars (
  id TEXT PRIMARY KEY,
  body TEXT NOT NULL,
  version INTEGER NOT NULL
);
)sql",
      R"sql(
ALTER TABLE tours ADD COLUMN feedback_code TEXT NOT NULL DEFAULT '';
UPDATE tours SET feedback_code = lower(hex(randomblob(8)));
CREATE TABLE ratings (
  id INTEGER PRIMARY KEY,
  subject_kind TEXT NOT NULL CHECK (subject_kind IN ('tour', 'case')),
  subject_id INTEGER NOT NULL,
  rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment TEXT NOT NULL,
  account_id INTEGER REFERENCES accounts (id),
  country TEXT NOT NULL,
  created INTEGER NOT NULL
);
CREATE UNIQUE INDEX ratings_one_per_case ON ratings (subject_id) WHERE subject_kind = 'case';
CREATE INDEX ratings_by_subject ON ratings (subject_kind, subject_id, id);
CREATE INDEX ratings_by_created ON ratings (created);
)sql",
  };
  return steps;
}

std::vector<char const*> const& postgres_migrations() {
  static std::vector<char const*> const steps{
      R"sql(
CREATE TABLE operators (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  legal_name TEXT NOT NULL,
  names TEXT NOT NULL DEFAULT '[]',
  country TEXT NOT NULL,
  licence_number TEXT NOT NULL,
  issuer TEXT NOT NULL,
  valid_from INTEGER NOT NULL,
  valid_to INTEGER NOT NULL,
  status TEXT NOT NULL,
  email TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  website TEXT NOT NULL DEFAULT '',
  countries TEXT NOT NULL DEFAULT '[]',
  updated BIGINT NOT NULL,
  version BIGINT NOT NULL,
  UNIQUE (country, licence_number)
);
CREATE TABLE accounts (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  operator_id BIGINT REFERENCES operators (id),
  country TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL,
  disabled BOOLEAN NOT NULL DEFAULT FALSE,
  created BIGINT NOT NULL
);
CREATE TABLE sessions (
  token_digest TEXT PRIMARY KEY,
  account_id BIGINT NOT NULL REFERENCES accounts (id),
  created BIGINT NOT NULL,
  expires BIGINT NOT NULL,
  revoked BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX sessions_by_account ON sessions (account_id);
CREATE TABLE audit (
  seq BIGINT PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  before TEXT NOT NULL,
  after TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE RULE audit_no_update AS ON UPDATE TO audit DO INSTEAD NOTHING;
CREATE RULE audit_no_delete AS ON DELETE TO audit DO INSTEAD NOTHING;
)sql",
      R"sql(
CREATE TABLE tours (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  operator_id BIGINT NOT NULL REFERENCES operators (id),
  status TEXT NOT NULL,
  countries TEXT NOT NULL,
  first_day INTEGER NOT NULL,
  last_day INTEGER NOT NULL,
  programme TEXT NOT NULL,
  updated BIGINT NOT NULL,
  version BIGINT NOT NULL
);
CREATE INDEX tours_by_operator ON tours (operator_id);
CREATE TABLE members (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  tour_id BIGINT NOT NULL REFERENCES tours (id),
  ref TEXT NOT NULL UNIQUE,
  latin_name TEXT NOT NULL,
  native_name TEXT NOT NULL,
  nationality TEXT NOT NULL,
  passport TEXT NOT NULL,
  passport_expiry INTEGER NOT NULL,
  birth_date TEXT NOT NULL,
  sex TEXT NOT NULL
);
CREATE INDEX members_by_tour ON members (tour_id);
)sql",
      R"sql(
CREATE INDEX sessions_by_expiry ON sessions (expires);
)sql",
      R"sql(
ALTER TABLE accounts ADD COLUMN organisation TEXT NOT NULL DEFAULT '';
CREATE TABLE cases (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  kind TEXT NOT NULL,
  category TEXT NOT NULL,
  urgency TEXT NOT NULL,
  state TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  country TEXT NOT NULL,
  place TEXT NOT NULL,
  happened_at BIGINT NOT NULL,
  language TEXT NOT NULL,
  filed_by BIGINT NOT NULL REFERENCES accounts (id),
  traveller_id BIGINT REFERENCES accounts (id),
  operator_id BIGINT REFERENCES operators (id),
  tour_id BIGINT REFERENCES tours (id),
  insurer TEXT NOT NULL,
  policy TEXT NOT NULL,
  journey TEXT NOT NULL,
  destination TEXT NOT NULL,
  lines TEXT NOT NULL,
  outcome TEXT NOT NULL,
  calendar TEXT NOT NULL,
  responsible TEXT NOT NULL,
  escalated_to TEXT,
  response_due BIGINT,
  resolution_due BIGINT,
  next_due BIGINT NOT NULL,
  breached BOOLEAN NOT NULL,
  open BOOLEAN NOT NULL,
  created BIGINT NOT NULL,
  updated BIGINT NOT NULL,
  version BIGINT NOT NULL
);
-- Each queue (case_query) read along its index in its order, next_due then id: no sort at 100,000 cases.
CREATE INDEX cases_queue ON cases (open, next_due, id);
CREATE INDEX cases_by_due ON cases (next_due, id);
CREATE INDEX cases_by_operator ON cases (operator_id, open, next_due, id);
CREATE INDEX cases_by_insurer ON cases (insurer, open, next_due, id);
CREATE INDEX cases_by_country ON cases (country, open, next_due, id);
CREATE INDEX cases_by_country_due ON cases (country, next_due, id);  -- an authority's whole queue
CREATE INDEX cases_by_traveller ON cases (traveller_id, open, next_due, id);
CREATE INDEX cases_by_filer ON cases (filed_by, open, next_due, id);
CREATE INDEX cases_by_calendar ON cases (calendar, open, id);
CREATE TABLE case_events (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  case_id BIGINT NOT NULL REFERENCES cases (id),
  at BIGINT NOT NULL,
  actor BIGINT NOT NULL,
  actor_party TEXT NOT NULL,
  action TEXT NOT NULL,
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  message TEXT NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX case_events_by_case ON case_events (case_id, id);
-- Append-only but for the sealed message, which a key rotation seals again (its AEAD binds it to the case
-- and instant: a value forged without the key does not open). A conditional rule: any other change is nothing.
CREATE RULE case_events_no_update AS ON UPDATE TO case_events
  WHERE (NEW.id, NEW.case_id, NEW.at, NEW.actor, NEW.actor_party, NEW.action, NEW.from_state, NEW.to_state, NEW.data)
        IS DISTINCT FROM (OLD.id, OLD.case_id, OLD.at, OLD.actor, OLD.actor_party, OLD.action, OLD.from_state, OLD.to_state, OLD.data)
  DO INSTEAD NOTHING;
CREATE RULE case_events_no_delete AS ON DELETE TO case_events DO INSTEAD NOTHING;
CREATE TABLE attachments (
  digest TEXT PRIMARY KEY,
  media_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  sealed TEXT NOT NULL
);
CREATE TABLE outbox (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  case_id BIGINT NOT NULL REFERENCES cases (id),
  event_id BIGINT NOT NULL,
  created BIGINT NOT NULL,
  payload TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt BIGINT NOT NULL,
  delivered BIGINT,
  last_error TEXT NOT NULL
);
CREATE INDEX outbox_pending ON outbox (next_attempt, id) WHERE delivered IS NULL;
CREATE TABLE calendars (
  id TEXT PRIMARY KEY,
  body TEXT NOT NULL,
  version BIGINT NOT NULL
);
)sql",
      R"sql(
ALTER TABLE tours ADD COLUMN feedback_code TEXT NOT NULL DEFAULT '';
UPDATE tours SET feedback_code = substr(md5(gen_random_uuid()::text), 1, 16);
CREATE TABLE ratings (
  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  subject_kind TEXT NOT NULL CHECK (subject_kind IN ('tour', 'case')),
  subject_id BIGINT NOT NULL,
  rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment TEXT NOT NULL,
  account_id BIGINT REFERENCES accounts (id),
  country TEXT NOT NULL,
  created BIGINT NOT NULL
);
CREATE UNIQUE INDEX ratings_one_per_case ON ratings (subject_id) WHERE subject_kind = 'case';
CREATE INDEX ratings_by_subject ON ratings (subject_kind, subject_id, id);
CREATE INDEX ratings_by_created ON ratings (created);
)sql",
  };
  return steps;
}

}  // namespace caravan::storage
