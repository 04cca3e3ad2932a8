// Starting stays: the capture path calls `startStays` after committing new entries. It applies the
// admission rules, records each watched stay and starts one stay workflow per entry with an
// admission period. The workflow id comes from node and entry id (stayWorkflowId), and a duplicate
// start is refused by Temporal, so calling twice (or after a crash half-way) starts nothing twice.
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Pool } from 'pg';
import { stay } from '../../workflows/stay';
import { admissionFor } from '../admission/rules';
import type { Country } from '../config';
import type { NodeContext } from '../node/context';
import { AdmitUntil, NodeCountry, StayCategory, StayStatus } from '../temporal/search-attributes';
import {
  exitRecordedSignal,
  removalOrderedSignal,
  stayWorkflowId,
  type ExitRecorded,
  type RemovalOrder,
  type StayInput,
} from './contract';
import { loadRetentionRules } from '../config/retention';
import { summaries } from '../observability/summaries';
import { PORTS } from '../record/ports';
import { retentionUntilLocal, type RetentionRule } from '../retention/rules';
import { removalOrderProblem } from './rules';
import { utcDay } from '../calendar';
import { forEachLimited } from '../concurrency/for-each-limited';

/** Ids read per query; starts run at most this many at once. */
const ID_CHUNK = 1000;
const START_CONCURRENCY = 16;

interface EntryRow {
  id: string;
  category: string | null;
  citizenship: string;
  document_type: string;
  document_issuer: string;
  port_of_entry: string;
  entered_at: Date;
  admit_until: string | null;
  original_admit_until: string | null;
}

function stayTypedSearchAttributes(country: Country, input: StayInput) {
  return [
    { key: NodeCountry, value: country },
    { key: StayStatus, value: input.admitUntil ? 'awaiting_exit' : 'no_admission_period' },
    { key: StayCategory, value: input.category },
    ...(input.admitUntil ? [{ key: AdmitUntil, value: new Date(`${input.admitUntil}T00:00:00Z`) }] : []),
  ];
}

/** How a start went: refused as a duplicate, started, or started with its first task handed to this node's worker. */
type StartOutcome = 'duplicate' | 'started' | 'eager';

/**
 * Starts one stay workflow; an already started (or finished) one is left alone. Where this process
 * runs the stays' worker, the start asks for eager start: the server hands the first workflow task
 * back in its answer, and the worker beside us runs it without a trip through matching.
 */
async function startStayWorkflow(ctx: NodeContext, input: StayInput): Promise<StartOutcome> {
  const starter = ctx.stayStarter ?? ctx.temporal;
  try {
    const handle = await starter.workflow.start(stay, {
      workflowId: stayWorkflowId(ctx.config.country, input.entryId),
      taskQueue: ctx.config.temporal.stayTaskQueue,
      args: [input],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      workflowIdConflictPolicy: 'FAIL',
      staticSummary: summaries.stay(input.entryId, input.category, input.admitUntil),
      staticDetails: summaries.stayDetails(input.ruleId, input.retainUntil),
      typedSearchAttributes: stayTypedSearchAttributes(ctx.config.country, input),
      requestEagerStart: ctx.stayStarter !== undefined,
    });
    return handle.eagerlyStarted ? 'eager' : 'started';
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return 'duplicate';
    throw err;
  }
}

async function readEntries(pool: Pool, ids: string[], onlyWithoutStay: boolean): Promise<EntryRow[]> {
  const { rows } = await pool.query<EntryRow>(
    `SELECT id, category, citizenship, document_type, document_issuer, port_of_entry, entered_at,
            to_char(admit_until, 'YYYY-MM-DD') AS admit_until,
            to_char(original_admit_until, 'YYYY-MM-DD') AS original_admit_until
     FROM entries WHERE id = ANY($1) ${onlyWithoutStay ? 'AND NOT has_stay' : ''}`,
    [ids],
  );
  return rows;
}

/**
 * Records the stays' opening state (batch insert, existing rows kept): the columns and revision 1 that
 * the stay workflow's own opening state has, so a stay started with `openingRecorded` need not write it.
 */
async function recordStays(pool: Pool, country: Country, inputs: StayInput[], at: Date): Promise<void> {
  if (inputs.length === 0) return;
  await pool.query(
    `INSERT INTO stays (entry_id, workflow_id, rule_id, category, admit_until, original_admit_until, status, retain_until,
                        revision, updated_at)
     SELECT u.entry_id, u.workflow_id, u.rule_id, u.category, u.admit_until, u.admit_until, u.status, u.retain_until,
            1, $8
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::date[], $6::text[], $7::date[])
       AS u(entry_id, workflow_id, rule_id, category, admit_until, status, retain_until)
     ON CONFLICT (entry_id) DO NOTHING`,
    [
      inputs.map((i) => i.entryId),
      inputs.map((i) => stayWorkflowId(country, i.entryId)),
      inputs.map((i) => i.ruleId),
      inputs.map((i) => i.category),
      inputs.map((i) => i.admitUntil),
      inputs.map((i) => (i.admitUntil ? 'awaiting_exit' : 'no_admission_period')),
      inputs.map((i) => i.retainUntil),
      at.toISOString(),
    ],
  );
}

/**
 * The stay's data lives as long as its entry: the node's retention rule for an entry of its category
 * (captured, else inferred from the document and the law: US 15 years for citizens and permanent
 * residents, 75 for others; CA 15), counted from the local day of entry. The port's zone goes with
 * the stay, so its timer fires when the admit-until day has ended at the port.
 */
function stayInputFor(country: Country, row: EntryRow, rules: RetentionRule[], now: Date): StayInput {
  const enteredAt = row.entered_at.toISOString();
  const decision = admissionFor(country, {
    category: row.category,
    citizenship: row.citizenship,
    documentType: row.document_type,
    documentIssuer: row.document_issuer,
    enteredAt,
    portOfEntry: row.port_of_entry,
    admitUntil: row.admit_until,
    originalAdmitUntil: row.original_admit_until,
  });
  return {
    country,
    entryId: row.id,
    category: decision.category,
    ruleId: decision.rule.id,
    admitUntil: decision.admitUntil,
    retainUntil: retentionUntilLocal(rules, country, 'entry', decision.category, decision.localDate, now).until,
    timeZone: PORTS.get(row.port_of_entry)?.time_zone,
  };
}

/**
 * Starts the stays of newly committed entries: reads them in batches, applies the admission rules,
 * and for each entry with a lawful admission period records the stay, starts its workflow and sets
 * `entries.has_stay`. Entries that already have a stay, or none is due (citizens, permanent
 * residents), are skipped. Idempotent; safe to call again with the same ids.
 */
export async function startStays(ctx: NodeContext, entryIds: string[]): Promise<void> {
  const country = ctx.config.country;
  const now = ctx.clock.now();
  const today = utcDay(now);
  const rules = loadRetentionRules(country);
  for (let i = 0; i < entryIds.length; i += ID_CHUNK) {
    const rows = await readEntries(ctx.pool, entryIds.slice(i, i + ID_CHUNK), true);
    const inputs = rows
      .map((row) => ({ ...stayInputFor(country, row, rules, now), openingRecorded: true }))
      .filter((input) => input.admitUntil !== null && input.retainUntil > today);
    if (inputs.length === 0) continue;
    await recordStays(ctx.pool, country, inputs, now);
    let started = 0;
    let eager = 0;
    await forEachLimited(inputs, START_CONCURRENCY, async (input) => {
      const outcome = await startStayWorkflow(ctx, input);
      if (outcome !== 'duplicate') started += 1;
      if (outcome === 'eager') eager += 1;
    });
    await ctx.pool.query('UPDATE entries SET has_stay = true WHERE id = ANY($1) AND NOT has_stay', [
      inputs.map((x) => x.entryId),
    ]);
    ctx.log.info('stays started', { entries: rows.length, watched: inputs.length, started, eager });
  }
}

export class StayError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 | 409,
  ) {
    super(message);
    this.name = 'StayError';
  }
}

/**
 * A removal order for an entry: signals its stay, starting one (no admission period) where the
 * entry has none, e.g. a permanent resident ordered removed. Idempotent per (order id, depart-by).
 */
export async function orderRemoval(
  ctx: NodeContext,
  entryId: string,
  order: RemovalOrder,
): Promise<{ workflowId: string }> {
  const problem = removalOrderProblem(order);
  if (problem) throw new StayError(`removal order refused: ${problem}`, 400);
  const country = ctx.config.country;
  const [row] = await readEntries(ctx.pool, [entryId], false);
  if (!row) throw new StayError(`no entry ${entryId} on the ${country} node; check the entry id`, 404);
  const now = ctx.clock.now();
  const input = stayInputFor(country, row, loadRetentionRules(country), now);
  await recordStays(ctx.pool, country, [input], now);
  const workflowId = stayWorkflowId(country, entryId);
  await signalWithStartStay(ctx.temporal, ctx, input, order);
  await ctx.pool.query('UPDATE entries SET has_stay = true WHERE id = $1 AND NOT has_stay', [entryId]);
  return { workflowId };
}

async function signalWithStartStay(
  client: Client,
  ctx: NodeContext,
  input: StayInput,
  order: RemovalOrder,
): Promise<void> {
  await client.workflow.signalWithStart<typeof stay, [RemovalOrder]>(stay, {
    workflowId: stayWorkflowId(ctx.config.country, input.entryId),
    taskQueue: ctx.config.temporal.stayTaskQueue,
    args: [input],
    signal: removalOrderedSignal,
    signalArgs: [order],
    staticSummary: summaries.stay(input.entryId, input.category, input.admitUntil),
    staticDetails: summaries.stayDetails(input.ruleId, input.retainUntil),
    typedSearchAttributes: stayTypedSearchAttributes(ctx.config.country, input),
  });
}

/**
 * Convenience for the exchange's ingest: signals a matched exit to the entry's stay. Returns false
 * when the entry has no stay (a citizen, a permanent resident without a removal order).
 */
export async function signalStayExit(ctx: NodeContext, entryId: string, exit: ExitRecorded): Promise<boolean> {
  try {
    await ctx.temporal.workflow.getHandle(stayWorkflowId(ctx.config.country, entryId)).signal(exitRecordedSignal, exit);
    return true;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}
