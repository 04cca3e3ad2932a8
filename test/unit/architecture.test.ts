// The shape issue 13 asks for, checked on the source text so that it stays: domain code imports no
// database, Temporal or HTTP code; no two modules import each other (directly or round a loop); no
// file is longer than about a screenful without saying why at its top. Each rule can fail: a new
// `import { Pool } from 'pg'` in src/residency/, a cycle, or a 301-line file without a reason.
import { importCycles, importsOf } from './import-graph';
import { readSource, sourceFiles } from './source-files';

/** Folders of domain rules: pure, so they are tested in milliseconds and reused by workflows and tools. */
const DOMAIN_FOLDERS = [
  'src/admission',
  'src/calendar',
  'src/capture',
  'src/exchange',
  'src/matching',
  'src/persons',
  'src/privacy',
  'src/record',
  'src/residency',
  'src/retention',
  'src/rules',
  'src/scope',
  'src/simulator',
  'src/stays',
];

/** Packages of infrastructure: the database driver, the Temporal SDK, the HTTP server and its plugins. */
const INFRASTRUCTURE_PACKAGE = /^(pg|pg-.*|fastify|@fastify\/.*|@temporalio\/.*)$/;
/** The project's own infrastructure, which pulls those packages in. */
const INFRASTRUCTURE_FOLDER = /^(src\/(db|http|temporal|node|launcher|cli|postgres|net)\/|activities\/|workflows\/)/;

/**
 * Adapter files that sit in a domain folder today, each with why it needs the infrastructure. A store
 * module (`store.ts`, `*-store.ts` or a `store/` folder) is an adapter by its name and needs no entry.
 */
const ADAPTERS_IN_DOMAIN_FOLDERS: Record<string, string> = {
  'src/capture/capture.ts': 'the capture service: stores an entry (pg) and starts its stay',
  'src/exchange/cycle-client.ts': 'starts and reads exchange-cycle workflows (Temporal client)',
  'src/exchange/intake.ts': 'the partner door service: stores a batch (pg, audit) and starts its ingest workflow',
  'src/exchange/schedules.ts': 'creates and updates the exchange Temporal Schedule',
  'src/exchange/acknowledge.ts': 'sends the signed acknowledgement of a batch (SQL, audit, HTTP to the partner)',
  'src/exchange/collect.ts':
    'collects the due entries into a stored batch (SQL, heartbeats); the choices are collect-decisions.ts',
  'src/exchange/cycle-contract.ts': "the exchange cycle's signals and queries (@temporalio/workflow definitions)",
  'src/exchange/ingest.ts':
    "stores a batch's accepted records as exits (SQL, audit); the choices are ingest-decisions.ts",
  'src/exchange/post-signed.ts': "posts a signed message to the partner's door (HTTP)",
  'src/exchange/reconcile.ts':
    "matches a batch's exits to entries in PostgreSQL (SQL); the choices are reconcile-decisions.ts",
  'src/exchange/signal-stays.ts': 'signals the matched stays (Temporal client, SQL)',
  'src/exchange/transmit.ts': 'sends a stored batch to the partner (SQL, audit, HTTP)',
  'src/privacy/correct-entry.ts': 'amends an entry in one transaction (SQL, audit); the checks are correction.ts',
  'src/retention/preview.ts': 'counts what a purge would erase (SQL)',
  'src/retention/purge.ts': 'erases one page of expired records (SQL, Temporal client, audit)',
  'src/stays/stay-records.ts': "writes a stay's flags and departures (SQL, audit)",
  'src/matching/review-decision.ts': 'an operator decision on the review list: SQL, audit row and a stay signal',
  'src/persons/person-identity.ts': 'finds or records the person an identity names (SQL, audit)',
  'src/persons/person-linking.ts':
    'links records to persons in PostgreSQL (SQL, advisory lock); the weighing is evidence.ts',
  'src/persons/person-lookup.ts': 'finds a person and their crossings (SQL)',
  'src/persons/person-review.ts': "an operator's split and review decisions (SQL, audit)",
  'src/persons/removal.ts': 'records a removal order (SQL, audit)',
  'src/privacy/purpose.ts': 'writes the purpose of a disclosure to the audit trail (pg)',
  'src/privacy/records.ts': 'reads the records an operator asked to see (SQL)',
  'src/residency/verify.ts': 'reads the records a residency answer is checked against (SQL)',
  'src/retention/expired.ts': 'selects the records past retention (SQL)',
  'src/retention/history-retention.ts': "sets the namespace's history retention (Temporal client)",
  'src/retention/holds.ts': 'places and releases legal holds (SQL, audit)',
  'src/retention/schedule.ts': 'creates the purge Temporal Schedule',
  'src/retention/targets.ts': 'the rows a purge erases (SQL)',
  'src/stays/contract.ts': "the stay workflow's signals, updates and queries (@temporalio/workflow definitions)",
  'src/stays/evidence.ts': "reads a stay's entry and exit for the officer (SQL)",
  'src/stays/overstay-list.ts': 'the overstay list query (SQL)',
  'src/stays/start.ts': 'starts a stay workflow for a stored entry (Temporal client, SQL)',
};

const isStoreModule = (file: string) => /(^|\/|-)store(\.ts|\/)/.test(file);

/**
 * Cycles allowed, each with why; none today, keep it that way. A found cycle passes only when all its
 * files are in one of these (so a new cycle, or a known one that grows, fails).
 */
const KNOWN_CYCLES: Array<{ files: string[]; why: string }> = [];

const MAX_LINES = 300;
const REASON = /Longer than \d+ lines because/i;

/** Files over the limit that cannot carry a comment (none today). */
const LONG_FILES_OWNED_ELSEWHERE: Record<string, string> = {};

describe('architecture: domain folders import no database, Temporal or HTTP code', () => {
  const files = sourceFiles(DOMAIN_FOLDERS);

  const infrastructureImports = (file: string) =>
    importsOf(file)
      .filter((e) => INFRASTRUCTURE_PACKAGE.test(e.specifier) || (e.file && INFRASTRUCTURE_FOLDER.test(e.file)))
      .map((e) => e.file ?? e.specifier);

  test('every domain folder exists and holds code', () => {
    for (const folder of DOMAIN_FOLDERS) expect(files.some((f) => f.startsWith(`${folder}/`))).toBe(true);
  });

  test('no domain module imports pg, @temporalio/*, fastify or the infrastructure folders (adapters listed)', () => {
    const offenders = files
      .filter((f) => !(f in ADAPTERS_IN_DOMAIN_FOLDERS) && !isStoreModule(f))
      .map((f) => ({ file: f, imports: infrastructureImports(f) }))
      .filter((o) => o.imports.length > 0);
    expect(offenders).toEqual([]);
  });

  test('the check sees an infrastructure import where there is one', () => {
    expect(infrastructureImports('src/retention/schedule.ts')).toContain('@temporalio/client');
    expect(infrastructureImports('src/residency/calc.ts')).toEqual([]);
  });

  test('every listed adapter is in a domain folder', () => {
    for (const file of Object.keys(ADAPTERS_IN_DOMAIN_FOLDERS))
      expect(DOMAIN_FOLDERS.some((folder) => file.startsWith(`${folder}/`))).toBe(true);
  });
});

describe('architecture: no import cycle in src/, activities/ or workflows/', () => {
  test('no import cycle (none is allowed)', () => {
    const unknown = importCycles(sourceFiles()).filter(
      (cycle) => !KNOWN_CYCLES.some((known) => cycle.every((f) => known.files.includes(f))),
    );
    expect(unknown).toEqual([]);
  });

  test('the walker finds a cycle where there is one', () => {
    // Two fixture files that import each other's types: the walker must see the loop.
    const cycles = importCycles(['test/unit/fixtures/cycle-a.ts', 'test/unit/fixtures/cycle-b.ts']);
    expect(cycles).toEqual([['test/unit/fixtures/cycle-a.ts', 'test/unit/fixtures/cycle-b.ts']]);
  });
});

describe(`architecture: no file over ${MAX_LINES} lines without a reason at its top`, () => {
  const lineCount = (file: string) => readSource(file).split('\n').length - 1;
  const statesWhy = (file: string) => REASON.test(readSource(file).split('\n').slice(0, 12).join('\n'));

  test('each longer file says "Longer than N lines because ..." in its first lines (or is owned elsewhere)', () => {
    const unexplained = sourceFiles()
      .filter((f) => !(f in LONG_FILES_OWNED_ELSEWHERE) && lineCount(f) > MAX_LINES && !statesWhy(f))
      .map((f) => `${f}: ${lineCount(f)} lines`);
    expect(unexplained).toEqual([]);
  });

  test('the count is of lines: a file of this suite is counted right', () => {
    expect(lineCount('test/unit/architecture.test.ts')).toBeGreaterThan(100);
  });
});

/**
 * Packages the workflow bundle must not load: the SDK evaluates the bundle's modules once per
 * workflow it creates, so every stay started pays for them (zod cost about 1.6 ms a stay, profiled
 * 2026-12-01); the infrastructure packages would not run in the sandbox at all.
 */
const KEPT_OUT_OF_WORKFLOWS = /^(zod|pg|pg-.*|fastify|@fastify\/.*|@temporalio\/(client|worker|activity))$/;

/** Every package the workflows load at run time, following the project's own modules they import. */
function workflowRuntimePackages(entry: string): Map<string, string> {
  const packages = new Map<string, string>(); // package -> the module that imports it
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const edge of importsOf(file)) {
      if (edge.typeOnly) continue;
      if (edge.file) visit(edge.file);
      else if (!edge.specifier.startsWith('.')) packages.set(edge.specifier, file);
    }
  };
  visit(entry);
  return packages;
}

describe("architecture: the workflow bundle's modules stay light", () => {
  test('workflows load no schema library and no infrastructure package at run time', () => {
    const offenders = [...workflowRuntimePackages('workflows/index.ts')].filter(([pkg]) =>
      KEPT_OUT_OF_WORKFLOWS.test(pkg),
    );
    expect(offenders).toEqual([]);
  });

  test('the walk sees a package a module loads at run time', () => {
    expect(workflowRuntimePackages('src/exchange/batch.ts').get('zod')).toBe('src/exchange/batch.ts');
    expect(workflowRuntimePackages('workflows/index.ts').has('@temporalio/workflow')).toBe(true);
  });
});
