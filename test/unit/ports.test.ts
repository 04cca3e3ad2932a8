// Free ports for the doors, the tests and the real Temporal server: below the OS's ephemeral range,
// so an outgoing connection cannot take one between the pick and the bind.
import net from 'node:net';
import { assertPortFree, freePort, PortTakenError } from '../../src/net/ports';

describe('free ports', () => {
  it('picks a bindable port between 20000 and 32000, never one already handed out', async () => {
    const picked: number[] = [];
    for (let i = 0; i < 20; i++) picked.push(await freePort(picked));
    expect(new Set(picked).size).toBe(20);
    for (const port of picked) {
      expect(port).toBeGreaterThanOrEqual(20_000);
      expect(port).toBeLessThan(32_000);
    }
    await expect(assertPortFree(picked[0], 'test', 'X')).resolves.toBeUndefined();
  });

  it('does not pick a port someone listens on, and names the variable that moves a taken one', async () => {
    const server = net.createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    try {
      await expect(assertPortFree(port, 'the capture door', 'US_CAPTURE_PORT')).rejects.toThrow(PortTakenError);
      await expect(assertPortFree(port, 'the capture door', 'US_CAPTURE_PORT')).rejects.toThrow(/US_CAPTURE_PORT/);
      for (let i = 0; i < 50; i++) expect(await freePort()).not.toBe(port);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
