// Ingest: one per received batch (id from the batch id). Validate and store the partner's records as
// exits, reconcile them with own entries and tell the matched stays, then acknowledge to the partner
// with per-record results, retrying until the partner takes it. Only counts pass through history.
import { proxyActivities, setCurrentDetails } from '@temporalio/workflow';
import type { createAcknowledgeActivities } from '../activities/acknowledge';
import type { createIngestActivities } from '../activities/ingest';
import type { createReconcileActivities } from '../activities/reconcile';
import { ACTIVITY_HEARTBEAT_TIMEOUT } from '../src/temporal/liveness';
import { DATABASE_RETRY, PARTNER_RETRY } from '../src/temporal/retry-policies';
import { summaries } from '../src/observability/summaries';

const { storeExits } = proxyActivities<ReturnType<typeof createIngestActivities>>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: ACTIVITY_HEARTBEAT_TIMEOUT,
  retry: DATABASE_RETRY,
});

// Reconciliation keys open entries and scores candidates page by page; a dead worker is noticed by
// the missing heartbeats (src/temporal/liveness.ts).
const { reconcileExits } = proxyActivities<ReturnType<typeof createReconcileActivities>>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: ACTIVITY_HEARTBEAT_TIMEOUT,
  retry: DATABASE_RETRY,
});

// The partner may be down for hours: keep trying with backoff; a 4xx is final (PartnerRefused).
const { sendAcknowledgement } = proxyActivities<ReturnType<typeof createAcknowledgeActivities>>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: ACTIVITY_HEARTBEAT_TIMEOUT,
  retry: PARTNER_RETRY,
});

export interface IngestResult {
  batchId: string;
  accepted: number;
  rejected: number;
  stored: number;
  corrected: number;
  matched: number;
  signalled: number;
}

export async function ingestBatch(input: { batchId: string }): Promise<IngestResult> {
  const { batchId } = input;
  const stored = await storeExits.executeWithOptions({ summary: summaries.storeExits(batchId) }, [batchId]);
  setCurrentDetails(summaries.ingestProgress(batchId, stored));
  const reconciled = await reconcileExits.executeWithOptions({ summary: summaries.reconcile(batchId) }, [batchId]);
  setCurrentDetails(summaries.ingestProgress(batchId, { ...stored, ...reconciled }));
  await sendAcknowledgement.executeWithOptions({ summary: summaries.acknowledge(batchId) }, [batchId]);
  return {
    batchId: input.batchId,
    accepted: stored.accepted,
    rejected: stored.rejected,
    stored: stored.stored,
    corrected: stored.corrected,
    matched: reconciled.matched,
    signalled: reconciled.signalled,
  };
}
