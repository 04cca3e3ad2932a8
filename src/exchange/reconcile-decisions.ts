// What reconciliation does with a page of candidates, decided without the database: the records
// prepared for the matcher, each page's candidate pairs scored by the batch's matcher and resolved
// one to one into matches and review items; and the signal a matched stay
// receives. Pure (test/unit/reconcile-decisions.test.ts); reconcile.ts reads and stores around it.
import { prepare, type BatchMatcher, type MatchResult, type PreparedRecord } from '../matching';
import type { PersonField } from '../record/columns';
import type { ExitRecorded } from '../stays/contract';

/** An entry or an exit as read for matching: its id, the agreed person fields and when it happened. */
export type MatchRecordRow = Record<'id' | PersonField, string> & { at: Date };

export function prepareRow(row: MatchRecordRow): PreparedRecord {
  return prepare({ ...row, entered_at: row.at.toISOString() });
}

/**
 * Scores one page's candidate pairs (an exit and an own entry sharing a blocking key) and resolves
 * them one to one, with the batch's matcher: the matcher estimates its model on the first page (EM on
 * the pairs sharing an identifying key, as `npx entry-exit match` does) and calibrates its thresholds
 * to the population each exit chooses among, all entries still open; later pages reuse both.
 */
export function decidePage(
  page: { entries: PreparedRecord[]; exits: PreparedRecord[]; pairs: Array<{ exit_id: string; entry_id: string }> },
  matcher: BatchMatcher,
): MatchResult {
  const { entries, exits, pairs } = page;
  const entryIndex = new Map(entries.map((e, i) => [e.id, i]));
  const exitIndex = new Map(exits.map((x, i) => [x.id, i]));
  // Grouped by exit: EM's one-to-one constraint counts each exit's candidates together.
  const indexPairs = pairs
    .map((p) => [entryIndex.get(p.entry_id)!, exitIndex.get(p.exit_id)!] as const)
    .sort((x, y) => x[1] - y[1]);
  return matcher.matchPage(entries, exits, indexPairs.flat());
}

/** A match still to be told to its stay. */
export interface UnsignalledMatch {
  exit_id: string;
  entry_id: string;
  method: string;
  score: number;
  exited_at: Date;
  port_of_entry: string;
}

/** The signal a matched stay receives: the exit, where, and how it was joined (evidence stays in matches). */
export function exitSignalOf(row: UnsignalledMatch): ExitRecorded {
  return {
    exitId: row.exit_id,
    exitedAt: row.exited_at.toISOString(),
    port: row.port_of_entry,
    matchedBy: row.method === 'exact' ? 'exact' : 'matcher',
    score: row.score,
  };
}
