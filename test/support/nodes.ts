// Test nodes: each suite gets its own namespaces, databases and task queues on the shared server,
// so suites never see each other's workflows or rows. Nodes run in-process, real worker and HTTP.
import crypto from 'node:crypto';
import { Connection } from '@temporalio/client';
import { Pool } from 'pg';
import { OffsetClock } from '../../src/clock';
import { partnerOf, readNodeConfig, type Country, type NodeConfig } from '../../src/config';
import { databaseUrl } from '../../src/db/pool';
import { generateNodeKeys, nodeKeyEnv } from '../../src/keys';
import { freePort } from '../../src/net/ports';
import { createLogger } from '../../src/log';
import { startNode, type RunningNode, type StartNodeOptions } from '../../src/node/node';
import { ensureNamespace } from '../../src/temporal/connection';

export interface TestNode extends RunningNode {
  config: NodeConfig;
  clock: OffsetClock;
  /** Connection string of this node's database, for assertions. */
  databaseUrl: string;
}

export interface TestPair {
  US: TestNode;
  CA: TestNode;
  env: Record<string, string>;
  stop(): Promise<void>;
}

export function suiteId(): string {
  return crypto.randomBytes(4).toString('hex');
}

/** The environment variables of a fresh, isolated pair of node configurations. */
export async function isolatedPairEnv(id = suiteId()): Promise<Record<string, string>> {
  const keys = { US: generateNodeKeys(), CA: generateNodeKeys() };
  const env: Record<string, string> = { TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS! };
  for (const country of ['US', 'CA'] as Country[]) {
    const partner = partnerOf(country);
    const lower = country.toLowerCase();
    Object.assign(env, nodeKeyEnv(country, keys[country], keys[partner], `${partner.toLowerCase()}-1`), {
      [`${country}_TEMPORAL_NAMESPACE`]: `t-${id}-${lower}`,
      [`${country}_DATABASE_NAME`]: `t_${id}_${lower}`,
      [`${country}_HTTP_PORT`]: String(await freePort()),
    });
  }
  return env;
}

export async function ensureTestNamespace(namespace: string): Promise<void> {
  const connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  try {
    await ensureNamespace(connection, namespace, 1);
  } finally {
    await connection.close();
  }
}

export async function startTestNode(
  country: Country,
  env: Record<string, string>,
  opts: StartNodeOptions = {},
): Promise<TestNode> {
  const { config, problems } = readNodeConfig(country, env);
  if (problems.length) throw new Error(problems.join('; '));
  await ensureTestNamespace(config.temporal.namespace);
  const clock = (opts.clock as OffsetClock) ?? new OffsetClock();
  const node = await startNode(config, {
    serverUrl: process.env.DATABASE_URL,
    workflowBundlePath: process.env.TEST_WORKFLOW_BUNDLE,
    log: createLogger({ node: country }),
    clock,
    ...opts,
  });
  return { ...node, config, clock, databaseUrl: databaseUrl(process.env.DATABASE_URL!, config.databaseName) };
}

/** Both nodes, configured to talk to each other over HTTP with exchanged keys. */
export async function startTestPair(opts: StartNodeOptions = {}): Promise<TestPair> {
  const env = await isolatedPairEnv();
  const US = await startTestNode('US', env, opts);
  const CA = await startTestNode('CA', env, opts);
  return {
    US,
    CA,
    env,
    stop: async () => {
      await Promise.all([US.shutdown(), CA.shutdown()]);
    },
  };
}

/** A pool on a node's database for assertions; close it in afterAll. */
export function assertionPool(node: TestNode): Pool {
  return new Pool({ connectionString: node.databaseUrl, max: 2 });
}
