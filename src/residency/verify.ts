// Residency verification on a node: reads one person's entries (into this country) and exits (the
// partner's entries, i.e. departures from this country), then applies the rule. The person is
// identified by document number and issuer, or by one of their entry ids (whose document is then
// used). Every verification is a purpose-bound read of traveller data and is audited.
import type { Pool } from 'pg';
import { isIsoDate } from '../admission/calendar';
import type { Country } from '../config';
import { auditRead, type Purpose } from '../privacy/purpose';
import type { Crossing } from './presence';
import { isResidencyRule, RESIDENCY_RULES, ResidencyError, verifyResidency, type ResidencyReport } from './rules';

export interface ResidencyRequest {
  rule: unknown;
  asOf: unknown;
  documentNumber?: unknown;
  documentIssuer?: unknown;
  entryId?: unknown;
  permanentResidentSince?: unknown;
  presentAtStart?: unknown;
  actor: string;
  purpose: Purpose;
  via: 'api' | 'cli';
}

const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

export async function verifyResidencyOnNode(
  pool: Pool,
  country: Country,
  req: ResidencyRequest,
): Promise<ResidencyReport & { person: { by: 'document' | 'entry'; records: number } }> {
  if (!isResidencyRule(req.rule))
    throw new ResidencyError(`rule must be one of ${Object.keys(RESIDENCY_RULES).join(', ')}`);
  const rule = RESIDENCY_RULES[req.rule];
  if (rule.country !== country) {
    throw new ResidencyError(
      `${req.rule} is verified on the ${rule.country} node, which holds that country's entries and exits; this is the ${country} node`,
    );
  }
  if (!isIsoDate(req.asOf)) throw new ResidencyError('as-of must be a real date written YYYY-MM-DD');
  const prSince = text(req.permanentResidentSince);
  if (prSince !== undefined && !isIsoDate(prSince))
    throw new ResidencyError('pr-since must be a real date written YYYY-MM-DD');

  if (req.rule === 'ca-citizenship' && prSince === undefined) {
    throw new ResidencyError(
      'ca-citizenship needs the date the person became a permanent resident (pr_since / --pr-since)',
    );
  }
  let documentNumber = text(req.documentNumber)?.replace(/[\s-]/g, '').toUpperCase();
  let documentIssuer = text(req.documentIssuer)?.toUpperCase();
  const entryId = text(req.entryId);
  let by: 'document' | 'entry' = 'document';
  if (entryId !== undefined) {
    const { rows } = await pool.query('SELECT document_number, document_issuer FROM entries WHERE id = $1', [entryId]);
    if (!rows[0]) throw new ResidencyError(`no entry ${entryId} on the ${country} node; check the entry id`);
    documentNumber = rows[0].document_number;
    documentIssuer = rows[0].document_issuer;
    by = 'entry';
  } else if (!documentNumber || !documentIssuer) {
    throw new ResidencyError('identify the person by document number and issuer (both), or by one of their entry ids');
  }

  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ id: string; kind: 'entry' | 'exit'; at: Date; port: string }>(
      `SELECT id, 'entry' AS kind, entered_at AS at, port_of_entry AS port FROM entries WHERE document_number = $1 AND document_issuer = $2
       UNION ALL
       SELECT id, 'exit' AS kind, exited_at AS at, port_of_entry AS port FROM exits WHERE document_number = $1 AND document_issuer = $2`,
      [documentNumber, documentIssuer],
    );
    const crossings: Crossing[] = rows.map((r) => ({ id: r.id, kind: r.kind, at: r.at.toISOString(), port: r.port }));
    await auditRead(client, {
      actor: req.actor,
      purpose: req.purpose,
      what: 'residency',
      recordIds: crossings.map((c) => c.id),
      via: req.via,
    });
    await client.query('COMMIT');
    const report = verifyResidency({
      rule: req.rule,
      asOf: req.asOf,
      crossings,
      permanentResidentSince: prSince,
      presentAtStart: req.presentAtStart === true || req.presentAtStart === 'true',
    });
    return { ...report, person: { by, records: crossings.length } };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
