/**
 * What a Grafana-object kind describes for the sync layer (grafana-object.ts): how to build its
 * payload, find it in Grafana, compare, write and delete it. Everything else is the layer's.
 */
import {
  GrafanaFolderResource,
  type GrafanaFolder,
  type GrafanaInstance,
  type GrafanaObjectStatus,
  type InstanceSelector,
} from '../api/generated/index.js';
import { GrafanaAlreadyExistsError } from '../grafana/index.js';
import { parseDuration } from '../lib/duration.js';
import { ObjectError } from '../lib/object-error.js';
import type { SharedInformer } from '../runtime/informer.js';
import type { KubeObject, ResourceType } from '../runtime/kube/types.js';
import type { ManagedObject, ReconcileContext } from '../runtime/reconciler.js';
import type { KeptList } from './kind-list.js';
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

/** How often an object is reconciled when nothing changes (spec.resyncPeriod, 10 minutes by default). */
export function resyncPeriodMs(spec: Pick<CommonSpec, 'resyncPeriod'>): number {
  return parseDuration(spec.resyncPeriod) ?? DEFAULT_RESYNC_MS;
}

const DEFAULT_RESYNC_MS = 10 * 60_000;

/** Status fields that show the object as Grafana does, for printer columns. */
export type Shown = Pick<GrafanaObjectStatus, 'name' | 'title'>;

type NamedObject = { spec: { name?: string }; metadata?: { name?: string } };

/** The name an object of a kind Grafana names has there: spec.name, defaulting to metadata.name. */
export function grafanaName(object: NamedObject): string {
  return object.spec.name ?? object.metadata?.name ?? '';
}

/** {@link ObjectKind.shown} of the kinds Grafana names: their {@link grafanaName}. */
export function showName(object: NamedObject): Shown {
  return { name: grafanaName(object) };
}

/**
 * The verdict on an object found in Grafana: this object's (it may be written over without
 * spec.adopt), or not, and why. Not ours: the layer raises a Conflict with `message`, by default
 * that the uid exists in Grafana and was not created by this object.
 */
export type Ownership = { ours: true } | { ours: false; message?: string };

/** What a write or read tells about the object in Grafana. */
export interface Applied {
  uid: string;
  version?: number;
  url?: string;
  /** A dashboard's public dashboard, its url relative to the instance's. */
  publicDashboard?: InstanceEntry['publicDashboard'];
}

type InstanceEntry = NonNullable<GrafanaObjectStatus['instances']>[number];

/**
 * What a write tells, and for a kind with a list (ObjectKind.list) what Grafana stored, to be
 * listed. `listStale`: the write changed other items of the list too (a new default datasource
 * is no longer the others' default), so the layer lets the list go instead. `unfinished`: Grafana
 * holds the object, this object's from now on, but a part of it waits for something outside it
 * (an org's home dashboard Grafana does not have yet); the instance is not synced, for that
 * reason, and the next reconcile writes again. `held`: what Grafana holds once written, for a kind
 * whose statusOf reads it.
 */
export type Written<Listed, Observed = never> = Applied & {
  listed?: Listed;
  listStale?: true;
  unfinished?: ObjectError;
  held?: Observed;
};

export interface KindContext<T> extends ReconcileContext<T> {
  /**
   * The uid this object has (or will have) in Grafana. For a kind with {@link ObjectKind.contentUid}
   * it is decided after `desired`, which therefore must not read it.
   */
  uid: string;
  /**
   * Every Grafana-object kind the operator runs, with what each declares: for a kind that waits
   * for the objects of others (a folder for its contents) or refers to them by name (the policy
   * tree).
   */
  kinds: readonly AnyObjectKind[];
  /** The names of the GrafanaInstances the object selects; empty while it is being deleted. */
  selected: readonly string[];
  /** Reads the GrafanaFolders of the object's namespace (folderRef, parentFolderRef). */
  folders: FolderReader;
}

/**
 * A GrafanaFolder by name in a namespace. The operator reads its cache of folders, kept by the
 * same watch that requeues their readers, so a requeue always finds the change that caused it.
 */
export type FolderReader = (namespace: string, name: string) => Promise<GrafanaFolder | undefined>;

/** A kind of name that objects put into Grafana and other objects refer to. */
export type ProvidedName = 'receiver' | 'timeInterval';

/** What name an object puts into Grafana for other objects to refer to. */
export interface Provides<T> {
  name: ProvidedName;
  nameOf(object: T): string;
}

/** This object's status entry for one instance, as the last reconcile left it. */
export type InstanceRecord = Pick<InstanceEntry, 'uid' | 'version' | 'appliedHash' | 'publicDashboard'>;

/** The uid this object last wrote on the instance; undefined while it has written nothing there. */
export function writtenUid(record: InstanceRecord | undefined): string | undefined {
  return record?.appliedHash ? record.uid : undefined;
}

/** One object on one instance, its uid decided: what the layer hands a kind's per-instance calls. */
export interface InstanceOp<T, Desired> {
  /** The object's reconcile; `context.uid` is `uid`. */
  context: KindContext<T>;
  target: InstanceTarget;
  uid: string;
  desired: Desired;
  /** What this object recorded on the instance (uid, Grafana's version, applied hash); undefined: nothing yet. */
  record: InstanceRecord | undefined;
}

export interface WriteOp<T, Desired, Observed> extends InstanceOp<T, Desired> {
  /** What is there now; undefined: create. */
  observed: Observed | undefined;
  /** The spec is what was applied last, so only the fields `diff` named need writing. */
  driftOnly: boolean;
}

/**
 * What a kind's write throws when a fresh read shows Grafana holding, where the write would go,
 * something the observed state did not (made since the list was read): the layer observes again
 * and judges it as anything observed (owns, spec.adopt), once. `message` is the Conflict reported
 * if it happens again on that second try.
 */
export class MadeMeanwhileError extends ObjectError {
  constructor(message: string) {
    super('Conflict', message);
    this.name = 'MadeMeanwhileError';
  }
}

/**
 * A write's failure as the layer should see it: an update refused because another object took the
 * name since the list was read (GrafanaAlreadyExistsError, e.g. a rename) becomes a
 * {@link MadeMeanwhileError}, so the layer observes again and reports the Conflict it shows.
 */
export function takenMeanwhile(err: unknown, updating: boolean, message: string): unknown {
  return updating && err instanceof GrafanaAlreadyExistsError ? new MadeMeanwhileError(message) : err;
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
  Listed = never,
> {
  resource: ResourceType;
  specSchema: object;
  /** The desired payload for one instance, references resolved. Secret values may be in it. */
  desired(context: KindContext<T>, target: InstanceTarget): Promise<Desired>;
  /**
   * What identifies the content for the applied hash: the payload without secret values. `uid`
   * is the object's uid, for kinds whose payload carries it only once it is decided. Default:
   * `desired` itself, for kinds whose payload holds no secret.
   */
  hashable?(desired: Desired, uid: string): unknown;
  /**
   * The uid the desired content names for itself (a dashboard JSON's `uid`), for kinds whose uid
   * comes from their content: then spec.uid, else this, else the derived uid (see chooseUid).
   * Undefined: the content names none. Kinds without it take spec.uid, else the derived uid.
   */
  contentUid?(desired: Desired): ContentUid | undefined;
  /** Unique keys besides the uid that only one object may hold per instance (e.g. a name). */
  claims?(desired: Desired): string[];
  /**
   * Where the keys of `claims` are unique. Default: per Grafana org (the org the instance acts in).
   * `server`: per Grafana server, whatever org an instance acts in, for kinds whose objects are the
   * server's own (orgs: names unique on the server).
   */
  claimsPer?: 'server';
  /** Grafana's current object with this uid, through a list snapshot where Grafana has a list endpoint. */
  observe(op: InstanceOp<T, Desired>): Promise<Observed | undefined>;
  /** Another object in Grafana that occupies a unique key of ours (e.g. the same name). */
  findClash?(op: InstanceOp<T, Desired>): Promise<Observed | undefined>;
  /** Fields where Grafana differs, after normalising what Grafana adds or rewrites; [] = in sync. */
  diff(desired: Desired, observed: Observed): string[];
  /**
   * Creates (`op.observed` undefined) or updates. `listed`, what Grafana stored, goes into the
   * kind's list; for a create found made meanwhile (MadeMeanwhileError, GrafanaAlreadyExistsError)
   * the layer lets go of the list before observing again.
   */
  write(op: WriteOp<T, Desired, Observed>): Promise<Written<Listed, Observed>>;
  /**
   * Deletes; resolves quietly when it is already gone. The layer takes it off the kind's list.
   * `object` is the one being removed, for a kind whose place in Grafana its spec decides.
   */
  remove(target: InstanceTarget, uid: string, object?: T): Promise<void>;
  /**
   * The per-instance list the kind observes through (kind-list.ts). The layer keeps it current
   * after writes and removes: it puts what a write stored, takes the object's old key off it after
   * a rename (a list that `renames`), and takes off what a remove removed.
   */
  list?: KeptList<Listed>;
  /**
   * A failed write of this kind leaves its list in doubt: the write takes several calls (a delete
   * and a create again, a write again after a re-read, a rename and a delete) and may have done
   * some, or was refused for something the list does not show. The layer lets the list go after a
   * failed write, so the next reader lists again.
   */
  relistAfterFailedWrite?: true;
  /**
   * Writes and removes of this kind run one at a time per Grafana org (InstanceTarget.exclusive),
   * with those of every other serialised kind: the alerting notification resources, which share
   * one Alertmanager document that each write rewrites (contract §8.10).
   */
  serialise?: true;
  /**
   * Its observe runs in turn with the serialised writes and removes too, for a kind that has one
   * object per org, replaced in place: an object taking over from one being deleted reads what
   * that removal left (the policy tree, reset).
   */
  serialiseObserve?: true;
  describe(observed: Observed): Applied;
  /**
   * Status fields that show the object as Grafana does: its name when it defaults to
   * metadata.name, a dashboard's title from its JSON. `desired` is the payload for the first
   * instance that got that far, undefined when none did; fields left undefined keep their value.
   */
  shown?(object: T, desired: Desired | undefined): Shown;
  /**
   * Status fields a kind derives from its per-instance entries (an org's id when they agree on
   * one), from the payload of the first instance that got that far (`desired`, as in `shown`:
   * a silence's state by its window, the routes a policy tree merged), and from `inSync`, what the
   * first instance holds once in sync: as read when nothing needed writing, or as the write's `held`
   * (a state Grafana keeps beside the object); recomputed every reconcile, so a field left out is
   * cleared.
   */
  statusOf?(
    instances: NonNullable<GrafanaObjectStatus['instances']>,
    desired: Desired | undefined,
    inSync: Observed | undefined,
  ): Partial<NonNullable<T['status']>>;
  /**
   * Whether an object found in Grafana may be treated as ours without spec.adopt. Default: we
   * wrote it before (status), or its uid is the one derived from this object's name (a uid from
   * spec.uid or from the content may be anyone's). Kinds whose objects carry an origin (alerting
   * provenance) or a name of their own refine this, and say why an object is not theirs.
   */
  owns?(observed: Observed, op: InstanceOp<T, Desired>): Ownership;
  /**
   * When (ms since the epoch) to look at the object again on this instance, sooner than its resync
   * period, for a change due by the clock alone (a token's rotation), once it is in sync. `observed`
   * is what was there before a write; undefined after a create.
   */
  recheckAt?(desired: Desired, observed: Observed | undefined, now: number): number | undefined;
  /**
   * What the object should be, or its status, changes with the clock alone, with no recheckAt to
   * say when (a silence's window state): every resync looks at it in full.
   */
  clockBound?: true;
  /** Runs before deleting from Grafana (e.g. a folder waits for the objects in it); throw ObjectError to wait. */
  beforeRemove?(context: KindContext<T>): Promise<void>;

  // What the kind depends on, for the operator's wiring (controllers/index.ts).

  /**
   * The GrafanaFolder (by name) an object lives in: a folder's deletion waits for the objects in
   * it, a change of the folder requeues them, and one leaving it requeues the folder.
   */
  folderRef?(spec: Spec): string | undefined;
  /**
   * Other kinds whose objects this kind's objects read, recorded in `context.references`: a change
   * of one of them requeues the objects that read it.
   */
  watches?: readonly ResourceType[];
  /**
   * Its objects' deletion waits for the objects that refer to them (a folder, for those in it:
   * see beforeRemove): one of those leaving requeues the objects it referred to.
   */
  deletionWaitsForReferrers?: true;
  /**
   * The object of this kind a GrafanaInstance waits for, by name (the organization its
   * spec.org.organizationRef names): a change of that object requeues the instance.
   */
  namedByInstance?(instance: GrafanaInstance): string | undefined;
  /**
   * Kinds whose objects this kind's objects select by label (a policy tree's routes): any change
   * of one but its status requeues this kind's objects in its namespace, as a new one may match.
   */
  selects?: readonly ResourceType[];
  /** The name an object puts into Grafana for other objects to refer to (see KindContext.kinds). */
  provides?: Provides<T>;
  /**
   * Called once as the kind is registered, with the metadata cache of its objects and its queue:
   * for services shared between kinds that requeue objects of several (RuleGroupOwners).
   */
  connect?(objects: SharedInformer<KubeObject>, enqueue: (key: string) => void): void;
}

/** An object of any Grafana-object kind. */
export type AnyObject = ManagedObject<CommonSpec, GrafanaObjectStatus>;

/** Any Grafana-object kind, its types left open: for lists of kinds. */
export type AnyObjectKind = ObjectKind<CommonSpec, AnyObject, unknown, unknown, unknown>;

/** The kinds whose objects `kind`'s objects read, and whose changes requeue them: its folder's, and its `watches`. */
export function referencedResources(kind: AnyObjectKind): ResourceType[] {
  return [...(kind.folderRef ? [GrafanaFolderResource] : []), ...(kind.watches ?? [])];
}
