// A node's Prometheus metrics (docs/observability.md lists each one). Two kinds:
// - counters and histograms of events this process saw (captures, sends, acknowledgements,
//   refusals, reconciliations, purges, decodes), recorded by one-line calls from the code that did
//   the work; Prometheus sums them over a node's processes;
// - gauges of state (exchange lag, unacknowledged batches, open stays and overstays, reconciliation
//   rate, last purge, pollers on the task queues) computed from the database or Temporal when
//   scraped, so any process of a node tells the same truth.
// Labels are directions, ports, statuses and reason classes from fixed sets: never a value from a
// record. Each node has its own registry (the tests run both nodes in one process).
import client from 'prom-client';
import { temporal } from '@temporalio/proto';
import { partnerOf } from '../config';
import type { NodeContext } from '../node/context';
import { readExchangeSettings } from '../config/exchange';
import { PORTS } from '../record/ports';
import { loadScopePhases } from '../config/scope';
import { scopeSqlCondition } from '../scope/rules';
import { intakeRefusalClass, rejectionReasonClass } from './reasons';

/** Stay statuses in which the stay workflow still waits for a departure. */
export const OPEN_STAY_STATUSES = [
  'awaiting_exit',
  'extension_pending',
  'overstay',
  'removal_pending',
  'removal_missed',
] as const;

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

function directions(ctx: NodeContext) {
  const own = ctx.config.country;
  const partner = partnerOf(own);
  return { out: `${own}->${partner}`, in: `${partner}->${own}` };
}

function createNodeMetrics(ctx: NodeContext): NodeMetrics {
  const registry = new client.Registry();
  registry.setDefaultLabels({ node: ctx.config.country, namespace: ctx.config.temporal.namespace });
  const registers = [registry];
  const dir = directions(ctx);
  const seconds = (from: Date | null | undefined) =>
    from ? Math.max(0, (ctx.clock.now().getTime() - from.getTime()) / 1000) : 0;

  // State, computed at scrape time. A failing query leaves the gauge unset for that scrape (and is
  // logged without detail), rather than failing the whole scrape.
  const gauge = <L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    read: (g: client.Gauge<L>) => Promise<void>,
  ) =>
    new client.Gauge<L>({
      name,
      help,
      labelNames,
      registers,
      async collect() {
        this.reset();
        try {
          await read(this);
        } catch (err) {
          ctx.log.warn('metric not computed this scrape', { metric: name, error: (err as Error).name });
        }
      },
    });

  gauge(
    'entry_exit_exchange_lag_seconds',
    'Age of the oldest in-scope entry not yet sent to the partner (0 when none).',
    ['direction'],
    async (g) => {
      const scope = scopeSqlCondition(loadScopePhases(), 1);
      const { rows } = await ctx.pool.query<{ oldest: Date | null; pending: string }>(
        `SELECT min(e.entered_at) AS oldest, count(*) AS pending FROM entries e WHERE e.sent_version < e.version AND ${scope.sql}`,
        scope.params,
      );
      g.set({ direction: dir.out }, seconds(rows[0].oldest));
    },
  );
  gauge('entry_exit_pending_entries', 'In-scope entries not yet sent to the partner.', ['direction'], async (g) => {
    const scope = scopeSqlCondition(loadScopePhases(), 1);
    const { rows } = await ctx.pool.query<{ pending: string }>(
      `SELECT count(*) AS pending FROM entries e WHERE e.sent_version < e.version AND ${scope.sql}`,
      scope.params,
    );
    g.set({ direction: dir.out }, Number(rows[0].pending));
  });
  gauge(
    'entry_exit_unacknowledged_batches',
    'Batches sent to the partner and not yet acknowledged.',
    ['direction'],
    async (g) => {
      const { rows } = await ctx.pool.query<{ n: string }>(
        'SELECT count(*) AS n FROM outbound_batches WHERE acked_at IS NULL AND first_sent_at IS NOT NULL',
      );
      g.set({ direction: dir.out }, Number(rows[0].n));
    },
  );
  gauge(
    'entry_exit_oldest_unacknowledged_batch_age_seconds',
    'Time since the first send of the oldest batch still awaiting its acknowledgement (0 when none).',
    ['direction'],
    async (g) => {
      const { rows } = await ctx.pool.query<{ oldest: Date | null }>(
        'SELECT min(first_sent_at) AS oldest FROM outbound_batches WHERE acked_at IS NULL AND first_sent_at IS NOT NULL',
      );
      g.set({ direction: dir.out }, seconds(rows[0].oldest));
    },
  );
  gauge(
    'entry_exit_last_cycle_duration_seconds',
    'Duration of the latest fully acknowledged exchange window: first batch made to last acknowledgement.',
    ['direction'],
    async (g) => {
      const { rows } = await ctx.pool.query<{ seconds: number | null }>(
        `SELECT extract(epoch FROM max(acked_at) - min(created_at))::float8 AS seconds FROM outbound_batches
         WHERE cycle_window = (SELECT cycle_window FROM outbound_batches GROUP BY cycle_window
                               HAVING bool_and(acked_at IS NOT NULL) ORDER BY max(acked_at) DESC LIMIT 1)`,
      );
      if (rows[0].seconds !== null) g.set({ direction: dir.out }, rows[0].seconds);
    },
  );
  gauge(
    'entry_exit_reconciliation_rate',
    'Share of the exits received in the latest window that were matched to an own entry (0..1).',
    ['direction'],
    async (g) => {
      const { rows } = await ctx.pool.query<{ exits: string; matched: string }>(
        `SELECT count(x.id) AS exits, count(m.exit_id) AS matched
         FROM inbound_batches b JOIN exits x ON x.batch_id = b.batch_id LEFT JOIN matches m ON m.exit_id = x.id
         WHERE b.cycle_window = (SELECT cycle_window FROM inbound_batches WHERE ingested_at IS NOT NULL
                                 ORDER BY received_at DESC LIMIT 1)`,
      );
      const exits = Number(rows[0].exits);
      if (exits > 0) g.set({ direction: dir.in }, Number(rows[0].matched) / exits);
    },
  );
  gauge(
    'entry_exit_open_stays',
    'Stays whose workflow still waits for a departure, by status.',
    ['status'],
    async (g) => {
      for (const status of OPEN_STAY_STATUSES) g.set({ status }, 0);
      const { rows } = await ctx.pool.query<{ status: string; n: string }>(
        'SELECT status, count(*) AS n FROM stays WHERE status = ANY($1::text[]) GROUP BY status',
        [[...OPEN_STAY_STATUSES]],
      );
      for (const row of rows) g.set({ status: row.status }, Number(row.n));
    },
  );
  gauge(
    'entry_exit_suspected_overstays_open',
    'Overstay flags raised by stay workflows and not lifted, by kind.',
    ['kind'],
    async (g) => {
      for (const kind of ['in_country', 'out_of_country', 'removal_missed']) g.set({ kind }, 0);
      const { rows } = await ctx.pool.query<{ kind: string; n: string }>(
        'SELECT kind, count(*) AS n FROM overstays WHERE lifted_at IS NULL GROUP BY kind',
      );
      for (const row of rows) g.set({ kind: row.kind }, Number(row.n));
    },
  );
  gauge(
    'entry_exit_last_purge_timestamp_seconds',
    'When the latest purge run finished (Unix seconds; absent when none ever ran).',
    [],
    async (g) => {
      const { rows } = await ctx.pool.query<{ at: Date | null }>(
        "SELECT max(at) AS at FROM audit_log WHERE action = 'purge.run'",
      );
      if (rows[0].at) g.set(rows[0].at.getTime() / 1000);
    },
  );
  gauge(
    'entry_exit_task_queue_pollers',
    "Workers polling each of the node's task queues, as the Temporal server sees them (all processes).",
    ['task_queue', 'type'],
    async (g) => {
      const queues = [...new Set([ctx.config.temporal.taskQueue, ctx.config.temporal.stayTaskQueue])];
      const types = [
        ['workflow', temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW],
        ['activity', temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY],
      ] as const;
      await Promise.all(
        queues.flatMap((name) =>
          types.map(async ([type, taskQueueType]) => {
            const described = await ctx.temporal.workflowService.describeTaskQueue({
              namespace: ctx.config.temporal.namespace,
              taskQueue: { name },
              taskQueueType,
            });
            g.set({ task_queue: name, type }, described.pollers?.length ?? 0);
          }),
        ),
      );
    },
  );

  // The node's exchange settings, so alert rules compare lag and acknowledgement age with them.
  const { settings } = readExchangeSettings(ctx.config.country);
  new client.Gauge({
    name: 'entry_exit_exchange_interval_seconds',
    help: 'Window length of the exchange schedule (EXCHANGE_INTERVAL).',
    labelNames: ['direction'],
    registers,
  }).set({ direction: dir.out }, settings.intervalMs / 1000);
  new client.Gauge({
    name: 'entry_exit_ack_overdue_after_seconds',
    help: 'When a batch without acknowledgement counts as overdue: EXCHANGE_ACK_TIMEOUT x EXCHANGE_ACK_OVERDUE_AFTER.',
    labelNames: ['direction'],
    registers,
  }).set({ direction: dir.out }, (settings.ackTimeoutMs * settings.ackOverdueAfter) / 1000);

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
