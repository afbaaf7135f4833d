import { basic, bearer, expectRbacDenied, Harness } from './helpers.js';

const EMPTY_ADDRESS = { address1: '', address2: '', city: '', zipCode: '', state: '', country: '' };

describe('grafana double: orgs (§3)', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await Harness.start();
  });

  afterEach(() => h.stop());

  it('starts with org 1 "Main Org."', async () => {
    const res = await h.admin('GET', '/api/orgs/1');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: 1, name: 'Main Org.', address: EMPTY_ADDRESS });
  });

  it('creates an org with 200 {orgId, message} and makes the creator its Admin', async () => {
    const res = await h.admin('POST', '/api/orgs', { body: { name: 'Team A' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ orgId: 2, message: 'Organization created' });
    expect(h.double.state.users.get('admin')?.orgs.get(2)).toBe('Admin');
    // The creator can use the new org right away (§1.2).
    const folders = await h.admin('GET', '/api/folders', { headers: { 'X-Grafana-Org-Id': '2' } });
    expect(folders.status).toBe(200);
  });

  it('answers 409 Organization name taken on a duplicate create', async () => {
    const res = await h.admin('POST', '/api/orgs', { body: { name: 'Main Org.' } });
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ message: 'Organization name taken' });
  });

  it('answers 400 bad request data without a name', async () => {
    const res = await h.admin('POST', '/api/orgs', { body: { name: '' } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ message: 'bad request data' });
  });

  it('finds an org by (URL-encoded) name, 404 otherwise', async () => {
    await h.admin('POST', '/api/orgs', { body: { name: 'Team A/B & C' } });
    const found = await h.admin('GET', `/api/orgs/name/${encodeURIComponent('Team A/B & C')}`);
    expect(found.status).toBe(200);
    expect(found.body).toEqual({ id: 2, name: 'Team A/B & C', address: EMPTY_ADDRESS });
    const missing = await h.admin('GET', '/api/orgs/name/nobody');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ message: 'Organization not found' });
  });

  it('answers GET by id: 404 for unknown, 400 for a non-integer id', async () => {
    const missing = await h.admin('GET', '/api/orgs/42');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ message: 'Organization not found' });
    const invalid = await h.admin('GET', '/api/orgs/abc');
    expect(invalid.status).toBe(400);
    expect(invalid.body).toEqual({ message: 'orgId is invalid' });
  });

  it('renames with PUT; a taken name is 400 (not 409)', async () => {
    await h.admin('POST', '/api/orgs', { body: { name: 'Team A' } });
    const renamed = await h.admin('PUT', '/api/orgs/2', { body: { name: 'Team B' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toEqual({ message: 'Organization updated' });
    expect(h.double.state.org(2).name).toBe('Team B');

    const same = await h.admin('PUT', '/api/orgs/2', { body: { name: 'Team B' } });
    expect(same.status).toBe(200);

    const taken = await h.admin('PUT', '/api/orgs/2', { body: { name: 'Main Org.' } });
    expect(taken.status).toBe(400);
    expect(taken.body).toEqual({ message: 'Organization name taken' });

    const invalid = await h.admin('PUT', '/api/orgs/x', { body: { name: 'Z' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toEqual({ message: 'orgId is invalid' });

    const unknown = await h.admin('PUT', '/api/orgs/99', { body: { name: 'Z' } });
    expect(unknown.status).toBe(500);
    expect(unknown.body).toEqual({ message: 'Failed to update organization' });
  });

  it('deletes an org; not the current one (400), unknown ids 404', async () => {
    await h.admin('POST', '/api/orgs', { body: { name: 'Team A' } });
    h.double.addServiceAccountToken('glsa_a', { orgId: 2, role: 'Admin' });

    const current = await h.admin('DELETE', '/api/orgs/2', { headers: { 'X-Grafana-Org-Id': '2' } });
    expect(current.status).toBe(400);
    expect(current.body).toEqual({ message: 'Can not delete org for current user' });

    const deleted = await h.admin('DELETE', '/api/orgs/2');
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ message: 'Organization deleted' });
    expect(h.double.state.findOrg(2)).toBeUndefined();
    // The org's service accounts go with it.
    expect((await h.call('GET', '/api/user', { auth: bearer('glsa_a') })).status).toBe(401);

    const again = await h.admin('DELETE', '/api/orgs/2');
    expect(again.status).toBe(404);
    expect(again.body).toEqual({ message: 'Failed to delete organization. ID not found' });

    const self = await h.admin('DELETE', '/api/orgs/1');
    expect(self.status).toBe(400);
  });

  it('searches orgs: query prefix, exact name, perpage and zero-based page', async () => {
    for (const name of ['alpha', 'Alpine', 'beta']) await h.admin('POST', '/api/orgs', { body: { name } });
    const all = await h.admin('GET', '/api/orgs');
    expect(all.status).toBe(200);
    expect(all.body).toEqual([
      { id: 1, name: 'Main Org.' },
      { id: 2, name: 'alpha' },
      { id: 3, name: 'Alpine' },
      { id: 4, name: 'beta' },
    ]);
    expect((await h.admin('GET', '/api/orgs?query=al')).body.map((o: { name: string }) => o.name)).toEqual([
      'alpha',
      'Alpine',
    ]);
    expect((await h.admin('GET', '/api/orgs?name=alpha')).body).toEqual([{ id: 2, name: 'alpha' }]);
    expect((await h.admin('GET', '/api/orgs?name=Alpha')).body).toEqual([]);
    expect((await h.admin('GET', '/api/orgs?perpage=2&page=1')).body).toEqual([
      { id: 3, name: 'Alpine' },
      { id: 4, name: 'beta' },
    ]);
    expect((await h.admin('GET', '/api/orgs?name=&query=&perpage=1000&page=')).body).toHaveLength(4);
  });

  it('lets an org Admin read and rename its own org but not create or delete orgs', async () => {
    await h.admin('POST', '/api/orgs', { body: { name: 'Team A' } });
    h.double.addUser('owner', 'pw', { orgs: { 2: 'Admin' } });
    h.double.addUser('reader', 'pw', { orgs: { 2: 'Viewer' } });
    const owner = basic('owner', 'pw');
    expect((await h.call('GET', '/api/orgs/2', { auth: owner })).status).toBe(200);
    expect((await h.call('PUT', '/api/orgs/2', { auth: owner, body: { name: 'Renamed' } })).status).toBe(200);
    expectRbacDenied(await h.call('GET', '/api/orgs/1', { auth: owner }), 'orgs:read');
    expectRbacDenied(await h.call('DELETE', '/api/orgs/2', { auth: owner }), 'orgs:delete');
    expectRbacDenied(await h.call('POST', '/api/orgs', { auth: owner, body: { name: 'X' } }), 'orgs:create');
    expectRbacDenied(await h.call('GET', '/api/orgs', { auth: owner }), 'orgs:read');
    const reader = basic('reader', 'pw');
    expect((await h.call('GET', '/api/orgs/2', { auth: reader })).status).toBe(200);
    expectRbacDenied(await h.call('PUT', '/api/orgs/2', { auth: reader, body: { name: 'Y' } }), 'orgs:write');
  });
});
