import { basic, bearer, expectRbacDenied } from './http.js';
import { contractGrafana, type TestToken } from './harness.js';

const ABSENT_ORG = 2_000_000_000;
const MISMATCH = {
  statusCode: 401,
  messageId: 'api-key.organization-mismatch',
  message: 'API key does not belong to the requested organization',
};
const INVALID_KEY = { statusCode: 401, messageId: 'api-key.invalid', message: 'Invalid API key' };

describe('contract: authentication and org selection (§1)', () => {
  const h = contractGrafana();
  let org2: number;
  let admin: TestToken;
  let editor: TestToken;
  let viewer: TestToken;
  let org2Admin: TestToken;

  beforeEach(async () => {
    org2 = await h.createOrg();
    admin = await h.createToken('Admin');
    editor = await h.createToken('Editor');
    viewer = await h.createToken('Viewer');
    org2Admin = await h.createToken('Admin', org2);
  });

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
    expect(res.body).toEqual(INVALID_KEY);
  });

  it('runs a service-account token in its own org; 13.0 looks it up in org 1 when none is named (§1.2)', async () => {
    const named = await h.as(org2Admin, 'GET', '/api/user');
    expect(named.status).toBe(200);
    expect(named.body.orgId).toBe(org2);
    const unnamed = await h.call('GET', '/api/user', { auth: org2Admin.auth });
    expect(unnamed.status).toBe(h.byVersion({ '>=13.0': 401, default: 200 }));
    if (unnamed.status === 200) expect(unnamed.body.orgId).toBe(org2);
  });

  it('rejects a service-account token asked for a foreign org with 401 (§1.2)', async () => {
    // 11/12 find the token and refuse the org; 13.0 looks in the requested org and finds nothing.
    const expected = h.byVersion({ '>=13.0': INVALID_KEY, default: MISMATCH });
    const viaHeader = await h.as({ ...admin, orgId: org2 }, 'GET', '/api/folders');
    expect(viaHeader.status).toBe(401);
    expect(viaHeader.body).toEqual(expected);

    const viaQuery = await h.call('GET', `/api/folders?targetOrgId=${org2}`, { auth: admin.auth });
    expect(viaQuery.status).toBe(401);
    expect(viaQuery.body).toEqual(expected);

    expect((await h.as(admin, 'GET', '/api/folders')).status).toBe(200);
  });

  it('ignores a non-integer org header (identity default org)', async () => {
    const res = await h.call('GET', '/api/org', {
      auth: org2Admin.auth,
      headers: { 'X-Grafana-Org-Id': 'two' },
    });
    // No org named: the token's own org, or org 1 on 13.0, where the token is unknown (§1.2).
    expect(res.status).toBe(h.byVersion({ '>=13.0': 401, default: 200 }));
    if (res.status === 200) expect(res.body.id).toBe(org2);
  });

  it('prefers ?targetOrgId over X-Grafana-Org-Id, and falls back to the header when it is not an integer', async () => {
    const orgOf = async (path: string, headers: Record<string, string> = {}) =>
      (await h.serverAdmin('GET', path, { headers })).body.id as number;
    expect(await orgOf(`/api/org?targetOrgId=${org2}`, { 'X-Grafana-Org-Id': String(h.orgId) })).toBe(org2);
    expect(await orgOf('/api/org?targetOrgId=abc', { 'X-Grafana-Org-Id': String(org2) })).toBe(org2);
    const defaultOrg = (await h.serverAdmin('GET', '/api/user')).body.orgId as number;
    expect(await orgOf('/api/org?targetOrgId=abc')).toBe(defaultOrg);
  });

  it('answers 401 password-auth.failed for a wrong password or unknown user', async () => {
    const failed = {
      statusCode: 401,
      messageId: 'password-auth.failed',
      message: 'Invalid username or password',
    };
    const user = await h.createUser();
    const wrong = await h.call('GET', '/api/user', { auth: basic(user.login, 'nope') });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual(failed);
    const unknown = await h.call('GET', '/api/user', { auth: basic(h.unique('ghost'), 'x') });
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(failed);
  });

  it('answers 401 password-auth.empty for an empty password', async () => {
    const user = await h.createUser();
    const res = await h.call('GET', '/api/user', { auth: basic(user.login, '') });
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
    const name = h.unique('op');
    const op = await h.createToken('Admin', h.orgId, name);
    const res = await h.as({ auth: basic('api_key', op.token), orgId: h.orgId }, 'GET', '/api/user');
    expect(res.status).toBe(200);
    expect(res.body.login).toBe(`sa-${h.orgId}-${name}`);
  });

  it('runs a user outside the requested org in org -1: RBAC routes 403, server-admin routes allowed', async () => {
    const member = await h.createUser({ [h.orgId]: 'Editor' });
    const elsewhere = { 'X-Grafana-Org-Id': String(org2) };
    expectRbacDenied(
      await h.call('GET', '/api/folders', { auth: member.auth, headers: elsewhere }),
      'folders:read',
    );

    // The server admin, in an org it is not a member of.
    const header = { 'X-Grafana-Org-Id': String(ABSENT_ORG) };
    expectRbacDenied(await h.admin('GET', '/api/datasources', { headers: header }), 'datasources:read');
    expectRbacDenied(
      await h.admin('POST', '/api/folders', { headers: header, body: { title: 'x' } }),
      'folders:create',
    );

    const created = await h.admin('POST', '/api/orgs', {
      headers: header,
      body: { name: h.unique('Third') },
    });
    expect(created.status).toBe(200);
    h.defer(() =>
      h.serverAdmin('DELETE', `/api/orgs/${created.body.orgId}`, { headers: { 'X-Grafana-Org-Id': '1' } }),
    );
    const orgs = await h.admin('GET', '/api/orgs', { headers: header });
    expect(orgs.status).toBe(200);

    // Sign-in-only routes work and show the stored default org: no membership probe (§1.2).
    const user = await h.admin('GET', '/api/user', { headers: header });
    expect(user.status).toBe(200);
    expect(user.body.orgId).toBe((await h.serverAdmin('GET', '/api/user')).body.orgId);
    expect(user.body.orgId).not.toBe(ABSENT_ORG);
  });

  it('treats a non-existent org like a foreign one for users', async () => {
    expectRbacDenied(
      await h.admin('GET', '/api/folders', { headers: { 'X-Grafana-Org-Id': String(ABSENT_ORG) } }),
      'folders:read',
    );
  });

  it('refuses writes to Viewers and data source access to Editors with the RBAC body', async () => {
    expect((await h.as(viewer, 'GET', '/api/folders')).status).toBe(200);
    expectRbacDenied(await h.as(viewer, 'POST', '/api/folders', { body: { title: 'x' } }), 'folders:create');
    expectRbacDenied(await h.as(viewer, 'GET', '/api/datasources'), 'datasources:read');

    expect((await h.as(editor, 'POST', '/api/folders', { body: { title: 'x' } })).status).toBe(200);
    expectRbacDenied(
      await h.as(editor, 'POST', '/api/datasources', { body: { type: 'prometheus', access: 'proxy' } }),
      'datasources:create',
    );
    expectRbacDenied(await h.as(editor, 'GET', '/api/datasources'), 'datasources:read');
    expectRbacDenied(await h.as(editor, 'DELETE', '/api/datasources/uid/x'), 'datasources:delete');
  });

  it('gives a service account no server-admin rights', async () => {
    expectRbacDenied(await h.as(admin, 'POST', '/api/orgs', { body: { name: 'X' } }), 'orgs:create');
    expectRbacDenied(await h.as(admin, 'GET', '/api/orgs'), 'orgs:read');
  });

  it('lets a member user act in another org it belongs to', async () => {
    const ed = await h.createUser({ [h.orgId]: 'Viewer', [org2]: 'Editor' });
    const inOrg2 = { 'X-Grafana-Org-Id': String(org2) };
    const res = await h.call('POST', '/api/folders', {
      auth: ed.auth,
      headers: inOrg2,
      body: { title: 'in org 2' },
    });
    expect(res.status).toBe(200);
    expect(res.body.orgId).toBe(org2);
    const folders = await h.admin('GET', '/api/folders', { headers: inOrg2 });
    expect(folders.body).toEqual([expect.objectContaining({ title: 'in org 2' })]);
  });

  it('answers unknown paths 404 before authenticating', async () => {
    const res = await h.call('GET', '/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ message: 'Not found' });
  });

  it('accepts the server-admin credentials the suite runs with', async () => {
    expect((await h.serverAdmin('GET', '/api/user')).status).toBe(200);
  });
});
