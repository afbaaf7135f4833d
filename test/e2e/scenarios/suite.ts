import type { VersionProfile } from '../../grafana-double/profiles.js';
import { objectFixture, type ObjectFixture } from '../../support/fixture.js';
import { waitIdle } from '../../support/metrics.js';
import { reconcileNow, reconcileOnFreshLists, waitOutSnapshots } from '../../support/operator.js';
import { eventually } from '../../support/wait.js';
import type { WithStatus } from '../../support/kube.js';
import { KIND_SCENARIOS } from './index.js';
import type { Json, KindScenario, ScenarioContext } from './scenario.js';

type Stage = 'created' | 'changed';

/** The message of a Conflict that spec.adopt resolves, for every kind, on the instance it selects. */
const adoptConflict = (scenario: KindScenario) =>
  new RegExp(`^${scenario.instance ?? 'main'}: .*; set spec\\.adopt: true to take it over$`);

/**
 * The core paths of every kind (test/e2e/scenarios/), driven through Kubernetes and checked through
 * Grafana's HTTP API only, so they hold on every version profile of the double and on a real
 * Grafana (GRAFANA_URL): create → Ready; an edit made in Grafana reverted, with a DriftReverted
 * Event; an unchanged resync that writes nothing; a spec change applied; with editableInGrafana a
 * UI edit kept until the spec changes; delete → gone from Grafana; an object made by hand a
 * Conflict until spec.adopt; deletionPolicy Orphan leaving it in Grafana. The kinds run side by
 * side within each step; a step skips the kinds its scenario says nothing for.
 */
export function describeKindScenarios(title: string, options: { version?: VersionProfile; prefix: string }) {
  describe(title, () => {
    let f: ObjectFixture;
    /** The scenario's first object, and its second: made by hand in Grafana, then adopted. */
    let c: ScenarioContext;
    let adopted: ScenarioContext;
    /** status.uid of each scenario's object, and of its adopted one. */
    const uids = new Map<KindScenario, string>();
    const adoptedUids = new Map<KindScenario, string>();
    const adoptedName = (scenario: KindScenario) => `${scenario.name}-adopted`;
    /** The kinds this Grafana can hold (see KindScenario.supported). */
    let active: readonly KindScenario[] = KIND_SCENARIOS;

    /** Runs `step` for the kinds given (default every kind) at once; fails naming each that failed, and why. */
    const everyKind = async (
      step: (scenario: KindScenario) => Promise<void>,
      scenarios: readonly KindScenario[] = active,
    ) => {
      const results = await Promise.allSettled(scenarios.map(step));
      const failures = results.flatMap((result, i) =>
        result.status === 'rejected'
          ? [`${scenarios[i]!.title}: ${(result.reason as Error)?.message ?? String(result.reason)}`]
          : [],
      );
      if (failures.length > 0) throw new Error(failures.join('\n\n'));
    };

    const read = (scenario: KindScenario) => scenario.read(c, uids.get(scenario) ?? '');

    /** Until Grafana holds what the spec (`created`) or the changed spec (`changed`) says. */
    const holds = (scenario: KindScenario, stage: Stage, what: string, at = c, uid = uids.get(scenario)) =>
      eventually(
        async () => {
          expect(await scenario.read(at, uid ?? '')).toEqual(scenario.expected(at, stage));
          return true;
        },
        { what },
      );

    /**
     * Until the object is Ready with `reason` for its current generation; answers the uid of what it
     * manages in Grafana (an object taken over by name keeps its own), else its status.uid.
     */
    const ready = async (scenario: KindScenario, name = scenario.name, reason = 'Synced') => {
      const object = await f.kube.waitReady(scenario.type, name, { status: 'True', reason });
      return object.status?.instances?.[0]?.uid ?? object.status?.uid ?? '';
    };

    /** Until the object's provenance in Grafana is `provenance`, for the kinds that have one. */
    const provenanceIs = (scenario: KindScenario, provenance: string, at = c, uid = uids.get(scenario)) =>
      scenario.provenance &&
      eventually(async () => (await scenario.provenance!(at, uid ?? '')) === provenance, {
        what: `provenance "${provenance}"`,
      });

    /** How many DriftReverted Events the object has had (an Event repeated counts each time). */
    const driftEvents = async (scenario: KindScenario) =>
      (await f.kube.events(scenario.name))
        .filter((e) => e.reason === 'DriftReverted')
        .reduce((sum, e) => sum + e.count, 0);

    /** The spec fields `change` sets, as the spec had them at creation. */
    const unchanged = (scenario: KindScenario): Json => {
      const spec = scenario.spec(c);
      return Object.fromEntries(Object.keys(scenario.change(c)).map((key) => [key, spec[key] ?? null]));
    };

    /** The operator's requests to Grafana from now on that were not GETs, as `METHOD path`. */
    const writesFrom = () => {
      const from = f.grafana.recorder.requests.length;
      return () =>
        f.grafana.recorder.requests
          .slice(from)
          .filter((r) => r.method !== 'GET')
          .map((r) => `${r.method} ${r.path}`);
    };

    beforeAll(async () => {
      f = await objectFixture(options.prefix, {
        ...(options.version ? { grafanaVersion: options.version } : {}),
        // Git Sync (GrafanaRepository) is served only with this toggle; nothing else reads it.
        featureToggles: { provisioning: true },
      });
      const shared = (name: string) => `${name}-${f.kube.namespace}`;
      c = { f, n: shared, shared };
      adopted = { f, n: (name) => shared(`${name}-adopted`), shared };
      const supported = await Promise.all(KIND_SCENARIOS.map((scenario) => scenario.supported?.(c) ?? true));
      active = KIND_SCENARIOS.filter((_, i) => supported[i]);
      await Promise.all(active.map((scenario) => scenario.prepare?.(c)));
    });

    afterAll(async () => {
      if (f) await Promise.allSettled(active.map((scenario) => scenario.cleanup?.(c)));
      await f?.stop();
    });

    it('create: Ready, with the content in Grafana', async () => {
      await everyKind(async (scenario) => {
        await f.kube.create(scenario.type, scenario.name, scenario.spec(c));
        uids.set(scenario, await ready(scenario, scenario.name, scenario.readyReason));
        expect(await read(scenario)).toEqual(scenario.expected(c, 'created'));
        await provenanceIs(scenario, 'api');
      });
    });

    it('an edit made in Grafana through its HTTP API is reverted, with a DriftReverted Event naming it', async () => {
      await everyKind(async (scenario) => {
        if (!scenario.edit) return;
        await scenario.edit(c, uids.get(scenario)!);
        expect(await read(scenario)).not.toEqual(scenario.expected(c, 'created'));
        await reconcileOnFreshLists(f, scenario.type, [scenario.name]);
        await holds(scenario, 'created', 'the edit reverted');
        await eventually(
          async () =>
            (await f.kube.events(scenario.name)).some(
              (e) =>
                e.reason === 'DriftReverted' && (scenario.drift ?? []).every((at) => e.message.includes(at)),
            ),
          { what: `a DriftReverted Event naming ${scenario.drift?.join(', ')}` },
        );
      });
    });

    it('an unchanged resync writes nothing, to Grafana or the apiserver', async () => {
      // The reconciles the revert caused (status, Events) are over.
      await waitIdle(f.operator.metricsUrl);
      await waitOutSnapshots();
      const from = f.grafana.recorder.requests.length;
      const writes = writesFrom();
      await everyKind(async (scenario) => {
        const [touched] = await reconcileNow(f, scenario.type, [scenario.name]);
        const after = await f.kube.get<WithStatus>(scenario.type, scenario.name);
        expect(after.metadata?.resourceVersion).toBe(touched);
      });
      expect(writes()).toEqual([]);
      // It did read Grafana: the lists had aged out.
      expect(f.grafana.recorder.requests.length).toBeGreaterThan(from);
    });

    it('a spec change is applied in Grafana', async () => {
      await everyKind(async (scenario) => {
        await f.kube.patchSpec(scenario.type, scenario.name, scenario.change(c));
        await holds(scenario, 'changed', 'the change applied');
      });
    });

    describe('with editableInGrafana', () => {
      const editable = () => active.filter((scenario) => scenario.editInUi);
      /** What Grafana held for each object after the UI edit. */
      const edited = new Map<KindScenario, unknown>();

      it('written without provenance', async () => {
        await everyKind(async (scenario) => {
          await f.kube.patchSpec(scenario.type, scenario.name, { editableInGrafana: true });
          await ready(scenario);
          await provenanceIs(scenario, '');
          await holds(scenario, 'changed', 'the spec still applied');
        }, editable());
      });

      it('an edit made in the UI is kept across a resync, which writes nothing', async () => {
        const drifts = new Map<KindScenario, number>();
        await everyKind(async (scenario) => {
          drifts.set(scenario, await driftEvents(scenario));
          await scenario.editInUi!(c, uids.get(scenario)!);
          edited.set(scenario, await read(scenario));
          expect(edited.get(scenario)).not.toEqual(scenario.expected(c, 'changed'));
        }, editable());
        await waitIdle(f.operator.metricsUrl);
        const writes = writesFrom();
        await everyKind(async (scenario) => {
          await reconcileOnFreshLists(f, scenario.type, [scenario.name]);
          expect(await read(scenario)).toEqual(edited.get(scenario));
          expect(await driftEvents(scenario)).toBe(drifts.get(scenario));
        }, editable());
        expect(writes()).toEqual([]);
      });

      it('until the spec changes: then the spec wins again', async () => {
        await everyKind(async (scenario) => {
          await f.kube.patchSpec(scenario.type, scenario.name, unchanged(scenario));
          await holds(scenario, 'created', 'the spec applied over the UI edit');
          await f.kube.patchSpec(scenario.type, scenario.name, { editableInGrafana: false });
          await ready(scenario);
          await provenanceIs(scenario, 'api');
          await holds(scenario, 'created', 'the spec still applied');
        }, editable());
      });
    });

    it('delete: gone from Grafana', async () => {
      await everyKind(async (scenario) => {
        await f.kube.delete(scenario.type, scenario.name);
        await f.kube.waitGone(scenario.type, scenario.name);
        expect(await read(scenario)).toBeUndefined();
      });
    });

    describe('an object made in Grafana by hand', () => {
      const adoptable = () => active.filter((scenario) => scenario.byHand);

      it('is a Conflict, left as it is, until spec.adopt takes it over', async () => {
        await everyKind(async (scenario) => {
          const hand = await scenario.byHand!(adopted);
          const readHand = () => scenario.read(adopted, hand.uid ?? '');
          const made = await readHand();
          expect(made).toBeDefined();
          expect(made).not.toEqual(scenario.expected(adopted, 'created'));

          const name = adoptedName(scenario);
          await f.kube.create(scenario.type, name, {
            ...scenario.spec(adopted),
            ...hand.spec,
            deletionPolicy: 'Orphan',
          });
          const conflict = await f.kube.waitReady(scenario.type, name, {
            status: 'False',
            reason: 'Conflict',
          });
          expect(conflict.status?.conditions?.find((cond) => cond.type === 'Ready')?.message).toMatch(
            adoptConflict(scenario),
          );
          expect(await readHand()).toEqual(made);

          await f.kube.patchSpec(scenario.type, name, { adopt: true });
          const uid = await ready(scenario, name);
          adoptedUids.set(scenario, uid);
          // Taken over, not made anew beside it.
          if (hand.uid && hand.keepsUid !== false) expect(uid).toBe(hand.uid);
          await holds(scenario, 'created', 'the spec applied', adopted, uid);
          await provenanceIs(scenario, 'api', adopted, uid);
        }, adoptable());
      });

      it('deletionPolicy Orphan: deleting the object leaves it in Grafana', async () => {
        await everyKind(async (scenario) => {
          await f.kube.delete(scenario.type, adoptedName(scenario));
          await f.kube.waitGone(scenario.type, adoptedName(scenario));
          expect(await scenario.read(adopted, adoptedUids.get(scenario) ?? '')).toEqual(
            scenario.expected(adopted, 'created'),
          );
        }, adoptable());
      });
    });
  });
}
