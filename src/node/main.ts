// One node as a process: `npx entry-exit node US` (or `tsx src/node/main.ts US`). The launcher
// (`npm start`) runs one per country with the demo's generated keys; production runs one (or more,
// for more workers) per agency with its own environment. It fails closed: a missing secret (signing
// key, partner public keys, payload keys, operator or port credentials) stops it before it touches
// anything, naming each; there are no demo defaults here.
// SIGTERM/SIGINT drain it: HTTP stops taking requests, the worker finishes in-flight tasks, then
// the database pool closes, so nothing is left half-written.
import {
  missingProductionSecrets,
  processEnvironment,
  readNodeConfig,
  readNodeProcessSettings,
  type Country,
  type Env,
} from '../config';
import { createLogger } from '../observability/log';
import { startNode } from './node';

// The worker waits shutdownGraceTime (10 s) for in-flight activities, then cancels them; one that
// ignores cancellation (a query stuck on a lock) would keep the process alive for ever. Past this
// deadline the process exits non-zero; the stuck attempt times out and is retried by another worker.
const DRAIN_DEADLINE_MS = 15_000;

export async function runNodeProcess(countryArg: string | undefined, env: Env = processEnvironment()): Promise<void> {
  const settings = readNodeProcessSettings(env);
  const country = (countryArg ?? settings.country ?? '').toUpperCase();
  if (country !== 'US' && country !== 'CA') {
    process.stderr.write('usage: npx entry-exit node US|CA  (or set NODE_COUNTRY)\n');
    process.exit(2);
  }
  const read = readNodeConfig(country as Country, env);
  const { config } = read;
  const problems = [...read.problems, ...missingProductionSecrets(config)];
  if (problems.length > 0) {
    process.stderr.write(
      `refusing to start the ${country} node (nothing was started or written):\n${problems.map((p) => `  - ${p}`).join('\n')}\n` +
        'see docs/security.md, "Production start", for each setting\n',
    );
    process.exit(2);
  }
  const log = createLogger({ node: country });
  const node = await startNode(config, {
    serverUrl: settings.serverUrl,
    workflowBundlePath: settings.workflowBundlePath,
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
  if (process.send) process.send({ ready: true, urls: node.urls });
}

if (require.main === module) {
  runNodeProcess(process.argv[2]).catch((err) => {
    process.stderr.write(`node failed to start: ${(err as Error).message}\n`);
    process.exit(1);
  });
}
