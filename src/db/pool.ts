// One connection pool per node database, and the creation of that database where it is missing.
import { Client, Pool, type PoolClient, type PoolConfig } from 'pg';

/** `postgres://u:p@host:port` + name, keeping any query string (sslmode and the like). */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Creates the database on the server if it is not there (needs CREATEDB; a managed database is usually made beforehand). */
export async function ensureDatabase(serverUrl: string, database: string): Promise<void> {
  const admin = new Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) {
      try {
        await admin.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
      } catch (err) {
        // Two nodes or test workers racing to create it is fine.
        if ((err as { code?: string }).code !== '42P04') throw err;
      }
    }
  } finally {
    await admin.end();
  }
}

export function createPool(connectionString: string, extra: PoolConfig = {}): Pool {
  // A connection that cannot be made in 10 s fails the activity, which is retried, rather than wait
  // for its start-to-close timeout (seen once after a PostgreSQL restart: docs/reliability.md).
  const pool = new Pool({
    connectionString,
    max: 10,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
    ...extra,
  });
  // An idle client losing its server (a PostgreSQL restart) must not crash the process; the next
  // query reconnects, and activities retry.
  pool.on('error', (err) => console.warn(`postgres pool: idle connection lost (${err.message}); will reconnect`));
  // pg-pool removes its idle listener from a client while it is checked out: a connection lost
  // between two queries of a transaction (a PostgreSQL restart) would then be an unhandled 'error'
  // event and crash the node. The query in flight still gets the error; release() drops the client.
  pool.on('connect', (client) =>
    client.on('error', (err) => console.warn(`postgres client: connection lost (${err.message}); the pool drops it`)),
  );
  return pool;
}

/** A pool or a client inside a transaction: what a store function needs to run its queries. */
export type Queryable = Pick<PoolClient, 'query'>;

/**
 * Runs `work` in one transaction: committed when it returns, rolled back whole when it throws (the
 * error is rethrown). Nothing is ever left half-written. Given a pool it takes a client for the
 * transaction and gives it back; given a client it already holds (one that keeps a session lock
 * across several transactions, as the migrations do) it uses that one and keeps it.
 */
export async function withTransaction<T>(db: Pool | PoolClient, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const held: PoolClient | undefined = 'release' in db ? db : undefined;
  const client: PoolClient = held ?? (await (db as Pool).connect());
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    if (!held) client.release();
  }
}
