// Sends simulated crossings to the nodes' capture APIs (POST /entries), as the ports would: each
// port with its own credential, and only its own entries.
import type { Country, NodeConfig } from '../config';
import { simulateCrossings, type SimulatedEntry, type SimulationRequest } from './generate';
import { utcDay } from '../calendar';
import { forEachLimited } from '../concurrency/for-each-limited';

export interface CaptureTotals {
  stored: Record<Country, number>;
  already: Record<Country, number>;
}

/** A node's capture door and the tokens of its ports (port code -> token). */
export interface CaptureTarget {
  url: string;
  portTokens: Record<string, string>;
}

/** The capture target of a node from its configuration (its capture door and port tokens). */
export function captureTargetOf(config: NodeConfig): CaptureTarget {
  const { host, port } = config.doors.capture;
  return { url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`, portTokens: config.portTokens };
}

/** Ports posting at once (each its own request): real ports are independent and do not wait for each other. */
export const DEFAULT_PORTS_IN_FLIGHT = 4;

/**
 * Posts records to a node's capture door, one request per port with that port's token, up to
 * `portsInFlight` ports at once (each port's records in one request, in their order).
 */
export async function postEntries(
  target: CaptureTarget,
  records: SimulatedEntry[],
  signal?: AbortSignal,
  portsInFlight = DEFAULT_PORTS_IN_FLIGHT,
): Promise<{ stored: number; already: number }> {
  const byPort = new Map<string, SimulatedEntry[]>();
  for (const record of records) {
    const mine = byPort.get(record.port_of_entry) ?? [];
    mine.push(record);
    byPort.set(record.port_of_entry, mine);
  }
  const missing = [...byPort.keys()].find((port) => !target.portTokens[port]);
  if (missing) throw new Error(`no credential for port ${missing}; add it to the node's port tokens`);
  const totals = { stored: 0, already: 0 };
  await forEachLimited([...byPort], portsInFlight, async ([port, mine]) => {
    const result = await postPortEntries(target.url, target.portTokens[port], mine, signal);
    totals.stored += result.stored;
    totals.already += result.already;
  });
  return totals;
}

async function postPortEntries(
  url: string,
  token: string,
  records: SimulatedEntry[],
  signal?: AbortSignal,
  attempt = 1,
): Promise<{ stored: number; already: number }> {
  const retry = () =>
    new Promise((resolve) => setTimeout(resolve, 1000 * 2 ** attempt)).then(() =>
      postPortEntries(url, token, records, signal, attempt + 1),
    );
  let res: Response;
  try {
    res = await fetch(`${url}/entries`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ records }),
      signal,
    });
  } catch (err) {
    // The connection failed (reset, refused, timed out): a port sends the same request again; the
    // node stores each record once (the same record again is counted as `already`).
    if (signal?.aborted || attempt >= 6) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new Error(
        `capture at ${url} failed after ${attempt} attempts: ${(err as Error).message}${cause ? ` (${cause.code ?? cause.message})` : ''}`,
      );
    }
    return retry();
  }
  const body = (await res.json().catch(() => ({}))) as {
    stored?: number;
    already?: number;
    error?: string;
    records?: Array<{ index: number; problems: string[] }>;
  };
  // 503: stored, stays not all started (Temporal busy); the same request again finishes them, as a port would retry.
  if (res.status === 503 && attempt < 6) return retry();
  if (!res.ok) {
    const first = body.records?.[0];
    throw new Error(
      `capture at ${url} answered ${res.status}: ${body.error ?? ''}${first ? ` (record ${first.index}: ${first.problems.join('; ')})` : ''}`,
    );
  }
  return { stored: body.stored ?? 0, already: body.already ?? 0 };
}

/** Generates the request's crossings and posts them, in time order, in chunks; reports after each chunk. */
export async function simulateToNodes(
  request: SimulationRequest,
  targets: Record<Country, CaptureTarget>,
  opts: { chunk?: number; onChunk?: (n: number) => void; signal?: AbortSignal } = {},
): Promise<CaptureTotals> {
  const chunk = opts.chunk ?? 1000;
  const totals: CaptureTotals = { stored: { US: 0, CA: 0 }, already: { US: 0, CA: 0 } };
  const buffers: Record<Country, SimulatedEntry[]> = { US: [], CA: [] };
  const flush = async (country: Country) => {
    if (buffers[country].length === 0) return;
    const result = await postEntries(targets[country], buffers[country], opts.signal);
    totals.stored[country] += result.stored;
    totals.already[country] += result.already;
    opts.onChunk?.(buffers[country].length);
    buffers[country] = [];
  };
  for (const { country, entry } of simulateCrossings(request)) {
    buffers[country].push(entry);
    if (buffers[country].length >= chunk) await flush(country);
  }
  await flush('US');
  await flush('CA');
  return totals;
}

export interface GentleSimulatorOptions {
  targets: Record<Country, CaptureTarget>;
  signal: AbortSignal;
  /** Trips per tick (default 3) and time between ticks (default 5 s). */
  tripsPerTick?: number;
  tickMs?: number;
  onError?: (err: Error) => void;
}

/**
 * Trickles traffic into both nodes so the UI shows life: every tick a few round trips, re-timed to
 * the last minutes so they fall in the current window. Stops when `signal` aborts; never throws.
 */
export async function runGentleSimulator(opts: GentleSimulatorOptions): Promise<void> {
  const tickMs = opts.tickMs ?? 5000;
  const base = Math.floor(Date.now() / 1000);
  for (let tick = 0; !opts.signal.aborted; tick++) {
    try {
      const now = Date.now();
      const today = utcDay(new Date(now));
      const records: Array<{ country: Country; entry: SimulatedEntry }> = [];
      for (const capture of simulateCrossings({
        from: today,
        days: 1,
        perDay: opts.tripsPerTick ?? 3,
        seed: base + tick,
      }))
        records.push(capture);
      records.forEach((r, i) => {
        // Out legs a few minutes ago, home legs now: the trip stays in order and in this window.
        const at = new Date(now - (records.length - i) * 20_000);
        r.entry.entered_at = at.toISOString();
        if (r.entry.admit_until && r.entry.admit_until < utcDay(at)) delete r.entry.admit_until;
      });
      for (const country of ['US', 'CA'] as const) {
        const mine = records.filter((r) => r.country === country).map((r) => r.entry);
        if (mine.length) await postEntries(opts.targets[country], mine, opts.signal);
      }
    } catch (err) {
      if (!opts.signal.aborted) opts.onError?.(err as Error);
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, tickMs);
      opts.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });
  }
}
