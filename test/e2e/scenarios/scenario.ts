import type { ResourceType } from '../../../src/runtime/kube/types.js';
import { undefinedIfNotFound } from '../../../src/grafana/errors.js';
import type { ObjectFixture } from '../../support/fixture.js';

export type Json = Record<string, unknown>;

/** Where a scenario runs: its fixture, and names unique to its namespace. */
export interface ScenarioContext {
  f: ObjectFixture;
  /** A name unique to this run, so a shared real Grafana sees no clashes between runs. */
  n(name: string): string;
}

/**
 * One kind's core paths, driven through Kubernetes and checked through Grafana's HTTP API only,
 * so they hold on every Grafana version (and on a real Grafana in GRAFANA_URL).
 */
export interface KindScenario {
  /** The kind, as test output names it. */
  title: string;
  type: ResourceType;
  /** The object's name in the namespace. */
  name: string;
  /** The reason of Ready=True; default Synced. */
  readyReason?: string;
  /** What the object needs in Grafana first, made through its HTTP API. */
  prepare?(c: ScenarioContext): Promise<void>;
  spec(c: ScenarioContext): Json;
  /** The spec change of the "spec change applied" step, merged into the spec. */
  change(c: ScenarioContext): Json;
  /**
   * What Grafana holds for the object (`uid` is its status.uid), reduced to what the spec decides,
   * or undefined when Grafana has none of it.
   */
  read(c: ScenarioContext, uid: string): Promise<unknown>;
  /** What `read` returns once the spec (`created`) or the changed spec (`changed`) is applied. */
  expected(c: ScenarioContext, stage: 'created' | 'changed'): unknown;
  /** An edit made in Grafana through its HTTP API, which the operator reverts. None: nothing to edit. */
  edit?(c: ScenarioContext, uid: string): Promise<void>;
  /** What is left in Grafana by `prepare`, removed after the scenario. */
  cleanup?(c: ScenarioContext): Promise<void>;
}

/** `read` of an object Grafana may not have: undefined on 404. */
export const absent = undefinedIfNotFound;

/** What every Grafana-object spec of a scenario has: the fixture's instance, a short resync. */
export const objectSpec = (c: ScenarioContext) => ({ instanceSelector: c.f.selector, resyncPeriod: '10s' });
