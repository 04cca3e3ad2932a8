// The gauges of a node's state, computed from the database or Temporal when Prometheus scrapes, so
// any process of a node tells the same truth: exchange lag, unacknowledged batches, the last cycle,
// the reconciliation rate, open stays and overstays, the last purge, pollers on the task queues, and
// the exchange settings alert rules compare with. docs/observability.md lists each one.
import client from 'prom-client';
import { temporal } from '@temporalio/proto';
import { readExchangeSettings } from '../config/exchange';
import { loadScopePhases } from '../config/scope';
import type { NodeContext } from '../node/context';
import { scopeSqlCondition } from '../scope/rules';

/** Stay statuses in which the stay workflow still waits for a departure. */
export const OPEN_STAY_STATUSES = [
  'awaiting_exit',
  'extension_pending',
  'overstay',
  'removal_pending',
  'removal_missed',
] as const;

/** Registers the state gauges of a node in `registers`; `dir` names its two exchange directions. */
export function registerStateGauges(
  ctx: NodeContext,
  registers: client.Registry[],
  dir: { out: string; in: string },
): void {
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
}
