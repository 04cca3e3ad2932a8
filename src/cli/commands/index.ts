// The CLI's commands, one line per capability.
import type { Command } from 'commander';
import { registerPortsCommand } from './ports';
import { registerHealthCommand } from './health';
import { registerSetupCommand } from './setup';
import { registerImportCommand } from './import';
import { registerExchangeCommand } from './exchange';
import { registerSimulateCommand } from './simulate';
import { registerOverstaysCommand } from './overstays';
import { registerResidencyCommand } from './residency';
import { registerStayCommand } from './stay';
import { registerPurgeCommand } from './purge';
import { registerHoldsCommand } from './holds';
import { registerRetentionCommand } from './retention';
import { registerCorrectCommand } from './correct';
import { registerMatchCommand } from './match';
import { registerReviewCommand } from './review';
import { registerReportCommand } from './report';
import { registerNodeCommand } from './node';
import { registerCredentialsCommand } from './credentials';
import { registerRulesCommand } from './rules';
import { registerPersonsCommand } from './persons';
import { registerSchedulesCommand } from './schedules';
import { registerAuditCommand } from './audit';

export function registerCommands(program: Command): void {
  registerHealthCommand(program);
  registerPortsCommand(program);
  registerSetupCommand(program);
  registerImportCommand(program);
  registerExchangeCommand(program);
  registerSimulateCommand(program);
  registerOverstaysCommand(program);
  registerResidencyCommand(program);
  registerStayCommand(program);
  registerPurgeCommand(program);
  registerHoldsCommand(program);
  registerRetentionCommand(program);
  registerCorrectCommand(program);
  registerMatchCommand(program);
  registerReviewCommand(program);
  registerReportCommand(program);
  registerNodeCommand(program);
  registerCredentialsCommand(program);
  registerRulesCommand(program);
  registerPersonsCommand(program);
  registerSchedulesCommand(program);
  registerAuditCommand(program);
}
