// No personal data in plain text outside PostgreSQL. Both nodes run a realistic day: simulated
// traffic plus travellers who overstay (past-dated entries whose admission period is over), stays,
// exchange cycles both ways, a correction that travels to the partner, a scheduled purge that
// erases a record past retention, a health check. Then every workflow of every type in both
// namespaces is read RAW, with a plain client that has no data converter (what anyone with access to
// the Temporal cluster sees): the list entries, describe() answers, full histories (every payload,
// failure, search attribute and memo), the schedules, and every log line written meanwhile. None may
// hold a surname, first name, middle name, date of birth or document number of the test data.
//
// Method (why it cannot pass by accident and does not fail by accident):
// - The scan walks each raw protobuf object and collects every string, every map key and every byte
//   field decoded as UTF-8: a plaintext payload (json/plain) is bytes, so searching the JSON text of
//   the history would miss it; decoding the bytes finds it. Texts and values are compared after NFC
//   normalisation and lower-casing, so "LUKASIEWICZ" and "Łukasiewicz" forms are both caught.
// - Values shorter than 6 characters are not scanned: a 3-4 letter name ("Li", "Ana") occurs inside
//   ordinary words ("stay", "Analysis") and, by chance, in the bytes of ciphertext. A given 6-letter
//   sequence turns up at a random ciphertext position with probability (2/256)^6 ~ 2e-13, i.e. about
//   1e-3 over ~1e7 bytes and ~1000 values. Every document number (9+ characters) and every date of
//   birth (10) is scanned; the suite asserts how many names are.
// - The scanner is proved to work: a workflow started by a plain client carrying one traveller's
//   name, date of birth and document number in its input and memo is found by the same scan, and a
//   log line naming them is found too.
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { Pool } from 'pg';
import { correctEntry } from '../src/privacy/correct-entry';
import { addDays, utcDay } from '../src/calendar';
import { localDateAtPort } from '../src/record/local-day';
import { runExchangeCycle } from '../src/exchange/cycle-client';
import { ensureExchangeSchedules } from '../src/exchange/schedules';
import { healthCheck } from '../workflows/health';
import { addLogSink, createLogger } from '../src/observability/log';
import { withCheckDigit } from '../src/record/check-digit';
import { ensurePurgeSchedule } from '../src/retention/schedule';
import { simulateTraffic, type SimulatedEntry } from '../src/simulator/generate';
import { stayStateQuery, stayWorkflowId, type StayState } from '../src/stays/contract';
import { pairWithPools, type PairWithPools, type TestNode } from './support/nodes';
import { capture as captureAsPorts } from './support/capture';

process.env.LOG_SILENT = '1';
const FAST = { ackTimeout: '3 seconds', ackOverdueAfter: 2 } as const;
const DAY = 86_400_000;
const MIN_SCANNED_LENGTH = 6;

const normal = (s: string) => s.normalize('NFC').toLowerCase();

/** Every string, map key and byte field (decoded as UTF-8) of a raw protobuf object, recursively. */
export function textsOf(value: unknown, out: string[] = []): string[] {
  if (value === null || value === undefined) return out;
  if (typeof value === 'string') out.push(value);
  else if (value instanceof Uint8Array) out.push(Buffer.from(value).toString('utf8'));
  else if (Array.isArray(value)) for (const v of value) textsOf(v, out);
  else if (typeof value === 'object') {
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      out.push(key);
      textsOf(v, out);
    }
  }
  return out;
}

/** The personal values found in `texts`, each with where it was found. */
function findPersonalData(values: Set<string>, texts: Array<{ where: string; text: string }>): string[] {
  const found: string[] = [];
  const normalised = texts.map((t) => ({ where: t.where, text: normal(t.text) }));
  for (const value of values) {
    const needle = normal(value);
    for (const t of normalised) if (t.text.includes(needle)) found.push(`${t.where}: ${value.slice(0, 2)}…`);
  }
  return found;
}

function personalValues(records: Array<Record<string, unknown>>): Set<string> {
  const values = new Set<string>();
  for (const r of records) {
    for (const field of ['surname', 'first_name', 'middle_names']) {
      const v = String(r[field] ?? '');
      for (const part of [v, ...v.split(/[\s-]+/)]) if (part.length >= MIN_SCANNED_LENGTH) values.add(part);
    }
    values.add(String(r.date_of_birth));
    values.add(String(r.document_number));
  }
  return values;
}

async function capture(node: TestNode, records: unknown[]): Promise<void> {
  await captureAsPorts(node, records as SimulatedEntry[]);
}

interface RawWorkflow {
  namespace: string;
  workflowId: string;
  runId: string;
  type: string;
  running: boolean;
}

/** Everything about the workflows of a namespace as the cluster stores it: lists, describes, histories. */
async function rawTexts(client: Client, namespace: string, only?: (w: RawWorkflow) => boolean) {
  const texts: Array<{ where: string; text: string }> = [];
  const workflows: RawWorkflow[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await client.workflowService.listWorkflowExecutions({ namespace, pageSize: 1000, nextPageToken });
    for (const info of page.executions ?? []) {
      const w = {
        namespace,
        workflowId: info.execution!.workflowId!,
        runId: info.execution!.runId!,
        type: info.type!.name!,
        running: info.status === temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
      };
      if (only && !only(w)) continue;
      workflows.push(w);
      for (const text of textsOf(info)) texts.push({ where: `${namespace} list ${w.workflowId}`, text });
    }
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
  for (const w of workflows) {
    const execution = { workflowId: w.workflowId, runId: w.runId };
    const described = await client.workflowService.describeWorkflowExecution({ namespace, execution });
    for (const text of textsOf(described)) texts.push({ where: `${namespace} describe ${w.workflowId}`, text });
    let historyToken: Uint8Array | undefined;
    do {
      const page = await client.workflowService.getWorkflowExecutionHistory({
        namespace,
        execution,
        nextPageToken: historyToken,
      });
      for (const text of textsOf(page.history)) texts.push({ where: `${namespace} history ${w.workflowId}`, text });
      historyToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
    } while (historyToken);
  }
  const schedules = await client.workflowService.listSchedules({ namespace, maximumPageSize: 100 });
  for (const s of schedules.schedules ?? []) {
    const described = await client.workflowService.describeSchedule({ namespace, scheduleId: s.scheduleId! });
    for (const text of textsOf([s, described])) texts.push({ where: `${namespace} schedule ${s.scheduleId}`, text });
  }
  return { texts, workflows };
}

describe('no personal data in plain text outside PostgreSQL', () => {
  let pair: PairWithPools;
  let us: Pool;
  let ca: Pool;
  let connection: Connection;
  const logLines: string[] = [];
  const stopLogSink = addLogSink((line) => logLines.push(line));
  const records: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    pair = await pairWithPools();
    ({ US: us, CA: ca } = pair.db);
    connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  });
  afterAll(async () => {
    stopLogSink();
    await connection?.close();
    await pair?.stop();
  });

  async function stayWhen(node: TestNode, entryId: string, check: (s: StayState) => boolean): Promise<StayState> {
    const handle = node.ctx.temporal.workflow.getHandle(stayWorkflowId(node.config.country, entryId));
    const deadline = Date.now() + 20_000;
    let last: StayState | undefined;
    while (Date.now() < deadline) {
      last = await handle.query(stayStateQuery).catch(() => undefined);
      if (last && check(last)) return last;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`stay ${entryId} never settled: ${last?.status}`);
  }

  it('a full exchange with stays, overstays, a correction and a purge leaves none in histories, ids, attributes, memos or logs', async () => {
    // The codec is active on both nodes: payload keys are configured, no plaintext allowance.
    for (const country of ['US', 'CA'] as const) {
      expect(pair.env[`${country}_PAYLOAD_KEYS`]).toMatch(/=/);
      expect(pair.env[`${country}_ALLOW_PLAINTEXT_PAYLOADS`]).toBeUndefined();
    }
    const now = pair.US.clock.now().getTime();
    const ago = (days: number) => new Date(now - days * DAY).toISOString();
    // 02:30 UTC is the evening before at every North American port: its local day is the UTC day before.
    const eveningAgo = (days: number) => `${utcDay(new Date(now - days * DAY))}T02:30:00.000Z`;
    const window = utcDay(new Date(now - DAY));
    const traffic = simulateTraffic({ from: utcDay(new Date(now - 3 * DAY)), days: 2, perDay: 40, seed: 29 });

    // Travellers who overstay the US: one never left (in-country), one left late for Canada (out-of-country).
    const person = (surname: string, first: string, middle: string, dob: string, doc: string) => ({
      surname,
      first_name: first,
      middle_names: middle,
      date_of_birth: dob,
      citizenship: 'DEU',
      sex: 'M',
      document_type: 'P',
      document_number: withCheckDigit(doc),
      document_issuer: 'D',
    });
    const stayer = person('Oberhollenzer', 'Wendelin', 'Quirinus', '1971-08-23', 'C7KQ2M9X4');
    const leaver = person('Wachtendonk', 'Leopoldine', 'Ermengarde', '1990-02-14', 'C8RZ5T1W7');
    const expired = person('Tremblay-Fortier', 'Ghislaine', '', '1948-12-30', 'GX9915530');
    const extra = {
      US: [
        {
          ...stayer,
          id: 'US-pii-stayer',
          port_of_entry: 'US-LEWISTON',
          entered_at: eveningAgo(200),
          category: 'visitor',
          admit_until: utcDay(new Date(now - 20 * DAY)),
        },
        {
          ...leaver,
          id: 'US-pii-leaver',
          port_of_entry: 'US-CHAMPLAIN',
          entered_at: ago(150),
          category: 'visitor',
          admit_until: utcDay(new Date(now - 40 * DAY)),
        },
      ],
      CA: [
        {
          ...leaver,
          id: 'CA-pii-leaver',
          port_of_entry: 'CA-COUTTS',
          entered_at: eveningAgo(2),
          category: 'visitor',
          admit_until: addDays(utcDay(new Date(now - 2 * DAY)), 180),
        },
        // A Canadian citizen's entry 16 years ago: past the CA node's 15-year retention, the purge erases it.
        {
          ...expired,
          citizenship: 'CAN',
          document_issuer: 'CAN',
          document_type: 'P',
          document_number: 'GX991553', // a Canadian passport number as printed: 2 letters, 6 digits
          id: 'CA-pii-expired',
          port_of_entry: 'CA-COUTTS',
          entered_at: ago(16 * 366),
          category: 'citizen',
        },
      ],
    };
    const usRecords: SimulatedEntry[] = [...traffic.US, ...(extra.US as SimulatedEntry[])];
    const caRecords: SimulatedEntry[] = [...traffic.CA, ...(extra.CA as SimulatedEntry[])];
    records.push(
      ...(usRecords as unknown as Array<Record<string, unknown>>),
      ...(caRecords as unknown as Array<Record<string, unknown>>),
    );
    await capture(pair.US, usRecords);
    await capture(pair.CA, caRecords);

    const cycle = (from: 'US' | 'CA') =>
      runExchangeCycle(pair[from].ctx.temporal, pair[from].config, {
        from,
        to: from === 'US' ? 'CA' : 'US',
        window,
        options: FAST,
      });
    expect((await cycle('US')).sent).toBeGreaterThan(10);
    expect((await cycle('CA')).sent).toBeGreaterThan(10);
    await stayWhen(pair.US, 'US-pii-stayer', (s) => s.status === 'overstay');
    await stayWhen(pair.US, 'US-pii-leaver', (s) => s.status === 'out_of_country_overstay');

    // Each stay keeps its data as long as its entry's retention rule: a US visitor 75 years, a CA one 15.
    const retain = async (db: Pool, id: string) =>
      (await db.query(`SELECT to_char(retain_until, 'YYYY-MM-DD') AS d FROM stays WHERE entry_id = $1`, [id])).rows[0]
        ?.d;
    // Counted from the crossing's day at its port (docs/rules.md, local days), not its UTC day: both
    // crossings above were in the evening at their ports, the day before their UTC day.
    const yearsAfter = (entry: { entered_at: string; port_of_entry: string }, years: number) => {
      const d = new Date(localDateAtPort(entry.entered_at, entry.port_of_entry));
      d.setUTCFullYear(d.getUTCFullYear() + years); // 29 February lands on 1 March, as in the rules
      return d.toISOString().slice(0, 10);
    };
    for (const entry of [extra.US[0], extra.CA[0]]) {
      expect(localDateAtPort(entry.entered_at, entry.port_of_entry)).toBe(addDays(utcDay(entry.entered_at), -1));
    }
    expect(await retain(us, 'US-pii-stayer')).toBe(yearsAfter(extra.US[0], 75));
    expect(await retain(ca, 'CA-pii-leaver')).toBe(yearsAfter(extra.CA[0], 15));

    // A correction (a new surname) that travels to the partner in the next cycle.
    const corrected = traffic.US.find((e) => e.surname.length >= MIN_SCANNED_LENGTH)!;
    const newSurname = 'Featherstonehaugh';
    await correctEntry(us, {
      recordId: corrected.id,
      changes: { surname: newSurname },
      reason: 'request CR-9',
      actor: 'officer-1',
      via: 'api',
    });
    records.push({ ...corrected, surname: newSurname });
    expect((await cycle('US')).sent).toBe(1);
    const { rows } = await ca.query('SELECT surname, version FROM exits WHERE id = $1', [corrected.id]);
    expect(rows).toEqual([{ surname: newSurname, version: 2 }]);

    // The scheduled purge (triggered now) on both nodes; the CA one erases the 16-year-old entry.
    for (const node of [pair.US, pair.CA]) {
      const { scheduleId } = await ensurePurgeSchedule(node.ctx.temporal, node.config);
      await node.ctx.temporal.schedule.getHandle(scheduleId).trigger();
    }
    const deadline = Date.now() + 30_000;
    while ((await ca.query(`SELECT 1 FROM entries WHERE id = 'CA-pii-expired'`)).rowCount && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    expect((await ca.query(`SELECT 1 FROM entries WHERE id = 'CA-pii-expired'`)).rowCount).toBe(0);
    // The exchange schedule's tick (scheduledExchangeCycle, which runs the window that just ended).
    const exchangeSchedule = await ensureExchangeSchedules(pair.US.ctx.temporal, pair.US.config);
    await pair.US.ctx.temporal.schedule.getHandle(exchangeSchedule).trigger();
    await pair.US.ctx.temporal.workflow.execute(healthCheck, {
      workflowId: 'health-pii-scan',
      taskQueue: pair.US.config.temporal.taskQueue,
    });

    // Visibility is eventually consistent: wait until every workflow type shows and all but stays closed.
    const values = personalValues(records);
    const plain = (node: TestNode) => new Client({ connection, namespace: node.config.temporal.namespace });
    const expectedTypes = {
      US: ['exchangeCycle', 'scheduledExchangeCycle', 'ingestBatch', 'stay', 'purgeExpiredRecords', 'healthCheck'],
      CA: ['exchangeCycle', 'ingestBatch', 'stay', 'purgeExpiredRecords'],
    };
    const scans: Array<Awaited<ReturnType<typeof rawTexts>>> = [];
    for (const country of ['US', 'CA'] as const) {
      const node = pair[country];
      let scan = await rawTexts(plain(node), node.config.temporal.namespace);
      for (let i = 0; i < 50; i++) {
        const types = new Set(scan.workflows.map((w) => w.type));
        // Everything but the stays (which run until their traveller's data leaves retention) has finished.
        const busy = scan.workflows.some((w) => w.running && w.type !== 'stay');
        if (expectedTypes[country].every((t) => types.has(t)) && !busy) break;
        await new Promise((r) => setTimeout(r, 300));
        scan = await rawTexts(plain(node), node.config.temporal.namespace);
      }
      expect([...new Set(scan.workflows.map((w) => w.type))].sort()).toEqual([...expectedTypes[country]].sort());
      scans.push(scan);
    }
    const workflows = scans.flatMap((s) => s.workflows);
    expect(workflows.filter((w) => w.type === 'stay').length).toBeGreaterThanOrEqual(10);
    const texts = [
      ...scans.flatMap((s) => s.texts),
      ...workflows.map((w) => ({ where: `workflow id ${w.workflowId}`, text: w.workflowId })),
      ...logLines.map((line, i) => ({ where: `log line ${i}`, text: line })),
    ];
    // What was scanned: many names, every document number and date of birth of the test data.
    const names = [...values].filter(
      (v) => !/^\d{4}-\d{2}-\d{2}$/.test(v) && !records.some((r) => r.document_number === v),
    );
    expect(names.length).toBeGreaterThan(records.length / 2);
    for (const r of records) expect(values.has(String(r.document_number))).toBe(true);
    expect(logLines.length).toBeGreaterThan(20);
    expect(findPersonalData(values, texts)).toEqual([]);

    // The scanner finds personal data where it is: a workflow started by a plain client (no codec)
    // with a traveller in its input and memo, on a queue no worker polls, and a log line naming them.
    const planted = plain(pair.US);
    const handle = await planted.workflow.start('stay', {
      workflowId: 'planted-plaintext',
      taskQueue: 'nobody-polls-this',
      args: [{ surname: stayer.surname, date_of_birth: stayer.date_of_birth, note: stayer.document_number }],
      memo: { who: stayer.first_name },
    });
    try {
      const plantedScan = await rawTexts(planted, pair.US.config.temporal.namespace, (w) =>
        w.workflowId.startsWith('planted-'),
      );
      for (let i = 0; i < 50 && plantedScan.workflows.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 200));
        Object.assign(
          plantedScan,
          await rawTexts(planted, pair.US.config.temporal.namespace, (w) => w.workflowId.startsWith('planted-')),
        );
      }
      const foundPlanted = findPersonalData(
        new Set([stayer.surname, stayer.date_of_birth, stayer.document_number, stayer.first_name]),
        plantedScan.texts,
      );
      expect(foundPlanted.some((f) => f.includes('history planted-plaintext'))).toBe(true);
      expect(foundPlanted.some((f) => f.includes('describe planted-plaintext'))).toBe(true);
      expect(new Set(foundPlanted.map((f) => f.replace(/^.*: /, ''))).size).toBe(4); // all four values found
      const lines: string[] = [];
      const stop = addLogSink((l) => lines.push(l));
      createLogger({ test: 'planted' }).info('careless message', { name: stayer.surname.toUpperCase() });
      stop();
      expect(
        findPersonalData(
          values,
          lines.map((text) => ({ where: 'log', text })),
        ),
      ).toHaveLength(1);
    } finally {
      await handle.terminate('planted by the privacy test');
    }
  });
});
