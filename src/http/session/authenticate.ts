// The operator door's second way in: a browser session made by signing in with the operator's own
// credential (src/http/session/routes.ts). Called by the door's authentication hook when a request
// carries no bearer token. A changing request must prove it comes from the node's own pages: the
// session's CSRF token in X-CSRF-Token (forms of the sign-in pages check their own field), or, for
// the codec, an Origin the codec allows (the Temporal UI cannot send a token; its JSON posts are
// preflighted, and the cookie is SameSite=Strict).
import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { cookies } from '../../codec/router';
import { codecAllowedOrigins } from '../../config/codec-origins';
import type { NodeContext } from '../../node/context';
import { operatorSessionLimits } from '../../config/operator-sessions';
import type { OperatorRole } from '../../config';
import { sessionCookieName, sessionEnd, type SessionLimits } from './lifetime';
import { endSession, findSession, touchSession, type OperatorSession } from './store';

declare module 'fastify' {
  interface FastifyRequest {
    /** The browser session a request came with, when it came with one. */
    operatorSession?: OperatorSession;
  }
  interface FastifyContextConfig {
    /** A sign-in page: reached without a credential. */
    signIn?: boolean;
    /** A form of the sign-in pages: it checks the session's CSRF token in its own body. */
    sessionForm?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

export function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

function wantsPage(request: FastifyRequest): boolean {
  return request.method === 'GET' && /text\/html/.test(String(request.headers.accept ?? ''));
}

export function clearSessionCookie(ctx: NodeContext, reply: FastifyReply): void {
  void reply.header(
    'set-cookie',
    `${sessionCookieName(ctx.config.temporal.namespace)}=; Max-Age=0; Path=/; HttpOnly; SameSite=Strict`,
  );
}

/**
 * The operator of a session-carrying request; 'refused' once the refusal is sent (a page is sent
 * to the sign-in page instead); undefined when the request carries no session at all.
 */
export function sessionAuthenticator(ctx: NodeContext, limits: SessionLimits = operatorSessionLimits()) {
  const allowedOrigins = codecAllowedOrigins();
  return async (
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<{ name: string; role: OperatorRole; via: 'session' } | 'refused' | undefined> => {
    const secret = cookies(request.raw)[sessionCookieName(ctx.config.temporal.namespace)];
    if (!secret) {
      if (!wantsPage(request)) return undefined;
      await reply.redirect(`/signin?next=${encodeURIComponent(request.url)}`, 303);
      return 'refused';
    }
    const now = ctx.clock.now();
    const session = await findSession(ctx.pool, secret);
    const ended = !session ? 'signed-out' : session.revoked ? 'revoked' : sessionEnd(session, now, limits);
    if (!session || ended) {
      if (session && ended && !session.endedAt) await endSession(ctx.pool, session.secretHash, now, ended);
      ctx.log.warn('operator request refused: session ended', { why: ended ?? 'unknown', operator: session?.operator });
      clearSessionCookie(ctx, reply);
      if (wantsPage(request)) await reply.redirect(`/signin?ended=${ended}`, 303);
      else
        await reply.status(401).send({ error: `your sign-in session has ended (${ended}); sign in again at /signin` });
      return 'refused';
    }
    if (!SAFE_METHODS.has(request.method) && !request.routeOptions.config.sessionForm) {
      const isCodec = request.url.startsWith('/codec/');
      const origin = request.headers.origin;
      const header = request.headers['x-csrf-token'];
      const proven = isCodec
        ? typeof origin === 'string' && allowedOrigins.includes(origin)
        : typeof header === 'string' && sameToken(header, session.csrfToken);
      if (!proven) {
        ctx.log.warn('operator request refused: session request without CSRF proof', {
          operator: session.operator,
          route: request.routeOptions.url,
        });
        await reply.status(403).send({
          error: isCodec
            ? 'a codec request by session must come from an allowed origin (CODEC_CORS_ORIGINS)'
            : 'send the X-CSRF-Token of your session (shown by GET /signin/session) with every change',
        });
        return 'refused';
      }
    }
    await touchSession(ctx.pool, session.secretHash, now);
    request.operatorSession = session;
    return { name: session.operator, role: session.role, via: 'session' };
  };
}
