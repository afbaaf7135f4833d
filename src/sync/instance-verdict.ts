/**
 * The sync layer's decision for one object on one Ready instance, up to the write and no further:
 * the desired payload, the uid, the claims, what Grafana holds, whether the object may touch it,
 * and whether anything needs writing (content hash and `diff`). The reconcile (grafana-object.ts)
 * writes what it decides; `plan` (src/cli/plan/) reports it, so the two cannot disagree.
 */
import type { GrafanaInstance, GrafanaObjectStatus } from '../api/generated/index.js';
import { ObjectError } from '../lib/object-error.js';
import { readsIf } from '../lib/read-record.js';
import type { ManagedObject } from '../runtime/reconciler.js';
import type { ClaimRegistry } from './claims.js';
import { contentHash } from './hash.js';
import {
  derivedUid,
  describeClaimKey,
  describeClash,
  recordedUid,
  writeDecision,
  type InstanceEntry,
} from './instance-entries.js';
import { observeThrough } from './kind-calls.js';
import type {
  AnyObjectKind,
  CommonSpec,
  InstanceOp,
  KindContext,
  ObjectKind,
  Ownership,
} from './object-kind.js';
import { orgKeyOf, serverKeyOf, type InstanceTargets } from './targets.js';
import { chooseUid, type UidChoice } from './uid.js';

export interface VerdictDeps {
  targets: Pick<InstanceTargets, 'get'>;
  claims: ClaimRegistry;
}

/** The start of every claim scope of a kind: its keys are unique among objects of that kind only. */
export function claimScopePrefix(kind: Pick<AnyObjectKind, 'resource'>): string {
  return `${kind.resource.kind}|`;
}

/**
 * Where a kind's unique keys are claimed on an instance: per Grafana org (or server, for a kind
 * with ObjectKind.claimsPer), not per GrafanaInstance: instances in different namespaces may
 * point at the same org, and an object there can only have one manager.
 */
export function claimScope(
  kind: Pick<AnyObjectKind, 'resource' | 'claimsPer'>,
  instance: GrafanaInstance,
): string {
  return claimScopePrefix(kind) + (kind.claimsPer === 'server' ? serverKeyOf(instance) : orgKeyOf(instance));
}

/** What to do on the instance: `skip` writes nothing; the others name the write (see writeDecision). */
export type VerdictAction = 'skip' | 'create' | 'adopt' | 'update' | 'revert';

export interface InstanceVerdict<T, Desired, Observed> {
  action: VerdictAction;
  /** Why, for the debug log and the plan. */
  why: string;
  /** The object on the instance, its uid decided. */
  op: InstanceOp<T, Desired>;
  /** What Grafana holds under that uid (or the clash adopted); undefined: absent. */
  observed: Observed | undefined;
  /** The fields `diff` found different; [] when absent or in sync. */
  drift: string[];
  /** Only Grafana changed since the last write: only what drifted is written back. */
  driftOnly: boolean;
  /** The content hash to record once written. */
  hash: string;
}

/** What the reconcile learns on the way, also when the decision ends in an error. */
export interface VerdictHooks<Desired> {
  /** The payload, as soon as it is built (status fields). */
  onDesired?(desired: Desired): void;
  /** The uid decided and its note (the Ready message). */
  onUid?(choice: { uid: string; note?: string }): void;
}

const OURS: Ownership = { ours: true };
const UNCHANGED = 'unchanged: the content hash is the one last applied and Grafana matches; nothing to write';

/**
 * Decides, for `kind`, what one object's reconcile does on one instance. Throws an ObjectError
 * for what stops it there (Conflict, InvalidSpec, a dependency not ready) and Grafana's errors as
 * they come; `seen` learns the payload and the uid as soon as they are known.
 */
export function instanceVerdict<
  Spec extends CommonSpec,
  T extends ManagedObject<Spec, GrafanaObjectStatus>,
  Desired,
  Observed,
  Listed,
>(kind: ObjectKind<Spec, T, Desired, Observed, Listed>, deps: VerdictDeps) {
  return async function judge(
    context: KindContext<T>,
    instance: GrafanaInstance,
    previous: InstanceEntry | undefined,
    seen: VerdictHooks<Desired> = {},
  ): Promise<InstanceVerdict<T, Desired, Observed>> {
    const target = await deps.targets.get(instance);
    const desired = await kind.desired(context, target);
    seen.onDesired?.(desired);
    const choice = uidFor(context, desired);
    if ('refused' in choice) throw new ObjectError('InvalidSpec', choice.refused);
    seen.onUid?.(choice);
    const uid = choice.uid;
    const hash = contentHash({
      content: kind.hashable ? kind.hashable(desired, uid) : desired,
      secrets: Object.fromEntries(context.secrets.versions),
      configMaps: Object.fromEntries(context.configMaps.versions),
    });
    const claim = deps.claims.claim(
      claimScope(kind, instance),
      [`uid:${uid}`, ...(kind.claims?.(desired) ?? [])],
      context.key,
      context.object.metadata?.creationTimestamp ?? '',
    );
    context.requeue(claim.displaced);
    if (!claim.ok) {
      throw new ObjectError(
        'Conflict',
        `${describeClaimKey(claim.key ?? '')} in this Grafana org is already managed by ${kind.resource.kind} ${claim.holder}`,
      );
    }
    const adopt = context.object.spec.adopt ?? false;
    const op: InstanceOp<T, Desired> = {
      context: { ...context, uid },
      target,
      uid,
      desired,
      record: previous,
    };
    let observed = await observeThrough(kind, op);
    // compare: an object we did not create is only taken over when asked to.
    const verdict = observed && !adopt ? ownership(observed, op) : OURS;
    if (!verdict.ours) {
      throw new ObjectError(
        'Conflict',
        verdict.message ??
          `uid ${uid} already exists in Grafana and was not created by this object; set spec.adopt: true to take it over`,
      );
    }
    if (!observed && kind.findClash) {
      const findClash = kind.findClash;
      // None found, a create follows, and that settles it: what the search read is not depended on.
      const clash = await readsIf(
        () => findClash(op),
        (found) => found !== undefined,
      );
      if (clash && !adopt) {
        throw new ObjectError(
          'Conflict',
          `${describeClash(kind.describe(clash))} already exists in Grafana with the same name and was not created by this object; set spec.adopt: true to take it over`,
        );
      }
      observed = clash;
    }
    const drift = observed ? kind.diff(desired, observed) : [];
    const decided = { op, observed, drift, hash };
    if (observed && drift.length === 0 && previous?.appliedHash === hash)
      return { ...decided, action: 'skip', why: UNCHANGED, driftOnly: false };
    const driftOnly = observed !== undefined && drift.length > 0 && previous?.appliedHash === hash;
    const decision = writeDecision(observed !== undefined, driftOnly, previous?.appliedHash !== undefined);
    return { ...decided, ...decision, driftOnly };
  };

  /** Whether `observed` is this object's without spec.adopt: the kind's verdict, or the default (see ObjectKind.owns). */
  function ownership(observed: Observed, op: InstanceOp<T, Desired>): Ownership {
    if (kind.owns) return kind.owns(observed, op);
    const { uid, context } = op;
    const ours =
      op.record?.uid === uid || (context.object.spec.uid === undefined && uid === derivedUid(context));
    return { ours };
  }

  /** The object's uid once its content is known (see chooseUid); kinds without contentUid keep theirs. */
  function uidFor(context: KindContext<T>, desired: Desired): UidChoice {
    if (!kind.contentUid) return { uid: context.uid };
    return chooseUid({
      specUid: context.object.spec.uid,
      content: kind.contentUid(desired),
      recorded: recordedUid(context.object),
      derived: derivedUid(context),
    });
  }
}
