// Operator endpoints of the person index (docs/residency.md, "The person index"). References to a
// person travel in the body (a document number never in a URL). Reads name a purpose and are
// audited; splits, merges and removal orders are audited with the operator.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { isIsoDate, utcDay } from '../../calendar';
import type { NodeContext } from '../../node/context';
import {
  decidePersonReview,
  findPerson,
  linkPendingRecords,
  personForIdentity,
  personLinks,
  personReviewList,
  splitPerson,
} from '../../persons/person-index';
import { personRemovalOrders, placePersonRemovalOrder } from '../../persons/removal';
import { auditRead, requirePurpose } from '../../privacy/purpose';
import { operatorId } from '../auth';
import { sendErrorAnswer } from '../error-answer';
import { personErrors } from '../../errors/capabilities';

type Body = Record<string, unknown>;
const bodyOf = (b: unknown): Body => (b && typeof b === 'object' && !Array.isArray(b) ? (b as Body) : {});
const refOf = (b: Body) => ({
  personId: b.person_id,
  documentNumber: b.document_number,
  documentIssuer: b.document_issuer,
  entryId: b.entry_id,
  exitId: b.exit_id,
});

function sendError(reply: FastifyReply, err: unknown) {
  return sendErrorAnswer(reply, err, personErrors);
}

export function registerPersonRoutes(app: FastifyInstance, ctx: NodeContext): void {
  // The operator door authenticates every request; each route names the least role it needs.
  const reader = { config: { role: 'reader' as const } };
  const officer = { config: { role: 'officer' as const } };
  const today = () => utcDay(ctx.clock.now());

  async function personOr404(reply: FastifyReply, b: Body, hint = ''): Promise<string | null> {
    await linkPendingRecords(ctx.pool);
    const found = await findPerson(ctx.pool, refOf(b));
    if (!found) {
      await reply.status(404).send({
        error: `no record on the ${ctx.config.country} node belongs to that person, record or document${hint}`,
      });
      return null;
    }
    return found.personId;
  }

  app.post('/persons/lookup', reader, async (request, reply) => {
    const b = bodyOf(request.body);
    try {
      const purpose = requirePurpose(b.purpose, 'record');
      const personId = await personOr404(reply, b);
      if (!personId) return reply;
      const records = await personLinks(ctx.pool, personId);
      await auditRead(ctx.pool, {
        actor: operatorId(request),
        purpose,
        what: 'person',
        recordIds: records.map((r: { record_id: string }) => r.record_id),
        via: 'api',
      });
      return { person_id: personId, records };
    } catch (err) {
      return sendError(reply, err);
    }
  });

  app.post<{ Params: { personId: string } }>('/persons/:personId/split', officer, async (request, reply) => {
    const b = bodyOf(request.body);
    try {
      if (!Array.isArray(b.records) || !b.records.every((r) => typeof r === 'string'))
        return reply.status(400).send({ error: 'records must be a list of entry/exit ids to move to a new person' });
      return await splitPerson(ctx.pool, {
        personId: request.params.personId,
        recordIds: b.records as string[],
        actor: operatorId(request),
        reason: b.reason,
      });
    } catch (err) {
      return sendError(reply, err);
    }
  });

  app.get('/persons/review', reader, async () => {
    await linkPendingRecords(ctx.pool);
    return { items: await personReviewList(ctx.pool) };
  });

  app.post<{ Params: { reviewId: string } }>('/persons/review/:reviewId/decision', officer, async (request, reply) => {
    const b = bodyOf(request.body);
    try {
      if (!/^\d{1,18}$/.test(request.params.reviewId))
        return reply.status(400).send({ error: 'the review id is a number' });
      return await decidePersonReview(ctx.pool, {
        reviewId: request.params.reviewId,
        decision: b.decision,
        actor: operatorId(request),
        reason: b.reason,
      });
    } catch (err) {
      return sendError(reply, err);
    }
  });

  app.post('/persons/removal-order', officer, async (request, reply) => {
    const b = bodyOf(request.body);
    try {
      // Someone with no record on this node yet (arrived by air) is placed in the index by identity.
      let personId: string | null;
      if (b.identity !== undefined) {
        await linkPendingRecords(ctx.pool);
        personId = await personForIdentity(ctx.pool, b.identity, operatorId(request));
      } else {
        personId = await personOr404(reply, b, '; give "identity" to place the order on a person with no record yet');
        if (!personId) return reply;
      }
      const order = await placePersonRemovalOrder(ctx.pool, {
        personId,
        orderId: b.order_id,
        departBy: b.depart_by,
        issuedOn: b.issued_on,
        actor: operatorId(request),
        today: today(),
      });
      ctx.log.info('removal order on a person recorded', {
        personId,
        orderId: order.order_id,
        operator: operatorId(request),
      });
      return reply.status(201).send(order);
    } catch (err) {
      return sendError(reply, err);
    }
  });

  app.get<{ Querystring: { as_of?: string } }>('/persons/removal-orders', reader, async (request, reply) => {
    const asOf = request.query.as_of ?? today();
    if (!isIsoDate(asOf)) return reply.status(400).send({ error: 'as_of must be a real date written YYYY-MM-DD' });
    await linkPendingRecords(ctx.pool);
    return { as_of: asOf, orders: await personRemovalOrders(ctx.pool, asOf) };
  });
}
