import { isValidDatasourceUrl } from '../../grafana-double/routes/datasources.js';
import { Harness } from './helpers.js';

const PROM = { name: 'Prom', type: 'prometheus', access: 'proxy', url: 'http://prom:9090' };

describe('grafana double only: stored alias types and secrets, UI-set team headers, file-provisioned sources, URL parsing (§5, §13.5; the HTTP contract is test/contract/datasources.test.ts)', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await Harness.start();
  });

  afterEach(() => h.stop());

  const add = (body: Record<string, unknown>) => h.admin('POST', '/api/datasources', { body });
  const put = (uid: string, body: Record<string, unknown>) =>
    h.admin('PUT', `/api/datasources/uid/${uid}`, { body });
  const get = (uid: string) => h.admin('GET', `/api/datasources/uid/${uid}`);

  it('stores an alias type as sent (the answers show the plugin id it resolves to)', async () => {
    await add({ name: 'PG', type: 'postgres', access: 'proxy', url: 'db:5432' });
    expect(h.double.state.org(1).datasourceByName('PG')?.type).toBe('postgres');
  });

  it('keeps secrets sent on PUT in the stored secureJsonData', async () => {
    await add({ ...PROM, uid: 'p', secureJsonData: { a: '1', b: '2' } });
    await put('p', { ...PROM, secureJsonData: { a: '', b: 'new' } });
    expect(h.double.state.org(1).datasource('p')?.secureJsonData.b).toBe('new');
  });

  it('keeps stored teamHttpHeaders and ignores sent ones', async () => {
    await add({ ...PROM, uid: 'p', jsonData: { a: 1 } });
    h.double.state.org(1).uiEditDatasource('p', { jsonData: { a: 1, teamHttpHeaders: { rules: 1 } } });
    const res = await put('p', { ...PROM, jsonData: { b: 2, teamHttpHeaders: { rules: 2 } } });
    expect(res.body.datasource.jsonData).toEqual({ b: 2, teamHttpHeaders: { rules: 1 } });
  });

  describe('read-only (file-provisioned)', () => {
    it('answers 403 on PUT and DELETE', async () => {
      h.double.state.org(1).seedDatasource({ name: 'Provisioned', type: 'loki', uid: 'ro', readOnly: true });
      const updated = await put('ro', {
        name: 'Provisioned',
        type: 'loki',
        access: 'proxy',
        url: 'http://l',
      });
      expect(updated.status).toBe(403);
      expect(updated.body).toEqual({ message: 'Cannot update read-only data source' });
      const deleted = await h.admin('DELETE', '/api/datasources/uid/ro');
      expect(deleted.status).toBe(403);
      expect(deleted.body).toEqual({ message: 'Cannot delete read-only data source' });
      expect((await get('ro')).body.readOnly).toBe(true);
    });
  });

  it('validates URLs like Go url.Parse after prepending http://', () => {
    expect(isValidDatasourceUrl('prometheus', 'http://prom:9090/path?q=1#x')).toBe(true);
    expect(isValidDatasourceUrl('prometheus', 'prom:9090')).toBe(true);
    expect(isValidDatasourceUrl('prometheus', 'http://user:pa%20ss@host')).toBe(true);
    expect(isValidDatasourceUrl('prometheus', 'http://host:port')).toBe(false);
    expect(isValidDatasourceUrl('prometheus', '://nohost')).toBe(false);
    expect(isValidDatasourceUrl('prometheus', 'http://host/%zz')).toBe(false);
    expect(isValidDatasourceUrl('prometheus', 'http://host\n')).toBe(false);
    expect(isValidDatasourceUrl('prometheus', '')).toBe(false);
    expect(isValidDatasourceUrl('grafana-testdata-datasource', '')).toBe(true);
  });
});
