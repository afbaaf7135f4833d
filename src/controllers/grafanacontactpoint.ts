import {
  GrafanaContactPointResource,
  grafanaContactPointSpecSchema,
  type GrafanaContactPoint,
  type GrafanaContactPointSpec,
} from '../api/generated/index.js';
import {
  diffContactPoint,
  receiverMembers,
  receiverNotOurs,
  observeIn,
  type DesiredContactPoint,
  type ObservedContactPoint,
} from '../alerting/contact-point.js';
import { deleteIntegration, writeReceiver } from '../alerting/contact-point-write.js';
import { desiredIntegrations } from '../alerting/contact-point-settings.js';
import { isForeignManaged } from '../alerting/provenance.js';
import type { EmbeddedContactPoint } from '../grafana/index.js';
import { nameOfUid, nameUid, recordedName } from '../alerting/notification-resources.js';
import { type Applied, grafanaName, type ObjectKind, showName } from '../sync/object-kind.js';
import { kindList } from '../sync/kind-list.js';
import { excused, noteUnrepeatable } from '../lib/read-record.js';

/**
 * Every integration on an instance, by its uid (`GET /contact-points`). A receiver's write and
 * delete touch several of them, so each lists again (a write, to read back what it left) or lets
 * go of the whole list rather than patch it; a receiver depends on its own integrations in it only
 * (a subset), so other receivers' writes leave its resync quiet.
 */
const integrationList = kindList<EmbeddedContactPoint>({
  name: 'alerting-contact-points',
  load: (target) => target.api.contactPoints.list(),
  key: (integration) => integration.uid,
});

/**
 * GrafanaContactPoint: one receiver (`name`) made of integrations, each one what Grafana's
 * provisioning API calls a contact point (`type`, `settings`, own `uid`), written with one POST or
 * PUT per integration (contract §8.4). Reads come from one list call per instance
 * (`GET /contact-points`, shared by all objects); a write, serialised per instance
 * (`serialise`, §8.10), starts from a fresh list so it acts on Grafana's current state.
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
  ObservedContactPoint,
  EmbeddedContactPoint
> = {
  resource: GrafanaContactPointResource,
  specSchema: grafanaContactPointSpecSchema,
  list: integrationList,
  // A failed write may have done some of its calls: the list is let go.
  relistAfterFailedWrite: true,
  serialise: true,
  // The policy tree refers to it by this name.
  provides: { name: 'receiver', nameOf: grafanaName },

  async desired(context) {
    const { spec, metadata } = context.object;
    return {
      name: spec.name ?? metadata?.name ?? '',
      integrations: await desiredIntegrations(spec.receivers, context.uid, (ref) =>
        context.secrets.value(ref),
      ),
      editable: spec.editableInGrafana ?? false,
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

  async observe({ target, desired, record }) {
    const recorded = recordedName(record);
    const integrations = await integrationList.on(target).subset(receiverMembers(desired, recorded));
    return observeIn(integrations, desired, recorded);
  },

  owns: (observed) =>
    observed.recorded ? { ours: true } : { ours: false, message: receiverNotOurs(observed) },

  diff: diffContactPoint,

  async write({ target, desired, observed, record }) {
    const recorded = recordedName(record);
    // What the write left is read back through the list (one list call per write, while writes
    // are serialised): the next resync checks the receiver there, without a request of its own.
    const { unrepeatable } = await excused(() => writeReceiver(target.api, desired, observed, recorded));
    const view = integrationList.on(target);
    view.invalidate();
    try {
      await view.subset(receiverMembers(desired, desired.name));
    } catch {
      // Written but not read back: the next resync looks at it in full.
      noteUnrepeatable(unrepeatable ?? 'GET /api/v1/provisioning/contact-points');
    }
    return describe(desired.name);
  },

  async remove(target, uid) {
    const name = nameOfUid(uid);
    try {
      const integrations = (await target.api.contactPoints.list({ name })).filter(
        (i) => i.name === name && !isForeignManaged(i.provenance),
      );
      // The first integration goes last: while Grafana refuses to delete the receiver (it is in
      // use), that one keeps it.
      for (const integration of integrations.reverse())
        await deleteIntegration(target.api, integration, name);
    } finally {
      // The list is keyed by integration, not by the receiver the layer takes off it: let go,
      // also after a partial delete.
      integrationList.on(target).invalidate();
    }
  },

  describe: (observed) => describe(observed.name),
  shown: showName,
};

function describe(name: string): Applied {
  return { uid: nameUid(name) };
}
