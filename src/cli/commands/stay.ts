// `entry-exit stay ...`: one stay, by entry id: its state, an extension or its decision, a removal
// order, and the audited evidence behind it.
import os from 'node:os';
import type { Command } from 'commander';
import { systemClock } from '../../node/clock';
import { createLogger } from '../../observability/log';
import type { NodeContext } from '../../node/context';
import { auditRead, requirePurpose, type Purpose } from '../../privacy/purpose';
import { decideExtensionUpdate, requestExtensionUpdate, stayStateQuery, stayWorkflowId } from '../../stays/contract';
import { openEvidence } from '../../stays/evidence';
import { orderRemoval } from '../../stays/start';
import { cliErrorFor } from '../errors';
import { openNode, parseCountry, type NodeAccess } from '../node-access';
import { cliReaderDefault } from '../../config/environment';
import { purposeErrors, stayErrors } from '../../errors/capabilities';

async function withNode<T>(
  nodeFlag: string,
  need: { db?: boolean; temporal?: boolean },
  entryId: string,
  work: (node: NodeAccess) => Promise<T>,
): Promise<void> {
  const node = await openNode(parseCountry(nodeFlag), need);
  try {
    const result = await work(node);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } catch (err) {
    throw cliErrorFor(err, stayErrors(entryId, node.config.country));
  } finally {
    await node.close();
  }
}

function contextOf(node: NodeAccess): NodeContext {
  return {
    config: node.config,
    pool: node.pool,
    temporal: node.temporal,
    clock: systemClock,
    log: createLogger({ node: node.config.country, via: 'cli' }),
  };
}

export function registerStayCommand(program: Command): void {
  const stay = program.command('stay').description('one stay, by entry id: state, extension, removal order, evidence');

  stay
    .command('show')
    .description("print the stay's state (the workflow's query) as one JSON line")
    .requiredOption('--node <us|ca>', 'which node')
    .requiredOption('--entry <id>', 'entry id')
    .option('--purpose <purpose>', 'why the stay is read (overstay-review, removal-monitoring, correction)')
    .action((o: { node: string; entry: string; purpose?: string }) => {
      let purpose: Purpose;
      try {
        purpose = requirePurpose(o.purpose, 'stay');
      } catch (err) {
        throw cliErrorFor(err, purposeErrors);
      }
      return withNode(o.node, { db: true, temporal: true }, o.entry, async (node) => {
        const state = await node.temporal.workflow
          .getHandle(stayWorkflowId(node.config.country, o.entry))
          .query(stayStateQuery);
        await auditRead(node.pool, {
          actor: `cli:${os.userInfo().username}`,
          purpose,
          what: 'stay',
          recordIds: [o.entry],
          via: 'cli',
        });
        return state;
      });
    });

  stay
    .command('extend')
    .description('record an extension or change-of-status application (pending) or grant')
    .requiredOption('--node <us|ca>', 'which node')
    .requiredOption('--entry <id>', 'entry id')
    .requiredOption('--until <YYYY-MM-DD>', 'new last lawful day')
    .requiredOption('--reason <text>', 'application or decision reference and grounds')
    .option('--granted', 'the extension is granted now (default: applied for, pending)')
    .action((o: { node: string; entry: string; until: string; reason: string; granted?: boolean }) =>
      withNode(o.node, { db: false, temporal: true }, o.entry, (node) =>
        node.temporal.workflow
          .getHandle(stayWorkflowId(node.config.country, o.entry))
          .executeUpdate(requestExtensionUpdate, {
            args: [{ admitUntil: o.until, reason: o.reason, decision: o.granted ? 'granted' : 'pending' }],
          }),
      ),
    );

  stay
    .command('decide')
    .description('decide a pending extension application')
    .requiredOption('--node <us|ca>', 'which node')
    .requiredOption('--entry <id>', 'entry id')
    .requiredOption('--decision <granted|refused>', 'the decision')
    .requiredOption('--reason <text>', 'grounds')
    .action((o: { node: string; entry: string; decision: string; reason: string }) =>
      withNode(o.node, { db: false, temporal: true }, o.entry, (node) =>
        node.temporal.workflow
          .getHandle(stayWorkflowId(node.config.country, o.entry))
          .executeUpdate(decideExtensionUpdate, {
            args: [{ decision: o.decision as 'granted' | 'refused', reason: o.reason }],
          }),
      ),
    );

  stay
    .command('remove')
    .description('record a removal order: the stay watches for the departure by the deadline')
    .requiredOption('--node <us|ca>', 'which node')
    .requiredOption('--entry <id>', 'entry id')
    .requiredOption('--order <id>', 'removal order reference (no personal data)')
    .requiredOption('--depart-by <YYYY-MM-DD>', 'last day to depart')
    .action((o: { node: string; entry: string; order: string; departBy: string }) =>
      withNode(o.node, { db: true, temporal: true }, o.entry, (node) =>
        orderRemoval(contextOf(node), o.entry, { orderId: o.order, departBy: o.departBy }),
      ),
    );

  stay
    .command('evidence')
    .description('print the evidence behind an entry (record, admission rule, stay, flags, exit search); audited')
    .requiredOption('--node <us|ca>', 'which node')
    .requiredOption('--entry <id>', 'entry id')
    .option('--purpose <purpose>', 'why the record is read (overstay-review, removal-monitoring, ...)')
    .option('--operator <id>', 'who is reading, for the audit trail', cliReaderDefault())
    .action(async (o: { node: string; entry: string; purpose?: string; operator: string }) => {
      let purpose;
      try {
        purpose = requirePurpose(o.purpose);
      } catch (err) {
        throw cliErrorFor(err, purposeErrors);
      }
      await withNode(o.node, { db: true, temporal: false }, o.entry, (node) =>
        openEvidence(node.pool, node.config.country, { entryId: o.entry, actor: o.operator, purpose, via: 'cli' }),
      );
    });
}
