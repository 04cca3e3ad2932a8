// `npx entry-exit holds place|release|list`: legal holds keep a named record past its retention date.
import os from 'node:os';
import type { Command } from 'commander';
import { listHolds, placeHold, releaseHold } from '../../retention/holds';
import type { RecordKind } from '../../retention/rules';
import { CliError, cliErrorFor } from '../errors';
import { openNode, parseCountry } from '../node-access';
import { cliOperatorSetting } from '../../config/environment';
import { holdErrors } from '../../errors/capabilities';

export function cliActor(explicit?: string): string {
  const name = explicit ?? cliOperatorSetting() ?? os.userInfo().username;
  if (!/^[A-Za-z0-9._@-]{1,64}$/.test(name))
    throw new CliError('--by must be an operator id of letters, digits, ". _ @ -"');
  return explicit ? name : `cli:${name}`;
}

function parseKind(raw: string): RecordKind {
  if (raw === 'entry' || raw === 'exit') return raw;
  throw new CliError(`--kind must be entry (our own record) or exit (the partner's), got "${raw}"`);
}

async function withNode<T>(
  country: string,
  run: (node: Awaited<ReturnType<typeof openNode>>) => Promise<T>,
): Promise<T> {
  const node = await openNode(parseCountry(country), { db: true, temporal: false });
  try {
    return await run(node);
  } catch (err) {
    throw cliErrorFor(err, holdErrors('place'));
  } finally {
    await node.close();
  }
}

export function registerHoldsCommand(program: Command): void {
  const holds = program
    .command('holds')
    .description('legal holds: keep a named record past its retention date until released');
  holds
    .command('place')
    .description('place a hold on a record')
    .requiredOption('--node <us|ca>', 'which node')
    .requiredOption('--record <id>', 'record id')
    .option('--kind <entry|exit>', 'entry (own) or exit (partner record)', 'entry')
    .requiredOption('--reason <text>', 'why (a case or request reference)')
    .option('--by <operator>', 'operator id for the audit trail')
    .action(async (opts: { node: string; record: string; kind: string; reason: string; by?: string }) => {
      await withNode(opts.node, async (node) => {
        const { hold, created } = await placeHold(node.pool, {
          recordId: opts.record,
          kind: parseKind(opts.kind),
          reason: opts.reason,
          placedBy: cliActor(opts.by),
        });
        process.stdout.write(`${JSON.stringify({ created, hold })}\n`);
      });
    });
  holds
    .command('release')
    .description('release the active hold on a record')
    .requiredOption('--node <us|ca>', 'which node')
    .requiredOption('--record <id>', 'record id')
    .option('--kind <entry|exit>', 'entry (own) or exit (partner record)', 'entry')
    .option('--by <operator>', 'operator id for the audit trail')
    .action(async (opts: { node: string; record: string; kind: string; by?: string }) => {
      await withNode(opts.node, async (node) => {
        const hold = await releaseHold(node.pool, {
          recordId: opts.record,
          kind: parseKind(opts.kind),
          releasedBy: cliActor(opts.by),
        });
        process.stdout.write(`${JSON.stringify({ released: hold })}\n`);
      });
    });
  holds
    .command('list')
    .description('list active holds (one JSON line each)')
    .requiredOption('--node <us|ca>', 'which node')
    .option('--all', 'include released holds')
    .action(async (opts: { node: string; all?: boolean }) => {
      await withNode(opts.node, async (node) => {
        for (const hold of await listHolds(node.pool, { includeReleased: opts.all }))
          process.stdout.write(`${JSON.stringify(hold)}\n`);
      });
    });
}
