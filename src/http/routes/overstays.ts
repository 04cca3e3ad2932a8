// GET /overstays?as_of=YYYY-MM-DD: the node's list of suspected overstays for its authorities.
// Ids, dates and categories only; operator token required.
import type { FastifyInstance } from 'fastify';
import { isIsoDate } from '../../admission/calendar';
import type { NodeContext } from '../../node/context';
import { listOverstays } from '../../stays/overstay-list';
import { requireOperator } from '../auth';

export function registerOverstayRoutes(app: FastifyInstance, ctx: NodeContext): void {
  app.get<{ Querystring: { as_of?: string; limit?: string } }>(
    '/overstays',
    { preHandler: requireOperator(ctx) },
    async (request, reply) => {
      const asOf = request.query.as_of ?? ctx.clock.now().toISOString().slice(0, 10);
      if (!isIsoDate(asOf)) return reply.status(400).send({ error: 'as_of must be a real date written YYYY-MM-DD' });
      const limit = request.query.limit === undefined ? undefined : Number(request.query.limit);
      if (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
        return reply.status(400).send({ error: 'limit must be a whole number of at least 1' });
      const overstays = await listOverstays(ctx.pool, asOf, { limit });
      return { node: ctx.config.country, as_of: asOf, count: overstays.length, overstays };
    },
  );
}
