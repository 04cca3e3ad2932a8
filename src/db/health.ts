// What a health check reads from a node's database: that it answers, its clock, and how far it is migrated.
import type { Queryable } from './pool';

export async function readDatabaseHealth(db: Queryable): Promise<{ now: Date; migrations: number }> {
  const { rows } = await db.query<{ now: Date; migrations: string }>(
    'SELECT now() AS now, (SELECT count(*) FROM schema_migrations) AS migrations',
  );
  return { now: rows[0].now, migrations: Number(rows[0].migrations) };
}
