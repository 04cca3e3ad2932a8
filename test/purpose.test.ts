// Purpose limitation: a read of traveller data names a purpose from the fixed list, or is refused;
// every read is audited with who, when, what and why.
import { auditRead, PURPOSES, PurposeError, requirePurpose } from '../src/privacy/purpose';
import { isolatedPairEnv, operatorAuth, startTestNode, type TestNode } from './support/nodes';

describe('purposes', () => {
  it('accepts exactly the fixed list', () => {
    expect(Object.keys(PURPOSES)).toEqual([
      'overstay-review',
      'removal-monitoring',
      'residency-verification',
      'correction',
    ]);
    for (const p of Object.keys(PURPOSES)) expect(requirePurpose(p)).toBe(p);
    expect(() => requirePurpose(undefined)).toThrow(
      /a purpose is required to read traveller data; give one of: overstay-review/,
    );
    expect(() => requirePurpose('')).toThrow(PurposeError);
    expect(() => requirePurpose('curiosity')).toThrow(/"curiosity" is not a recognised purpose/);
    expect(() => requirePurpose('toString')).toThrow(PurposeError);
    expect(() => requirePurpose('x'.repeat(500))).toThrow(`"${'x'.repeat(40)}" is not a recognised purpose`);
  });
});

describe('GET /records/:id', () => {
  let us: TestNode;
  let env: Record<string, string>;
  // An X-Operator header names someone else: the audit must ignore it and name the credential's holder.
  const auth = (role: 'reader' | 'officer' = 'reader') => ({ ...operatorAuth(us, role), 'x-operator': 'someone-else' });

  beforeAll(async () => {
    env = await isolatedPairEnv();
    us = await startTestNode('US', env);
    await us.ctx.pool.query(
      `INSERT INTO entries (id, surname, first_name, date_of_birth, citizenship, sex, document_type, document_number, document_issuer,
         port_of_entry, entered_at, category, content_hash) VALUES ('e-1', 'MORALES', 'LUZ', '1990-01-02', 'MEX', 'F', 'P', 'L898902C3', 'MEX',
         'US-BLAINE-PH', '2026-11-01T10:00:00Z', 'visitor', 'h')`,
    );
    await us.ctx.pool.query(
      `INSERT INTO exits (id, surname, first_name, date_of_birth, citizenship, sex, document_type, document_number, document_issuer,
         port_of_entry, exited_at, batch_id, content_hash) VALUES ('ca-9', 'MORALES', 'LUZ', '1990-01-02', 'MEX', 'F', 'P', 'L898902C3', 'MEX',
         'CA-PACIFIC-HWY', '2026-11-20T10:00:00Z', 'b-7', 'h')`,
    );
  });
  afterAll(async () => us?.shutdown());

  it('refuses a read without a purpose, or with one not on the list, and audits nothing', async () => {
    const none = await fetch(`${us.urls.operator}/records/e-1`, { headers: auth() });
    expect(none.status).toBe(400);
    expect(((await none.json()) as { error: string }).error).toMatch(/a purpose is required/);
    const bad = await fetch(`${us.urls.operator}/records/e-1?purpose=marketing`, { headers: auth() });
    expect(bad.status).toBe(400);
    const noToken = await fetch(`${us.urls.operator}/records/e-1?purpose=overstay-review`);
    expect(noToken.status).toBe(401);
    const audit = await us.ctx.pool.query(`SELECT 1 FROM audit_log WHERE action LIKE 'read.%'`);
    expect(audit.rowCount).toBe(0);
  });

  it('returns the record for a named purpose and audits who, when, what and why', async () => {
    const before = new Date(Date.now() - 1000);
    const res = await fetch(`${us.urls.operator}/records/e-1?purpose=overstay-review`, { headers: auth('reader') });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { kind: string; purpose: string; record: Record<string, unknown> };
    expect(body).toMatchObject({
      kind: 'entry',
      purpose: 'overstay-review',
      record: { id: 'e-1', surname: 'MORALES', date_of_birth: '1990-01-02', entered_at: '2026-11-01T10:00:00.000Z' },
    });
    const exit = await fetch(`${us.urls.operator}/records/ca-9?purpose=removal-monitoring`, {
      headers: auth('officer'),
    });
    expect(((await exit.json()) as { kind: string }).kind).toBe('exit');
    expect((await fetch(`${us.urls.operator}/records/nope?purpose=correction`, { headers: auth() })).status).toBe(404);
    const { rows } = await us.ctx.pool.query(
      `SELECT at, actor, action, purpose, record_ids, details FROM audit_log WHERE action LIKE 'read.%' ORDER BY id`,
    );
    expect(rows.map(({ at: _at, ...r }) => r)).toEqual([
      {
        actor: 'demo-reader',
        action: 'read.entry',
        purpose: 'overstay-review',
        record_ids: ['e-1'],
        details: { via: 'api' },
      },
      {
        actor: 'demo-officer',
        action: 'read.exit',
        purpose: 'removal-monitoring',
        record_ids: ['ca-9'],
        details: { via: 'api' },
      },
    ]);
    expect(rows[0].at.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(JSON.stringify(rows)).not.toContain('MORALES');
    expect(JSON.stringify(rows)).not.toContain('someone-else');
  });

  it('auditRead writes counts and ids only', async () => {
    await auditRead(us.ctx.pool, {
      actor: 'cli:ops',
      purpose: 'residency-verification',
      what: 'entry',
      recordIds: ['e-1', 'e-2'],
      via: 'cli',
    });
    const { rows } = await us.ctx.pool.query(`SELECT counts, record_ids FROM audit_log WHERE actor = 'cli:ops'`);
    expect(rows).toEqual([{ counts: { records: 2 }, record_ids: ['e-1', 'e-2'] }]);
  });
});
