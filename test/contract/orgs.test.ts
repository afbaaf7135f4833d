import { expectRbacDenied } from './http.js';
import { contractGrafana } from './harness.js';

const EMPTY_ADDRESS = { address1: '', address2: '', city: '', zipCode: '', state: '', country: '' };
const ABSENT_ORG = 2_000_000_000;

describe('contract: orgs (§3)', () => {
  const h = contractGrafana();

  /** POST /api/orgs as the server admin; the org is deleted after the test. */
  const newOrg = async (name: string) => {
    const res = await h.serverAdmin('POST', '/api/orgs', { body: { name } });
    if (res.status === 200) {
      const id = res.body.orgId as number;
      h.defer(() => h.serverAdmin('DELETE', `/api/orgs/${id}`, { headers: { 'X-Grafana-Org-Id': '1' } }));
    }
    return res;
  };
  const testOrgName = async () => (await h.admin('GET', `/api/orgs/${h.orgId}`)).body.name as string;

  it('starts with org 1 "Main Org."', async () => {
    const res = await h.serverAdmin('GET', '/api/orgs/1');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: 1, name: 'Main Org.', address: EMPTY_ADDRESS });
  });

  it('creates an org with 200 {orgId, message} and makes the creator its Admin', async () => {
    const res = await newOrg(h.unique('Team A'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ orgId: expect.any(Number), message: 'Organization created' });
    const inOrg = { headers: { 'X-Grafana-Org-Id': String(res.body.orgId) } };
    const members = await h.admin('GET', '/api/org/users', inOrg);
    expect(members.status).toBe(200);
    expect(members.body).toEqual([expect.objectContaining({ role: 'Admin', orgId: res.body.orgId })]);
    // The creator can use the new org right away (§1.2).
    expect((await h.admin('GET', '/api/folders', inOrg)).status).toBe(200);
  });

  it('answers 409 Organization name taken on a duplicate create', async () => {
    const res = await newOrg(await testOrgName());
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ message: 'Organization name taken' });
  });

  it('answers 400 bad request data without a name', async () => {
    const res = await newOrg('');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ message: 'bad request data' });
  });

  it('finds an org by (URL-encoded) name, 404 otherwise', async () => {
    const name = h.unique('Team A/B & C');
    const created = await newOrg(name);
    const found = await h.serverAdmin('GET', `/api/orgs/name/${encodeURIComponent(name)}`);
    expect(found.status).toBe(200);
    expect(found.body).toEqual({ id: created.body.orgId, name, address: EMPTY_ADDRESS });
    const missing = await h.serverAdmin('GET', `/api/orgs/name/${h.unique('nobody')}`);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ message: 'Organization not found' });
  });

  it('answers GET by id: 404 for unknown, 400 for a non-integer id', async () => {
    const missing = await h.serverAdmin('GET', `/api/orgs/${ABSENT_ORG}`);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ message: 'Organization not found' });
    const invalid = await h.serverAdmin('GET', '/api/orgs/abc');
    expect(invalid.status).toBe(400);
    expect(invalid.body).toEqual({ message: 'orgId is invalid' });
  });

  it('renames with PUT; a taken name is 400 (not 409)', async () => {
    const name = h.unique('Team B');
    const renamed = await h.serverAdmin('PUT', `/api/orgs/${h.orgId}`, { body: { name } });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toEqual({ message: 'Organization updated' });
    expect(await testOrgName()).toBe(name);

    const same = await h.serverAdmin('PUT', `/api/orgs/${h.orgId}`, { body: { name } });
    expect(same.status).toBe(200);

    const taken = await h.serverAdmin('PUT', `/api/orgs/${h.orgId}`, { body: { name: 'Main Org.' } });
    expect(taken.status).toBe(400);
    expect(taken.body).toEqual({ message: 'Organization name taken' });

    const invalid = await h.serverAdmin('PUT', '/api/orgs/x', { body: { name: 'Z' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toEqual({ message: 'orgId is invalid' });

    const unknown = await h.serverAdmin('PUT', `/api/orgs/${ABSENT_ORG}`, { body: { name: h.unique('Z') } });
    expect(unknown.status).toBe(500);
    expect(unknown.body).toEqual({ message: 'Failed to update organization' });
  });

  it('deletes an org; not the current one (400), unknown ids 404', async () => {
    const created = await h.serverAdmin('POST', '/api/orgs', { body: { name: h.unique('Team A') } });
    const id = created.body.orgId as number;
    const inOrg = { headers: { 'X-Grafana-Org-Id': String(id) } };
    const account = await h.admin('POST', '/api/serviceaccounts', {
      ...inOrg,
      body: { name: 'a', role: 'Admin' },
    });
    const key = await h.admin('POST', `/api/serviceaccounts/${account.body.id}/tokens`, {
      ...inOrg,
      body: { name: 'k' },
    });
    const token = { auth: `Bearer ${key.body.key}`, orgId: id };
    expect((await h.as(token, 'GET', '/api/user')).status).toBe(200);

    const current = await h.admin('DELETE', `/api/orgs/${id}`, inOrg);
    expect(current.status).toBe(400);
    expect(current.body).toEqual({ message: 'Can not delete org for current user' });

    const fromOrg1 = { headers: { 'X-Grafana-Org-Id': '1' } };
    const deleted = await h.admin('DELETE', `/api/orgs/${id}`, fromOrg1);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ message: 'Organization deleted' });
    expect((await h.serverAdmin('GET', `/api/orgs/${id}`)).status).toBe(404);
    // The org's service accounts go with it.
    expect((await h.as(token, 'GET', '/api/user')).status).toBe(401);

    const again = await h.admin('DELETE', `/api/orgs/${id}`, fromOrg1);
    expect(again.status).toBe(404);
    expect(again.body).toEqual({ message: 'Failed to delete organization. ID not found' });

    const self = await h.admin('DELETE', '/api/orgs/1', fromOrg1);
    expect(self.status).toBe(400);
  });

  it('searches orgs: query prefix, exact name, perpage and zero-based page', async () => {
    const prefix = h.unique('search');
    const ids: Record<string, number> = {};
    for (const suffix of ['alpha', 'Alpine', 'beta']) {
      ids[suffix] = (await newOrg(`${prefix}-${suffix}`)).body.orgId as number;
    }
    const hit = (suffix: string) => ({ id: ids[suffix], name: `${prefix}-${suffix}` });
    const all = await h.serverAdmin('GET', '/api/orgs');
    expect(all.status).toBe(200);
    expect(all.body).toEqual(
      expect.arrayContaining([{ id: 1, name: 'Main Org.' }, hit('alpha'), hit('Alpine'), hit('beta')]),
    );
    const byQuery = async (query: string) =>
      ((await h.serverAdmin('GET', `/api/orgs?${query}`)).body as Array<{ name: string }>).map((o) => o.name);
    expect(await byQuery(`query=${prefix}-al`)).toEqual([`${prefix}-alpha`, `${prefix}-Alpine`]);
    expect(await byQuery(`query=${prefix.toUpperCase()}-AL`)).toEqual([
      `${prefix}-alpha`,
      `${prefix}-Alpine`,
    ]);
    expect((await h.serverAdmin('GET', `/api/orgs?name=${prefix}-alpha`)).body).toEqual([hit('alpha')]);
    expect((await h.serverAdmin('GET', `/api/orgs?name=${prefix}-Alpha`)).body).toEqual([]);
    expect((await h.serverAdmin('GET', `/api/orgs?query=${prefix}&perpage=2&page=1`)).body).toEqual([
      hit('beta'),
    ]);
    expect(
      (await h.serverAdmin('GET', '/api/orgs?name=&query=&perpage=1000&page=')).body.length,
    ).toBeGreaterThanOrEqual(4);
  });

  it('lets an org Admin read and rename its own org but not create or delete orgs', async () => {
    const owner = await h.createUser({ [h.orgId]: 'Admin' });
    const reader = await h.createUser({ [h.orgId]: 'Viewer' });
    const org = `/api/orgs/${h.orgId}`;
    expect((await h.call('GET', org, { auth: owner.auth })).status).toBe(200);
    expect((await h.call('PUT', org, { auth: owner.auth, body: { name: h.unique('Renamed') } })).status).toBe(
      200,
    );
    expectRbacDenied(await h.call('GET', '/api/orgs/1', { auth: owner.auth }), 'orgs:read');
    expectRbacDenied(await h.call('DELETE', org, { auth: owner.auth }), 'orgs:delete');
    expectRbacDenied(
      await h.call('POST', '/api/orgs', { auth: owner.auth, body: { name: 'X' } }),
      'orgs:create',
    );
    expectRbacDenied(await h.call('GET', '/api/orgs', { auth: owner.auth }), 'orgs:read');
    expect((await h.call('GET', org, { auth: reader.auth })).status).toBe(200);
    expectRbacDenied(await h.call('PUT', org, { auth: reader.auth, body: { name: 'Y' } }), 'orgs:write');
  });
});
