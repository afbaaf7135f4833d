import {
  GrafanaNotificationTemplateResource,
  grafanaNotificationTemplateSpecSchema,
  type GrafanaNotificationTemplate,
  type GrafanaNotificationTemplateSpec,
} from '../api/generated/index.js';
import {
  isForeignManaged,
  notOursMessage,
  refuseForeignManaged,
  switchesToNone,
  wantedProvenance,
} from '../alerting/provenance.js';
import {
  GrafanaVersionMismatchError,
  provenanceOf,
  wrapTemplateContent,
  type NotificationTemplate,
  type ProvenanceOptions,
} from '../grafana/index.js';
import { nameFromUid, nameUid, recordedName, writeWithVersion } from './notification-resources.js';
import { ObjectError } from '../lib/object-error.js';
import {
  MadeMeanwhileError,
  type Applied,
  type KindContext,
  type ObjectKind,
  showName,
} from '../sync/object-kind.js';
import { kindList } from '../sync/kind-list.js';
import type { InstanceTarget } from '../sync/targets.js';

export interface DesiredTemplate {
  name: string;
  /** The content as given (trimmed), which is what is sent. */
  content: string;
  editable: boolean;
}

export interface ObservedTemplate {
  template: NotificationTemplate;
  /** Under the name this object last wrote there. */
  recorded: boolean;
}

/** Every template group on an instance, by name (`GET /templates`). */
const templateList = kindList<NotificationTemplate>({
  name: 'alerting-templates',
  load: (target) => target.api.notificationTemplates.list(),
  key: (template) => template.name,
  keyOfUid: (uid) => nameFromUid(uid) ?? uid,
});

/**
 * GrafanaNotificationTemplate. Reads come from one list call per instance (`GET /templates`,
 * shared by all objects). Writes are `PUT /templates/:name` (an upsert), serialised per instance
 * (`serialise`, contract §8.10), carrying the `version` read: a 409 means someone saved the
 * group in between, so it is read again and written once more; a second 409 is a Conflict, retried
 * at the resync pace. A create first checks (one GET) that nobody made the group since the list was
 * read, since a PUT without version would silently overwrite it.
 *
 * Grafana wraps content without a `{{ define` block into one named after the group, indenting every
 * line (contract §8.6, §12): content is compared as Grafana would store it
 * (`wrapTemplateContent`), with line endings and trailing whitespace normalised, so it never flaps.
 *
 * Grafana refuses to switch a group from provenance `api` to none in place (403, §8.9): it is then
 * deleted and written again. A rename writes the new group, then deletes the old one.
 */
export const grafanaNotificationTemplateKind: ObjectKind<
  GrafanaNotificationTemplateSpec,
  GrafanaNotificationTemplate,
  DesiredTemplate,
  ObservedTemplate,
  NotificationTemplate
> = {
  resource: GrafanaNotificationTemplateResource,
  specSchema: grafanaNotificationTemplateSpecSchema,
  list: templateList,
  serialise: true,

  async desired(context) {
    const { spec, metadata } = context.object;
    const content = (await templateContent(context)).trim();
    if (content === '') throw new ObjectError('InvalidSpec', 'the template content is empty');
    return {
      name: spec.name ?? metadata?.name ?? '',
      content,
      editable: spec.editableInGrafana ?? false,
    };
  },

  claims: ({ name }) => [`name:${name}`],

  async observe({ target, desired, record }) {
    const templates = await templateList.on(target).items();
    const written = recordedName(record);
    let template = templates.get(desired.name);
    let recorded = template !== undefined && written === desired.name;
    if (!template && written !== undefined && written !== desired.name) {
      template = templates.get(written);
      recorded = template !== undefined;
    }
    if (!template) return undefined;
    refuseForeignManaged(describeTemplate(template.name), template);
    return { template, recorded };
  },

  owns: ({ recorded, template }) =>
    recorded
      ? { ours: true }
      : { ours: false, message: notOursMessage(describeTemplate(template.name), template.provenance) },

  diff: diffTemplate,

  async write({ target, desired, observed, record }) {
    const templates = target.api.notificationTemplates;
    const options: ProvenanceOptions = { disableProvenance: desired.editable };
    const current = observed?.template.name === desired.name ? observed.template : undefined;
    if (!current) {
      // PUT upserts: make sure nobody made the group since the list was read. If someone did,
      // the sync layer observes it again, through a fresh list, and judges it (Conflict, or adopt).
      const made = await templates.find(desired.name);
      if (made) {
        refuseForeignManaged(describeTemplate(made.name), made);
        throw new MadeMeanwhileError(notOursMessage(describeTemplate(made.name), made.provenance));
      }
    }
    const stored = await put(target, desired, current, options);
    // Renamed: the group under the old name goes.
    const old = observed?.template.name !== desired.name ? observed?.template.name : recordedName(record);
    if (old !== undefined && old !== desired.name) {
      await removeTemplate(target, old);
      templateList.on(target).remove(old);
    }
    return { ...describe(stored), listed: stored };
  },

  remove: (target, uid) => removeTemplate(target, nameFromUid(uid) ?? uid),

  describe: (observed) => describe(observed.template),
  shown: showName,
};

/** The fields where Grafana's template group differs from the desired one; [] = in sync. */
export function diffTemplate(desired: DesiredTemplate, observed: ObservedTemplate): string[] {
  if (desired.editable) return [];
  const drift: string[] = [];
  const { template } = observed;
  if (template.name !== desired.name) drift.push('name');
  else if (normaliseContent(template.template) !== storedContent(desired)) drift.push('template');
  if (provenanceOf(template) !== wantedProvenance(desired.editable)) drift.push('provenance');
  return drift;
}

/** What Grafana stores for the desired content, normalised for comparison. */
export function storedContent(desired: Pick<DesiredTemplate, 'name' | 'content'>): string {
  return normaliseContent(wrapTemplateContent(desired.name, desired.content));
}

/** Line endings, trailing whitespace and surrounding blank lines do not count. */
export function normaliseContent(content: string): string {
  return content
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();
}

/**
 * PUT with the version read (none for a new group). Switching from a provenance to none is refused
 * in place (403): delete (as `api`, which Grafana allows) and write again. A 409 means someone saved
 * the group since: read it and write once more; a second one is a Conflict.
 */
async function put(
  target: InstanceTarget,
  desired: DesiredTemplate,
  current: NotificationTemplate | undefined,
  options: ProvenanceOptions,
): Promise<NotificationTemplate> {
  const templates = target.api.notificationTemplates;
  const write = (version: string | undefined) =>
    templates.put(desired.name, { template: desired.content, ...(version ? { version } : {}) }, options);
  if (!current) return write(undefined);
  if (switchesToNone(current.provenance, desired.editable)) {
    await templates.delete(current.name, { version: current.version });
    templateList.on(target).remove(current.name);
    return write(undefined);
  }
  return writeWithVersion({
    what: describeTemplate(desired.name),
    version: current.version,
    write,
    reread: () => {
      // Someone saved the group since the list was read.
      templateList.on(target).invalidate();
      return templates.find(desired.name);
    },
  });
}

async function removeTemplate(target: InstanceTarget, name: string): Promise<void> {
  const templates = target.api.notificationTemplates;
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

/** The content from whichever of template and configMapRef the spec sets. */
async function templateContent(context: KindContext<GrafanaNotificationTemplate>): Promise<string> {
  const { spec } = context.object;
  if (spec.template !== undefined) return spec.template;
  if (spec.configMapRef) return context.configMaps.value(spec.configMapRef);
  throw new ObjectError('InvalidSpec', 'set exactly one of template or configMapRef (the template content)');
}

function describe(template: NotificationTemplate): Applied {
  return { uid: nameUid(template.name) };
}

function describeTemplate(name: string): string {
  return `notification template group "${name}"`;
}
