import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  GrafanaConfigurationError,
  GrafanaAlreadyExistsError,
  GrafanaApiError,
  GrafanaConflictError,
  GrafanaForbiddenError,
  GrafanaHttpClient,
  GrafanaNotFoundError,
  GrafanaProvenanceConflictError,
  GrafanaUnauthorizedError,
  GrafanaUnavailableError,
  GrafanaValidationError,
  GrafanaVersionMismatchError,
  alreadyExistsOn,
  undefinedIfNotFound,
  type HttpMethod,
} from '../../../src/grafana/index.js';
import { startServer, unusedPort, type LocalServer, type Reply } from './local-server.js';

const TOKEN = 'glsa_secret-token_9f8e7d6c5b4a';
const PASSWORD = 'hunter2-very-secret';

interface Case {
  name: string;
  method?: HttpMethod;
  route?: string;
  reply: Reply;
  errorClass: new (...args: never[]) => GrafanaApiError;
  reason: string;
  messageId?: string;
  grafanaMessage: string;
}

const status = (code: number, body: unknown): Reply => ({ status: code, json: body });

/** Bodies from contract §1.3, §3–§8 and §11.1, each with the class it must produce. */
const cases: Case[] = [
  {
    name: 'plain {message} 404 (datasource)',
    reply: status(404, { message: 'Data source not found' }),
    errorClass: GrafanaNotFoundError,
    reason: 'NotFound',
    grafanaMessage: 'Data source not found',
  },
  {
    name: 'folder {status:not-found} 404',
    reply: status(404, { status: 'not-found', message: 'folder not found' }),
    errorClass: GrafanaNotFoundError,
    reason: 'NotFound',
    messageId: 'not-found',
    grafanaMessage: 'folder not found',
  },
  {
    name: 'empty 404 (alert rule)',
    reply: { status: 404 },
    errorClass: GrafanaNotFoundError,
    reason: 'NotFound',
    grafanaMessage: '',
  },
  {
    name: 'errutil 404 alerting.alert-rule.notFound',
    reply: status(404, { statusCode: 404, messageId: 'alerting.alert-rule.notFound', message: 'NotFound' }),
    errorClass: GrafanaNotFoundError,
    reason: 'NotFound',
    messageId: 'alerting.alert-rule.notFound',
    grafanaMessage: 'NotFound',
  },
  {
    name: 'bind error 400',
    reply: status(400, { message: 'bad request data' }),
    errorClass: GrafanaValidationError,
    reason: 'InvalidSpec',
    grafanaMessage: 'bad request data',
  },
  {
    name: 'errutil 400 with extra (folder depth)',
    reply: status(400, {
      statusCode: 400,
      messageId: 'folder.maximum-depth-reached',
      message: 'Maximum nested folder depth reached',
      extra: { depth: 4 },
    }),
    errorClass: GrafanaValidationError,
    reason: 'InvalidSpec',
    messageId: 'folder.maximum-depth-reached',
    grafanaMessage: 'Maximum nested folder depth reached',
  },
  {
    name: 'ErrResp text carrying a bracketed messageId',
    reply: status(400, {
      message: '[folder.maximum-depth-reached] folder max depth exceeded, max depth is 4',
    }),
    errorClass: GrafanaValidationError,
    reason: 'InvalidSpec',
    messageId: 'folder.maximum-depth-reached',
    grafanaMessage: '[folder.maximum-depth-reached] folder max depth exceeded, max depth is 4',
  },
  {
    name: 'DashboardErr with status 400 (empty-name)',
    reply: status(400, { status: 'empty-name', message: 'Dashboard title cannot be empty' }),
    errorClass: GrafanaValidationError,
    reason: 'InvalidSpec',
    messageId: 'empty-name',
    grafanaMessage: 'Dashboard title cannot be empty',
  },
  {
    name: '422 unprocessable',
    reply: status(422, { statusCode: 422, messageId: 'x.unprocessable', message: 'UnprocessableEntity' }),
    errorClass: GrafanaValidationError,
    reason: 'InvalidSpec',
    messageId: 'x.unprocessable',
    grafanaMessage: 'UnprocessableEntity',
  },
  {
    name: 'errutil 401 auth.unauthorized',
    reply: status(401, { statusCode: 401, messageId: 'auth.unauthorized', message: 'Unauthorized' }),
    errorClass: GrafanaUnauthorizedError,
    reason: 'Unauthorized',
    messageId: 'auth.unauthorized',
    grafanaMessage: 'Unauthorized',
  },
  {
    name: 'errutil 401 api-key.organization-mismatch',
    reply: status(401, {
      statusCode: 401,
      messageId: 'api-key.organization-mismatch',
      message: 'API key does not belong to the requested organization',
    }),
    errorClass: GrafanaUnauthorizedError,
    reason: 'Unauthorized',
    messageId: 'api-key.organization-mismatch',
    grafanaMessage: 'API key does not belong to the requested organization',
  },
  {
    name: '400 basic-auth.invalid-header is an authentication failure',
    reply: status(400, {
      statusCode: 400,
      messageId: 'basic-auth.invalid-header',
      message: 'Invalid Basic Auth Header',
    }),
    errorClass: GrafanaUnauthorizedError,
    reason: 'Unauthorized',
    messageId: 'basic-auth.invalid-header',
    grafanaMessage: 'Invalid Basic Auth Header',
  },
  {
    name: '400 password-auth.failed (older versions) is an authentication failure',
    reply: status(400, {
      statusCode: 400,
      messageId: 'password-auth.failed',
      message: 'Invalid username or password',
    }),
    errorClass: GrafanaUnauthorizedError,
    reason: 'Unauthorized',
    messageId: 'password-auth.failed',
    grafanaMessage: 'Invalid username or password',
  },
  {
    name: 'RBAC 403 {title,message,accessErrorId}',
    reply: status(403, {
      title: 'Access denied',
      message:
        "You'll need additional permissions to perform this action. Permissions needed: folders:create",
      accessErrorId: 'ACE0123456789',
    }),
    errorClass: GrafanaForbiddenError,
    reason: 'Forbidden',
    grafanaMessage:
      "You'll need additional permissions to perform this action. Permissions needed: folders:create",
  },
  {
    name: 'RBAC 403 with only a title',
    reply: status(403, { title: 'Access denied', accessErrorId: 'ACE0123456789' }),
    errorClass: GrafanaForbiddenError,
    reason: 'Forbidden',
    grafanaMessage: 'Access denied',
  },
  {
    name: 'legacy role 403',
    reply: status(403, { message: 'Permission denied' }),
    errorClass: GrafanaForbiddenError,
    reason: 'Forbidden',
    grafanaMessage: 'Permission denied',
  },
  {
    name: 'alerting 403 invalidProvenance is a provenance conflict, not a permission problem',
    reply: status(403, {
      statusCode: 403,
      messageId: 'alerting.notifications.invalidProvenance',
      message: "Resource with provenance status 'file' cannot be managed via API",
    }),
    errorClass: GrafanaProvenanceConflictError,
    reason: 'Conflict',
    messageId: 'alerting.notifications.invalidProvenance',
    grafanaMessage: "Resource with provenance status 'file' cannot be managed via API",
  },
  {
    name: '409 name taken (datasource create)',
    reply: status(409, { message: 'data source with the same name already exists' }),
    errorClass: GrafanaConflictError,
    reason: 'Conflict',
    grafanaMessage: 'data source with the same name already exists',
  },
  {
    name: '409 datasource stale version',
    reply: status(409, {
      message: 'Datasource has already been updated by someone else. Please reload and try again',
    }),
    errorClass: GrafanaVersionMismatchError,
    reason: 'VersionMismatch',
    grafanaMessage: 'Datasource has already been updated by someone else. Please reload and try again',
  },
  {
    name: '409 dashboard 13.x overwrite flag',
    reply: status(409, { message: 'Dashboard already exists. Use overwrite flag to update.' }),
    errorClass: GrafanaVersionMismatchError,
    reason: 'VersionMismatch',
    grafanaMessage: 'Dashboard already exists. Use overwrite flag to update.',
  },
  {
    name: '409 alert rule optimistic lock (ErrResp)',
    reply: status(409, {
      message: 'version conflict while updating a record in the database with optimistic locking',
    }),
    errorClass: GrafanaVersionMismatchError,
    reason: 'VersionMismatch',
    grafanaMessage: 'version conflict while updating a record in the database with optimistic locking',
  },
  {
    name: 'errutil 409 alerting.notifications.conflict',
    reply: status(409, {
      statusCode: 409,
      messageId: 'alerting.notifications.conflict',
      message: 'Conflict',
    }),
    errorClass: GrafanaVersionMismatchError,
    reason: 'VersionMismatch',
    messageId: 'alerting.notifications.conflict',
    grafanaMessage: 'Conflict',
  },
  {
    name: 'errutil 409 alerting.provenanceMismatch',
    reply: status(409, {
      statusCode: 409,
      messageId: 'alerting.provenanceMismatch',
      message: "cannot delete with provided provenance '', needs 'api'",
    }),
    errorClass: GrafanaProvenanceConflictError,
    reason: 'Conflict',
    messageId: 'alerting.provenanceMismatch',
    grafanaMessage: "cannot delete with provided provenance '', needs 'api'",
  },
  {
    name: 'errutil 409 alerting.alert-rule.conflict (uid collision)',
    reply: status(409, {
      statusCode: 409,
      messageId: 'alerting.alert-rule.conflict',
      message: "Failed to save alert rule 'r1' in organization 1 due to conflict: UNIQUE constraint failed",
    }),
    errorClass: GrafanaAlreadyExistsError,
    reason: 'Conflict',
    messageId: 'alerting.alert-rule.conflict',
    grafanaMessage:
      "Failed to save alert rule 'r1' in organization 1 due to conflict: UNIQUE constraint failed",
  },
  {
    name: '400 mute timing name taken is a conflict',
    reply: status(400, {
      statusCode: 400,
      messageId: 'alerting.notifications.time-intervals.nameExists',
      message: 'Time interval with this name already exists.',
    }),
    errorClass: GrafanaAlreadyExistsError,
    reason: 'Conflict',
    messageId: 'alerting.notifications.time-intervals.nameExists',
    grafanaMessage: 'Time interval with this name already exists.',
  },
  {
    name: '412 {status:version-mismatch}',
    reply: status(412, {
      status: 'version-mismatch',
      message: 'The dashboard has been changed by someone else',
    }),
    errorClass: GrafanaVersionMismatchError,
    reason: 'VersionMismatch',
    messageId: 'version-mismatch',
    grafanaMessage: 'The dashboard has been changed by someone else',
  },
  {
    name: '412 folder PUT without status key (newer 12.x)',
    reply: status(412, { message: 'The dashboard has been changed by someone else' }),
    errorClass: GrafanaVersionMismatchError,
    reason: 'VersionMismatch',
    grafanaMessage: 'The dashboard has been changed by someone else',
  },
  {
    name: '412 plugin-dashboard is a conflict, not a version problem',
    reply: status(412, { status: 'plugin-dashboard', message: 'The dashboard belongs to plugin Foo.' }),
    errorClass: GrafanaConflictError,
    reason: 'Conflict',
    messageId: 'plugin-dashboard',
    grafanaMessage: 'The dashboard belongs to plugin Foo.',
  },
  {
    name: '413 dashboard too large',
    method: 'POST',
    reply: status(413, { message: 'Dashboard is too large, max is 10 MB' }),
    errorClass: GrafanaValidationError,
    reason: 'InvalidSpec',
    grafanaMessage: 'Dashboard is too large, max is 10 MB',
  },
  {
    name: 'generic 500',
    method: 'POST',
    reply: status(500, { message: 'Internal Server Error' }),
    errorClass: GrafanaUnavailableError,
    reason: 'Unavailable',
    grafanaMessage: 'Internal Server Error',
  },
  {
    name: '500 contact point uidInUse via ErrResp',
    method: 'POST',
    reply: status(500, {
      message:
        "[alerting.notifications.contact-points.uidInUse] Receiver configuration with UID 'x' already exists in contact point 'cp'.",
    }),
    errorClass: GrafanaAlreadyExistsError,
    reason: 'Conflict',
    messageId: 'alerting.notifications.contact-points.uidInUse',
    grafanaMessage:
      "[alerting.notifications.contact-points.uidInUse] Receiver configuration with UID 'x' already exists in contact point 'cp'.",
  },
  {
    name: '503 health {database:failing}',
    method: 'POST',
    reply: status(503, { database: 'failing', version: '12.2.0' }),
    errorClass: GrafanaUnavailableError,
    reason: 'Unavailable',
    grafanaMessage: '',
  },
  {
    name: 'errutil 499 api.requestCanceled',
    reply: status(499, { statusCode: 499, messageId: 'api.requestCanceled', message: 'Request canceled' }),
    errorClass: GrafanaUnavailableError,
    reason: 'Unavailable',
    messageId: 'api.requestCanceled',
    grafanaMessage: 'Request canceled',
  },
  {
    name: 'k8s metav1.Status AlreadyExists',
    reply: status(409, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'dashboards.dashboard.grafana.app "abc" already exists',
      reason: 'AlreadyExists',
      details: { name: 'abc', group: 'dashboard.grafana.app', kind: 'dashboards' },
      code: 409,
    }),
    errorClass: GrafanaConflictError,
    reason: 'Conflict',
    messageId: 'AlreadyExists',
    grafanaMessage: 'dashboards.dashboard.grafana.app "abc" already exists',
  },
  {
    name: 'k8s metav1.Status Conflict (stale resourceVersion)',
    reply: status(409, {
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      message: 'Operation cannot be fulfilled: the object has been modified',
      reason: 'Conflict',
      code: 409,
    }),
    errorClass: GrafanaVersionMismatchError,
    reason: 'VersionMismatch',
    messageId: 'Conflict',
    grafanaMessage: 'Operation cannot be fulfilled: the object has been modified',
  },
  {
    name: 'k8s metav1.Status Forbidden (not a member of the org)',
    reply: status(403, {
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      message: 'user 3 is not a member of org 2',
      reason: 'Forbidden',
      code: 403,
    }),
    errorClass: GrafanaForbiddenError,
    reason: 'Forbidden',
    messageId: 'Forbidden',
    grafanaMessage: 'user 3 is not a member of org 2',
  },
  {
    name: 'HTML from a proxy',
    method: 'POST',
    reply: {
      status: 502,
      text: '<html><head><title>502 Bad Gateway</title><style>b{}</style></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>',
      headers: { 'content-type': 'text/html' },
    },
    errorClass: GrafanaUnavailableError,
    reason: 'Unavailable',
    grafanaMessage: '502 Bad Gateway 502 Bad Gateway nginx',
  },
  {
    name: 'plain text',
    reply: { status: 404, text: '404 page not found\n' },
    errorClass: GrafanaNotFoundError,
    reason: 'NotFound',
    grafanaMessage: '404 page not found',
  },
  {
    name: 'unexpected 405',
    reply: status(405, { message: 'Method Not Allowed' }),
    errorClass: GrafanaApiError,
    reason: 'RequestFailed',
    grafanaMessage: 'Method Not Allowed',
  },
];

let server: LocalServer;
let client: GrafanaHttpClient;
let current: Reply = { status: 200 };

beforeAll(async () => {
  server = await startServer(() => current);
  client = new GrafanaHttpClient({
    url: server.url,
    auth: { kind: 'token', token: TOKEN },
    retry: { limit: 0 },
  });
});

afterAll(async () => {
  client.close();
  await server.close();
});

describe('error classification by body shape', () => {
  it.each(cases)('$name', async (testCase) => {
    current = testCase.reply;
    const method = testCase.method ?? 'GET';
    const route = testCase.route ?? '/api/things/:uid';
    let caught: unknown;
    try {
      await client.request({ method, route, params: { uid: 'thing-1' } });
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(testCase.errorClass);
    const error = caught as GrafanaApiError;
    expect(error.constructor).toBe(testCase.errorClass);
    expect(error.reason).toBe(testCase.reason);
    expect(error.status).toBe('status' in testCase.reply ? testCase.reply.status : undefined);
    expect(error.messageId).toBe(testCase.messageId);
    expect(error.grafanaMessage).toBe(testCase.grafanaMessage);
    expect(error.method).toBe(method);
    expect(error.route).toBe(route);
    expect(error.message).toContain(`${method} ${route}`);
    expect(error.message).not.toContain('thing-1');
    expect(error.message).not.toContain(TOKEN);
    if ('json' in testCase.reply) expect(error.body).toEqual(testCase.reply.json);
  });

  it('formats a message usable in a status condition', async () => {
    current = status(400, {
      statusCode: 400,
      messageId: 'folder.maximum-depth-reached',
      message: 'too deep',
    });
    await expect(client.request({ method: 'POST', route: '/api/folders', body: {} })).rejects.toThrow(
      'Grafana POST /api/folders returned 400 Bad Request [folder.maximum-depth-reached]: too deep',
    );
    current = { status: 404 };
    await expect(
      client.request({ method: 'GET', route: '/api/folders/:uid', params: { uid: 'x' } }),
    ).rejects.toThrow(/^Grafana GET \/api\/folders\/:uid returned 404 Not Found$/);
  });

  it('undefinedIfNotFound turns only 404 into undefined', async () => {
    current = status(404, { message: 'Data source not found' });
    await expect(
      undefinedIfNotFound(client.request({ method: 'GET', route: '/x' })),
    ).resolves.toBeUndefined();
    current = status(403, { message: 'Permission denied' });
    await expect(undefinedIfNotFound(client.request({ method: 'GET', route: '/x' }))).rejects.toBeInstanceOf(
      GrafanaForbiddenError,
    );
  });
});

describe('alreadyExistsOn', () => {
  it('resolves to the answer of a create call that succeeds', async () => {
    current = status(200, { orgId: 7, message: 'Organization created' });
    await expect(
      alreadyExistsOn([409], client.call({ method: 'POST', route: '/api/orgs', body: { name: 'a' } })),
    ).resolves.toEqual({ orgId: 7, message: 'Organization created' });
  });

  it('re-types a failure with one of its statuses as already exists, and no other', async () => {
    current = status(409, { message: 'Organization name taken' });
    const post = () => client.call({ method: 'POST', route: '/api/orgs', body: { name: 'a' } });
    const taken = await alreadyExistsOn([409], post()).catch((e: unknown) => e);
    expect(taken).toBeInstanceOf(GrafanaAlreadyExistsError);
    expect((taken as GrafanaApiError).status).toBe(409);
    const other = await alreadyExistsOn([412], post()).catch((e: unknown) => e);
    expect(other).toBeInstanceOf(GrafanaApiError);
    expect(other).not.toBeInstanceOf(GrafanaAlreadyExistsError);
  });
});

describe('secrets never reach error messages', () => {
  it('redacts a token echoed back by the server', async () => {
    current = status(401, { message: `Invalid API key Bearer ${TOKEN}` });
    const error = await client.request({ method: 'GET', route: '/api/user' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrafanaUnauthorizedError);
    const text = `${String((error as Error).message)} ${(error as GrafanaApiError).grafanaMessage} ${String((error as Error).stack)}`;
    expect(text).not.toContain(TOKEN);
    expect(text).toContain('[REDACTED]');
    expect(JSON.stringify(error)).not.toContain(TOKEN);
  });

  it('redacts basic-auth passwords and their base64 form, and keeps got internals out', async () => {
    const basic = new GrafanaHttpClient({
      url: server.url,
      auth: { kind: 'basic', username: 'admin', password: PASSWORD },
      retry: { limit: 0 },
    });
    const encoded = Buffer.from(`admin:${PASSWORD}`).toString('base64');
    current = { status: 502, text: `<p>upstream rejected Basic ${encoded} and ${PASSWORD}</p>` };
    const error = (await basic
      .request({ method: 'POST', route: '/api/orgs', body: {} })
      .catch((e: unknown) => e)) as Error;
    basic.close();

    const serialised = JSON.stringify({ ...error, message: error.message, stack: error.stack });
    expect(serialised).not.toContain(PASSWORD);
    expect(serialised).not.toContain(encoded);
    expect(error.cause).toBeUndefined();
  });

  it('hides the user and password of any URL a proxy or Grafana quotes back', async () => {
    current = {
      status: 502,
      text: 'upstream http://grafana-admin:s3cr3t-pass@grafana.internal:3000/api/user refused',
    };
    const error = (await client
      .request({ method: 'GET', route: '/api/user' })
      .catch((e: unknown) => e)) as Error;
    const serialised = JSON.stringify({ ...error, message: error.message, stack: error.stack });
    expect(serialised).not.toContain('s3cr3t-pass');
    expect(serialised).not.toContain('grafana-admin');
    expect(error.message).toContain('http://[REDACTED]@grafana.internal:3000/api/user');
  });

  it('refuses a URL with credentials as a configuration error, without repeating them', () => {
    const create = () =>
      new GrafanaHttpClient({
        url: 'http://admin:s3cr3t@grafana:3000',
        auth: { kind: 'token', token: TOKEN },
      });
    expect(create).toThrow(GrafanaConfigurationError);
    expect(create).toThrow('Grafana URL must not embed credentials; configure them as auth');
  });

  it('keeps network failures free of credentials and request options', async () => {
    const port = await unusedPort();
    const offline = new GrafanaHttpClient({
      url: `http://127.0.0.1:${port}`,
      auth: { kind: 'token', token: TOKEN },
      retry: { limit: 0 },
    });
    const error = (await offline
      .request({ method: 'GET', route: '/api/health' })
      .catch((e: unknown) => e)) as Error;
    offline.close();

    expect(error).toBeInstanceOf(GrafanaUnavailableError);
    expect(error.message).toMatch(/^Grafana GET \/api\/health failed \(ECONNREFUSED\)/);
    const serialised = JSON.stringify({ ...error, message: error.message, stack: error.stack });
    expect(serialised).not.toContain(TOKEN);
    expect(error.cause).toBeUndefined();
  });
});
