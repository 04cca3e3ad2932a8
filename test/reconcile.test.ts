// Reconciliation through the real ingest: the partner's records carry realistic noise
// (transliteration, swapped names, a document-number typo) and are still matched by the scored
// matcher with evidence; namesakes the matcher cannot tell apart land in the review list.
import type { Pool } from 'pg';
import { runExchangeCycle } from '../src/exchange/cycle-client';
import { withCheckDigit } from '../src/record/check-digit';
import { capture } from './support/capture';
import { pairWithPools, type PairWithPools } from './support/nodes';

const FAST = { ackTimeout: '3 seconds', ackOverdueAfter: 2 } as const;

const base = {
  middle_names: '',
  citizenship: 'DEU',
  sex: 'M',
  document_type: 'P',
  document_issuer: 'D',
  category: 'visitor',
} as const;
const intoCanada = { ...base, port_of_entry: 'CA-LACOLLE', entered_at: '2026-12-20T08:00:00Z' };
const backIntoUs = { ...base, port_of_entry: 'US-CHAMPLAIN', entered_at: '2026-12-21T08:00:00Z' };

describe('reconciliation with the matcher through the real ingest', () => {
  let pair: PairWithPools;
  let ca: Pool;
  beforeAll(async () => {
    pair = await pairWithPools();
    ca = pair.db.CA;
  });
  afterAll(async () => {
    await pair?.stop();
  });

  it('matches noisy partner records with evidence and sends namesakes to review', async () => {
    await capture(pair.CA, [
      {
        ...intoCanada,
        id: 'm-translit',
        surname: 'Müller',
        first_name: 'Jürgen',
        date_of_birth: '1975-03-02',
        document_number: withCheckDigit('C01X00T7'),
      },
      {
        ...intoCanada,
        id: 'm-swap',
        surname: 'Nakamura',
        first_name: 'Hiroshi',
        date_of_birth: '1968-11-23',
        document_number: withCheckDigit('TK1234567'),
      },
      {
        ...intoCanada,
        id: 'm-typo',
        surname: 'Fernández',
        first_name: 'Lucía',
        sex: 'F',
        date_of_birth: '1990-07-14',
        document_number: withCheckDigit('PA7654321'),
      },
      {
        ...intoCanada,
        id: 'm-exact',
        surname: 'Weber',
        first_name: 'Karl',
        date_of_birth: '1960-02-29',
        document_number: withCheckDigit('C3334444'),
      },
      {
        ...intoCanada,
        id: 'm-twin1',
        surname: 'Schmidt',
        first_name: 'Anna',
        sex: 'F',
        date_of_birth: '1985-01-09',
        document_number: withCheckDigit('C5551111'),
      },
      {
        ...intoCanada,
        id: 'm-twin2',
        surname: 'Schmidt',
        first_name: 'Anna',
        sex: 'F',
        date_of_birth: '1985-01-09',
        document_number: withCheckDigit('C7772222'),
      },
    ]);
    await capture(pair.US, [
      {
        ...backIntoUs,
        id: 'x-translit',
        surname: 'MUELLER',
        first_name: 'JUERGEN',
        date_of_birth: '1975-03-02',
        document_number: withCheckDigit('C01X00T7'),
      },
      {
        ...backIntoUs,
        id: 'x-swap',
        surname: 'Hiroshi',
        first_name: 'Nakamura',
        date_of_birth: '1968-11-23',
        document_number: withCheckDigit('TK1234567'),
      },
      {
        ...backIntoUs,
        id: 'x-typo',
        surname: 'Fernandez',
        first_name: 'Lucia',
        sex: 'F',
        date_of_birth: '1990-07-14',
        document_number: withCheckDigit('PA7654821'),
      },
      {
        ...backIntoUs,
        id: 'x-exact',
        surname: 'Weber',
        first_name: 'Karl',
        date_of_birth: '1960-02-29',
        document_number: withCheckDigit('C3334444'),
      },
      {
        ...backIntoUs,
        id: 'x-twin',
        surname: 'Schmidt',
        first_name: 'Anna',
        sex: 'F',
        date_of_birth: '1985-01-09',
        document_number: withCheckDigit('C9993333'),
      },
      // Nobody Canada saw enter: no match and nothing to review.
      {
        ...backIntoUs,
        id: 'x-stranger',
        surname: 'Okonkwo',
        first_name: 'Chidi',
        date_of_birth: '1999-09-09',
        document_number: withCheckDigit('A8889999'),
      },
    ]);
    const result = await runExchangeCycle(pair.US.ctx.temporal, pair.US.config, {
      from: 'US',
      to: 'CA',
      window: '2026-12-21',
      options: FAST,
    });
    expect(result).toMatchObject({ sent: 6, accepted: 6 });

    const { rows: matches } = await ca.query<{
      exit_id: string;
      entry_id: string;
      method: string;
      score: number;
      evidence: { fields?: Record<string, { outcome: string }>; swapped_names?: boolean };
    }>('SELECT exit_id, entry_id, method, score, evidence FROM matches ORDER BY exit_id');
    const byExit = new Map(matches.map((m) => [m.exit_id, m]));
    expect(matches.map((m) => [m.exit_id, m.entry_id, m.method])).toEqual([
      ['x-exact', 'm-exact', 'exact'],
      ['x-swap', 'm-swap', 'matcher'],
      ['x-translit', 'm-translit', 'matcher'],
      ['x-typo', 'm-typo', 'matcher'],
    ]);
    expect(byExit.get('x-translit')!.evidence.fields!.surname.outcome).toBe('exact');
    expect(byExit.get('x-swap')!.evidence.swapped_names).toBe(true);
    expect(byExit.get('x-typo')!.evidence.fields!.document.outcome).not.toBe('exact');
    for (const id of ['x-swap', 'x-translit', 'x-typo']) expect(byExit.get(id)!.score).toBeGreaterThanOrEqual(20);

    const { rows: review } = await ca.query<{
      exit_id: string;
      entry_id: string;
      reason: string;
      competitor_id: string;
    }>('SELECT exit_id, entry_id, reason, competitor_id FROM match_review ORDER BY exit_id');
    expect(review).toHaveLength(1);
    expect(review[0]).toMatchObject({ exit_id: 'x-twin', reason: 'ambiguous' });
    expect(new Set([review[0].entry_id, review[0].competitor_id])).toEqual(new Set(['m-twin1', 'm-twin2']));
    // Keys were stored for the batch's unmatched exits and the open entries, and go with the records.
    const { rows: keys } = await ca.query<{ n: string }>(
      "SELECT count(*) AS n FROM exit_keys WHERE exit_id = 'x-twin'",
    );
    expect(Number(keys[0].n)).toBeGreaterThan(0);

    // The model the ingest scored with is kept in the audit trail with the batch: aggregates, no record.
    const { rows: model } = await ca.query<{ batch_id: string; details: Record<string, string | number> }>(
      `SELECT batch_id, details FROM audit_log WHERE action = 'match.model-estimated'`,
    );
    expect(model.length).toBeGreaterThan(0);
    expect(model[0].batch_id).toBeTruthy();
    expect(model[0].details).toMatchObject({ source: 'estimated' });
    expect(String(model[0].details['document.exact'])).toMatch(/^m [\d.e-]+ u [\d.e-]+ w [\d.-]+$/);
    expect(Number(model[0].details.match_threshold)).toBeGreaterThan(0);
    expect(JSON.stringify(model)).not.toMatch(/MUELLER|Müller|1975/i);
  });
});
