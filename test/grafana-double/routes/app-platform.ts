/**
 * What the read-only app-platform groups of the double (`/apis/dashboard.grafana.app`,
 * `/apis/folder.grafana.app`) share (§6.4, §10): discovery, the namespace of an org
 * (`request.GetNamespaceMapper`: `default` is org 1, `org-N` org N), the org check of
 * `orgIDAuthorizer` (403 `metav1.Status`), and `limit` + `continue` paging of a list.
 */
import { createHash } from 'node:crypto';

import { hasPermission, roleIn } from '../auth.js';
import { json, k8sStatus, routeNotFound, type Reply } from '../errors.js';
import type { RequestContext } from '../router.js';
import { OrgState } from '../state.js';
import type { JsonObject } from '../types.js';

export interface AppPlatformGroup {
  group: string;
  versions: readonly string[];
  preferred: string;
  /** Plural resource name, e.g. `dashboards`. */
  resource: string;
  /** The RBAC action a list needs. */
  readAction: string;
}

const DEFAULT_LIMIT = 500;

export function discoveryReply({ group, versions, preferred }: AppPlatformGroup): Reply {
  return json(200, {
    kind: 'APIGroup',
    apiVersion: 'v1',
    name: group,
    versions: versions.map((version) => ({ groupVersion: `${group}/${version}`, version })),
    preferredVersion: { groupVersion: `${group}/${preferred}`, version: preferred },
  });
}

/** 1 → `default`, N → `org-N` (`request.GetNamespaceMapper`, self-hosted). */
export function orgNamespace(orgId: number): string {
  return orgId === 1 ? 'default' : `org-${orgId}`;
}

/** Discovery of a group a profile serves some versions of; 404, as a Grafana without it, for none. */
export function servedDiscovery(group: AppPlatformGroup): Reply {
  return group.versions.length > 0 ? discoveryReply(group) : routeNotFound();
}

/** `handler` in the org of the request's namespace, or the refusal (`listableOrg`). */
export function inNamespaceOrg(
  ctx: RequestContext,
  group: AppPlatformGroup,
  handler: (org: OrgState) => Reply,
): Reply {
  const org = listableOrg(ctx, group);
  return org instanceof OrgState ? handler(org) : org;
}

/**
 * An update naming a `metadata.resourceVersion` other than the stored one: 409 Conflict, as the
 * generic registry answers it (§10); undefined when none is named or it is current.
 */
export function staleWrite(sent: string | undefined, stored: string, what: string): Reply | undefined {
  if (!sent || sent === stored) return undefined;
  return k8sStatus(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${what}: the object has been modified; please apply your changes to the latest version and try again`,
  );
}

/** The `metadata` every stored object of a generic store answers with (name, versions, creation). */
export function storedMeta(
  ctx: RequestContext,
  record: { name: string; resourceVersion: number; generation: number; created: string },
): JsonObject {
  return {
    name: record.name,
    namespace: ctx.params.namespace ?? '',
    resourceVersion: String(record.resourceVersion),
    generation: record.generation,
    creationTimestamp: record.created,
  };
}

/** `default` → 1, `org-N` → N; anything else maps to no org. */
function orgOfNamespace(namespace: string): number | undefined {
  if (namespace === 'default') return 1;
  const match = /^org-(\d+)$/.exec(namespace);
  return match ? Number(match[1]) : undefined;
}

/** The org a list request may read, or the `metav1.Status` refusal. */
export function listableOrg(ctx: RequestContext, spec: AppPlatformGroup): OrgState | Reply {
  const version = ctx.params.version ?? '';
  const namespace = ctx.params.namespace ?? '';
  if (!spec.versions.includes(version)) {
    return k8sStatus(404, 'NotFound', `the server could not find the requested resource`);
  }
  const orgId = orgOfNamespace(namespace);
  const identity = ctx.identity;
  const org = orgId === undefined ? undefined : ctx.state.findOrg(orgId);
  const details = { group: spec.group, kind: spec.resource };
  if (identity === undefined || org === undefined || roleIn(identity, org.id) === undefined) {
    const who = identity === undefined ? 'anonymous' : 'caller';
    return k8sStatus(
      403,
      'Forbidden',
      `${who} is not a member of the org of namespace ${namespace}`,
      details,
    );
  }
  if (!hasPermission(identity, org.id, spec.readAction)) {
    return k8sStatus(403, 'Forbidden', `${spec.resource}.${spec.group} is forbidden`, details);
  }
  return org;
}

/** One page of `records` (already in a stable order) and the list metadata that goes with it. */
export function listPage<T extends { updated: string }>(
  ctx: RequestContext,
  records: readonly T[],
): { page: T[]; listMeta: JsonObject } {
  const limit = Number(ctx.query.get('limit') ?? '') > 0 ? Number(ctx.query.get('limit')) : DEFAULT_LIMIT;
  const offset = Number(ctx.query.get('continue') ?? '') || 0;
  const page = records.slice(offset, offset + limit);
  const next = offset + limit < records.length ? String(offset + limit) : undefined;
  const listMeta = {
    resourceVersion: String(Math.max(0, ...records.map((r) => Date.parse(r.updated) || 0))),
    ...(next !== undefined ? { continue: next } : {}),
  };
  return { page, listMeta };
}

/** What `objectMeta` reads of a stored folder or dashboard. */
export interface StoredObject {
  uid: string;
  id: number;
  version: number;
  created: string;
  updated: string;
  createdBy: string;
  updatedBy: string;
}

/**
 * `metadata` of a stored object: the uid is the name, the classic `version` the generation, the
 * parent folder the `grafana.app/folder` annotation (absent at the root), the legacy id the
 * `grafana.app/deprecatedInternalID` label.
 */
export function objectMeta(
  spec: AppPlatformGroup,
  record: StoredObject,
  namespace: string,
  folderUid: string,
): JsonObject {
  return {
    name: record.uid,
    namespace,
    uid: createHash('sha256')
      .update(`${spec.resource}/${namespace}/${record.uid}`)
      .digest('hex')
      .slice(0, 36),
    resourceVersion: String(Date.parse(record.updated) || record.version),
    generation: record.version,
    creationTimestamp: record.created,
    annotations: {
      'grafana.app/createdBy': `user:${record.createdBy}`,
      'grafana.app/updatedBy': `user:${record.updatedBy}`,
      'grafana.app/updatedTimestamp': record.updated,
      ...(folderUid !== '' ? { 'grafana.app/folder': folderUid } : {}),
    },
    labels: { 'grafana.app/deprecatedInternalID': String(record.id) },
  };
}
