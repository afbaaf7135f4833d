import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  GrafanaAlreadyExistsError,
  GrafanaConflictError,
  GrafanaHttpClient,
  GrafanaNotFoundError,
  GrafanaProvenanceConflictError,
  GrafanaUnavailableError,
  GrafanaValidationError,
  GrafanaVersionMismatchError,
  isGrafanaAlreadyExists,
  isGrafanaProvenanceConflict,
  type GrafanaApiError,
} from '../../../src/grafana/index.js';
import { json, startServer, type LocalServer, type Reply } from './local-server.js';

interface Case {
  name: string;
  method?: 'GET' | 'PUT' | 'POST' | 'DELETE';
  reply: Reply;
  errorClass: new (...args: never[]) => GrafanaApiError;
  messageId?: string;
  provenance?: { stored: string | undefined; requested: string | undefined };
}

const errutil = (
  status: number,
  messageId: string,
  message: string,
  extra?: Record<string, unknown>,
): Reply =>
  json(
    status,
    extra === undefined
      ? { statusCode: status, messageId, message }
      : { statusCode: status, messageId, message, extra },
  );

/** Every alerting error of contract §8, §8.9 and §11 with the class the client must give it. */
const cases: Case[] = [
  {
    name: '403 invalidProvenance (templates, mute timings, policies)',
    reply: errutil(
      403,
      'alerting.notifications.invalidProvenance',
      "Resource with provenance status 'file' cannot be managed via API that handles resources with provenance status 'none'. You must use appropriate API to manage this resource",
      { SourceProvenance: 'file', TargetProvenance: 'none' },
    ),
    errorClass: GrafanaProvenanceConflictError,
    messageId: 'alerting.notifications.invalidProvenance',
    provenance: { stored: 'file', requested: '' },
  },
  {
    name: '403 invalidProvenance, newest wording, no extra',
    reply: errutil(
      403,
      'alerting.notifications.invalidProvenance',
      "Resource with provenance status 'api' cannot be changed to 'none'. You must use appropriate API and permissions to manage this resource",
    ),
    errorClass: GrafanaProvenanceConflictError,
    messageId: 'alerting.notifications.invalidProvenance',
    provenance: { stored: 'api', requested: '' },
  },
  {
    name: '409 provenanceMismatch (rules, rule groups)',
    reply: errutil(
      409,
      'alerting.provenanceMismatch',
      "cannot update with provided provenance 'api', needs 'file'",
      {
        Operation: 'update',
        ProvidedProvenance: 'api',
        StoredProvenance: 'file',
      },
    ),
    errorClass: GrafanaProvenanceConflictError,
    messageId: 'alerting.provenanceMismatch',
    provenance: { stored: 'file', requested: 'api' },
  },
  {
    name: '500 `cannot change provenance` (contact point PUT, ErrResp)',
    method: 'PUT',
    reply: json(500, { message: "cannot change provenance from 'api' to ''" }),
    errorClass: GrafanaProvenanceConflictError,
    provenance: { stored: 'api', requested: '' },
  },
  {
    name: '500 ErrResp around an errutil provenance error',
    method: 'DELETE',
    reply: json(500, {
      message:
        "[alerting.notifications.invalidProvenance] Resource with provenance status 'file' cannot be managed via API that handles resources with provenance status 'api'",
    }),
    errorClass: GrafanaProvenanceConflictError,
    messageId: 'alerting.notifications.invalidProvenance',
    provenance: { stored: 'file', requested: 'api' },
  },
  {
    name: '409 mute timing rename blocked by provisioned dependents',
    reply: errutil(
      409,
      'alerting.notifications.time-intervals.usedProvisioned',
      'Time interval cannot be renamed',
      {
        UsedByRoutes: true,
      },
    ),
    errorClass: GrafanaProvenanceConflictError,
    messageId: 'alerting.notifications.time-intervals.usedProvisioned',
  },
  {
    name: '409 version (fingerprint) mismatch',
    reply: errutil(409, 'alerting.notifications.conflict', 'Conflict'),
    errorClass: GrafanaVersionMismatchError,
    messageId: 'alerting.notifications.conflict',
  },
  {
    name: '409 rule optimistic lock (ErrResp)',
    reply: json(409, {
      message: 'version conflict while updating a record in the database with optimistic locking',
    }),
    errorClass: GrafanaVersionMismatchError,
  },
  {
    name: '409 mute timing in use',
    reply: errutil(409, 'alerting.notifications.time-intervals.used', 'Conflict', { UsedByRoutes: true }),
    errorClass: GrafanaConflictError,
    messageId: 'alerting.notifications.time-intervals.used',
  },
  {
    name: '409 contact point referenced by a policy',
    reply: errutil(
      409,
      'alerting.notifications.contact-points.referenced',
      'Contact point is currently referenced by a notification policy.',
    ),
    errorClass: GrafanaConflictError,
    messageId: 'alerting.notifications.contact-points.referenced',
  },
  {
    name: '409 contact point used by a rule',
    reply: errutil(
      409,
      'alerting.notifications.contact-points.used-by-rule',
      'Contact point is currently used…',
    ),
    errorClass: GrafanaConflictError,
    messageId: 'alerting.notifications.contact-points.used-by-rule',
  },
  {
    name: '400 folder holding alert rules',
    reply: errutil(400, 'folder.not-empty', 'Folder cannot be deleted: folder is not empty'),
    errorClass: GrafanaConflictError,
    messageId: 'folder.not-empty',
  },
  {
    name: '400 mute timing name exists',
    reply: errutil(
      400,
      'alerting.notifications.time-intervals.nameExists',
      'Time interval with this name already exists.',
    ),
    errorClass: GrafanaAlreadyExistsError,
    messageId: 'alerting.notifications.time-intervals.nameExists',
  },
  {
    name: '400 template name exists',
    reply: errutil(
      400,
      'alerting.notifications.templates.nameExists',
      'Template file with this name already exists.',
    ),
    errorClass: GrafanaAlreadyExistsError,
    messageId: 'alerting.notifications.templates.nameExists',
  },
  {
    name: '409 alert rule uid conflict',
    reply: errutil(
      409,
      'alerting.alert-rule.conflict',
      "Failed to save alert rule 'r' in organization 1 due to conflict: x",
    ),
    errorClass: GrafanaAlreadyExistsError,
    messageId: 'alerting.alert-rule.conflict',
  },
  {
    name: '500 contact point uid in use (ErrResp)',
    method: 'POST',
    reply: json(500, {
      message:
        "[alerting.notifications.contact-points.uidInUse] Receiver configuration with UID 'x' already exists",
    }),
    errorClass: GrafanaAlreadyExistsError,
    messageId: 'alerting.notifications.contact-points.uidInUse',
  },
  { name: '404 empty (alert rule)', reply: { status: 404 }, errorClass: GrafanaNotFoundError },
  {
    name: '404 rule group',
    reply: errutil(404, 'alerting.alert-rule.notFound', 'NotFound'),
    errorClass: GrafanaNotFoundError,
    messageId: 'alerting.alert-rule.notFound',
  },
  {
    name: '404 template',
    reply: errutil(404, 'alerting.notifications.templates.notFound', 'NotFound'),
    errorClass: GrafanaNotFoundError,
    messageId: 'alerting.notifications.templates.notFound',
  },
  {
    name: '404 contact point (ErrResp)',
    reply: json(404, { message: "object not found: contact point with uid 'x' not found" }),
    errorClass: GrafanaNotFoundError,
  },
  {
    name: '400 route invalid format',
    reply: errutil(
      400,
      'alerting.notifications.routes.invalidFormat',
      'Invalid format of the submitted route: x.',
    ),
    errorClass: GrafanaValidationError,
    messageId: 'alerting.notifications.routes.invalidFormat',
  },
  {
    name: '400 contact point validation (ErrResp)',
    reply: json(400, { message: 'invalid object specification: settings should not be empty' }),
    errorClass: GrafanaValidationError,
  },
  {
    name: '400 rule condition',
    reply: errutil(400, 'alerting.alert-rule.conditionNotExist', 'BadRequest', {
      Given: 'C',
      Existing: '[A]',
    }),
    errorClass: GrafanaValidationError,
    messageId: 'alerting.alert-rule.conditionNotExist',
  },
  {
    name: '500 generic (12.x alert rule PUT): no structure, so retryable',
    reply: json(500, { message: 'Internal Server Error' }),
    errorClass: GrafanaUnavailableError,
  },
];

let server: LocalServer;
let client: GrafanaHttpClient;
let current: Reply = { status: 200 };

beforeAll(async () => {
  server = await startServer(() => current);
  client = new GrafanaHttpClient({
    url: server.url,
    auth: { kind: 'token', token: 'glsa_x' },
    retry: { limit: 0 },
  });
});

afterAll(async () => {
  client.close();
  await server.close();
});

describe('alerting error classification (§8, §8.9, §11)', () => {
  it.each(cases)('$name', async (testCase) => {
    current = testCase.reply;
    const error = await client
      .request({
        method: testCase.method ?? 'GET',
        route: '/api/v1/provisioning/things/:uid',
        params: { uid: 'x' },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(testCase.errorClass);
    expect((error as GrafanaApiError).constructor).toBe(testCase.errorClass);
    expect((error as GrafanaApiError).messageId).toBe(testCase.messageId);
    expect(isGrafanaProvenanceConflict(error)).toBe(testCase.errorClass === GrafanaProvenanceConflictError);
    expect(isGrafanaAlreadyExists(error)).toBe(testCase.errorClass === GrafanaAlreadyExistsError);
    if (testCase.provenance !== undefined) {
      expect(error).toMatchObject({
        storedProvenance: testCase.provenance.stored,
        requestedProvenance: testCase.provenance.requested,
        reason: 'Conflict',
      });
    }
  });
});
