import type { Command } from 'commander';
import { verifyAuditChain } from '../../db/audit';
import { CliError } from '../errors';
import { openNode, parseCountry } from '../node-access';

export function registerAuditCommand(program: Command): void {
  const audit = program.command('audit').description("the node's tamper-evident audit trail (docs/security.md)");
  audit
    .command('verify')
    .description(
      'walk the audit chain and exit non-zero naming the first row altered, inserted or missing; prints one JSON line',
    )
    .requiredOption('--node <us|ca>', 'which node')
    .action(async (opts: { node: string }) => {
      const node = await openNode(parseCountry(opts.node), { db: true, temporal: false });
      try {
        const check = await verifyAuditChain(node.pool);
        if (!check.ok) throw new CliError(`audit chain broken at row ${check.seq}: ${check.problem}`);
        process.stdout.write(`${JSON.stringify({ ok: true, rows: check.rows, head: check.head.rowHash })}\n`);
      } finally {
        await node.close();
      }
    });
}
