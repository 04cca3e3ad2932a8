// GET /exchange/rejected: own records the partner refused and not yet corrected, with the reason.
// Ids and reasons only (no traveller data), so a reader may list them.
import type { FastifyInstance } from 'fastify';
import type { NodeContext } from '../../node/context';

export function registerRejectedRoutes(app: FastifyInstance, ctx: NodeContext): void {
  app.get('/exchange/rejected', { config: { role: 'reader' } }, async () => {
    const { rows } = await ctx.pool.query(
      `SELECT o.entry_id AS id, o.version, o.batch_id, o.reason, o.updated_at AS rejected_at
       FROM outbound_records o JOIN entries e ON e.id = o.entry_id AND e.version = o.version
       WHERE o.status = 'rejected' ORDER BY o.updated_at, o.entry_id LIMIT 1000`,
    );
    return { rejected: rows };
  });
}
