// POST /entries: capture from this node's ports. All-or-nothing per request (see src/capture).
// The capture door has authenticated the port; a port submits entries of its own port only.
import type { FastifyInstance } from 'fastify';
import { captureEntries, recordsOfBody } from '../../capture/capture';
import type { Country } from '../../config';
import type { NodeContext } from '../../node/context';
import { observeCapture } from '../../observability/metrics';
import { writeAudit } from '../../db/audit';
import { normalisePortCode, PORTS } from '../../record/ports';

/**
 * Records that name another port of this node than the one whose credential sent them, as
 * capture's problem list. The port is compared as the record will be stored (normalisePortCode, the
 * schema's own transform), so `us-derby-line` or ` US-DERBY-LINE ` is US-DERBY-LINE here too. A
 * record naming no port, an unknown one or the other country's is left to validation, which refuses
 * it with its own reason.
 */
function foreignPortRecords(records: unknown[], portCode: string, country: Country) {
  const problems: Array<{ index: number; problems: string[] }> = [];
  records.forEach((record, index) => {
    const raw = (record as { port_of_entry?: unknown } | null)?.port_of_entry;
    const port = typeof raw === 'string' ? normalisePortCode(raw) : undefined;
    if (port !== undefined && port !== portCode && PORTS.get(port)?.country === country) {
      problems.push({
        index,
        problems: [
          `port_of_entry must be ${portCode}, the port this credential belongs to; each port sends its own entries`,
        ],
      });
    }
  });
  return problems;
}

export function registerEntryRoutes(app: FastifyInstance, ctx: NodeContext): void {
  app.post('/entries', async (request, reply) => {
    const records = recordsOfBody(request.body);
    if (!records)
      return reply
        .status(400)
        .send({ error: 'send one record (a JSON object), an array of records, or {"records":[...]}' });
    const foreign = foreignPortRecords(records, request.portCode!, ctx.config.country);
    if (foreign.length > 0) {
      ctx.log.warn('capture refused: records for another port', { port: request.portCode, records: foreign.length });
      // A port's credential used for another port's entries is a security refusal: audited, by port.
      await writeAudit(ctx.pool, {
        actor: `port:${request.portCode}`,
        action: 'capture.refused-other-port',
        counts: { records: records.length, other_port: foreign.length },
        details: { remote: request.ip },
      });
      return reply
        .status(403)
        .send({ error: `port ${request.portCode} may submit its own entries only`, records: foreign });
    }
    const outcome = await captureEntries(ctx, records);
    observeCapture(ctx, records, outcome);
    if (!outcome.ok && outcome.status === 503)
      return reply
        .status(503)
        .header('retry-after', '5')
        .send({ error: outcome.error, stored: outcome.stored, already: outcome.already });
    if (!outcome.ok) return reply.status(outcome.status).send({ error: outcome.error, records: outcome.records });
    return reply.status(outcome.stored > 0 ? 201 : 200).send({ stored: outcome.stored, already: outcome.already });
  });
}
