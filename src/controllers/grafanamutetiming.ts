import {
  GrafanaMuteTimingResource,
  grafanaMuteTimingSpecSchema,
  type GrafanaMuteTiming,
  type GrafanaMuteTimingSpec,
} from '../api/generated/index.js';
import {
  isForeignManaged,
  notOursMessage,
  refuseForeignManaged,
  switchesToNone,
  wantedProvenance,
} from '../alerting/provenance.js';
import { inUseMessage, usersOf } from '../alerting/in-use.js';
import { normaliseTimeIntervals, timeIntervalsDrift } from '../alerting/time-intervals.js';
import {
  GrafanaConflictError,
  GrafanaProvenanceConflictError,
  GrafanaVersionMismatchError,
  provenanceOf,
  type MuteTiming,
  type MuteTimingInput,
  type ProvenanceOptions,
  type TimeInterval,
} from '../grafana/index.js';
import { nameFromUid, nameUid, recordedName, writeWithVersion } from './notification-resources.js';
import { ObjectError } from '../lib/object-error.js';
import { type Applied, grafanaName, type ObjectKind, showName } from '../sync/object-kind.js';
import { kindList } from '../sync/kind-list.js';
import type { InstanceTarget } from '../sync/targets.js';

export interface DesiredMuteTiming {
  name: string;
  /** In the form Grafana returns them (see normaliseTimeIntervals). */
  time_intervals: TimeInterval[];
  editable: boolean;
}

export interface ObservedMuteTiming {
  timing: MuteTiming;
  /** Under the name this object last wrote there. */
  recorded: boolean;
}

/** Every mute timing on an instance, by name (`GET /mute-timings`). */
const timingList = kindList<MuteTiming>({
  name: 'alerting-mute-timings',
  load: (target) => target.api.muteTimings.list(),
  key: (timing) => timing.name,
  keyOfUid: (uid) => nameFromUid(uid) ?? uid,
});

/**
 * GrafanaMuteTiming. Reads come from one list call per instance (`GET /mute-timings`, shared by all
 * objects). Grafana identifies a mute timing by its name; a renamed spec renames it with a PUT
 * (Grafana follows the rename in the policies that use it). Writes are serialised per instance
 * (`serialise`, contract §8.10) and carry the `version` read: a 409 (someone saved it in
 * between) reads it again and writes once more, a second 409 is a Conflict, retried at the resync
 * pace.
 *
 * Validation happens before Grafana: the CRD checks every range (CEL); the reconciler checks them
 * again (objects stored under an older CRD) and checks each `location` against the IANA time zone
 * database, which CEL cannot.
 *
 * Drift (contract §12) compares the name, `time_intervals` structurally in the form Grafana returns
 * them (empty lists omitted, day and month names lower-case, `monday:monday` as `monday`, months
 * by name), in order, and the provenance.
 */
export const grafanaMuteTimingKind: ObjectKind<
  GrafanaMuteTimingSpec,
  GrafanaMuteTiming,
  DesiredMuteTiming,
  ObservedMuteTiming,
  MuteTiming
> = {
  resource: GrafanaMuteTimingResource,
  specSchema: grafanaMuteTimingSpecSchema,
  list: timingList,
  serialise: true,
  // The policy tree refers to it by this name.
  provides: { name: 'timeInterval', nameOf: grafanaName },

  desired(context) {
    const { spec, metadata } = context.object;
    return Promise.resolve({
      name: spec.name ?? metadata?.name ?? '',
      time_intervals: normaliseTimeIntervals(spec.time_intervals, 'spec.time_intervals', true),
      editable: spec.editableInGrafana ?? false,
    });
  },

  claims: ({ name }) => [`name:${name}`],

  async observe({ target, desired, record }) {
    const timings = await timingList.on(target).items();
    const written = recordedName(record);
    let timing = timings.get(desired.name);
    let recorded = timing !== undefined && written === desired.name;
    if (!timing && written !== undefined && written !== desired.name) {
      // Renamed in the spec: the timing is still under the name written last.
      timing = timings.get(written);
      recorded = timing !== undefined;
    }
    if (!timing && written === desired.name) {
      // We wrote it, yet the shared list lacks it (a list older than our write): ask for it
      // directly rather than trying to create it again.
      const current = await target.api.muteTimings.find(desired.name);
      if (current) {
        timingList.on(target).put(current);
        timing = current;
        recorded = true;
      }
    }
    if (!timing) return undefined;
    refuseForeignManaged(describeTiming(timing.name), timing);
    return { timing, recorded };
  },

  owns: ({ recorded, timing }) =>
    recorded
      ? { ours: true }
      : { ours: false, message: notOursMessage(describeTiming(timing.name), timing.provenance) },

  diff: diffMuteTiming,

  async write({ target, desired, observed, record }) {
    const options: ProvenanceOptions = { disableProvenance: desired.editable };
    const body: MuteTimingInput = { name: desired.name, time_intervals: desired.time_intervals };
    // A create refused as a duplicate (made since the list was read): the sync layer observes it
    // again, through a fresh list, and judges it (Conflict, or adopt).
    const stored = observed
      ? await update(target, observed.timing, body, options)
      : await target.api.muteTimings.create(body, options);
    if (observed && observed.timing.name !== stored.name) timingList.on(target).remove(observed.timing.name);
    // A rename onto a name that existed (adopted): the timing under the old name goes.
    const old = recordedName(record);
    if (old !== undefined && old !== desired.name && observed?.timing.name !== old) {
      await removeTiming(target, old);
    }
    return { ...describe(stored), listed: stored };
  },

  remove: (target, uid) => removeTiming(target, nameFromUid(uid) ?? uid),

  describe: (observed) => describe(observed.timing),
  shown: showName,
};

/** The fields where Grafana's mute timing differs from the desired one; [] = in sync. */
export function diffMuteTiming(desired: DesiredMuteTiming, observed: ObservedMuteTiming): string[] {
  // Edits made in Grafana stay until the spec changes (which changes the hash and writes).
  if (desired.editable) return [];
  const drift: string[] = [];
  const { timing } = observed;
  if (timing.name !== desired.name) drift.push('name');
  drift.push(...timeIntervalsDrift(desired.time_intervals, timing.time_intervals ?? []));
  if (provenanceOf(timing) !== wantedProvenance(desired.editable)) drift.push('provenance');
  return drift;
}

/**
 * A PUT with the version read. Grafana refuses a switch from a provenance to none in place (403,
 * §8.9): then the timing is deleted and created again. A 409 means someone saved it since: read
 * its version and write once more; a second one is a Conflict.
 */
async function update(
  target: InstanceTarget,
  current: MuteTiming,
  body: MuteTimingInput,
  options: ProvenanceOptions,
): Promise<MuteTiming> {
  const timings = target.api.muteTimings;
  if (switchesToNone(current.provenance, options.disableProvenance ?? false)) {
    await deleteTiming(
      target,
      current,
      'make it editable in Grafana (which needs deleting and re-creating it)',
    );
    return timings.create(body, options);
  }
  return writeWithVersion({
    what: describeTiming(current.name),
    version: current.version,
    write: (version) => timings.update(current.name, { ...body, ...(version ? { version } : {}) }, options),
    reread: () => {
      // Someone saved the timing since the list was read.
      timingList.on(target).invalidate();
      return timings.find(current.name);
    },
    create: () => timings.create(body, options),
  });
}

/** Deletes the timing under `name` if it is there (and not another manager's). */
async function removeTiming(target: InstanceTarget, name: string): Promise<void> {
  const current = await target.api.muteTimings.find(name);
  if (!current || isForeignManaged(current.provenance)) {
    timingList.on(target).remove(name);
    return;
  }
  await deleteTiming(target, current, 'delete it');
}

/**
 * DELETE with the version read (re-read once on a 409 version mismatch). Grafana refuses while a
 * notification policy or an alert rule uses the timing (409): that is reported with what uses it.
 */
async function deleteTiming(target: InstanceTarget, current: MuteTiming, purpose: string): Promise<void> {
  const timings = target.api.muteTimings;
  const name = current.name;
  try {
    try {
      await timings.delete(name, { version: current.version });
    } catch (err) {
      if (!(err instanceof GrafanaVersionMismatchError)) throw err;
      const fresh = await timings.find(name);
      if (fresh) await timings.delete(name, { version: fresh.version });
    }
  } catch (err) {
    if (err instanceof GrafanaConflictError && !(err instanceof GrafanaProvenanceConflictError)) {
      const users = await usersOf(target.api, {
        route: (route) =>
          [...(route.mute_time_intervals ?? []), ...(route.active_time_intervals ?? [])].includes(name),
        rule: (s) => [...(s.mute_time_intervals ?? []), ...(s.active_time_intervals ?? [])].includes(name),
      });
      const what = purpose === 'delete it' ? describeTiming(name) : `${describeTiming(name)} to ${purpose}`;
      throw new ObjectError('Conflict', inUseMessage(what, err, users));
    }
    throw err;
  } finally {
    timingList.on(target).invalidate();
  }
}

function describe(timing: MuteTiming): Applied {
  return { uid: nameUid(timing.name) };
}

function describeTiming(name: string): string {
  return `mute timing "${name}"`;
}
