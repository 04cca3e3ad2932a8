// Correction of an own entry, over HTTP and through the CLI, against a real node and database:
// row amended and re-validated, version bumped, content hash recomputed, audit with field names
// and reason but never values; bad field names and values refused with clear reasons.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { applyCorrection, contentHash, CorrectionError, parseFieldArguments } from '../src/privacy/correction';
import { withCheckDigit } from '../src/record/check-digit';
import { isolatedPairEnv, operatorAuth, startTestNode, type TestNode } from './support/nodes';

const run = promisify(execFile);
const DOC = withCheckDigit('K1234567');
const ENTRY = {
  id: 'us-e-100',
  surname: 'HALVORSEN',
  first_name: 'INGRID',
  middle_names: '',
  date_of_birth: '1980-07-14',
  citizenship: 'NOR',
  sex: 'F',
  document_type: 'P',
  document_number: DOC,
  document_issuer: 'NOR',
  port_of_entry: 'US-BLAINE-PH',
  entered_at: '2026-11-20T15:00:00.000Z',
  category: 'visitor',
  admit_until: '2027-05-19',
} as const;

describe('correction: pure rules', () => {
  it('reads --field value pairs and refuses unknown fields, the id, duplicates and missing values', () => {
    expect(parseFieldArguments(['--surname', 'SMITH', '--date-of-birth', '1980-01-02'])).toEqual({
      surname: 'SMITH',
      date_of_birth: '1980-01-02',
    });
    const problems = (args: string[]) => {
      try {
        parseFieldArguments(args);
        return [];
      } catch (err) {
        return (err as CorrectionError).problems;
      }
    };
    expect(problems(['--shoe-size', '44'])[0]).toMatch(
      /"shoe_size" is not a field of an entry; correctable fields: surname/,
    );
    expect(problems(['--id', 'x'])[0]).toMatch(/id cannot be corrected/);
    expect(problems(['--surname', 'A', '--surname', 'B'])).toContain('surname is given twice');
    expect(problems(['--surname'])[0]).toMatch(/surname has no value/);
    expect(problems([])[0]).toMatch(/nothing to correct/);
  });

  it('validates the amended record like a capture, naming fields, never values', () => {
    const { entry, changedFields } = applyCorrection(ENTRY, { surname: 'Halvorsen-Berg', sex: 'f' });
    expect(entry.surname).toBe('Halvorsen-Berg');
    expect(changedFields).toEqual(['surname']); // 'f' normalises to the same 'F'
    expect(contentHash(entry)).not.toBe(contentHash({ ...entry, surname: 'HALVORSEN' }));
    expect(() => applyCorrection(ENTRY, { document_number: 'K1234$670' })).toThrow(
      /document_number must be letters A-Z and digits 0-9 only/,
    );
    expect(() => applyCorrection(ENTRY, { date_of_birth: '1980-02-30' })).toThrow(/date_of_birth must be a real date/);
    const err = (() => {
      try {
        applyCorrection(ENTRY, { surname: 'R0B3RT' });
      } catch (e) {
        return e as Error;
      }
    })()!;
    expect(err.message).toMatch(/surname has characters/);
    expect(err.message).not.toContain('R0B3RT');
    expect(() => applyCorrection(ENTRY, { surname: 'HALVORSEN' })).toThrow(/nothing changes/);
  });
});

describe('correction against a node', () => {
  let env: Record<string, string>;
  let us: TestNode;
  const auth = () => ({ ...operatorAuth(us, 'officer'), 'content-type': 'application/json' });

  beforeAll(async () => {
    env = await isolatedPairEnv();
    us = await startTestNode('US', env);
    const e = ENTRY;
    await us.ctx.pool.query(
      `INSERT INTO entries (id, surname, first_name, middle_names, date_of_birth, citizenship, sex, document_type, document_number,
         document_issuer, port_of_entry, entered_at, category, admit_until, content_hash, has_stay)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,true)`,
      [
        e.id,
        e.surname,
        e.first_name,
        e.middle_names,
        e.date_of_birth,
        e.citizenship,
        e.sex,
        e.document_type,
        e.document_number,
        e.document_issuer,
        e.port_of_entry,
        e.entered_at,
        e.category,
        e.admit_until,
        contentHash(applyCorrection(ENTRY, { surname: 'X' }).entry),
      ],
    );
  });
  afterAll(async () => us?.shutdown());

  it('amends the row over HTTP: version bumped, hash recomputed, audited with field names and reason', async () => {
    const res = await fetch(`${us.urls.operator}/records/${ENTRY.id}/corrections`, {
      method: 'POST',
      headers: auth(),
      body: JSON.stringify({
        changes: { surname: 'HALVORSEN-BERG', date_of_birth: '1980-07-15' },
        reason: 'traveller request CR-2026-0042',
      }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ recordId: ENTRY.id, version: 2, fields: ['surname', 'date_of_birth'] });
    const { rows } = await us.ctx.pool.query(
      `SELECT surname, to_char(date_of_birth, 'YYYY-MM-DD') AS dob, version, content_hash FROM entries WHERE id = $1`,
      [ENTRY.id],
    );
    expect(rows[0]).toMatchObject({ surname: 'HALVORSEN-BERG', dob: '1980-07-15', version: 2 });
    expect(rows[0].content_hash).toBe(
      contentHash(applyCorrection(ENTRY, { surname: 'HALVORSEN-BERG', date_of_birth: '1980-07-15' }).entry),
    );
    const audit = await us.ctx.pool.query(
      `SELECT actor, purpose, record_ids, details FROM audit_log WHERE action = 'record.corrected'`,
    );
    expect(audit.rows).toEqual([
      {
        actor: 'demo-officer',
        purpose: 'correction',
        record_ids: [ENTRY.id],
        details: { fields: 'surname,date_of_birth', reason: 'traveller request CR-2026-0042', version: 2, via: 'api' },
      },
    ]);
    expect(JSON.stringify(audit.rows)).not.toContain('HALVORSEN-BERG');
    expect(JSON.stringify(audit.rows)).not.toContain('1980-07-15');
  });

  it('refuses bad corrections with reasons and changes nothing', async () => {
    const post = (id: string, body: unknown, headers: Record<string, string> = auth()) =>
      fetch(`${us.urls.operator}/records/${id}/corrections`, { method: 'POST', headers, body: JSON.stringify(body) });
    const unknownField = await post(ENTRY.id, { changes: { eye_colour: 'blue' }, reason: 'request 1' });
    expect(unknownField.status).toBe(422);
    expect(((await unknownField.json()) as { problems: string[] }).problems[0]).toMatch(
      /"eye_colour" is not a field of an entry/,
    );
    const badValue = await post(ENTRY.id, { changes: { port_of_entry: 'ATLANTIS' }, reason: 'request 1' });
    expect(badValue.status).toBe(422);
    expect(((await badValue.json()) as { problems: string[] }).problems).toEqual([
      'port_of_entry is not a known land port code (see `npx entry-exit ports`)',
    ]);
    expect((await post(ENTRY.id, { changes: { surname: 'A' } })).status).toBe(400);
    expect((await post('nobody', { changes: { surname: 'A' }, reason: 'request 1' })).status).toBe(404);
    expect(
      (await post(ENTRY.id, { changes: { surname: 'A' }, reason: 'request 1' }, { 'content-type': 'application/json' }))
        .status,
    ).toBe(401);
    const { rows } = await us.ctx.pool.query('SELECT version FROM entries WHERE id = $1', [ENTRY.id]);
    expect(rows[0].version).toBe(2);
  });

  it('works from the CLI too (npx entry-exit correct ...)', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-'));
    const cli = (args: string[]) =>
      run(
        process.execPath,
        [require.resolve('tsx/cli'), path.join(__dirname, '..', 'src', 'cli', 'main.ts'), ...args],
        {
          env: { ...process.env, ...env, DATA_DIR: dataDir, LOG_SILENT: '1' },
        },
      ).then(
        (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
        (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
      );
    const ok = await cli([
      'correct',
      ENTRY.id,
      '--node',
      'us',
      '--first-name',
      'INGRID MARIE',
      '--reason',
      'request CR-43',
      '--by',
      'officer-3',
    ]);
    expect(ok.stderr).toBe('');
    expect(JSON.parse(ok.stdout)).toEqual({ recordId: ENTRY.id, version: 3, fields: ['first_name'] });
    const bad = await cli(['correct', ENTRY.id, '--node', 'us', '--hair', 'red', '--reason', 'request CR-44']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/correction refused:\n {2}- "hair" is not a field of an entry/);
    const partner = await cli(['correct', 'no-such', '--node', 'us', '--surname', 'X', '--reason', 'request CR-45']);
    expect(partner.stderr).toMatch(/no entry with id "no-such"/);
  }, 60_000);
});
