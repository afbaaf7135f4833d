import {
  GrafanaNotificationTemplateResource,
  grafanaNotificationTemplateSpecSchema,
  type GrafanaNotificationTemplate,
  type GrafanaNotificationTemplateSpec,
} from '../api/generated/index.js';
import {
  appliedTemplate,
  describeTemplate,
  desiredTemplate,
  diffTemplate,
  ownsTemplate,
  type DesiredTemplate,
  type ObservedTemplate,
} from '../alerting/notification-template.js';
import { removeTemplate, writeTemplate, type TemplatesOn } from '../alerting/notification-template-write.js';
import { listByName, nameOfUid, observeByName, recordedName } from '../alerting/notification-resources.js';
import type { NotificationTemplate } from '../grafana/index.js';
import { ObjectError } from '../lib/object-error.js';
import { grafanaName, type KindContext, type ObjectKind, showName } from '../sync/object-kind.js';
import type { InstanceTarget } from '../sync/targets.js';

/** Every template group on an instance, by name (`GET /templates`). */
const templateList = listByName<NotificationTemplate>('alerting-templates', (target) =>
  target.api.notificationTemplates.list(),
);

const on = (target: InstanceTarget): TemplatesOn => ({ api: target.api, list: templateList.on(target) });

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
  relistAfterFailedWrite: true,
  serialise: true,

  async desired(context) {
    const { spec } = context.object;
    return desiredTemplate(
      grafanaName(context.object),
      await templateContent(context),
      spec.editableInGrafana ?? false,
    );
  },

  claims: ({ name }) => [`name:${name}`],

  async observe({ target, desired, record }) {
    const found = await observeByName(on(target), desired.name, recordedName(record), describeTemplate);
    return found && { template: found.item, recorded: found.recorded };
  },

  owns: ownsTemplate,

  diff: diffTemplate,

  async write({ target, desired, observed, record }) {
    const stored = await writeTemplate(on(target), desired, observed, recordedName(record));
    return { ...appliedTemplate(stored), listed: stored };
  },

  remove: (target, uid) => removeTemplate(on(target), nameOfUid(uid)),

  describe: (observed) => appliedTemplate(observed.template),
  shown: showName,
};

/** The content from whichever of template and configMapRef the spec sets. */
async function templateContent(context: KindContext<GrafanaNotificationTemplate>): Promise<string> {
  const { spec } = context.object;
  if (spec.template !== undefined) return spec.template;
  if (spec.configMapRef) return context.configMaps.value(spec.configMapRef);
  throw new ObjectError('InvalidSpec', 'set exactly one of template or configMapRef (the template content)');
}
