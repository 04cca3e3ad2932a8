import net from 'node:net';

export class PortTakenError extends Error {
  constructor(
    readonly port: number,
    what: string,
    variable: string,
  ) {
    super(`port ${port} is already in use (${what}); set ${variable} to a free port`);
    this.name = 'PortTakenError';
  }
}

/** Whether something can listen on the port now (probed by listening and closing at once). */
async function canListen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise<boolean>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (err: NodeJS.ErrnoException) =>
      err.code === 'EADDRINUSE' || err.code === 'EACCES' ? resolve(false) : reject(err),
    );
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Fails with one clear line naming the port and the variable that moves it. */
export async function assertPortFree(port: number, what: string, variable: string, host = '127.0.0.1'): Promise<void> {
  if (port === 0) return;
  if (!(await canListen(port, host))) throw new PortTakenError(port, what, variable);
}

/**
 * A port that is free now, picked at random between 20000 and 32000. Below Linux's ephemeral range
 * (32768 and up) on purpose: a port the OS picked for a listener can be handed to an outgoing
 * connection between the pick and the bind (EADDRINUSE seen in the suites), and the real Temporal
 * server stores its services' ports as `smallint`. Falls back to a port the OS picks.
 */
export async function freePort(taken: readonly number[] = []): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (taken.includes(port)) continue;
    if (await canListen(port)) return port;
  }
  for (;;) {
    const port = await osPickedPort();
    if (!taken.includes(port)) return port;
  }
}

function osPickedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
