// Health: proves a node's worker can reach its database. Read-only, so naturally idempotent.
import { readDatabaseHealth } from '../src/db/health';
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
      const { now, migrations } = await readDatabaseHealth(ctx.pool);
      return {
        country: ctx.config.country,
        namespace: ctx.config.temporal.namespace,
        databaseTime: now.toISOString(),
        migrations,
      };
    },
  };
}
