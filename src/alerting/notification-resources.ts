/**
 * What the named alerting notification resources (contact points, notification templates, mute
 * timings) share: Grafana identifies each by its name, and derives its uid from the name
 * (`NameToUid`, URL-safe base64), and writes carry the version read (contract §8.1, §8.10).
 * Provenance verdicts are in src/alerting/provenance.ts, what uses a name in src/alerting/in-use.ts.
 *
 * The uid recorded in `status.instances[].uid` is that name-derived uid, so that deleting the object
 * (or leaving an instance) deletes exactly the name written last, even when the spec has been
 * renamed since; and a name recorded there is what makes a resource "ours" (see {@link recordedName}).
 */
import { GrafanaVersionMismatchError, muteTimingUid, type GrafanaApi } from '../grafana/index.js';
import { ObjectError } from '../lib/object-error.js';
import { kindList, type KindList, type ListView } from '../sync/kind-list.js';
import { MadeMeanwhileError, type InstanceRecord, type Ownership, writtenUid } from '../sync/object-kind.js';
import type { InstanceTarget } from '../sync/targets.js';
import { notOursMessage, refuseForeignManaged } from './provenance.js';

/** The uid Grafana gives a named notification resource (`legacy_storage.NameToUid`). */
export function nameUid(name: string): string {
  return muteTimingUid(name);
}

/** The name behind {@link nameUid}; undefined when `uid` is not one. */
export function nameFromUid(uid: string): string | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(uid)) return undefined;
  const name = Buffer.from(uid, 'base64url').toString('utf8');
  return nameUid(name) === uid ? name : undefined;
}

/** The name a recorded uid stands for: the one behind {@link nameUid}, or the uid itself. */
export function nameOfUid(uid: string): string {
  return nameFromUid(uid) ?? uid;
}

/**
 * The name this object last wrote on the instance (from its status entry there), or undefined when
 * it has not written there. Only a resource under that name counts as created by this object.
 */
export function recordedName(record: InstanceRecord | undefined): string | undefined {
  const uid = writtenUid(record);
  return uid ? nameFromUid(uid) : undefined;
}

/** A named resource kind on one instance: Grafana's API, and the kind's list there. */
export interface NamedOn<Item> {
  api: GrafanaApi;
  list: ListView<Item>;
}

/**
 * Declares a named kind's list (ObjectKind.list): Grafana's list call, keyed by name; what the sync
 * layer takes off it for a removed uid is the name behind that uid, and after a rename the old name.
 */
export function listByName<Item extends { name: string }>(
  name: string,
  load: (target: InstanceTarget) => Promise<Item[]>,
): KindList<Item> {
  return kindList({ name, load, key: (item) => item.name, keyOfUid: nameOfUid, renames: true });
}

/** A resource found for this object in a list by name. */
export interface FoundByName<Item> {
  item: Item;
  /** Under the name this object last wrote there. */
  recorded: boolean;
}

/**
 * This object's resource in a list by name: under the desired name, or, when the spec was renamed
 * since, under the name it wrote last (`written`). Undefined: neither name is listed.
 */
export function findByName<Item>(
  byName: ReadonlyMap<string, Item>,
  name: string,
  written: string | undefined,
): FoundByName<Item> | undefined {
  const current = byName.get(name);
  if (current) return { item: current, recorded: written === name };
  const previous = written !== undefined && written !== name ? byName.get(written) : undefined;
  return previous ? { item: previous, recorded: true } : undefined;
}

/**
 * This object's resource on the instance, found in the kind's list by name ({@link findByName});
 * one of another manager is a Conflict. `readWritten`, for a kind whose list may lag its own
 * writes: reads the resource under the name this object wrote when the list lacks it, rather than
 * letting the object create it again.
 */
export async function observeByName<Item extends { name: string; provenance?: string }>(
  on: NamedOn<Item>,
  name: string,
  written: string | undefined,
  describe: (name: string) => string,
  readWritten?: (name: string) => Promise<Item | undefined>,
): Promise<FoundByName<Item> | undefined> {
  let found = findByName(await on.list.items(), name, written);
  if (!found && written === name && readWritten) {
    const current = await on.list.readPast(() => readWritten(name));
    if (current) found = { item: current, recorded: true };
  }
  if (found) refuseForeignManaged(describe(found.item.name), found.item);
  return found;
}

/** ObjectKind.owns of a named resource: this object's when found under the name it wrote last. */
export function ownsNamed(what: string, recorded: boolean, provenance: string | undefined): Ownership {
  return recorded ? { ours: true } : { ours: false, message: notOursMessage(what, provenance) };
}

/**
 * For a write to a name the observed list did not hold, `made` is what a fresh read found under
 * it. Made since the list was read: the sync layer observes again, through a fresh list, and judges
 * it (Conflict, or adopt); one of another manager is a Conflict now.
 */
export function refuseMadeMeanwhile(
  made: { name: string; provenance?: string } | undefined,
  describe: (name: string) => string,
): void {
  if (!made) return;
  refuseForeignManaged(describe(made.name), made);
  throw new MadeMeanwhileError(notOursMessage(describe(made.name), made.provenance));
}

/**
 * Writes with the version read before. A version mismatch means someone saved the resource since:
 * read it again and write once more (or create it, if it is gone meanwhile); a second mismatch is a
 * Conflict, and the next resync writes again.
 */
export async function writeWithVersion<R>(options: {
  /** The resource, for the Conflict message. */
  what: string;
  version: string | undefined;
  write(version: string | undefined): Promise<R>;
  /** Reads the resource again, past any snapshot. */
  reread(): Promise<{ version: string } | undefined>;
  /** When the re-read finds nothing; default: write without a version. */
  create?(): Promise<R>;
}): Promise<R> {
  try {
    return await options.write(options.version);
  } catch (err) {
    if (!(err instanceof GrafanaVersionMismatchError)) throw err;
  }
  const fresh = await options.reread();
  if (!fresh && options.create) return options.create();
  try {
    return await options.write(fresh?.version);
  } catch (again) {
    if (!(again instanceof GrafanaVersionMismatchError)) throw again;
    throw new ObjectError(
      'Conflict',
      `${options.what} was changed in Grafana while it was being written (version conflict, twice); ` +
        'it is written again at the next resync',
    );
  }
}
