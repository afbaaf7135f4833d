/**
 * What a bench run creates and how long it watches: a preset, then any count overridden by a flag
 * (`--dashboards 500`) or its environment variable (`BENCH_DASHBOARDS=500`); a flag wins.
 */
import { parseArgs } from 'node:util';

export interface Workload {
  dashboards: number;
  datasources: number;
  /** Nested up to FOLDER_DEPTH levels: folder i's parent is folder ⌊(i-1)/FOLDER_FANOUT⌋. */
  folders: number;
  ruleGroups: number;
  rulesPerGroup: number;
  contactPoints: number;
  /** GrafanaInstances every object selects (one Grafana org each): each object fans out to all. */
  instances: number;
  /** Dashboards made in Grafana before the operator starts, in the first instance's org, never managed. */
  unmanagedDashboards: number;
}

/** The double's latency model (test/grafana-double/latency.ts), as the bench sets it. */
export interface GrafanaLatency {
  /** Every write (a dashboard save, a folder create …); 0 turns the whole model off. */
  writeMs: number;
  /** Every read, plus listPerItemMs per item of a list or search answer. */
  readMs: number;
  listPerItemMs: number;
  /** Requests Grafana serves at once (its database connection pool); the rest queue. */
  grafanaConcurrency: number;
}

export interface BenchOptions extends Workload, GrafanaLatency {
  preset: PresetName;
  /** spec.resyncPeriod of every object. */
  resyncSeconds: number;
}

/** Latency of a Grafana with its database on a network: tens of ms a write, lists by their size. */
const LATENCY: GrafanaLatency = { writeMs: 30, readMs: 5, listPerItemMs: 0.05, grafanaConcurrency: 10 };

/** The 1k: 1,000 dashboards, 200 datasources, 500 rules, 100 folders. */
const THOUSAND: Workload = {
  dashboards: 1000,
  datasources: 200,
  folders: 100,
  ruleGroups: 50,
  rulesPerGroup: 10,
  contactPoints: 20,
  instances: 1,
  unmanagedDashboards: 1000,
};

const PRESETS = {
  // CI-sized: runs in a minute or two on a shared 2-core machine.
  small: {
    workload: {
      dashboards: 40,
      datasources: 10,
      folders: 8,
      ruleGroups: 4,
      rulesPerGroup: 5,
      contactPoints: 4,
      instances: 2,
      unmanagedDashboards: 100,
    },
    resyncSeconds: 20,
  },
  '1k': { workload: THOUSAND, resyncSeconds: 60 },
  '10k': { workload: { ...THOUSAND, dashboards: 10_000 }, resyncSeconds: 60 },
} satisfies Record<string, { workload: Workload; resyncSeconds: number }>;

export type PresetName = keyof typeof PRESETS;

/** Flag name → the option it sets; the environment variable is BENCH_ + the flag in upper snake case. */
const COUNTS = {
  dashboards: 'dashboards',
  datasources: 'datasources',
  folders: 'folders',
  'rule-groups': 'ruleGroups',
  'rules-per-group': 'rulesPerGroup',
  'contact-points': 'contactPoints',
  instances: 'instances',
  'unmanaged-dashboards': 'unmanagedDashboards',
  'resync-seconds': 'resyncSeconds',
  'write-ms': 'writeMs',
  'read-ms': 'readMs',
  'list-per-item-ms': 'listPerItemMs',
  'grafana-concurrency': 'grafanaConcurrency',
} as const satisfies Record<string, keyof BenchOptions>;

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      preset: { type: 'string' },
      ...Object.fromEntries(Object.keys(COUNTS).map((flag) => [flag, { type: 'string' as const }])),
    },
    strict: true,
  });
  const preset = (values.preset ?? env.BENCH_PRESET ?? 'small') as string;
  if (!(preset in PRESETS)) throw new Error(`--preset: one of ${Object.keys(PRESETS).join(', ')}`);
  const chosen = PRESETS[preset as PresetName];
  const options: BenchOptions = {
    ...LATENCY,
    preset: preset as PresetName,
    ...chosen.workload,
    resyncSeconds: chosen.resyncSeconds,
  };
  for (const [flag, key] of Object.entries(COUNTS)) {
    const raw = (values as Record<string, string | undefined>)[flag] ?? env[envName(flag)];
    if (raw === undefined || raw === '') continue;
    const count = Number(raw);
    const whole = key !== 'listPerItemMs';
    if (!(count >= 0) || (whole && !Number.isInteger(count)))
      throw new Error(`--${flag}: a ${whole ? 'whole ' : ''}number ≥ 0, not "${raw}"`);
    options[key] = count;
  }
  if (options.instances < 1) throw new Error('--instances: at least 1');
  if (options.grafanaConcurrency < 1) throw new Error('--grafana-concurrency: at least 1');
  return options;
}

const envName = (flag: string) => `BENCH_${flag.replaceAll('-', '_').toUpperCase()}`;

/** Objects the operator reconciles, each on every instance. */
export function managedObjects(w: Workload): number {
  return w.dashboards + w.datasources + w.folders + w.ruleGroups + w.contactPoints;
}
