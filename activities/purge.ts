// Purge: erases records past retention from every place they live, one page per activity call.
// Each page is one transaction: pick expired, unheld records (locked), end their stay workflows in
// Temporal, delete their dependent rows and the records, write one audit row with ids and counts.
// Idempotent and resumable by construction: a page picks only records still present, so a retried or
// restarted purge continues with what is left; nothing is skipped and nothing is counted twice.
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Pool, PoolClient } from 'pg';
import { writeAudit } from '../src/db/audit';
import type { Country, NodeConfig } from '../src/config';
import type { NodeContext } from '../src/node/context';
import { observePurge } from '../src/observability/metrics';
import { loadRetentionRules } from '../src/config/retention';
import { alignHistoryRetention } from '../src/retention/history-retention';
import { lockExpiredPage, recordsDueBy } from '../src/retention/expired';
import { RECORD_KINDS, type RecordKind, type RetentionRule } from '../src/retention/rules';
import { presentTargets, RECORD_SOURCES } from '../src/retention/targets';
import { stayWorkflowId } from '../src/stays/contract';

export const DEFAULT_PURGE_PAGE_SIZE = 1000;

export interface PurgePageInput {
  purgeId: string;
  kind: RecordKind;
  /** ISO instant the whole purge run judges retention at (taken once, from the node clock). */
  asOf: string;
  pageSize: number;
}

export interface PurgePageResult {
  kind: RecordKind;
  /** Records removed by this page (0 when nothing expired is left). */
  removed: number;
  /** Rows removed per table, dependants included. */
  tables: Record<string, number>;
  staysEnded: number;
}

/** Test-only fault injection: lets a test crash a page at chosen points. Never set in production. */
export const purgeTestHooks: {
  beforePage?: (input: PurgePageInput) => Promise<void> | void;
  afterCommit?: (input: PurgePageInput, result: PurgePageResult) => Promise<void> | void;
} = {};

function isNotFound(err: unknown): boolean {
  return (
    err instanceof WorkflowNotFoundError ||
    (err as { code?: number }).code === 5 ||
    /not ?found/i.test(String((err as Error)?.message))
  );
}

/** Ends and deletes the stay workflow of an entry; one that does not exist (any more) is fine. */
/**
 * Days a batch copy may outlive its batch when nothing else cleared it (never acknowledged, partner
 * gone): an exchange cycle resends for hours, not weeks, so a month-old copy serves no one.
 */
export const BATCH_COPY_MAX_DAYS = 30;

/**
 * Clears the batch copies that still hold any of `ids` (outbound bodies for entries, received
 * records for exits), and every copy older than BATCH_COPY_MAX_DAYS. Returns how many were cleared.
 */
async function clearBatchCopies(client: PoolClient, kind: RecordKind, ids: string[]): Promise<number> {
  const cleared =
    kind === 'entry'
      ? await client.query(
          `UPDATE outbound_batches SET body = NULL
            WHERE body IS NOT NULL
              AND (batch_id IN (SELECT batch_id FROM outbound_records WHERE entry_id = ANY($1))
                   OR created_at < now() - make_interval(days => $2))`,
          [ids, BATCH_COPY_MAX_DAYS],
        )
      : await client.query(
          `UPDATE inbound_batches SET records = NULL
            WHERE records IS NOT NULL
              AND (EXISTS (SELECT 1 FROM jsonb_array_elements(records) e WHERE e->'record'->>'id' = ANY($1))
                   OR received_at < now() - make_interval(days => $2))`,
          [ids, BATCH_COPY_MAX_DAYS],
        );
  return cleared.rowCount ?? 0;
}

async function endStay(ctx: NodeContext, entryId: string): Promise<boolean> {
  const workflowId = stayWorkflowId(ctx.config.country, entryId);
  const handle = ctx.temporal.workflow.getHandle(workflowId);
  try {
    const described = await handle.describe();
    if (described.status.name === 'RUNNING') await handle.terminate('retention period ended; the record was purged');
    // Deleting the execution removes its history now instead of at the end of namespace retention.
    await ctx.temporal.workflowService.deleteWorkflowExecution({
      namespace: ctx.config.temporal.namespace,
      workflowExecution: { workflowId },
    });
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

export function createPurgeActivities(ctx: NodeContext) {
  const rules = (): RetentionRule[] => loadRetentionRules(ctx.config.country);
  return {
    /** The instant this purge judges retention at: the node clock, so tests can move years ahead. */
    async purgeAsOf(): Promise<string> {
      return ctx.clock.now().toISOString();
    },

    /**
     * Closed workflow histories must not outlive the records: the namespace keeps them no longer than
     * the node's history retention (default 30 days) and never longer than the shortest record retention.
     * Idempotent: only lowers a longer retention. Fails soft where the cluster refuses (Temporal Cloud).
     */
    async alignHistoryRetention(): Promise<{ namespace: string; retentionDays: number; changed: boolean }> {
      const { namespace, retentionDays, changed } = await alignHistoryRetention(
        ctx.temporal,
        ctx.config,
        rules(),
        ctx.clock.now(),
        ctx.log,
      );
      return { namespace, retentionDays, changed };
    },

    /** Purges one page of expired records of one kind. See the file comment for why it is idempotent. */
    async purgeExpiredPage(input: PurgePageInput): Promise<PurgePageResult> {
      await purgeTestHooks.beforePage?.(input);
      const asOf = new Date(input.asOf);
      const source = RECORD_SOURCES[input.kind];
      const client = await ctx.pool.connect();
      let result: PurgePageResult;
      try {
        await client.query('BEGIN');
        const ids = await lockExpiredPage(client, rules(), ctx.config.country, input.kind, asOf, input.pageSize);
        const tables: Record<string, number> = { [source.table]: 0 };
        let staysEnded = 0;
        // Batch copies first: a batch body or received batch still holding one of these records
        // (not acknowledged, refused, or stuck) is cleared whatever happened to the batch.
        const copies = await clearBatchCopies(client, input.kind, ids);
        if (copies > 0) tables.batch_copies = copies;
        if (ids.length > 0) {
          if (input.kind === 'entry') {
            const watched = await client.query<{ id: string }>(
              'SELECT id FROM entries WHERE id = ANY($1) AND has_stay',
              [ids],
            );
            for (const { id } of watched.rows) if (await endStay(ctx, id)) staysEnded++;
          }
          for (const target of await presentTargets(client, input.kind)) {
            const deleted = await client.query(`DELETE FROM ${target.table} WHERE ${target.idColumn} = ANY($1)`, [ids]);
            tables[target.table] = (tables[target.table] ?? 0) + (deleted.rowCount ?? 0);
          }
          const deleted = await client.query(`DELETE FROM ${source.table} WHERE id = ANY($1)`, [ids]);
          tables[source.table] = deleted.rowCount ?? 0;
          await writeAudit(client, {
            actor: 'system',
            action: 'purge.page',
            recordIds: ids,
            counts: { ...tables, staysEnded },
            details: { purgeId: input.purgeId, kind: input.kind, asOf: input.asOf },
          });
        }
        await client.query('COMMIT');
        result = { kind: input.kind, removed: tables[source.table] ?? 0, tables, staysEnded };
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
      await purgeTestHooks.afterCommit?.(input, result);
      return result;
    },

    /** Closes a purge run with one audit row of totals. Idempotent per purge id. */
    async recordPurgeRun(run: {
      purgeId: string;
      asOf: string;
      removed: Record<string, number>;
      staysEnded: number;
    }): Promise<void> {
      const seen = await ctx.pool.query(
        `SELECT 1 FROM audit_log WHERE action = 'purge.run' AND details->>'purgeId' = $1`,
        [run.purgeId],
      );
      if (seen.rowCount) return;
      await writeAudit(ctx.pool, {
        actor: 'system',
        action: 'purge.run',
        counts: { ...run.removed, staysEnded: run.staysEnded },
        details: { purgeId: run.purgeId, asOf: run.asOf },
      });
      observePurge(ctx, { ...run.removed });
      ctx.log.info('purge finished', {
        purgeId: run.purgeId,
        asOf: run.asOf,
        ...run.removed,
        staysEnded: run.staysEnded,
      });
    },
  };
}

export interface PurgePreview {
  node: Country;
  asOf: string;
  /** Records that would go, per kind and category. */
  records: Record<RecordKind, Record<string, number>>;
  /** Rows that would go with them, per dependent table. */
  tables: Record<string, number>;
  /** Expired records kept by a legal hold. */
  held: number;
  ids?: Record<RecordKind, string[]>;
}

/** What a purge on `asOf` would remove, without removing anything: the `purge --dry-run` report. */
export async function previewPurge(
  pool: Pool,
  config: NodeConfig,
  asOf: Date,
  opts: { verbose?: boolean; rules?: RetentionRule[] } = {},
): Promise<PurgePreview> {
  const rules = opts.rules ?? loadRetentionRules(config.country);
  const due = await recordsDueBy(pool, rules, config.country, asOf);
  const preview: PurgePreview = {
    node: config.country,
    asOf: asOf.toISOString(),
    records: { entry: {}, exit: {} },
    tables: {},
    held: 0,
  };
  if (opts.verbose) preview.ids = { entry: [], exit: [] };
  for (const record of due) {
    if (record.held) {
      preview.held++;
      continue;
    }
    preview.records[record.kind][record.category] = (preview.records[record.kind][record.category] ?? 0) + 1;
    preview.ids?.[record.kind].push(record.id);
  }
  const idsOf = (kind: RecordKind) => due.filter((r) => r.kind === kind && !r.held).map((r) => r.id);
  // A dependent row can hang off both kinds (a match joins an entry and an exit): count it once.
  const byTable = new Map<string, Array<{ column: string; ids: string[] }>>();
  for (const kind of RECORD_KINDS) {
    preview.tables[RECORD_SOURCES[kind].table] = idsOf(kind).length;
    for (const target of await presentTargets(pool, kind)) {
      byTable.set(target.table, [...(byTable.get(target.table) ?? []), { column: target.idColumn, ids: idsOf(kind) }]);
    }
  }
  for (const [table, links] of byTable) {
    const where = links.map((link, i) => `${link.column} = ANY($${i + 1})`).join(' OR ');
    const { rows } = await pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${table} WHERE ${where}`,
      links.map((l) => l.ids),
    );
    preview.tables[table] = Number(rows[0].n);
  }
  return preview;
}
