import type { EventRecorder } from '../runtime/events.js';
import type { KubeClient } from '../runtime/kube/client.js';
import { describePermission, missingPermission, type Caller, type Permission } from './access.js';
import { appliedObject, serverSideApply } from './apply.js';
import { withDefaults } from './config-defaults.js';
import { applySecret, extractSecureValues, secretNameFor } from './secure-values.js';
import { ApiFailure } from './failure.js';
import { objectId, parseObjectId } from './object-id.js';
import type { Submission } from './request-body.js';
import { failureStatusCode, statusView, type ObjectWithStatus, type StatusView } from './status-view.js';
import type { ProvisioningType, TypeTable } from './type-table.js';
import { validateConfig } from './validate-config.js';
import { waitForGone, waitForOutcome } from './wait-ready.js';

/** An answer of the API, before the router writes it. */
export interface Answer {
  statusCode: number;
  body: unknown;
  /** The status endpoint's id, for a 202's Location. */
  pendingId?: string;
  headers?: Record<string, string>;
}

export interface WaitOptions {
  /** Answer 202 at once (Prefer: respond-async). */
  async: boolean;
  timeoutMs: number;
}

/**
 * The API's operations, whatever the version that routes to them. Writes custom resources and reads
 * their status through the apiserver, as the operator; the caller's own permissions are checked
 * first (SubjectAccessReview), so the API lets nobody do what Kubernetes RBAC would not.
 */
export class ProvisioningService {
  constructor(
    private readonly client: KubeClient,
    readonly types: TypeTable,
    private readonly events: EventRecorder,
  ) {}

  async submit(
    caller: Caller,
    namespace: string,
    submission: Submission,
    wait: WaitOptions,
  ): Promise<Answer> {
    const { type, name } = submission;
    const id = objectId(type.name, name);
    const existing = await this.find(type, namespace, name);
    const secretName = secretNameFor(name);
    const { spec, values } = extractSecureValues(
      type.specSchema,
      withDefaults(type.name, name, submission.config),
      secretName,
    );
    const secure = Object.keys(values).length > 0;
    await this.authorize(caller, [
      permission(type, existing ? 'patch' : 'create', namespace),
      // Secure values go into a Secret: only for a caller who may write Secrets there.
      ...(secure ? [secretPermission('create', namespace), secretPermission('update', namespace)] : []),
    ]);
    validateConfig(type, spec);
    const applied = await serverSideApply<ObjectWithStatus>(
      this.client,
      type,
      appliedObject(type, namespace, name, spec, caller.username),
    );
    if (secure) await applySecret(this.client, applied, secretName, values);
    void this.events.record(
      applied,
      'Normal',
      'AppliedThroughAPI',
      `applied through the provisioning API by ${caller.username}`,
    );
    const view = wait.async
      ? statusView(id, applied)
      : ((await waitForOutcome(id, () => this.find(type, namespace, name), Date.now() + wait.timeoutMs)) ??
        statusView(id, applied));
    if (view.status === 'applied') return { statusCode: 201, body: view };
    if (view.status === 'failed')
      throw new ApiFailure(failureStatusCode(view), view.reason ?? 'Failed', view.message ?? '', { ...view });
    return { statusCode: 202, body: view, pendingId: id };
  }

  async read(caller: Caller, namespace: string, id: string): Promise<Answer> {
    const { type, name } = this.parseId(id);
    await this.authorize(caller, [permission(type, 'get', namespace)]);
    const object = await this.mustFind(type, namespace, name, id);
    return { statusCode: 200, body: describeObject(type, object) };
  }

  async status(caller: Caller, namespace: string, id: string): Promise<Answer> {
    const { type, name } = this.parseId(id);
    await this.authorize(caller, [permission(type, 'get', namespace)]);
    const object = await this.mustFind(type, namespace, name, id);
    return { statusCode: 200, body: statusView(id, object) };
  }

  /** Every object of every type the caller may list in the namespace. */
  async list(caller: Caller, namespace: string): Promise<Answer> {
    const readable: ProvisioningType[] = [];
    await Promise.all(
      this.types.all().map(async (type) => {
        if (!(await missingPermission(this.client, caller, [permission(type, 'list', namespace)])))
          readable.push(type);
      }),
    );
    if (!readable.length)
      throw new ApiFailure(
        403,
        'Forbidden',
        `${caller.username} may list none of the types in namespace ${namespace}`,
      );
    const lists = await Promise.all(
      this.types
        .all()
        .filter((type) => readable.includes(type))
        .map(async (type) => {
          const list = await this.client.list<ObjectWithStatus>(type.resource, namespace);
          return list.items.map((object) => describeObject(type, object));
        }),
    );
    return { statusCode: 200, body: { items: lists.flat() } };
  }

  /** Deletes the custom resource; the controller removes it from Grafana as its deletionPolicy says. */
  async remove(caller: Caller, namespace: string, id: string, wait: WaitOptions): Promise<Answer> {
    const { type, name } = this.parseId(id);
    await this.authorize(caller, [permission(type, 'delete', namespace)]);
    const object = await this.mustFind(type, namespace, name, id);
    await this.client.delete(type.resource, namespace, name);
    void this.events.record(
      object,
      'Normal',
      'DeletedThroughAPI',
      `deleted through the provisioning API by ${caller.username}`,
    );
    const gone =
      !wait.async && (await waitForGone(() => this.find(type, namespace, name), Date.now() + wait.timeoutMs));
    if (gone) return { statusCode: 200, body: { id, status: 'deleted' } };
    const current = await this.find(type, namespace, name);
    return current
      ? { statusCode: 202, body: statusView(id, current), pendingId: id }
      : { statusCode: 200, body: { id, status: 'deleted' } };
  }

  parseId(id: string): { type: ProvisioningType; name: string } {
    const parsed = parseObjectId(id, this.types);
    if (!parsed)
      throw new ApiFailure(
        404,
        'NotFound',
        `no object ${id}: an id is <type>.<name>, type one of ${this.types.names().join(', ')}`,
      );
    return parsed;
  }

  private async authorize(caller: Caller, permissions: Permission[]): Promise<void> {
    const missing = await missingPermission(this.client, caller, permissions);
    if (missing)
      throw new ApiFailure(403, 'Forbidden', `${caller.username} may not ${describePermission(missing)}`, {
        missingPermission: missing,
      });
  }

  private find(
    type: ProvisioningType,
    namespace: string,
    name: string,
  ): Promise<ObjectWithStatus | undefined> {
    return this.client.find<ObjectWithStatus>(type.resource, namespace, name);
  }

  private async mustFind(
    type: ProvisioningType,
    namespace: string,
    name: string,
    id: string,
  ): Promise<ObjectWithStatus> {
    const object = await this.find(type, namespace, name);
    if (!object) throw new ApiFailure(404, 'NotFound', `no object ${id} in namespace ${namespace}`);
    return object;
  }
}

function secretPermission(verb: string, namespace: string): Permission {
  return { verb, group: '', resource: 'secrets', namespace };
}

function permission(type: ProvisioningType, verb: string, namespace: string): Permission {
  return { verb, group: type.resource.group, resource: type.resource.plural, namespace };
}

/** An object as GET answers it: its id, type, name, config (the spec) and status view. */
function describeObject(
  type: ProvisioningType,
  object: ObjectWithStatus,
): {
  id: string;
  type: string;
  name: string;
  config: unknown;
  status: StatusView;
} {
  const name = object.metadata?.name ?? '';
  const id = objectId(type.name, name);
  return { id, type: type.name, name, config: object.spec, status: statusView(id, object) };
}
