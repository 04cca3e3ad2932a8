// `entry-exit credentials revoke --node us --port US-SUMAS --reason "..."` (or `--operator NAME`):
// stops the credential configured now for that port or operator at once, on every request that
// follows, without a restart. A new token configured later for the same port is not affected.
// `entry-exit credentials new` prints a fresh token (32 random bytes, base64url) to configure.
import crypto from 'node:crypto';
import os from 'node:os';
import type { Command } from 'commander';
import { writeAudit } from '../../db/audit';
import { withTransaction } from '../../db/pool';
import { fingerprint } from '../../http/auth';
import { CliError } from '../errors';
import { openNode, parseCountry } from '../node-access';

export function registerCredentialsCommand(program: Command): void {
  const credentials = program.command('credentials').description('port and operator credentials');
  credentials
    .command('new')
    .description('print a new token for a port or an operator (32 random bytes, base64url)')
    .action(() => {
      process.stdout.write(`${crypto.randomBytes(32).toString('base64url')}\n`);
    });
  credentials
    .command('revoke')
    .description("revoke a port's or an operator's configured token at once")
    .requiredOption('--node <us|ca>', 'node')
    .option('--port <code>', 'port code, e.g. US-SUMAS')
    .option('--operator <name>', 'operator name, as in <C>_OPERATORS')
    .requiredOption('--reason <text>', 'why (a ticket, an incident)')
    .action(async (opts: { node: string; port?: string; operator?: string; reason: string }) => {
      const country = parseCountry(opts.node);
      if ((opts.port === undefined) === (opts.operator === undefined))
        throw new CliError('name one credential: --port CODE or --operator NAME');
      const node = await openNode(country, { db: true, temporal: false });
      try {
        const token = opts.port
          ? node.config.portTokens[opts.port]
          : node.config.operators.find((o) => o.name === opts.operator)?.token;
        const kind = opts.port ? 'port' : 'operator';
        const subject = (opts.port ?? opts.operator)!;
        if (!token)
          throw new CliError(
            `no ${kind} "${subject}" in ${country}_${opts.port ? 'PORT_TOKENS' : 'OPERATORS'} of this environment`,
          );
        const actor = `cli:${os.userInfo().username}`;
        // The revocation and its audit row commit together, or neither does (issue 26).
        const rowCount = await withTransaction(node.pool, async (client) => {
          const revoked = await client.query(
            `INSERT INTO revoked_credentials (fingerprint, kind, subject, revoked_by, reason)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (fingerprint) DO NOTHING`,
            [fingerprint(token), kind, subject, actor, opts.reason],
          );
          await writeAudit(client, { actor, action: `credential.revoke`, details: { kind, subject } });
          return revoked.rowCount;
        });
        process.stderr.write(
          `configure a new token for ${subject} (entry-exit credentials new) and restart the node to hand it out\n`,
        );
        process.stdout.write(`${JSON.stringify({ revoked: kind, subject, already: rowCount === 0 })}\n`);
      } finally {
        await node.close();
      }
    });
}
