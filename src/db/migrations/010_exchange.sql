-- The exchange: what this node sent (outbound) and received (inbound), acknowledgements, and the
-- matches of received exits with own entries. Batch bodies are kept until acknowledged so a
-- retransmission is byte-for-byte the same batch, then cleared: the copies of personal data in
-- transit do not outlive the exchange (entries and exits keep the records, under retention).

-- One row per batch this node sent to its partner. The body is fixed when the batch is made.
CREATE TABLE IF NOT EXISTS outbound_batches (
  batch_id      text PRIMARY KEY,              -- US-CA-2026-11-27-0001: direction, window, sequence
  direction     text NOT NULL,                 -- 'US-CA'
  cycle_window  text NOT NULL,
  seq           integer NOT NULL,
  run_key       text NOT NULL,                 -- cycle run that made it + batch index: retries of the
  batch_index   integer NOT NULL,              --   making activity return the same batch
  workflow_id   text NOT NULL,                 -- the cycle to signal when the acknowledgement arrives
  record_count  integer NOT NULL,
  body          text,                          -- the JSON batch exactly as signed and sent; NULL once acknowledged
  created_at    timestamptz NOT NULL DEFAULT now(),
  first_sent_at timestamptz,
  last_sent_at  timestamptz,
  send_count    integer NOT NULL DEFAULT 0,
  acked_at      timestamptz,
  accepted      integer,
  rejected      integer,
  UNIQUE (direction, cycle_window, seq),
  UNIQUE (run_key, batch_index)
);
CREATE INDEX IF NOT EXISTS outbound_batches_unacked ON outbound_batches (direction, cycle_window) WHERE acked_at IS NULL;

-- Where each own entry stands with the partner, per version: sent (awaiting ack), accepted, rejected.
-- An entry is pending when it has no row for its current version (a correction raises the version).
CREATE TABLE IF NOT EXISTS outbound_records (
  entry_id     text NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
  version      integer NOT NULL,
  batch_id     text NOT NULL REFERENCES outbound_batches (batch_id) ON DELETE CASCADE,
  status       text NOT NULL CHECK (status IN ('sent', 'accepted', 'rejected')),
  reason       text,                          -- the partner's reason for a rejection (no values)
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (entry_id, version)
);
CREATE INDEX IF NOT EXISTS outbound_records_batch ON outbound_records (batch_id);
CREATE INDEX IF NOT EXISTS outbound_records_rejected ON outbound_records (updated_at) WHERE status = 'rejected';

-- The partner's acknowledgements as received (per-record results), one per batch.
CREATE TABLE IF NOT EXISTS outbound_acks (
  batch_id     text PRIMARY KEY REFERENCES outbound_batches (batch_id) ON DELETE CASCADE,
  received_at  timestamptz NOT NULL DEFAULT now(),
  accepted     integer NOT NULL,
  rejected     integer NOT NULL,
  key_id       text NOT NULL
);

-- One row per batch received from the partner, stored atomically before ingest starts.
CREATE TABLE IF NOT EXISTS inbound_batches (
  batch_id      text PRIMARY KEY,
  sender        text NOT NULL,
  cycle_window  text NOT NULL,
  content_hash  text NOT NULL,                 -- sha-256 of the records: a reused id with other content is refused
  record_count  integer NOT NULL,
  records       jsonb,                         -- [{version, record}], as received; NULL once acknowledged
  key_id        text NOT NULL,
  received_at   timestamptz NOT NULL DEFAULT now(),
  receive_count integer NOT NULL DEFAULT 1,
  ingested_at   timestamptz,
  ack_sent_at   timestamptz
);

-- Per-record result of ingesting a received batch: what the acknowledgement tells the partner.
CREATE TABLE IF NOT EXISTS inbound_results (
  batch_id   text NOT NULL REFERENCES inbound_batches (batch_id) ON DELETE CASCADE,
  position   integer NOT NULL,
  record_id  text,
  version    integer,
  status     text NOT NULL CHECK (status IN ('accepted', 'rejected')),
  reason     text,
  PRIMARY KEY (batch_id, position)
);

-- Exits joined to own entries by reconciliation; the evidence says why.
CREATE TABLE IF NOT EXISTS matches (
  exit_id    text PRIMARY KEY REFERENCES exits (id) ON DELETE CASCADE,
  entry_id   text NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
  method     text NOT NULL,
  score      real NOT NULL,
  evidence   jsonb NOT NULL DEFAULT '{}'::jsonb,
  matched_at timestamptz NOT NULL DEFAULT now(),
  stay_signalled_at timestamptz              -- when the stay of the entry was told (only entries with has_stay)
);
CREATE INDEX IF NOT EXISTS matches_entry ON matches (entry_id);

-- Lookups reconciliation makes on both sides.
CREATE INDEX IF NOT EXISTS entries_document_dob ON entries (document_number, date_of_birth);
CREATE INDEX IF NOT EXISTS exits_batch ON exits (batch_id);

-- Which version of each entry has gone to the partner (0: none yet). An entry is pending while
-- sent_version < version; a correction raises version and so makes it pending again. The partial
-- index keeps finding pending entries fast however many years of exchanged entries lie behind them.
ALTER TABLE entries ADD COLUMN IF NOT EXISTS sent_version integer NOT NULL DEFAULT 0;
CREATE INDEX IF NOT EXISTS entries_pending ON entries (entered_at, id) WHERE sent_version < version;
