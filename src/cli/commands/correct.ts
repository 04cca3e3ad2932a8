// `npx entry-exit correct RECORD_ID --node us --surname SMITH --reason "request CR-42"`: amend an
// own entry at a traveller's request. The partner receives it in the next exchange cycle.
import type { Command } from 'commander';
import { correctEntry } from '../../privacy/correct-entry';
import { CORRECTABLE_FIELDS, parseFieldArguments } from '../../privacy/correction';
import { cliErrorFor } from '../errors';
import { openNode, parseCountry } from '../node-access';
import { cliActor } from './holds';
import { correctionErrors } from '../../errors/capabilities';

export function registerCorrectCommand(program: Command): void {
  program
    .command('correct')
    .description(
      `amend an own entry: --field value for any of ${CORRECTABLE_FIELDS.map((f) => f.replace(/_/g, '-')).join(', ')}`,
    )
    .argument('<recordId>', 'the entry id')
    .argument('[changes...]', '--field value pairs')
    .requiredOption('--node <us|ca>', 'which node')
    .requiredOption('--reason <text>', 'the traveller request the correction answers')
    .option('--by <operator>', 'operator id for the audit trail')
    .allowUnknownOption()
    .action(async (recordId: string, changes: string[], opts: { node: string; reason: string; by?: string }) => {
      const country = parseCountry(opts.node);
      let parsed: Record<string, string>;
      try {
        parsed = parseFieldArguments(changes);
      } catch (err) {
        throw cliErrorFor(err, correctionErrors);
      }
      const node = await openNode(country, { db: true, temporal: false });
      try {
        const result = await correctEntry(node.pool, {
          recordId,
          changes: parsed,
          reason: opts.reason,
          actor: cliActor(opts.by),
          via: 'cli',
        });
        process.stdout.write(`${JSON.stringify(result)}\n`);
      } catch (err) {
        throw cliErrorFor(err, correctionErrors);
      } finally {
        await node.close();
      }
    });
}
