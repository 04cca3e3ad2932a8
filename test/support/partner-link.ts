// The partner link as a fault-injection point: a tiny HTTP relay between the two node processes
// (each node's PARTNER_URL points at its relay, which forwards to the other node). The suite can
// cut the link (connections are dropped, as by a failed network), hold acknowledgements back (late
// acks) and deliver them twice, and keeps every acknowledgement that passed, exact bytes and
// signature headers, so it can play them again later and out of order.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type LinkMode = 'open' | 'cut';

export interface CapturedMessage {
  path: string;
  headers: Record<string, string>;
  body: string;
  at: number;
}

export interface LinkStats {
  forwarded: number;
  dropped: number;
  heldAcks: number;
  duplicatedAcks: number;
}

export interface PartnerRelay {
  url: string;
  mode: LinkMode;
  /** While > 0, acknowledgements wait this long and are then delivered twice. */
  holdAcksMs: number;
  acks: CapturedMessage[];
  /** Requests whose path matches are held open (the caller's activity stays in flight) until `releaseHung`. */
  hang?: RegExp;
  /** Drops every held request (its caller sees the connection close) and stops holding. */
  releaseHung(): void;
  stats: LinkStats;
  close(): Promise<void>;
}

const FORWARDED_HEADERS = ['content-type', 'x-signature-key-id', 'x-signature-timestamp', 'x-signature'];

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** A relay that forwards to `target` (a node's base URL). */
export async function startPartnerRelay(target: string): Promise<PartnerRelay> {
  const relay: PartnerRelay = {
    url: '',
    mode: 'open',
    holdAcksMs: 0,
    acks: [],
    stats: { forwarded: 0, dropped: 0, heldAcks: 0, duplicatedAcks: 0 },
    releaseHung: () => {
      relay.hang = undefined;
      for (const drop of hung.splice(0)) drop();
    },
    close: async () => undefined,
  };
  const hung: Array<() => void> = [];
  const forward = async (path: string, headers: Record<string, string>, body: string) =>
    fetch(`${target}${path}`, { method: 'POST', headers, body, signal: AbortSignal.timeout(20_000) });

  const server = http.createServer((req, res) => {
    void (async () => {
      if (relay.mode === 'cut') {
        relay.stats.dropped++;
        req.socket.destroy();
        return;
      }
      if (relay.hang?.test(req.url ?? '')) {
        hung.push(() => {
          relay.stats.dropped++;
          req.socket.destroy();
        });
        return;
      }
      const body = await readBody(req);
      const headers: Record<string, string> = {};
      for (const name of FORWARDED_HEADERS) {
        const v = req.headers[name];
        if (typeof v === 'string') headers[name] = v;
      }
      const path = req.url ?? '/';
      const isAck = path.startsWith('/intake/acks');
      if (isAck) relay.acks.push({ path, headers, body, at: Date.now() });
      const hold = isAck ? relay.holdAcksMs : 0;
      if (hold > 0) {
        relay.stats.heldAcks++;
        await new Promise((r) => setTimeout(r, hold));
      }
      try {
        if ((relay.mode as LinkMode) === 'cut') throw new Error('link cut while held');
        const upstream = await forward(path, headers, body);
        const text = await upstream.text();
        relay.stats.forwarded++;
        if (hold > 0) {
          // A late acknowledgement, delivered twice: the second copy must change nothing.
          relay.stats.duplicatedAcks++;
          await forward(path, headers, body)
            .then((r) => r.text())
            .catch(() => undefined);
        }
        res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
        res.end(text);
      } catch {
        // The other node is down or the link was cut meanwhile: the caller sees a dropped connection.
        relay.stats.dropped++;
        req.socket.destroy();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  relay.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  relay.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return relay;
}
