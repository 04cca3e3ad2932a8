import type { Command } from 'commander';
import { healthCheck } from '../../../workflows/health';
import { openNode, parseCountry } from '../node-access';

export function registerHealthCommand(program: Command): void {
  program
    .command('health')
    .description("run the health workflow in a node's namespace and print its report as one JSON line")
    .requiredOption('--node <us|ca>', 'which node')
    .action(async (opts: { node: string }) => {
      const node = await openNode(parseCountry(opts.node), { db: false, temporal: true });
      try {
        const result = await node.temporal.workflow.execute(healthCheck, {
          workflowId: `health-${node.config.country.toLowerCase()}-${new Date().toISOString().replace(/[:.]/g, '-')}`,
          taskQueue: node.config.temporal.taskQueue,
          workflowExecutionTimeout: '1 minute',
        });
        process.stdout.write(`${JSON.stringify(result)}\n`);
      } finally {
        await node.close();
      }
    });
}
