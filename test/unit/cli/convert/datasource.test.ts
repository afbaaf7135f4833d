import { convert, operatorObject } from './helpers.js';

const datasource = (spec: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  operatorObject('GrafanaDatasource', 'prom', {
    datasource: { name: 'Prometheus', type: 'prometheus', url: 'http://prometheus:9090', ...spec },
    ...extra,
  });

const fromSecret = (targetPath: string, key: string) => ({
  targetPath,
  valueFrom: { secretKeyRef: { name: 'creds', key } },
});

describe('convert: GrafanaDatasource', () => {
  it('the datasource fields move up into the spec; the uid is spec.uid, else datasource.uid', () => {
    const { spec, lines } = convert([
      datasource({
        uid: 'old',
        access: 'proxy',
        isDefault: true,
        basicAuth: true,
        basicAuthUser: 'u',
        database: 'db',
        user: 'x',
        jsonData: { a: 1 },
      }),
    ]);
    expect(spec('GrafanaDatasource/prom')).toEqual({
      instanceSelector: { matchLabels: { dashboards: 'shared' } },
      uid: 'old',
      name: 'Prometheus',
      type: 'prometheus',
      url: 'http://prometheus:9090',
      database: 'db',
      user: 'x',
      basicAuthUser: 'u',
      jsonData: { a: 1 },
      access: 'proxy',
      isDefault: true,
      basicAuth: true,
    });
    expect(lines).toEqual([]);
  });

  it("a secure field that is just ${key} of a Secret becomes that Secret's secretKeyRef", () => {
    for (const placeholder of ['${TOKEN}', '$TOKEN']) {
      const { spec, result, lines } = convert([
        datasource(
          { secureJsonData: { httpHeaderValue1: placeholder } },
          { valuesFrom: [fromSecret('secureJsonData.httpHeaderValue1', 'TOKEN')] },
        ),
      ]);
      expect(spec('GrafanaDatasource/prom')?.secureJsonData).toEqual({
        httpHeaderValue1: { secretKeyRef: { name: 'creds', key: 'TOKEN' } },
      });
      expect(result.entries).toHaveLength(1);
      expect(lines).toEqual([]);
    }
  });

  it('a composed or inline secure value becomes a key of a Secret to fill, its value never copied', () => {
    const { spec, entry, lines } = convert([
      datasource(
        { secureJsonData: { httpHeaderValue1: 'Bearer ${TOKEN}', password: 'hunter2' } },
        { valuesFrom: [fromSecret('secureJsonData.httpHeaderValue1', 'TOKEN')] },
      ),
    ]);
    expect(spec('GrafanaDatasource/prom')?.secureJsonData).toEqual({
      httpHeaderValue1: { secretKeyRef: { name: 'prom-secure-json-data', key: 'httpHeaderValue1' } },
      password: { secretKeyRef: { name: 'prom-secure-json-data', key: 'password' } },
    });
    const secret = entry('Secret/prom-secure-json-data')!;
    expect(secret.manifest).toMatchObject({ stringData: { httpHeaderValue1: '', password: '' } });
    expect(secret.comment).toContain('with ${TOKEN} replaced by Secret creds key TOKEN');
    expect(JSON.stringify([secret, lines])).not.toContain('hunter2');
    expect(lines).toHaveLength(2);
  });

  it("a ConfigMap value in the input is substituted; a Secret's outside secureJsonData is reported", () => {
    const configMap = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'endpoints' },
      data: { HOST: 'prom.svc' },
    };
    const { spec, lines } = convert([
      configMap,
      datasource(
        { url: 'http://${HOST}:9090', jsonData: { tlsServerName: '$HOST', header: '${H}' } },
        {
          valuesFrom: [
            { targetPath: 'url', valueFrom: { configMapKeyRef: { name: 'endpoints', key: 'HOST' } } },
            {
              targetPath: 'jsonData.tlsServerName',
              valueFrom: { configMapKeyRef: { name: 'endpoints', key: 'HOST' } },
            },
            fromSecret('jsonData.header', 'H'),
          ],
        },
      ),
    ]);
    expect(spec('GrafanaDatasource/prom')).toMatchObject({
      url: 'http://prom.svc:9090',
      jsonData: { tlsServerName: 'prom.svc', header: '${H}' },
    });
    expect(lines.slice(1)).toEqual([
      'GrafanaDatasource/prom: spec.valuesFrom[0]: substituted into url from ConfigMap endpoints key HOST',
      'GrafanaDatasource/prom: spec.valuesFrom[1]: substituted into jsonData.tlsServerName from ConfigMap endpoints key HOST',
      expect.stringMatching(
        /^GrafanaDatasource\/prom: spec.valuesFrom\[2\]: not converted: jsonData.header takes \$\{H\} from Secret creds key H; only secureJsonData/,
      ),
    ]);
  });

  it('orgId, editable, plugins and an unknown access are reported', () => {
    const { lines } = convert([
      datasource({ orgId: 2, editable: true, access: 'server' }, { plugins: [{ name: 'p', version: '1' }] }),
    ]);
    expect(lines.map((line) => line.replace(/: not converted: .*/, ''))).toEqual([
      'GrafanaDatasource/prom: spec.datasource.access',
      'GrafanaDatasource/prom: spec.datasource.orgId',
      'GrafanaDatasource/prom: spec.datasource.editable',
      'GrafanaDatasource/prom: spec.plugins',
    ]);
  });
});
