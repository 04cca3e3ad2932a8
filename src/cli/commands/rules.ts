// `npx entry-exit rules --node us|ca FILE.json`: the node's rules applied to one captured entry,
// offline. Prints exactly one JSON line (the fixed shape of RulesVerdict); exit code 0 when the
// line says valid, 1 when the record is invalid, 2 when the file cannot be read as one entry.
import fs from 'node:fs';
import type { Command } from 'commander';
import { loadScopePhases } from '../../config/scope';
import { loadRetentionRules } from '../../config/retention';
import { evaluateEntry, type RulesVerdict } from '../../rules/evaluate';
import { CliError } from '../errors';

function readEntry(file: string): { entry: unknown } | { problem: string } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return {
      problem: `cannot read ${file} (${code ?? (err as Error).message}); give the path of a JSON file holding one entry`,
    };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    return { problem: `${file} is not JSON (${(err as Error).message}); it must hold one entry as a port posts it` };
  }
  if (Array.isArray(parsed)) {
    if (parsed.length !== 1)
      return { problem: `${file} holds an array of ${parsed.length} records; give exactly one entry (an object)` };
    parsed = parsed[0];
  }
  if (parsed === null || typeof parsed !== 'object')
    return { problem: `${file} must hold one entry as a JSON object, got ${parsed === null ? 'null' : typeof parsed}` };
  return { entry: parsed };
}

/** The end of the given UTC day, so a rule in force from that day applies. */
function asOfDay(raw: string): Date {
  const day = raw.trim();
  const at = new Date(`${day}T23:59:59.999Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== day)
    throw new CliError(`--as-of must be a calendar date YYYY-MM-DD, got ${JSON.stringify(raw)}`, 2);
  return at;
}

export function registerRulesCommand(program: Command): void {
  program
    .command('rules')
    .description(
      "apply a node's rules to one captured entry, offline: one JSON line with valid, problems, local_date, category, admit_until, in_scope_to_partner, scope_reason, retention_until",
    )
    .requiredOption('--node <us|ca>', 'the node whose rules apply (the entry is captured at its ports)')
    .argument(
      '<file>',
      'JSON file holding one entry as a port posts it (local fields category, admit_until, original_admit_until, mrz allowed)',
    )
    .option(
      '--as-of <YYYY-MM-DD>',
      "the day whose rules apply where a rule's own date differs from the crossing's (retention); admission, the Visa Waiver Program and scope always follow the crossing's local day",
    )
    .action((file: string, opts: { node: string; asOf?: string }) => {
      const node = opts.node.trim().toUpperCase();
      if (node !== 'US' && node !== 'CA')
        throw new CliError(`--node must be us or ca, got ${JSON.stringify(opts.node)}`, 2);
      const asOf = opts.asOf === undefined ? undefined : asOfDay(opts.asOf);
      const read = readEntry(file);
      let verdict: RulesVerdict;
      if ('problem' in read) {
        verdict = evaluateEntry(node, undefined);
        verdict.problems = [read.problem];
        process.stdout.write(`${JSON.stringify(verdict)}\n`);
        process.stderr.write(`entry-exit rules: ${read.problem}\n`);
        process.exitCode = 2;
        return;
      }
      verdict = evaluateEntry(node, read.entry, {
        phases: loadScopePhases(),
        retentionRules: loadRetentionRules(node),
        asOf,
      });
      process.stdout.write(`${JSON.stringify(verdict)}\n`);
      process.exitCode = verdict.valid ? 0 : 1;
    });
}
