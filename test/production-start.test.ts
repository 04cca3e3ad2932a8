// Fail closed (issue 16, docs/security.md): `npx entry-exit node US` refuses to start while any
// secret is missing, names each one, and writes nothing (no data directory, no database, no
// demo keys). Configuration rules that guard the doors are checked here too, without a server.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { missingProductionSecrets, readNodeConfig } from '../src/config';
import { generateNodeKeys, nodeKeyEnv } from '../src/config/keys';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { postSigned } from '../src/exchange/post-signed';
import { roleFromClaim } from '../src/http/auth';
import type { NodeContext } from '../src/node/context';
import { suiteId } from './support/nodes';

const BIN = path.resolve(__dirname, '..', 'bin', 'entry-exit.js');

function runNodeCommand(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, 'node', 'US'],
      { env: { PATH: process.env.PATH!, HOME: process.env.HOME!, ...env }, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('the production start, `npx entry-exit node US`', () => {
  it('refuses to start without its secrets, naming each, and writes nothing', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ee-prod-'));
    const databaseName = `t_${suiteId()}_prod`;
    const run = await runNodeCommand({
      DATA_DIR: dataDir,
      DATABASE_URL: process.env.DATABASE_URL!,
      TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS!,
      US_DATABASE_NAME: databaseName,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/refusing to start the US node \(nothing was started or written\)/);
    for (const named of [
      /US_SIGNING_KEY is not set/,
      /US_PARTNER_PUBLIC_KEYS is not set/,
      /US_PAYLOAD_KEYS is not set/,
      /no operator credentials: set US_OIDC_ISSUER, US_OIDC_AUDIENCE and US_OIDC_JWKS_URL, or US_OPERATORS/,
      /US_PORT_TOKENS is not set/,
    ])
      expect(run.stderr).toMatch(named);
    // Nothing written: no demo keys, no stack file, no database.
    expect(fs.readdirSync(dataDir)).toEqual([]);
    const pg = new Client({ connectionString: process.env.DATABASE_URL });
    await pg.connect();
    try {
      const { rowCount } = await pg.query('SELECT 1 FROM pg_database WHERE datname = $1', [databaseName]);
      expect(rowCount).toBe(0);
    } finally {
      await pg.end();
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('names only what is missing: with every secret but the port tokens, it asks for those alone', async () => {
    const keys = { US: generateNodeKeys('US'), CA: generateNodeKeys('CA') };
    const env = nodeKeyEnv('US', keys.US, keys.CA, 'ca-1');
    delete env.US_PORT_TOKENS;
    const { config, problems } = readNodeConfig('US', env);
    expect(problems).toEqual([]);
    expect(missingProductionSecrets(config)).toEqual([
      'US_PORT_TOKENS is not set: one token per port, as PORT_CODE=TOKEN,...',
    ]);
    expect(missingProductionSecrets(readNodeConfig('US', nodeKeyEnv('US', keys.US, keys.CA, 'ca-1')).config)).toEqual(
      [],
    );
  });
});

describe('door configuration', () => {
  const token = 'A'.repeat(43);

  it('wants HTTPS to the partner, except on loopback', () => {
    expect(readNodeConfig('US', { US_PARTNER_URL: 'http://ca.partner.example:8412' }).problems).toEqual([
      'US_PARTNER_URL="http://ca.partner.example:8412" is plain http to another machine; use https:// (http is for loopback only)',
    ]);
    expect(readNodeConfig('US', { US_PARTNER_URL: 'https://ca.partner.example' }).problems).toEqual([]);
    expect(readNodeConfig('US', { US_PARTNER_URL: 'http://127.0.0.1:9000' }).problems).toEqual([]);
    expect(readNodeConfig('US', { US_PARTNER_URL: 'http://localhost:9000' }).problems).toEqual([]);
  });

  it('binds each port token to a port of this node, long enough, and never shared', () => {
    const { config, problems } = readNodeConfig('US', {
      US_PORT_TOKENS: `US-CHAMPLAIN=${token},CA-LACOLLE=${'B'.repeat(43)},US-CALAIS=short,US-HOULTON=${token}`,
    });
    expect(config.portTokens['US-CHAMPLAIN']).toBe(token);
    expect(problems).toEqual([
      'US_PORT_TOKENS names "CA-LACOLLE", which is not a US port code',
      expect.stringMatching(
        /^US_PORT_TOKENS token of port US-CALAIS is shorter than 43 characters; use 32 random bytes/,
      ),
      'US_PORT_TOKENS/US_OPERATORS: a token is used twice; give every port and operator its own',
    ]);
  });

  it('reads one credential per operator with a role, and OIDC settings as a set', () => {
    const { config, problems } = readNodeConfig('CA', {
      CA_OPERATORS: `m.roy:officer=${token},l.chen:janitor=${'C'.repeat(43)}`,
      CA_OIDC_ISSUER: 'https://idp.cbsa.example',
    });
    expect(config.operators).toEqual([{ name: 'm.roy', role: 'officer', token }]);
    expect(problems).toEqual([
      'CA_OPERATORS entry "l.chen:janitor" is not NAME:ROLE=TOKEN with ROLE one of reader, officer, administrator',
      'CA_OIDC_ISSUER, CA_OIDC_AUDIENCE, CA_OIDC_JWKS_URL go together: set all three for OIDC sign-in, or none',
    ]);
    const oidc = readNodeConfig('CA', {
      CA_OIDC_ISSUER: 'https://idp.cbsa.example',
      CA_OIDC_AUDIENCE: 'entry-exit',
      CA_OIDC_JWKS_URL: 'http://idp.cbsa.example/jwks',
    });
    expect(oidc.problems).toEqual(['CA_OIDC_JWKS_URL must be https:// (http is for loopback only)']);
    expect(oidc.config.oidc).toMatchObject({ actorClaim: 'sub', roleClaim: 'roles' });
  });

  it('takes the highest entry-exit role from a role claim and ignores others', () => {
    expect(roleFromClaim(['reader', 'administrator', 'officer'])).toBe('administrator');
    expect(roleFromClaim('officer')).toBe('officer');
    expect(roleFromClaim(['admin', 'superuser', 42])).toBeUndefined();
    expect(roleFromClaim(undefined)).toBeUndefined();
  });
});

describe('transmission to the partner', () => {
  it('refuses a redirect: a signed batch goes to the configured partner URL only', async () => {
    let elsewhere = 0;
    const other = http.createServer((_req, res) => {
      elsewhere++;
      res.writeHead(202, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const redirector = http.createServer((_req, res) => {
      res
        .writeHead(307, { location: `http://127.0.0.1:${(other.address() as AddressInfo).port}/intake/batches` })
        .end();
    });
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
    try {
      const keys = generateNodeKeys('US');
      const { config } = readNodeConfig('US', {
        US_SIGNING_KEY: keys.signingKey,
        US_PARTNER_URL: `http://127.0.0.1:${(redirector.address() as AddressInfo).port}`,
      });
      const ctx = { config } as NodeContext;
      await expect(postSigned(ctx, 'batch', '/intake/batches', '{}', 'batch T-1')).rejects.toThrow(
        /partner unreachable at http:\/\/127\.0\.0\.1:\d+ sending batch T-1/,
      );
      expect(elsewhere).toBe(0);
    } finally {
      redirector.close();
      other.close();
    }
  });
});
