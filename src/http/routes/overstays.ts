// GET /overstays?as_of=YYYY-MM-DD&purpose=overstay-review: the node's list of suspected overstays
// for its authorities. Ids, dates and categories only, but about travellers: a purpose is required
// and every list read is audited with the ids it showed.
import type { FastifyInstance } from 'fastify';
import { isIsoDate, utcDay } from '../../calendar';
import type { NodeContext } from '../../node/context';
import { auditRead } from '../../privacy/purpose';
import { purposeOrRefuse } from '../purpose';
import { listOverstays } from '../../stays/overstay-list';
import { operatorId } from '../auth';

export function registerOverstayRoutes(app: FastifyInstance, ctx: NodeContext): void {
  app.get<{ Querystring: { as_of?: string; limit?: string; purpose?: string } }>(
    '/overstays',
    { config: { role: 'reader' } },
    async (request, reply) => {
      const purpose = purposeOrRefuse(ctx, request, reply, request.query.purpose, 'overstays');
      if (!purpose) return reply;
      const asOf = request.query.as_of ?? utcDay(ctx.clock.now());
      if (!isIsoDate(asOf)) return reply.status(400).send({ error: 'as_of must be a real date written YYYY-MM-DD' });
      const limit = request.query.limit === undefined ? undefined : Number(request.query.limit);
      if (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
        return reply.status(400).send({ error: 'limit must be a whole number of at least 1' });
      const overstays = await listOverstays(ctx.pool, asOf, { limit });
      await auditRead(ctx.pool, {
        actor: operatorId(request),
        purpose,
        what: 'overstay-list',
        recordIds: overstays.map((o) => o.entry_id),
        via: 'api',
      });
      return { node: ctx.config.country, as_of: asOf, count: overstays.length, overstays };
    },
  );
}
