// One codec endpoint for a Temporal UI that shows several namespaces: the dev server's UI takes a
// single --ui-codec-endpoint, while each node decodes only its own namespace with its own keys.
// The router forwards each request, by its X-Namespace header, to the codec of the node that owns
// that namespace, passing the operator's Authorization header through untouched. It holds no keys.
//
// How the operator's token reaches it: a UI signed in through OIDC sends its access token when "pass
// access token" is set (https endpoints only). The dev server's UI has no sign-in, so the router also
// offers /login: the operator pastes each node's token once per browser; it is kept in an HttpOnly,
// SameSite=Strict cookie of the router, which the UI sends when "include cross-origin credentials" is
// set, and the router turns it into the Authorization header the node requires. Browsers send that
// cookie only when the router is on the UI's site (same scheme and host; the port may differ):
// http://127.0.0.1:PORT next to the dev server's UI, or codec.agency.example beside ui.agency.example.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { createLogger, type Logger } from '../observability/log';
import { PURPOSES } from '../privacy/purpose';
import { codecAllowedOrigins, corsHeaders } from '../config/codec-origins';

export interface CodecRouterOptions {
  /** namespace -> base URL of that node's codec, e.g. { 'us-cbp': 'http://127.0.0.1:8401/codec' }. */
  routes: Record<string, string>;
  port: number;
  host?: string;
  allowedOrigins?: string[];
  /** Serve HTTPS (the UI passes the access token only to an https endpoint). PEM strings. */
  tls?: { key: string; cert: string };
  log?: Logger;
}

export interface RunningCodecRouter {
  url: string;
  close(): Promise<void>;
}

const MAX_BODY = 10 * 1024 * 1024;
const COOKIE_PREFIX = 'codec_token_';

export function tokenCookieName(namespace: string): string {
  return `${COOKIE_PREFIX}${namespace.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/** The cookies of a request; a malformed one (bad %-encoding, no name) is skipped, never thrown on. */
export function cookies(req: http.IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  const header = req.headers.cookie;
  for (const part of (typeof header === 'string' ? header : '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    try {
      out[part.slice(0, eq).trim()] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      // A cookie this router never set; ignore it.
    }
  }
  return out;
}

const PURPOSE_COOKIE = 'codec_purpose';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(namespaces: string[], message = ''): string {
  const fields = namespaces
    .map(
      (ns) =>
        `<label>${escapeHtml(ns)} operator token <input type="password" name="${escapeHtml(ns)}" autocomplete="off"></label><br>`,
    )
    .join('\n');
  return `<!doctype html><meta charset="utf-8"><title>Codec sign-in</title>
<h1>Codec sign-in</h1><p>${escapeHtml(message)}</p>
<p>Paste the operator token of each node whose payloads this browser may decode. In the Temporal UI,
open the codec (data encoder) settings and turn on "include cross-origin credentials".</p>
<form method="post" action="login">${fields}
<label>Purpose of what you will read <select name="purpose">${Object.entries(PURPOSES)
    .map(([p, what]) => `<option value="${p}">${p}: ${escapeHtml(what)}</option>`)
    .join('')}</select></label><br>
<button type="submit">Keep in this browser</button></form>
<form method="post" action="logout"><button type="submit">Forget tokens</button></form>`;
}
// The operator is known from the credential alone; the purpose is the operator's, per read.
const FORWARDED_HEADERS = [
  'authorization',
  'authorization-extras',
  'content-type',
  'x-namespace',
  'x-purpose',
  'x-workflow-id',
  'referer',
  // The operator door's session cookie (browsers key cookies by host, not port) and the page's
  // origin, which a request by session must show.
  'cookie',
  'origin',
];

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...headers, 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export async function startCodecRouter(opts: CodecRouterOptions): Promise<RunningCodecRouter> {
  const log = opts.log ?? createLogger({ component: 'codec-router' });
  const allowed = opts.allowedOrigins ?? codecAllowedOrigins();
  const routes = Object.fromEntries(Object.entries(opts.routes).map(([ns, url]) => [ns, url.replace(/\/+$/, '')]));

  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const cors = corsHeaders(req.headers.origin, allowed);
    const path = (req.url ?? '/').split('?')[0];
    // Per the remote codec protocol only the last path segment says what to do.
    const operation = path.split('/').filter(Boolean).pop();
    if (req.method === 'OPTIONS') {
      if (Object.keys(cors).length === 0) {
        log.warn('codec router refused a preflight from an origin not allowed', {
          origin: String(req.headers.origin ?? 'none').slice(0, 100),
        });
        return send(res, 403, { error: 'origin not allowed; add it to CODEC_CORS_ORIGINS' });
      }
      res.writeHead(204, cors);
      return res.end();
    }
    if (operation === 'login' || operation === 'logout') return session(req, res, operation);
    if (req.method !== 'POST' || (operation !== 'decode' && operation !== 'encode')) {
      return send(res, 404, { error: 'the codec router serves POST .../decode and POST .../encode' }, cors);
    }
    const namespace = req.headers['x-namespace'];
    const target = typeof namespace === 'string' ? routes[namespace] : undefined;
    if (!target) {
      log.warn('codec router refused: unknown namespace', {
        namespace: typeof namespace === 'string' ? namespace.slice(0, 64) : 'none',
      });
      return send(
        res,
        404,
        { error: `no codec for namespace "${String(namespace ?? '')}"; known: ${Object.keys(routes).join(', ')}` },
        cors,
      );
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        send(res, 413, { error: 'body too large for the codec router' }, cors);
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      if (res.headersSent) return;
      const headers: Record<string, string> = {};
      for (const name of FORWARDED_HEADERS) {
        const value = req.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const jar = cookies(req);
      const kept = jar[tokenCookieName(namespace as string)];
      if (!headers.authorization && kept) headers.authorization = `Bearer ${kept}`;
      if (!headers['x-purpose'] && jar[PURPOSE_COOKIE]) headers['x-purpose'] = jar[PURPOSE_COOKIE];
      log.debug('codec router forwarding', {
        namespace,
        operation,
        authorization: !!headers.authorization,
        cookie: !!req.headers.cookie,
      });
      fetch(`${target}/${operation}`, { method: 'POST', headers, body: Buffer.concat(chunks) })
        .then(async (upstream) => {
          const body = await upstream.text();
          if (upstream.status >= 400) log.warn('codec router: node refused', { namespace, status: upstream.status });
          res.writeHead(upstream.status, {
            ...cors,
            'content-type': upstream.headers.get('content-type') ?? 'application/json',
          });
          res.end(body);
        })
        .catch((err: Error) => {
          log.warn('codec router: node unreachable', { namespace, error: err.message });
          send(res, 502, { error: `the codec of namespace "${namespace}" is unreachable; is the node running?` }, cors);
        });
    });
  };

  /** GET shows the sign-in form; POST login keeps the tokens given (form fields named by namespace); POST logout forgets them. */
  const session = (req: http.IncomingMessage, res: http.ServerResponse, operation: 'login' | 'logout') => {
    const namespaces = Object.keys(routes);
    const html = (status: number, body: string, setCookies: string[] = []) => {
      res.writeHead(status, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'set-cookie': setCookies,
      });
      res.end(body);
    };
    // Strict: only pages of the same site (the UI) make the browser send it; never a third-party page.
    const attributes = `HttpOnly; Path=/; SameSite=Strict${opts.tls ? '; Secure' : ''}`;
    if (req.method === 'GET' && operation === 'login') return html(200, loginPage(namespaces));
    if (req.method !== 'POST') return html(405, loginPage(namespaces, 'use the form'));
    if (operation === 'logout') {
      return html(
        200,
        loginPage(namespaces, 'tokens forgotten'),
        namespaces.map((ns) => `${tokenCookieName(ns)}=; Max-Age=0; ${attributes}`),
      );
    }
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
      if (body.length > 10_000) req.destroy();
    });
    req.on('end', () => {
      const form = new URLSearchParams(body);
      const set = namespaces
        .filter((ns) => /^[\w.~+/=-]{16,4096}$/.test(form.get(ns) ?? ''))
        .map((ns) => `${tokenCookieName(ns)}=${encodeURIComponent(form.get(ns)!)}; Max-Age=28800; ${attributes}`);
      const tokens = set.length;
      const purpose = form.get('purpose') ?? '';
      if (Object.prototype.hasOwnProperty.call(PURPOSES, purpose))
        set.push(`${PURPOSE_COOKIE}=${purpose}; Max-Age=28800; ${attributes}`);
      log.info('codec router: tokens kept for a browser', { namespaces: tokens });
      html(
        200,
        loginPage(
          namespaces,
          `${tokens} token(s) kept for 8 hours, purpose ${purpose || 'none'}; the node checks each one on use`,
        ),
        set,
      );
    });
  };

  // One bad request (a malformed header, cookie or encoding) is answered, never allowed to stop the router.
  const guarded = (req: http.IncomingMessage, res: http.ServerResponse) => {
    req.on('error', () => res.destroy());
    try {
      handler(req, res);
    } catch (err) {
      log.warn('codec router: request refused', { error: (err as Error).name });
      if (!res.headersSent) send(res, 400, { error: 'malformed request' });
      else res.destroy();
    }
  };
  // Slow clients: headers within 10 s, the whole request within 30 s.
  const timeouts = { headersTimeout: 10_000, requestTimeout: 30_000 };
  const server = opts.tls
    ? https.createServer({ key: opts.tls.key, cert: opts.tls.cert, ...timeouts }, guarded)
    : http.createServer(timeouts, guarded);
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `${opts.tls ? 'https' : 'http'}://${opts.host ?? '127.0.0.1'}:${port}`;
  log.info('codec router listening', { url, namespaces: Object.keys(routes) });
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
