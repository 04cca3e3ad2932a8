-- Operators' browser sessions (issue 29): one sign-in by the operator's own credential serves the
-- dashboard and the codec. Only hashes of the session secret and of one-time sign-in codes are
-- kept, never the secrets; the credential a session came from is kept by its fingerprint, so a
-- revoked credential ends its sessions at once. Times come from the node's clock.
CREATE TABLE IF NOT EXISTS operator_sessions (
  secret_hash            text PRIMARY KEY,
  operator               text NOT NULL,
  role                   text NOT NULL CHECK (role IN ('reader', 'officer', 'administrator')),
  via                    text NOT NULL CHECK (via IN ('token', 'oidc', 'link')),
  credential_fingerprint text NOT NULL,
  purpose                text,
  csrf_token             text NOT NULL,
  created_at             timestamptz NOT NULL,
  last_seen_at           timestamptz NOT NULL,
  ended_at               timestamptz,
  end_reason             text
);
CREATE INDEX IF NOT EXISTS operator_sessions_operator ON operator_sessions (operator, created_at);

-- One-time sign-in links (the demo prints one, as notebook servers do): used once, then void.
CREATE TABLE IF NOT EXISTS operator_signin_links (
  code_hash  text PRIMARY KEY,
  operator   text NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at    timestamptz
);
