// How a CLI command reaches a node: the node's configuration, its database and its Temporal
// namespace, found from the environment or from the running `npm start` stack.
import { Client } from '@temporalio/client';
import { Pool } from 'pg';
import { readNodeConfig, type Country, type NodeConfig } from '../config';
import { createPool } from '../db/pool';
import { withLocalStackDefaults } from '../config/local-stack';
import { nodeDatabaseUrl } from '../node/node';
import { clientFor, connectClient } from '../temporal/connection';
import { dataConverterFor } from '../temporal/data-converter';
import { CliError } from './errors';

export function parseCountry(raw: string | undefined, flag = '--node'): Country {
  const value = (raw ?? '').trim().toUpperCase();
  if (value === 'US' || value === 'CA') return value;
  throw new CliError(`${flag} must be us or ca, got "${raw ?? ''}"`);
}

export function cliNodeConfig(country: Country): { config: NodeConfig; env: NodeJS.ProcessEnv } {
  const env = withLocalStackDefaults();
  const { config, problems } = readNodeConfig(country, env);
  if (problems.length) throw new CliError(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
  return { config, env };
}

export interface NodeAccess {
  config: NodeConfig;
  pool: Pool;
  temporal: Client;
  close(): Promise<void>;
}

/** Opens the node's database and Temporal client; `close()` releases both. */
export async function openNode(
  country: Country,
  need: { db?: boolean; temporal?: boolean } = { db: true, temporal: true },
): Promise<NodeAccess> {
  const { config, env } = cliNodeConfig(country);
  const closers: Array<() => Promise<void>> = [];
  let pool: Pool | undefined;
  let temporal: Client | undefined;
  if (need.db !== false) {
    const { url } = (() => {
      try {
        return nodeDatabaseUrl(config, env.DATABASE_URL);
      } catch {
        throw new CliError(
          `cannot find the ${country} node's database: start the demo (npm start) or set ${country}_DATABASE_URL / DATABASE_URL`,
        );
      }
    })();
    pool = createPool(url, { max: 4 });
    closers.push(() => pool!.end());
  }
  if (need.temporal !== false) {
    if (!config.temporal.address)
      throw new CliError('cannot find Temporal: start the demo (npm start) or set TEMPORAL_ADDRESS');
    const connection = await connectClient(config.temporal).catch((err: Error) => {
      throw new CliError(`cannot reach Temporal at ${config.temporal.address}: ${err.message}`);
    });
    temporal = clientFor(connection, config.temporal, { dataConverter: dataConverterFor(config) });
    closers.push(() => connection.close());
  }
  return {
    config,
    get pool() {
      if (!pool) throw new Error('this command did not open the database');
      return pool;
    },
    get temporal() {
      if (!temporal) throw new Error('this command did not connect to Temporal');
      return temporal;
    },
    close: async () => {
      for (const c of closers) await c().catch(() => undefined);
    },
  };
}
