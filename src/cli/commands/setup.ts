import type { Command } from 'commander';
import { ALL_SEARCH_ATTRIBUTES } from '../../temporal/search-attributes';
import { connectClient, ensureNamespace } from '../../temporal/connection';
import { CliError } from '../errors';
import { cliNodeConfig, parseCountry } from '../node-access';

export function registerSetupCommand(program: Command): void {
  program
    .command('setup')
    .description("register a node's namespace and the project's search attributes on a self-hosted Temporal cluster")
    .requiredOption('--node <us|ca>', 'which node')
    .option('--retention-days <n>', 'closed-workflow retention of a namespace this command creates', '30')
    .action(async (opts: { node: string; retentionDays: string }) => {
      const { config } = cliNodeConfig(parseCountry(opts.node));
      if (!config.temporal.address)
        throw new CliError('set TEMPORAL_ADDRESS (the dev server of `npm start` is set up already)');
      const days = Number(opts.retentionDays);
      if (!Number.isInteger(days) || days < 1)
        throw new CliError('--retention-days must be a whole number of days, at least 1');
      const connection = await connectClient(config.temporal);
      try {
        await ensureNamespace(connection, config.temporal.namespace, days);
      } catch (err) {
        throw new CliError(
          `${(err as Error).message}\n(on Temporal Cloud, create the namespace and search attributes in the Cloud console)`,
        );
      } finally {
        await connection.close();
      }
      process.stdout.write(
        `${JSON.stringify({ namespace: config.temporal.namespace, search_attributes: ALL_SEARCH_ATTRIBUTES.map((k) => k.name) })}\n`,
      );
    });
}
