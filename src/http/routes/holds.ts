// Legal holds and purge over the operator door, for administrators only: the person placing or
// releasing a hold, or starting a purge, is the credential's holder (audited by name).
// GET /holds, POST /holds {record_id, kind, reason}, POST /holds/release {record_id, kind},
// GET /purge/preview?as_of=YYYY-MM-DD (counts), POST /purge (starts the node's purge workflow).
import type { FastifyInstance } from 'fastify';
import { previewPurge } from '../../retention/preview';
import { isIsoDate, utcDay } from '../../calendar';
import type { NodeContext } from '../../node/context';
import { listHolds, placeHold, releaseHold } from '../../retention/holds';
import { RECORD_KINDS, type RecordKind } from '../../retention/rules';
import { purgeExpiredRecords } from '../../../workflows/purge';
import { operatorId } from '../auth';
import { sendErrorAnswer } from '../error-answer';
import { holdErrors } from '../../errors/capabilities';

const administrator = { config: { role: 'administrator' as const } };

function holdTarget(body: unknown): { recordId: string; kind: RecordKind } | string {
  const b = (body ?? {}) as { record_id?: unknown; kind?: unknown };
  if (typeof b.record_id !== 'string' || b.record_id.length === 0 || b.record_id.length > 64)
    return 'record_id is required: the id of the entry or exit (1-64 characters)';
  if (!RECORD_KINDS.includes(b.kind as RecordKind)) return `kind must be one of ${RECORD_KINDS.join(', ')}`;
  return { recordId: b.record_id, kind: b.kind as RecordKind };
}

export function registerHoldRoutes(app: FastifyInstance, ctx: NodeContext): void {
  app.get('/holds', administrator, async () => ({ holds: await listHolds(ctx.pool) }));

  app.post<{ Body: { reason?: unknown } }>('/holds', administrator, async (request, reply) => {
    const target = holdTarget(request.body);
    if (typeof target === 'string') return reply.status(400).send({ error: target });
    const reason = request.body?.reason;
    if (typeof reason !== 'string') return reply.status(400).send({ error: 'reason is required: the case or request' });
    try {
      const { hold, created } = await placeHold(ctx.pool, { ...target, reason, placedBy: operatorId(request) });
      return reply.status(created ? 201 : 200).send({ hold });
    } catch (err) {
      return sendErrorAnswer(reply, err, holdErrors('place'));
    }
  });

  app.post('/holds/release', administrator, async (request, reply) => {
    const target = holdTarget(request.body);
    if (typeof target === 'string') return reply.status(400).send({ error: target });
    try {
      return { hold: await releaseHold(ctx.pool, { ...target, releasedBy: operatorId(request) }) };
    } catch (err) {
      return sendErrorAnswer(reply, err, holdErrors('release'));
    }
  });

  app.get<{ Querystring: { as_of?: string } }>('/purge/preview', administrator, async (request, reply) => {
    const asOf = request.query.as_of ?? utcDay(ctx.clock.now());
    if (!isIsoDate(asOf)) return reply.status(400).send({ error: 'as_of must be a real date written YYYY-MM-DD' });
    const { records, tables, held } = await previewPurge(ctx.pool, ctx.config, new Date(`${asOf}T00:00:00Z`));
    return { as_of: asOf, records, tables, held };
  });

  app.post('/purge', administrator, async (request, reply) => {
    const workflowId = `purge-${ctx.config.country.toLowerCase()}-api-${ctx.clock.now().toISOString().replace(/[:.]/g, '-')}`;
    await ctx.temporal.workflow.start(purgeExpiredRecords, {
      workflowId,
      taskQueue: ctx.config.temporal.taskQueue,
      args: [{}],
    });
    ctx.log.info('purge started from the operator API', { workflowId, operator: operatorId(request) });
    return reply.status(202).send({ workflow_id: workflowId });
  });
}
