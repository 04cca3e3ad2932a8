// The operators' commands for retention, run as a real process against a node database:
// holds place|list|release, retention warnings, purge --dry-run (counts, ids with --verbose, no personal data).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { isolatedPairEnv, startTestNode, type TestNode } from './support/nodes';

const run = promisify(execFile);

describe('retention CLI', () => {
  let env: Record<string, string>;
  let ca: TestNode;
  let dataDir: string;
  const cli = (args: string[]) =>
    run(process.execPath, [require.resolve('tsx/cli'), path.join(__dirname, '..', 'src', 'cli', 'main.ts'), ...args], {
      env: { ...process.env, ...env, DATA_DIR: dataDir, LOG_SILENT: '1' },
    }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  beforeAll(async () => {
    env = await isolatedPairEnv();
    ca = await startTestNode('CA', env, { worker: false });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-'));
    const now = Date.now();
    const yearsAgo = (y: number, days = 0) => new Date(now - y * 365.25 * 86_400_000 + days * 86_400_000).toISOString();
    for (const [id, at] of [
      ['ca-old-1', yearsAgo(16)],
      ['ca-old-2', yearsAgo(17)],
      ['ca-soon', yearsAgo(15, 30)], // erased in about 30 days
      ['ca-new', yearsAgo(1)],
    ]) {
      await ca.ctx.pool.query(
        `INSERT INTO entries (id, surname, first_name, date_of_birth, citizenship, sex, document_type, document_number, document_issuer,
           port_of_entry, entered_at, category, content_hash) VALUES ($1, 'PELLETIER', 'JEAN', '1950-05-05', 'CAN', 'M', 'P', 'L898902C3', 'CAN',
           'CA-PACIFIC-HWY', $2, 'citizen', 'h')`,
        [id, at],
      );
    }
  });
  afterAll(async () => {
    await ca?.shutdown();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('places, lists and releases a hold, and the dry run and warnings reflect it', async () => {
    const placed = await cli([
      'holds',
      'place',
      '--node',
      'ca',
      '--record',
      'ca-old-1',
      '--reason',
      'Federal Court file T-1234-36',
      '--by',
      'officer-5',
    ]);
    expect(placed.code).toBe(0);
    expect(JSON.parse(placed.stdout)).toMatchObject({
      created: true,
      hold: { record_id: 'ca-old-1', kind: 'entry', placed_by: 'officer-5' },
    });
    const missing = await cli(['holds', 'place', '--node', 'ca', '--record', 'ghost', '--reason', 'file 1']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no entry record with id "ghost"/);
    const listed = await cli(['holds', 'list', '--node', 'ca']);
    expect(
      listed.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).record_id),
    ).toEqual(['ca-old-1']);

    const dry = await cli(['purge', '--node', 'ca', '--dry-run', '--verbose']);
    expect(dry.code).toBe(0);
    const report = JSON.parse(dry.stdout);
    expect(report).toMatchObject({
      dryRun: true,
      node: 'CA',
      records: { entry: { citizen: 1 }, exit: {} },
      held: 1,
      ids: { entry: ['ca-old-2'], exit: [] },
    });
    expect(dry.stdout).not.toContain('PELLETIER');
    expect((await ca.ctx.pool.query('SELECT count(*)::int AS n FROM entries')).rows[0].n).toBe(4);

    const warnings = await cli(['retention', 'warnings', '--node', 'ca', '--within-days', '90']);
    const lines = warnings.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.id, l.held])).toEqual([
      ['ca-old-2', false],
      ['ca-old-1', true],
      ['ca-soon', false],
    ]);
    expect(warnings.stderr).toMatch(/3 record\(s\) due for erasure within 90 days/);
    const narrow = await cli(['retention', 'warnings', '--node', 'ca', '--within-days', '10']);
    expect(narrow.stdout).not.toContain('ca-soon');
    expect((await cli(['retention', 'warnings', '--node', 'ca', '--within-days', 'soon'])).stderr).toMatch(
      /--within-days must be a whole number/,
    );

    const released = await cli(['holds', 'release', '--node', 'ca', '--record', 'ca-old-1']);
    expect(released.code).toBe(0);
    const after = JSON.parse((await cli(['purge', '--node', 'ca', '--dry-run'])).stdout);
    expect(after).toMatchObject({ records: { entry: { citizen: 2 } }, held: 0, tables: { entries: 2, exits: 0 } });
    expect(after.ids).toBeUndefined();
  }, 90_000);
});
