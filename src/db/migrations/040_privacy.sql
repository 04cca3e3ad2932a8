-- Privacy: legal holds that keep a named record past its retention date until released, and the
-- purge's own bookkeeping. Holds name a record id and a reason; never personal data.

CREATE TABLE IF NOT EXISTS legal_holds (
  id          bigserial PRIMARY KEY,
  record_id   text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('entry', 'exit')),
  reason      text NOT NULL CHECK (length(reason) BETWEEN 3 AND 500),
  placed_by   text NOT NULL,
  placed_at   timestamptz NOT NULL DEFAULT now(),
  released_at timestamptz,
  released_by text
);
-- At most one active hold per record: placing it twice is idempotent.
CREATE UNIQUE INDEX IF NOT EXISTS legal_holds_active ON legal_holds (record_id, kind) WHERE released_at IS NULL;
