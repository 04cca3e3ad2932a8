// `entry-exit residency`: days physically present for a residency rule, from one person's entries
// and exits on a node. Purpose required; the read is audited.
import type { Command } from 'commander';
import { PurposeError, requirePurpose } from '../../privacy/purpose';
import { RESIDENCY_RULES, ResidencyError } from '../../residency/rules';
import { verifyResidencyOnNode } from '../../residency/verify';
import { CliError } from '../errors';
import { openNode, parseCountry } from '../node-access';

interface Options {
  node: string;
  rule: string;
  asOf?: string;
  document?: string;
  issuer?: string;
  entry?: string;
  prSince?: string;
  presentAtStart?: boolean;
  purpose?: string;
  operator: string;
}

export function registerResidencyCommand(program: Command): void {
  program
    .command('residency')
    .description(
      'count days physically present in the five years before a date, for a residency rule; prints one JSON report',
    )
    .requiredOption('--node <us|ca>', "the node holding the country's entries and exits (ca for ca-*, us for us-*)")
    .requiredOption('--rule <rule>', `one of ${Object.keys(RESIDENCY_RULES).join(', ')}`)
    .option('--as-of <YYYY-MM-DD>', 'the application or check date (default: today, UTC)')
    .option('--document <number>', 'travel document number (with --issuer)')
    .option('--issuer <code>', 'document issuing country, e.g. CAN, FRA')
    .option('--entry <id>', "or: one of the person's entry ids")
    .option('--pr-since <YYYY-MM-DD>', 'day the person became a permanent resident (required for ca-citizenship)')
    .option('--present-at-start', 'the person was in the country before their first record')
    .option('--purpose <purpose>', 'why the record is read (residency-verification)')
    .option('--operator <id>', 'who is reading, for the audit trail', process.env.USER ?? 'cli')
    .action(async (opts: Options) => {
      const country = parseCountry(opts.node);
      let purpose;
      try {
        purpose = requirePurpose(opts.purpose);
      } catch (err) {
        if (err instanceof PurposeError) throw new CliError(`--purpose: ${err.message}`);
        throw err;
      }
      const node = await openNode(country, { db: true, temporal: false });
      try {
        const report = await verifyResidencyOnNode(node.pool, country, {
          rule: opts.rule,
          asOf: opts.asOf ?? new Date().toISOString().slice(0, 10),
          documentNumber: opts.document,
          documentIssuer: opts.issuer,
          entryId: opts.entry,
          permanentResidentSince: opts.prSince,
          presentAtStart: opts.presentAtStart === true,
          actor: opts.operator,
          purpose,
          via: 'cli',
        });
        process.stdout.write(`${JSON.stringify(report)}\n`);
      } catch (err) {
        if (err instanceof ResidencyError) throw new CliError(err.message);
        throw err;
      } finally {
        await node.close();
      }
    });
}
