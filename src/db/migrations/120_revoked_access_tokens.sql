-- Revoked OIDC access tokens, by their jti (RFC 9068): an access token lives until it expires, so a
-- stolen one is stopped here, looked up on every operator request that carries one. The token itself
-- is never stored. `expires_at`, when the administrator gives it, says when the row has no more use.
CREATE TABLE IF NOT EXISTS revoked_access_tokens (
  jti         text PRIMARY KEY,
  revoked_at  timestamptz NOT NULL DEFAULT now(),
  revoked_by  text NOT NULL,
  reason      text NOT NULL,
  expires_at  timestamptz
);
