// `entry-exit persons ...`: the person index of a node (docs/residency.md, "The person index"):
// link pending records, show a person's links (ids, methods, confidences, field outcomes; never
// names or numbers), split a wrong link, decide the review list, and removal orders on a person.
import fs from 'node:fs';
import type { Command } from 'commander';
import { isIsoDate, utcDay } from '../../calendar';
import type { Pool } from 'pg';
import { personRemovalOrders, placePersonRemovalOrder } from '../../persons/removal';
import {
  decidePersonReview,
  findPerson,
  linkPendingRecords,
  personForIdentity,
  personLinks,
  personReviewList,
  splitPerson,
  type PersonRef,
} from '../../persons/person-index';
import { auditRead, requirePurpose } from '../../privacy/purpose';
import { CliError, cliErrorFor } from '../errors';
import { openNode, parseCountry } from '../node-access';
import { cliActor } from './holds';
import { personErrors } from '../../errors/capabilities';

interface RefOptions {
  node: string;
  person?: string;
  document?: string;
  issuer?: string;
  entry?: string;
  exit?: string;
}

const withRef = (cmd: Command) =>
  cmd
    .requiredOption('--node <us|ca>', 'which node')
    .option('--person <id>', 'the person id')
    .option('--document <number>', 'or: any travel document the person crossed on (with --issuer)')
    .option('--issuer <code>', 'the document issuing country, e.g. CAN, USA')
    .option('--entry <id>', "or: one of the person's entry ids")
    .option('--exit <id>', "or: one of the person's exit ids");

const refOf = (o: RefOptions): PersonRef => ({
  personId: o.person,
  documentNumber: o.document,
  documentIssuer: o.issuer,
  entryId: o.entry,
  exitId: o.exit,
});

/** Opens the node's database, links what is pending, runs `work`, and turns domain errors into CLI errors. */
async function onNode<T>(nodeOption: string, work: (pool: Pool) => Promise<T>): Promise<void> {
  const node = await openNode(parseCountry(nodeOption), { db: true, temporal: false });
  try {
    await linkPendingRecords(node.pool);
    const result = await work(node.pool);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } catch (err) {
    throw cliErrorFor(err, personErrors);
  } finally {
    await node.close();
  }
}

async function personIdOf(pool: Pool, o: RefOptions): Promise<string> {
  const found = await findPerson(pool, refOf(o));
  if (!found) throw new CliError('no record on this node belongs to that person, record or document');
  return found.personId;
}

async function personByIdentity(pool: Pool, file: string, actor: string): Promise<string> {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new CliError(
      `--identity ${file}: cannot read it as JSON (${(err as Error).name}); check the path and contents`,
    );
  }
  return personForIdentity(pool, raw, actor);
}

export function registerPersonsCommand(program: Command): void {
  const persons = program
    .command('persons')
    .description(
      "the node's person index: one person's records across documents, links, splits, review, removal orders",
    );

  persons
    .command('link')
    .description('link every record that has no person yet (also done before each person lookup)')
    .requiredOption('--node <us|ca>', 'which node')
    .action((o: { node: string }) => onNode(o.node, (pool) => linkPendingRecords(pool)));

  withRef(persons.command('show'))
    .description("a person's linked records: ids, kinds, methods, confidences and field outcomes (an audited read)")
    .requiredOption('--purpose <purpose>', 'why the links are read (residency-verification, removal-monitoring, ...)')
    .option('--by <operator>', 'operator id for the audit trail')
    .action((o: RefOptions & { purpose: string; by?: string }) =>
      onNode(o.node, async (pool) => {
        const purpose = requirePurpose(o.purpose);
        const personId = await personIdOf(pool, o);
        const links = await personLinks(pool, personId);
        await auditRead(pool, {
          actor: cliActor(o.by),
          purpose,
          what: 'person',
          recordIds: links.map((l: { record_id: string }) => l.record_id),
          via: 'cli',
        });
        return { person_id: personId, records: links };
      }),
    );

  persons
    .command('split')
    .description('split records off a person into a new person (a wrong link undone; audited)')
    .requiredOption('--node <us|ca>', 'which node')
    .requiredOption('--person <id>', 'the person holding the wrongly linked records')
    .requiredOption('--records <ids>', 'comma-separated entry/exit ids to move to a new person')
    .requiredOption('--reason <text>', 'why (kept with the link)')
    .option('--by <operator>', 'operator id for the audit trail')
    .action((o: { node: string; person: string; records: string; reason: string; by?: string }) =>
      onNode(o.node, (pool) =>
        splitPerson(pool, {
          personId: o.person,
          recordIds: o.records
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
          actor: cliActor(o.by),
          reason: o.reason,
        }),
      ),
    );

  persons
    .command('review')
    .description('links the index would not make by itself (uncertain or ambiguous): ids, scores, field outcomes')
    .requiredOption('--node <us|ca>', 'which node')
    .action((o: { node: string }) => onNode(o.node, async (pool) => ({ items: await personReviewList(pool) })));

  persons
    .command('decide')
    .description("decide a review item: --merge joins the record's person to the candidate; --reject keeps them apart")
    .requiredOption('--node <us|ca>', 'which node')
    .requiredOption('--review <id>', 'the review item id (persons review)')
    .option('--merge', 'the same person')
    .option('--reject', 'not the same person')
    .requiredOption('--reason <text>', 'why')
    .option('--by <operator>', 'operator id for the audit trail')
    .action((o: { node: string; review: string; merge?: boolean; reject?: boolean; reason: string; by?: string }) => {
      if (Boolean(o.merge) === Boolean(o.reject)) throw new CliError('give exactly one of --merge or --reject');
      return onNode(o.node, (pool) =>
        decidePersonReview(pool, {
          reviewId: o.review,
          decision: o.merge ? 'merged' : 'rejected',
          actor: cliActor(o.by),
          reason: o.reason,
        }),
      );
    });

  withRef(persons.command('remove'))
    .description('place a removal order on a person; any of their departures on or after --issued-on confirms it')
    .requiredOption('--order <id>', 'the removal order reference (no personal data)')
    .requiredOption('--depart-by <YYYY-MM-DD>', 'last day to depart')
    .option('--issued-on <YYYY-MM-DD>', 'the day the order was issued (default: today, UTC)')
    .option(
      '--identity <FILE.json>',
      'a person with no record here yet: {surname, first_name, date_of_birth, citizenship, sex, document_type, document_number, document_issuer}',
    )
    .option('--by <operator>', 'operator id for the audit trail')
    .action((o: RefOptions & { order: string; departBy: string; issuedOn?: string; identity?: string; by?: string }) =>
      onNode(o.node, async (pool) =>
        placePersonRemovalOrder(pool, {
          personId: o.identity ? await personByIdentity(pool, o.identity, cliActor(o.by)) : await personIdOf(pool, o),
          orderId: o.order,
          departBy: o.departBy,
          issuedOn: o.issuedOn,
          actor: cliActor(o.by),
          today: utcDay(new Date()),
        }),
      ),
    );

  persons
    .command('removals')
    .description("the node's removal orders on persons with their status: pending, departed, departed_late, missed")
    .requiredOption('--node <us|ca>', 'which node')
    .option('--as-of <YYYY-MM-DD>', 'status on this day (default: today, UTC)')
    .action((o: { node: string; asOf?: string }) => {
      const asOf = o.asOf ?? utcDay(new Date());
      if (!isIsoDate(asOf)) throw new CliError('--as-of must be a real date written YYYY-MM-DD');
      return onNode(o.node, async (pool) => ({ as_of: asOf, orders: await personRemovalOrders(pool, asOf) }));
    });
}
