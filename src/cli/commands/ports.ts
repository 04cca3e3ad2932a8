import type { Command } from 'commander';
import { PORTS } from '../../record/ports';
import { CliError } from '../errors';

export function registerPortsCommand(program: Command): void {
  program
    .command('ports')
    .description('list the land border ports and their codes (one JSON line each with --json)')
    .option('--country <US|CA>', 'only the ports of one country')
    .option('--json', 'one JSON object per line')
    .action((opts: { country?: string; json?: boolean }) => {
      const country = opts.country?.trim().toUpperCase();
      if (country !== undefined && country !== 'US' && country !== 'CA')
        throw new CliError(`--country must be US or CA, got ${JSON.stringify(opts.country)}`, 2);
      for (const port of PORTS.values()) {
        if (country && port.country !== country) continue;
        // The --json shape is a contract: exactly these keys, in this order.
        const { code, name, country: portCountry, region, time_zone, facing } = port;
        process.stdout.write(
          opts.json
            ? `${JSON.stringify({ code, name, country: portCountry, region, time_zone, facing })}\n`
            : `${code.padEnd(26)} ${portCountry}  ${name}, ${region}  ${time_zone}  (faces ${facing})\n`,
        );
      }
    });
}
