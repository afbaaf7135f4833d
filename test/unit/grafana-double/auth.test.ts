import { ACTION_MIN_ROLE, hasPermission, requestedOrgId } from '../../grafana-double/auth.js';
import { ADMIN, basic, bearer, expectRbacDenied, Harness } from './helpers.js';

describe('grafana double: authentication and org selection (§1, §13.1)', () => {
  let h: Harness;
  let org2: number;

  beforeEach(async () => {
    h = await Harness.start();
    org2 = h.double.state.createOrg('Second').id;
    h.double.addServiceAccountToken('glsa_org1_admin', { orgId: 1, role: 'Admin', name: 'op' });
    h.double.addServiceAccountToken('glsa_org1_editor', { orgId: 1, role: 'Editor' });
    h.double.addServiceAccountToken('glsa_org1_viewer', { orgId: 1, role: 'Viewer' });
    h.double.addServiceAccountToken('glsa_org2_admin', { orgId: org2, role: 'Admin' });
  });

  afterEach(() => h.stop());

  it('answers 401 auth.unauthorized without credentials', async () => {
    const res = await h.call('GET', '/api/user');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ statusCode: 401, messageId: 'auth.unauthorized', message: 'Unauthorized' });
  });

  it('treats an unknown Authorization scheme as no credentials', async () => {
    const res = await h.call('GET', '/api/folders', { auth: 'Token abc' });
    expect(res.status).toBe(401);
    expect(res.body.messageId).toBe('auth.unauthorized');
  });

  it('answers 401 api-key.invalid for an unknown token', async () => {
    const res = await h.call('GET', '/api/user', { auth: bearer('glsa_nope') });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ statusCode: 401, messageId: 'api-key.invalid', message: 'Invalid API key' });
  });

  it('answers 401 for expired and revoked tokens', async () => {
    h.double.addServiceAccountToken('glsa_expired', { orgId: 1, role: 'Admin', expired: true });
    h.double.addServiceAccountToken('glsa_revoked', { orgId: 1, role: 'Admin', revoked: true });
    const expired = await h.call('GET', '/api/user', { auth: bearer('glsa_expired') });
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({
      statusCode: 401,
      messageId: 'api-key.expired',
      message: 'Expired API key',
    });
    const revoked = await h.call('GET', '/api/user', { auth: bearer('glsa_revoked') });
    expect(revoked.body).toEqual({
      statusCode: 401,
      messageId: 'api-key.revoked',
      message: 'Revoked API key',
    });
  });

  it('runs a service-account token in its own org', async () => {
    const res = await h.call('GET', '/api/user', { auth: bearer('glsa_org2_admin') });
    expect(res.status).toBe(200);
    expect(res.body.orgId).toBe(org2);
  });

  it('rejects a service-account token asked for a foreign org with 401 organization-mismatch', async () => {
    const mismatch = {
      statusCode: 401,
      messageId: 'api-key.organization-mismatch',
      message: 'API key does not belong to the requested organization',
    };
    const viaHeader = await h.call('GET', '/api/folders', {
      auth: bearer('glsa_org1_admin'),
      headers: { 'X-Grafana-Org-Id': String(org2) },
    });
    expect(viaHeader.status).toBe(401);
    expect(viaHeader.body).toEqual(mismatch);

    const viaQuery = await h.call('GET', `/api/folders?targetOrgId=${org2}`, {
      auth: bearer('glsa_org1_admin'),
    });
    expect(viaQuery.status).toBe(401);
    expect(viaQuery.body).toEqual(mismatch);

    const ownOrg = await h.call('GET', '/api/folders', {
      auth: bearer('glsa_org1_admin'),
      headers: { 'X-Grafana-Org-Id': '1' },
    });
    expect(ownOrg.status).toBe(200);
  });

  it('ignores a non-integer org header (identity default org)', async () => {
    const res = await h.call('GET', '/api/folders', {
      auth: bearer('glsa_org1_admin'),
      headers: { 'X-Grafana-Org-Id': 'two' },
    });
    expect(res.status).toBe(200);
    expect(h.double.requests.at(-1)?.orgId).toBe(1);
  });

  it('prefers ?targetOrgId over X-Grafana-Org-Id, and falls back to the header when it is not an integer', async () => {
    h.double.state.addOrgMember('admin', org2, 'Admin');
    await h.admin('GET', `/api/folders?targetOrgId=${org2}`, { headers: { 'X-Grafana-Org-Id': '1' } });
    expect(h.double.requests.at(-1)?.orgId).toBe(org2);
    await h.admin('GET', '/api/folders?targetOrgId=abc', { headers: { 'X-Grafana-Org-Id': String(org2) } });
    expect(h.double.requests.at(-1)?.orgId).toBe(org2);
    await h.admin('GET', '/api/folders?targetOrgId=abc');
    expect(h.double.requests.at(-1)?.orgId).toBe(1);
  });

  it('answers 401 password-auth.failed for a wrong password or unknown user', async () => {
    const failed = {
      statusCode: 401,
      messageId: 'password-auth.failed',
      message: 'Invalid username or password',
    };
    const wrong = await h.call('GET', '/api/user', { auth: basic('admin', 'nope') });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual(failed);
    const unknown = await h.call('GET', '/api/user', { auth: basic('ghost', 'x') });
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(failed);
  });

  it('answers 401 password-auth.empty for an empty password', async () => {
    const res = await h.call('GET', '/api/user', { auth: basic('admin', '') });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({
      statusCode: 401,
      messageId: 'password-auth.empty',
      message: 'Invalid username or password',
    });
  });

  it('answers 400 basic-auth.invalid-header for an undecodable Basic header', async () => {
    const expected = {
      statusCode: 400,
      messageId: 'basic-auth.invalid-header',
      message: 'Invalid Basic Auth Header',
    };
    const notBase64 = await h.call('GET', '/api/user', { auth: 'Basic %%%not-base64' });
    expect(notBase64.status).toBe(400);
    expect(notBase64.body).toEqual(expected);
    const noColon = await h.call('GET', '/api/user', {
      auth: `Basic ${Buffer.from('admin').toString('base64')}`,
    });
    expect(noColon.status).toBe(400);
    expect(noColon.body).toEqual(expected);
  });

  it('accepts a token as basic auth with the api_key user', async () => {
    const res = await h.call('GET', '/api/user', { auth: basic('api_key', 'glsa_org1_admin') });
    expect(res.status).toBe(200);
    expect(res.body.login).toBe('sa-1-op');
  });

  it('runs a user outside the requested org in org -1: RBAC routes 403, server-admin routes allowed', async () => {
    const header = { 'X-Grafana-Org-Id': String(org2) };
    expectRbacDenied(await h.admin('GET', '/api/datasources', { headers: header }), 'datasources:read');
    expect(h.double.requests.at(-1)?.orgId).toBe(-1);
    expectRbacDenied(
      await h.admin('POST', '/api/folders', { headers: header, body: { title: 'x' } }),
      'folders:create',
    );

    const created = await h.admin('POST', '/api/orgs', { headers: header, body: { name: 'Third' } });
    expect(created.status).toBe(200);
    const orgs = await h.admin('GET', '/api/orgs', { headers: header });
    expect(orgs.status).toBe(200);

    // Sign-in-only routes work and show the stored default org: no membership probe (§1.2).
    const user = await h.admin('GET', '/api/user', { headers: header });
    expect(user.status).toBe(200);
    expect(user.body.orgId).toBe(1);
  });

  it('treats a non-existent org like a foreign one for users', async () => {
    expectRbacDenied(
      await h.admin('GET', '/api/folders', { headers: { 'X-Grafana-Org-Id': '999' } }),
      'folders:read',
    );
  });

  it('refuses writes to Viewers and data source access to Editors with the RBAC body', async () => {
    const viewer = bearer('glsa_org1_viewer');
    expect((await h.call('GET', '/api/folders', { auth: viewer })).status).toBe(200);
    expectRbacDenied(
      await h.call('POST', '/api/folders', { auth: viewer, body: { title: 'x' } }),
      'folders:create',
    );
    expectRbacDenied(await h.call('GET', '/api/datasources', { auth: viewer }), 'datasources:read');

    const editor = bearer('glsa_org1_editor');
    expect((await h.call('POST', '/api/folders', { auth: editor, body: { title: 'x' } })).status).toBe(200);
    expectRbacDenied(
      await h.call('POST', '/api/datasources', {
        auth: editor,
        body: { type: 'prometheus', access: 'proxy' },
      }),
      'datasources:create',
    );
    expectRbacDenied(await h.call('GET', '/api/datasources', { auth: editor }), 'datasources:read');
    expectRbacDenied(
      await h.call('DELETE', '/api/datasources/uid/x', { auth: editor }),
      'datasources:delete',
    );
  });

  it('gives a service account no server-admin rights', async () => {
    expectRbacDenied(
      await h.call('POST', '/api/orgs', { auth: bearer('glsa_org1_admin'), body: { name: 'X' } }),
      'orgs:create',
    );
    expectRbacDenied(await h.call('GET', '/api/orgs', { auth: bearer('glsa_org1_admin') }), 'orgs:read');
  });

  it('lets a member user act in another org it belongs to', async () => {
    h.double.addUser('ed', 'pw', { orgs: { 1: 'Viewer', [org2]: 'Editor' } });
    const res = await h.call('POST', '/api/folders', {
      auth: basic('ed', 'pw'),
      headers: { 'X-Grafana-Org-Id': String(org2) },
      body: { title: 'in org 2' },
    });
    expect(res.status).toBe(200);
    expect(res.body.orgId).toBe(org2);
    expect(h.double.state.org(org2).folders.size).toBe(1);
  });

  it('answers unknown paths 404 before authenticating', async () => {
    const res = await h.call('GET', '/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ message: 'Not found' });
  });

  it('keeps the documented action → minimum role table', () => {
    expect(ACTION_MIN_ROLE['datasources:create']).toBe('Admin');
    expect(ACTION_MIN_ROLE['folders:create']).toBe('Editor');
    expect(ACTION_MIN_ROLE['folders:read']).toBe('Viewer');
    const sa = h.double.state.tokens.get('glsa_org1_editor');
    if (sa === undefined) throw new Error('token missing');
    const identity = { kind: 'serviceAccount' as const, serviceAccount: sa };
    expect(hasPermission(identity, 1, 'folders:write')).toBe(true);
    expect(hasPermission(identity, 1, 'datasources:write')).toBe(false);
    expect(hasPermission(identity, 1, 'some.unknown:action')).toBe(false);
    expect(hasPermission(identity, org2, 'folders:read')).toBe(false);
  });

  it('parses org ids like Go ParseInt and ignores non-positive values', () => {
    expect(requestedOrgId(new URLSearchParams('targetOrgId=3'), {})).toBe(3);
    expect(requestedOrgId(new URLSearchParams('targetOrgId=0'), { 'x-grafana-org-id': '2' })).toBe(2);
    expect(requestedOrgId(new URLSearchParams(''), { 'x-grafana-org-id': '2.5' })).toBe(0);
    expect(requestedOrgId(new URLSearchParams(''), { 'x-grafana-org-id': '-4' })).toBe(0);
  });

  it('records the ADMIN helper as a working credential', async () => {
    expect((await h.call('GET', '/api/user', { auth: ADMIN })).status).toBe(200);
  });
});
