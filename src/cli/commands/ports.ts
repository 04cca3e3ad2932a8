import type { Command } from 'commander';
import { PORTS } from '../../record/ports';

export function registerPortsCommand(program: Command): void {
  program
    .command('ports')
    .description('list the land border ports and their codes (one JSON line each with --json)')
    .option('--country <US|CA>', 'only the ports of one country')
    .option('--json', 'one JSON object per line')
    .action((opts: { country?: string; json?: boolean }) => {
      const country = opts.country?.toUpperCase();
      for (const port of PORTS.values()) {
        if (country && port.country !== country) continue;
        process.stdout.write(
          opts.json
            ? `${JSON.stringify(port)}\n`
            : `${port.code.padEnd(22)} ${port.country}  ${port.name}, ${port.region}  (faces ${port.facing})\n`,
        );
      }
    });
}
