/**
 * How a notification template group is written and deleted (contract §8.6, §8.9): `PUT
 * /templates/:name` is an upsert, so a create first checks that nobody made the group since the
 * list was read; an update carries the version read; a rename writes the new group, then deletes
 * the old one; a switch from a provenance to none, which Grafana refuses in place, deletes the
 * group and writes it again.
 */
import {
  GrafanaVersionMismatchError,
  type NotificationTemplate,
  type ProvenanceOptions,
} from '../grafana/index.js';
import { refuseMadeMeanwhile, writeWithVersion, type NamedOn } from './notification-resources.js';
import { describeTemplate, type DesiredTemplate, type ObservedTemplate } from './notification-template.js';
import { isForeignManaged, switchesToNone } from './provenance.js';

/** The template groups of one instance, and the kind's list of them there. */
export type TemplatesOn = NamedOn<NotificationTemplate>;

/**
 * Writes the desired group over `observed` (undefined: none), then deletes the group under the
 * old name after a rename. `written`: the name this object last wrote on the instance. Returns
 * what Grafana stored.
 */
export async function writeTemplate(
  on: TemplatesOn,
  desired: DesiredTemplate,
  observed: ObservedTemplate | undefined,
  written: string | undefined,
): Promise<NotificationTemplate> {
  const options: ProvenanceOptions = { disableProvenance: desired.editable };
  const current = observed?.template.name === desired.name ? observed.template : undefined;
  // PUT upserts: make sure nobody made the group since the list was read. If someone did,
  // the sync layer observes it again, through a fresh list, and judges it (Conflict, or adopt).
  if (!current) refuseMadeMeanwhile(await on.api.notificationTemplates.find(desired.name), describeTemplate);
  const stored = await put(on, desired, current, options);
  // Renamed: the group under the old name goes.
  const old = observed?.template.name !== desired.name ? observed?.template.name : written;
  if (old !== undefined && old !== desired.name) await removeTemplate(on, old);
  return stored;
}

/**
 * PUT with the version read (none for a new group). Switching from a provenance to none is refused
 * in place (403): delete (as `api`, which Grafana allows) and write again. A 409 means someone saved
 * the group since: read it and write once more; a second one is a Conflict.
 */
async function put(
  on: TemplatesOn,
  desired: DesiredTemplate,
  current: NotificationTemplate | undefined,
  options: ProvenanceOptions,
): Promise<NotificationTemplate> {
  const templates = on.api.notificationTemplates;
  const write = (version: string | undefined) =>
    templates.put(desired.name, { template: desired.content, ...(version ? { version } : {}) }, options);
  if (!current) return write(undefined);
  if (switchesToNone(current.provenance, desired.editable)) {
    await templates.delete(current.name, { version: current.version });
    return write(undefined);
  }
  return writeWithVersion({
    what: describeTemplate(desired.name),
    version: current.version,
    write,
    reread: () => templates.find(desired.name),
  });
}

/** Deletes the group under `name` if it is there and not another manager's, with the version read. */
export async function removeTemplate(on: Pick<TemplatesOn, 'api'>, name: string): Promise<void> {
  const templates = on.api.notificationTemplates;
  const current = await templates.find(name);
  if (current && !isForeignManaged(current.provenance)) {
    try {
      await templates.delete(name, { version: current.version });
    } catch (err) {
      if (!(err instanceof GrafanaVersionMismatchError)) throw err;
      await templates.delete(name);
    }
  }
}
