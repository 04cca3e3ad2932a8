-- Revoked credentials: a port's or an operator's token, known by its SHA-256 fingerprint (never the
-- token). Every authenticated request looks here, so a revocation stops the credential at once,
-- without a restart; a new token configured for the same port or operator is not affected.
CREATE TABLE IF NOT EXISTS revoked_credentials (
  fingerprint text PRIMARY KEY,
  kind        text NOT NULL CHECK (kind IN ('port', 'operator')),
  subject     text NOT NULL,
  revoked_at  timestamptz NOT NULL DEFAULT now(),
  revoked_by  text NOT NULL,
  reason      text NOT NULL
);

-- A batch the partner refused as a whole (a 4xx to the batch itself): when, and the partner's
-- reason. Its records are marked rejected with that reason (visible to operators; never counted as
-- sent). After a fix, a rerun of the window sends the same batch again, or `exchange resend` gives
-- its records back to the next cycle and abandons the batch (its body cleared, never adopted again).
ALTER TABLE outbound_batches ADD COLUMN IF NOT EXISTS refused_at timestamptz;
ALTER TABLE outbound_batches ADD COLUMN IF NOT EXISTS refusal_reason text;
ALTER TABLE outbound_batches ADD COLUMN IF NOT EXISTS abandoned_at timestamptz;
