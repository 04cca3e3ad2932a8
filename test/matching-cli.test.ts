// The fixed contract of `npx entry-exit match`: one JSON line per matched pair, nothing for unmatched
// records, malformed lines reported on stderr by line number and skipped, never a crash.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { withCheckDigit } from '../src/record/check-digit';

const ROOT = path.resolve(__dirname, '..');

function run(args: string[]) {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'entry-exit.js'), 'match', ...args], {
    encoding: 'utf8',
    cwd: ROOT,
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('entry-exit match', () => {
  let dir: string;
  const person = {
    surname: 'Gagnon',
    first_name: 'Marie-Ève',
    date_of_birth: '1988-06-14',
    citizenship: 'CAN',
    sex: 'F',
    document_type: 'P',
    document_number: withCheckDigit('GA123456'),
    document_issuer: 'CAN',
  };
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'match-cli-'));
    const own = [
      JSON.stringify({ id: 'E1', ...person, entered_at: '2026-11-02T10:00:00-05:00' }),
      JSON.stringify({
        id: 'E2',
        surname: 'Okafor',
        first_name: 'Chinedu',
        date_of_birth: '1990-01-31',
        document_number: withCheckDigit('NG778899'),
      }),
      '{"id": "E3", "surname": "Broken", "date_of_birth": "1990-02-31"',
      '',
      JSON.stringify({ surname: 'No Id' }),
      JSON.stringify(['not', 'an', 'object']),
      JSON.stringify({
        id: 'E4',
        surname: 'Tanaka',
        first_name: 'Yuki',
        date_of_birth: '2019-02-30',
        sex: 7,
        document_number: null,
      }),
    ];
    const partner = [
      // Same person: transliterated, middle name dropped, document keyed with one wrong character.
      JSON.stringify({
        id: 'X1',
        ...person,
        first_name: 'MARIE EVE',
        document_number: withCheckDigit('GA123456').replace('4', '9'),
        entered_at: '2026-11-20T16:00:00Z',
      }),
      JSON.stringify({
        id: 'X2',
        surname: 'Okafor',
        first_name: 'Chinedu',
        date_of_birth: '1990-01-31',
        document_number: withCheckDigit('NG778899'),
        entered_at: '',
      }),
      'not json at all',
      JSON.stringify({ id: '', surname: 'Empty Id' }),
      JSON.stringify({ id: 'X9', surname: 'Stranger', first_name: 'Nobody', date_of_birth: '1950-05-05' }),
    ];
    fs.writeFileSync(path.join(dir, 'own.jsonl'), own.join('\n') + '\n');
    fs.writeFileSync(path.join(dir, 'partner.jsonl'), partner.join('\n'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints one JSON line per matched pair, with score and evidence, and nothing for the unmatched', () => {
    const { code, stdout, stderr } = run([
      '--own',
      path.join(dir, 'own.jsonl'),
      '--partner',
      path.join(dir, 'partner.jsonl'),
    ]);
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.own_id, l.partner_id]).sort()).toEqual([
      ['E1', 'X1'],
      ['E2', 'X2'],
    ]);
    for (const line of lines) {
      expect(Object.keys(line)).toEqual(['own_id', 'partner_id', 'score', 'evidence']);
      expect(typeof line.score).toBe('number');
      expect(line.evidence.fields.surname.outcome).toBe('exact');
    }
    const x1 = lines.find((l) => l.partner_id === 'X1');
    expect(x1.evidence.fields.document.outcome).toBe('one_edit_bad_check_digit');
    // Malformed lines: reported by file and line number, skipped, and never echoed (personal data).
    expect(stderr).toMatch(/own\.jsonl line 3: not valid JSON; skipped/);
    expect(stderr).toMatch(/own\.jsonl line 5: has no id/);
    expect(stderr).toMatch(/own\.jsonl line 6: not a JSON object/);
    expect(stderr).toMatch(/partner\.jsonl line 3: not valid JSON/);
    expect(stderr).toMatch(/partner\.jsonl line 4: has no id/);
    expect(stderr).not.toMatch(/Broken|No Id|Empty Id/);
    expect(stderr).toMatch(/2 matched/);
  });

  it('writes to --out and the review list to --review', () => {
    const out = path.join(dir, 'out.jsonl');
    const review = path.join(dir, 'review.jsonl');
    const { code, stdout } = run([
      '--own',
      path.join(dir, 'own.jsonl'),
      '--partner',
      path.join(dir, 'partner.jsonl'),
      '--out',
      out,
      '--review',
      review,
    ]);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(fs.readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(2);
    expect(fs.existsSync(review)).toBe(true);
  });

  it('writes ids back as the input gave them (numbers stay numbers)', () => {
    fs.writeFileSync(
      path.join(dir, 'own-num.jsonl'),
      `${JSON.stringify({ id: 17, ...person, entered_at: '2026-11-02T10:00:00Z' })}\n`,
    );
    fs.writeFileSync(
      path.join(dir, 'partner-num.jsonl'),
      `${JSON.stringify({ id: 'x-17', ...person, entered_at: '2026-11-03T10:00:00Z' })}\n`,
    );
    const { code, stdout } = run([
      '--own',
      path.join(dir, 'own-num.jsonl'),
      '--partner',
      path.join(dir, 'partner-num.jsonl'),
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ own_id: 17, partner_id: 'x-17' });
  });

  it('fails clearly on a missing file', () => {
    const { code, stderr } = run(['--own', path.join(dir, 'nope.jsonl'), '--partner', path.join(dir, 'partner.jsonl')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/nope\.jsonl does not exist/);
  });
});
