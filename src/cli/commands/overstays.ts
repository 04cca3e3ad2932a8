// `entry-exit overstays --node us|ca --as-of YYYY-MM-DD --purpose overstay-review [--json]`: the
// node's suspected overstays on a day, one line each (stay id, category, admit-until, days over,
// kind). Ids and dates only, but about travellers: a purpose is required and the read is audited.
import os from 'node:os';
import type { Command } from 'commander';
import { auditRead, requirePurpose } from '../../privacy/purpose';
import { isIsoDate, utcDay } from '../../calendar';
import { listOverstays } from '../../stays/overstay-list';
import { CliError, cliErrorFor } from '../errors';
import { openNode, parseCountry } from '../node-access';
import { purposeErrors } from '../../errors/capabilities';

export function registerOverstaysCommand(program: Command): void {
  program
    .command('overstays')
    .description(
      "list a node's suspected overstays as of a day (in-country, out-of-country, missed removal departures)",
    )
    .requiredOption('--node <us|ca>', 'which node')
    .option('--as-of <YYYY-MM-DD>', 'the day to list them for (default: today, UTC)')
    .option('--json', 'one JSON object per line')
    .option('--purpose <purpose>', 'why the list is read: overstay-review or removal-monitoring')
    .action(async (opts: { node: string; asOf?: string; json?: boolean; purpose?: string }) => {
      const country = parseCountry(opts.node);
      let purpose;
      try {
        purpose = requirePurpose(opts.purpose, 'overstays');
      } catch (err) {
        throw cliErrorFor(err, purposeErrors);
      }
      const asOf = opts.asOf ?? utcDay(new Date());
      if (!isIsoDate(asOf)) throw new CliError(`--as-of must be a real date written YYYY-MM-DD, got "${asOf}"`);
      const node = await openNode(country, { db: true, temporal: false });
      try {
        const lines = await listOverstays(node.pool, asOf);
        await auditRead(node.pool, {
          actor: `cli:${os.userInfo().username}`,
          purpose,
          what: 'overstay-list',
          recordIds: lines.map((l) => l.entry_id),
          via: 'cli',
        });
        for (const line of lines) {
          process.stdout.write(
            opts.json
              ? `${JSON.stringify(line)}\n`
              : `${line.stay_id.padEnd(40)} ${line.kind.padEnd(15)} ${line.category.padEnd(18)} admit-until ${line.admit_until ?? '-'}  since ${line.since}  ${line.days_over} day(s) over\n`,
          );
        }
        if (!opts.json)
          process.stderr.write(`${lines.length} suspected overstay(s) on the ${country} node as of ${asOf}\n`);
      } finally {
        await node.close();
      }
    });
}
