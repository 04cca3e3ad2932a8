// One codec endpoint for a Temporal UI that shows several namespaces: the dev server's UI takes a
// single --ui-codec-endpoint, while each node decodes only its own namespace with its own keys.
// The router forwards each request, by its X-Namespace header, to the codec of the node that owns
// that namespace, passing the operator's Authorization header through untouched. It holds no keys.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { createLogger, type Logger } from '../log';
import { codecAllowedOrigins, corsHeaders } from './cors';

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
const FORWARDED_HEADERS = ['authorization', 'authorization-extras', 'content-type', 'x-namespace', 'x-operator'];

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
        log.warn('codec router refused a preflight from an origin not allowed', { origin: String(req.headers.origin ?? 'none').slice(0, 100) });
        return send(res, 403, { error: 'origin not allowed; add it to CODEC_CORS_ORIGINS' });
      }
      res.writeHead(204, cors);
      return res.end();
    }
    if (req.method !== 'POST' || (operation !== 'decode' && operation !== 'encode')) {
      return send(res, 404, { error: 'the codec router serves POST .../decode and POST .../encode' }, cors);
    }
    const namespace = req.headers['x-namespace'];
    const target = typeof namespace === 'string' ? routes[namespace] : undefined;
    if (!target) {
      log.warn('codec router refused: unknown namespace', { namespace: typeof namespace === 'string' ? namespace.slice(0, 64) : 'none' });
      return send(res, 404, { error: `no codec for namespace "${String(namespace ?? '')}"; known: ${Object.keys(routes).join(', ')}` }, cors);
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
      fetch(`${target}/${operation}`, { method: 'POST', headers, body: Buffer.concat(chunks) })
        .then(async (upstream) => {
          const body = await upstream.text();
          if (upstream.status >= 400) log.warn('codec router: node refused', { namespace, status: upstream.status });
          res.writeHead(upstream.status, { ...cors, 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
          res.end(body);
        })
        .catch((err: Error) => {
          log.warn('codec router: node unreachable', { namespace, error: err.message });
          send(res, 502, { error: `the codec of namespace "${namespace}" is unreachable; is the node running?` }, cors);
        });
    });
  };

  const server = opts.tls ? https.createServer({ key: opts.tls.key, cert: opts.tls.cert }, handler) : http.createServer(handler);
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
