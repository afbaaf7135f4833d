import { contractGrafana } from './harness.js';

/** Service accounts and their tokens as GrafanaServiceAccount relies on them (§18). */
describe('contract: service accounts and tokens (§18)', () => {
  const h = contractGrafana();

  const createAccount = async (name: string, role = 'Viewer') => {
    const res = await h.admin('POST', '/api/serviceaccounts', { body: { name, role } });
    expect(res.status).toBe(201);
    return res.body.id as number;
  };
  const tokens = async (id: number) =>
    (await h.admin('GET', `/api/serviceaccounts/${id}/tokens`)).body as unknown as Array<
      Record<string, unknown>
    >;

  it('creates an account (201 ServiceAccountDTO) that the search lists; a taken name is 400 ErrAlreadyExists', async () => {
    const name = h.unique('ci');
    const res = await h.admin('POST', '/api/serviceaccounts', {
      body: { name, role: 'Editor', isDisabled: false },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: expect.any(Number),
      name,
      login: expect.stringMatching(/^sa-\d+-/),
      orgId: h.orgId,
      isDisabled: false,
      role: 'Editor',
    });
    const search = await h.admin('GET', '/api/serviceaccounts/search?perpage=1000&page=1');
    expect(search.status).toBe(200);
    expect(search.body.serviceAccounts).toContainEqual(
      expect.objectContaining({ id: res.body.id, name, role: 'Editor', isDisabled: false, tokens: 0 }),
    );
    const taken = await h.admin('POST', '/api/serviceaccounts', { body: { name } });
    expect([taken.status, taken.body.messageId]).toEqual([400, 'serviceaccounts.ErrAlreadyExists']);
    await h.admin('DELETE', `/api/serviceaccounts/${res.body.id as number}`);
  });

  it('changes name, role and disabled with PATCH; an Editor may not make an account Admin (403)', async () => {
    const id = await createAccount(h.unique('ci'));
    const renamed = h.unique('ci-renamed');
    const res = await h.admin('PATCH', `/api/serviceaccounts/${id}`, {
      body: { name: renamed, role: 'Admin', isDisabled: true },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      message: 'Service account updated',
      id,
      name: renamed,
      serviceaccount: expect.objectContaining({ id, name: renamed, role: 'Admin', isDisabled: true }),
    });
    const editor = await h.createToken('Editor');
    // Refused either by access control or by the role rule: an Editor token never makes an Admin.
    const refused = await h.as(editor, 'PATCH', `/api/serviceaccounts/${id}`, { body: { role: 'Admin' } });
    expect(refused.status).toBe(403);
    await h.admin('DELETE', `/api/serviceaccounts/${id}`);
  });

  it('makes a token whose value is only in the answer, lists it with its expiry, revokes it', async () => {
    const id = await createAccount(h.unique('ci'), 'Viewer');
    const name = h.unique('token');
    const made = await h.admin('POST', `/api/serviceaccounts/${id}/tokens`, {
      body: { name, secondsToLive: 3600 },
    });
    expect(made.status).toBe(200);
    expect(made.body).toMatchObject({ id: expect.any(Number), name, key: expect.stringMatching(/^glsa_/) });
    const key = made.body.key as string;
    const [listed] = await tokens(id);
    expect(listed).toMatchObject({ id: made.body.id, name, hasExpired: false });
    expect(JSON.stringify(listed)).not.toContain(key);
    const lifetime = Date.parse(listed!.expiration as string) - Date.parse(listed!.created as string);
    expect(Math.abs(lifetime - 3600_000)).toBeLessThan(5_000);

    // Token names are unique per org, whichever account holds the other.
    const other = await createAccount(h.unique('other'));
    const again = await h.admin('POST', `/api/serviceaccounts/${other}/tokens`, { body: { name } });
    expect([again.status, again.body.messageId]).toEqual([400, 'serviceaccounts.ErrTokenAlreadyExists']);

    const asToken = { auth: `Bearer ${key}`, orgId: h.orgId };
    expect((await h.as(asToken, 'GET', '/api/serviceaccounts/search')).status).not.toBe(401);
    const revoked = await h.admin('DELETE', `/api/serviceaccounts/${id}/tokens/${made.body.id as number}`);
    expect([revoked.status, revoked.body]).toEqual([200, { message: 'Service account token deleted' }]);
    expect((await h.as(asToken, 'GET', '/api/serviceaccounts/search')).status).toBe(401);
    expect(await tokens(id)).toEqual([]);
    const twice = await h.admin('DELETE', `/api/serviceaccounts/${id}/tokens/${made.body.id as number}`);
    expect(twice.status).toBe(404);
    await h.admin('DELETE', `/api/serviceaccounts/${id}`);
    await h.admin('DELETE', `/api/serviceaccounts/${other}`);
  });

  it('deleting an account ends its tokens', async () => {
    const id = await createAccount(h.unique('ci'), 'Viewer');
    const made = await h.admin('POST', `/api/serviceaccounts/${id}/tokens`, {
      body: { name: h.unique('token') },
    });
    const asToken = { auth: `Bearer ${made.body.key as string}`, orgId: h.orgId };
    const deleted = await h.admin('DELETE', `/api/serviceaccounts/${id}`);
    expect([deleted.status, deleted.body]).toEqual([200, { message: 'Service account deleted' }]);
    expect((await h.as(asToken, 'GET', '/api/serviceaccounts/search')).status).toBe(401);
    const search = await h.admin('GET', '/api/serviceaccounts/search');
    expect((search.body.serviceAccounts as Array<{ id: number }>).map((a) => a.id)).not.toContain(id);
  });
});
