/**
 * What a Grafana-object kind describes for the sync layer (grafana-object.ts): how to build its
 * payload, find it in Grafana, compare, write and delete it. Everything else is the layer's.
 */
import type { GrafanaObjectStatus, InstanceSelector } from '../api/generated/index.js';
import type { ResourceType } from '../runtime/kube/types.js';
import type { ManagedObject, ReconcileContext } from '../runtime/reconciler.js';
import type { InstanceTarget } from './targets.js';
import type { ContentUid } from './uid.js';

/** The spec fields every Grafana-object kind shares (see api/definitions.yaml). */
export interface CommonSpec {
  instanceSelector: InstanceSelector;
  uid?: string;
  deletionPolicy?: 'Delete' | 'Orphan';
  resyncPeriod?: string;
  suspend?: boolean;
  adopt?: boolean;
}

/** Status fields that show the object as Grafana does, for printer columns. */
export type Shown = Pick<GrafanaObjectStatus, 'name' | 'title'>;

/** {@link ObjectKind.shown} of the kinds Grafana names: spec.name, defaulting to metadata.name. */
export function showName(object: { spec: { name?: string }; metadata?: { name?: string } }): Shown {
  return { name: object.spec.name ?? object.metadata?.name ?? '' };
}

/** What a write or read tells about the object in Grafana. */
export interface Applied {
  uid: string;
  version?: number;
  url?: string;
}

export interface KindContext<T> extends ReconcileContext<T> {
  /**
   * The uid this object has (or will have) in Grafana. For a kind with {@link ObjectKind.contentUid}
   * it is decided after `desired`, which therefore must not read it.
   */
  uid: string;
}

/**
 * The per-kind part of a Grafana object: how to build its payload, find it in Grafana, tell
 * whether Grafana matches, and write or delete it. Everything else (instance fan-out,
 * ownership, conflicts, hashing, drift Events, status) is shared.
 */
export interface ObjectKind<
  Spec extends CommonSpec,
  T extends ManagedObject<Spec, GrafanaObjectStatus>,
  Desired,
  Observed,
> {
  resource: ResourceType;
  specSchema: object;
  /** The desired payload for one instance, references resolved. Secret values may be in it. */
  desired(context: KindContext<T>, target: InstanceTarget): Promise<Desired>;
  /**
   * What identifies the content for the applied hash: the payload without secret values. `uid`
   * is the object's uid, for kinds whose payload carries it only once it is decided.
   */
  hashable(desired: Desired, uid: string): unknown;
  /**
   * The uid the desired content names for itself (a dashboard JSON's `uid`), for kinds whose uid
   * comes from their content: then spec.uid, else this, else the derived uid (see chooseUid).
   * Undefined: the content names none. Kinds without it take spec.uid, else the derived uid.
   */
  contentUid?(desired: Desired): ContentUid | undefined;
  /** Unique keys besides the uid that only one object may hold per instance (e.g. a name). */
  claims?(desired: Desired): string[];
  /** Grafana's current object with this uid, through a list snapshot where Grafana has a list endpoint. */
  observe(target: InstanceTarget, uid: string, desired: Desired): Promise<Observed | undefined>;
  /** Another object in Grafana that occupies a unique key of ours (e.g. the same name). */
  findClash?(target: InstanceTarget, uid: string, desired: Desired): Promise<Observed | undefined>;
  /** Fields where Grafana differs, after normalising what Grafana adds or rewrites; [] = in sync. */
  diff(desired: Desired, observed: Observed): string[];
  /**
   * Creates or updates; `observed` is what is there now (undefined: create). `driftOnly`: the spec
   * is what was applied last, so only the fields `diff` named need writing (default: false).
   */
  write(
    target: InstanceTarget,
    uid: string,
    desired: Desired,
    observed: Observed | undefined,
    driftOnly?: boolean,
  ): Promise<Applied>;
  /** Deletes; resolves quietly when it is already gone. */
  remove(target: InstanceTarget, uid: string): Promise<void>;
  describe(observed: Observed): Applied;
  /**
   * Status fields that show the object as Grafana does: its name when it defaults to
   * metadata.name, a dashboard's title from its JSON. `desired` is the payload for the first
   * instance that got that far, undefined when none did; fields left undefined keep their value.
   */
  shown?(object: T, desired: Desired | undefined): Shown;
  /**
   * Whether an object found in Grafana may be treated as ours without spec.adopt. Default: we
   * wrote it before (status), or its uid is the one derived from this object's name (a uid from
   * spec.uid or from the content may be anyone's). Kinds
   * whose objects carry an origin (alerting provenance) refine this.
   */
  owns?(observed: Observed, context: KindContext<T>): boolean;
  /** Runs before deleting from Grafana (e.g. a folder waits for the objects in it); throw ObjectError to wait. */
  beforeRemove?(context: KindContext<T>): Promise<void>;
}
