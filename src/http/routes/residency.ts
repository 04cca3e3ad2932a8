// POST /residency: days physically present for a residency rule, from every entry and exit of one
// person (found by any of their documents, or a person, entry or exit id; docs/residency.md).
// Document numbers travel in the body (never in a URL that proxies log). Purpose required; every
// verification is audited.
import type { FastifyInstance } from 'fastify';
import type { NodeContext } from '../../node/context';
import { PurposeError, requirePurpose } from '../../privacy/purpose';
import { compareResidencyOnNode, verifyResidencyOnNode } from '../../residency/verify';
import { operatorId } from '../auth';
import { utcDay } from '../../calendar';
import { sendErrorAnswer } from '../error-answer';
import { purposeErrors, residencyErrors } from '../../errors/capabilities';

interface ResidencyBody {
  rule?: unknown;
  as_of?: unknown;
  document_number?: unknown;
  document_issuer?: unknown;
  entry_id?: unknown;
  exit_id?: unknown;
  person_id?: unknown;
  pr_since?: unknown;
  declared?: unknown;
  present_at_start?: unknown;
  purpose?: unknown;
}

export function registerResidencyRoutes(app: FastifyInstance, ctx: NodeContext): void {
  app.post<{ Body: ResidencyBody }>('/residency', { config: { role: 'reader' } }, async (request, reply) => {
    const body = request.body && typeof request.body === 'object' ? request.body : ({} as ResidencyBody);
    try {
      const purpose = requirePurpose(body.purpose, 'residency');
      return await verifyResidencyOnNode(ctx.pool, ctx.config.country, {
        rule: body.rule,
        asOf: body.as_of ?? utcDay(ctx.clock.now()),
        documentNumber: body.document_number,
        documentIssuer: body.document_issuer,
        entryId: body.entry_id,
        exitId: body.exit_id,
        personId: body.person_id,
        permanentResidentSince: body.pr_since,
        declared: body.declared,
        presentAtStart: body.present_at_start,
        actor: operatorId(request),
        purpose,
        via: 'api',
      });
    } catch (err) {
      if (err instanceof PurposeError)
        ctx.log.warn('residency read refused: no valid purpose', { operator: operatorId(request) });
      return sendErrorAnswer(reply, err, purposeErrors, residencyErrors);
    }
  });

  // The officer's comparison: the declared absences beside this person's records on the node.
  app.post<{ Body: ResidencyBody & { since?: unknown } }>(
    '/residency/compare',
    { config: { role: 'reader' } },
    async (request, reply) => {
      const body = request.body && typeof request.body === 'object' ? request.body : ({} as ResidencyBody);
      try {
        const purpose = requirePurpose(body.purpose, 'residency');
        return await compareResidencyOnNode(ctx.pool, {
          asOf: body.as_of ?? utcDay(ctx.clock.now()),
          since: (body as { since?: unknown }).since,
          documentNumber: body.document_number,
          documentIssuer: body.document_issuer,
          entryId: body.entry_id,
          exitId: body.exit_id,
          personId: body.person_id,
          presentAtStart: body.present_at_start,
          declared: body.declared,
          actor: operatorId(request),
          purpose,
          via: 'api',
        });
      } catch (err) {
        return sendErrorAnswer(reply, err, purposeErrors, residencyErrors);
      }
    },
  );
}
