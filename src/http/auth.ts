// Who is calling, per door. Capture: a port, by its own bearer token, bound to its port code.
// Operator: a person, by a configured token of their own or an OIDC access token checked against
// the identity provider's JWKS; the audit's actor is that person, never something the caller
// writes in a header. Tokens are compared in constant time, looked up in the revocation table on
// every request (a revoked credential stops at once), and never logged.
import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Pool } from 'pg';
import { OPERATOR_ROLES, type NodeConfig, type OidcConfig, type OperatorRole } from '../config';
import type { NodeContext } from '../node/context';
import { isAccessTokenRevoked } from './token-revocations';
import { sessionAuthenticator } from './session/authenticate';

export interface AuthenticatedOperator {
  /** The person, as the audit names them. */
  name: string;
  role: OperatorRole;
  /** An OIDC access token's `jti`, by which it can be revoked before it expires. */
  tokenId?: string;
  via: 'token' | 'oidc' | 'session';
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The port a capture request comes from (capture door). */
    portCode?: string;
    /** The person an operator request comes from (operator door). */
    operator?: AuthenticatedOperator;
  }
  interface FastifyContextConfig {
    /** Least role an operator route needs; every operator route names one. */
    role?: OperatorRole;
  }
}

export function fingerprint(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

function sameSecret(a: string, b: string): boolean {
  return crypto.timingSafeEqual(
    crypto.createHash('sha256').update(a).digest(),
    crypto.createHash('sha256').update(b).digest(),
  );
}

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1];
}

/** Looks every configured secret up, so the time taken does not tell which one matched. */
function findByToken<T>(entries: Array<[T, string]>, presented: string): T | undefined {
  let found: T | undefined;
  for (const [subject, token] of entries) if (sameSecret(presented, token)) found = subject;
  return found;
}

export async function isRevoked(pool: Pool, token: string): Promise<boolean> {
  const { rowCount } = await pool.query('SELECT 1 FROM revoked_credentials WHERE fingerprint = $1', [
    fingerprint(token),
  ]);
  return (rowCount ?? 0) > 0;
}

function refuse(reply: FastifyReply, status: 401 | 403, error: string) {
  if (status === 401) void reply.header('WWW-Authenticate', 'Bearer');
  return reply.status(status).send({ error });
}

/** Capture door: every request but /health and unknown routes comes from a port with its own token. */
export function authenticatePort(ctx: NodeContext) {
  const entries = Object.entries(ctx.config.portTokens);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.is404 || request.routeOptions.url === '/health') return;
    const presented = bearerToken(request);
    const portCode = presented ? findByToken(entries, presented) : undefined;
    if (!presented || !portCode) {
      ctx.log.warn('capture refused: missing or unknown port credential', {
        route: request.routeOptions.url,
        remote: request.ip,
        presented: presented ? 'unknown' : 'none',
      });
      return refuse(reply, 401, 'send Authorization: Bearer <this port token>');
    }
    if (await isRevoked(ctx.pool, presented)) {
      ctx.log.warn('capture refused: revoked port credential', { port: portCode, remote: request.ip });
      return refuse(reply, 401, `the credential of port ${portCode} is revoked; ask the node operator for a new one`);
    }
    request.portCode = portCode;
  };
}

const ROLE_RANK: Record<OperatorRole, number> = { reader: 0, officer: 1, administrator: 2 };

export function roleAllows(held: OperatorRole, needed: OperatorRole): boolean {
  return ROLE_RANK[held] >= ROLE_RANK[needed];
}

/** The highest entry-exit role in a token's role claim (a string or an array of strings). */
export function roleFromClaim(claim: unknown): OperatorRole | undefined {
  const values = Array.isArray(claim) ? claim : [claim];
  let best: OperatorRole | undefined;
  for (const value of values) {
    if (typeof value !== 'string' || !OPERATOR_ROLES.includes(value as OperatorRole)) continue;
    if (best === undefined || ROLE_RANK[value as OperatorRole] > ROLE_RANK[best]) best = value as OperatorRole;
  }
  return best;
}

type OidcVerifier = (token: string) => Promise<AuthenticatedOperator | { refused: string }>;

/** Checks an OIDC access token's signature (JWKS), issuer, audience and expiry; names the person and role. */
export function oidcVerifier(
  oidc: OidcConfig,
  keys: JWTVerifyGetKey = createRemoteJWKSet(new URL(oidc.jwksUrl)),
): OidcVerifier {
  return async (token) => {
    let payload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: oidc.issuer,
        audience: oidc.audience,
        ...(oidc.tokenType ? { typ: oidc.tokenType } : {}),
      }));
    } catch (err) {
      return { refused: `the access token was refused (${(err as { code?: string }).code ?? 'invalid'})` };
    }
    const name = payload[oidc.actorClaim];
    if (typeof name !== 'string' || !/^[^\s]{1,128}$/.test(name))
      return { refused: `the access token has no usable "${oidc.actorClaim}" claim to name the operator` };
    const role = roleFromClaim(payload[oidc.roleClaim]);
    if (!role)
      return { refused: `the access token's "${oidc.roleClaim}" claim holds none of ${OPERATOR_ROLES.join(', ')}` };
    // RFC 9068 makes jti required; without one a stolen token could not be revoked before it expires.
    if (typeof payload.jti !== 'string' || payload.jti.length === 0 || payload.jti.length > 256)
      return {
        refused: 'the access token has no "jti" claim, so it could not be revoked; the identity provider must set one',
      };
    return { name, role, via: 'oidc', tokenId: payload.jti };
  };
}

function looksLikeJwt(token: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token);
}

/**
 * Operator door: every request but /health, CORS preflights and unknown routes comes from a
 * person with a credential of their own and the role the route names.
 */
export function authenticateOperator(ctx: NodeContext, config: NodeConfig = ctx.config, verifyOidc?: OidcVerifier) {
  const entries = config.operators.map((o): [AuthenticatedOperator, string] => [
    { name: o.name, role: o.role, via: 'token' },
    o.token,
  ]);
  const oidc = verifyOidc ?? (config.oidc ? oidcVerifier(config.oidc) : undefined);
  const fromSession = sessionAuthenticator(ctx);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.is404 || request.routeOptions.url === '/health' || request.method === 'OPTIONS') return;
    if (request.routeOptions.config.signIn) return;
    const needed = request.routeOptions.config.role;
    const presented = bearerToken(request);
    let operator: AuthenticatedOperator | undefined = presented ? findByToken(entries, presented) : undefined;
    if (!presented) {
      const session = await fromSession(request, reply);
      if (session === 'refused') return reply;
      operator = session;
    }
    let why = presented ? 'unknown token' : 'no token';
    if (!operator && presented && oidc && looksLikeJwt(presented)) {
      const verified = await oidc(presented);
      if ('refused' in verified) why = verified.refused;
      else operator = verified;
    }
    if (!operator) {
      ctx.log.warn('operator request refused: not authenticated', {
        route: request.routeOptions.url,
        remote: request.ip,
        why: why.slice(0, 120),
      });
      return refuse(reply, 401, `send Authorization: Bearer <your operator token>${presented ? `; ${why}` : ''}`);
    }
    if (presented && operator.via === 'token' && (await isRevoked(ctx.pool, presented))) {
      ctx.log.warn('operator request refused: revoked credential', { operator: operator.name });
      return refuse(reply, 401, `the credential of operator ${operator.name} is revoked`);
    }
    if (operator.tokenId !== undefined && (await isAccessTokenRevoked(ctx.pool, operator.tokenId))) {
      ctx.log.warn('operator request refused: revoked access token', { operator: operator.name });
      return refuse(reply, 401, `this access token of ${operator.name} is revoked; sign in again`);
    }
    if (!needed || !roleAllows(operator.role, needed)) {
      ctx.log.warn('operator request refused: role', {
        operator: operator.name,
        role: operator.role,
        needed: needed ?? 'unset',
        route: request.routeOptions.url,
      });
      return refuse(
        reply,
        403,
        `${request.method} ${request.routeOptions.url} needs the ${needed ?? 'administrator'} role; you are ${operator.role}`,
      );
    }
    request.operator = operator;
  };
}

/** The authenticated operator of a request; the operator door's hook guarantees one on every route. */
export function operatorId(request: FastifyRequest): string {
  if (!request.operator) throw new Error('operator route reached without an authenticated operator');
  return request.operator.name;
}
