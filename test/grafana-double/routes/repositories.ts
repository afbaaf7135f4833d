/**
 * The Git Sync group `/apis/provisioning.grafana.app` (docs/grafana-api.md §22), Repository objects
 * and their `jobs` subresource, as `pkg/registry/apis/provisioning` serves them:
 * - served only with the feature toggle `provisioning` on a release that has it
 *   (`options.provisioningApiVersions`: none on 11.2, v0alpha1 on 12.x, v0alpha1 and v1beta1 on
 *   main); otherwise 404, discovery included;
 * - reads need a Viewer, writes and pull jobs an Admin of the namespace's org (`orgIDAuthorizer`,
 *   403 `metav1.Status` outside it);
 * - create (409 AlreadyExists) and update (409 Conflict on a stale resourceVersion; `secure` left
 *   out keeps the token, `CopySecureValues`) go through admission: a zero interval becomes the
 *   default, missing workflows []; an invalid spec is 422 Invalid. `metadata.generation` grows when
 *   the spec changes. The token is answered only as `secure.token.name`;
 * - after each write the health check runs (repository-state.ts); `POST …/jobs` is 424 while the
 *   repository is unhealthy, else 202 with the pending Job, run at once; `GET …/jobs` lists them;
 * - DELETE removes it (Grafana's finalizers are taken as done at once).
 */
import { randomUUID } from 'node:crypto';

import { json, k8sStatus, type Reply } from '../errors.js';
import type { RequestContext, RouteModule } from '../router.js';
import { OrgState } from '../state.js';
import type { JsonObject } from '../types.js';
import { compareStrings } from '../util.js';
import {
  admitted,
  healthOf,
  invalidSpec,
  nextResourceVersion,
  repositoriesOf,
  runPullJob,
  type RepositoryRecord,
} from '../repository-state.js';
import { bindBody } from './alerting-common.js';
import { listableOrg, servedDiscovery, staleWrite, type AppPlatformGroup } from './app-platform.js';

const GROUP = 'provisioning.grafana.app';
const BASE = `/apis/${GROUP}/:version/namespaces/:namespace/repositories`;
const SIGNED_IN = { kind: 'signedIn' } as const;

const groupOf = (ctx: RequestContext, action: string): AppPlatformGroup => ({
  group: GROUP,
  versions: ctx.options.featureToggles.provisioning ? ctx.options.provisioningApiVersions : [],
  preferred: 'v0alpha1',
  resource: 'repositories',
  readAction: action,
});

export const repositoryRoutes: RouteModule = {
  name: 'repositories',
  register(router) {
    router.get(`/apis/${GROUP}`, SIGNED_IN, (ctx) => servedDiscovery(groupOf(ctx, '')));
    router.get(BASE, SIGNED_IN, (ctx) => inOrg(ctx, READ, list));
    router.post(BASE, SIGNED_IN, (ctx) => inOrg(ctx, WRITE, create));
    router.get(`${BASE}/:name`, SIGNED_IN, (ctx) => inOrg(ctx, READ, (org) => withRecord(ctx, org, answer)));
    router.put(`${BASE}/:name`, SIGNED_IN, (ctx) => inOrg(ctx, WRITE, (org) => withRecord(ctx, org, update)));
    router.delete(`${BASE}/:name`, SIGNED_IN, (ctx) => inOrg(ctx, WRITE, (org) => remove(ctx, org)));
    router.post(`${BASE}/:name/jobs`, SIGNED_IN, (ctx) =>
      inOrg(ctx, JOBS, (org) => withRecord(ctx, org, startJob)),
    );
    router.get(`${BASE}/:name/jobs`, SIGNED_IN, (ctx) =>
      inOrg(ctx, READ, (org) => withRecord(ctx, org, listJobs)),
    );
  },
};

const READ = 'provisioning.repositories:read';
const WRITE = 'provisioning.repositories:write';
const JOBS = 'provisioning.jobs:create';

type Handler = (org: OrgState, ctx: RequestContext) => Reply;

function inOrg(ctx: RequestContext, action: string, handler: Handler): Reply {
  const org = listableOrg(ctx, groupOf(ctx, action));
  return org instanceof OrgState ? handler(org, ctx) : org;
}

function withRecord(
  ctx: RequestContext,
  org: OrgState,
  handler: (record: RepositoryRecord, org: OrgState, ctx: RequestContext) => Reply,
): Reply {
  const record = repositoriesOf(org).get(ctx.params.name ?? '');
  if (!record) return notFound(ctx.params.name ?? '');
  return handler(record, org, ctx);
}

const notFound = (name: string) =>
  k8sStatus(404, 'NotFound', `repositories.${GROUP} "${name}" not found`, {
    name,
    group: GROUP,
    kind: 'repositories',
  });

function objectOf(ctx: RequestContext, record: RepositoryRecord): JsonObject {
  return {
    apiVersion: `${GROUP}/${ctx.params.version ?? ''}`,
    kind: 'Repository',
    metadata: {
      name: record.name,
      namespace: ctx.params.namespace ?? '',
      resourceVersion: String(record.resourceVersion),
      generation: record.generation,
      creationTimestamp: record.created,
      finalizers: ['remove-orphan-resources', 'cleanup'],
    },
    spec: record.spec,
    ...(record.token ? { secure: { token: { name: record.token.name } } } : {}),
    status: { observedGeneration: record.generation, health: record.health, sync: record.sync },
  };
}

function answer(record: RepositoryRecord, _org: OrgState, ctx: RequestContext): Reply {
  return json(200, objectOf(ctx, record));
}

function list(org: OrgState, ctx: RequestContext): Reply {
  const records = [...repositoriesOf(org).values()].sort((a, b) => compareStrings(a.name, b.name));
  return json(200, {
    apiVersion: `${GROUP}/${ctx.params.version ?? ''}`,
    kind: 'RepositoryList',
    metadata: { resourceVersion: String(nextResourceVersion()) },
    items: records.map((record) => objectOf(ctx, record)),
  });
}

interface Body {
  metadata?: { name?: string; resourceVersion?: string };
  spec?: JsonObject;
  secure?: { token?: { create?: string; remove?: boolean } };
}

function parse(ctx: RequestContext): Body | Reply {
  const bound = bindBody(ctx);
  if (!bound.ok) return bound.reply;
  const body = bound.value as Body;
  const problem = invalidSpec(body.spec ?? {});
  if (problem)
    return k8sStatus(
      422,
      'Invalid',
      `Repository.${GROUP} "${body.metadata?.name ?? ''}" is invalid: ${problem}`,
    );
  return body;
}

const isReply = (value: Body | Reply): value is Reply =>
  'status' in value && typeof value.status === 'number';

/** The token a write leaves: a new value, removed, or the one stored. */
function tokenAfter(body: Body, stored: RepositoryRecord['token']): RepositoryRecord['token'] {
  const token = body.secure?.token;
  if (token?.remove) return undefined;
  if (token?.create) return { value: token.create, name: `inline-${randomUUID()}` };
  return stored;
}

function create(org: OrgState, ctx: RequestContext): Reply {
  const body = parse(ctx);
  if (isReply(body)) return body;
  const name = body.metadata?.name ?? '';
  const repositories = repositoriesOf(org);
  if (repositories.has(name)) {
    return k8sStatus(409, 'AlreadyExists', `repositories.${GROUP} "${name}" already exists`, {
      name,
      group: GROUP,
      kind: 'repositories',
    });
  }
  const now = Date.now();
  const spec = admitted(body.spec ?? {});
  const token = tokenAfter(body, undefined);
  const record: RepositoryRecord = {
    name,
    spec,
    ...(token ? { token } : {}),
    generation: 1,
    resourceVersion: nextResourceVersion(),
    created: new Date(now).toISOString(),
    health: healthOf(ctx.state, spec, now),
    sync: { state: '', message: [] },
    jobs: [],
  };
  repositories.set(name, record);
  return json(201, objectOf(ctx, record));
}

function update(record: RepositoryRecord, _org: OrgState, ctx: RequestContext): Reply {
  const body = parse(ctx);
  if (isReply(body)) return body;
  const stale = staleWrite(
    body.metadata?.resourceVersion,
    String(record.resourceVersion),
    `repositories.${GROUP} "${record.name}"`,
  );
  if (stale) return stale;
  const now = Date.now();
  const spec = admitted(body.spec ?? {});
  if (JSON.stringify(spec) !== JSON.stringify(record.spec)) record.generation += 1;
  record.spec = spec;
  const token = tokenAfter(body, record.token);
  if (token) record.token = token;
  else delete record.token;
  record.resourceVersion = nextResourceVersion();
  record.health = healthOf(ctx.state, spec, now);
  return json(200, objectOf(ctx, record));
}

function remove(ctx: RequestContext, org: OrgState): Reply {
  const name = ctx.params.name ?? '';
  if (!repositoriesOf(org).delete(name)) return notFound(name);
  return json(200, {
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Success',
    details: { name, group: GROUP, kind: 'repositories' },
  });
}

function startJob(record: RepositoryRecord, _org: OrgState, ctx: RequestContext): Reply {
  const bound = bindBody(ctx);
  if (!bound.ok) return bound.reply;
  if (!record.health.healthy) {
    return k8sStatus(424, 'Failure', 'The repository configuration is not healthy');
  }
  const action = String((bound.value as JsonObject).action ?? '');
  if (action !== 'pull') return k8sStatus(400, 'BadRequest', `the double runs pull jobs only, not ${action}`);
  const now = Date.now();
  const job = runPullJob(record, now);
  return json(202, {
    apiVersion: `${GROUP}/${ctx.params.version ?? ''}`,
    kind: 'Job',
    metadata: {
      name: job.name,
      namespace: ctx.params.namespace ?? '',
      labels: { 'provisioning.grafana.app/repository': record.name },
    },
    spec: { action, repository: record.name, pull: { incremental: false } },
    status: { state: 'pending' },
  });
}

function listJobs(record: RepositoryRecord, _org: OrgState, ctx: RequestContext): Reply {
  return json(200, {
    apiVersion: `${GROUP}/${ctx.params.version ?? ''}`,
    kind: 'JobList',
    items: record.jobs.map((job) => ({
      kind: 'Job',
      metadata: { name: job.name },
      spec: { action: job.action, repository: record.name },
      status: { state: job.state, started: job.started, finished: job.finished },
    })),
  });
}
