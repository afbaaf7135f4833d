import {
  badRequestData,
  empty,
  errutil,
  k8sStatus,
  legacyDenied,
  messageError,
  rbacDenied,
  statusMessage,
  success,
} from '../../grafana-double/errors.js';
import { bearer, Harness } from './helpers.js';

describe('grafana double only: error body builders and the traceID switch (§11.1; the HTTP contract is test/contract/errors.test.ts)', () => {
  it('builds every shape the contract lists', () => {
    expect(messageError(404, 'Data source not found')).toEqual({
      status: 404,
      body: { message: 'Data source not found' },
      traceable: false,
    });
    expect(success('Organization deleted')).toEqual({
      status: 200,
      body: { message: 'Organization deleted' },
    });
    expect(
      statusMessage(412, 'version-mismatch', 'The dashboard has been changed by someone else').body,
    ).toEqual({
      status: 'version-mismatch',
      message: 'The dashboard has been changed by someone else',
    });
    expect(errutil(409, 'alerting.notifications.conflict', 'Conflict')).toEqual({
      status: 409,
      body: { statusCode: 409, messageId: 'alerting.notifications.conflict', message: 'Conflict' },
      traceable: true,
    });
    expect(errutil(400, 'a.b', 'm', { field: 'x' }).body).toEqual({
      statusCode: 400,
      messageId: 'a.b',
      message: 'm',
      extra: { field: 'x' },
    });
    expect(rbacDenied('folders:create')).toEqual({
      status: 403,
      body: {
        title: 'Access denied',
        message:
          "You'll need additional permissions to perform this action. Permissions needed: folders:create",
        accessErrorId: expect.stringMatching(/^ACE\d{10}$/),
      },
    });
    expect(legacyDenied()).toMatchObject({ status: 403, body: { message: 'Permission denied' } });
    expect(empty(404)).toEqual({ status: 404 });
    expect(k8sStatus(409, 'AlreadyExists', 'exists', { name: 'x', group: 'g', kind: 'k' })).toEqual({
      status: 409,
      body: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'exists',
        reason: 'AlreadyExists',
        details: { name: 'x', group: 'g', kind: 'k' },
        code: 409,
      },
    });
    expect(badRequestData()).toMatchObject({
      status: 400,
      body: { message: 'bad request data' },
      traceable: true,
    });
  });

  describe('traceID', () => {
    let h: Harness;

    beforeEach(async () => {
      h = await Harness.start();
    });

    afterEach(() => h.stop());

    it('is added to bodies built from an error when switched on', async () => {
      h.double.options.traceId = true;
      const bad = await h.admin('POST', '/api/orgs', { body: {} });
      expect(bad.body).toEqual({
        message: 'bad request data',
        traceID: expect.stringMatching(/^[0-9a-f]{32}$/),
      });
      const unauthorized = await h.call('GET', '/api/user', { auth: bearer('nope') });
      expect(unauthorized.body).toMatchObject({ messageId: 'api-key.invalid', traceID: expect.any(String) });

      // Responses Grafana builds without an error, and the RBAC deny, never carry it.
      const notFound = await h.admin('GET', '/api/datasources/uid/none');
      expect(notFound.body).toEqual({ message: 'Data source not found' });
      const folderNotFound = await h.admin('GET', '/api/folders/none');
      expect(folderNotFound.body).toEqual({ status: 'not-found', message: 'folder not found' });
      h.double.addServiceAccountToken('glsa_v', { orgId: 1, role: 'Viewer' });
      const denied = await h.call('GET', '/api/datasources', { auth: bearer('glsa_v') });
      expect(denied.body.traceID).toBeUndefined();
    });
  });
});
