import type { VersionProfile } from '../grafana-double/profiles.js';
import { objectFixture, type ObjectFixture } from '../support/fixture.js';
import { reconcileNow, reconcileOnFreshLists, waitOutSnapshots } from '../support/operator.js';
import { eventually } from '../support/wait.js';
import { KIND_SCENARIOS } from './scenarios/index.js';
import type { KindScenario, ScenarioContext } from './scenarios/scenario.js';

/**
 * The core paths of every kind (test/e2e/scenarios/), on the Grafana releases other than the
 * default profile, which the per-kind files cover: create → Ready with the content in Grafana, an
 * edit made in Grafana reverted, an unchanged resync that writes nothing, a spec change applied,
 * delete → gone from Grafana. Grafana is driven and read through its HTTP API only. The kinds run
 * side by side within each step.
 */
const PROFILES: readonly VersionProfile[] = ['11.2', '13.0'];

describe.each(PROFILES)('Grafana %s: every kind', (version) => {
  let c: ScenarioContext;
  let f: ObjectFixture;
  /** status.uid of each scenario's object. */
  const uids = new Map<KindScenario, string>();

  /** Runs `step` for every kind at once; fails naming each kind that failed, and why. */
  const everyKind = async (step: (scenario: KindScenario) => Promise<void>) => {
    const results = await Promise.allSettled(KIND_SCENARIOS.map(step));
    const failures = results.flatMap((result, i) =>
      result.status === 'rejected'
        ? [`${KIND_SCENARIOS[i]!.title}: ${(result.reason as Error)?.message ?? String(result.reason)}`]
        : [],
    );
    if (failures.length > 0) throw new Error(failures.join('\n\n'));
  };

  const read = (scenario: KindScenario) => scenario.read(c, uids.get(scenario) ?? '');

  /** Until Grafana holds what the spec (`created`) or the changed spec (`changed`) says. */
  const holds = (scenario: KindScenario, stage: 'created' | 'changed', what: string) =>
    eventually(
      async () => {
        expect(await read(scenario)).toEqual(scenario.expected(c, stage));
        return true;
      },
      { what },
    );

  beforeAll(async () => {
    f = await objectFixture(`scenarios-${version.replace('.', '-')}`, { grafanaVersion: version });
    c = { f, n: (name) => `${name}-${f.kube.namespace}` };
    await Promise.all(KIND_SCENARIOS.map((scenario) => scenario.prepare?.(c)));
  });

  afterAll(async () => {
    if (f) await Promise.allSettled(KIND_SCENARIOS.map((scenario) => scenario.cleanup?.(c)));
    await f?.stop();
  });

  it('create: Ready, with the content in Grafana', async () => {
    await everyKind(async (scenario) => {
      await f.kube.create(scenario.type, scenario.name, scenario.spec(c));
      const object = await f.kube.waitReady(scenario.type, scenario.name, {
        status: 'True',
        reason: scenario.readyReason ?? 'Synced',
      });
      uids.set(scenario, (object.status as { uid?: string } | undefined)?.uid ?? '');
      expect(await read(scenario)).toEqual(scenario.expected(c, 'created'));
    });
  });

  it('an edit made in Grafana through its HTTP API is reverted', async () => {
    await everyKind(async (scenario) => {
      if (!scenario.edit) return;
      await scenario.edit(c, uids.get(scenario)!);
      expect(await read(scenario)).not.toEqual(scenario.expected(c, 'created'));
      await reconcileOnFreshLists(f, scenario.type, [scenario.name]);
      await holds(scenario, 'created', 'the edit reverted');
    });
  });

  it('an unchanged resync writes nothing to Grafana', async () => {
    const recorder = f.grafana.recorder;
    await waitOutSnapshots();
    const from = recorder.requests.length;
    await everyKind(async (scenario) => {
      await reconcileNow(f, scenario.type, [scenario.name]);
    });
    const writes = recorder.requests.slice(from).filter((r) => r.method !== 'GET');
    expect(writes.map((r) => `${r.method} ${r.path}`)).toEqual([]);
    // It did read Grafana: the lists had aged out.
    expect(recorder.requests.length).toBeGreaterThan(from);
  });

  it('a spec change is applied in Grafana', async () => {
    await everyKind(async (scenario) => {
      await f.kube.patchSpec(scenario.type, scenario.name, scenario.change(c));
      await holds(scenario, 'changed', 'the change applied');
    });
  });

  it('delete: gone from Grafana', async () => {
    await everyKind(async (scenario) => {
      await f.kube.delete(scenario.type, scenario.name);
      await f.kube.waitGone(scenario.type, scenario.name);
      expect(await read(scenario)).toBeUndefined();
    });
  });
});
