// `npx entry-exit`: the operators' command line. Each capability adds its commands in its own file
// under commands/ and one line in commands/index.ts.
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config';
import { registerCommands } from './commands';
import { CliError } from './errors';

export function buildProgram(): Command {
  const program = new Command('entry-exit')
    .description('Bilateral exchange of border entry and exit records (US CBP <-> CA CBSA), on Temporal.')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ sortSubcommands: true })
    // Lets a command and its subcommand each take their own options (\`review --node\`, \`review decide --node\`).
    .enablePositionalOptions();
  registerCommands(program);
  return program;
}

async function main(argv: string[]): Promise<void> {
  // `entry-exit ... | head` closes the pipe early; that is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
  });
  const program = buildProgram().exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode;
      return;
    }
    if (err instanceof CliError || err instanceof ConfigError) {
      process.stderr.write(`entry-exit: ${err.message}\n`);
      process.exitCode = err instanceof CliError ? err.exitCode : 2;
      return;
    }
    process.stderr.write(`entry-exit: ${(err as Error).message}\n`);
    process.exitCode = 1;
  }
}

if (require.main === module || process.argv[1]?.endsWith('entry-exit.js') || process.argv[1]?.endsWith('entry-exit')) {
  void main(process.argv).then(() => {
    // Connections (pg, Temporal) can keep the loop alive; a CLI command is done when it returns.
    setImmediate(() => process.exit(process.exitCode ?? 0));
  });
}
