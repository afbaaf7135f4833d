import {
  GrafanaSilenceResource,
  grafanaSilenceSpecSchema,
  type GrafanaSilence,
  type GrafanaSilenceSpec,
} from '../api/generated/index.js';
import {
  desiredSilence,
  diffSilence,
  findSilence,
  silenceIdentity,
  silenceInput,
  windowState,
  type DesiredSilence,
  type ObservedSilence,
} from '../alerting/silence.js';
import type { GrafanaSilence as GrafanaSilenceDto } from '../grafana/index.js';
import { kindList } from '../sync/kind-list.js';
import { MadeMeanwhileError, writtenUid, type ObjectKind } from '../sync/object-kind.js';
import type { InstanceTarget } from '../sync/targets.js';

/** The org's silences (`GET /api/alertmanager/grafana/api/v2/silences`), expired ones too, by id. */
const silenceList = kindList<GrafanaSilenceDto>({
  name: 'silences',
  load: (target) => target.api.silences.list(),
  key: (silence) => silence.id,
});

/**
 * GrafanaSilence: a silence in the org's built-in Alertmanager (contract §21). Grafana gives a
 * silence its id and a new one when a save rewrites its history (other matchers, or another start
 * of an active silence), expiring the old one; `status.instances[].uid` records the current id and
 * each write follows it. A silence this object recorded that is found expired before the spec's end
 * is drift, and a new one is made; a silence it did not write, with the same matchers and comment,
 * is a Conflict until spec.adopt. Once the window is over, an expired silence (or none) is in sync.
 */
export const grafanaSilenceKind: ObjectKind<
  GrafanaSilenceSpec,
  GrafanaSilence,
  DesiredSilence,
  ObservedSilence,
  GrafanaSilenceDto
> = {
  resource: GrafanaSilenceResource,
  specSchema: grafanaSilenceSpecSchema,
  list: silenceList,

  desired: async ({ object }) =>
    desiredSilence(object.spec, object.metadata?.creationTimestamp ?? new Date().toISOString()),

  claims: (desired) => [`silence:${silenceIdentity(desired)}`],
  // The window's state (status.state, and whether the silence is expired) moves with the clock.
  clockBound: true,

  async observe({ target, desired, record }) {
    const silences = [...(await silenceList.on(target).items()).values()];
    return findSilence(silences, writtenUid(record), desired, Date.now());
  },

  owns: ({ recorded, silence }) =>
    recorded
      ? { ours: true }
      : {
          ours: false,
          message: notOurs(silence?.id ?? ''),
        },

  diff: (desired, observed) => diffSilence(desired, observed, Date.now()),

  async write({ target, desired, observed }) {
    const now = Date.now();
    const current = observed?.silence;
    if (windowState(desired, now) === 'expired') {
      // The window is over: the silence is expired, not saved (Alertmanager refuses an end past).
      if (current) await target.api.silences.expire(current.id);
      const listed = current && (await target.api.silences.get(current.id));
      return { uid: current?.id ?? '', ...(listed ? { listed } : {}) };
    }
    if (!current) await refuseMadeMeanwhile(target, desired, now);
    const id = await target.api.silences.save(silenceInput(desired, current, now));
    const listed = await target.api.silences.get(id);
    return { uid: id, ...(listed ? { listed } : {}) };
  },

  async remove(target, uid) {
    // Read now, not from the list: expiring a silence already expired is refused by some releases.
    const silence = uid ? await target.api.silences.get(uid) : undefined;
    if (silence && silence.status.state !== 'expired') await target.api.silences.expire(uid);
  },

  describe: (observed) => ({ uid: observed.silence?.id ?? '' }),
  statusOf: (instances, desired) => {
    const ids = new Set(instances.flatMap((entry) => (entry.uid ? [entry.uid] : [])));
    return {
      ...(desired ? { state: windowState(desired, Date.now()) } : {}),
      ...(ids.size === 1 ? { silenceId: [...ids][0]! } : {}),
    };
  },
};

/**
 * Alertmanager takes a second silence like the first without complaint, so a create cannot fail as
 * a duplicate: a silence with the same matchers and comment made since the list was read is looked
 * for in a fresh list first, and the layer observes again (Conflict, or adopt) instead of the object
 * making a twin of it.
 */
async function refuseMadeMeanwhile(
  target: InstanceTarget,
  desired: DesiredSilence,
  now: number,
): Promise<void> {
  const made = findSilence(await target.api.silences.list(), undefined, desired, now)?.silence;
  if (made) throw new MadeMeanwhileError(notOurs(made.id));
}

function notOurs(id: string): string {
  return `silence ${id} with the same matchers and comment already exists in this Grafana org and was not created by this object; set spec.adopt: true to take it over`;
}
