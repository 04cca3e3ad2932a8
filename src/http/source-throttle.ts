// Refused requests, counted per source address: a failed authentication on the capture or operator
// door, a bad signature on the partner door. A source past its budget of refusals for the minute is
// answered 429 at once, before its body is read (onRequest), whoever it claims to be: guessing
// tokens or flooding the partner door with junk signed "by the partner" costs the guesser, never the
// real port, operator or partner (whose budgets count only their verified requests).
// Every refusal is logged and audited; a source that reaches the limit is audited once per window.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Door } from '../config';
import { writeAudit } from '../db/audit';
import type { NodeContext } from '../node/context';

const WINDOW_MS = 60_000;
/** Sources tracked at once; past it, sources whose window has ended are forgotten. */
const MAX_TRACKED_SOURCES = 50_000;

interface SourceWindow {
  startedAt: number;
  refusals: number;
}

export interface RefusedRequest {
  /** Why it was refused, for the log and the audit (never a presented secret). */
  why: string;
}

export class SourceThrottle {
  private readonly windows = new Map<string, SourceWindow>();

  constructor(
    private readonly ctx: NodeContext,
    private readonly door: Door,
    private readonly limit = ctx.config.limits.refusalsPerSourcePerMinute,
    private readonly now: () => number = Date.now,
  ) {}

  private windowOf(source: string): SourceWindow {
    const now = this.now();
    let window = this.windows.get(source);
    if (!window || now - window.startedAt >= WINDOW_MS) {
      if (this.windows.size >= MAX_TRACKED_SOURCES) this.forgetEnded(now);
      window = { startedAt: now, refusals: 0 };
      this.windows.set(source, window);
    }
    return window;
  }

  private forgetEnded(now: number): void {
    for (const [source, window] of this.windows) if (now - window.startedAt >= WINDOW_MS) this.windows.delete(source);
  }

  /** onRequest hook: a source past its refusals is answered 429 before anything else is read. */
  readonly hook = async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.routeOptions.url === '/health') return;
    const window = this.windowOf(request.ip);
    if (window.refusals < this.limit) return;
    const retryAfter = Math.max(1, Math.ceil((window.startedAt + WINDOW_MS - this.now()) / 1000));
    return reply
      .status(429)
      .header('retry-after', String(retryAfter))
      .header('connection', 'close')
      .send({ error: `too many refused requests from this address; try again in ${retryAfter} s` });
  };

  /** onSend hook: every 401 a door answers (a credential or signature refused) counts against its source. */
  readonly countRefusals = async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (reply.statusCode === 401) await this.refused(request, { why: errorOf(payload) });
    return payload;
  };

  /** Counts, logs and audits one refusal of a request from its source address. */
  async refused(request: FastifyRequest, refusal: RefusedRequest): Promise<void> {
    const window = this.windowOf(request.ip);
    window.refusals += 1;
    const reachedLimit = window.refusals === this.limit;
    const fields = { door: this.door, route: request.routeOptions.url, remote: request.ip, why: refusal.why };
    this.ctx.log.warn(`${this.door} door refused a request`, fields);
    if (reachedLimit) this.ctx.log.warn(`${this.door} door throttles a source: too many refusals`, fields);
    try {
      await writeAudit(this.ctx.pool, {
        // Unauthenticated: the audit names the address, never who the request claimed to be.
        actor: `source:${request.ip}`,
        action: reachedLimit ? 'auth.source-throttled' : 'auth.refused',
        details: {
          door: this.door,
          route: request.routeOptions.url ?? null,
          remote: request.ip,
          why: refusal.why.slice(0, 200),
        },
      });
    } catch (err) {
      // A refusal is answered even when the audit cannot be written; the log keeps it.
      this.ctx.log.error('refusal could not be audited', { door: this.door, error: (err as Error).name });
    }
  }
}

function errorOf(payload: unknown): string {
  if (typeof payload !== 'string') return 'refused';
  try {
    const error = (JSON.parse(payload) as { error?: unknown }).error;
    return typeof error === 'string' ? error : 'refused';
  } catch {
    return 'refused';
  }
}
