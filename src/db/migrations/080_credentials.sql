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
