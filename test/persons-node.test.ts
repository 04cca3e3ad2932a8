// The person index end to end, both nodes in this process (real Temporal, PostgreSQL, HTTP between
// them). A Canadian who is a US permanent resident enters the US on a green card and Canada on her
// passport: the US node's exits of her are the CA node's entries on the passport, so by document
// alone she has no exits at all. Linked into one person, the US node's residency answer equals the
// one-document answer (a control traveller making the same trips on one passport) and the
// applicant calculator's answer for the same crossings. A removal order on someone with no US entry
// is confirmed by their departure; an operator splits a wrong link and merges a review item, audited.
import type { Pool } from 'pg';
import { utcDay } from '../src/calendar';
import { runExchangeCycle } from '../src/exchange/cycle-client';
import { withCheckDigit } from '../src/record/check-digit';
import { calcFromFiles } from '../src/residency/applicant';
import { capture } from './support/capture';
import { cli, lastJson } from './support/cli';
import { operatorAuth, operatorName, pairWithPools, type PairWithPools } from './support/nodes';
import type { SimulatedEntry } from '../src/simulator/generate';

process.env.LOG_SILENT = '1';
const FAST = { ackTimeout: '3 seconds', ackOverdueAfter: 2 } as const;
const DAY = 86_400_000;

describe('one person across documents, end to end', () => {
  let pair: PairWithPools;
  let us: Pool;
  let now: number;
  const at = (daysAgo: number, hourUtc = 15) =>
    new Date(Math.floor((now - daysAgo * DAY) / DAY) * DAY + hourUtc * 3_600_000).toISOString();

  const josee = {
    surname: 'Tremblay',
    first_name: 'Josée',
    middle_names: '',
    date_of_birth: '1979-11-02',
    citizenship: 'CAN',
    sex: 'F',
  };
  const greenCard = { document_type: 'PR', document_number: 'SRC4471902113', document_issuer: 'USA' };
  const passport = { document_type: 'P', document_number: 'AB582041', document_issuer: 'CAN' };
  const control = {
    surname: 'Lindqvist',
    first_name: 'Henrik',
    middle_names: '',
    date_of_birth: '1985-04-23',
    citizenship: 'SWE',
    sex: 'M',
    document_type: 'P',
    document_number: withCheckDigit('SE7730115'),
    document_issuer: 'SWE',
  };
  // Days ago of each crossing: into the US, then into Canada (= out of the US), and so on. The last
  // crossing into Canada is in the evening (23:30 UTC), so it stays on its day.
  const trips: Array<['US' | 'CA', number, number?]> = [
    ['US', 400],
    ['CA', 300],
    ['US', 250],
    ['CA', 100, 23.5],
    ['US', 60],
  ];
  const usPort = { US: 'US-BLAINE-PH', CA: 'CA-PACIFIC-HWY' } as const;
  // Someone who flew into the US (no US entry) and is ordered removed; he leaves by land.
  const novak = {
    surname: 'Novak',
    first_name: 'Petr',
    date_of_birth: '1990-01-31',
    citizenship: 'CZE',
    sex: 'M',
    document_type: 'P',
    document_number: withCheckDigit('CZ5512340'),
    document_issuer: 'CZE',
  };

  function crossingsOf(prefix: string, who: object, docs: { US: object; CA: object }) {
    return trips.map(([country, daysAgo, hour], i): ['US' | 'CA', SimulatedEntry] => [
      country,
      {
        ...(who as Omit<SimulatedEntry, 'id'>),
        ...(docs[country] as object),
        id: `${prefix}-${country}-${i}`,
        port_of_entry: usPort[country],
        entered_at: at(daysAgo, hour),
        category: country === 'US' ? 'permanent_resident' : who === josee ? 'citizen' : 'visitor',
      } as SimulatedEntry,
    ]);
  }

  const api = (path: string, body?: unknown) =>
    fetch(`${pair.US.urls.operator}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      // The audit's actor is the operator the credential names, never a header.
      headers: { 'content-type': 'application/json', ...operatorAuth(pair.US, 'officer') },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    pair = await pairWithPools();
    us = pair.db.US;
    now = pair.US.clock.now().getTime();
    const all = [
      ...crossingsOf('J', josee, { US: greenCard, CA: passport }),
      ...crossingsOf('K', control, { US: {}, CA: {} }),
    ];
    await capture(
      pair.US,
      all.filter(([c]) => c === 'US').map(([, e]) => e),
    );
    await capture(
      pair.CA,
      all.filter(([c]) => c === 'CA').map(([, e]) => e),
    );
    await capture(pair.CA, [
      {
        ...novak,
        id: 'R-CA-1',
        middle_names: '',
        port_of_entry: 'CA-PACIFIC-HWY',
        entered_at: at(3),
        category: 'visitor',
      },
    ]);
  }, 120_000);
  afterAll(async () => {
    await pair?.stop();
  });

  const residency = async (doc: { document_number: string; document_issuer: string }) => {
    const res = await api('/residency', {
      rule: 'us-naturalisation',
      as_of: utcDay(new Date(now)),
      pr_since: utcDay(new Date(now - 2000 * DAY)),
      purpose: 'residency-verification',
      ...doc,
    });
    expect(res.status).toBe(200);
    return (await res.json()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- a JSON body, asserted field by field
  };

  it('before the exchange, the green card alone has no exits', async () => {
    const report = await residency(greenCard);
    expect(report.person).toMatchObject({ entries: 3, exits: 0 });
  });

  it('after the exchange, green card one way and passport the other count as the one-document traveller does', async () => {
    // A removal order on the traveller with no US record, placed by identity before he leaves.
    const order = await api('/persons/removal-order', {
      order_id: 'RO-2026-0415',
      depart_by: utcDay(new Date(now + 30 * DAY)),
      issued_on: utcDay(new Date(now - 10 * DAY)),
      identity: { ...novak, surname: 'NOVAK', first_name: 'PETR' }, // as the order writes it
    });
    expect(order.status).toBe(201);
    expect(await order.json()).toMatchObject({ order_id: 'RO-2026-0415', status: 'pending', departure_exit_id: null });

    const window = utcDay(new Date(now - DAY));
    const sent = await runExchangeCycle(pair.CA.ctx.temporal, pair.CA.config, {
      from: 'CA',
      to: 'US',
      window,
      options: FAST,
    });
    expect(sent).toMatchObject({ sent: 5 }); // her two crossings into Canada, the control's two, and his one

    const josée = await residency(passport); // her passport finds her too: it is on her exits
    const byGreenCard = await residency(greenCard);
    const oneDocument = await residency({
      document_number: control.document_number,
      document_issuer: control.document_issuer,
    });
    expect(josée.person).toMatchObject({ records: 5, entries: 3, exits: 2 });
    expect(byGreenCard.person.id).toBe(josée.person.id);
    expect(oneDocument.person).toMatchObject({ records: 5, entries: 3, exits: 2 });
    const answer = (r: Record<string, unknown>) => ({
      window_start: r.window_start,
      window_end: r.window_end,
      days_present: r.days_present,
      days_required: r.days_required,
      meets: r.meets,
      reasons: r.reasons,
      earliest_date_met: r.earliest_date_met,
      absences: r.absences,
      gaps: r.gaps,
    });
    expect(answer(josée)).toEqual(answer(oneDocument));
    expect(josée.gaps).toEqual([]);

    // And the applicant's own calculator, from the same crossings, gives the same answer.
    const text = trips
      .map(([country, daysAgo, hour]) =>
        JSON.stringify({ kind: country === 'US' ? 'entry' : 'exit', at: at(daysAgo, hour) }),
      )
      .join('\n');
    const calc = calcFromFiles(
      { rule: 'us-naturalisation', asOf: utcDay(new Date(now)), prSince: utcDay(new Date(now - 2000 * DAY)) },
      { crossings: { name: 'c.jsonl', text } },
    );
    expect(answer({ ...calc, gaps: [] })).toEqual(answer(josée));
    // Hand count: present from 400 to 300 days ago, 250 to 100, and 60 to yesterday (inclusive).
    expect(josée.days_present).toBe(101 + 151 + 60);

    // The officer's comparison: she declared one trip a day short and forgot the other.
    const compared = await api('/residency/compare', {
      ...greenCard,
      as_of: utcDay(new Date(now)),
      purpose: 'residency-verification',
      declared: { absences: [{ from: utcDay(new Date(at(300))), to: utcDay(new Date(at(251))) }] },
    });
    expect(compared.status).toBe(200);
    const differences = ((await compared.json()) as { differences: Array<{ kind: string; days_difference: number }> })
      .differences;
    expect(differences.map((d) => [d.kind, d.days_difference])).toEqual([
      ['return_day_differs', 1],
      ['absence_not_declared', 39], // 99..61 days ago
    ]);

    // The removal order is confirmed by his departure (the CA entry is the US exit), and audited.
    const orders = (await (await api(`/persons/removal-orders?as_of=${utcDay(new Date(now))}`)).json()) as {
      orders: Array<Record<string, unknown>>;
    };
    expect(orders.orders).toEqual([
      expect.objectContaining({
        order_id: 'RO-2026-0415',
        status: 'departed',
        departure_exit_id: 'R-CA-1',
        departed_on: utcDay(new Date(at(3))),
      }),
    ]);
    const audit = await us.query(
      `SELECT record_ids, details FROM audit_log WHERE action = 'removal.departure-confirmed'`,
    );
    expect(audit.rows).toEqual([
      { record_ids: ['R-CA-1'], details: expect.objectContaining({ order_id: 'RO-2026-0415', on_time: true }) },
    ]);
  });

  it('an operator splits a wrong link (audited), and the split records stay apart', async () => {
    const lookup = await api('/persons/lookup', { ...greenCard, purpose: 'residency-verification' });
    const person = (await lookup.json()) as {
      person_id: string;
      records: Array<{ record_id: string; kind: string; method: string; evidence: object }>;
    };
    expect(person.records.map((r) => r.record_id).sort()).toEqual(['J-CA-1', 'J-CA-3', 'J-US-0', 'J-US-2', 'J-US-4']);
    const exitLink = person.records.find((r) => r.record_id === 'J-CA-1')!;
    expect(exitLink).toMatchObject({ kind: 'exit', method: 'evidence' });
    expect(JSON.stringify(person)).not.toMatch(/TREMBLAY|Josée|1979-11-02|GC4471902|AB582041/i);

    const split = await api(`/persons/${person.person_id}/split`, {
      records: ['J-CA-3'],
      reason: 'case 15-22: not her crossing',
    });
    expect(split.status).toBe(200);
    const result = (await split.json()) as { new_person_id: string };
    const after = await residency(greenCard);
    expect(after.person).toMatchObject({ entries: 3, exits: 1 });
    expect(after.gaps.map((g: { kind: string }) => g.kind)).toEqual(['exit_missing']);
    const audit = await us.query(`SELECT actor, record_ids, details FROM audit_log WHERE action = 'person.split'`);
    expect(audit.rows).toEqual([
      {
        actor: operatorName('officer'),
        record_ids: ['J-CA-3'],
        details: { from_person: person.person_id, to_person: result.new_person_id },
      },
    ]);
    // A later linking run leaves the split record where the operator put it.
    await api('/persons/review');
    const row = await us.query('SELECT person_id FROM person_records WHERE exit_id = $1', ['J-CA-3']);
    expect(row.rows[0].person_id).toBe(result.new_person_id);
  });

  it('an uncertain link waits for an operator, who merges it (audited)', async () => {
    // The same green card with another birth date: not linked by itself.
    await capture(pair.US, [
      {
        ...josee,
        ...greenCard,
        date_of_birth: '1979-02-11',
        id: 'J-US-9',
        port_of_entry: 'US-BLAINE-PH',
        entered_at: at(2),
        category: 'permanent_resident',
      },
    ]);
    const list = (await (await api('/persons/review')).json()) as { items: Array<Record<string, any>> }; // eslint-disable-line @typescript-eslint/no-explicit-any -- a JSON body
    const item = list.items.find((i) => i.record_id === 'J-US-9');
    expect(item).toMatchObject({ kind: 'entry', reason: 'uncertain' });
    expect(item!.evidence.fields).toMatchObject({ document: 'same', date_of_birth: 'different' });
    // Until then two persons hold that document, and the officer is told to name one.
    const before = await api('/residency', {
      rule: 'us-naturalisation',
      as_of: utcDay(new Date(now)),
      pr_since: '2015-01-01',
      purpose: 'residency-verification',
      ...greenCard,
    });
    expect(before.status).toBe(400);
    expect(((await before.json()) as { error: string }).error).toMatch(
      /held by 2 persons on this node .*name the person by id/,
    );
    const decided = await api(`/persons/review/${item!.review_id}/decision`, {
      decision: 'merged',
      reason: 'birth date typo, CR-88',
    });
    expect(decided.status).toBe(200);
    expect(await decided.json()).toMatchObject({ decision: 'merged', person_id: item!.candidate_person, moved: 1 });
    const merged = await residency(greenCard);
    expect(merged.person).toMatchObject({ entries: 4 });
    const audit = await us.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'person.review-merged'`);
    expect(audit.rows[0].n).toBe(1);
  });

  it('the operator CLI gives the same person and the same residency answer', async () => {
    const asOf = utcDay(new Date(now));
    const prSince = utcDay(new Date(now - 2000 * DAY));
    // The green card (her passport is on two persons since the split above).
    const ref = ['--node', 'us', '--document', greenCard.document_number, '--issuer', greenCard.document_issuer];
    const shown = await cli(pair, [
      'persons',
      'show',
      ...ref,
      '--purpose',
      'residency-verification',
      '--by',
      'officer-15',
    ]);
    expect([shown.code, shown.stderr]).toEqual([0, '']);
    const person = lastJson(shown.stdout) as { person_id: string; records: Array<{ record_id: string }> };
    const overHttp = await residency(greenCard);
    expect(person.person_id).toBe(overHttp.person.id);
    const counted = await cli(pair, [
      'residency',
      ...ref,
      '--rule',
      'us-naturalisation',
      '--as-of',
      asOf,
      '--pr-since',
      prSince,
      '--purpose',
      'residency-verification',
    ]);
    expect(counted.code).toBe(0);
    const report = lastJson(counted.stdout);
    expect([report.days_present, report.meets, report.window_start]).toEqual([
      overHttp.days_present,
      overHttp.meets,
      overHttp.window_start,
    ]);
    const orders = lastJson((await cli(pair, ['persons', 'removals', '--node', 'us', '--as-of', asOf])).stdout);
    expect(orders.orders.map((o: { order_id: string; status: string }) => [o.order_id, o.status])).toEqual([
      ['RO-2026-0415', 'departed'],
    ]);
  });

  it('bad requests get a clear 4xx, never a 5xx; no token, 401', async () => {
    const cases: Array<[string, unknown, number, RegExp]> = [
      ['/persons/lookup', {}, 400, /a purpose is required/],
      ['/persons/lookup', { purpose: 'residency-verification' }, 400, /identify the person/],
      ['/persons/lookup', { purpose: 'residency-verification', person_id: 'P-none' }, 404, /no record on the US node/],
      ['/persons/P-none/split', { records: 'J-CA-1', reason: 'abc' }, 400, /records must be a list/],
      ['/persons/P-none/split', { records: ['J-CA-1'], reason: 'abc' }, 400, /no person P-none/],
      ['/persons/review/abc/decision', { decision: 'merged', reason: 'abc' }, 400, /review id is a number/],
      ['/persons/review/999999/decision', { decision: 'merged', reason: 'abc' }, 400, /no review item 999999/],
      ['/persons/review/1/decision', { decision: 'maybe', reason: 'abc' }, 400, /merged or rejected/],
      [
        '/persons/removal-order',
        { order_id: 'RO-1', depart_by: '2027-01-01', person_id: 'P-none' },
        404,
        /give "identity"/,
      ],
      [
        '/persons/removal-order',
        { order_id: 'RO-1', depart_by: '2027-01-01', identity: { surname: 'X' } },
        400,
        /identity.date_of_birth must be/,
      ],
      [
        '/residency/compare',
        { purpose: 'residency-verification', ...greenCard, declared: { absences: 'none' } },
        400,
        /"absences" must be a list/,
      ],
      [
        '/residency',
        { purpose: 'residency-verification', ...greenCard, rule: 'us-naturalisation', as_of: '2026-02-30' },
        400,
        /as-of must be a real date/,
      ],
    ];
    for (const [path, body, status, message] of cases) {
      const res = await api(path, body);
      expect([path, res.status]).toEqual([path, status]);
      expect(((await res.json()) as { error: string }).error).toMatch(message);
    }
    expect((await api('/persons/removal-orders?as_of=2026-13-01')).status).toBe(400);
    const anonymous = await fetch(`${pair.US.urls.operator}/persons/review`);
    expect(anonymous.status).toBe(401);
  });
});
