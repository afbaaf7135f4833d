import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  desiredDatasource,
  listItemOf,
  type DesiredDatasource,
  type ObservedDatasource,
} from '../../../src/datasources/datasource.js';
import { datasourceDrift } from '../../../src/datasources/drift.js';
import { writeDatasource } from '../../../src/datasources/write.js';
import { startDoubleTarget, type DoubleTarget } from '../../support/double-target.js';

const secrets = { value: async ({ name, key }: { name: string; key: string }) => `${name}/${key}` };

describe('desiredDatasource', () => {
  it("fills in Grafana's defaults and reads each secure value from its Secret", async () => {
    const desired = await desiredDatasource(
      {
        instanceSelector: {},
        type: 'prometheus',
        secureJsonData: { password: { secretKeyRef: { name: 's', key: 'pw' } } },
      },
      'Prometheus',
      'prom',
      secrets,
    );
    expect(desired).toEqual({
      payload: {
        uid: 'prom',
        name: 'Prometheus',
        type: 'prometheus',
        access: 'proxy',
        url: '',
        user: '',
        database: '',
        basicAuth: false,
        basicAuthUser: '',
        withCredentials: false,
        isDefault: false,
        jsonData: {},
      },
      secure: { password: 's/pw' },
    });
  });
});

describe('datasourceDrift', () => {
  const wanted = async (spec: object = {}, secure: DesiredDatasource['secure'] = {}) => ({
    ...(await desiredDatasource(
      { instanceSelector: {}, type: 'postgres', url: 'http://db', ...spec },
      'DB',
      'db',
      secrets,
    )),
    secure,
  });
  const listed: ObservedDatasource = {
    orgId: 1,
    id: 1,
    uid: 'db',
    name: 'DB',
    url: 'http://db',
    type: 'grafana-postgresql-datasource',
    access: 'proxy',
    basicAuth: false,
    isDefault: true,
    jsonData: {},
    readOnly: false,
  };

  it('finds none where Grafana reports an aliased type, a default it chose, or keeps a URL sent as ""', async () => {
    expect(datasourceDrift(await wanted(), listed)).toEqual([]);
    expect(datasourceDrift(await wanted({ url: undefined }), { ...listed, url: 'http://old' })).toEqual([]);
  });

  it('names the fields that differ', async () => {
    expect(
      datasourceDrift(await wanted({ isDefault: true, jsonData: { sslmode: 'disable' } }), {
        ...listed,
        name: 'Renamed',
        isDefault: false,
      }),
    ).toEqual(['name', 'isDefault', 'jsonData']);
  });

  it('compares the fields only the single GET shows once they are read, secrets by which are set', async () => {
    const desired = await wanted({ basicAuthUser: 'reader' }, { password: 'x' });
    expect(datasourceDrift(desired, listed)).toEqual([]);
    expect(
      datasourceDrift(desired, {
        ...listed,
        basicAuthUser: 'someone',
        withCredentials: false,
        secureJsonFields: { password: false, token: true },
      }),
    ).toEqual(['basicAuthUser', 'secureJsonData.token', 'secureJsonData.password']);
  });
});

describe('writeDatasource against the double', () => {
  let fixture: DoubleTarget;

  beforeEach(async () => {
    fixture = await startDoubleTarget();
  });

  afterEach(() => fixture.stop());

  it('clears with "" a secure key the spec no longer sets, which a PUT would otherwise keep', async () => {
    const { api } = fixture.target;
    const desired = await desiredDatasource(
      { instanceSelector: {}, type: 'prometheus', url: 'http://prom:9090' },
      'Prom',
      'prom',
      secrets,
    );
    const created = await writeDatasource(
      api,
      { ...desired, secure: { password: 'a', token: 'b' } },
      undefined,
    );
    expect(listItemOf(created)).toMatchObject({ uid: 'prom', name: 'Prom', type: 'prometheus' });
    const updated = await writeDatasource(api, { ...desired, secure: { password: 'c' } }, created);
    expect(updated.secureJsonFields).toEqual({ password: true });
    const put = fixture.double.requests.find((r) => r.method === 'PUT');
    expect(put?.body).toMatchObject({ secureJsonData: { password: 'c', token: '' } });
  });
});
