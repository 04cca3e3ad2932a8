// The exchange end to end: both nodes in this process, real Temporal server and PostgreSQL, real HTTP
// between them. Each test uses its own windows so their records never mix.
import crypto from 'node:crypto';
import type { Pool } from 'pg';
import { runExchangeCycle } from '../src/exchange/cycle-client';
import { BATCH_FORMAT } from '../src/exchange/batch';
import { signMessage } from '../src/exchange/signing';
import { generateNodeKeys } from '../src/config/keys';
import { withCheckDigit } from '../src/record/check-digit';
import { addLogSink } from '../src/observability/log';
import { isInScope } from '../src/scope/rules';
import { simulateTraffic, type SimulatedEntry } from '../src/simulator/generate';
import { progressQuery } from '../src/exchange/cycle-contract';
import { operatorAuth, pairWithPools, type PairWithPools, type TestNode } from './support/nodes';
import { runCycleSignedWithUnknownKey } from './support/forged-cycle';
import { capture as captureAsPorts } from './support/capture';

const FAST = { ackTimeout: '3 seconds', ackOverdueAfter: 2 } as const;
// Where a test counts resends, an acknowledgement slowed by a loaded CI machine must not look late.
const PATIENT = { ...FAST, ackTimeout: '60 seconds' } as const;

async function capture(node: TestNode, records: SimulatedEntry[]): Promise<void> {
  for (let i = 0; i < records.length; i += 1000) {
    await captureAsPorts(node, records.slice(i, i + 1000));
  }
}

function entry(id: string, overrides: Partial<SimulatedEntry> = {}): SimulatedEntry {
  return {
    id,
    surname: 'Łukasiewicz',
    first_name: 'Zoé',
    middle_names: '',
    date_of_birth: '1980-05-17',
    citizenship: 'DEU',
    sex: 'F',
    document_type: 'P',
    document_number: withCheckDigit(crypto.createHash('sha1').update(id).digest('hex').slice(0, 8).toUpperCase()),
    document_issuer: 'D',
    port_of_entry: 'US-CHAMPLAIN',
    entered_at: '2026-11-27T10:00:00-05:00',
    category: 'visitor',
    ...overrides,
  };
}

async function count(db: Pool, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await db.query<{ n: string }>(sql, params);
  return Number(rows[0].n);
}

describe('exchange cycle between the two nodes', () => {
  let pair: PairWithPools;
  let us: Pool;
  let ca: Pool;
  const logLines: string[] = [];
  const personalData = new Set<string>();
  const stopLogSink = addLogSink((line) => logLines.push(line));

  beforeAll(async () => {
    pair = await pairWithPools();
    ({ US: us, CA: ca } = pair.db);
  });
  afterAll(async () => {
    stopLogSink();
    await pair?.stop();
  });

  afterAll(() => {
    // Nothing this suite logged (refusals, rejections, retries, worker failures) names a traveller.
    expect(logLines.length).toBeGreaterThan(0);
    const leaked = [...personalData].filter((value) => logLines.some((l) => l.includes(value)));
    expect(leaked).toEqual([]);
  });

  it('exchanges one full day both ways: every in-scope record received and acknowledged exactly once', async () => {
    const day = '2026-11-27';
    const traffic = simulateTraffic({ from: day, days: 1, perDay: 300, seed: 11 });
    for (const e of [...traffic.US, ...traffic.CA]) {
      personalData.add(e.document_number);
      if (e.surname.length > 5) personalData.add(e.surname);
    }
    for (const value of ['Łukasiewicz', 'Núñez', 'Haddad', 'AB1234$670', 'Öztürk']) personalData.add(value);
    await capture(pair.US, traffic.US);
    await capture(pair.CA, traffic.CA);

    const [toCa, toUs] = await Promise.all([
      runExchangeCycle(pair.US.ctx.temporal, pair.US.config, {
        from: 'US',
        to: 'CA',
        window: day,
        options: { ...PATIENT, batchSize: 100 },
      }),
      runExchangeCycle(pair.CA.ctx.temporal, pair.CA.config, {
        from: 'CA',
        to: 'US',
        window: day,
        options: { ...PATIENT, batchSize: 100 },
      }),
    ]);

    for (const [result, sent, sender, receiver] of [
      [toCa, traffic.US, us, ca],
      [toUs, traffic.CA, ca, us],
    ] as const) {
      // Windows are UTC days: a crossing in the local evening belongs to the next window.
      const windowEnd = Date.parse(`${day}T00:00:00Z`) + 24 * 3600 * 1000;
      const inScope = sent.filter((e) => Date.parse(e.entered_at) < windowEnd && isInScope(e, day));
      expect(inScope.length).toBeGreaterThan(100);
      expect(result).toMatchObject({ sent: inScope.length, accepted: inScope.length, rejected: 0, resends: 0 });
      expect(result.batches).toBe(Math.ceil(inScope.length / 100));
      // Received exactly once: one exit per record, ids equal to the in-scope entries.
      const { rows } = await receiver.query<{ id: string }>('SELECT id FROM exits ORDER BY id');
      expect(rows.map((r) => r.id)).toEqual(inScope.map((e) => e.id).sort());
      // Acknowledged exactly once: each entry accepted once, each batch acknowledged once.
      expect(await count(sender, "SELECT count(*) AS n FROM outbound_records WHERE status = 'accepted'")).toBe(
        inScope.length,
      );
      expect(await count(sender, "SELECT count(*) AS n FROM audit_log WHERE action = 'batch.acknowledged'")).toBe(
        result.batches,
      );
      expect(await count(sender, "SELECT count(*) AS n FROM audit_log WHERE action = 'batch.sent'")).toBe(
        result.batches,
      );
      expect(await count(receiver, "SELECT count(*) AS n FROM audit_log WHERE action = 'batch.received'")).toBe(
        result.batches,
      );
      expect(await count(receiver, "SELECT count(*) AS n FROM audit_log WHERE action = 'ack.sent'")).toBe(
        result.batches,
      );
    }

    // The in-transit copies are cleared once acknowledged; results and exits remain.
    expect(await count(us, 'SELECT count(*) AS n FROM outbound_batches WHERE body IS NOT NULL')).toBe(0);
    // (the receiver clears its copy just after the sender took the acknowledgement)
    await waitFor(
      async () => (await count(ca, 'SELECT count(*) AS n FROM inbound_batches WHERE records IS NOT NULL')) === 0,
    );

    // Audit rows carry the legal basis and no personal data.
    const { rows: audit } = await ca.query<{ legal_basis: string; row: string }>(
      'SELECT legal_basis, row_to_json(a)::text AS row FROM audit_log a',
    );
    expect(audit.every((a) => a.legal_basis?.includes('Customs Act'))).toBe(true);
    const someSurname = traffic.US[0].surname;
    expect(audit.some((a) => a.row.includes(someSurname) || a.row.includes(traffic.US[0].document_number))).toBe(false);

    // Reconciliation: travellers who came home the same day are matched, entry before exit.
    const { rows: matches } = await ca.query<{ ok: boolean }>(
      'SELECT e.entered_at < x.exited_at AS ok FROM matches m JOIN entries e ON e.id = m.entry_id JOIN exits x ON x.id = m.exit_id',
    );
    expect(matches.length).toBeGreaterThan(10);
    expect(matches.every((m) => m.ok)).toBe(true);

    // Operators see the cycle: readable id, search attributes, completed.
    const described = await pair.US.ctx.temporal.workflow.getHandle(toCa.workflow_id).describe();
    expect(toCa.workflow_id).toBe(`exchange-US-CA-${day}`);
    expect(described.status.name).toBe('COMPLETED');
    const attrs = described.searchAttributes as Record<string, unknown[]>;
    expect(attrs.ExchangeStatus).toEqual(['completed']);
    expect(attrs.Direction).toEqual(['US-CA']);
    expect(attrs.CycleWindow).toEqual([day]);

    // The next window takes the rest of the simulated day (its local evening): then every in-scope record is across.
    const next = await runExchangeCycle(pair.US.ctx.temporal, pair.US.config, {
      from: 'US',
      to: 'CA',
      window: '2026-11-28',
      options: FAST,
    });
    const late = traffic.US.filter((e) => Date.parse(e.entered_at) >= Date.parse('2026-11-28T00:00:00Z'));
    expect(late.length).toBeGreaterThan(0);
    expect(next).toMatchObject({ sent: late.length, accepted: late.length });
    expect(await count(ca, 'SELECT count(*) AS n FROM exits')).toBe(traffic.US.length);
    await runExchangeCycle(pair.CA.ctx.temporal, pair.CA.config, {
      from: 'CA',
      to: 'US',
      window: '2026-11-28',
      options: FAST,
    });

    // The same window again sends nothing new.
    const again = await runExchangeCycle(pair.US.ctx.temporal, pair.US.config, {
      from: 'US',
      to: 'CA',
      window: day,
      options: FAST,
    });
    expect(again).toMatchObject({ sent: 0, accepted: 0, rejected: 0, batches: 0 });
  });

  it('never sends out-of-scope records (Phase I pilot ports, no citizens before Phase III)', async () => {
    const records = [
      entry('scope-2012-pilot-tcn', { port_of_entry: 'US-BLAINE-PH', entered_at: '2012-10-01T09:00:00-08:00' }),
      entry('scope-2012-other-port', { port_of_entry: 'US-CHAMPLAIN', entered_at: '2012-10-01T09:00:00-05:00' }),
      entry('scope-2012-citizen', {
        port_of_entry: 'US-BLAINE-PH',
        citizenship: 'CAN',
        document_issuer: 'CAN',
        document_number: 'GA123456', // as a Canadian passport prints it
        entered_at: '2012-10-01T10:00:00-08:00',
      }),
      entry('scope-2015-tcn', { entered_at: '2015-03-10T09:00:00-05:00' }),
      entry('scope-2015-citizen', {
        citizenship: 'USA',
        document_issuer: 'USA',
        document_number: 'C03005988', // as a US passport prints it
        category: 'citizen',
        entered_at: '2015-03-10T09:00:00-05:00',
      }),
    ];
    await capture(pair.US, records);
    const first = await runExchangeCycle(pair.US.ctx.temporal, pair.US.config, {
      from: 'US',
      to: 'CA',
      window: '2012-10-01',
      options: FAST,
    });
    const second = await runExchangeCycle(pair.US.ctx.temporal, pair.US.config, {
      from: 'US',
      to: 'CA',
      window: '2015-03-10',
      options: FAST,
    });
    expect(first.sent + second.sent).toBe(2);
    const { rows } = await ca.query<{ id: string }>("SELECT id FROM exits WHERE id LIKE 'scope-%' ORDER BY id");
    expect(rows.map((r) => r.id)).toEqual(['scope-2012-pilot-tcn', 'scope-2015-tcn']);
    const { rows: sent } = await us.query<{ entry_id: string }>(
      "SELECT entry_id FROM outbound_records WHERE entry_id LIKE 'scope-%' ORDER BY entry_id",
    );
    expect(sent.map((r) => r.entry_id)).toEqual(['scope-2012-pilot-tcn', 'scope-2015-tcn']);
    expect(
      await count(
        ca,
        "SELECT count(*) AS n FROM inbound_results WHERE record_id IN ('scope-2012-other-port', 'scope-2012-citizen', 'scope-2015-citizen')",
      ),
    ).toBe(0);
  });

  it('sends per direction and group as the law stood: Canada sends US citizens from 23 Aug 2016, nobody sends the exempt groups', async () => {
    const at = '2017-05-01T09:00:00-04:00';
    const onCa = (id: string, o: Partial<SimulatedEntry>) =>
      entry(id, { port_of_entry: 'CA-LACOLLE', entered_at: at, ...o });
    await capture(pair.CA, [
      onCa('interim-ca-tcn', {}),
      onCa('interim-ca-us-citizen', { citizenship: 'USA', document_issuer: 'USA', document_number: 'C03005988' }),
      onCa('interim-ca-canadian', {
        citizenship: 'CAN',
        document_issuer: 'CAN',
        document_number: 'GA123456',
        category: 'citizen',
      }),
      onCa('interim-ca-protected', {
        citizenship: 'SYR',
        document_type: 'CR',
        document_issuer: 'CAN',
        document_number: 'RT123456',
        category: 'other',
        exempt_group: 'protected_person',
      }),
    ]);
    await capture(pair.US, [
      entry('interim-us-us-citizen', {
        citizenship: 'USA',
        document_issuer: 'USA',
        document_number: 'C03005988',
        category: 'citizen',
        entered_at: at,
      }),
      entry('interim-us-registered-indian', {
        citizenship: 'CAN',
        document_issuer: 'CAN',
        document_number: 'GA654321',
        entered_at: at,
        exempt_group: 'registered_indian',
      }),
    ]);
    const window = '2017-05-01';
    const fromCa = await runExchangeCycle(pair.CA.ctx.temporal, pair.CA.config, {
      from: 'CA',
      to: 'US',
      window,
      options: FAST,
    });
    const fromUs = await runExchangeCycle(pair.US.ctx.temporal, pair.US.config, {
      from: 'US',
      to: 'CA',
      window,
      options: FAST,
    });
    expect([fromCa.sent, fromUs.sent]).toEqual([2, 0]);
    const ids = async (db: Pool) =>
      (await db.query<{ id: string }>("SELECT id FROM exits WHERE id LIKE 'interim-%' ORDER BY id")).rows.map(
        (r) => r.id,
      );
    expect(await ids(us)).toEqual(['interim-ca-tcn', 'interim-ca-us-citizen']);
    expect(await ids(ca)).toEqual([]);
    // The group is kept on the capturing node only.
    const { rows } = await ca.query<{ exempt_group: string | null }>(
      "SELECT exempt_group FROM entries WHERE id = 'interim-ca-protected'",
    );
    expect(rows).toEqual([{ exempt_group: 'protected_person' }]);
  });

  it('keeps sending while the partner is down and completes without duplicates when it is back', async () => {
    const window = '2026-11-29';
    const records = Array.from({ length: 12 }, (_, i) =>
      entry(`down-${i}`, { entered_at: `${window}T0${i % 10}:00:00Z` }),
    );
    await capture(pair.US, records);
    const realUrl = pair.US.ctx.config.partnerUrl;
    pair.US.ctx.config.partnerUrl = 'http://127.0.0.1:9'; // nothing listens there
    // Two batches per run: the third batch is sent by a continued-as-new run, totals carried over.
    const running = runExchangeCycle(pair.US.ctx.temporal, pair.US.config, {
      from: 'US',
      to: 'CA',
      window,
      options: { ...FAST, batchSize: 5, batchesPerRun: 2 },
    });
    const handle = pair.US.ctx.temporal.workflow.getHandle(`exchange-US-CA-${window}`);
    await waitFor(async () => {
      const d = await handle.describe().catch(() => undefined);
      const attempt = d?.raw.pendingActivities?.[0]?.attempt ?? 0;
      return attempt >= 2;
    });
    expect(await count(ca, "SELECT count(*) AS n FROM exits WHERE id LIKE 'down-%'")).toBe(0);
    pair.US.ctx.config.partnerUrl = realUrl;
    const result = await running;
    expect(result).toMatchObject({ sent: 12, accepted: 12, rejected: 0, batches: 3 });
    expect(await count(ca, "SELECT count(*) AS n FROM exits WHERE id LIKE 'down-%'")).toBe(12);
    // Visibility is eventually consistent: the last run's close reaches the list a moment later.
    const runStatuses = async () => {
      const runs: string[] = [];
      for await (const wf of pair.US.ctx.temporal.workflow.list({ query: `WorkflowId = 'exchange-US-CA-${window}'` }))
        runs.push(wf.status.name);
      return runs.sort();
    };
    await waitFor(async () => !(await runStatuses()).includes('RUNNING'));
    expect(await runStatuses()).toEqual(['COMPLETED', 'CONTINUED_AS_NEW']);
  });

  it('retransmits a batch whose acknowledgement is late, shows ack-overdue, and completes without duplicates', async () => {
    const window = '2026-11-30';
    await capture(
      pair.US,
      Array.from({ length: 4 }, (_, i) => entry(`late-${i}`, { entered_at: `${window}T12:0${i}:00-05:00` })),
    );
    const caUrl = pair.CA.ctx.config.partnerUrl;
    pair.CA.ctx.config.partnerUrl = 'http://127.0.0.1:9'; // the acknowledgement cannot get back
    const running = runExchangeCycle(pair.US.ctx.temporal, pair.US.config, {
      from: 'US',
      to: 'CA',
      window,
      options: { ackTimeout: '1 second', ackOverdueAfter: 2 },
    });
    const handle = pair.US.ctx.temporal.workflow.getHandle(`exchange-US-CA-${window}`);
    await waitFor(async () => {
      const progress = await handle.query(progressQuery).catch(() => undefined);
      return progress?.status === 'ack-overdue';
    });
    const attrs = (await handle.describe()).searchAttributes as Record<string, unknown[]>;
    expect(attrs.ExchangeStatus).toEqual(['ack-overdue']);
    pair.CA.ctx.config.partnerUrl = caUrl;
    const result = await running;
    expect(result).toMatchObject({ sent: 4, accepted: 4, batches: 1 });
    expect(result.resends).toBeGreaterThanOrEqual(1);
    expect(await count(ca, "SELECT count(*) AS n FROM exits WHERE id LIKE 'late-%'")).toBe(4);
    expect(
      await count(ca, `SELECT receive_count AS n FROM inbound_batches WHERE batch_id = 'US-CA-${window}-0001'`),
    ).toBeGreaterThanOrEqual(2);
    expect(
      await count(ca, "SELECT count(*) AS n FROM audit_log WHERE action = 'batch.received-again'"),
    ).toBeGreaterThanOrEqual(1);
    expect(
      await count(us, "SELECT count(*) AS n FROM audit_log WHERE action = 'batch.acknowledged' AND cycle_window = $1", [
        window,
      ]),
    ).toBe(1);
  });

  it('keeps rejected records with the reason and sends them again once corrected; applies corrections', async () => {
    const window = '2026-12-01';
    await capture(pair.US, [entry('fix-ok', { entered_at: `${window}T08:00:00-05:00` })]);
    // Records the partner refuses (a legacy load that skipped capture's checks): a number no document prints, a Canadian port.
    await us.query(
      `INSERT INTO entries (id, surname, first_name, date_of_birth, citizenship, sex, document_type, document_number, document_issuer, port_of_entry, entered_at, content_hash)
       VALUES ('fix-digit', 'Núñez', 'Iñaki', '1977-01-02', 'ESP', 'M', 'P', 'AB1234$670', 'ESP', 'US-CALAIS', '${window}T09:00:00-05:00', 'legacy'),
              ('fix-port', 'Haddad', 'Layla', '1990-03-04', 'LBN', 'F', 'P', $1, 'LBN', 'CA-ST-STEPHEN', '${window}T09:30:00-05:00', 'legacy')`,
      [withCheckDigit('LB998877')],
    );
    const first = await runExchangeCycle(pair.US.ctx.temporal, pair.US.config, {
      from: 'US',
      to: 'CA',
      window,
      options: FAST,
    });
    expect(first).toMatchObject({ sent: 3, accepted: 1, rejected: 2 });
    const { rows: rejected } = await us.query<{ entry_id: string; reason: string }>(
      "SELECT entry_id, reason FROM outbound_records WHERE status = 'rejected' ORDER BY entry_id",
    );
    expect(rejected.map((r) => r.entry_id)).toEqual(['fix-digit', 'fix-port']);
    expect(rejected[0].reason).toMatch(/document_number must be letters A-Z and digits 0-9 only/);
    expect(rejected[1].reason).toMatch(/port_of_entry is a CA port/);
    expect(rejected.some((r) => r.reason.includes('AB1234$670') || r.reason.includes('Haddad'))).toBe(false);

    // Operators see them over HTTP too (operator token required): ids and reasons only.
    expect((await fetch(`${pair.US.urls.operator}/exchange/rejected`)).status).toBe(401);
    const listed = await fetch(`${pair.US.urls.operator}/exchange/rejected`, {
      headers: operatorAuth(pair.US, 'reader'),
    });
    const { rejected: shown } = (await listed.json()) as { rejected: Array<{ id: string; reason: string }> };
    expect(shown.map((r) => r.id)).toEqual(['fix-digit', 'fix-port']);

    // Not re-sent until corrected.
    expect(
      await runExchangeCycle(pair.US.ctx.temporal, pair.US.config, { from: 'US', to: 'CA', window, options: FAST }),
    ).toMatchObject({ sent: 0 });

    // Correct both (and correct the accepted one too): the version rises, the next cycle sends them.
    await us.query(`UPDATE entries SET document_number = $1, version = version + 1 WHERE id = 'fix-digit'`, [
      withCheckDigit('AB1234567'),
    ]);
    await us.query(`UPDATE entries SET port_of_entry = 'US-CALAIS', version = version + 1 WHERE id = 'fix-port'`);
    await us.query(`UPDATE entries SET first_name = 'Zoe', version = version + 1 WHERE id = 'fix-ok'`);
    const second = await runExchangeCycle(pair.US.ctx.temporal, pair.US.config, {
      from: 'US',
      to: 'CA',
      window: '2026-12-02',
      options: FAST,
    });
    expect(second).toMatchObject({ sent: 3, accepted: 3, rejected: 0 });
    const { rows: exits } = await ca.query<{ id: string; version: number; first_name: string }>(
      "SELECT id, version, first_name FROM exits WHERE id LIKE 'fix-%' ORDER BY id",
    );
    expect(exits).toEqual([
      { id: 'fix-digit', version: 2, first_name: 'Iñaki' },
      { id: 'fix-ok', version: 2, first_name: 'Zoe' },
      { id: 'fix-port', version: 2, first_name: 'Layla' },
    ]);
    expect(
      await count(
        us,
        "SELECT count(*) AS n FROM outbound_records WHERE entry_id LIKE 'fix-%' AND status = 'accepted' AND version = 2",
      ),
    ).toBe(3);
    const after = await fetch(`${pair.US.urls.operator}/exchange/rejected`, {
      headers: operatorAuth(pair.US, 'reader'),
    });
    expect(((await after.json()) as { rejected: unknown[] }).rejected).toEqual([]);
  });

  it("fails the cycle with the partner's reason on a 4xx, and a rerun of the window sends the same batch", async () => {
    const window = '2026-12-06';
    await capture(pair.US, [
      entry('refused-0', { entered_at: `${window}T10:00:00Z` }),
      entry('refused-1', { entered_at: `${window}T11:00:00Z` }),
    ]);
    const failed = await runCycleSignedWithUnknownKey(pair.US, window, FAST);
    const cause = (failed as Error & { cause?: { message: string; cause?: { message: string } } }).cause;
    expect(`${cause?.message} ${cause?.cause?.message}`).toMatch(
      /partner refused batch US-CA-2026-12-06-0001 \(401\): batch refused: bad signature/,
    );
    expect(await count(ca, "SELECT count(*) AS n FROM exits WHERE id LIKE 'refused-%'")).toBe(0);

    const rerun = await runExchangeCycle(pair.US.ctx.temporal, pair.US.config, {
      from: 'US',
      to: 'CA',
      window,
      options: FAST,
    });
    expect(rerun).toMatchObject({ sent: 2, accepted: 2, batches: 1 });
    expect(await count(us, 'SELECT count(*) AS n FROM outbound_batches WHERE cycle_window = $1', [window])).toBe(1);
    expect(
      await count(
        ca,
        "SELECT count(*) AS n FROM exits WHERE id LIKE 'refused-%' AND batch_id = 'US-CA-2026-12-06-0001'",
      ),
    ).toBe(2);
  });

  it('reconciles a corrected exit again and tells the stay of a watched entry', async () => {
    const right = withCheckDigit('RC7654321');
    // Canada's own entry of the traveller, watched by a stay; then the US records the return with a typo.
    await capture(pair.CA, [
      entry('rc-ca-in', { port_of_entry: 'CA-LACOLLE', document_number: right, entered_at: '2026-12-03T08:00:00Z' }),
    ]);
    await ca.query("UPDATE entries SET has_stay = true WHERE id = 'rc-ca-in'");
    await capture(pair.US, [
      entry('rc-us-back', { document_number: withCheckDigit('RC7654329'), entered_at: '2026-12-04T15:00:00Z' }),
    ]);
    await runExchangeCycle(pair.US.ctx.temporal, pair.US.config, {
      from: 'US',
      to: 'CA',
      window: '2026-12-04',
      options: FAST,
    });
    // The matcher already joins the typo'd document number on name and date of birth, and says so.
    const before = await ca.query<{ entry_id: string; method: string }>(
      "SELECT entry_id, method FROM matches WHERE exit_id = 'rc-us-back'",
    );
    expect(before.rows).toEqual([{ entry_id: 'rc-ca-in', method: 'matcher' }]);

    await us.query("UPDATE entries SET document_number = $1, version = version + 1 WHERE id = 'rc-us-back'", [right]);
    const result = await runExchangeCycle(pair.US.ctx.temporal, pair.US.config, {
      from: 'US',
      to: 'CA',
      window: '2026-12-05',
      options: FAST,
    });
    expect(result).toMatchObject({ sent: 1, accepted: 1 });
    const { rows } = await ca.query<{ entry_id: string; method: string; signalled: boolean }>(
      "SELECT entry_id, method, stay_signalled_at IS NOT NULL AS signalled FROM matches WHERE exit_id = 'rc-us-back'",
    );
    // No stay workflow runs in this suite (the stays capability owns it); a missing one is ignored.
    expect(rows).toEqual([{ entry_id: 'rc-ca-in', method: 'exact', signalled: true }]);
  });

  describe('intake refuses what it cannot trust, and stores nothing', () => {
    const goodBatch = (
      batchId: string,
      records: unknown[] = [{ version: 1, record: { ...entry(`sec-${batchId.slice(-4)}`), category: undefined } }],
    ) =>
      JSON.stringify({
        format: BATCH_FORMAT,
        batch_id: batchId,
        sender: 'US',
        receiver: 'CA',
        cycle_window: '2026-11-27',
        created_at: new Date().toISOString(),
        records,
      });
    const post = (body: string, headers: Record<string, string>) =>
      fetch(`${pair.CA.urls.partner}/intake/batches`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
    const usKey = () => pair.env.US_SIGNING_KEY;

    let before: { batches: number; audit: number };
    beforeEach(async () => {
      before = {
        batches: await count(ca, 'SELECT count(*) AS n FROM inbound_batches'),
        audit: await count(ca, "SELECT count(*) AS n FROM audit_log WHERE action LIKE 'batch.received%'"),
      };
    });
    const nothingStored = async () => {
      expect(await count(ca, 'SELECT count(*) AS n FROM inbound_batches')).toBe(before.batches);
      expect(await count(ca, "SELECT count(*) AS n FROM audit_log WHERE action LIKE 'batch.received%'")).toBe(
        before.audit,
      );
    };

    it('refuses an unsigned batch', async () => {
      const res = await post(goodBatch('US-CA-2026-11-27-9001'), {});
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: string }).error).toMatch(/unsigned batch/);
      await nothingStored();
    });

    it('refuses an unknown key id and a forged signature', async () => {
      const body = goodBatch('US-CA-2026-11-27-9002');
      const unknown = await post(body, signMessage('batch', body, usKey(), 'us-9', new Date()));
      expect(unknown.status).toBe(401);
      const refusal = ((await unknown.json()) as { error: string }).error;
      // The known key ids are not given away to a caller probing for them: the same answer as a forgery.
      expect(refusal).not.toMatch(/us-1/);
      const forged = await post(body, signMessage('batch', body, generateNodeKeys().signingKey, 'us-1', new Date()));
      expect(forged.status).toBe(401);
      expect(((await forged.json()) as { error: string }).error).toBe(refusal);
      expect(refusal).toMatch(/bad signature/);
      await nothingStored();
    });

    it('refuses a tampered body and a replayed (stale) batch', async () => {
      const body = goodBatch('US-CA-2026-11-27-9003');
      const headers = signMessage('batch', body, usKey(), 'us-1', new Date());
      const tampered = await post(body.replace('Łukasiewicz', 'Lukasiewicz'), headers);
      expect(tampered.status).toBe(401);
      expect(((await tampered.json()) as { error: string }).error).toMatch(/bad signature/);
      const stale = await post(body, signMessage('batch', body, usKey(), 'us-1', new Date(Date.now() - 3600_000)));
      expect(stale.status).toBe(401);
      // A replay is told apart in the node's log only; the caller gets the one answer to a bad signature.
      expect(((await stale.json()) as { error: string }).error).toMatch(/bad signature/);
      await nothingStored();
    });

    it('refuses malformed batches and the wrong sender', async () => {
      for (const [body, pattern] of [
        ['{"format":', /not valid JSON/],
        [JSON.stringify({ format: BATCH_FORMAT, batch_id: 'x' }), /malformed batch: batch_id must look like/],
        [goodBatch('US-CA-2026-11-27-9004', []), /records must hold at least one record/],
        [goodBatch('US-CA-2026-11-27-9005').replace('"sender":"US"', '"sender":"CA"'), /wrong sender/],
      ] as const) {
        const res = await post(body, signMessage('batch', body, usKey(), 'us-1', new Date()));
        expect(res.status).toBe(400);
        expect(((await res.json()) as { error: string }).error).toMatch(pattern);
      }
      await nothingStored();
    });

    it('refuses a batch id reused with other content, and rejects extra fields per record', async () => {
      const withExtra = goodBatch('US-CA-2026-11-27-9006', [
        { version: 1, record: { ...entry('sec-extra'), category: undefined, licence_plate: 'ABC123' } },
      ]);
      const first = await post(withExtra, signMessage('batch', withExtra, usKey(), 'us-1', new Date()));
      expect(first.status).toBe(202);
      const other = goodBatch('US-CA-2026-11-27-9006');
      const reused = await post(other, signMessage('batch', other, usKey(), 'us-1', new Date()));
      expect(reused.status).toBe(409);
      expect(((await reused.json()) as { error: string }).error).toMatch(
        /replayed batch id US-CA-2026-11-27-9006 with other content/,
      );
      await waitFor(
        async () =>
          (await count(ca, "SELECT count(*) AS n FROM inbound_results WHERE batch_id = 'US-CA-2026-11-27-9006'")) === 1,
      );
      const { rows } = await ca.query<{ status: string; reason: string }>(
        "SELECT status, reason FROM inbound_results WHERE batch_id = 'US-CA-2026-11-27-9006'",
      );
      expect(rows[0].status).toBe('rejected');
      expect(rows[0].reason).toMatch(/outside the agreed data elements: "licence_plate"/);
      expect(await count(ca, "SELECT count(*) AS n FROM exits WHERE id = 'sec-extra'")).toBe(0);
    });
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('condition not met in time');
}
