// Closed workflow histories must not outlive the records they mention: the namespace keeps them no
// longer than the node's history retention (HISTORY_RETENTION_DAYS, default 30) and never longer than
// the shortest record retention. Set at node start (ensurePurgeSchedule) and checked by every purge.
// Where the cluster refuses the change (Temporal Cloud: retention is set in its console or tcld), a
// clear warning names the namespace and the value to set; nothing fails.
import type { Client } from '@temporalio/client';
import { msToTs, tsToMs } from '@temporalio/common/lib/time';
import type { NodeConfig } from '../config';
import type { Logger } from '../observability/log';
import { shortestRetentionYears, type RetentionRule } from './rules';
import { DAY_MS } from '../calendar';
import { configuredHistoryRetentionDays, processEnvironment, type Env } from '../config/environment';

export const DEFAULT_HISTORY_RETENTION_DAYS = 30;

export interface HistoryRetentionResult {
  namespace: string;
  /** The namespace's retention after the call, in days (Infinity when the server reports none). */
  retentionDays: number;
  /** The ceiling this node requires, in days. */
  ceilingDays: number;
  changed: boolean;
  /** Set when the retention is above the ceiling and the server refused to lower it. */
  warning?: string;
}

/** The ceiling: `*_HISTORY_RETENTION_DAYS` (or HISTORY_RETENTION_DAYS, 30), capped by the shortest record rule. */
export function historyRetentionCeilingDays(
  config: NodeConfig,
  rules: RetentionRule[],
  now: Date,
  env: Env = processEnvironment(),
): number {
  const days = configuredHistoryRetentionDays(config.country, env) ?? DEFAULT_HISTORY_RETENTION_DAYS;
  return Math.min(days, shortestRetentionYears(rules, config.country, now) * 365);
}

/** Lowers the namespace's closed-history retention to the ceiling if it is longer. Idempotent. */
export async function alignHistoryRetention(
  client: Client,
  config: NodeConfig,
  rules: RetentionRule[],
  now: Date,
  log: Logger,
): Promise<HistoryRetentionResult> {
  const namespace = config.temporal.namespace;
  const ceilingDays = historyRetentionCeilingDays(config, rules, now);
  const described = await client.workflowService.describeNamespace({ namespace });
  const current = described.config?.workflowExecutionRetentionTtl;
  const currentDays = current ? tsToMs(current) / DAY_MS : Infinity;
  if (currentDays <= ceilingDays) return { namespace, retentionDays: currentDays, ceilingDays, changed: false };
  try {
    await client.workflowService.updateNamespace({
      namespace,
      config: { workflowExecutionRetentionTtl: msToTs(`${ceilingDays} days`) },
    });
    log.info('namespace history retention lowered to match record retention', {
      namespace,
      from: currentDays,
      to: ceilingDays,
    });
    return { namespace, retentionDays: ceilingDays, ceilingDays, changed: true };
  } catch (err) {
    const warning =
      `namespace ${namespace} keeps closed workflow histories ${currentDays} days, longer than the ${ceilingDays} ` +
      `days this node allows, and the server refused to change it (${(err as Error).message.slice(0, 160)}); ` +
      `set the namespace retention to ${ceilingDays} days in the cluster's console (Temporal Cloud: tcld namespace retention set)`;
    log.warn('cannot update namespace history retention', { namespace, currentDays, ceilingDays, warning });
    return { namespace, retentionDays: currentDays, ceilingDays, changed: false, warning };
  }
}
