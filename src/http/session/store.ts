// Operator sessions and one-time sign-in links in PostgreSQL (migration 130). Secrets are random
// 32 bytes, handed to the browser once; the table keeps their SHA-256 only.
import crypto from 'node:crypto';
import type { Pool } from 'pg';
import type { OperatorRole } from '../../config';
import type { SessionEnd, SessionTimes } from './lifetime';

export interface OperatorSession extends SessionTimes {
  secretHash: string;
  operator: string;
  role: OperatorRole;
  via: 'token' | 'oidc' | 'link';
  credentialFingerprint: string;
  purpose: string | null;
  csrfToken: string;
  revoked: boolean;
}

const newSecret = () => crypto.randomBytes(32).toString('base64url');
/** SHA-256 hex, as revoked_credentials keeps credentials (src/http/auth.ts fingerprint). */
const fingerprint = (secret: string) => crypto.createHash('sha256').update(secret).digest('hex');

export async function createSession(
  pool: Pool,
  opened: Pick<OperatorSession, 'operator' | 'role' | 'via' | 'credentialFingerprint' | 'purpose'>,
  now: Date,
): Promise<{ secret: string; csrfToken: string }> {
  const secret = newSecret();
  const csrfToken = newSecret();
  await pool.query(
    `INSERT INTO operator_sessions (secret_hash, operator, role, via, credential_fingerprint, purpose, csrf_token, created_at, last_seen_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
    [
      fingerprint(secret),
      opened.operator,
      opened.role,
      opened.via,
      opened.credentialFingerprint,
      opened.purpose,
      csrfToken,
      now,
    ],
  );
  return { secret, csrfToken };
}

export async function findSession(pool: Pool, secret: string): Promise<OperatorSession | undefined> {
  const { rows } = await pool.query(
    `SELECT s.*, EXISTS (SELECT 1 FROM revoked_credentials r WHERE r.fingerprint = s.credential_fingerprint) AS revoked
       FROM operator_sessions s WHERE secret_hash = $1`,
    [fingerprint(secret)],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    secretHash: row.secret_hash,
    operator: row.operator,
    role: row.role,
    via: row.via,
    credentialFingerprint: row.credential_fingerprint,
    purpose: row.purpose,
    csrfToken: row.csrf_token,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    endedAt: row.ended_at,
    endReason: row.end_reason,
    revoked: row.revoked,
  };
}

export async function touchSession(pool: Pool, secretHash: string, now: Date): Promise<void> {
  await pool.query('UPDATE operator_sessions SET last_seen_at = $2 WHERE secret_hash = $1 AND ended_at IS NULL', [
    secretHash,
    now,
  ]);
}

export async function endSession(pool: Pool, secretHash: string, now: Date, reason: SessionEnd): Promise<void> {
  await pool.query(
    'UPDATE operator_sessions SET ended_at = $2, end_reason = $3 WHERE secret_hash = $1 AND ended_at IS NULL',
    [secretHash, now, reason],
  );
}

export async function setSessionPurpose(pool: Pool, secretHash: string, purpose: string): Promise<void> {
  await pool.query('UPDATE operator_sessions SET purpose = $2 WHERE secret_hash = $1', [secretHash, purpose]);
}

/** A one-time sign-in code for `operator`, valid until used or `ttlMs` after `now`. */
export async function createSignInLinkCode(pool: Pool, operator: string, now: Date, ttlMs: number): Promise<string> {
  const code = newSecret();
  await pool.query('INSERT INTO operator_signin_links (code_hash, operator, expires_at) VALUES ($1, $2, $3)', [
    fingerprint(code),
    operator,
    new Date(now.getTime() + ttlMs),
  ]);
  return code;
}

/** The operator a code signs in, once: a second use, or a use after expiry, finds nobody. */
export async function redeemSignInLinkCode(pool: Pool, code: string, now: Date): Promise<string | undefined> {
  const { rows } = await pool.query<{ operator: string }>(
    `UPDATE operator_signin_links SET used_at = $2
      WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING operator`,
    [fingerprint(code), now],
  );
  return rows[0]?.operator;
}
