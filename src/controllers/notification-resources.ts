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
import { GrafanaVersionMismatchError, muteTimingUid } from '../grafana/index.js';
import { ObjectError } from '../lib/object-error.js';
import { type InstanceRecord, writtenUid } from '../sync/object-kind.js';

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

/**
 * The name this object last wrote on the instance (from its status entry there), or undefined when
 * it has not written there. Only a resource under that name counts as created by this object.
 */
export function recordedName(record: InstanceRecord | undefined): string | undefined {
  const uid = writtenUid(record);
  return uid ? nameFromUid(uid) : undefined;
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
