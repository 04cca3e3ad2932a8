// Operator authentication for the codec server and operator endpoints: a bearer token compared in
// constant time. Refusals are logged (without the presented token) and answered 401, never crashed on.
import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { NodeContext } from '../node/context';

function sameSecret(a: string, b: string): boolean {
  const ha = crypto.createHash('sha256').update(a).digest();
  const hb = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1];
}

/** A Fastify preHandler that lets only callers with the node's operator token through. */
export function requireOperator(ctx: NodeContext) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const expected = ctx.config.operatorToken;
    const presented = bearerToken(request);
    if (!expected) {
      ctx.log.warn('operator endpoint refused: node has no operator token configured', {
        route: request.routeOptions.url,
      });
      return reply
        .status(503)
        .send({ error: `operator endpoints are disabled: set ${ctx.config.country}_OPERATOR_TOKEN` });
    }
    if (!presented || !sameSecret(presented, expected)) {
      ctx.log.warn('operator endpoint refused: missing or wrong bearer token', {
        route: request.routeOptions.url,
        remote: request.ip,
        presented: presented ? 'wrong' : 'none',
      });
      return reply
        .status(401)
        .header('WWW-Authenticate', 'Bearer')
        .send({ error: 'send Authorization: Bearer <operator token>' });
    }
  };
}

/** The operator id a request acts as (X-Operator header), for the audit trail. */
export function operatorId(request: FastifyRequest): string {
  const raw = request.headers['x-operator'];
  const value = typeof raw === 'string' ? raw.trim() : '';
  return /^[A-Za-z0-9._@-]{1,64}$/.test(value) ? value : 'operator';
}
