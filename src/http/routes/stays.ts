// Operator endpoints of the stays: a stay's state (the workflow's query), extension applications
// and decisions (workflow updates, validated in the workflow), and removal orders. Operator token
// required; the state carries ids, dates and statuses only.
import type { UpdateDefinition } from '@temporalio/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { NodeContext } from '../../node/context';
import {
  decideExtensionUpdate,
  requestExtensionUpdate,
  stayStateQuery,
  stayWorkflowId,
  type ExtensionDecision,
  type ExtensionRequest,
  type RemovalOrder,
  type StayState,
} from '../../stays/contract';
import { orderRemoval } from '../../stays/start';
import { auditRead } from '../../privacy/purpose';
import { purposeOrRefuse } from '../purpose';
import { operatorId } from '../auth';
import { sendErrorAnswer } from '../error-answer';
import { stayErrors } from '../../errors/capabilities';

type Params = { entryId: string };

/** The stays' refusals as HTTP answers (src/errors/capabilities.ts); anything else goes to the server's handler. */
export function sendStayError(ctx: NodeContext, reply: FastifyReply, entryId: string, err: unknown) {
  return sendErrorAnswer(reply, err, stayErrors(entryId, ctx.config.country));
}

export function registerStayRoutes(app: FastifyInstance, ctx: NodeContext): void {
  const officer = { config: { role: 'officer' as const } };
  const handle = (entryId: string) => ctx.temporal.workflow.getHandle(stayWorkflowId(ctx.config.country, entryId));

  // A stay's state is about a traveller: a purpose is required, and the read is audited.
  app.get<{ Params: Params; Querystring: { purpose?: string } }>(
    '/stays/:entryId',
    { config: { role: 'reader' } },
    async (request, reply) => {
      const purpose = purposeOrRefuse(ctx, request, reply, request.query.purpose, 'stay');
      if (!purpose) return reply;
      try {
        const state = await handle(request.params.entryId).query(stayStateQuery);
        await auditRead(ctx.pool, {
          actor: operatorId(request),
          purpose,
          what: 'stay',
          recordIds: [request.params.entryId],
          via: 'api',
        });
        return state;
      } catch (err) {
        return sendStayError(ctx, reply, request.params.entryId, err);
      }
    },
  );

  // An extension application or decision: a workflow update, validated in the workflow; logged with ids only.
  const extensionUpdate =
    <A>(update: UpdateDefinition<StayState, [A]>, logMessage: string) =>
    async (request: FastifyRequest<{ Params: Params; Body: A }>, reply: FastifyReply) => {
      try {
        const state = await handle(request.params.entryId).executeUpdate(update, { args: [request.body] });
        ctx.log.info(logMessage, {
          entryId: request.params.entryId,
          operator: operatorId(request),
          status: state.status,
        });
        return state;
      } catch (err) {
        return sendStayError(ctx, reply, request.params.entryId, err);
      }
    };
  app.post<{ Params: Params; Body: ExtensionRequest }>(
    '/stays/:entryId/extension',
    officer,
    extensionUpdate(requestExtensionUpdate, 'stay extension recorded'),
  );
  app.post<{ Params: Params; Body: ExtensionDecision }>(
    '/stays/:entryId/extension-decision',
    officer,
    extensionUpdate(decideExtensionUpdate, 'stay extension decided'),
  );

  app.post<{ Params: Params; Body: RemovalOrder }>('/stays/:entryId/removal-order', officer, async (request, reply) => {
    try {
      const body = (request.body ?? {}) as RemovalOrder;
      const result = await orderRemoval(ctx, request.params.entryId, {
        orderId: body.orderId,
        departBy: body.departBy,
      });
      ctx.log.info('removal order recorded', {
        entryId: request.params.entryId,
        operator: operatorId(request),
        orderId: body.orderId,
      });
      return reply.status(202).send({ accepted: true, stay_id: result.workflowId });
    } catch (err) {
      return sendStayError(ctx, reply, request.params.entryId, err);
    }
  });
}
