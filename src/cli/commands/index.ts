// The CLI's commands, one line per capability.
import type { Command } from 'commander';
import { registerPortsCommand } from './ports';
import { registerHealthCommand } from './health';
import { registerMatchCommand } from './match';

export function registerCommands(program: Command): void {
  registerHealthCommand(program);
  registerPortsCommand(program);
  registerMatchCommand(program);
}
