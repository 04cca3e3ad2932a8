// `npx entry-exit schedules ensure|list`: a deployed node's schedules, created by an operator's
// command on the real Temporal server (not only by `npm start`), idempotent, and read back.
import { ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { readNodeConfig } from '../src/config';
import { clientFor, connectClient } from '../src/temporal/connection';
import { dataConverterFor } from '../src/temporal/data-converter';
import { cli, lastJson } from './support/cli';
import { ensureTestNamespace, isolatedPairEnv } from './support/nodes';

/** A client of the US node as the node itself builds it (its payloads are encrypted). */
async function usClient(env: Record<string, string>): Promise<{ client: Client; close(): Promise<void> }> {
  const { config } = readNodeConfig('US', env);
  const connection = await connectClient(config.temporal);
  return {
    client: clientFor(connection, config.temporal, { dataConverter: dataConverterFor(config, env) }),
    close: () => connection.close(),
  };
}

describe('schedules command', () => {
  let env: Record<string, string>;
  let us: Awaited<ReturnType<typeof usClient>>;
  beforeAll(async () => {
    env = await isolatedPairEnv();
    await ensureTestNamespace(env.US_TEMPORAL_NAMESPACE);
    await ensureTestNamespace(env.CA_TEMPORAL_NAMESPACE);
    us = await usClient(env);
  });
  afterAll(async () => {
    await us?.close();
  });

  it('creates the exchange and purge schedules once, keeps them on a second run, and lists them', async () => {
    const first = await cli({ env }, ['schedules', 'ensure', '--node', 'us', '--paused']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(lastJson(first.stdout)).toMatchObject({
      namespace: env.US_TEMPORAL_NAMESPACE,
      exchange_schedule: 'exchange-US-CA',
      purge_schedule: 'purge-us',
      purge_created: true,
    });

    const client = us.client;
    const exchange = await client.schedule.getHandle('exchange-US-CA').describe();
    expect(exchange.state.paused).toBe(true);
    expect(exchange.policies.overlap).toBe(ScheduleOverlapPolicy.SKIP);
    expect(exchange.action.type).toBe('startWorkflow');

    const second = await cli({ env }, ['schedules', 'ensure', '--node', 'us']);
    expect(second.code).toBe(0);
    expect(lastJson(second.stdout)).toMatchObject({ purge_created: false });
    // The paused state belongs to the operators: a second ensure does not unpause.
    expect((await client.schedule.getHandle('exchange-US-CA').describe()).state.paused).toBe(true);

    const listed = await cli({ env }, ['schedules', 'list', '--node', 'us']);
    expect(listed.code).toBe(0);
    const rows = listed.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.map((r) => [r.schedule, r.exists, r.paused])).toEqual([
      ['exchange-US-CA', true, true],
      ['purge-us', true, false],
    ]);
    expect(Date.parse(rows[1].next_run)).toBeGreaterThan(Date.now());
  });

  it('says what is missing when the node has no schedules yet', async () => {
    const listed = await cli({ env }, ['schedules', 'list', '--node', 'ca']);
    expect(listed.code).toBe(0);
    const rows = listed.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows).toEqual([
      { schedule: 'exchange-CA-US', exists: false, hint: 'run schedules ensure' },
      { schedule: 'purge-ca', exists: false, hint: 'run schedules ensure' },
    ]);
  });

  it('refuses a bad exchange setting with the setting named, and creates nothing', async () => {
    const bad = await cli({ env: { ...env, EXCHANGE_INTERVAL: '7m' } }, ['schedules', 'ensure', '--node', 'ca']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/EXCHANGE_INTERVAL/);
    const listed = await cli({ env }, ['schedules', 'list', '--node', 'ca']);
    expect(listed.stdout).toMatch(/"exists":false/);
  });

  it("runs with the Kubernetes Job's environment only: Temporal's address, the namespace and the payload keys", async () => {
    const jobEnv = {
      TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS,
      CA_TEMPORAL_NAMESPACE: env.CA_TEMPORAL_NAMESPACE,
      CA_PAYLOAD_KEYS: env.CA_PAYLOAD_KEYS,
    };
    const ran = await cli({ env: jobEnv }, ['schedules', 'ensure', '--node', 'ca', '--paused']);
    expect(ran.stderr).toBe('');
    expect(lastJson(ran.stdout)).toMatchObject({ exchange_schedule: 'exchange-CA-US', purge_schedule: 'purge-ca' });
  });
});
