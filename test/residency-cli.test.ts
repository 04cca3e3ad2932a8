// The fixed contract of `npx entry-exit residency calc` (and `compare`): files in, exactly one JSON
// line out, no server; bad input a one-line error on stderr and exit code 2. A real child process.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const run = (args: string[]) => {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'entry-exit.js'), 'residency', ...args], {
    encoding: 'utf8',
    cwd: ROOT,
    timeout: 60_000,
    // No database, no Temporal: the command must not need them.
    env: { PATH: process.env.PATH, HOME: os.tmpdir() },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('entry-exit residency calc / compare', () => {
  let dir: string;
  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text);
    return p;
  };
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'residency-cli-'));
  });

  it('calc prints exactly one JSON line with the contract fields', () => {
    const crossings = file(
      'c.jsonl',
      '{"kind":"exit","at":"2017-06-10T23:30:00-07:00","port":"CA-DOUGLAS"}\n{"kind":"entry","at":"2017-06-20T00:15:00-04:00"}\n',
    );
    const r = run([
      'calc',
      '--rule',
      'ca-citizenship',
      '--as-of',
      '2018-04-01',
      '--pr-since',
      '2010-01-01',
      '--crossings',
      crossings,
    ]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]);
    expect(out).toMatchObject({
      rule: 'ca-citizenship',
      window_start: '2013-04-01',
      window_end: '2018-03-31',
      days_present: 1817, // 1,826 - 9 days outside (11..19 June, local days)
      days_required: 1095,
      meets: true,
      reasons: [],
      earliest_date_met: '2018-04-01',
    });
  });

  it('bad input: one line on stderr naming the line and the fix, exit code 2, nothing on stdout', () => {
    const crossings = file('bad.jsonl', '{"kind":"entry","at":"2017-06-10 10:00"}\n');
    const r = run(['calc', '--rule', 'ca-pr', '--as-of', '2018-04-01', '--crossings', crossings]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/bad.jsonl line 1: "at" must be a real ISO 8601 date and time with its local offset/);
    const missing = run([
      'calc',
      '--rule',
      'ca-pr',
      '--as-of',
      '2018-04-01',
      '--crossings',
      path.join(dir, 'nope.jsonl'),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--crossings .*nope.jsonl: cannot read the file \(ENOENT\)/);
  });

  it('compare prints one JSON line with the differences', () => {
    const crossings = file(
      'c2.jsonl',
      '{"kind":"exit","at":"2025-03-01T10:00:00-05:00"}\n{"kind":"entry","at":"2025-03-20T10:00:00-05:00"}\n',
    );
    const declared = file('d.json', JSON.stringify({ absences: [{ from: '2025-03-01', to: '2025-03-15' }] }));
    const r = run(['compare', '--crossings', crossings, '--declared', declared, '--as-of', '2026-11-27']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout.trim());
    expect(out.differences).toEqual([expect.objectContaining({ kind: 'return_day_differs', days_difference: 5 })]);
  });
});
