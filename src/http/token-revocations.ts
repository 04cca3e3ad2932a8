// The revocation list of OIDC access tokens, by jti (migration 120): looked up on every operator
// request with an access token; an administrator adds to it (POST /credentials/access-tokens/revoke),
// audited in the same transaction.
import type { Pool } from 'pg';
import { writeAudit } from '../db/audit';
import { withTransaction } from '../db/pool';

export async function isAccessTokenRevoked(pool: Pool, jti: string): Promise<boolean> {
  const { rowCount } = await pool.query('SELECT 1 FROM revoked_access_tokens WHERE jti = $1', [jti]);
  return (rowCount ?? 0) > 0;
}

export interface AccessTokenRevocation {
  jti: string;
  reason: string;
  revokedBy: string;
  expiresAt?: Date;
}

/** Revokes an access token by its jti; `already` when it was revoked before (nothing changes then). */
export async function revokeAccessToken(pool: Pool, revocation: AccessTokenRevocation): Promise<{ already: boolean }> {
  return withTransaction(pool, async (client) => {
    const { rowCount } = await client.query(
      `INSERT INTO revoked_access_tokens (jti, revoked_by, reason, expires_at)
       VALUES ($1, $2, $3, $4) ON CONFLICT (jti) DO NOTHING`,
      [revocation.jti, revocation.revokedBy, revocation.reason, revocation.expiresAt ?? null],
    );
    const already = rowCount === 0;
    if (!already)
      await writeAudit(client, {
        actor: revocation.revokedBy,
        action: 'credential.revoke',
        details: { kind: 'access-token', jti: revocation.jti },
      });
    return { already };
  });
}
