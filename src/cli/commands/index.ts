// The CLI's commands, one line per capability.
import type { Command } from 'commander';
import { registerPortsCommand } from './ports';
import { registerHealthCommand } from './health';
import { registerSetupCommand } from './setup';
import { registerImportCommand } from './import';
import { registerExchangeCommand } from './exchange';
import { registerSimulateCommand } from './simulate';

export function registerCommands(program: Command): void {
  registerHealthCommand(program);
  registerPortsCommand(program);
  registerSetupCommand(program);
  registerImportCommand(program);
  registerExchangeCommand(program);
  registerSimulateCommand(program);
}
