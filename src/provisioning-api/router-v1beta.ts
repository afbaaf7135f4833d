import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiFailure } from './failure.js';
import { parseObjectId } from './object-id.js';
import { parseSubmission } from './request-body.js';
import { openApiDocument, requestSchema } from './schemas.js';
import type { IdempotencyStore } from './idempotency-store.js';
import type { Answer, ProvisioningService, WaitOptions } from './service.js';
import { parseWaitOptions } from './wait-options.js';

/** The API group and version of the draft; `v1` registers its own router beside this one. */
export const V1BETA_PREFIX = '/apis/provisioning.grafana.app/v1beta';

type Params = { namespace: string; id?: string };

/** The v1beta routes, on `app` under {@link V1BETA_PREFIX}. */
export function registerV1beta(
  app: FastifyInstance,
  service: ProvisioningService,
  idempotency: IdempotencyStore,
): void {
  const base = `${V1BETA_PREFIX}/namespaces/:namespace/provisioning`;
  const send = (reply: FastifyReply, answer: Answer & { replayed?: true }, namespace: string) => {
    if (answer.pendingId) reply.header('Location', statusLocation(namespace, answer.pendingId));
    if (answer.replayed) reply.header('Idempotent-Replayed', 'true');
    return reply
      .code(answer.statusCode)
      .headers(answer.headers ?? {})
      .send(answer.body);
  };

  app.post<{ Params: Params }>(base, async (request, reply) => {
    const { namespace } = request.params;
    const named = request.body as { type?: unknown; name?: unknown } | null;
    request.audit.type = typeof named?.type === 'string' ? named.type : undefined;
    request.audit.name = typeof named?.name === 'string' ? named.name : undefined;
    const submit = async () => {
      const submission = parseSubmission(request.body, service.types);
      return service.submit(request.caller!, namespace, submission, waitOptions(request, reply));
    };
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string') return send(reply, await submit(), namespace);
    request.audit.idempotencyKey = key;
    return send(
      reply,
      await idempotency.answer(namespace, request.caller!, key, request.body, submit),
      namespace,
    );
  });

  app.get<{ Params: Params }>(base, async (request, reply) =>
    send(reply, await service.list(request.caller!, request.params.namespace), request.params.namespace),
  );

  app.get<{ Params: Params & { type: string } }>(`${base}/schemas/:type`, async (request, reply) => {
    const type = service.types.get(request.params.type);
    if (!type)
      throw new ApiFailure(
        404,
        'NotFound',
        `no type ${request.params.type}; one of ${service.types.names().join(', ')}`,
        {
          types: service.types.names(),
        },
      );
    return reply.send(requestSchema(type));
  });

  const openApi = openApiDocument(service.types, V1BETA_PREFIX, 'v1beta');
  app.get(`${V1BETA_PREFIX}/openapi.json`, async (_request, reply) => reply.send(openApi));

  app.get<{ Params: Params & { id: string } }>(`${base}/:id`, async (request, reply) => {
    noteId(request, service);
    const { namespace, id } = request.params;
    return send(reply, await service.read(request.caller!, namespace, id), namespace);
  });

  app.get<{ Params: Params & { id: string } }>(`${base}/:id/status`, async (request, reply) => {
    noteId(request, service);
    const { namespace, id } = request.params;
    return send(reply, await service.status(request.caller!, namespace, id), namespace);
  });

  app.delete<{ Params: Params & { id: string } }>(`${base}/:id`, async (request, reply) => {
    noteId(request, service);
    const { namespace, id } = request.params;
    return send(
      reply,
      await service.remove(request.caller!, namespace, id, waitOptions(request, reply)),
      namespace,
    );
  });
}

export function statusLocation(namespace: string, id: string): string {
  return `${V1BETA_PREFIX}/namespaces/${encodeURIComponent(namespace)}/provisioning/${encodeURIComponent(id)}/status`;
}

/** The request's wait options (wait-options.ts); a 202 at once says it honoured `Prefer`. */
function waitOptions(request: FastifyRequest, reply: FastifyReply): WaitOptions {
  const wait = parseWaitOptions(
    (request.query as Record<string, string | undefined>).timeoutSeconds,
    String(request.headers.prefer ?? ''),
  );
  if (wait.async) reply.header('Preference-Applied', 'respond-async');
  return wait;
}

/** The type and name of the object an id names, for the audit line. */
function noteId(
  request: FastifyRequest<{ Params: Params & { id: string } }>,
  service: ProvisioningService,
): void {
  const parsed = parseObjectId(request.params.id, service.types);
  request.audit.type = parsed?.type.name;
  request.audit.name = parsed?.name;
}
