// A node's Prometheus metrics (docs/observability.md lists each one). Two kinds:
// - counters and histograms of events this process saw (captures, sends, acknowledgements,
//   refusals, reconciliations, purges, decodes), recorded by one-line calls from the code that did
//   the work; Prometheus sums them over a node's processes;
// - gauges of state (exchange lag, unacknowledged batches, open stays and overstays, reconciliation
//   rate, last purge, pollers on the task queues) computed from the database or Temporal when
//   scraped, so any process of a node tells the same truth (./state-gauges.ts).
// Labels are directions, ports, statuses and reason classes from fixed sets: never a value from a
// record. Each node has its own registry (the tests run both nodes in one process).
import client from 'prom-client';
import { partnerOf } from '../config';
import type { NodeContext } from '../node/context';
import { PORTS } from '../record/ports';
import { intakeRefusalClass, rejectionReasonClass } from './reasons';
import { registerStateGauges } from './state-gauges';

const LATENCY_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600, 86400];

export interface NodeMetrics {
  registry: client.Registry;
  entriesCaptured: client.Counter<'port' | 'result'>;
  recordsSent: client.Counter<'direction'>;
  batchesSent: client.Counter<'direction'>;
  batchResends: client.Counter<'direction'>;
  recordsAcknowledged: client.Counter<'direction' | 'result' | 'reason'>;
  ackLatency: client.Histogram<'direction'>;
  intakeRefusals: client.Counter<'kind' | 'reason'>;
  exitsReceived: client.Counter<'direction'>;
  exitsReconciled: client.Counter<'method'>;
  purgeRuns: client.Counter<string>;
  purgedRecords: client.Counter<'table'>;
  codecPayloads: client.Counter<'operation' | 'result'>;
}

const byContext = new WeakMap<NodeContext, NodeMetrics>();

/** The metrics of a node (made on first use). */
export function metricsOf(ctx: NodeContext): NodeMetrics {
  let metrics = byContext.get(ctx);
  if (!metrics) {
    metrics = createNodeMetrics(ctx);
    byContext.set(ctx, metrics);
  }
  return metrics;
}

function directions(ctx: NodeContext): { out: string; in: string } {
  const own = ctx.config.country;
  const partner = partnerOf(own);
  return { out: `${own}->${partner}`, in: `${partner}->${own}` };
}

function createNodeMetrics(ctx: NodeContext): NodeMetrics {
  const registry = new client.Registry();
  registry.setDefaultLabels({ node: ctx.config.country, namespace: ctx.config.temporal.namespace });
  const registers = [registry];
  const dir = directions(ctx);
  registerStateGauges(ctx, registers, dir);

  return {
    registry,
    entriesCaptured: new client.Counter({
      name: 'entry_exit_entries_captured_total',
      help: 'Entries posted by the ports, by port and result (stored, already, invalid, conflict, stay_start_failed).',
      labelNames: ['port', 'result'],
      registers,
    }),
    recordsSent: new client.Counter({
      name: 'entry_exit_records_sent_total',
      help: 'Records sent to the partner (first sends of a batch; resends not counted again).',
      labelNames: ['direction'],
      registers,
    }),
    batchesSent: new client.Counter({
      name: 'entry_exit_batches_sent_total',
      help: 'Signed batches sent to the partner (first sends).',
      labelNames: ['direction'],
      registers,
    }),
    batchResends: new client.Counter({
      name: 'entry_exit_batch_resends_total',
      help: 'Batches sent again because their acknowledgement was late.',
      labelNames: ['direction'],
      registers,
    }),
    recordsAcknowledged: new client.Counter({
      name: 'entry_exit_records_acknowledged_total',
      help: "Per-record results: the partner's on our records (direction own->partner) and ours on the partner's (partner->own).",
      labelNames: ['direction', 'result', 'reason'],
      registers,
    }),
    ackLatency: new client.Histogram({
      name: 'entry_exit_ack_latency_seconds',
      help: 'From the first send of a batch to its acknowledgement being stored.',
      labelNames: ['direction'],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    intakeRefusals: new client.Counter({
      name: 'entry_exit_intake_refusals_total',
      help: 'Batches and acknowledgements refused at the partner door, by kind and reason class.',
      labelNames: ['kind', 'reason'],
      registers,
    }),
    exitsReceived: new client.Counter({
      name: 'entry_exit_exits_received_total',
      help: "Exits (the partner's entry records) reconciled against own entries.",
      labelNames: ['direction'],
      registers,
    }),
    exitsReconciled: new client.Counter({
      name: 'entry_exit_exits_reconciled_total',
      help: 'Reconciliation outcomes of received exits: exact, scored (matcher), review (left to an operator).',
      labelNames: ['method'],
      registers,
    }),
    purgeRuns: new client.Counter({
      name: 'entry_exit_purge_runs_total',
      help: 'Purge runs finished by this process.',
      registers,
    }),
    purgedRecords: new client.Counter({
      name: 'entry_exit_purged_records_total',
      help: 'Rows removed by purge runs, by table.',
      labelNames: ['table'],
      registers,
    }),
    codecPayloads: new client.Counter({
      name: 'entry_exit_codec_payloads_total',
      help: 'Payloads passed through the codec endpoint (decode shows them to an operator), by result.',
      labelNames: ['operation', 'result'],
      registers,
    }),
  };
}

// ---- one-line recorders called from the code that did the work -------------------------------

function portLabel(input: unknown): string {
  const port = (input as { port_of_entry?: unknown } | null)?.port_of_entry;
  return typeof port === 'string' && PORTS.has(port) ? port : 'unknown';
}

/** A capture request's outcome, counted per record by port. */
export function observeCapture(
  ctx: NodeContext,
  inputs: unknown[],
  outcome: { ok: boolean; status?: number; stored?: number; storedIds?: string[] },
): void {
  const m = metricsOf(ctx).entriesCaptured;
  if (outcome.ok && outcome.storedIds) {
    const stored = new Set(outcome.storedIds);
    for (const input of inputs) {
      const id = (input as { id?: unknown }).id;
      m.inc({ port: portLabel(input), result: typeof id === 'string' && stored.has(id) ? 'stored' : 'already' });
    }
    return;
  }
  const result = outcome.status === 409 ? 'conflict' : outcome.status === 503 ? 'stay_start_failed' : 'invalid';
  for (const input of inputs) m.inc({ port: portLabel(input), result });
}

export function observeTransmit(ctx: NodeContext, attempt: number, records: number): void {
  const m = metricsOf(ctx);
  const direction = directions(ctx).out;
  if (attempt > 1) m.batchResends.inc({ direction });
  else {
    m.batchesSent.inc({ direction });
    m.recordsSent.inc({ direction }, records);
  }
}

/** The partner's acknowledgement of one of our batches, applied for the first time. */
export async function observeAcknowledgement(
  ctx: NodeContext,
  batchId: string,
  results: Array<{ status: string; reason?: string | null }>,
): Promise<void> {
  const m = metricsOf(ctx);
  const direction = directions(ctx).out;
  for (const r of results)
    m.recordsAcknowledged.inc({
      direction,
      result: r.status,
      reason: r.status === 'rejected' ? rejectionReasonClass(r.reason) : '',
    });
  const { rows } = await ctx.pool.query<{ first_sent_at: Date | null }>(
    'SELECT first_sent_at FROM outbound_batches WHERE batch_id = $1',
    [batchId],
  );
  if (rows[0]?.first_sent_at)
    m.ackLatency.observe({ direction }, (ctx.clock.now().getTime() - rows[0].first_sent_at.getTime()) / 1000);
}

/** Our per-record verdicts on a batch received from the partner. */
export function observeIngest(ctx: NodeContext, results: Array<{ status: string; reason: string | null }>): void {
  const m = metricsOf(ctx).recordsAcknowledged;
  const direction = directions(ctx).in;
  for (const r of results)
    m.inc({ direction, result: r.status, reason: r.status === 'rejected' ? rejectionReasonClass(r.reason) : '' });
}

export function observeIntakeRefusal(ctx: NodeContext, kind: string, status: number, reason: string): void {
  metricsOf(ctx).intakeRefusals.inc({ kind, reason: intakeRefusalClass(status, reason) });
}

export function observeReconcile(
  ctx: NodeContext,
  counts: { exits: number; matched: number; matchedByMatcher: number; review: number },
): void {
  const m = metricsOf(ctx);
  m.exitsReceived.inc({ direction: directions(ctx).in }, counts.exits);
  m.exitsReconciled.inc({ method: 'exact' }, counts.matched - counts.matchedByMatcher);
  m.exitsReconciled.inc({ method: 'scored' }, counts.matchedByMatcher);
  m.exitsReconciled.inc({ method: 'review' }, counts.review);
}

export function observePurge(ctx: NodeContext, removed: Record<string, number>): void {
  const m = metricsOf(ctx);
  m.purgeRuns.inc();
  for (const [table, n] of Object.entries(removed)) m.purgedRecords.inc({ table }, n);
}

export function observeCodec(ctx: NodeContext, operation: string, result: 'ok' | 'refused', payloads: number): void {
  metricsOf(ctx).codecPayloads.inc({ operation, result }, payloads);
}
