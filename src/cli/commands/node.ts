// `entry-exit node US|CA`: run one node for production (worker and its three doors) from the
// environment alone. It refuses to start while any secret is missing; see src/node/main.ts.
import type { Command } from 'commander';
import { runNodeProcess } from '../../node/main';

export function registerNodeCommand(program: Command): void {
  program
    .command('node')
    .description(
      'run one node (worker and its capture, partner and operator doors); refuses to start without its secrets',
    )
    .argument('<country>', 'US or CA')
    .action(async (country: string) => {
      await runNodeProcess(country);
      // The node runs until SIGTERM/SIGINT; its own handlers exit the process.
      await new Promise<never>(() => undefined);
    });
}
