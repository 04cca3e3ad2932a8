-- Foundation: the audit trail and the two kinds of traveller record every node holds.
-- Personal data lives only in `entries` and `exits` (and tables later migrations add for them);
-- audit rows carry ids and counts, never names, dates of birth or document numbers.

CREATE TABLE IF NOT EXISTS audit_log (
  id           bigserial PRIMARY KEY,
  at           timestamptz NOT NULL DEFAULT now(),
  actor        text NOT NULL,                -- operator id, 'system', or the partner agency
  action       text NOT NULL,                -- batch.sent, batch.received, record.read, purge.run, ...
  purpose      text,                         -- purpose of a read (purpose limitation)
  legal_basis  text,                         -- e.g. 'Customs Act s.92(1); CBSA-CBP MOU 2019'
  direction    text,                         -- 'US->CA' / 'CA->US' for exchange rows
  batch_id     text,
  cycle_window text,
  record_ids   text[] NOT NULL DEFAULT '{}', -- ids only
  counts       jsonb NOT NULL DEFAULT '{}'::jsonb,
  details      jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX IF NOT EXISTS audit_log_action_at ON audit_log (action, at);
CREATE INDEX IF NOT EXISTS audit_log_batch ON audit_log (batch_id) WHERE batch_id IS NOT NULL;

-- Entries captured at this node's own ports: the agreed elements plus local data never sent.
CREATE TABLE IF NOT EXISTS entries (
  id              text PRIMARY KEY,
  surname         text NOT NULL,
  first_name      text NOT NULL DEFAULT '',
  middle_names    text NOT NULL DEFAULT '',
  date_of_birth   date NOT NULL,
  citizenship     text NOT NULL,
  sex             text NOT NULL,
  document_type   text NOT NULL,
  document_number text NOT NULL,
  document_issuer text NOT NULL,
  port_of_entry   text NOT NULL,
  entered_at      timestamptz NOT NULL,
  category        text,                      -- local: citizen, permanent_resident, visitor, ...
  admit_until     date,                      -- local: officer-fixed or rule-derived
  content_hash    text NOT NULL,             -- sha-256 of the exchanged elements, for idempotent capture
  has_stay        boolean NOT NULL DEFAULT false, -- a stay workflow watches this entry (admission period or removal order)
  version         integer NOT NULL DEFAULT 1, -- bumped by a correction
  captured_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS entries_entered_at ON entries (entered_at);

-- The partner's entries into its country: for this node, exits from its own.
CREATE TABLE IF NOT EXISTS exits (
  id              text PRIMARY KEY,          -- the partner's record id
  surname         text NOT NULL,
  first_name      text NOT NULL DEFAULT '',
  middle_names    text NOT NULL DEFAULT '',
  date_of_birth   date NOT NULL,
  citizenship     text NOT NULL,
  sex             text NOT NULL,
  document_type   text NOT NULL,
  document_number text NOT NULL,
  document_issuer text NOT NULL,
  port_of_entry   text NOT NULL,             -- the partner's port: where the traveller left us
  exited_at       timestamptz NOT NULL,      -- the partner's entered_at
  batch_id        text NOT NULL,
  content_hash    text NOT NULL,
  version         integer NOT NULL DEFAULT 1,
  received_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS exits_exited_at ON exits (exited_at);
CREATE INDEX IF NOT EXISTS exits_document ON exits (document_number);
