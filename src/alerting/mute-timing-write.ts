/**
 * How a mute timing is written and deleted (contract §8.7, §8.9): a PUT carrying the version read,
 * a rename with that PUT (Grafana follows it in the policies and rules that use the name), a
 * delete and create where Grafana refuses a change of provenance in place, and deletes that say
 * what keeps Grafana from deleting.
 */
import {
  GrafanaConflictError,
  GrafanaProvenanceConflictError,
  GrafanaVersionMismatchError,
  type MuteTiming,
  type MuteTimingInput,
  type ProvenanceOptions,
} from '../grafana/index.js';
import { ObjectError } from '../lib/object-error.js';
import { inUseMessage, usersOf } from './in-use.js';
import { describeTiming, type DesiredMuteTiming, type ObservedMuteTiming } from './mute-timing.js';
import { refuseMadeMeanwhile, writeWithVersion, type NamedOn } from './notification-resources.js';
import { isForeignManaged, switchesToNone } from './provenance.js';

/** The mute timings of one instance, and the kind's list of them there. */
export type MuteTimingsOn = NamedOn<MuteTiming>;

/**
 * Creates the timing (`observed` undefined), or updates, or renames the observed one. `written`:
 * the name this object last wrote on the instance. Returns what Grafana stored.
 */
export async function writeMuteTiming(
  on: MuteTimingsOn,
  desired: DesiredMuteTiming,
  observed: ObservedMuteTiming | undefined,
  written: string | undefined,
): Promise<MuteTiming> {
  const options: ProvenanceOptions = { disableProvenance: desired.editable };
  const body: MuteTimingInput = { name: desired.name, time_intervals: desired.time_intervals };
  // A rename goes to a name the list did not hold: make sure nobody made a timing under it since
  // the list was read (Grafana would refuse the rename). A create refused as a duplicate is made
  // meanwhile too: either way the sync layer observes again and judges it (Conflict, or adopt).
  if (observed && observed.timing.name !== desired.name)
    refuseMadeMeanwhile(await on.api.muteTimings.find(desired.name), describeTiming);
  const stored = observed
    ? await update(on, observed.timing, body, options)
    : await on.api.muteTimings.create(body, options);
  // A rename onto a name that existed (adopted): the timing under the old name goes.
  if (written !== undefined && written !== desired.name && observed?.timing.name !== written) {
    await removeMuteTiming(on, written);
  }
  return stored;
}

/**
 * A PUT with the version read. Grafana refuses a switch from a provenance to none in place (403,
 * §8.9): then the timing is deleted and created again. A 409 means someone saved it since: read
 * its version and write once more; a second one is a Conflict.
 */
async function update(
  on: MuteTimingsOn,
  current: MuteTiming,
  body: MuteTimingInput,
  options: ProvenanceOptions,
): Promise<MuteTiming> {
  const timings = on.api.muteTimings;
  if (switchesToNone(current.provenance, options.disableProvenance ?? false)) {
    await deleteTiming(on, current, 'make it editable in Grafana (which needs deleting and re-creating it)');
    return timings.create(body, options);
  }
  return writeWithVersion({
    what: describeTiming(current.name),
    version: current.version,
    write: (version) => timings.update(current.name, { ...body, ...(version ? { version } : {}) }, options),
    reread: () => timings.find(current.name),
    create: () => timings.create(body, options),
  });
}

/** Deletes the timing under `name` if it is there (and not another manager's). */
export async function removeMuteTiming(on: MuteTimingsOn, name: string): Promise<void> {
  const current = await on.api.muteTimings.find(name);
  if (!current || isForeignManaged(current.provenance)) return;
  await deleteTiming(on, current, 'delete it');
}

/**
 * DELETE with the version read (re-read once on a 409 version mismatch). Grafana refuses while a
 * notification policy or an alert rule uses the timing (409): that is reported with what uses it.
 */
async function deleteTiming(on: MuteTimingsOn, current: MuteTiming, purpose: string): Promise<void> {
  const timings = on.api.muteTimings;
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
      const uses = (intervals: { mute_time_intervals?: string[]; active_time_intervals?: string[] }) =>
        [...(intervals.mute_time_intervals ?? []), ...(intervals.active_time_intervals ?? [])].includes(name);
      const users = await usersOf(on.api, { route: uses, rule: uses });
      const what = purpose === 'delete it' ? describeTiming(name) : `${describeTiming(name)} to ${purpose}`;
      throw new ObjectError('Conflict', inUseMessage(what, err, users));
    }
    throw err;
  }
}
