// `entry-exit exchange resend --node us --batch US-CA-2026-11-27-0001`: after the cause of a
// partner's refusal is fixed (a key, a format, a contract), the refused batch's records become
// pending again and the next cycle sends them in a new batch. Audited with ids and counts only.
import os from 'node:os';
import type { Command } from 'commander';
import { writeAudit } from '../../db/audit';
import { withTransaction } from '../../db/pool';
import { CliError } from '../errors';
import { openNode, parseCountry } from '../node-access';

export function registerResendCommand(exchange: Command): void {
  exchange
    .command('resend')
    .description("make a refused batch's records pending again (the next cycle sends them); prints {batch_id, pending}")
    .requiredOption('--node <us|ca>', 'the sending node')
    .requiredOption('--batch <id>', 'the refused batch, as `exchange rejected` lists it')
    .action(async (opts: { node: string; batch: string }) => {
      const node = await openNode(parseCountry(opts.node), { db: true, temporal: false });
      try {
        const { rows } = await node.pool.query<{ refused_at: Date | null }>(
          'SELECT refused_at FROM outbound_batches WHERE batch_id = $1',
          [opts.batch],
        );
        if (!rows[0]) throw new CliError(`no batch ${opts.batch} was sent by this node`);
        if (!rows[0].refused_at)
          throw new CliError(`batch ${opts.batch} was not refused; only a refused batch is sent again this way`);
        const pending = await withTransaction(node.pool, async (client) => {
          // The records' current versions become unsent again, so the next cycle collects them.
          const given = await client.query<{ entry_id: string }>(
            `DELETE FROM outbound_records o USING entries e
              WHERE o.batch_id = $1 AND o.status = 'rejected' AND e.id = o.entry_id AND e.version = o.version
              RETURNING o.entry_id`,
            [opts.batch],
          );
          await client.query(
            'UPDATE entries SET sent_version = version - 1 WHERE id = ANY($1) AND sent_version >= version',
            [given.rows.map((r) => r.entry_id)],
          );
          // The refused batch is never adopted again, and its copy goes.
          await client.query('UPDATE outbound_batches SET abandoned_at = now(), body = NULL WHERE batch_id = $1', [
            opts.batch,
          ]);
          // In the same transaction: the resend and its audit row commit together (issue 26).
          await writeAudit(client, {
            actor: `cli:${os.userInfo().username}`,
            action: 'batch.resend',
            batchId: opts.batch,
            recordIds: given.rows.map((r) => r.entry_id),
            counts: { records: given.rowCount ?? 0 },
          });
          return given;
        });
        process.stdout.write(`${JSON.stringify({ batch_id: opts.batch, pending: pending.rowCount ?? 0 })}\n`);
      } finally {
        await node.close();
      }
    });
}
