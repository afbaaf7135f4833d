import {
  GrafanaContactPointResource,
  grafanaContactPointSpecSchema,
  type GrafanaContactPoint,
  type GrafanaContactPointSpec,
} from '../api/generated/index.js';
import {
  diffContactPoint,
  integrationDrift,
  notOurs,
  observeIn,
  type DesiredContactPoint,
  type ObservedContactPoint,
} from '../alerting/contact-point.js';
import { desiredIntegrations, sentSettings } from '../alerting/contact-point-settings.js';
import { isForeignManaged, refuseForeignManaged, wantedProvenance } from '../alerting/provenance.js';
import {
  GrafanaAlreadyExistsError,
  GrafanaConflictError,
  GrafanaProvenanceConflictError,
  provenanceOf,
  type ContactPointInput,
  type EmbeddedContactPoint,
  type ProvenanceOptions,
} from '../grafana/index.js';
import { inUseMessage, nameFromUid, nameUid, recordedName, usersOf } from './notification-resources.js';
import { ObjectError, showName, type Applied, type ObjectKind } from './shared/grafana-object.js';
import type { InstanceTarget } from './shared/targets.js';

const SNAPSHOT = 'alerting-contact-points';

/**
 * GrafanaContactPoint: one receiver (`name`) made of integrations, each one what Grafana's
 * provisioning API calls a contact point (`type`, `settings`, own `uid`), written with one POST or
 * PUT per integration (contract §8.4). Reads come from one list call per instance
 * (`GET /contact-points`, shared by all objects); a write, serialised per instance
 * (`target.exclusive`, §8.10), starts from a fresh list so it acts on Grafana's current state.
 *
 * Secure settings come from Secrets and are merged into `settings` when written. Grafana returns
 * them as `[REDACTED]` (§12), so they are compared by presence only, and their changes are noticed
 * through the Secrets' resourceVersions (the applied hash): a rotation re-sends them. Everything
 * else in `settings` is compared whole (as JSON), per integration, with name, type,
 * disableResolveMessage and provenance; an integration of the receiver that the spec does not list
 * is deleted.
 *
 * Provenance (§8.9): a PUT cannot move an integration from a provenance to another (500), so on a
 * switch of editableInGrafana each integration is deleted and created again (DELETE has no
 * provenance check), under its uid. Grafana refuses to delete the last integration of a receiver a
 * policy or rule uses, so a lone integration is replaced through a temporary second one.
 */
export const grafanaContactPointKind: ObjectKind<
  GrafanaContactPointSpec,
  GrafanaContactPoint,
  DesiredContactPoint,
  ObservedContactPoint
> = {
  resource: GrafanaContactPointResource,
  specSchema: grafanaContactPointSpecSchema,

  async desired(context, target) {
    const { spec, metadata } = context.object;
    return {
      name: spec.name ?? metadata?.name ?? '',
      integrations: await desiredIntegrations(spec.receivers, context.uid, (ref) =>
        context.secrets.value(ref),
      ),
      editable: spec.editableInGrafana ?? false,
      recordedName: recordedName(context, target),
      adopt: spec.adopt ?? false,
    };
  },

  hashable: ({ name, integrations, editable }) => ({
    name,
    editable,
    integrations: integrations.map(({ secure, derived: _derived, ...rest }) => ({
      ...rest,
      secureKeys: Object.keys(secure).sort(),
    })),
  }),

  // Receiver names are unique per org, and so are integration uids.
  claims: ({ name, integrations }) => [`name:${name}`, ...integrations.map((i) => `integration:${i.uid}`)],

  async observe(target, _uid, desired) {
    const all = [...(await snapshot(target)).values()];
    return observeIn(all, desired);
  },

  owns(observed) {
    if (observed.recorded) return true;
    throw notOurs(observed);
  },

  diff: diffContactPoint,

  async write(target, _uid, desired, observed) {
    return target.exclusive(async () => {
      try {
        await writeContactPoint(target, desired, observed);
      } finally {
        target.snapshots.invalidate(SNAPSHOT);
      }
      return describe(desired.name);
    });
  },

  async remove(target, uid) {
    const name = nameFromUid(uid) ?? uid;
    await target.exclusive(async () => {
      try {
        const integrations = (await target.api.contactPoints.list({ name })).filter(
          (i) => i.name === name && !isForeignManaged(i.provenance),
        );
        // The first integration goes last: while Grafana refuses to delete the receiver (it is in
        // use), that one keeps it.
        for (const integration of integrations.reverse()) await deleteIntegration(target, integration, name);
      } finally {
        target.snapshots.invalidate(SNAPSHOT);
      }
    });
  },

  describe: (observed) => describe(observed.name),
  shown: showName,
};

/**
 * Makes Grafana's receiver match: creates or updates each integration (only those that differ, or
 * carry secrets, which cannot be compared), re-creates those whose provenance must change, then
 * deletes the receiver's integrations the spec does not list.
 */
async function writeContactPoint(
  target: InstanceTarget,
  desired: DesiredContactPoint,
  observed: ObservedContactPoint | undefined,
): Promise<void> {
  const api = target.api.contactPoints;
  const options: ProvenanceOptions = { disableProvenance: desired.editable };
  const wanted = wantedProvenance(desired.editable);
  // Grafana's current integrations, kept up to date below.
  const live = new Map((await api.list()).map((i) => [i.uid, i]));
  const names = new Set(
    [desired.name, desired.recordedName, observed?.name].filter((n): n is string => n !== undefined),
  );
  const fresh = observeIn([...live.values()], desired);
  // Appeared since the list the reconcile read: judged like any clash.
  if (fresh && !fresh.recorded && !desired.adopt) throw notOurs(fresh);

  // Integrations this write adds (uids Grafana did not have): if a later step fails, say Grafana
  // refuses the second integration's settings, they are deleted again, so a receiver is never left
  // half-created. (An update of an existing integration cannot be undone: its secrets are gone.)
  const existed = new Set(live.keys());
  const added: string[] = [];
  const create = async (body: ContactPointInput): Promise<EmbeddedContactPoint> => {
    try {
      const created = await api.create(body, options);
      live.set(created.uid, { ...created, ...(wanted ? { provenance: wanted } : {}) });
      // Not a temporary sibling (no uid asked for): that one may be all a receiver has left.
      if (body.uid !== undefined && !existed.has(created.uid)) added.push(created.uid);
      return created;
    } catch (err) {
      if (err instanceof GrafanaAlreadyExistsError) {
        throw new ObjectError(
          'Conflict',
          `integration uid ${body.uid} is already used by another contact point in Grafana: ${err.grafanaMessage}`,
        );
      }
      throw err;
    }
  };
  const remove = async (integration: EmbeddedContactPoint): Promise<void> => {
    await deleteIntegration(target, integration, integration.name);
    live.delete(integration.uid);
  };
  // Delete and create again under the same uid; a lone integration through a temporary sibling,
  // since Grafana refuses to delete the last integration of a receiver in use.
  const recreate = async (current: EmbeddedContactPoint, body: ContactPointInput): Promise<void> => {
    const siblings = [...live.values()].filter((i) => i.name === current.name && i.uid !== current.uid);
    if (siblings.length > 0) {
      await remove(current);
      await create(body);
      return;
    }
    const { uid: _uid, ...withoutUid } = body;
    const temporary = await create({ ...withoutUid, name: current.name });
    await remove(current);
    await create(body);
    await remove(temporary);
  };

  try {
    for (const integration of desired.integrations) {
      const body: ContactPointInput = {
        uid: integration.uid,
        name: desired.name,
        type: integration.type,
        settings: sentSettings(integration),
        disableResolveMessage: integration.disableResolveMessage,
      };
      const current = live.get(integration.uid);
      if (!current) {
        await create(body);
        continue;
      }
      refuseForeignManaged(`contact point "${current.name}" (integration ${current.uid})`, current);
      const stored = provenanceOf(current);
      if (stored !== '' && stored !== wanted) {
        await recreate(current, body);
        continue;
      }
      const unchanged =
        integrationDrift(desired, integration, current).length === 0 &&
        Object.keys(integration.secure).length === 0;
      if (unchanged) continue;
      try {
        await api.update(integration.uid, body, options);
        live.set(integration.uid, { ...current, name: desired.name });
      } catch (err) {
        if (!(err instanceof GrafanaProvenanceConflictError)) throw err;
        await recreate(current, body);
      }
    }

    const uids = new Set(desired.integrations.map((i) => i.uid));
    for (const extra of [...live.values()]) {
      if (names.has(extra.name) && !uids.has(extra.uid) && !isForeignManaged(extra.provenance))
        await remove(extra);
    }
  } catch (err) {
    for (const uid of added.reverse()) {
      if (live.has(uid)) await api.delete(uid).catch(() => undefined);
    }
    throw err;
  }
}

/**
 * DELETE one integration. Grafana refuses (409) when it is the last one of a receiver a
 * notification policy or an alert rule uses: reported with Grafana's message and what uses it.
 */
async function deleteIntegration(
  target: InstanceTarget,
  integration: EmbeddedContactPoint,
  name: string,
): Promise<void> {
  try {
    await target.api.contactPoints.delete(integration.uid);
  } catch (err) {
    if (err instanceof GrafanaConflictError && !(err instanceof GrafanaProvenanceConflictError)) {
      const users = await usersOf(target.api, {
        route: (route) => route.receiver === name,
        rule: (settings) => settings.receiver === name,
      });
      throw new ObjectError('Conflict', inUseMessage(`contact point "${name}"`, err, users));
    }
    throw err;
  }
}

async function snapshot(target: InstanceTarget): Promise<Map<string, EmbeddedContactPoint>> {
  return target.snapshots.get(SNAPSHOT, async () =>
    (await target.api.contactPoints.list()).map((i) => [i.uid, i] as [string, EmbeddedContactPoint]),
  );
}

function describe(name: string): Applied {
  return { uid: nameUid(name) };
}
