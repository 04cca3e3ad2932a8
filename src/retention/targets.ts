// Every table that holds traveller data, and how its rows hang off an entry or an exit id. The
// purge removes the dependants first, then the record itself, in one transaction per page. Tables
// other capabilities create are listed here already and skipped while they do not exist, so this
// works before and after their branches are merged. A new table with traveller data adds a line.
import type { Pool, PoolClient } from 'pg';
import type { Country } from '../config';
import type { RecordKind } from './rules';
import { OWN_CITIZENSHIP } from './rules';

/** The table a kind of record lives in, the instant its retention runs from, and its category. */
export interface RecordSource {
  kind: RecordKind;
  table: 'entries' | 'exits';
  anchorColumn: 'entered_at' | 'exited_at';
  /** SQL giving the row's retention category (see rules.ts entryCategory / exitCategory); `$own` is replaced. */
  categorySql: (node: Country) => string;
}

export const RECORD_SOURCES: Record<RecordKind, RecordSource> = {
  entry: {
    kind: 'entry',
    table: 'entries',
    anchorColumn: 'entered_at',
    categorySql: () =>
      `CASE WHEN r.category IN ('citizen','permanent_resident','visitor','temporary_resident','other') THEN r.category ELSE 'unknown' END`,
  },
  exit: {
    kind: 'exit',
    table: 'exits',
    anchorColumn: 'exited_at',
    categorySql: (node) =>
      `CASE WHEN r.citizenship = '${OWN_CITIZENSHIP[node]}' THEN 'citizen' WHEN r.document_type = 'PR' AND r.document_issuer = '${OWN_CITIZENSHIP[node]}' THEN 'permanent_resident' ELSE 'unknown' END`,
  },
};

/** A table whose rows belong to an entry or exit and must go with it. */
export interface DependentTarget {
  table: string;
  kind: RecordKind;
  /** Column holding the entry or exit id. */
  idColumn: string;
  /** Which capability creates the table (for whoever reads a purge report). */
  owner: 'exchange' | 'stays' | 'matching' | 'persons';
}

export const DEPENDENT_TARGETS: DependentTarget[] = [
  // Exchange: reconciliation evidence joining our entries to the partner's records.
  { table: 'matches', kind: 'entry', idColumn: 'entry_id', owner: 'exchange' },
  { table: 'matches', kind: 'exit', idColumn: 'exit_id', owner: 'exchange' },
  // Exchange: where each entry stands with the partner, and each received record's result. Batch
  // bodies (outbound_batches.body, inbound_batches.records) are cleared when acknowledged, long
  // before any retention ends, so no batch row still holds a record by the time it is purged.
  { table: 'outbound_records', kind: 'entry', idColumn: 'entry_id', owner: 'exchange' },
  { table: 'inbound_results', kind: 'exit', idColumn: 'record_id', owner: 'exchange' },
  // Matching: blocking keys derived from the records, and the pairs waiting for an operator's review.
  { table: 'entry_keys', kind: 'entry', idColumn: 'entry_id', owner: 'matching' },
  { table: 'entry_keys_version', kind: 'entry', idColumn: 'entry_id', owner: 'matching' },
  { table: 'exit_keys', kind: 'exit', idColumn: 'exit_id', owner: 'matching' },
  { table: 'match_review', kind: 'entry', idColumn: 'entry_id', owner: 'matching' },
  { table: 'match_review', kind: 'exit', idColumn: 'exit_id', owner: 'matching' },
  // Stays: the stay of a watched entry and the overstays flagged on it.
  { table: 'overstays', kind: 'entry', idColumn: 'entry_id', owner: 'stays' },
  { table: 'stays', kind: 'entry', idColumn: 'entry_id', owner: 'stays' },
  // Persons: each record's link to its person and the links waiting for an operator.
  { table: 'person_records', kind: 'entry', idColumn: 'entry_id', owner: 'persons' },
  { table: 'person_records', kind: 'exit', idColumn: 'exit_id', owner: 'persons' },
  { table: 'person_link_review', kind: 'entry', idColumn: 'entry_id', owner: 'persons' },
  { table: 'person_link_review', kind: 'exit', idColumn: 'exit_id', owner: 'persons' },
];

/** Dependants of a kind whose table and column exist in this database now. */
export async function presentTargets(db: Pool | PoolClient, kind: RecordKind): Promise<DependentTarget[]> {
  const wanted = DEPENDENT_TARGETS.filter((t) => t.kind === kind);
  const { rows } = (await db.query(
    `SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = current_schema() AND (table_name, column_name) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [wanted.map((t) => t.table), wanted.map((t) => t.idColumn)],
  )) as { rows: Array<{ table_name: string; column_name: string }> };
  const present = new Set(rows.map((r) => `${r.table_name}.${r.column_name}`));
  return wanted.filter((t) => present.has(`${t.table}.${t.idColumn}`));
}
