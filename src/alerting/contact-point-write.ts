/**
 * How a contact point is written (contract §8.4, §8.9): one POST, PUT or DELETE per integration,
 * in an order that never leaves a receiver half-made or without the integration a policy or rule
 * needs, since Grafana refuses to delete the last integration of a receiver in use.
 */
import {
  GrafanaAlreadyExistsError,
  GrafanaConflictError,
  GrafanaProvenanceConflictError,
  provenanceOf,
  type ContactPointInput,
  type EmbeddedContactPoint,
  type GrafanaApi,
  type ProvenanceOptions,
} from '../grafana/index.js';
import { ObjectError } from '../lib/object-error.js';
import { MadeMeanwhileError } from '../sync/object-kind.js';
import {
  integrationDrift,
  receiverNotOurs,
  observeIn,
  type DesiredContactPoint,
  type ObservedContactPoint,
} from './contact-point.js';
import { sentSettings } from './contact-point-settings.js';
import { inUseMessage, usersOf } from './in-use.js';
import { isForeignManaged, refuseForeignManaged, wantedProvenance } from './provenance.js';

/**
 * Makes Grafana's receiver match: creates or updates each integration (only those that differ, or
 * carry secrets, which cannot be compared), re-creates those whose provenance must change, then
 * deletes the receiver's integrations the spec does not list. `recordedName`: the name this object
 * last wrote on the instance.
 */
export async function writeReceiver(
  grafana: GrafanaApi,
  desired: DesiredContactPoint,
  observed: ObservedContactPoint | undefined,
  recordedName: string | undefined,
): Promise<void> {
  const api = grafana.contactPoints;
  const options: ProvenanceOptions = { disableProvenance: desired.editable };
  const wanted = wantedProvenance(desired.editable);
  // Grafana's current integrations, kept up to date below.
  const live = new Map((await api.list()).map((i) => [i.uid, i]));
  const names = new Set(
    [desired.name, recordedName, observed?.name].filter((n): n is string => n !== undefined),
  );
  const fresh = observeIn([...live.values()], desired, recordedName);
  // Someone else's integrations appeared since the list the reconcile read (which showed none, or
  // only this object's): the sync layer observes again and judges them like any clash.
  if (fresh && !fresh.recorded && observed?.recorded !== false)
    throw new MadeMeanwhileError(receiverNotOurs(fresh));

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
    await deleteIntegration(grafana, integration, integration.name);
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
export async function deleteIntegration(
  grafana: GrafanaApi,
  integration: EmbeddedContactPoint,
  name: string,
): Promise<void> {
  try {
    await grafana.contactPoints.delete(integration.uid);
  } catch (err) {
    if (err instanceof GrafanaConflictError && !(err instanceof GrafanaProvenanceConflictError)) {
      const users = await usersOf(grafana, {
        route: (route) => route.receiver === name,
        rule: (settings) => settings.receiver === name,
      });
      throw new ObjectError('Conflict', inUseMessage(`contact point "${name}"`, err, users));
    }
    throw err;
  }
}
