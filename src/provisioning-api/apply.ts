import type { KubeClient } from '../runtime/kube/client.js';
import { KubeClient as Client } from '../runtime/kube/client.js';
import { KubeApiError, type StatusCause } from '../runtime/kube/errors.js';
import { apiVersionOf, type KubeObject } from '../runtime/kube/types.js';
import { ApiFailure } from './failure.js';
import type { ProvisioningType } from './type-table.js';

/** The field manager of every write the API makes: fields others own are never taken over. */
export const FIELD_MANAGER = 'grafana-provisioning-api';

/** Who last wrote the object through the API (the caller's Kubernetes username). */
export const WRITER_ANNOTATION = 'grafana.provisioning.dev/provisioning-api-writer';

/** What the API owns of an object: its spec (the request's `config`) and the writer annotation. */
export function appliedObject(
  type: ProvisioningType,
  namespace: string,
  name: string,
  spec: Record<string, unknown>,
  writer: string,
): KubeObject & { metadata: { name: string; namespace: string }; spec: Record<string, unknown> } {
  return {
    apiVersion: apiVersionOf(type.resource),
    kind: type.resource.kind,
    metadata: { name, namespace, annotations: { [WRITER_ANNOTATION]: writer } },
    spec,
  };
}

/**
 * Server-side apply without force: the apiserver merges the fields this manager owns and refuses
 * to take one another manager (kubectl, Argo CD) set to a different value: a 409 naming the field
 * and the manager. Admission (schema, CEL rules) refusals are a 400 with the apiserver's message.
 */
export async function serverSideApply<T extends KubeObject>(
  client: KubeClient,
  type: ProvisioningType,
  object: KubeObject & { metadata: { name: string; namespace: string } },
): Promise<T> {
  try {
    return await client.request<T>(
      'PATCH',
      Client.path(type.resource, object.metadata.namespace, object.metadata.name),
      {
        body: object,
        contentType: 'application/apply-patch+yaml',
        // Strict: a field the CRD does not know is refused (and named), not dropped.
        query: { fieldManager: FIELD_MANAGER, force: false, fieldValidation: 'Strict' },
      },
      type.resource.plural,
    );
  } catch (err) {
    throw applyFailure(err);
  }
}

/** The apiserver's refusal of an apply as the API answers it; other errors pass through. */
export function applyFailure(err: unknown): unknown {
  if (!(err instanceof KubeApiError)) return err;
  if (err.status === 409)
    return new ApiFailure(409, 'Conflict', err.apiMessage, {
      conflicts: err.causes.map(conflictOf),
    });
  if (err.status === 422 || err.status === 400)
    return new ApiFailure(400, 'Invalid', err.apiMessage, {
      errors: err.causes.map((cause) =>
        cause.field ? `${configPath(cause.field)}: ${cause.message ?? cause.reason}` : (cause.message ?? ''),
      ),
    });
  // Server-side apply refuses a field the CRD does not declare with a 500 ("failed to create typed
  // patch object (…): .spec.colour: field not declared in schema"): the caller's mistake.
  const undeclared = [...err.apiMessage.matchAll(/(\.spec[^\s:]*): field not declared in schema/g)];
  if (err.status === 500 && undeclared.length) {
    const errors = undeclared.map((match) => `${configPath(match[1]!)}: field not declared in schema`);
    return new ApiFailure(400, 'Invalid', `invalid config: ${errors.join('; ')}`, { errors });
  }
  return err;
}

/**
 * A cause of a conflict: `conflict with "kubectl-client-side-apply" using grafana.provisioning.dev/v1beta1`
 * on field `.spec.url` → `{ field: 'config.url', manager: 'kubectl-client-side-apply' }`.
 */
function conflictOf(cause: StatusCause): { field: string; manager: string | undefined; message: string } {
  const manager = /conflict with "([^"]+)"/.exec(cause.message ?? '')?.[1];
  return { field: configPath(cause.field ?? ''), manager, message: cause.message ?? '' };
}

/** The apiserver names fields of the object (`.spec.url`, `spec.url`); the API names them in `config`. */
export function configPath(field: string): string {
  return field.replace(/^\.?spec(?=$|[.[])/, 'config');
}
