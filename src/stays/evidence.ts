// The evidence behind one entry's stay, for an authorised operator: the entry record, the admission
// rule applied (and its source), the stay, its flags with their history, and the search for a
// matching exit (the matches table where the exchange keeps its evidence, else the exits holding
// the same document). Every opening is audited with its purpose, in the same transaction as the read.
import type { Pool } from 'pg';
import { admissionFor } from '../admission/rules';
import type { Country } from '../config';
import { withTransaction } from '../db/pool';
import { personColumns } from '../record/columns';
import { auditRead, type Purpose } from '../privacy/purpose';
import { StayError } from './start';

export interface EvidenceRequest {
  entryId: string;
  actor: string;
  purpose: Purpose;
  via: 'api' | 'cli';
}

const ENTRY_COLUMNS = `id, ${personColumns()}, entered_at, category,
  to_char(admit_until, 'YYYY-MM-DD') AS admit_until, has_stay, version, captured_at,
  to_char(local_date, 'YYYY-MM-DD') AS local_date, time_zone, category_from,
  to_char(original_admit_until, 'YYYY-MM-DD') AS original_admit_until`;

const EXIT_COLUMNS = `e.id, ${personColumns('e')}, e.exited_at, e.batch_id, e.version, e.received_at`;

export async function openEvidence(pool: Pool, country: Country, req: EvidenceRequest) {
  return withTransaction(pool, async (client) => {
    const entry = (await client.query(`SELECT ${ENTRY_COLUMNS} FROM entries WHERE id = $1`, [req.entryId])).rows[0];
    if (!entry) throw new StayError(`no entry ${req.entryId} on the ${country} node; check the entry id`, 404);
    // An inferred category is inferred again, so the evidence says where it came from.
    const decision = admissionFor(country, {
      category: entry.category_from && entry.category_from !== 'captured' ? null : entry.category,
      citizenship: entry.citizenship,
      documentType: entry.document_type,
      documentIssuer: entry.document_issuer,
      enteredAt: (entry.entered_at as Date).toISOString(),
      portOfEntry: entry.port_of_entry,
      admitUntil: entry.admit_until,
      originalAdmitUntil: entry.original_admit_until,
    });
    const stay = (await client.query(`SELECT * FROM stays WHERE entry_id = $1`, [req.entryId])).rows[0] ?? null;
    const flags = (
      await client.query(
        `SELECT kind, since, days_over, exit_id, flagged_at, lifted_at, lifted_reason FROM overstays WHERE entry_id = $1 ORDER BY id`,
        [req.entryId],
      )
    ).rows;

    // The matches the reconciliation made (method, score, evidence); where none exists yet, the
    // search an operator would do by hand: exits holding the same document, after the entry.
    const matched = await client.query(
      `SELECT m.method, m.score, m.evidence, m.matched_at, ${EXIT_COLUMNS}
       FROM matches m JOIN exits e ON e.id = m.exit_id WHERE m.entry_id = $1 ORDER BY m.matched_at`,
      [req.entryId],
    );
    let exitSearch: { source: 'matches' | 'exits'; candidates: unknown[] } = {
      source: 'matches',
      candidates: matched.rows,
    };
    if (matched.rows.length === 0) {
      const { rows } = await client.query(
        `SELECT ${EXIT_COLUMNS} FROM exits e
         WHERE e.document_number = $1 AND e.document_issuer = $2 AND e.exited_at >= $3 ORDER BY e.exited_at LIMIT 20`,
        [entry.document_number, entry.document_issuer, entry.entered_at],
      );
      exitSearch = { source: 'exits', candidates: rows };
    }
    const exitIds = (exitSearch.candidates as Array<{ id: string }>).map((c) => c.id);
    await auditRead(client, {
      actor: req.actor,
      purpose: req.purpose,
      what: 'stay-evidence',
      recordIds: [req.entryId, ...exitIds],
      via: req.via,
    });
    return {
      entry,
      admission: {
        rule: decision.rule,
        category: decision.category,
        category_from: decision.categoryFrom,
        local_date: decision.localDate,
        admit_until: decision.admitUntil,
        admit_until_from: decision.admitUntilFrom,
        // A period only the officer fixes, and none was captured: the date is unknown, no timer runs.
        ...(decision.admitUntilUnknown
          ? { admit_until_unknown: 'the officer fixed no date for this category; no overstay is counted' }
          : {}),
      },
      stay,
      overstay_flags: flags,
      exit_search: exitSearch,
    };
  });
}
