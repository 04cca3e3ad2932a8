// No copy left behind (issue 16, docs/security.md): a batch the partner refuses is neither lost
// (its records are listed with the reason and go again after a fix) nor kept for ever (purge
// clears the copy whatever happened to the batch); a legal hold keeps a record's matched pair.
import crypto from 'node:crypto';
import type { Pool } from 'pg';
import { createActivities } from '../activities';
import { runExchangeCycle } from '../src/exchange/cycle-client';
import { withCheckDigit } from '../src/record/check-digit';
import type { SimulatedEntry } from '../src/simulator/generate';
import { capture } from './support/capture';
import { runCycleSignedWithUnknownKey } from './support/forged-cycle';
import { cli, lastJson } from './support/cli';
import { operatorAuth, pairWithPools, type PairWithPools } from './support/nodes';

const FAST = { ackTimeout: '3 seconds', ackOverdueAfter: 2 } as const;

function entry(id: string, enteredAt: string): SimulatedEntry {
  return {
    id,
    surname: 'Nakamura',
    first_name: 'Ren',
    middle_names: '',
    date_of_birth: '1979-08-21',
    citizenship: 'JPN',
    sex: 'M',
    document_type: 'P',
    document_number: withCheckDigit(crypto.createHash('sha1').update(id).digest('hex').slice(0, 8).toUpperCase()),
    document_issuer: 'JPN',
    port_of_entry: 'US-CHAMPLAIN',
    entered_at: enteredAt,
    category: 'visitor',
  };
}

describe('a refused batch is neither lost nor kept for ever', () => {
  let pair: PairWithPools;
  let us: Pool;
  const window = '2026-12-08';
  const batchId = `US-CA-${window}-0001`;

  beforeAll(async () => {
    pair = await pairWithPools();
    us = pair.db.US;
  });
  afterAll(async () => {
    await pair?.stop();
  });

  const rejected = async () => {
    const res = await fetch(`${pair.US.urls.operator}/exchange/rejected`, { headers: operatorAuth(pair.US, 'reader') });
    return ((await res.json()) as { rejected: Array<{ id: string; batch_id: string; reason: string }> }).rejected;
  };

  it('lists the records of a refused batch with the reason, never as sent', async () => {
    await capture(pair.US, [entry('rb-0', `${window}T10:00:00Z`), entry('rb-1', `${window}T11:00:00Z`)]);
    const failed = await runCycleSignedWithUnknownKey(pair.US, window, FAST);
    expect(failed).toBeInstanceOf(Error);

    const shown = await rejected();
    expect(shown.map((r) => [r.id, r.batch_id])).toEqual([
      ['rb-0', batchId],
      ['rb-1', batchId],
    ]);
    for (const r of shown) expect(r.reason).toMatch(/^batch refused by the partner: .*bad signature/);
    const { rows } = await us.query(
      "SELECT status FROM outbound_records WHERE entry_id LIKE 'rb-%' AND status = 'sent'",
    );
    expect(rows).toEqual([]);
    const batch = await us.query('SELECT refused_at, refusal_reason, body FROM outbound_batches WHERE batch_id = $1', [
      batchId,
    ]);
    expect(batch.rows[0].refused_at).not.toBeNull();
    expect(batch.rows[0].refusal_reason).toMatch(/bad signature/);
    expect(batch.rows[0].body).not.toBeNull(); // kept for a rerun after the fix, until retention clears it
  });

  it('purge clears the copy of a batch nobody acknowledged, once it is older than the bound', async () => {
    await us.query("UPDATE outbound_batches SET created_at = now() - interval '31 days' WHERE batch_id = $1", [
      batchId,
    ]);
    const activities = createActivities(pair.US.ctx);
    const page = await activities.purgeExpiredPage({
      purgeId: 'purge-test-copies',
      asOf: new Date().toISOString(),
      kind: 'entry',
      pageSize: 100,
    });
    expect(page.tables.batch_copies).toBe(1);
    const batch = await us.query('SELECT body FROM outbound_batches WHERE batch_id = $1', [batchId]);
    expect(batch.rows[0].body).toBeNull();
    // The records are still listed: the copy went, the fact that they were never taken did not.
    expect((await rejected()).map((r) => r.id)).toEqual(['rb-0', 'rb-1']);
  });

  it('after a fix, `exchange resend` gives the records to the next cycle, which sends them', async () => {
    const run = await cli(pair, ['exchange', 'resend', '--node', 'us', '--batch', batchId]);
    expect(run.stderr).toBe('');
    expect(lastJson(run.stdout)).toEqual({ batch_id: batchId, pending: 2 });
    expect(await rejected()).toEqual([]);
    const next = await runExchangeCycle(pair.US.ctx.temporal, pair.US.config, {
      from: 'US',
      to: 'CA',
      window: '2026-12-09',
      options: FAST,
    });
    expect(next).toMatchObject({ sent: 2, accepted: 2, batches: 1 });
    const { rows } = await us.query(
      "SELECT entry_id, status, batch_id FROM outbound_records WHERE entry_id LIKE 'rb-%' ORDER BY entry_id",
    );
    expect(rows).toEqual([
      { entry_id: 'rb-0', status: 'accepted', batch_id: 'US-CA-2026-12-09-0001' },
      { entry_id: 'rb-1', status: 'accepted', batch_id: 'US-CA-2026-12-09-0001' },
    ]);
    const again = await cli(pair, ['exchange', 'resend', '--node', 'us', '--batch', 'US-CA-2026-12-09-0001']);
    expect(again.stderr).toMatch(/was not refused/);
  });

  it('a legal hold on a record keeps its matched pair through the purge', async () => {
    await us.query(
      `INSERT INTO entries (id, surname, first_name, date_of_birth, citizenship, sex, document_type, document_number, document_issuer,
         port_of_entry, entered_at, category, content_hash)
       VALUES ('held-e', 'HALE', 'JO', '1970-01-01', 'USA', 'F', 'P', 'C03005988', 'USA', 'US-CHAMPLAIN', '2001-01-01T10:00:00Z', 'citizen', 'h')`,
    );
    await us.query(
      `INSERT INTO exits (id, surname, first_name, date_of_birth, citizenship, sex, document_type, document_number, document_issuer,
         port_of_entry, exited_at, batch_id, content_hash)
       VALUES ('held-x', 'HALE', 'JO', '1970-01-01', 'USA', 'F', 'P', 'C03005988', 'USA', 'CA-LACOLLE', '2001-02-01T10:00:00Z', 'b-1', 'h'),
              ('free-x', 'HALE', 'JO', '1970-01-01', 'USA', 'F', 'P', 'C03005988', 'USA', 'CA-LACOLLE', '2001-03-01T10:00:00Z', 'b-1', 'h')`,
    );
    await us.query(`INSERT INTO matches (entry_id, exit_id, method, score) VALUES ('held-e', 'held-x', 'exact', 1)`);
    await us.query(
      `INSERT INTO legal_holds (record_id, kind, reason, placed_by) VALUES ('held-e', 'entry', 'case 2026-16', 'demo-administrator')`,
    );
    const activities = createActivities(pair.US.ctx);
    const asOf = '2100-01-01T00:00:00Z';
    for (const kind of ['exit', 'entry'] as const)
      await activities.purgeExpiredPage({ purgeId: `purge-hold-${kind}`, asOf, kind, pageSize: 1000 });
    const left = async (table: string, ids: string[]) =>
      (await us.query(`SELECT id FROM ${table} WHERE id = ANY($1) ORDER BY id`, [ids])).rows.map((r) => r.id);
    expect(await left('entries', ['held-e'])).toEqual(['held-e']);
    // The exit that closed the held entry's stay stays with it; an unmatched exit of the same age goes.
    expect(await left('exits', ['held-x', 'free-x'])).toEqual(['held-x']);
    expect((await us.query("SELECT entry_id, exit_id FROM matches WHERE exit_id = 'held-x'")).rows).toEqual([
      { entry_id: 'held-e', exit_id: 'held-x' },
    ]);
  });
});
