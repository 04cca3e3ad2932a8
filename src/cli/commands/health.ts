import type { Command } from 'commander';
import { healthCheck } from '../../../workflows/health';
import { openNode, parseCountry } from '../node-access';

export function registerHealthCommand(program: Command): void {
  program
    .command('health')
    .description(
      "run the health workflow on each of a node's task queues (main and stays) and print the report as one JSON line",
    )
    .requiredOption('--node <us|ca>', 'which node')
    .action(async (opts: { node: string }) => {
      const node = await openNode(parseCountry(opts.node), { db: false, temporal: true });
      try {
        const { taskQueue, stayTaskQueue } = node.config.temporal;
        const stamp = new Date().toISOString().replace(/[:.]/g, '-');
        // A worker that is down on either queue shows here as a timeout naming the queue.
        const queues = [...new Set([taskQueue, stayTaskQueue])];
        const results = await Promise.all(
          queues.map((queue, i) =>
            node.temporal.workflow
              .execute(healthCheck, {
                workflowId: `health-${node.config.country.toLowerCase()}-${stamp}-${i}`,
                taskQueue: queue,
                workflowExecutionTimeout: '1 minute',
              })
              .catch((err: Error) => {
                throw new Error(`no healthy worker on task queue ${queue}: ${err.message}`);
              }),
          ),
        );
        process.stdout.write(`${JSON.stringify({ ...results[0], taskQueues: queues })}\n`);
      } finally {
        await node.close();
      }
    });
}
