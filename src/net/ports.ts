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

/** Fails with one clear line naming the port and the variable that moves it. */
export async function assertPortFree(port: number, what: string, variable: string, host = '127.0.0.1'): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' || err.code === 'EACCES' ? new PortTakenError(port, what, variable) : err),
    );
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve()));
  });
}

/** A port that is free now (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
