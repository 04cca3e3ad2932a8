// `entry-exit review --node us|ca [--json]`: the pairs reconciliation would not decide (uncertain or
// ambiguous), for an operator. Ids, scores and each field's outcome only: never names or numbers.
// `entry-exit review decide --node ca --exit X --entry Y --accept|--reject --reason "…"` decides one.
import type { Command } from 'commander';
import { decideReview } from '../../matching/review-decision';
import { reviewErrors } from '../../errors/capabilities';
import { CliError, cliErrorFor } from '../errors';
import { openNode, parseCountry } from '../node-access';
import { cliActor } from './holds';

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
  // Positional options: `review --node` and `review decide --node` are each their own command's.
  const review = program.command('review').enablePositionalOptions();
  review
    .description("list the node's match review items: exit and entry ids, reason, score and field outcomes")
    .option('--node <us|ca>', 'which node (required)')
    .option('--json', 'one JSON object per line')
    .action(async (opts: { node?: string; json?: boolean }) => {
      // Not a required option: commander would then require it of `review decide` too.
      if (!opts.node) throw new CliError('--node us|ca is required: whose review list to show');
      const country = parseCountry(opts.node);
      const node = await openNode(country, { db: true, temporal: false });
      try {
        const { rows } = await node.pool.query<ReviewRow>(
          `SELECT r.exit_id, r.entry_id, r.reason, r.score, r.competitor_id, r.competitor_score, r.evidence, r.created_at
             FROM match_review r
            WHERE r.decision IS NULL AND NOT EXISTS (SELECT 1 FROM matches m WHERE m.exit_id = r.exit_id)
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

  review
    .command('decide')
    .description(
      "decide one pair: --accept makes it a match (method 'operator') and tells the entry's stay; --reject removes it from the list",
    )
    .requiredOption('--node <us|ca>', 'which node')
    .requiredOption('--exit <id>', 'the exit (partner record) id of the pair')
    .requiredOption('--entry <id>', 'the own entry id of the pair')
    .option('--accept', 'the two records are the same traveller')
    .option('--reject', 'they are not')
    .requiredOption('--reason <text>', 'why (kept in the audit trail)')
    .option('--by <operator>', 'operator id for the audit trail')
    .action(
      async (opts: {
        node: string;
        exit: string;
        entry: string;
        accept?: boolean;
        reject?: boolean;
        reason: string;
        by?: string;
      }) => {
        const country = parseCountry(opts.node);
        if (Boolean(opts.accept) === Boolean(opts.reject))
          throw new CliError('give exactly one of --accept or --reject');
        const actor = cliActor(opts.by);
        const node = await openNode(country, { db: true, temporal: true });
        try {
          const result = await decideReview(node.pool, node.temporal, country, {
            exitId: opts.exit,
            entryId: opts.entry,
            decision: opts.accept ? 'accepted' : 'rejected',
            reason: opts.reason,
            actor,
          });
          process.stdout.write(`${JSON.stringify(result)}\n`);
        } catch (err) {
          throw cliErrorFor(err, reviewErrors);
        } finally {
          await node.close();
        }
      },
    );
}
