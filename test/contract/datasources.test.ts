import { contractGrafana } from './harness.js';

const PROM = { name: 'Prom', type: 'prometheus', access: 'proxy', url: 'http://prom:9090' };
const NOT_FOUND = { message: 'Data source not found' };
const STALE = { message: 'Datasource has already been updated by someone else. Please reload and try again' };

describe('contract: data sources (§5, §13.5)', () => {
  const h = contractGrafana();

  const add = (body: Record<string, unknown>) => h.admin('POST', '/api/datasources', { body });
  const put = (uid: string, body: Record<string, unknown>) =>
    h.admin('PUT', `/api/datasources/uid/${uid}`, { body });
  const get = (uid: string) => h.admin('GET', `/api/datasources/uid/${uid}`);

  describe('POST', () => {
    it('answers 200 with the {message, id, name, datasource} wrapper', async () => {
      const res = await add({ ...PROM, uid: 'prom', jsonData: { httpMethod: 'POST' } });
      expect(res.status).toBe(200);
      // Ids are counted across orgs: any number, the same in the wrapper and the DTO.
      expect(res.body).toEqual({
        message: 'Datasource added',
        id: res.body.datasource.id,
        name: 'Prom',
        datasource: {
          id: expect.any(Number),
          uid: 'prom',
          orgId: h.orgId,
          name: 'Prom',
          type: 'prometheus',
          typeLogoUrl: expect.any(String),
          access: 'proxy',
          url: 'http://prom:9090',
          user: '',
          database: '',
          basicAuth: false,
          basicAuthUser: '',
          withCredentials: false,
          isDefault: true,
          jsonData: { httpMethod: 'POST' },
          secureJsonFields: {},
          version: 1,
          readOnly: false,
        },
      });
    });

    it('generates a uid and stores jsonData {} when absent or null', async () => {
      const res = await add({ ...PROM, jsonData: null });
      expect(res.body.datasource.uid).toMatch(/^[a-z][a-z0-9]{13}$/);
      expect(res.body.datasource.jsonData).toEqual({});
    });

    it('answers 409 for a taken name or uid with the exact messages', async () => {
      await add({ ...PROM, uid: 'prom' });
      const name = await add({ ...PROM, uid: 'other' });
      expect(name.status).toBe(409);
      expect(name.body).toEqual({ message: 'data source with the same name already exists' });
      const uid = await add({ ...PROM, name: 'Other', uid: 'prom' });
      expect(uid.status).toBe(409);
      expect(uid.body).toEqual({ message: 'data source with the same uid already exists' });
    });

    it('allows the same name and uid in another org', async () => {
      const first = await add({ ...PROM, uid: 'prom' });
      const org2 = await h.createOrg();
      const res = await h.admin('POST', '/api/datasources', {
        body: { ...PROM, uid: 'prom' },
        headers: { 'X-Grafana-Org-Id': String(org2) },
      });
      expect(res.status).toBe(200);
      expect(res.body.datasource.orgId).toBe(org2);
      expect(res.body.id).not.toBe(first.body.id);
    });

    it('forces the first data source of an org default and keeps isDefault exclusive', async () => {
      const first = await add({ ...PROM, isDefault: false });
      expect(first.body.datasource.isDefault).toBe(true);
      const second = await add({ ...PROM, name: 'Second', uid: 'second' });
      expect(second.body.datasource.isDefault).toBe(false);
      const third = await add({ ...PROM, name: 'Third', uid: 'third', isDefault: true });
      expect(third.body.datasource.isDefault).toBe(true);
      const list = (await h.admin('GET', '/api/datasources')).body as Array<{
        name: string;
        isDefault: boolean;
      }>;
      expect(list.filter((d) => d.isDefault).map((d) => d.name)).toEqual(['Third']);
    });

    it('names a nameless data source after its type: type, type-1, ... (case-insensitive)', async () => {
      expect((await add({ type: 'loki', access: 'proxy', url: 'http://loki' })).body.name).toBe('loki');
      expect((await add({ type: 'loki', access: 'proxy', url: 'http://loki' })).body.name).toBe('loki-1');
      await add({ name: 'LOKI-2', type: 'tempo', access: 'proxy', url: 'http://t' });
      expect((await add({ type: 'loki', access: 'proxy', url: 'http://loki' })).body.name).toBe('loki-3');
    });

    it('validates the URL only when non-empty', async () => {
      const bad = await add({ ...PROM, url: 'http://exa mple.com' });
      expect(bad.status).toBe(400);
      expect(bad.body).toEqual({ message: 'Validation error, invalid URL' });
      expect((await add({ ...PROM, url: '' })).status).toBe(200);
    });

    it('refuses team HTTP headers with 403', async () => {
      const res = await add({ ...PROM, jsonData: { teamHttpHeaders: { headers: {} } } });
      expect(res.status).toBe(403);
      expect(res.body).toEqual({
        message: 'Cannot create datasource with team HTTP headers, need to use updateDatasourceLBACRules API',
      });
    });

    it('rejects over-long names and URLs with errutil bodies', async () => {
      const name = await add({ ...PROM, name: 'n'.repeat(191) });
      expect(name.status).toBe(400);
      expect(name.body).toEqual({
        statusCode: 400,
        messageId: 'datasource.nameInvalid',
        message: 'Invalid datasource name.',
      });
      const url = await add({ ...PROM, url: `http://h/${'p'.repeat(260)}` });
      expect(url.status).toBe(400);
      expect(url.body.messageId).toBe('datasource.urlInvalid');
    });

    it('reports the plugin id an alias resolves to', async () => {
      const res = await add({ name: 'PG', type: 'postgres', access: 'proxy', url: 'db:5432' });
      expect(res.body.datasource.type).toBe('grafana-postgresql-datasource');
    });
  });

  describe('secrets', () => {
    it('never returns secureJsonData; secureJsonFields lists non-empty secrets', async () => {
      const res = await add({
        ...PROM,
        uid: 'p',
        secureJsonData: { basicAuthPassword: 's3cret', empty: '' },
      });
      expect(res.body.datasource.secureJsonFields).toEqual({ basicAuthPassword: true });
      expect(res.text).not.toContain('s3cret');
      expect(res.body.datasource.secureJsonData).toBeUndefined();
      const got = await get('p');
      expect(got.body.secureJsonFields).toEqual({ basicAuthPassword: true });
      expect(got.text).not.toContain('s3cret');
    });

    it('keeps omitted secrets on PUT, replaces sent ones and clears keys sent as ""', async () => {
      await add({ ...PROM, uid: 'p', secureJsonData: { a: '1', b: '2' } });
      const kept = await put('p', { ...PROM, secureJsonData: { c: '3' } });
      expect(kept.body.datasource.secureJsonFields).toEqual({ a: true, b: true, c: true });
      const cleared = await put('p', { ...PROM, secureJsonData: { a: '', b: 'new' } });
      expect(cleared.body.datasource.secureJsonFields).toEqual({ b: true, c: true });
    });
  });

  describe('PUT', () => {
    beforeEach(async () => {
      await add({ ...PROM, uid: 'p', user: 'u', database: 'db', basicAuthUser: 'bu', jsonData: { a: 1 } });
    });

    it('answers 200 with the update wrapper', async () => {
      const { id } = (await get('p')).body;
      const res = await put('p', { ...PROM, name: 'Renamed', version: 1 });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ message: 'Datasource updated', id, name: 'Renamed' });
      expect(res.body.datasource).toMatchObject({ uid: 'p', name: 'Renamed', version: 2 });
    });

    it('stores sent version + 1, accepts a higher version, and resets to 1 without a version', async () => {
      expect((await put('p', { ...PROM, version: 1 })).body.datasource.version).toBe(2);
      expect((await put('p', { ...PROM, version: 10 })).body.datasource.version).toBe(11);
      expect((await put('p', { ...PROM })).body.datasource.version).toBe(1);
      expect((await put('p', { ...PROM, version: 0 })).body.datasource.version).toBe(1);
    });

    it('answers 409 for a stale version and leaves the data source alone', async () => {
      await put('p', { ...PROM, version: 5 }); // stored 6
      const res = await put('p', { ...PROM, url: 'http://other', version: 5 });
      expect(res.status).toBe(409);
      expect(res.body).toEqual(STALE);
      expect((await get('p')).body.url).toBe('http://prom:9090');
    });

    it('answers 409 for a rename onto another name', async () => {
      await add({ ...PROM, name: 'Taken', uid: 't' });
      const res = await put('p', { ...PROM, name: 'Taken' });
      expect(res.status).toBe(409);
      expect(res.body).toEqual({
        message: 'Failed to update datasource: data source with the same name already exists',
      });
    });

    it('does not overwrite url or basicAuthUser with "", but clears user and database', async () => {
      const res = await put('p', { ...PROM, url: '', basicAuthUser: '', type: 'mysql-like' });
      expect(res.status).toBe(200);
      expect(res.body.datasource).toMatchObject({
        url: 'http://prom:9090',
        basicAuthUser: 'bu',
        user: '',
        database: '',
      });
    });

    it('turns jsonData null into {}', async () => {
      const res = await put('p', { ...PROM, jsonData: null });
      expect(res.body.datasource.jsonData).toEqual({});
    });

    it('always validates the URL: invalid, or blank for a URL-requiring type', async () => {
      const bad = await put('p', { ...PROM, url: 'http://[::1' });
      expect(bad.status).toBe(400);
      expect(bad.body).toEqual({ message: 'Validation error, invalid URL' });
      const blank = await put('p', { ...PROM, url: '' });
      expect(blank.status).toBe(400);
      expect(blank.body).toEqual({ message: 'Validation error, invalid URL' });
    });

    it('keeps isDefault exclusive and writes false when omitted', async () => {
      await add({ ...PROM, name: 'B', uid: 'b' });
      const b = await put('b', { ...PROM, name: 'B', isDefault: true });
      expect(b.body.datasource.isDefault).toBe(true);
      expect((await get('p')).body.isDefault).toBe(false);
      const off = await put('b', { ...PROM, name: 'B' });
      expect(off.body.datasource.isDefault).toBe(false);
    });

    it('answers 404 for an unknown uid and 400 without name', async () => {
      const missing = await put('nope', PROM);
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual(NOT_FOUND);
      const noName = await put('p', { ...PROM, name: '' });
      expect(noName.status).toBe(400);
      expect(noName.body).toEqual({ message: 'bad request data' });
    });
  });

  describe('GET and DELETE', () => {
    it('lists list-item DTOs sorted by name, case-insensitively', async () => {
      for (const name of ['beta', 'Alpha', 'gamma']) await add({ ...PROM, name, uid: name.toLowerCase() });
      const res = await h.admin('GET', '/api/datasources');
      expect(res.status).toBe(200);
      expect(res.body.map((d: { name: string }) => d.name)).toEqual(['Alpha', 'beta', 'gamma']);
      expect(res.body[0]).toEqual({
        id: expect.any(Number),
        uid: 'alpha',
        orgId: h.orgId,
        name: 'Alpha',
        type: 'prometheus',
        typeName: 'Prometheus',
        typeLogoUrl: expect.any(String),
        access: 'proxy',
        url: 'http://prom:9090',
        user: '',
        database: '',
        basicAuth: false,
        isDefault: false,
        jsonData: {},
        readOnly: false,
      });
    });

    it('gets by uid and by name; 404 otherwise', async () => {
      await add({ ...PROM, uid: 'p' });
      expect((await get('p')).body.name).toBe('Prom');
      const byName = await h.admin('GET', '/api/datasources/name/Prom');
      expect(byName.status).toBe(200);
      expect(byName.body.uid).toBe('p');
      expect((await get('nope')).body).toEqual(NOT_FOUND);
      const missingName = await h.admin('GET', '/api/datasources/name/nope');
      expect(missingName.status).toBe(404);
      expect(missingName.body).toEqual(NOT_FOUND);
    });

    it('adds accessControl with ?accesscontrol=true', async () => {
      await add({ ...PROM, uid: 'p' });
      const res = await h.admin('GET', '/api/datasources/uid/p?accesscontrol=true');
      expect(res.body.accessControl).toMatchObject({ 'datasources:write': true, 'datasources:delete': true });
    });

    it('deletes by uid with {message, id}; 404 afterwards', async () => {
      const { id } = (await add({ ...PROM, uid: 'p' })).body;
      const res = await h.admin('DELETE', '/api/datasources/uid/p');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ message: 'Data source deleted', id });
      const again = await h.admin('DELETE', '/api/datasources/uid/p');
      expect(again.status).toBe(404);
      expect(again.body).toEqual(NOT_FOUND);
    });

    it('works for an org Admin service account', async () => {
      const admin = await h.createToken('Admin');
      const res = await h.as(admin, 'POST', '/api/datasources', { body: PROM });
      expect(res.status).toBe(200);
    });
  });
});
