// Headers on every answer of every door. JSON answers carry traveller data and are never to be
// cached, sniffed as another type, framed or sent a referrer from; the operator door's dashboard
// page gets a CSP that lets it load its own script and styles only, and no frame either.
import type { FastifyReply, FastifyRequest } from 'fastify';

/** For JSON and text answers: nothing may be loaded, run or framed from them. */
export const STRICT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
/** For the dashboard page: its own script file, its inline script and styles, its own API; never framed. */
export const PAGE_CSP =
  "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

export async function securityHeaders(_request: FastifyRequest, reply: FastifyReply, payload: unknown) {
  reply.header('x-content-type-options', 'nosniff');
  reply.header('referrer-policy', 'no-referrer');
  reply.header('x-frame-options', 'DENY');
  const type = String(reply.getHeader('content-type') ?? '');
  if (!reply.hasHeader('content-security-policy'))
    reply.header('content-security-policy', type.startsWith('text/html') ? PAGE_CSP : STRICT_CSP);
  // Answers that set their own caching (the dashboard's static chart script) keep it; all else may hold
  // traveller data, or say something about it, and is stored nowhere on the way.
  if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  return payload;
}
