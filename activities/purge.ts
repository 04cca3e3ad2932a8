// Purge: the purge workflow's steps (src/retention/purge.ts): the instant a run judges by, the
// history retention aligned with the records', one page of expired records erased, and the run
// closed with an audit row. Each is idempotent; see src/retention/purge.ts for why a page is.
import type { NodeContext } from '../src/node/context';
import { loadRetentionRules } from '../src/config/retention';
import { alignHistoryRetention } from '../src/retention/history-retention';
import {
  purgeExpiredPage,
  recordPurgeRun,
  type PurgeFaults,
  type PurgePageInput,
  type PurgeRun,
} from '../src/retention/purge';

export function createPurgeActivities(ctx: NodeContext, faults: PurgeFaults = {}) {
  const rules = () => loadRetentionRules(ctx.config.country);
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
      const aligned = await alignHistoryRetention(ctx.temporal, ctx.config, rules(), ctx.clock.now(), ctx.log);
      return { namespace: aligned.namespace, retentionDays: aligned.retentionDays, changed: aligned.changed };
    },

    purgeExpiredPage: (input: PurgePageInput) => purgeExpiredPage(ctx, rules(), input, faults),

    recordPurgeRun: (run: PurgeRun) => recordPurgeRun(ctx, run),
  };
}
