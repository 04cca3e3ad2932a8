// Purge: the node's daily erasure of records past retention. It fixes the day it judges by, makes
// sure closed workflow histories do not outlive the records, then removes expired records page by
// page (entries, then exits), and closes with an audit row of totals. A crash anywhere resumes here:
// each page removes only what is still present, so the run ends with nothing skipped or doubled.
import { continueAsNew, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { createPurgeActivities } from '../activities/purge';
import { ACTIVITY_HEARTBEAT_TIMEOUT } from '../src/temporal/liveness';
import { DATABASE_RETRY } from '../src/temporal/retry-policies';
import type { RecordKind } from '../src/retention/rules';
import { summaries } from '../src/observability/summaries';

type PurgeActivities = ReturnType<typeof createPurgeActivities>;

const { purgeAsOf, alignHistoryRetention, recordPurgeRun } = proxyActivities<PurgeActivities>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: ACTIVITY_HEARTBEAT_TIMEOUT,
  retry: DATABASE_RETRY,
});

const { purgeExpiredPage } = proxyActivities<PurgeActivities>({
  // A page ends up to 1000 stay workflows in Temporal and deletes their rows in one transaction.
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: ACTIVITY_HEARTBEAT_TIMEOUT,
  retry: DATABASE_RETRY,
});

const KINDS: RecordKind[] = ['entry', 'exit'];
const PAGES_PER_RUN = 200;

export interface PurgeInput {
  pageSize?: number;
  /** Set when continuing: the run's instant, its id and what it removed so far. */
  asOf?: string;
  purgeId?: string;
  fromKind?: RecordKind;
  removed?: Record<string, number>;
  staysEnded?: number;
}

export interface PurgeReport {
  purgeId: string;
  asOf: string;
  removed: Record<string, number>;
  staysEnded: number;
}

export async function purgeExpiredRecords(input: PurgeInput = {}): Promise<PurgeReport> {
  const pageSize = input.pageSize ?? 1000;
  const purgeId = input.purgeId ?? `${workflowInfo().workflowId}/${workflowInfo().runId}`;
  const asOf = input.asOf ?? (await purgeAsOf());
  if (!input.asOf) await alignHistoryRetention();
  const removed: Record<string, number> = { ...input.removed };
  let staysEnded = input.staysEnded ?? 0;
  let pages = 0;

  for (const kind of KINDS.slice(KINDS.indexOf(input.fromKind ?? 'entry'))) {
    for (;;) {
      const page = await purgeExpiredPage.executeWithOptions({ summary: summaries.purgePage(kind, pages + 1) }, [
        { purgeId, kind, asOf, pageSize },
      ]);
      for (const [table, count] of Object.entries(page.tables)) removed[table] = (removed[table] ?? 0) + count;
      staysEnded += page.staysEnded;
      if (page.removed < pageSize) break;
      if (++pages >= PAGES_PER_RUN || workflowInfo().continueAsNewSuggested) {
        await continueAsNew<typeof purgeExpiredRecords>({
          pageSize,
          asOf,
          purgeId,
          fromKind: kind,
          removed,
          staysEnded,
        });
      }
    }
  }
  await recordPurgeRun({ purgeId, asOf, removed, staysEnded });
  return { purgeId, asOf, removed, staysEnded };
}
