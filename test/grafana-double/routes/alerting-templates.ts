/**
 * Notification templates: `/api/v1/provisioning/templates` (§8.6, §8.9), as `api_provisioning.go`
 * and `provisioning/templates.go` (12.x) answer them:
 * - GET lists by name; GET one 404 `templates.notFound`;
 * - PUT upserts, 202 with the stored template: content without `{{ define` is wrapped (§12),
 *   invalid content 400 `templates.invalidFormat`; `version` (an FNV fingerprint of the content)
 *   must match when given (409 `alerting.notifications.conflict`), and a `version` for a template
 *   that does not exist is a 404; then the relaxed provenance rule (403);
 * - DELETE 204, also when missing; `?version=` and provenance as for PUT.
 * Templates with provenance `converted_prometheus` belong to an imported configuration and are
 * refused like a provenance change.
 */
import {
  canChangeProvenanceRelaxed,
  normaliseTemplate,
  templateFingerprint,
  type Provenance,
} from '../alerting-model.js';
import { alertingOf, templateDto, type TemplateRecord } from '../alerting-state.js';
import type { Bound } from '../binding.js';
import { errutil, json, type Reply } from '../errors.js';
import type { RequestContext, RouteModule } from '../router.js';
import { compareStrings } from '../util.js';
import {
  invalidProvenance,
  noContent,
  PROVISIONING,
  READ,
  requestedProvenance,
  versionConflict,
  WRITE,
} from './alerting-common.js';

const TEMPLATES = `${PROVISIONING}/templates`;

/** `definitions.NotificationTemplateContent`. */
const templateContentSchema = {
  template: { kind: 'string' },
  version: { kind: 'string' },
} as const;
export type NotificationTemplateContent = Bound<typeof templateContentSchema>;

export const alertingTemplateRoutes: RouteModule = {
  name: 'alerting-templates',
  register(router) {
    router.get(TEMPLATES, READ, listTemplates);
    router.get(`${TEMPLATES}/:name`, READ, getTemplate);
    router.put(`${TEMPLATES}/:name`, WRITE, putTemplate);
    router.delete(`${TEMPLATES}/:name`, WRITE, deleteTemplate);
  },
};

function templateNotFound(): Reply {
  return errutil(404, 'alerting.notifications.templates.notFound', 'NotFound');
}

/** Provenance rule for an existing template (imported ones are never writable). */
function provenanceRefusal(template: TemplateRecord, requested: Provenance): Reply | undefined {
  if (
    template.provenance === 'converted_prometheus' ||
    !canChangeProvenanceRelaxed(template.provenance, requested)
  ) {
    return invalidProvenance(template.provenance, requested);
  }
  return undefined;
}

function listTemplates(ctx: RequestContext): Reply {
  const store = alertingOf(ctx.org());
  const templates = [...store.templates.values()].sort((a, b) => compareStrings(a.name, b.name));
  return json(200, templates.map(templateDto));
}

function getTemplate(ctx: RequestContext): Reply {
  const template = alertingOf(ctx.org()).template(ctx.params.name ?? '');
  return template === undefined ? templateNotFound() : json(200, templateDto(template));
}

function putTemplate(ctx: RequestContext): Reply {
  const bound = ctx.bind(templateContentSchema);
  if (!bound.ok) return bound.reply;
  const name = ctx.params.name ?? '';
  const normalised = normaliseTemplate(name, bound.value.template ?? '');
  if ('error' in normalised) {
    return errutil(
      400,
      'alerting.notifications.templates.invalidFormat',
      'Template is in invalid format. Correct the payload and try again.',
      { Error: normalised.error },
    );
  }
  const store = alertingOf(ctx.org());
  const version = bound.value.version ?? '';
  const provenance = requestedProvenance(ctx);
  const existing = store.templates.get(name);
  if (existing === undefined) {
    // A version means "update": the template is gone.
    if (version !== '') return templateNotFound();
    const created: TemplateRecord = { name, template: normalised.template, provenance };
    store.templates.set(name, created);
    return json(202, templateDto(created));
  }
  if (version !== '' && version !== templateFingerprint(existing.template)) return versionConflict();
  const refused = provenanceRefusal(existing, provenance);
  if (refused !== undefined) return refused;
  existing.template = normalised.template;
  existing.provenance = provenance;
  return json(202, templateDto(existing));
}

function deleteTemplate(ctx: RequestContext): Reply {
  const store = alertingOf(ctx.org());
  const existing = store.template(ctx.params.name ?? '');
  if (existing === undefined) return noContent();
  const version = ctx.query.get('version') ?? '';
  if (version !== '' && version !== templateFingerprint(existing.template)) return versionConflict();
  const refused = provenanceRefusal(existing, requestedProvenance(ctx));
  if (refused !== undefined) return refused;
  store.templates.delete(existing.name);
  return noContent();
}
