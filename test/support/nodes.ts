// Test nodes: each suite gets its own namespaces, databases and task queues on the shared server,
// so suites never see each other's workflows or rows. Nodes run in-process, real worker and HTTP.
import crypto from 'node:crypto';
import { Connection } from '@temporalio/client';
import { Pool } from 'pg';
import { OffsetClock } from '../../src/node/clock';
import {
  DOORS,
  doorVariable,
  partnerOf,
  readNodeConfig,
  type Country,
  type Door,
  type NodeConfig,
  type OperatorRole,
} from '../../src/config';
import { databaseUrl } from '../../src/db/pool';
import { generateNodeKeys, nodeKeyEnv } from '../../src/config/keys';
import { freePort } from '../../src/net/ports';
import { createLogger } from '../../src/observability/log';
import { startNode, type RunningNode, type StartNodeOptions } from '../../src/node/node';
import { ensureNamespace } from '../../src/temporal/connection';

export interface TestNode extends RunningNode {
  config: NodeConfig;
  /** Each door's URL: capture (ports), partner (intake), operator (people). */
  urls: Record<Door, string>;
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

/** A free port for each door of a node: `US_CAPTURE_PORT`, `US_PARTNER_PORT`, `US_OPERATOR_PORT`. */
// Ports this process has handed out: a port is free again once its probe socket closed, and two
// doors (or two nodes) given the same port would collide when they listen.
const portsHandedOut = new Set<number>();

async function distinctFreePort(): Promise<number> {
  const port = await freePort([...portsHandedOut]);
  portsHandedOut.add(port);
  return port;
}

export async function freeDoorEnv(country: Country): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  for (const door of DOORS) env[doorVariable(country, door, 'PORT')] = String(await distinctFreePort());
  return env;
}

/**
 * The environment variables of a fresh, isolated pair of node configurations: keys, a token for
 * every port and one operator per role (demo-reader, demo-officer, demo-administrator), free ports
 * for the three doors. Rate limits are raised far above what a suite sends (a suite that tests
 * them sets its own).
 */
export async function isolatedPairEnv(id = suiteId()): Promise<Record<string, string>> {
  const keys = { US: generateNodeKeys('US'), CA: generateNodeKeys('CA') };
  const env: Record<string, string> = { TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS! };
  for (const country of ['US', 'CA'] as Country[]) {
    const partner = partnerOf(country);
    const lower = country.toLowerCase();
    Object.assign(env, nodeKeyEnv(country, keys[country], keys[partner], `${partner.toLowerCase()}-1`), {
      [`${country}_TEMPORAL_NAMESPACE`]: `t-${id}-${lower}`,
      [`${country}_DATABASE_NAME`]: `t_${id}_${lower}`,
      [`${country}_CAPTURE_RATE_LIMIT`]: '1000000',
      [`${country}_REFUSALS_PER_SOURCE`]: '1000000',
      [`${country}_OPERATOR_RATE_LIMIT`]: '1000000',
      [`${country}_PARTNER_RATE_LIMIT`]: '1000000',
      ...(await freeDoorEnv(country)),
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
  return {
    ...node,
    urls: node.urls ?? ({} as Record<Door, string>),
    config,
    clock,
    databaseUrl: databaseUrl(process.env.DATABASE_URL!, config.databaseName),
  };
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

export interface PairWithPools extends TestPair {
  /** An assertion pool on each node's database (connections open only when used). */
  db: Record<Country, Pool>;
}

/** The usual suite fixture: both nodes and an assertion pool per node; stop() closes the pools, then the nodes. */
export async function pairWithPools(opts: StartNodeOptions = {}): Promise<PairWithPools> {
  const pair = await startTestPair(opts);
  const db = { US: assertionPool(pair.US), CA: assertionPool(pair.CA) };
  return {
    ...pair,
    db,
    stop: async () => {
      await Promise.all([db.US.end(), db.CA.end()]);
      await pair.stop();
    },
  };
}

/** The name of a test node's operator of a role (isolatedPairEnv configures one per role). */
export function operatorName(role: OperatorRole = 'administrator'): string {
  return `demo-${role}`;
}

/** Authorization header of the node's operator of `role`: the one place tests get operator credentials. */
export function operatorAuth(
  node: { config: NodeConfig } | NodeConfig,
  role: OperatorRole = 'administrator',
): { authorization: string } {
  const config = 'config' in node ? node.config : node;
  const operator = config.operators.find((o) => o.role === role);
  if (!operator) throw new Error(`the ${config.country} test node has no ${role} operator`);
  return { authorization: `Bearer ${operator.token}` };
}
