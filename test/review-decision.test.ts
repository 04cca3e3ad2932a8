// An operator decides the pairs the matcher left for review, through the CLI as a real process:
// accepted, the pair becomes a match and the entry's stay records the exit; rejected, it leaves the
// list; unknown pairs, reversals and clashes are refused with a reason and change nothing.
import type { Pool } from 'pg';
import { runExchangeCycle } from '../src/exchange/cycle-client';
import { withCheckDigit } from '../src/record/check-digit';
import { stayStateQuery, stayWorkflowId } from '../src/stays/contract';
import type { SimulatedEntry } from '../src/simulator/generate';
import { cli, lastJson } from './support/cli';
import { capture } from './support/capture';
import { pairWithPools, type PairWithPools } from './support/nodes';

const person = {
  middle_names: '',
  citizenship: 'DEU',
  sex: 'F',
  document_type: 'P',
  document_issuer: 'DEU',
  category: 'visitor',
} as const;
// Two namesakes (same name, same birth date, different passports) enter Canada; one of them comes
// back into the US with a third passport: the matcher cannot tell which, so the pair goes to review.
const twin = (id: string, surname: string, doc: string, port: string, at: string): SimulatedEntry => ({
  ...person,
  id,
  surname,
  first_name: 'Anna',
  date_of_birth: '1985-01-09',
  document_number: withCheckDigit(doc),
  port_of_entry: port,
  entered_at: at,
});

describe('operator decisions on the review list', () => {
  let pair: PairWithPools;
  let ca: Pool;
  beforeAll(async () => {
    pair = await pairWithPools();
    ca = pair.db.CA;
    await capture(pair.CA, [
      twin('r-a1', 'Schmidt', 'C5551111', 'CA-LACOLLE', '2026-12-20T08:00:00Z'),
      twin('r-a2', 'Schmidt', 'C7772222', 'CA-LACOLLE', '2026-12-20T09:00:00Z'),
      twin('r-b1', 'Hoffmann', 'C1112223', 'CA-LACOLLE', '2026-12-20T10:00:00Z'),
      twin('r-b2', 'Hoffmann', 'C4445556', 'CA-LACOLLE', '2026-12-20T11:00:00Z'),
    ]);
    await capture(pair.US, [
      twin('r-xa', 'Schmidt', 'C9993333', 'US-CHAMPLAIN', '2026-12-21T08:00:00Z'),
      twin('r-xb', 'Hoffmann', 'C8887779', 'US-CHAMPLAIN', '2026-12-21T09:00:00Z'),
    ]);
    const result = await runExchangeCycle(pair.US.ctx.temporal, pair.US.config, {
      from: 'US',
      to: 'CA',
      window: '2026-12-21',
      options: { ackTimeout: '3 seconds', ackOverdueAfter: 2 },
    });
    expect(result).toMatchObject({ sent: 2, accepted: 2 });
  });
  afterAll(async () => {
    await pair?.stop();
  });

  const listed = async () =>
    (await cli(pair, ['review', '--node', 'ca', '--json'])).stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { exit_id: string; entry_id: string; reason: string });

  it('lists the ambiguous pairs, then accepts one: a match by the operator, audited, and the stay closed by the exit', async () => {
    const before = await listed();
    expect(before.map((i) => i.exit_id).sort()).toEqual(['r-xa', 'r-xb']);
    const itemA = before.find((i) => i.exit_id === 'r-xa')!;
    expect(itemA.reason).toBe('ambiguous');

    const accept = ['review', 'decide', '--node', 'ca', '--exit', 'r-xa', '--entry', itemA.entry_id];
    const done = await cli(pair, [...accept, '--accept', '--reason', 'passport renewal on file', '--by', 'officer.k']);
    expect(done.code).toBe(0);
    expect(lastJson(done.stdout)).toEqual({
      exit_id: 'r-xa',
      entry_id: itemA.entry_id,
      decision: 'accepted',
      changed: true,
      stay_signalled: true,
    });
    const { rows: matches } = await ca.query(
      "SELECT entry_id, method, evidence->>'decided_by' AS by FROM matches WHERE exit_id = 'r-xa'",
    );
    expect(matches).toEqual([{ entry_id: itemA.entry_id, method: 'operator', by: 'officer.k' }]);
    const { rows: audit } = await ca.query(
      "SELECT actor, record_ids FROM audit_log WHERE action = 'match.review-accepted'",
    );
    expect(audit).toEqual([{ actor: 'officer.k', record_ids: ['r-xa', itemA.entry_id] }]);
    const stay = pair.CA.ctx.temporal.workflow.getHandle(stayWorkflowId('CA', itemA.entry_id));
    let state = await stay.query(stayStateQuery);
    for (let i = 0; i < 50 && state.exit?.exitId !== 'r-xa'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      state = await stay.query(stayStateQuery);
    }
    expect(state.exit).toMatchObject({ exitId: 'r-xa', matchedBy: 'operator' });
    expect((await listed()).map((i) => i.exit_id)).toEqual(['r-xb']);

    // The same decision again changes nothing; the opposite one is refused.
    const again = await cli(pair, [...accept, '--accept', '--reason', 'double click']);
    expect(lastJson(again.stdout)).toMatchObject({ changed: false, stay_signalled: false });
    const reverse = await cli(pair, [...accept, '--reject', '--reason', 'second thoughts']);
    expect(reverse.code).not.toBe(0);
    expect(reverse.stderr).toMatch(/already accepted; a decision is not reversed here/);
    expect(await ca.query("SELECT 1 FROM matches WHERE exit_id = 'r-xa'").then((r) => r.rowCount)).toBe(1);
  });

  it('rejects a pair: it leaves the list and nothing is matched', async () => {
    const itemB = (await listed()).find((i) => i.exit_id === 'r-xb')!;
    const rejected = await cli(pair, [
      'review',
      'decide',
      '--node',
      'ca',
      '--exit',
      'r-xb',
      '--entry',
      itemB.entry_id,
      '--reject',
      '--reason',
      'different traveller per interview',
    ]);
    expect(rejected.code).toBe(0);
    expect(lastJson(rejected.stdout)).toMatchObject({ decision: 'rejected', changed: true, stay_signalled: false });
    expect(await ca.query("SELECT 1 FROM matches WHERE exit_id = 'r-xb'").then((r) => r.rowCount)).toBe(0);
    expect(await listed()).toEqual([]);
    const { rows } = await ca.query(
      "SELECT decision, decision_reason FROM match_review WHERE exit_id = 'r-xb' AND entry_id = $1",
      [itemB.entry_id],
    );
    expect(rows).toEqual([{ decision: 'rejected', decision_reason: 'different traveller per interview' }]);
  });

  it('refuses unknown pairs, a missing or double verdict and a short reason, with a reason and no change', async () => {
    const base = ['review', 'decide', '--node', 'ca', '--exit', 'r-xb', '--entry', 'r-nobody'];
    const unknown = await cli(pair, [...base, '--accept', '--reason', 'looks right']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(
      /no review item pairs exit r-xb with entry r-nobody; list them with: entry-exit review --node ca/,
    );
    const neither = await cli(pair, [...base, '--reason', 'looks right']);
    expect(neither.stderr).toMatch(/give exactly one of --accept or --reject/);
    const both = await cli(pair, [...base, '--accept', '--reject', '--reason', 'looks right']);
    expect(both.stderr).toMatch(/give exactly one of --accept or --reject/);
    const terse = await cli(pair, [...base, '--accept', '--reason', 'ok']);
    expect(terse.stderr).toMatch(/a reason of 3 to 500 characters is required/);
    expect(await ca.query("SELECT 1 FROM matches WHERE exit_id = 'r-xb'").then((r) => r.rowCount)).toBe(0);
    // Nothing personal in any message.
    for (const out of [unknown, neither, both, terse])
      expect(out.stderr).not.toMatch(/Schmidt|Hoffmann|1985-01-09|C555/);
  });
});
