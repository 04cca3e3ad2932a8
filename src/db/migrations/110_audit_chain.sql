-- A tamper-evident audit trail (issue 26, point 3): each row carries the hash of its canonical
-- encoding chained to the row before it, so a row altered, inserted out of turn or removed breaks
-- the chain (`entry-exit audit verify --node us|ca` walks it). Rows are never updated or deleted.

ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS seq bigint;
ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS prev_hash text;
ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS row_hash text;

-- The chain's head, one row: inserts take its row lock, so they are chained one at a time per node.
-- The lock is held from the audit insert to the commit, which is why writers insert their audit row
-- last in their transaction (docs/security.md, "Audit trail").
CREATE TABLE IF NOT EXISTS audit_chain_head (
  only_row  boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  seq       bigint NOT NULL,
  row_hash  text NOT NULL
);

-- The canonical encoding of a row: a JSON array of its fields in a fixed order (jsonb renders
-- object keys in one fixed order), the time in microseconds since the epoch, then the previous hash.
CREATE OR REPLACE FUNCTION audit_row_hash(a audit_log) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(jsonb_build_array(
    a.seq, (extract(epoch FROM a.at) * 1000000)::bigint, a.actor, a.action, a.purpose, a.legal_basis,
    a.direction, a.batch_id, a.cycle_window, to_jsonb(a.record_ids), a.counts, a.details, a.prev_hash
  )::text, 'UTF8')), 'hex')
$$;

CREATE OR REPLACE FUNCTION audit_chain_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  head audit_chain_head;
BEGIN
  SELECT * INTO head FROM audit_chain_head FOR UPDATE;
  NEW.seq := head.seq + 1;
  NEW.prev_hash := head.row_hash;
  NEW.row_hash := audit_row_hash(NEW);
  UPDATE audit_chain_head SET seq = NEW.seq, row_hash = NEW.row_hash;
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log rows are never % (the trail is append-only: docs/security.md)', lower(TG_OP)
    USING ERRCODE = 'insufficient_privilege';
END $$;

-- The rows already there are chained in the order they were written, starting from the genesis hash.
DO $$
DECLARE
  r audit_log;
  n bigint := 0;
  prev text := repeat('0', 64);
BEGIN
  FOR r IN SELECT * FROM audit_log ORDER BY id LOOP
    n := n + 1;
    r.seq := n;
    r.prev_hash := prev;
    r.row_hash := audit_row_hash(r);
    UPDATE audit_log SET seq = r.seq, prev_hash = r.prev_hash, row_hash = r.row_hash WHERE id = r.id;
    prev := r.row_hash;
  END LOOP;
  INSERT INTO audit_chain_head (seq, row_hash) VALUES (n, prev) ON CONFLICT (only_row) DO NOTHING;
END $$;

ALTER TABLE audit_log ALTER COLUMN seq SET NOT NULL;
ALTER TABLE audit_log ALTER COLUMN prev_hash SET NOT NULL;
ALTER TABLE audit_log ALTER COLUMN row_hash SET NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS audit_log_seq ON audit_log (seq);

DROP TRIGGER IF EXISTS audit_log_chain ON audit_log;
CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_chain_insert();
DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC;
