// Operators' browser sessions on a real node (HTTP, PostgreSQL): sign-in by the operator's own
// credential, a one-time link, the purpose per session, CSRF on every form and change, sessions
// that end (sign-out, idle, absolute, revoked credential), anti-framing headers, and the codec
// decoding by session with the session's purpose in the audit.
import { defaultPayloadConverter } from '@temporalio/common';
import { fingerprint } from '../src/http/auth';
import { sessionCookieName } from '../src/http/session/lifetime';
import { createSignInLinkCode } from '../src/http/session/store';
import { payloadsToJson } from '../src/codec/remote-format';
import { operatorAuth, startTestPair, type TestPair } from './support/nodes';

const UI_ORIGIN = 'http://localhost:8233';

describe('operator sessions', () => {
  let pair: TestPair;
  beforeAll(async () => {
    pair = await startTestPair({ worker: false });
  });
  afterAll(async () => pair?.stop());

  const us = () => pair.US;
  const cookieName = () => sessionCookieName(us().config.temporal.namespace);
  const url = (path: string) => `${us().urls.operator}${path}`;
  const cookieOf = (res: Response) => {
    const set = res.headers.getSetCookie().find((c) => c.startsWith(`${cookieName()}=`));
    return set?.split(';')[0];
  };
  const signIn = async (role: 'reader' | 'officer' = 'reader', purpose = 'overstay-review') => {
    const res = await fetch(url('/signin/session'), {
      method: 'POST',
      headers: { ...operatorAuth(us(), role), 'content-type': 'application/json' },
      body: JSON.stringify({ purpose }),
    });
    expect(res.status).toBe(200);
    const set = res.headers.getSetCookie()[0];
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Strict/);
    return cookieOf(res)!;
  };
  const csrfOf = async (cookie: string) =>
    ((await (await fetch(url('/signin/session'), { headers: { cookie } })).json()) as { csrf_token: string })
      .csrf_token;

  it('a browser without a session is sent to the sign-in page, which is never framed or cached', async () => {
    const res = await fetch(url('/dashboard'), { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/signin?next=%2Fdashboard');
    const signin = await fetch(url('/signin'));
    expect(signin.status).toBe(200);
    expect(signin.headers.get('x-frame-options')).toBe('DENY');
    expect(signin.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(signin.headers.get('cache-control')).toBe('no-store');
    // An API client without a credential still gets the 401 that names the header to send.
    expect((await fetch(url('/dashboard/data'))).status).toBe(401);
  });

  it('signs in with the own token; the session serves the dashboard, audited by name', async () => {
    const cookie = await signIn();
    const data = await fetch(url('/dashboard/data'), { headers: { cookie } });
    expect(data.status).toBe(200);
    const dashboard = await fetch(url('/dashboard'), { headers: { cookie, accept: 'text/html' } });
    expect(dashboard.status).toBe(200);
    expect(dashboard.headers.get('x-frame-options')).toBe('DENY');
    const { rows } = await us().ctx.pool.query(
      `SELECT actor, purpose, details FROM audit_log WHERE action = 'session.signed-in' ORDER BY at DESC LIMIT 1`,
    );
    expect(rows[0]).toEqual({ actor: 'demo-reader', purpose: 'overstay-review', details: { via: 'token' } });
    // Only a hash of the session secret is stored.
    const stored = await us().ctx.pool.query('SELECT 1 FROM operator_sessions WHERE secret_hash = $1', [
      fingerprint(cookie.split('=')[1]),
    ]);
    expect(stored.rowCount).toBe(1);
  });

  it('a change by session needs the CSRF token; every form checks its own', async () => {
    const cookie = await signIn('officer');
    const noToken = await fetch(url('/stays/E1/extension'), {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(noToken.status).toBe(403);
    expect(((await noToken.json()) as { error: string }).error).toMatch(/X-CSRF-Token/);
    const csrf = await csrfOf(cookie);
    const withToken = await fetch(url('/stays/E1/extension'), {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': csrf },
      body: '{}',
    });
    expect(withToken.status).not.toBe(403);
    const form = (body: Record<string, string>) =>
      fetch(url('/signin/purpose'), {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(body).toString(),
        redirect: 'manual',
      });
    expect((await form({ purpose: 'correction', csrf: 'forged' })).status).toBe(403);
    const accepted = await form({ purpose: 'correction', csrf });
    expect(accepted.status).toBe(303);
    expect(
      ((await (await fetch(url('/signin/session'), { headers: { cookie } })).json()) as { purpose: string }).purpose,
    ).toBe('correction');
  });

  it('a one-time link signs in once, then asks the purpose', async () => {
    const code = await createSignInLinkCode(us().ctx.pool, 'demo-reader', us().ctx.clock.now(), 60_000);
    const first = await fetch(url(`/signin/once?code=${code}`), { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/signin/purpose?next=%2Fdashboard');
    const cookie = cookieOf(first)!;
    const purposePage = await (await fetch(url('/signin/purpose'), { headers: { cookie } })).text();
    expect(purposePage).toMatch(/name="csrf" value="[\w-]{40,}"/);
    const again = await fetch(url(`/signin/once?code=${code}`), { redirect: 'manual' });
    expect(again.status).toBe(401);
    // Without a purpose the codec refuses to decode; the purpose is the session's, not the link's.
    const decode = await fetch(url('/codec/decode'), {
      method: 'POST',
      headers: {
        cookie,
        'content-type': 'application/json',
        origin: UI_ORIGIN,
        'x-namespace': us().config.temporal.namespace,
      },
      body: JSON.stringify({ payloads: [] }),
    });
    expect(decode.status).toBe(400);
  });

  it('the codec decodes by session from an allowed origin, audited with the purpose and the workflow', async () => {
    const cookie = await signIn('reader', 'removal-monitoring');
    const sealed = await (
      await fetch(url('/codec/encode'), {
        method: 'POST',
        headers: {
          ...operatorAuth(us(), 'officer'),
          'content-type': 'application/json',
          'x-namespace': us().config.temporal.namespace,
          'x-purpose': 'overstay-review',
        },
        body: JSON.stringify(payloadsToJson([defaultPayloadConverter.toPayload({ stay: 'S1' })])),
      })
    ).json();
    const decode = (origin: string) =>
      fetch(url('/codec/decode'), {
        method: 'POST',
        headers: {
          cookie,
          origin,
          'content-type': 'application/json',
          'x-namespace': us().config.temporal.namespace,
          referer: `${UI_ORIGIN}/namespaces/us-cbp/workflows/stay-session-test/run/history`,
        },
        body: JSON.stringify(sealed),
      });
    expect((await decode('http://evil.example')).status).toBe(403);
    expect((await decode(UI_ORIGIN)).status).toBe(200);
    const { rows } = await us().ctx.pool.query(
      `SELECT actor, purpose, details FROM audit_log WHERE action = 'codec.decode' ORDER BY at DESC LIMIT 1`,
    );
    expect(rows[0]).toEqual({
      actor: 'demo-reader',
      purpose: 'removal-monitoring',
      details: { via: 'codec', workflow: 'stay-session-test' },
    });
  });

  it('sessions end: at sign-out, when idle, at the absolute lifetime, and when the credential is revoked', async () => {
    const pool = us().ctx.pool;
    const stillOpen = async (cookie: string) => (await fetch(url('/dashboard/data'), { headers: { cookie } })).status;

    const signedOut = await signIn();
    const csrf = await csrfOf(signedOut);
    const out = await fetch(url('/signout'), {
      method: 'POST',
      headers: { cookie: signedOut, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf }).toString(),
    });
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie()[0]).toMatch(/Max-Age=0/);
    const after = await fetch(url('/dashboard/data'), { headers: { cookie: signedOut } });
    expect(after.status).toBe(401);
    expect(((await after.json()) as { error: string }).error).toMatch(/session has ended \(signed-out\)/);

    const idle = await signIn();
    await pool.query(
      `UPDATE operator_sessions SET last_seen_at = now() - interval '31 minutes' WHERE secret_hash = $1`,
      [fingerprint(idle.split('=')[1])],
    );
    expect(await stillOpen(idle)).toBe(401);

    const old = await signIn();
    await pool.query(`UPDATE operator_sessions SET created_at = now() - interval '9 hours' WHERE secret_hash = $1`, [
      fingerprint(old.split('=')[1]),
    ]);
    expect(await stillOpen(old)).toBe(401);

    const revoked = await signIn('officer');
    expect(await stillOpen(revoked)).toBe(200);
    const officerToken = operatorAuth(us(), 'officer').authorization.slice('Bearer '.length);
    await pool.query(
      `INSERT INTO revoked_credentials (fingerprint, kind, subject, revoked_by, reason) VALUES ($1, 'operator', 'demo-officer', 'test', 'test')`,
      [fingerprint(officerToken)],
    );
    expect(await stillOpen(revoked)).toBe(401);
    const { rows } = await pool.query(
      `SELECT end_reason FROM operator_sessions WHERE secret_hash = ANY($1) ORDER BY end_reason`,
      [[idle, old, revoked].map((c) => fingerprint(c.split('=')[1]))],
    );
    expect(rows.map((r) => r.end_reason)).toEqual(['absolute', 'idle', 'revoked']);
  });
});
