// Correction end to end, both nodes in this process (real Temporal, PostgreSQL, HTTP between them):
// a traveller entered Canada, left to the US (the US entry is Canada's exit) and was reconciled by
// the CA node. The US corrects the entry's crossing time; the next US->CA cycle sends it as a
// correction of the same record id; the CA node updates its exit (version raised), reconciles it
// again (new match evidence), re-signals the stay, which now sees a departure after the admission
// period; both sides audit it.
import type { Pool } from 'pg';
import { addDays, daysBetween, utcDay } from '../src/calendar';
import { runExchangeCycle } from '../src/exchange/cycle-client';
import { withCheckDigit } from '../src/record/check-digit';
import { contentHash } from '../src/record/content-hash';
import { localDateAtPort } from '../src/record/local-day';
import { CapturedEntrySchema } from '../src/record/schema';
import { stayStateQuery, stayWorkflowId, type StayState } from '../src/stays/contract';
import { operatorAuth, pairWithPools, type PairWithPools } from './support/nodes';
import { postEntries } from './support/capture';

process.env.LOG_SILENT = '1';
const FAST = { ackTimeout: '3 seconds', ackOverdueAfter: 2 } as const;
const DAY = 86_400_000;

describe('a correction travels to the partner and is reconciled again', () => {
  let pair: PairWithPools;
  let us: Pool;
  let ca: Pool;

  beforeAll(async () => {
    pair = await pairWithPools();
    ({ US: us, CA: ca } = pair.db);
  });
  afterAll(async () => {
    await pair?.stop();
  });

  async function caStayWhen(entryId: string, check: (s: StayState) => boolean, what: string): Promise<StayState> {
    const handle = pair.CA.ctx.temporal.workflow.getHandle(stayWorkflowId('CA', entryId));
    const deadline = Date.now() + 20_000;
    let last: StayState | undefined;
    while (Date.now() < deadline) {
      last = await handle.query(stayStateQuery).catch(() => undefined);
      if (last && check(last)) return last;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`CA stay ${entryId} never reached ${what}: ${JSON.stringify(last?.status)}`);
  }

  it('corrects an accepted US entry; CA applies it to the same exit id, re-matches, re-signals the stay; both audit', async () => {
    const now = pair.US.clock.now().getTime();
    const window = utcDay(new Date(now - DAY)); // yesterday: every crossing below is in it or before
    const admitUntil = utcDay(new Date(now - 10 * DAY));
    const person = {
      surname: 'Vandersloot',
      first_name: 'Marguerite',
      middle_names: '',
      date_of_birth: '1984-03-09',
      citizenship: 'NOR',
      sex: 'F',
      document_type: 'P',
      document_number: withCheckDigit('NX4471902'),
      document_issuer: 'NOR',
    };
    const caEntry = {
      ...person,
      id: 'CA-corr-e2e-1',
      port_of_entry: 'CA-COUTTS',
      entered_at: new Date(now - 100 * DAY).toISOString(),
      category: 'visitor',
      admit_until: admitUntil,
    };
    const usEntry = {
      ...person,
      id: 'US-corr-e2e-1',
      port_of_entry: 'US-LEWISTON',
      entered_at: new Date(now - 20 * DAY).toISOString(), // left Canada 10 days before the admission ended
      category: 'visitor',
      admit_until: addDays(utcDay(new Date(now - 20 * DAY)), 90),
    };
    for (const [node, record] of [
      [pair.CA, caEntry],
      [pair.US, usEntry],
    ] as const) {
      const res = await postEntries(node, { records: [record] });
      expect(res.status).toBeLessThan(300);
    }
    // The CA stay flags a suspected in-country overstay: its admission period is over, no exit yet.
    await caStayWhen(caEntry.id, (s) => s.status === 'overstay', 'in-country overstay');

    const cycle = () =>
      runExchangeCycle(pair.US.ctx.temporal, pair.US.config, { from: 'US', to: 'CA', window, options: FAST });
    await cycle();
    const first = await ca.query('SELECT version, exited_at FROM exits WHERE id = $1', [usEntry.id]);
    expect(first.rows).toEqual([{ version: 1, exited_at: new Date(usEntry.entered_at) }]);
    const firstMatch = await ca.query('SELECT entry_id, evidence, matched_at FROM matches WHERE exit_id = $1', [
      usEntry.id,
    ]);
    expect(firstMatch.rows[0]).toMatchObject({ entry_id: caEntry.id });
    const compliant = await caStayWhen(caEntry.id, (s) => s.status === 'compliant', 'compliant');
    expect(compliant.exit).toMatchObject({ exitId: usEntry.id, exitedAt: new Date(usEntry.entered_at).toISOString() });

    // The traveller asks the US to correct the crossing time: it was 5 days ago, not 20.
    // 02:30 UTC five days ago: the evening of the day before at US-LEWISTON (Eastern time).
    const correctedAt = `${utcDay(new Date(now - 5 * DAY))}T02:30:00.000Z`;
    const res = await fetch(`${pair.US.urls.operator}/records/${usEntry.id}/corrections`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...operatorAuth(pair.US, 'officer') },
      body: JSON.stringify({ changes: { entered_at: correctedAt }, reason: 'request CR-77' }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ recordId: usEntry.id, version: 2, fields: ['entered_at'] });
    const usRow = await us.query('SELECT version, sent_version, content_hash FROM entries WHERE id = $1', [usEntry.id]);
    expect(usRow.rows[0]).toMatchObject({ version: 2, sent_version: 1 }); // due for the next cycle
    // The hash is the one capture and intake compute, over the amended record.
    const amended = CapturedEntrySchema.parse({ ...usEntry, entered_at: correctedAt });
    expect(usRow.rows[0].content_hash).toBe(contentHash(amended));
    expect(usRow.rows[0].content_hash).not.toBe(contentHash(CapturedEntrySchema.parse(usEntry)));

    const next = await cycle();
    expect(next).toMatchObject({ sent: 1 });
    const sent = await us.query('SELECT sent_version FROM entries WHERE id = $1', [usEntry.id]);
    expect(sent.rows[0].sent_version).toBe(2);

    // CA: the same exit id, amended in place, version raised; no second exit row.
    const exits = await ca.query('SELECT id, version, exited_at, content_hash FROM exits WHERE id LIKE $1', [
      'US-corr-e2e-%',
    ]);
    expect(exits.rows).toEqual([
      { id: usEntry.id, version: 2, exited_at: new Date(correctedAt), content_hash: usRow.rows[0].content_hash },
    ]);
    // Reconciled again: a fresh match that names version 2 of the exit.
    const match = await ca.query('SELECT entry_id, evidence, matched_at FROM matches WHERE exit_id = $1', [usEntry.id]);
    expect(match.rows[0]).toMatchObject({
      entry_id: caEntry.id,
      evidence: expect.objectContaining({ exit_version: 2 }),
    });
    expect(match.rows[0].matched_at.getTime()).toBeGreaterThan(firstMatch.rows[0].matched_at.getTime());
    // The stay was told again: the corrected departure is after the admission period.
    const late = await caStayWhen(caEntry.id, (s) => s.status === 'out_of_country_overstay', 'out-of-country');
    expect(late.exit).toMatchObject({ exitId: usEntry.id, exitedAt: correctedAt });
    // Five days after the admission period by the UTC calendar, but the rule counts the departure's
    // local day at the port that recorded it (docs/rules.md, local days): the evening before, 4 days.
    const exitDay = localDateAtPort(correctedAt, usEntry.port_of_entry);
    expect(exitDay).toBe(addDays(utcDay(correctedAt), -1));
    expect(daysBetween(admitUntil, exitDay)).toBe(4);
    expect(late.daysOver).toBe(4);

    // Both sides audited it, with ids and field names, never values.
    const usAudit = await us.query(
      `SELECT actor, record_ids, details FROM audit_log WHERE action = 'record.corrected' AND $1 = ANY(record_ids)`,
      [usEntry.id],
    );
    expect(usAudit.rows).toEqual([
      {
        actor: 'demo-officer',
        record_ids: [usEntry.id],
        details: expect.objectContaining({ fields: 'entered_at', reason: 'request CR-77', version: 2 }),
      },
    ]);
    const caAudit = await ca.query(
      `SELECT actor, record_ids, details, batch_id FROM audit_log WHERE action = 'record.correction-applied'`,
    );
    expect(caAudit.rows).toEqual([
      expect.objectContaining({ actor: 'cbp', record_ids: [usEntry.id], details: { versions: `${usEntry.id}:2` } }),
    ]);
    const auditText = JSON.stringify([...usAudit.rows, ...caAudit.rows]);
    for (const value of [person.surname, person.document_number, person.date_of_birth, correctedAt])
      expect(auditText).not.toContain(value);
  });
});
