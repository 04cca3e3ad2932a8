import { ConfigError, DEFAULT_MAX_CACHED_WORKFLOWS, loadConfig, readNodeConfig } from '../../src/config';

describe('node configuration', () => {
  it('has working defaults for both nodes', () => {
    const { nodes } = loadConfig({});
    expect(nodes.US).toMatchObject({
      country: 'US',
      doors: {
        capture: { host: '127.0.0.1', port: 8401 },
        partner: { host: '127.0.0.1', port: 8411 },
        operator: { host: '127.0.0.1', port: 8421 },
      },
      databaseName: 'entry_exit_us',
      // The partner's partner door, nothing else of it.
      partnerUrl: 'http://127.0.0.1:8412',
    });
    expect(nodes.US.temporal).toMatchObject({
      namespace: 'us-cbp',
      taskQueue: 'us-cbp-main',
      stayTaskQueue: 'us-cbp-stays',
      address: undefined,
    });
    expect(nodes.CA.temporal.namespace).toBe('ca-cbsa');
    expect(nodes.CA.partnerUrl).toBe('http://127.0.0.1:8411');
  });

  it('lets the prefixed variable win over the shared one, for a cluster per node', () => {
    const { config } = readNodeConfig('CA', {
      TEMPORAL_ADDRESS: 'shared:7233',
      CA_TEMPORAL_ADDRESS: 'ca.tmprl.cloud:7233',
      TEMPORAL_API_KEY: 'k',
    });
    expect(config.temporal.address).toBe('ca.tmprl.cloud:7233');
    expect(config.temporal.apiKey).toBe('k');
    expect(config.temporal.tls).toBeDefined();
  });

  it('reports every problem at once, naming the variable and what to do', () => {
    let caught: unknown;
    try {
      loadConfig({
        US_CAPTURE_PORT: 'eighty',
        CA_PARTNER_URL: 'ftp://x',
        CA_PAYLOAD_KEYS: 'k1=c2hvcnQ=',
        TEMPORAL_TLS_CERT: '/cert.pem',
        US_OPERATORS: 'ana:officer=short',
        DATABASE_URL: 'mysql://x',
      });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems.join('\n');
    expect(problems).toMatch(/US_CAPTURE_PORT="eighty" is not a TCP port/);
    expect(problems).toMatch(/CA_PARTNER_URL="ftp:\/\/x" is not an http\(s\) URL/);
    expect(problems).toMatch(/CA_PAYLOAD_KEYS key "k1" is not 32 bytes/);
    expect(problems).toMatch(/TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together/);
    expect(problems).toMatch(/US_OPERATORS token of operator ana is shorter than 43 characters/);
    expect(problems).toMatch(/DATABASE_URL must start with postgres/);
    expect((caught as ConfigError).problems.length).toBeGreaterThanOrEqual(6);
  });

  it('refuses two nodes on one port or one namespace', () => {
    expect(() => loadConfig({ US_CAPTURE_PORT: '9000', CA_OPERATOR_PORT: '9000' })).toThrow(
      /US_CAPTURE_PORT and CA_OPERATOR_PORT are both 9000/,
    );
    expect(() => loadConfig({ US_CAPTURE_PORT: '9000', US_PARTNER_PORT: '9000' })).toThrow(/each door/);
    expect(() => loadConfig({ US_TEMPORAL_NAMESPACE: 'same', CA_TEMPORAL_NAMESPACE: 'same' })).toThrow(
      /share one Temporal namespace/,
    );
  });

  it('bounds the worker cache per node: default, override, and a clear refusal of nonsense', () => {
    expect(readNodeConfig('US', {}).config.maxCachedWorkflows).toBe(DEFAULT_MAX_CACHED_WORKFLOWS);
    const { config, problems } = readNodeConfig('CA', { CA_MAX_CACHED_WORKFLOWS: '250', US_MAX_CACHED_WORKFLOWS: '9' });
    expect(problems).toEqual([]);
    expect(config.maxCachedWorkflows).toBe(250);
    expect(readNodeConfig('US', { US_MAX_CACHED_WORKFLOWS: '0' }).config.maxCachedWorkflows).toBe(0);
    for (const bad of ['many', '-5', '1.5', '2000000']) {
      const read = readNodeConfig('US', { US_MAX_CACHED_WORKFLOWS: bad });
      expect(read.problems).toEqual([
        expect.stringMatching(/^US_MAX_CACHED_WORKFLOWS=".*" is not a whole number from 0/),
      ]);
      expect(read.config.maxCachedWorkflows).toBe(DEFAULT_MAX_CACHED_WORKFLOWS);
    }
    expect(readNodeConfig('CA', { CA_MAX_CACHED_WORKFLOWS: '1' }).problems).toEqual([
      'CA_MAX_CACHED_WORKFLOWS=1 is too small; use 0 (cache off) or at least 2',
    ]);
  });
});
