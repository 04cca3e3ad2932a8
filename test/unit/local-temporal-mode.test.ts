// The choices behind `--temporal server` and the node-process launcher that need no server to check:
// the mode switch, the real server's config (docs/temporal-server.md) and the node heap default.
import { readTemporalMode } from '../../src/config';
import { DEFAULT_NODE_HEAP_MB, nodeExecArgv } from '../../src/launcher/node-process';
import { NUM_HISTORY_SHARDS, serverConfig } from '../../src/temporal/real-server';

describe('TEMPORAL_MODE', () => {
  it('is the dev server unless set to server, so a fresh clone needs no Go build', () => {
    expect(readTemporalMode({}).config.mode).toBe('dev');
    expect(readTemporalMode({ TEMPORAL_MODE: 'server' }).config.mode).toBe('server');
  });

  it('refuses anything else, naming the variable and the two values', () => {
    const { problems } = readTemporalMode({ TEMPORAL_MODE: 'cluster' });
    expect(problems).toEqual([expect.stringContaining('TEMPORAL_MODE="cluster" is neither dev nor server')]);
  });

  it('finds the build under .tools/temporal-server unless TEMPORAL_SERVER_DIR says elsewhere', () => {
    expect(readTemporalMode({}).config.serverDir).toMatch(/\.tools\/temporal-server$/);
    expect(readTemporalMode({ TEMPORAL_SERVER_DIR: '/opt/temporal' }).config.serverDir).toBe('/opt/temporal');
  });
});

describe('the real server config', () => {
  const ports = {
    frontend: 21001,
    frontendHttp: 21002,
    frontendMembership: 21003,
    history: 21004,
    historyMembership: 21005,
    matching: 21006,
    matchingMembership: 21007,
    worker: 21008,
    workerMembership: 21009,
  };
  const config = serverConfig(new URL('postgres://postgres:p%40ss@127.0.0.1:5433'), ports, '/tmp/dc.yaml') as {
    persistence: { numHistoryShards: number; datastores: Record<string, { sql: Record<string, unknown> }> };
    services: Record<string, { rpc: { grpcPort: number; membershipPort: number; bindOnIP: string } }>;
    clusterMetadata: { clusterInformation: { active: { rpcAddress: string } } };
    global: { pprof: { port: number }; membership: { broadcastAddress: string } };
  };

  it('fixes the history shards at the documented number', () => {
    expect(config.persistence.numHistoryShards).toBe(NUM_HISTORY_SHARDS);
    expect(NUM_HISTORY_SHARDS).toBe(4);
  });

  it('binds every service to loopback on its own ports, and takes no fixed port (pprof off)', () => {
    const used = Object.values(config.services).flatMap((s) => [s.rpc.grpcPort, s.rpc.membershipPort]);
    expect(new Set(used).size).toBe(8);
    for (const service of Object.values(config.services)) expect(service.rpc.bindOnIP).toBe('127.0.0.1');
    expect(config.global.pprof.port).toBe(0);
    expect(config.global.membership.broadcastAddress).toBe('127.0.0.1');
    expect(config.clusterMetadata.clusterInformation.active.rpcAddress).toBe('127.0.0.1:21001');
  });

  it('keeps persistence and visibility in their own databases, password decoded', () => {
    const { default: main, visibility } = config.persistence.datastores;
    expect(main.sql).toMatchObject({ databaseName: 'temporal', pluginName: 'postgres12', password: 'p@ss' });
    expect(visibility.sql).toMatchObject({ databaseName: 'temporal_visibility', connectAddr: '127.0.0.1:5433' });
  });
});

describe('node processes', () => {
  it('get a capped old space by default, so a node stays under 1 GB RSS', () => {
    expect(nodeExecArgv({})).toContain(`--max-old-space-size=${DEFAULT_NODE_HEAP_MB}`);
    expect(nodeExecArgv({}, 768)).toContain('--max-old-space-size=768');
  });

  it("leave the heap alone when the operator's NODE_OPTIONS sets it", () => {
    expect(nodeExecArgv({ NODE_OPTIONS: '--max-old-space-size=2048' }).join(' ')).not.toMatch(/max-old-space/);
  });
});
