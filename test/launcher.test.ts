// `npm start` refuses bad configuration and taken ports before it starts anything.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..');

function runLauncher(env: Record<string, string>) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ee-launch-'));
  const result = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), 'src/launcher/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const leftovers = fs.existsSync(path.join(dataDir, 'stack.json')) || fs.existsSync(path.join(dataDir, 'postgres'));
  fs.rmSync(dataDir, { recursive: true, force: true });
  return { ...result, leftovers };
}

describe('npm start', () => {
  it('lists every configuration problem, exits non-zero and starts nothing', () => {
    const result = runLauncher({ US_CAPTURE_PORT: 'x', CA_PARTNER_URL: 'nope' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/US_CAPTURE_PORT="x" is not a TCP port/);
    expect(result.stderr).toMatch(/CA_PARTNER_URL="nope" is not an http\(s\) URL/);
    expect(result.stdout).not.toMatch(/starting/);
    expect(result.leftovers).toBe(false);
  });

  it('names a taken port and the variable that moves it', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const result = runLauncher({
        US_OPERATOR_PORT: String(port),
        TEMPORAL_DEV_PORT: '0',
        TEMPORAL_UI_PORT: '0',
        POSTGRES_PORT: '0',
        CODEC_PORT: '0',
      });
      expect(result.status).toBe(2);
      expect(result.stderr.trim()).toBe(
        `npm start: port ${port} is already in use (US node operator door); set US_OPERATOR_PORT to a free port`,
      );
      expect(result.leftovers).toBe(false);
    } finally {
      server.close();
    }
  });
});
