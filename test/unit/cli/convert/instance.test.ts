import { convert, operatorObject } from './helpers.js';

const grafana = (spec: Record<string, unknown>, labels = { dashboards: 'shared' }) => {
  const object = operatorObject('Grafana', 'grafana', spec, { labels, namespace: 'monitoring' });
  delete (object.spec as Record<string, unknown>).instanceSelector;
  return object;
};

describe('convert: Grafana', () => {
  it('an external Grafana with an API key is a GrafanaInstance with its labels and a token ref', () => {
    const { spec, entry, lines } = convert([
      grafana({
        external: { url: 'https://grafana.example.com', apiKey: { name: 'creds', key: 'token' } },
        client: { timeout: 30, tls: { insecureSkipVerify: true } },
      }),
    ]);
    expect(entry('GrafanaInstance/grafana')?.manifest.metadata).toEqual({
      name: 'grafana',
      namespace: 'monitoring',
      labels: { dashboards: 'shared' },
    });
    expect(spec('GrafanaInstance/grafana')).toEqual({
      url: 'https://grafana.example.com',
      auth: { token: { secretKeyRef: { name: 'creds', key: 'token' } } },
      timeoutSeconds: 30,
      tls: { insecureSkipVerify: true },
    });
    expect(lines).toEqual([]);
  });

  it('admin user and password from Secrets are basic auth; a CA Secret is its ca.crt', () => {
    const { spec, lines } = convert([
      grafana({
        external: {
          url: 'https://grafana.example.com',
          adminUser: { name: 'admin', key: 'user' },
          adminPassword: { name: 'admin', key: 'password' },
          tls: { certSecretRef: { name: 'grafana-tls' } },
        },
      }),
    ]);
    expect(spec('GrafanaInstance/grafana')?.auth).toEqual({
      basic: {
        usernameSecretKeyRef: { name: 'admin', key: 'user' },
        passwordSecretKeyRef: { name: 'admin', key: 'password' },
      },
    });
    expect(spec('GrafanaInstance/grafana')?.tls).toEqual({
      caSecretKeyRef: { name: 'grafana-tls', key: 'ca.crt' },
    });
    expect(lines).toEqual([
      'Grafana/grafana: spec.external.tls.certSecretRef: its ca.crt is the CA (tls.caSecretKeyRef); a client certificate (tls.crt, tls.key) is not used',
    ]);
  });

  it('an admin password written in config becomes a Secret to fill, never copied', () => {
    const { spec, entry, lines } = convert([
      grafana({
        external: { url: 'https://grafana.example.com' },
        config: { security: { admin_user: 'root', admin_password: 'hunter2' }, log: { level: 'debug' } },
      }),
    ]);
    expect(spec('GrafanaInstance/grafana')?.auth).toEqual({
      basic: { username: 'root', passwordSecretKeyRef: { name: 'grafana-admin', key: 'password' } },
    });
    expect(entry('Secret/grafana-admin')?.manifest).toMatchObject({ stringData: { password: '' } });
    expect(
      JSON.stringify(
        convert([
          grafana({
            external: { url: 'https://g.example', adminUser: { name: 'a', key: 'u' } },
            config: { security: { admin_password: 'hunter2' } },
          }),
        ]).result,
      ),
    ).not.toContain('hunter2');
    expect(lines).toEqual([
      'Grafana/grafana: spec.config.security.admin_password: now read from Secret grafana-admin key password, left empty to fill',
      'Grafana/grafana: spec.config.log.level: not converted: a grafana.ini setting of the Grafana deployment',
    ]);
  });

  it('a Grafana grafana-operator runs is reported, not converted', () => {
    const { result, lines } = convert([
      grafana({ version: '12.2.0', deployment: { spec: { replicas: 2 } } }),
    ]);
    expect(result.entries).toEqual([]);
    expect(lines).toEqual([
      expect.stringMatching(/^Grafana\/grafana: not converted: a Grafana deployment run by grafana-operator/),
    ]);
  });

  it('fields of the client and the deployment with no equivalent are reported one by one', () => {
    const { lines } = convert([
      grafana({
        external: {
          url: 'https://grafana.example.com',
          apiKey: { name: 'c', key: 't' },
          tenantNamespace: 'tenant-a',
        },
        client: { headers: { 'X-Scope': 'a' }, preferIngress: true },
        preferences: { homeDashboardUid: 'home' },
      }),
    ]);
    expect(lines).toEqual([
      'Grafana/grafana: spec.client.preferIngress: not converted: the operator connects to spec.url only',
      'Grafana/grafana: spec.client.headers: not converted: no equivalent in this operator',
      'Grafana/grafana: spec.external.tenantNamespace: not converted: GrafanaManifest resources have no equivalent',
      'Grafana/grafana: spec.preferences: not converted: a setting of the Grafana deployment grafana-operator runs, or of its client, with no equivalent',
    ]);
  });
});
