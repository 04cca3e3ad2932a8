// `entry-exit residency`: days physically present for a residency rule, from one person's entries
// and exits on a node (purpose required; the read is audited). `residency calc` and `residency
// compare` are the applicant's side: files in, one JSON line out, no server.
import fs from 'node:fs';
import type { Command } from 'commander';
import { calcFromFiles, compareFromFiles } from '../../residency/applicant';
import type { Pool } from 'pg';
import type { Country } from '../../config';
import { requirePurpose, type Purpose } from '../../privacy/purpose';
import { CALC_RULES } from '../../residency/calc';
import { compareResidencyOnNode, verifyResidencyOnNode } from '../../residency/verify';
import { CliError, cliErrorFor } from '../errors';
import { openNode, parseCountry } from '../node-access';
import { cliReaderDefault } from '../../config/environment';
import { utcDay } from '../../calendar';
import { purposeErrors, residencyErrors } from '../../errors/capabilities';

function readInput(option: string, file: string): { name: string; text: string } {
  try {
    return { name: file, text: fs.readFileSync(file, 'utf8') };
  } catch (err) {
    throw new CliError(
      `${option} ${file}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? 'error'}); check the path`,
    );
  }
}

function parseDeclaredJson(file: string): unknown {
  const { text } = readInput('--declared', file);
  try {
    return JSON.parse(text);
  } catch {
    throw new CliError(`--declared ${file} is not valid JSON; see docs/residency.md, "The declared file"`);
  }
}

function asCliError(work: () => unknown): unknown {
  try {
    return work();
  } catch (err) {
    throw cliErrorFor(err, residencyErrors);
  }
}

function registerCalc(residency: Command): void {
  residency
    .command('calc')
    .description(
      'applicant side, no server: days present for a rule from a crossings file; prints one JSON line (docs/residency.md)',
    )
    .requiredOption('--rule <rule>', 'ca-pr, ca-citizenship or us-naturalisation')
    .requiredOption('--as-of <YYYY-MM-DD>', 'the examination (ca-pr), application (ca-citizenship) or filing (us) date')
    .requiredOption(
      '--crossings <FILE.jsonl>',
      'one JSON line per crossing: {"kind":"entry"|"exit","at":"2024-03-01T18:45:00-05:00","port":"..."}',
    )
    .option(
      '--pr-since <YYYY-MM-DD>',
      'the day the person became a permanent resident (required for ca-citizenship, us-naturalisation)',
    )
    .option(
      '--declared <FILE.json>',
      'declared periods: temporary residence, sentences, days abroad counted as present, US citizen spouse',
    )
    .action((opts: { rule: string; asOf: string; crossings: string; prSince?: string; declared?: string }) => {
      const files = {
        crossings: readInput('--crossings', opts.crossings),
        declared: opts.declared ? readInput('--declared', opts.declared) : undefined,
      };
      const result = asCliError(() =>
        calcFromFiles({ rule: opts.rule, asOf: opts.asOf, prSince: opts.prSince }, files),
      );
      process.stdout.write(`${JSON.stringify(result)}\n`);
    });
}

interface PersonOptions {
  document?: string;
  issuer?: string;
  entry?: string;
  exit?: string;
  person?: string;
  presentAtStart?: boolean;
  operator: string;
}

interface Options extends PersonOptions {
  node?: string;
  rule?: string;
  asOf?: string;
  prSince?: string;
  declared?: string;
  purpose?: string;
}

interface CompareOptions extends PersonOptions {
  crossings?: string;
  declared: string;
  asOf?: string;
  since?: string;
  node?: string;
  purpose?: string;
}

function registerCompare(residency: Command): void {
  residency
    .command('compare')
    .description(
      "a person's declared absences beside the crossings, each difference listed: from a crossings file (no server), or a person's records on a node",
    )
    .requiredOption(
      '--declared <FILE.json>',
      'the declared file with "absences": [{"from": day left, "to": day back or null}]',
    )
    .option('--crossings <FILE.jsonl>', 'the recorded crossings, as for `residency calc` (no server)')
    .option('--as-of <YYYY-MM-DD>', 'compare up to this day (default: today, UTC)')
    .option('--since <YYYY-MM-DD>', 'compare only absences from this day on (e.g. the eligibility period start)')
    .option('--node <us|ca>', "or: the node whose records of the person to compare (with the person's reference)")
    .option('--document <number>', 'with --node: any document of the person (with --issuer)')
    .option('--issuer <code>', 'the document issuing country')
    .option('--entry <id>', "with --node: one of the person's entry ids")
    .option('--exit <id>', "with --node: one of the person's exit ids")
    .option('--person <id>', 'with --node: the person id')
    .option('--present-at-start', 'with --node: the person was in the country before their first record')
    .option('--purpose <purpose>', 'with --node: why the records are read (residency-verification)')
    .option('--operator <id>', 'who is reading, for the audit trail', cliReaderDefault())
    .action(async (opts: CompareOptions) => {
      const asOf = opts.asOf ?? utcDay(new Date());
      const declared = readInput('--declared', opts.declared);
      if (Boolean(opts.crossings) === Boolean(opts.node))
        throw new CliError('give either --crossings FILE.jsonl (no server) or --node us|ca with the person');
      if (opts.crossings) {
        const files = { crossings: readInput('--crossings', opts.crossings), declared };
        const report = asCliError(() => compareFromFiles({ asOf, since: opts.since }, files));
        process.stdout.write(`${JSON.stringify(report)}\n`);
        return;
      }
      const purpose = purposeOf(opts.purpose);
      await onNode(opts.node!, (pool) =>
        compareResidencyOnNode(pool, {
          ...personRef(opts, purpose),
          asOf,
          since: opts.since,
          declared: parseDeclaredJson(opts.declared),
        }),
      );
    });
}

/** The person's reference and the audited reader, as both node commands take them. */
const personRef = (opts: PersonOptions, purpose: Purpose) => ({
  documentNumber: opts.document,
  documentIssuer: opts.issuer,
  entryId: opts.entry,
  exitId: opts.exit,
  personId: opts.person,
  presentAtStart: opts.presentAtStart === true,
  actor: opts.operator,
  purpose,
  via: 'cli' as const,
});

/** Opens the node's database, prints what `work` returns as one JSON line, and closes it. */
async function onNode(nodeOption: string, work: (pool: Pool, country: Country) => Promise<unknown>): Promise<void> {
  const country = parseCountry(nodeOption);
  const node = await openNode(country, { db: true, temporal: false });
  try {
    process.stdout.write(`${JSON.stringify(await work(node.pool, country))}\n`);
  } catch (err) {
    throw cliErrorFor(err, residencyErrors);
  } finally {
    await node.close();
  }
}

function purposeOf(raw: string | undefined) {
  try {
    return requirePurpose(raw);
  } catch (err) {
    throw cliErrorFor(err, purposeErrors);
  }
}

export function registerResidencyCommand(program: Command): void {
  // Positional options: `residency --rule` (on a node) and `residency calc --rule` are each their own.
  const residency = program.command('residency').enablePositionalOptions();
  registerCalc(residency);
  registerCompare(residency);
  residency
    .description(
      "on a node: a person's days present for a residency rule, from every record linked to them (any document finds them); one JSON report",
    )
    .option('--node <us|ca>', "the node holding the country's entries and exits (ca for ca-*, us for us-*)")
    .option('--rule <rule>', `one of ${Object.keys(CALC_RULES).join(', ')}`)
    .option('--as-of <YYYY-MM-DD>', 'the application or check date (default: today, UTC)')
    .option('--document <number>', 'travel document number (with --issuer)')
    .option('--issuer <code>', 'document issuing country, e.g. CAN, FRA')
    .option('--entry <id>', "or: one of the person's entry ids")
    .option('--exit <id>', "or: one of the person's exit ids")
    .option('--person <id>', 'or: the person id (persons show)')
    .option('--declared <FILE.json>', 'declared periods, as for `residency calc`')
    .option(
      '--pr-since <YYYY-MM-DD>',
      'day the person became a permanent resident (required for ca-citizenship, us-naturalisation)',
    )
    .option('--present-at-start', 'the person was in the country before their first record')
    .option('--purpose <purpose>', 'why the record is read (residency-verification)')
    .option('--operator <id>', 'who is reading, for the audit trail', cliReaderDefault())
    .action(async (opts: Options) => {
      // Not required options: commander would then require them of `residency calc` too.
      if (!opts.node)
        throw new CliError('--node us|ca is required: the node whose records to count (or use `residency calc`)');
      if (!opts.rule) throw new CliError(`--rule is required: one of ${Object.keys(CALC_RULES).join(', ')}`);
      const purpose = purposeOf(opts.purpose);
      await onNode(opts.node, (pool, country) =>
        verifyResidencyOnNode(pool, country, {
          ...personRef(opts, purpose),
          rule: opts.rule,
          asOf: opts.asOf ?? utcDay(new Date()),
          permanentResidentSince: opts.prSince,
          declared: opts.declared ? parseDeclaredJson(opts.declared) : undefined,
        }),
      );
    });
}
