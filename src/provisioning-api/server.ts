import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { ProvisioningApiConfig } from '../config.js';
import type { KubeClient } from '../runtime/kube/client.js';
import { authenticate, type Caller } from './access.js';
import { AuditLog } from './audit.js';
import { ApiFailure } from './failure.js';
import { IdempotencyStore } from './idempotency-store.js';
import { registerV1beta } from './router-v1beta.js';
import type { ProvisioningService } from './service.js';

/** What a request did, filled in as it is served, for its audit line. */
export interface RequestAudit {
  namespace?: string;
  type?: string;
  name?: string;
  idempotencyKey?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | undefined;
    audit: RequestAudit;
  }
}

export interface ProvisioningApiServer {
  port: number;
  close(): Promise<void>;
}

/** A namespace name (DNS-1123 label). */
const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * The provisioning API's HTTP(S) server. Each request is rate limited per caller, authenticated
 * (TokenReview) before its body is read, routed by version, and written to the audit log; errors
 * are JSON `{code, reason, message, …}`.
 */
export async function buildServer(options: {
  config: ProvisioningApiConfig;
  client: KubeClient;
  service: ProvisioningService;
  logger: Logger;
  /** The namespaces the operator reconciles (WATCH_NAMESPACES); undefined: all. */
  watchNamespaces: readonly string[] | undefined;
}): Promise<FastifyInstance> {
  const { config, client, service } = options;
  const https = config.tlsCertFile
    ? { cert: await readFile(config.tlsCertFile), key: await readFile(config.tlsKeyFile ?? '') }
    : null;
  const app = Fastify({ logger: false, bodyLimit: config.bodyLimitBytes, https });
  const audit = new AuditLog(options.logger);

  app.decorateRequest('caller', undefined);
  // Reference values are set per request (fastify shares a decorator's initial value).
  app.decorateRequest('audit', null as unknown as RequestAudit);
  app.addHook('onRequest', async (request) => {
    request.audit = {};
  });

  await app.register(rateLimit, {
    max: config.rateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: callerKey,
    errorResponseBuilder: (_request, context) =>
      new ApiFailure(
        429,
        'TooManyRequests',
        `rate limit of ${context.max} requests per minute exceeded; retry in ${context.after}`,
      ),
  });

  // After the rate limit (an onRequest hook of each route), before the body is read.
  app.addHook('preParsing', async (request) => {
    const namespace = (request.params as { namespace?: string }).namespace;
    request.audit.namespace = namespace;
    const token = bearerToken(request);
    if (!token)
      throw new ApiFailure(401, 'Unauthorized', 'an Authorization: Bearer <token> header is required');
    const caller = await authenticate(client, token);
    if (!caller) throw new ApiFailure(401, 'Unauthorized', 'the bearer token is not valid');
    request.caller = caller;
    if (namespace !== undefined && !NAMESPACE.test(namespace))
      throw new ApiFailure(404, 'NotFound', `"${namespace}" is not a namespace name`);
    if (namespace !== undefined && options.watchNamespaces && !options.watchNamespaces.includes(namespace))
      throw new ApiFailure(404, 'NotFound', `namespace ${namespace} is not one the operator serves`);
  });

  app.addHook('onResponse', async (request, reply) => {
    audit.write({
      caller: request.caller,
      sourceAddress: request.ip,
      method: request.method,
      path: request.url,
      // Also for a request refused before preParsing (the rate limit): the route's own parameter.
      namespace: request.audit.namespace ?? (request.params as { namespace?: string } | undefined)?.namespace,
      type: request.audit.type,
      name: request.audit.name,
      idempotencyKey: request.audit.idempotencyKey,
      code: reply.statusCode,
      latencyMs: reply.elapsedTime,
    });
  });

  app.setErrorHandler(async (error: FastifyError | ApiFailure, _request, reply) => {
    if (error instanceof ApiFailure)
      return reply.code(error.statusCode).headers(error.headers).send(error.body());
    if (error.statusCode && error.statusCode < 500)
      return reply.code(error.statusCode).send({
        code: error.statusCode,
        reason: reasonOf(error.statusCode),
        message: error.message,
      });
    options.logger.error({ err: error.message }, 'provisioning API request failed');
    return reply.code(500).send({ code: 500, reason: 'InternalError', message: error.message });
  });
  app.setNotFoundHandler(async (request, reply) =>
    reply
      .code(404)
      .send({ code: 404, reason: 'NotFound', message: `no route ${request.method} ${request.url}` }),
  );

  registerV1beta(app, service, new IdempotencyStore(client));
  return app;
}

export async function startProvisioningApi(
  options: Parameters<typeof buildServer>[0] & { host: string },
): Promise<ProvisioningApiServer> {
  const app = await buildServer(options);
  await app.listen({ port: options.config.port, host: options.host });
  const address = app.server.address();
  return {
    port: typeof address === 'object' && address ? address.port : options.config.port,
    close: () => app.close(),
  };
}

function bearerToken(request: FastifyRequest): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}

/** Per caller: a hash of the bearer token (known before the TokenReview), else the address. */
function callerKey(request: FastifyRequest): string {
  const token = bearerToken(request);
  return token ? createHash('sha256').update(token).digest('hex') : `address:${request.ip}`;
}

function reasonOf(statusCode: number): string {
  return (
    {
      400: 'Invalid',
      404: 'NotFound',
      405: 'MethodNotAllowed',
      413: 'PayloadTooLarge',
      415: 'UnsupportedMediaType',
    }[statusCode] ?? 'Invalid'
  );
}
