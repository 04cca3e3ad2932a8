-- Matching: blocking keys of own entries and received exits, stored as rows so that PostgreSQL
-- generates candidate pairs with one set-based join, and the review list of pairs the matcher would
-- not decide (uncertain or ambiguous) for an operator. Keys are derived from the records
-- (src/matching/prepare.ts blockingKeys) and go with them (purge registry, ON DELETE CASCADE).

-- Keys of own entries, filled lazily by reconciliation for entries not yet matched.
CREATE TABLE IF NOT EXISTS entry_keys (
  key      text NOT NULL,
  entry_id text NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
  PRIMARY KEY (key, entry_id)
);
CREATE INDEX IF NOT EXISTS entry_keys_entry ON entry_keys (entry_id);

-- Which version of each entry its keys were computed from (a correction raises the version).
CREATE TABLE IF NOT EXISTS entry_keys_version (
  entry_id text PRIMARY KEY REFERENCES entries (id) ON DELETE CASCADE,
  version  integer NOT NULL
);

-- Keys of received exits not matched exactly, per batch.
CREATE TABLE IF NOT EXISTS exit_keys (
  exit_id text NOT NULL REFERENCES exits (id) ON DELETE CASCADE,
  key     text NOT NULL,
  PRIMARY KEY (exit_id, key)
);
CREATE INDEX IF NOT EXISTS exit_keys_key ON exit_keys (key);

-- Pairs an operator must decide: the matcher's score and field outcomes, never the names.
CREATE TABLE IF NOT EXISTS match_review (
  exit_id          text NOT NULL REFERENCES exits (id) ON DELETE CASCADE,
  entry_id         text NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
  reason           text NOT NULL CHECK (reason IN ('uncertain', 'ambiguous', 'claimed_by_other')),
  score            real NOT NULL,
  evidence         jsonb NOT NULL,
  competitor_id    text,                      -- the competing entry or exit id, if any
  competitor_score real,
  created_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (exit_id, entry_id)
);
CREATE INDEX IF NOT EXISTS match_review_entry ON match_review (entry_id);
