// POST /credentials/access-tokens/revoke {jti, reason, expires_at?}: an administrator stops an OIDC
// access token before it expires (a lost laptop, a person who left). Audited by name.
import type { FastifyInstance } from 'fastify';
import type { NodeContext } from '../../node/context';
import { operatorId } from '../auth';
import { revokeAccessToken } from '../token-revocations';

const administrator = { config: { role: 'administrator' as const } };

export function registerCredentialRoutes(app: FastifyInstance, ctx: NodeContext): void {
  app.post<{ Body: { jti?: unknown; reason?: unknown; expires_at?: unknown } }>(
    '/credentials/access-tokens/revoke',
    administrator,
    async (request, reply) => {
      const { jti, reason, expires_at: expiresAt } = request.body ?? {};
      if (typeof jti !== 'string' || jti.length === 0 || jti.length > 256)
        return reply
          .status(400)
          .send({ error: 'jti is required: the "jti" claim of the access token (1-256 characters)' });
      if (typeof reason !== 'string' || reason.trim().length === 0 || reason.length > 500)
        return reply.status(400).send({ error: 'reason is required: the ticket or incident (up to 500 characters)' });
      if (expiresAt !== undefined && (typeof expiresAt !== 'string' || Number.isNaN(Date.parse(expiresAt))))
        return reply.status(400).send({ error: "expires_at, when given, is the token's expiry as an ISO 8601 time" });
      const { already } = await revokeAccessToken(ctx.pool, {
        jti,
        reason: reason.trim(),
        revokedBy: operatorId(request),
        expiresAt: expiresAt === undefined ? undefined : new Date(expiresAt),
      });
      return reply.status(already ? 200 : 201).send({ revoked: 'access-token', jti, already });
    },
  );
}
