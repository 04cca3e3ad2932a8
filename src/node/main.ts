// One node as a process: `tsx src/node/main.ts US`. The launcher (`npm start`) runs one per country;
// production runs one (or more, for more workers) per agency with its own environment.
// SIGTERM/SIGINT drain it: HTTP stops taking requests, the worker finishes in-flight tasks, then
// the database pool closes, so nothing is left half-written.
import { readNodeConfig, type Country } from '../config';
import { createLogger } from '../log';
import { withLocalStackDefaults } from '../local-stack';
import { startNode } from './node';

// The worker waits shutdownGraceTime (10 s) for in-flight activities, then cancels them; one that
// ignores cancellation (a query stuck on a lock) would keep the process alive for ever. Past this
// deadline the process exits non-zero; the stuck attempt times out and is retried by another worker.
const DRAIN_DEADLINE_MS = 15_000;

async function main(): Promise<void> {
  const country = (process.argv[2] ?? process.env.NODE_COUNTRY ?? '').toUpperCase();
  if (country !== 'US' && country !== 'CA') {
    process.stderr.write('usage: tsx src/node/main.ts US|CA  (or set NODE_COUNTRY)\n');
    process.exit(2);
  }
  const env = process.env.ENTRY_EXIT_NO_LOCAL_DEFAULTS === '1' ? process.env : withLocalStackDefaults(process.env);
  const { config, problems } = readNodeConfig(country as Country, env);
  if (problems.length > 0) {
    process.stderr.write(
      `invalid configuration for the ${country} node:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`,
    );
    process.exit(2);
  }
  const log = createLogger({ node: country });
  const node = await startNode(config, {
    serverUrl: env.DATABASE_URL,
    workflowBundlePath: env.WORKFLOW_BUNDLE_PATH,
    log,
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('draining', { signal });
    setTimeout(() => {
      log.error('shutdown did not finish in time; exiting, unfinished activity attempts will be retried', {
        deadlineMs: DRAIN_DEADLINE_MS,
      });
      process.exit(1);
    }, DRAIN_DEADLINE_MS).unref();
    node
      .shutdown()
      .then(() => {
        log.info('stopped');
        process.exit(0);
      })
      .catch((err) => {
        log.error('shutdown failed', { error: String(err) });
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // Tell a parent launcher we are ready (it waits for this line).
  if (process.send) process.send({ ready: true, url: node.url });
}

main().catch((err) => {
  process.stderr.write(`node failed to start: ${(err as Error).message}\n`);
  process.exit(1);
});
