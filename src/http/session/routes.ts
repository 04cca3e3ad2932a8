// Signing in to a node's operator pages (the dashboard, the codec for the Temporal UI) with the
// operator's own credential, once per browser session:
//   GET  /signin                 the sign-in page (a credential and a purpose)
//   POST /signin/session         Authorization: Bearer <own token or OIDC access token>, {purpose}: opens a session
//   GET  /signin/session         who is signed in, the purpose and the session's CSRF token
//   GET  /signin/once?code=      a one-time link (the demo prints one): opens a session, then asks the purpose
//   GET  /signin/purpose         the purpose form; POST /signin/purpose sets it (CSRF field)
//   POST /signout                ends the session (CSRF field)
// The cookie is HttpOnly and SameSite=Strict (Secure when TRUST_PROXY says TLS is in front);
// pages are never framed (frame-ancestors 'none', X-Frame-Options: DENY) and never cached.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { writeAudit } from '../../db/audit';
import type { NodeContext } from '../../node/context';
import { operatorSessionLimits } from '../../config/operator-sessions';
import { PURPOSES, requirePurpose, PurposeError } from '../../privacy/purpose';
import { bearerToken, fingerprint } from '../auth';
import { clearSessionCookie, sameToken } from './authenticate';
import { sessionCookieName } from './lifetime';
import { createSession, endSession, redeemSignInLinkCode, setSessionPurpose } from './store';
import { trustProxy } from '../../config/environment';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Headers of every page a person sees: not framed, not cached, no inline script. */
export const PAGE_HEADERS = {
  'content-security-policy': "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
};

function page(reply: FastifyReply, title: string, body: string, status = 200) {
  return reply
    .status(status)
    .headers({ ...PAGE_HEADERS, 'content-type': 'text/html; charset=utf-8' })
    .send(
      `<!doctype html><meta charset="utf-8"><title>${escapeHtml(title)}</title><h1>${escapeHtml(title)}</h1>${body}`,
    );
}

const purposeOptions = () =>
  Object.entries(PURPOSES)
    .map(([p, what]) => `<option value="${p}">${p}: ${escapeHtml(what)}</option>`)
    .join('');

/** Only a path of this door: never another site (no open redirect). */
function localPath(raw: unknown): string {
  return typeof raw === 'string' && /^\/(?![/\\])[\w\-./?=&%]*$/.test(raw) ? raw : '/dashboard';
}

const SIGNIN_SCRIPT = `document.getElementById('signin').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target;
  const answer = await fetch('/signin/session', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { authorization: 'Bearer ' + form.token.value, 'content-type': 'application/json' },
    body: JSON.stringify({ purpose: form.purpose.value }),
  });
  const body = await answer.json();
  if (answer.ok) location.assign(form.next.value);
  else document.getElementById('message').textContent = body.error;
});`;

export function registerSessionRoutes(app: FastifyInstance, ctx: NodeContext): void {
  const limits = operatorSessionLimits();
  const secure = trustProxy() ? '; Secure' : '';
  const cookieFor = (secret: string) =>
    `${sessionCookieName(ctx.config.temporal.namespace)}=${secret}; Path=/; HttpOnly; SameSite=Strict${secure}; Max-Age=${Math.floor(limits.absoluteMs / 1000)}`;
  const audit = (actor: string, action: string, purpose: string | null, details: Record<string, string>) =>
    writeAudit(ctx.pool, { actor, action, purpose: purpose ?? undefined, details });
  const country = ctx.config.country;

  app.get('/signin', { config: { signIn: true } }, async (request, reply) => {
    const query = request.query as { next?: unknown; ended?: unknown };
    const ended = typeof query.ended === 'string' ? `<p>Your session ended (${escapeHtml(query.ended)}).</p>` : '';
    return page(
      reply,
      `Sign in to the ${country} node`,
      `${ended}<p id="message"></p>
<form id="signin"><input type="hidden" name="next" value="${escapeHtml(localPath(query.next))}">
<label>Your operator token or OIDC access token <input type="password" name="token" autocomplete="off" required></label><br>
<label>Purpose of what you will read <select name="purpose">${purposeOptions()}</select></label><br>
<button type="submit">Sign in</button></form>
<script src="/signin/signin.js"></script>`,
    );
  });

  app.get('/signin/signin.js', { config: { signIn: true } }, async (_request, reply) =>
    reply.headers({ ...PAGE_HEADERS, 'content-type': 'text/javascript; charset=utf-8' }).send(SIGNIN_SCRIPT),
  );

  app.post('/signin/session', { config: { role: 'reader' } }, async (request, reply) => {
    const token = bearerToken(request);
    if (!token || !request.operator || request.operator.via === 'session')
      return reply.status(400).send({ error: 'sign in with your own credential: Authorization: Bearer <token>' });
    let purpose;
    try {
      purpose = requirePurpose((request.body as { purpose?: unknown } | undefined)?.purpose);
    } catch (err) {
      if (err instanceof PurposeError) return reply.status(400).send({ error: err.message });
      throw err;
    }
    const { name, role, via } = request.operator;
    const { secret } = await createSession(
      ctx.pool,
      { operator: name, role, via, credentialFingerprint: fingerprint(token), purpose },
      ctx.clock.now(),
    );
    await audit(name, 'session.signed-in', purpose, { via });
    return reply.header('set-cookie', cookieFor(secret)).send({ operator: name, role, purpose });
  });

  app.get('/signin/session', { config: { role: 'reader' } }, async (request, reply) => {
    const session = request.operatorSession;
    if (!session) return reply.status(400).send({ error: 'this request came with a bearer token, not a session' });
    return reply.header('cache-control', 'no-store').send({
      operator: session.operator,
      role: session.role,
      purpose: session.purpose,
      csrf_token: session.csrfToken,
    });
  });

  app.get('/signin/once', { config: { signIn: true } }, async (request, reply) => {
    const query = request.query as { code?: unknown; next?: unknown };
    const now = ctx.clock.now();
    const name = typeof query.code === 'string' ? await redeemSignInLinkCode(ctx.pool, query.code, now) : undefined;
    const operator = ctx.config.operators.find((o) => o.name === name);
    if (!operator) {
      ctx.log.warn('sign-in link refused: unknown, used or expired', { remote: request.ip });
      return page(
        reply,
        'Sign-in link refused',
        '<p>This link is used, expired or unknown. <a href="/signin">Sign in</a> with your token.</p>',
        401,
      );
    }
    const { secret } = await createSession(
      ctx.pool,
      {
        operator: operator.name,
        role: operator.role,
        via: 'link',
        credentialFingerprint: fingerprint(operator.token),
        purpose: null,
      },
      now,
    );
    await audit(operator.name, 'session.signed-in', null, { via: 'link' });
    return reply
      .header('set-cookie', cookieFor(secret))
      .redirect(`/signin/purpose?next=${encodeURIComponent(localPath(query.next))}`, 303);
  });

  const purposeForm = (request: FastifyRequest, reply: FastifyReply, message = '') => {
    const session = request.operatorSession!;
    const next = localPath((request.query as { next?: unknown } | undefined)?.next);
    return page(
      reply,
      `Purpose of this session (${country} node)`,
      `<p>Signed in as ${escapeHtml(session.operator)} (${session.role}). ${escapeHtml(message)}</p>
<form method="post" action="/signin/purpose?next=${encodeURIComponent(next)}">
<input type="hidden" name="csrf" value="${escapeHtml(session.csrfToken)}">
<label>Purpose of what you will read <select name="purpose">${purposeOptions()}</select></label>
<button type="submit">Continue</button></form>
<form method="post" action="/signout"><input type="hidden" name="csrf" value="${escapeHtml(session.csrfToken)}"><button type="submit">Sign out</button></form>`,
      message ? 400 : 200,
    );
  };

  void app.register(async (forms) => {
    forms.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    const formConfig = { config: { role: 'reader' as const, sessionForm: true } };
    /** The form's CSRF field matches its session, or the refusal is sent. */
    const checked = async (request: FastifyRequest, reply: FastifyReply) => {
      const session = request.operatorSession;
      const csrf = (request.body as { csrf?: unknown } | undefined)?.csrf;
      if (session && typeof csrf === 'string' && sameToken(csrf, session.csrfToken)) return session;
      ctx.log.warn('session form refused: CSRF token missing or wrong', { operator: request.operator?.name });
      await page(
        reply,
        'Form refused',
        '<p>This form did not come from your session. <a href="/signin">Sign in</a> again.</p>',
        403,
      );
      return undefined;
    };

    forms.get('/signin/purpose', { config: { role: 'reader' } }, async (request, reply) => {
      if (!request.operatorSession) return reply.status(400).send({ error: 'a purpose is chosen per browser session' });
      return purposeForm(request, reply);
    });

    forms.post('/signin/purpose', formConfig, async (request, reply) => {
      const session = await checked(request, reply);
      if (!session) return reply;
      let purpose;
      try {
        purpose = requirePurpose((request.body as { purpose?: unknown }).purpose);
      } catch (err) {
        if (err instanceof PurposeError) return purposeForm(request, reply, err.message);
        throw err;
      }
      await setSessionPurpose(ctx.pool, session.secretHash, purpose);
      await audit(session.operator, 'session.purpose', purpose, { previous: session.purpose ?? 'none' });
      return reply.redirect(localPath((request.query as { next?: unknown }).next), 303);
    });

    forms.post('/signout', formConfig, async (request, reply) => {
      const session = await checked(request, reply);
      if (!session) return reply;
      await endSession(ctx.pool, session.secretHash, ctx.clock.now(), 'signed-out');
      await audit(session.operator, 'session.signed-out', session.purpose, {});
      clearSessionCookie(ctx, reply);
      return page(reply, 'Signed out', '<p><a href="/signin">Sign in again</a></p>');
    });
  });
}
