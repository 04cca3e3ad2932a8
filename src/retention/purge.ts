// Purge: erases records past retention from every place they live, one page per call. Each page is
// one transaction: pick expired, unheld records (locked), end their stay workflows in Temporal,
// delete their dependent rows and the records, write one audit row with ids and counts. Idempotent
// and resumable by construction: a page picks only records still present, so a retried or restarted
// purge continues with what is left; nothing is skipped and nothing is counted twice.
import { WorkflowNotFoundError } from '@temporalio/client';
import { writeAudit } from '../db/audit';
import { withTransaction } from '../db/pool';
import type { NodeContext } from '../node/context';
import { observePurge } from '../observability/metrics';
import { stayWorkflowId } from '../stays/contract';
import { lockExpiredPage } from './expired';
import type { RecordKind, RetentionRule } from './rules';
import { clearBatchCopies, deleteRowsOf, entriesWithStay, purgeRunRecorded } from './store';
import { presentTargets, RECORD_SOURCES } from './targets';

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

/**
 * Faults a test injects to crash a page at chosen points (test/purge.test.ts), given to the activity
 * factory; production passes none.
 */
export interface PurgeFaults {
  beforePage?: (input: PurgePageInput) => Promise<void> | void;
  afterCommit?: (input: PurgePageInput, result: PurgePageResult) => Promise<void> | void;
}

function isNotFound(err: unknown): boolean {
  return (
    err instanceof WorkflowNotFoundError ||
    (err as { code?: number }).code === 5 ||
    /not ?found/i.test(String((err as Error)?.message))
  );
}

/** Ends and deletes the stay workflow of an entry; one that does not exist (any more) is fine. */
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

/** Purges one page of expired records of one kind. See the file comment for why it is idempotent. */
export async function purgeExpiredPage(
  ctx: NodeContext,
  rules: RetentionRule[],
  input: PurgePageInput,
  faults: PurgeFaults = {},
): Promise<PurgePageResult> {
  await faults.beforePage?.(input);
  const source = RECORD_SOURCES[input.kind];
  const result = await withTransaction(ctx.pool, async (client) => {
    const ids = await lockExpiredPage(
      client,
      rules,
      ctx.config.country,
      input.kind,
      new Date(input.asOf),
      input.pageSize,
    );
    const tables: Record<string, number> = { [source.table]: 0 };
    let staysEnded = 0;
    // Batch copies first: a batch body or received batch still holding one of these records
    // (not acknowledged, refused, or stuck) is cleared whatever happened to the batch.
    const copies = await clearBatchCopies(client, input.kind, ids);
    if (copies > 0) tables.batch_copies = copies;
    if (ids.length > 0) {
      if (input.kind === 'entry')
        for (const id of await entriesWithStay(client, ids)) if (await endStay(ctx, id)) staysEnded++;
      for (const target of await presentTargets(client, input.kind))
        tables[target.table] =
          (tables[target.table] ?? 0) + (await deleteRowsOf(client, target.table, target.idColumn, ids));
      tables[source.table] = await deleteRowsOf(client, source.table, 'id', ids);
      await writeAudit(client, {
        actor: 'system',
        action: 'purge.page',
        recordIds: ids,
        counts: { ...tables, staysEnded },
        details: { purgeId: input.purgeId, kind: input.kind, asOf: input.asOf },
      });
    }
    return { kind: input.kind, removed: tables[source.table] ?? 0, tables, staysEnded };
  });
  await faults.afterCommit?.(input, result);
  return result;
}

export interface PurgeRun {
  purgeId: string;
  asOf: string;
  removed: Record<string, number>;
  staysEnded: number;
}

/** Closes a purge run with one audit row of totals. Idempotent per purge id. */
export async function recordPurgeRun(ctx: NodeContext, run: PurgeRun): Promise<void> {
  if (await purgeRunRecorded(ctx.pool, run.purgeId)) return;
  await writeAudit(ctx.pool, {
    actor: 'system',
    action: 'purge.run',
    counts: { ...run.removed, staysEnded: run.staysEnded },
    details: { purgeId: run.purgeId, asOf: run.asOf },
  });
  observePurge(ctx, { ...run.removed });
  ctx.log.info('purge finished', { purgeId: run.purgeId, asOf: run.asOf, ...run.removed, staysEnded: run.staysEnded });
}
