// `entry-exit review --node us|ca [--json]`: the pairs reconciliation would not decide (uncertain or
// ambiguous), for an operator. Ids, scores and each field's outcome only: never names or numbers.
import type { Command } from 'commander';
import { openNode, parseCountry } from '../node-access';

interface ReviewRow {
  exit_id: string;
  entry_id: string;
  reason: string;
  score: number;
  competitor_id: string | null;
  competitor_score: number | null;
  evidence: { fields?: Record<string, { outcome: string; weight: number }>; swapped_names?: boolean };
  created_at: Date;
}

export function registerReviewCommand(program: Command): void {
  program
    .command('review')
    .description("list the node's match review items: exit and entry ids, reason, score and field outcomes")
    .requiredOption('--node <us|ca>', 'which node')
    .option('--json', 'one JSON object per line')
    .action(async (opts: { node: string; json?: boolean }) => {
      const country = parseCountry(opts.node);
      const node = await openNode(country, { db: true, temporal: false });
      try {
        const { rows } = await node.pool.query<ReviewRow>(
          `SELECT r.exit_id, r.entry_id, r.reason, r.score, r.competitor_id, r.competitor_score, r.evidence, r.created_at
             FROM match_review r
            WHERE NOT EXISTS (SELECT 1 FROM matches m WHERE m.exit_id = r.exit_id)
            ORDER BY r.created_at, r.exit_id, r.score DESC`,
        );
        for (const row of rows) {
          const outcomes = Object.fromEntries(
            Object.entries(row.evidence.fields ?? {}).map(([field, f]) => [field, f.outcome]),
          );
          const item = {
            exit_id: row.exit_id,
            entry_id: row.entry_id,
            reason: row.reason,
            score: row.score,
            competitor_id: row.competitor_id,
            competitor_score: row.competitor_score,
            swapped_names: row.evidence.swapped_names ?? false,
            fields: outcomes,
          };
          process.stdout.write(
            opts.json
              ? `${JSON.stringify(item)}\n`
              : `${row.exit_id.padEnd(28)} ${row.entry_id.padEnd(28)} ${row.reason.padEnd(16)} ${row.score.toFixed(1).padStart(6)}  ` +
                  `${Object.entries(outcomes)
                    .map(([f, o]) => `${f}=${o}`)
                    .join(' ')}\n`,
          );
        }
        if (!opts.json) process.stderr.write(`${rows.length} pair(s) to review on the ${country} node\n`);
      } finally {
        await node.close();
      }
    });
}
