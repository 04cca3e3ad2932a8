// The benchmark at a small size, as a child process: it must start its own servers, run the full
// cycle and the ceilings, and end with one sane JSON line on stdout. Not timed.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

it('npm run bench -- --records 300 prints one JSON line with every figure', async () => {
  const root = path.join(__dirname, '..');
  const { stdout } = await run(path.join(root, 'node_modules/.bin/tsx'), ['bench/run.ts', '--records', '300'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: '', TEMPORAL_ADDRESS: '' },
    timeout: 240_000,
    maxBuffer: 10 * 2 ** 20,
  });
  const lines = stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  const result = JSON.parse(lines[0]) as Record<string, number>;
  expect(result.records).toBe(300);
  for (const field of [
    'wall_s',
    'records_per_s',
    'stays_signalled_per_s',
    'sql_ceiling_records_per_s',
    'temporal_ceiling_per_s',
    'ratio_vs_sql',
    'ratio_vs_temporal',
    'worker_rss_mb_max',
    'temporal_signal_ceiling_per_s',
    'signal_s',
  ]) {
    expect(typeof result[field]).toBe('number');
    expect(result[field]).toBeGreaterThan(0);
  }
  // The nodes run as their own processes: each one's RSS is sampled, and the worst is the figure.
  const nodeRss = result.node_rss_mb_max as unknown as Record<string, number>;
  expect(nodeRss.US).toBeGreaterThan(0);
  expect(nodeRss.CA).toBeGreaterThan(0);
  expect(result.worker_rss_mb_max).toBe(Math.max(nodeRss.US, nodeRss.CA));
  expect(result.worker_rss_mb_max).toBeLessThan(1024);
  expect(result.ratio_vs_sql).toBeLessThan(1);
  // Both directions' records were captured, sent and reconciled: some matched, stays told.
  expect(result.matched).toBeGreaterThan(0);
  expect(result.stays_signalled).toBeGreaterThan(0);
  // The signalling rate is over the timed signalling phases of the reconcile activities.
  expect(result.signal_phases).toBeGreaterThan(0);
}, 300_000);
