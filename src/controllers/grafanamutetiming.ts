import {
  GrafanaMuteTimingResource,
  grafanaMuteTimingSpecSchema,
  type GrafanaMuteTiming,
  type GrafanaMuteTimingSpec,
} from '../api/generated/index.js';
import {
  appliedTiming,
  desiredMuteTiming,
  describeTiming,
  diffMuteTiming,
  ownsMuteTiming,
  type DesiredMuteTiming,
  type ObservedMuteTiming,
} from '../alerting/mute-timing.js';
import { removeMuteTiming, writeMuteTiming, type MuteTimingsOn } from '../alerting/mute-timing-write.js';
import { listByName, nameOfUid, observeByName, recordedName } from '../alerting/notification-resources.js';
import type { MuteTiming } from '../grafana/index.js';
import { grafanaName, type ObjectKind, showName } from '../sync/object-kind.js';
import type { InstanceTarget } from '../sync/targets.js';

/** Every mute timing on an instance, by name (`GET /mute-timings`). */
const timingList = listByName<MuteTiming>('alerting-mute-timings', (target) => target.api.muteTimings.list());

const on = (target: InstanceTarget): MuteTimingsOn => ({ api: target.api, list: timingList.on(target) });

/**
 * GrafanaMuteTiming. Reads come from one list call per instance (`GET /mute-timings`, shared by all
 * objects). Grafana identifies a mute timing by its name; a renamed spec renames it with a PUT
 * (Grafana follows the rename in the policies that use it), after checking (one GET) that nobody
 * made a timing under the new name since the list was read. Writes are serialised per instance
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
  relistAfterFailedWrite: true,
  serialise: true,
  // The policy tree refers to it by this name.
  provides: { name: 'timeInterval', nameOf: grafanaName },

  desired: (context) => Promise.resolve(desiredMuteTiming(context.object.spec, grafanaName(context.object))),

  claims: ({ name }) => [`name:${name}`],

  async observe({ target, desired, record }) {
    // A timing we wrote that the shared list lacks (a list older than our write) is read directly.
    const found = await observeByName(
      on(target),
      desired.name,
      recordedName(record),
      describeTiming,
      (name) => target.api.muteTimings.find(name),
    );
    return found && { timing: found.item, recorded: found.recorded };
  },

  owns: ownsMuteTiming,

  diff: diffMuteTiming,

  async write({ target, desired, observed, record }) {
    const stored = await writeMuteTiming(on(target), desired, observed, recordedName(record));
    return { ...appliedTiming(stored), listed: stored };
  },

  remove: (target, uid) => removeMuteTiming(on(target), nameOfUid(uid)),

  describe: (observed) => appliedTiming(observed.timing),
  shown: showName,
};
