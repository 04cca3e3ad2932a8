// Residency verification on a node, for a person: any of their documents (or a person, entry or
// exit id) finds them in the person index, and every record linked to them counts, whatever
// document it was made on (a green card one way and a passport the other). The rules are the
// applicant calculator's (./calc.ts); a node's records can lack a partner's record, so a missing
// crossing is a gap the officer sees rather than an error. Every verification is an audited,
// purpose-bound read.
import type { Pool } from 'pg';
import { dayNumber, fromDayNumber, isIsoDate } from '../calendar';
import type { Country } from '../config';
import { withTransaction } from '../db/pool';
import { findPerson, linkPendingRecords, personCrossings, PersonIndexError } from '../persons/person-index';
import { auditRead, type Purpose } from '../privacy/purpose';
import { CALC_RULES, calculateResidency, calcRuleId, type CalcResult } from './calc';
import { ResidencyError } from './errors';
import { EMPTY_DECLARED, parseDeclaredFile, type DatedCrossing } from './inputs';
import { recordLocalDay } from './record-day';
import { compareAbsences, type ComparisonReport } from './compare';
import { timelineFromCrossings, type Timeline } from './timeline';

export interface ResidencyRequest {
  rule: unknown;
  asOf: unknown;
  personId?: unknown;
  documentNumber?: unknown;
  documentIssuer?: unknown;
  entryId?: unknown;
  exitId?: unknown;
  permanentResidentSince?: unknown;
  presentAtStart?: unknown;
  /** The declared periods, as the declared file's JSON object (docs/residency.md). */
  declared?: unknown;
  actor: string;
  purpose: Purpose;
  via: 'api' | 'cli';
}

export interface NodeResidencyReport extends CalcResult {
  person: { id: string; by: string; records: number; entries: number; exits: number };
  gaps: Array<{
    kind: string;
    from: string;
    to: string;
    days: number;
    after_record: string | null;
    before_record: string;
  }>;
  notes: string[];
}

const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const day = fromDayNumber;

interface PersonTimeline {
  timeline: Timeline;
  person: NodeResidencyReport['person'];
  laterRecords: number;
}

/** Finds the person (linking what is pending first), reads every linked record audited, and builds the timeline. */
async function personTimeline(
  pool: Pool,
  req: Omit<ResidencyRequest, 'rule' | 'asOf'>,
  asOf: string,
  what: string,
): Promise<PersonTimeline> {
  await linkPendingRecords(pool);
  let person;
  try {
    person = await findPerson(pool, {
      personId: req.personId,
      entryId: req.entryId,
      exitId: req.exitId,
      documentNumber: req.documentNumber,
      documentIssuer: req.documentIssuer,
    });
  } catch (err) {
    if (err instanceof PersonIndexError) throw new ResidencyError(err.message);
    throw err;
  }
  if (!person)
    throw new ResidencyError(
      'no record on this node belongs to that person or document; check the id or number and issuer',
    );
  const personId = person.personId;
  const records = await withTransaction(pool, async (client) => {
    const rows = await personCrossings(client, personId);
    await auditRead(client, {
      actor: req.actor,
      purpose: req.purpose,
      what,
      recordIds: rows.map((r) => r.id),
      via: req.via,
    });
    return rows;
  });
  const crossings: DatedCrossing[] = records.map((r) => ({
    kind: r.kind,
    day: recordLocalDay(r.at.toISOString(), r.port),
    instant: r.at.getTime(),
    port: r.port,
    source: r.id,
  }));
  const presentAtStart = req.presentAtStart === true || req.presentAtStart === 'true';
  const counted = crossings.filter((c) => c.day <= asOf);
  return {
    timeline: timelineFromCrossings(counted, asOf, {
      missing: 'gap',
      beforeFirstExit: presentAtStart ? 'inside' : 'gap',
    }),
    person: {
      id: personId,
      by: person.by,
      records: records.length,
      entries: records.filter((r) => r.kind === 'entry').length,
      exits: records.filter((r) => r.kind === 'exit').length,
    },
    laterRecords: crossings.length - counted.length,
  };
}

const declaredOf = (raw: unknown) =>
  raw === undefined || raw === null ? EMPTY_DECLARED : parseDeclaredFile(JSON.stringify(raw), 'declared');

export async function verifyResidencyOnNode(
  pool: Pool,
  country: Country,
  req: ResidencyRequest,
): Promise<NodeResidencyReport> {
  const rule = calcRuleId(req.rule);
  if (CALC_RULES[rule].country !== country) {
    throw new ResidencyError(
      `${rule} is verified on the ${CALC_RULES[rule].country} node, which holds that country's entries and exits; this is the ${country} node`,
    );
  }
  if (!isIsoDate(req.asOf)) throw new ResidencyError('as-of must be a real date written YYYY-MM-DD');
  const asOf = req.asOf;
  const prSince = text(req.permanentResidentSince);
  if (prSince !== undefined && !isIsoDate(prSince))
    throw new ResidencyError('pr-since must be a real date written YYYY-MM-DD');
  const declared = declaredOf(req.declared);
  const { timeline, person, laterRecords } = await personTimeline(pool, req, asOf, 'residency');
  const result = calculateResidency({ rule, asOf, prSince, declared, timeline });
  const from = dayNumber(result.window_start);
  const to = dayNumber(result.window_end);
  const gaps = timeline.gaps
    .filter((g) => g.to >= from && g.from <= to)
    .map((g) => {
      const a = Math.max(g.from, from);
      const b = Math.min(g.to, to);
      return {
        kind: g.kind,
        from: day(a),
        to: day(b),
        days: b - a + 1,
        after_record: g.after,
        before_record: g.before,
      };
    });
  const notes: string[] = [];
  if (gaps.length)
    notes.push(
      `${gaps.reduce((n, g) => n + g.days, 0)} day(s) are in gaps where an entry or exit record is missing and are not counted`,
    );
  if (laterRecords) notes.push(`${laterRecords} record(s) after the as-of date are not counted`);
  return { ...result, person, gaps, notes };
}

/**
 * What an officer does with an application: the person's declared absences beside the absences
 * their linked records show on this node, each difference listed (./compare.ts).
 */
export async function compareResidencyOnNode(
  pool: Pool,
  req: Omit<ResidencyRequest, 'rule' | 'permanentResidentSince'> & { since?: unknown },
): Promise<ComparisonReport & { person: NodeResidencyReport['person'] }> {
  if (!isIsoDate(req.asOf)) throw new ResidencyError('as-of must be a real date written YYYY-MM-DD');
  const since = text(req.since);
  if (since !== undefined && !isIsoDate(since))
    throw new ResidencyError('since must be a real date written YYYY-MM-DD');
  const declared = declaredOf(req.declared);
  const { timeline, person } = await personTimeline(pool, req, req.asOf, 'residency-compare');
  return { ...compareAbsences(declared.absences, timeline, req.asOf, since), person };
}
