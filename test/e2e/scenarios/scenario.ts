import type { ResourceType } from '../../../src/runtime/kube/types.js';
import { undefinedIfNotFound } from '../../../src/grafana/errors.js';
import type { ObjectFixture } from '../../support/fixture.js';

export type Json = Record<string, unknown>;

/** Where a scenario runs: its fixture, and names unique to its namespace. */
export interface ScenarioContext {
  f: ObjectFixture;
  /**
   * A name unique to this run and to one object of the scenario (the suite makes a second one,
   * adopted), so a shared real Grafana sees no clashes between runs or between the two.
   */
  n(name: string): string;
  /** A name unique to this run, the same for every object of the scenario: what `prepare` makes. */
  shared(name: string): string;
}

/** An object of the scenario made in Grafana by hand (as the UI makes it: no provenance). */
export interface MadeByHand {
  /** Its uid, to read it by (`read`); none where `read` goes by name. */
  uid?: string;
  /**
   * Whether the adopting object manages it under that uid. Default true; false where adoption
   * gives it the object's own uid (datasources, found by name).
   */
  keepsUid?: boolean;
  /** What the spec needs to name it (e.g. its uid), merged into the spec. */
  spec?: Json;
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
  /** The GrafanaInstance the object selects, as messages name it; default the fixture's "main". */
  instance?: string;
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
  /**
   * An edit made in Grafana through its HTTP API, which the operator reverts: a UI edit where the
   * UI can make it, another API client's where the object is locked (provenance api). None:
   * nothing to edit.
   */
  edit?(c: ScenarioContext, uid: string): Promise<void>;
  /** What the DriftReverted Event of `edit` names (parts of its message). */
  drift?: string[];
  /**
   * With spec.editableInGrafana (kinds that have it): an edit made in Grafana's UI
   * (support/grafana-edits.ts), which the operator leaves alone until the spec changes.
   */
  editInUi?(c: ScenarioContext, uid: string): Promise<void>;
  /** The object's provenance in Grafana ('' for none), for the kinds that have one. */
  provenance?(c: ScenarioContext, uid: string): Promise<string>;
  /**
   * Makes by hand, through Grafana's HTTP API, the object the spec will name, with content other
   * than the spec's: a Conflict until spec.adopt. None: the kind has no adopt (GrafanaInstance).
   */
  byHand?(c: ScenarioContext): Promise<MadeByHand>;
  /**
   * Whether this Grafana can hold the kind at all (a feature a release or a toggle brings); the
   * suite leaves out the kinds it cannot. Default: it can.
   */
  supported?(c: ScenarioContext): Promise<boolean>;
  /** What is left in Grafana by `prepare`, removed after the scenario. */
  cleanup?(c: ScenarioContext): Promise<void>;
}

/** `read` of an object Grafana may not have: undefined on 404. */
export const absent = undefinedIfNotFound;

/** What every Grafana-object spec of a scenario has: the fixture's instance, a short resync. */
export const objectSpec = (c: ScenarioContext) => ({ instanceSelector: c.f.selector, resyncPeriod: '10s' });
