/**
 * Property: whatever spec of whatever kind gets past the apiserver, the reconcile never fails
 * unreported. Random and adversarial mutations of each kind's example (examples/) are created in
 * the real apiserver; a refusal must be a 422 that names the field, and an accepted object must get
 * a Ready condition for its generation with a documented reason (docs/kinds.md, "Ready reasons")
 * other than InternalError, without a reconcile error, and, when that reason is InvalidSpec,
 * without anything left written in Grafana (Grafana's own validation refuses some specs, so a
 * write may be tried; then nothing of it may stay).
 *
 * A fixed seed and 20 runs per kind keep CI fast and repeatable; FC_NUM_RUNS and FC_SEED run more
 * or other cases, FC_SHRINK=1 shrinks a failure to a minimal spec (slow), FC_VERBOSE=1 prints what
 * each case came to.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import {
  GrafanaAlertRuleGroupResource,
  GrafanaAlertRuleResource,
  GrafanaContactPointResource,
  GrafanaDashboardResource,
  GrafanaDatasourceResource,
  GrafanaFolderResource,
  GrafanaInstanceResource,
  GrafanaLibraryPanelResource,
  GrafanaMuteTimingResource,
  GrafanaOrganizationResource,
  GrafanaRepositoryResource,
  GrafanaAppResourceResource,
  GrafanaSilenceResource,
  GrafanaTeamResource,
  GrafanaServiceAccountResource,
  GrafanaNotificationPolicyResource,
  GrafanaNotificationPolicyRouteResource,
  GrafanaNotificationTemplateResource,
} from '../../src/api/generated/index.js';
import { KubeApiError } from '../../src/runtime/kube/errors.js';
import type { KubeObject, ResourceType } from '../../src/runtime/kube/types.js';
import { ROOT } from '../../scripts/generate-api.js';
import { addGitRemote } from '../grafana-double/repository-state.js';
import { EXAMPLE_REMOTE } from './scenarios/repositories.js';
import { connectServerAdmin } from './scenarios/organizations.js';
import { objectFixture, type ObjectFixture } from '../support/fixture.js';
import { usingRealGrafana } from '../support/grafana.js';
import type { WithStatus } from '../support/kube.js';
import { documentedReadyReasons } from '../support/ready-reasons.js';
import { eventually } from '../support/wait.js';

const NUM_RUNS = Number(process.env.FC_NUM_RUNS ?? 20);
const SEED = Number(process.env.FC_SEED ?? 20_261_202);
const SHRINK = process.env.FC_SHRINK === '1';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
type Manifest = KubeObject & {
  spec?: JsonObject;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
};

/** Every manifest in examples/. */
const EXAMPLES: Manifest[] = readdirSync(path.join(ROOT, 'examples'), { recursive: true, encoding: 'utf8' })
  .filter((file) => /\.ya?ml$/.test(file))
  .sort()
  .flatMap((file) =>
    parseAllDocuments(readFileSync(path.join(ROOT, 'examples', file), 'utf8')).map(
      (d) => d.toJS() as Manifest,
    ),
  )
  .filter(Boolean);

function example(kind: string, name: string): Manifest {
  const found = EXAMPLES.find((o) => o.kind === kind && o.metadata?.name === name);
  if (!found) throw new Error(`examples/ has no ${kind} ${name}`);
  return found;
}

/** The example each kind's cases start from, and what every case must make unique to itself. */
interface KindCase {
  resource: ResourceType;
  example: string;
  /** The base spec of run `run`: names in Grafana made unique, so runs do not clash with each other. */
  base(run: number, f: ObjectFixture): JsonObject;
  /** What the base comes to, when not Ready=True: a route that no policy here selects waits. */
  baseReady?: { status: 'False'; reason: string };
}

const clone = <T>(value: T): T => structuredClone(value);

const KINDS: KindCase[] = [
  {
    resource: GrafanaInstanceResource,
    example: 'main',
    base: (_run, f) => ({
      ...clone(example('GrafanaInstance', 'main').spec!),
      url: f.grafana.url,
      auth: { token: { secretKeyRef: { name: 'main-credentials', key: 'token' } } },
      // Optional fields the example leaves out, for the mutations to reach.
      org: { id: 1 },
      tls: { insecureSkipVerify: false },
    }),
  },
  {
    resource: GrafanaFolderResource,
    example: 'kubernetes',
    base: (run) => ({ ...clone(example('GrafanaFolder', 'kubernetes').spec!), title: `Kubernetes ${run}` }),
  },
  {
    resource: GrafanaDatasourceResource,
    example: 'prometheus',
    base: (run) => ({
      ...clone(example('GrafanaDatasource', 'prometheus').spec!),
      name: `Prometheus ${run}`,
      isDefault: false,
    }),
  },
  {
    resource: GrafanaDashboardResource,
    example: 'kubernetes-apiserver',
    base: (run) => {
      const spec = clone(example('GrafanaDashboard', 'kubernetes-apiserver').spec!);
      const dashboard = JSON.parse(spec.json as string) as JsonObject;
      // The JSON's uid is the dashboard's: one per run, as the title, so no case inherits the
      // dashboard an Orphan case left behind.
      const uid = `${String(dashboard.uid)}-${run}`;
      const title = `${String(dashboard.title)} ${run}`;
      return { ...spec, json: JSON.stringify({ ...dashboard, uid, title }) };
    },
  },
  {
    resource: GrafanaLibraryPanelResource,
    example: 'node-cpu',
    base: (run) => {
      const { uid: _uid, ...spec } = clone(example('GrafanaLibraryPanel', 'node-cpu').spec!);
      return { ...spec, name: `Node CPU ${run}` };
    },
  },
  {
    resource: GrafanaAlertRuleGroupResource,
    example: 'api',
    base: (run) => ({ ...clone(example('GrafanaAlertRuleGroup', 'api').spec!), name: `API ${run}` }),
  },
  {
    resource: GrafanaAlertRuleResource,
    example: 'node-down',
    base: (run) => ({
      ...clone(example('GrafanaAlertRule', 'node-down').spec!),
      title: `Node exporter down ${run}`,
      ruleGroup: `nodes-${run}`,
    }),
  },
  {
    resource: GrafanaContactPointResource,
    example: 'platform-oncall',
    base: (run) => ({
      ...clone(example('GrafanaContactPoint', 'platform-oncall').spec!),
      name: `oncall-${run}`,
    }),
  },
  {
    resource: GrafanaNotificationPolicyResource,
    example: 'main',
    base: () => clone(example('GrafanaNotificationPolicy', 'main').spec!),
  },
  {
    // No policy selects it here (the example's label is left out): it checks the route and waits.
    resource: GrafanaNotificationPolicyRouteResource,
    example: 'database',
    base: () => clone(example('GrafanaNotificationPolicyRoute', 'database').spec!),
    baseReady: { status: 'False', reason: 'DependencyNotReady' },
  },
  {
    resource: GrafanaNotificationTemplateResource,
    example: 'platform-templates',
    base: (run) => ({
      ...clone(example('GrafanaNotificationTemplate', 'platform-templates').spec!),
      name: `platform-${run}`,
    }),
  },
  {
    resource: GrafanaMuteTimingResource,
    example: 'off-hours',
    base: (run) => ({ ...clone(example('GrafanaMuteTiming', 'off-hours').spec!), name: `off-hours-${run}` }),
  },
  {
    resource: GrafanaTeamResource,
    example: 'platform',
    base: (run) => ({ ...clone(example('GrafanaTeam', 'platform').spec!), name: `platform-${run}` }),
  },
  {
    resource: GrafanaRepositoryResource,
    example: 'dashboards',
    // A repository is named by the object (each case has its own name): nothing to make unique.
    base: () => clone(example('GrafanaRepository', 'dashboards').spec!),
  },
  {
    resource: GrafanaAppResourceResource,
    example: 'noc-rotation',
    // Named by the object's uid: nothing to make unique.
    base: () => clone(example('GrafanaAppResource', 'noc-rotation').spec!),
  },
  {
    resource: GrafanaSilenceResource,
    example: 'disk-maintenance',
    // Matchers and comment are what a silence is found by.
    base: (run) => ({
      ...clone(example('GrafanaSilence', 'disk-maintenance').spec!),
      comment: `Disk replacement ${run}`,
    }),
  },
  {
    resource: GrafanaServiceAccountResource,
    example: 'ci',
    // A Secret per run: one left by a deleted object (no garbage collector here) is not this one's.
    base: (run) => ({
      ...clone(example('GrafanaServiceAccount', 'ci').spec!),
      name: `ci-${run}`,
      tokens: [{ name: 'grafana', secretName: `ci-token-${run}`, expiresIn: '720h' }],
    }),
  },
  {
    resource: GrafanaOrganizationResource,
    example: 'platform',
    // Through the example's server-admin instance, which beforeAll makes.
    base: (run) => ({ ...clone(example('GrafanaOrganization', 'platform').spec!), name: `platform-${run}` }),
  },
];

/** What the bases refer to: folders, a datasource, a contact point and its templates, a mute timing. */
const SUPPORT: Array<[string, string]> = [
  ['Secret', 'prometheus-basic-auth'],
  ['Secret', 'platform-webhook'],
  ['GrafanaFolder', 'platform'],
  ['GrafanaFolder', 'kubernetes'],
  ['GrafanaDatasource', 'prometheus'],
  ['GrafanaNotificationTemplate', 'platform-templates'],
  ['GrafanaContactPoint', 'platform-oncall'],
  ['GrafanaMuteTiming', 'off-hours'],
  ['Secret', 'dashboards-repository-token'],
];

// -------------------------------------------------------------------------------------------------
// Mutations

type Path = Array<string | number>;

/** Paths to every member of the spec, the spec itself excluded. */
function pathsOf(value: Json, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [];
  const entries: Array<[string | number, Json]> = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...pathsOf(child, [...prefix, key])]);
}

function nested(levels: number): Json {
  let value: Json = 'bottom';
  for (let i = 0; i < levels; i++) value = i % 3 === 0 ? [value] : { [`l${i}`]: value };
  return value;
}

/** Strings that break things: blanks, bad durations and times, odd references, URLs, unicode, huge. */
const strings: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-5m',
    '1y',
    '5 minutes',
    '1h30',
    '99999999999999999999h',
    '24:00',
    '25:61',
    'P1D',
    '.',
    '..',
    'a:b',
    'no-such-object',
    'UPPER_case',
    '__expr__',
    'http://admin:secret@127.0.0.1:1/',
    'http://127.0.0.1:99999',
    'http://127.0.0.1:1/grafana',
    '{{ template "missing" . }}',
    '${DS_PROMETHEUS}',
    'line\nbreak',
    'nul\u0000byte',
    'ä漢字🙂\u202etxet',
    '[]',
    '{}',
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(2_000, 300_000).map((length) => 'x'.repeat(length)),
);

const numbers: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -1, -2_147_483_649, 2 ** 53 + 1, 1e308, 0.5),
  fc.integer(),
  fc.integer({ min: -1_000_000, max: -1 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Anything, of any type: wrong types, empty containers, random JSON, deep nesting. */
const anything: fc.Arbitrary<Json> = fc.oneof(
  strings,
  numbers,
  fc.constantFrom<Json>(null, true, false, [], {}),
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
  fc.integer({ min: 90, max: 400 }).map(nested),
);

/**
 * One change at the `at`-th path (modulo their number). `set` usually keeps the type of what it
 * replaces (a string by another string), which the apiserver lets through more often, so the
 * operator sees more of them; otherwise it puts anything there.
 */
type Mutation =
  | { op: 'set'; at: number; sameType: boolean; inside: boolean; text: string; number: number; value: Json }
  | { op: 'delete'; at: number }
  | { op: 'add'; at: number; key: string; value: Json };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('set' as const),
      at: fc.nat(),
      sameType: fc.boolean(),
      inside: fc.boolean(),
      text: strings,
      number: numbers,
      value: anything,
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), at: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('add' as const),
      at: fc.nat(),
      key: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('uid', 'name', 'folderUID', 'model')),
      value: anything,
    }),
  },
);

/** A case: a few mutations of the base spec, or (now and then) a random object as the whole spec. */
const specCase = fc.oneof(
  {
    weight: 7,
    arbitrary: fc.record({
      random: fc.constant(undefined),
      mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      random: fc.dictionary(
        fc.string({ maxLength: 12 }),
        fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
        {
          maxKeys: 5,
        },
      ),
      mutations: fc.constant([] as Mutation[]),
    }),
  },
);

function mutate(base: JsonObject, mutations: Mutation[]): JsonObject {
  const spec = clone(base);
  for (const m of mutations) {
    const paths = pathsOf(spec);
    if (m.op === 'add') {
      const containers = [[], ...paths].filter((p) => isObject(at(spec, p)));
      const target = at(spec, containers[m.at % containers.length]!) as JsonObject;
      target[m.key] = m.value;
      continue;
    }
    if (paths.length === 0) continue;
    const where = paths[m.at % paths.length]!;
    const parent = at(spec, where.slice(0, -1)) as Record<string | number, Json>;
    const key = where.at(-1)!;
    if (m.op === 'delete') {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
      continue;
    }
    const current = parent[key];
    // A string holding a JSON document (a dashboard, a panel) is changed inside as often as whole.
    const document = m.inside && typeof current === 'string' ? parseObject(current) : undefined;
    if (document) {
      parent[key] = JSON.stringify(mutate(document, [{ ...m, inside: false }]));
      continue;
    }
    parent[key] = !m.sameType
      ? m.value
      : typeof current === 'string'
        ? m.text
        : typeof current === 'number'
          ? m.number
          : typeof current === 'boolean'
            ? !current
            : Array.isArray(current)
              ? [...current, ...current]
              : isObject(current)
                ? { ...current, [m.text.slice(0, 20)]: m.value }
                : m.value;
  }
  return spec;
}

function parseObject(text: string): JsonObject | undefined {
  try {
    const value = JSON.parse(text) as Json;
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function at(value: Json, where: Path): Json {
  return where.reduce<Json>((node, key) => (node as Record<string | number, Json>)[key]!, value);
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// -------------------------------------------------------------------------------------------------

const describeWithDouble = usingRealGrafana ? describe.skip : describe;

describeWithDouble('every spec of every kind ends in a documented Ready reason (property)', () => {
  let f: ObjectFixture;
  const reasons = documentedReadyReasons();
  let run = 0;
  /** What each case came to, printed with FC_VERBOSE=1 to see what the cases reach. */
  const outcomes: string[] = [];

  beforeAll(async () => {
    // Git Sync is served with its toggle; the repository example's remote is one the double reaches.
    f = await objectFixture('properties', { featureToggles: { provisioning: true } });
    addGitRemote(f.grafana.double!.state, EXAMPLE_REMOTE.url, [EXAMPLE_REMOTE.branch]);
    // Orgs are written by a server admin: the instance the organization example selects.
    await connectServerAdmin(f, `org-operator-${f.kube.namespace}`);
    for (const [kind, name] of SUPPORT) {
      const manifest = clone(example(kind, name));
      if (kind === 'Secret') {
        await f.kube.secret(name, manifest.stringData ?? {});
        continue;
      }
      const resource = KINDS.find((k) => k.resource.kind === kind)!.resource;
      await f.kube.create(resource, name, manifest.spec);
    }
    for (const [kind, name] of SUPPORT.filter(([kind]) => kind !== 'Secret')) {
      const resource = KINDS.find((k) => k.resource.kind === kind)!.resource;
      await f.kube.waitReady(resource, name, { status: 'True', reason: 'Synced' });
    }
  });

  afterAll(async () => {
    if (process.env.FC_VERBOSE === '1') process.stdout.write(`${outcomes.join('\n')}\n`);
    await f?.stop();
  });

  /** controller_runtime_reconcile_errors_total of one controller. */
  const reconcileErrors = async (controller: string) =>
    (await f.operator.operator.manager.metrics.reconcileErrors.get()).values
      .filter((v) => v.labels.controller === controller)
      .reduce((sum, v) => sum + v.value, 0);

  /**
   * Writes Grafana accepted and that were not undone: a refused write changed nothing, and an
   * object created and then deleted again (a contact point whose second integration Grafana
   * refused) left nothing behind.
   */
  const lastingWrites = (): string[] => {
    const created = new Map<string, string>();
    const lasting: string[] = [];
    for (const r of f.grafana.double!.writes()) {
      if (r.status === null || r.status >= 300) continue;
      const uid = (r.body as { uid?: unknown } | undefined)?.uid;
      const shown = `${r.method} ${r.path} ${r.status}`;
      if (r.method === 'POST' && typeof uid === 'string') created.set(uid, shown);
      else if (r.method === 'DELETE' && created.delete(r.path.split('/').at(-1) ?? '')) continue;
      else lasting.push(shown);
    }
    return [...lasting, ...created.values()];
  };

  async function check(kind: KindCase, spec: JsonObject): Promise<void> {
    const { resource } = kind;
    const name = `${resource.kind.toLowerCase().replace('grafana', '')}-${++run}`;
    const controller = resource.kind.toLowerCase();
    const errorsBefore = await reconcileErrors(controller);
    f.grafana.double!.clearRequests();
    try {
      await f.kube.create(resource, name, spec);
    } catch (err) {
      // The apiserver refused it: that is an answer too, if it says which field and why.
      if (!(err instanceof KubeApiError)) throw err;
      expect({ status: err.status, reason: err.reason }).toEqual({ status: 422, reason: 'Invalid' });
      expect(err.apiMessage).toMatch(/spec/);
      outcomes.push(`${resource.kind} refused: ${err.apiMessage.slice(0, 160)}`);
      return;
    }
    try {
      const ready = await eventually(
        async () => {
          const object = await f.kube.get<WithStatus>(resource, name);
          const condition = object.status?.conditions?.find((c) => c.type === 'Ready');
          return condition?.observedGeneration === object.metadata?.generation && condition;
        },
        { timeoutMs: 20_000, what: `${resource.kind} ${name}: a Ready condition for its generation` },
      );
      const seen = { kind: resource.kind, reason: ready.reason, message: ready.message };
      outcomes.push(`${resource.kind} ${ready.reason}: ${ready.message.slice(0, 160)}`);
      expect({ ...seen, documented: reasons.has(ready.reason) }).toEqual({ ...seen, documented: true });
      expect(ready.reason).not.toBe('InternalError');
      if (ready.reason === 'InvalidSpec') {
        expect(lastingWrites()).toEqual([]);
      }
    } finally {
      await f.kube.delete(resource, name);
      await f.kube.waitGone(resource, name, 20_000);
    }
    // After the deletion too: a finalize that failed unexpectedly counts here.
    expect(await reconcileErrors(controller)).toBe(errorsBefore);
  }

  it('the examples themselves are accepted and get Ready=True (a policy route: waiting for a policy)', async () => {
    // The unmutated bases: keeps the property honest (mutations start from valid specs).
    for (const kind of KINDS) {
      const name = `base-${++run}`;
      await f.kube.create(kind.resource, name, kind.base(run, f));
      await f.kube.waitReady(kind.resource, name, kind.baseReady ?? { status: 'True' });
      await f.kube.delete(kind.resource, name);
      await f.kube.waitGone(kind.resource, name);
    }
  });

  it.each(KINDS.map((kind) => [kind.resource.kind, kind] as const))('%s', async (_name, kind) => {
    await fc.assert(
      fc.asyncProperty(specCase, async ({ random, mutations }) => {
        const spec = random ?? mutate(kind.base(run + 1, f), mutations);
        await check(kind, spec as JsonObject);
      }),
      { numRuns: NUM_RUNS, seed: SEED, endOnFailure: !SHRINK },
    );
  });
});
