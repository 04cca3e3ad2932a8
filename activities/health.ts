// Health: proves a node's worker can reach its database. Read-only, so naturally idempotent.
import type { NodeContext } from '../src/node/context';

export interface HealthReport {
  country: string;
  namespace: string;
  databaseTime: string;
  migrations: number;
}

export function createHealthActivities(ctx: NodeContext) {
  return {
    async checkDatabase(): Promise<HealthReport> {
      const { rows } = await ctx.pool.query<{ now: Date; migrations: string }>(
        'SELECT now() AS now, (SELECT count(*) FROM schema_migrations) AS migrations',
      );
      return {
        country: ctx.config.country,
        namespace: ctx.config.temporal.namespace,
        databaseTime: rows[0].now.toISOString(),
        migrations: Number(rows[0].migrations),
      };
    },
  };
}
