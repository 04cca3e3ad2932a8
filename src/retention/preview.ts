// What a purge on a given day would remove, without removing anything: the `purge --dry-run` report
// and GET /purge/preview. Counts per kind and category, rows per dependent table, and the held ones.
import type { Pool } from 'pg';
import type { Country, NodeConfig } from '../config';
import { loadRetentionRules } from '../config/retention';
import { recordsDueBy } from './expired';
import { RECORD_KINDS, type RecordKind, type RetentionRule } from './rules';
import { countRowsOf } from './store';
import { presentTargets, RECORD_SOURCES } from './targets';

export interface PurgePreview {
  node: Country;
  asOf: string;
  /** Records that would go, per kind and category. */
  records: Record<RecordKind, Record<string, number>>;
  /** Rows that would go with them, per dependent table. */
  tables: Record<string, number>;
  /** Expired records kept by a legal hold. */
  held: number;
  ids?: Record<RecordKind, string[]>;
}

export async function previewPurge(
  pool: Pool,
  config: NodeConfig,
  asOf: Date,
  opts: { verbose?: boolean; rules?: RetentionRule[] } = {},
): Promise<PurgePreview> {
  const rules = opts.rules ?? loadRetentionRules(config.country);
  const due = await recordsDueBy(pool, rules, config.country, asOf);
  const preview: PurgePreview = {
    node: config.country,
    asOf: asOf.toISOString(),
    records: { entry: {}, exit: {} },
    tables: {},
    held: 0,
  };
  if (opts.verbose) preview.ids = { entry: [], exit: [] };
  for (const record of due) {
    if (record.held) {
      preview.held++;
      continue;
    }
    preview.records[record.kind][record.category] = (preview.records[record.kind][record.category] ?? 0) + 1;
    preview.ids?.[record.kind].push(record.id);
  }
  const idsOf = (kind: RecordKind) => due.filter((r) => r.kind === kind && !r.held).map((r) => r.id);
  // A dependent row can hang off both kinds (a match joins an entry and an exit): count it once.
  const byTable = new Map<string, Array<{ column: string; ids: string[] }>>();
  for (const kind of RECORD_KINDS) {
    preview.tables[RECORD_SOURCES[kind].table] = idsOf(kind).length;
    for (const target of await presentTargets(pool, kind)) {
      byTable.set(target.table, [...(byTable.get(target.table) ?? []), { column: target.idColumn, ids: idsOf(kind) }]);
    }
  }
  for (const [table, links] of byTable) preview.tables[table] = await countRowsOf(pool, table, links);
  return preview;
}
