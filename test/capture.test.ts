// POST /entries on a real node: all-or-nothing per request, idempotent on id, conflicts refused.
import type { Pool } from 'pg';
import { Client } from '@temporalio/client';
import { admissionFor } from '../src/admission/rules';
import { captureEntries } from '../src/capture/capture';
import { simulateTraffic, type SimulatedEntry } from '../src/simulator/generate';
import { assertionPool, startTestNode, isolatedPairEnv, type TestNode } from './support/nodes';
import { postEntries } from './support/capture';

/** The simulated US entries as if all were captured at one port (each request comes from one port). */
function onePort<T extends { US: SimulatedEntry[] }>(traffic: T): T {
  const port = traffic.US[0].port_of_entry;
  return { ...traffic, US: traffic.US.map((r) => ({ ...r, port_of_entry: port })) };
}

/** Whether the US node watches this entry with a stay (a lawful admission period). */
const hasAdmissionPeriod = (r: SimulatedEntry) =>
  admissionFor('US', {
    category: r.category ?? null,
    citizenship: r.citizenship,
    admitUntil: r.admit_until ?? null,
    enteredAt: r.entered_at,
  }).admitUntil !== null;

describe('entry capture (POST /entries)', () => {
  let node: TestNode;
  let db: Pool;
  // One port's traffic: a port's credential submits that port's entries only (test/security.test.ts).
  const traffic = onePort(simulateTraffic({ from: '2026-11-27', days: 1, perDay: 60, seed: 21 }));
  const post = (body: unknown) => postEntries(node, body);
  const stored = async () => Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM entries')).rows[0].n);

  beforeAll(async () => {
    node = await startTestNode('US', await isolatedPairEnv());
    db = assertionPool(node);
  });
  afterAll(async () => {
    await db?.end();
    await node?.shutdown();
  });

  it('stores one record, an array, or {"records": [...]}, and the normalised values', async () => {
    const [a, b, c, d] = traffic.US;
    // Written forms are normalised before storing (and before comparing content): lower case, spaces in the number.
    expect(
      (
        await post({
          ...a,
          document_issuer: a.document_issuer.toLowerCase(),
          sex: a.sex.toLowerCase(),
          document_number: ` ${a.document_number.slice(0, 4)} ${a.document_number.slice(4)}`,
        })
      ).status,
    ).toBe(201);
    expect((await post([b, c])).status).toBe(201);
    const res = await post({ records: [d] });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ stored: 1, already: 0 });
    const { rows } = await db.query(
      'SELECT id, document_issuer, document_number, category, content_hash, version, has_stay FROM entries WHERE id = $1',
      [a.id],
    );
    expect(rows[0]).toMatchObject({
      document_issuer: a.document_issuer,
      document_number: a.document_number,
      category: a.category,
      version: 1,
      // Capture hands new entries to the stays: a traveller with an admission period is watched.
      has_stay: hasAdmissionPeriod(a),
    });
    expect(rows[0].content_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('accepts the same id with the same content again, without storing it twice', async () => {
    const before = await stored();
    const res = await post({ records: traffic.US.slice(0, 4) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ stored: 0, already: 4 });
    expect(await stored()).toBe(before);
  });

  it('refuses the same id with other content (409) and points to the correction flow; nothing stored', async () => {
    const before = await stored();
    const changed = { ...traffic.US[0], first_name: 'Someone Else' };
    const res = await post({ records: [traffic.US[5], changed] });
    expect(res.status).toBe(409);
    const body = (await res.json()) as {
      error: string;
      records: Array<{ index: number; id: string; problems: string[] }>;
    };
    expect(body.records).toEqual([
      { index: 1, id: traffic.US[0].id, problems: [expect.stringMatching(/use the correction flow/)] },
    ]);
    expect(JSON.stringify(body)).not.toContain('Someone Else');
    expect(await stored()).toBe(before);
  });

  it('is all-or-nothing: one invalid record refuses the request, with a reason per record and no values echoed', async () => {
    const before = await stored();
    const good = traffic.US[6];
    // A number no document prints (a $ sign); numbers are taken as printed, without check digits (docs/rules.md).
    const badDigit = { ...traffic.US[7], document_number: 'X1234$670' };
    const otherCountry = { ...traffic.US[8], port_of_entry: 'CA-LACOLLE' };
    const extraField = { ...traffic.US[9], licence_plate: 'ABC 123' };
    const res = await post([good, badDigit, otherCountry, extraField, { ...good }]);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; records: Array<{ index: number; problems: string[] }> };
    expect(body.error).toMatch(/4 of 5 records are invalid; nothing was stored/);
    expect(body.records.map((r) => r.index)).toEqual([1, 2, 3, 4]);
    expect(body.records[0].problems.join()).toMatch(/document_number must be letters A-Z and digits 0-9 only/);
    expect(body.records[1].problems.join()).toMatch(/port_of_entry is a CA port; this is the US node/);
    expect(body.records[2].problems.join()).toMatch(/outside the agreed data elements: "licence_plate"/);
    expect(body.records[3].problems.join()).toMatch(/id is used twice in this request/);
    expect(JSON.stringify(body)).not.toMatch(/X1234\$670|ABC 123/);
    expect(await stored()).toBe(before);
  });

  it('says what to send when the body is not records', async () => {
    for (const body of ['"text"', '42', 'null', '{"records": "x"}']) {
      const res = await postEntries(node, undefined, { raw: body });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(/send one record/);
    }
    const empty = await post([]);
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: string }).error).toMatch(/no records in the request/);
  });

  it('answers 503 when Temporal cannot start the stays, keeps the entries, and the same request again starts them', async () => {
    const visitor = traffic.US.slice(20).find(hasAdmissionPeriod)!;
    // A namespace that does not exist: what the capture saw when an overloaded server lost its namespaces.
    const lost = new Client({ connection: node.ctx.temporal.connection, namespace: 'no-such-namespace' });
    const failed = await captureEntries({ ...node.ctx, temporal: lost, stayStarter: undefined }, [visitor]);
    expect(failed).toMatchObject({ ok: false, status: 503, stored: 1, already: 0 });
    expect(!failed.ok && failed.error).toMatch(
      /stored, but starting their stays failed .* send the same request again/,
    );
    const hasStay = async () =>
      (await db.query<{ has_stay: boolean }>('SELECT has_stay FROM entries WHERE id = $1', [visitor.id])).rows[0]
        ?.has_stay;
    expect(await hasStay()).toBe(false);

    const again = await post({ records: [visitor] });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ stored: 0, already: 1 });
    expect(await hasStay()).toBe(true);
    const { rows } = await db.query<{ workflow_id: string }>('SELECT workflow_id FROM stays WHERE entry_id = $1', [
      visitor.id,
    ]);
    const described = await node.ctx.temporal.workflow.getHandle(rows[0].workflow_id).describe();
    expect(described.status.name).toBe('RUNNING');
  });
});
