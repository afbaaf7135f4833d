/**
 * grafana-operator's `Grafana`: one with spec.external (a Grafana it does not run) becomes a
 * GrafanaInstance with the same labels, so the instanceSelectors of the converted objects keep
 * selecting it; one without (a Grafana deployment grafana-operator runs) is reported.
 */
import { isObject } from '../../lib/json.js';
import type { Manifest } from '../manifests.js';
import { ourManifest, type Conversion, type SourceObject } from './context.js';
import { SpecReader } from './spec-reader.js';
import type { ObjectReport } from './report.js';

export function convertGrafana(
  source: SourceObject,
  report: ObjectReport,
  conversion: Conversion,
): Manifest | undefined {
  const spec = SpecReader.of(source.spec, 'spec', report);
  const external = spec.object('external');
  if (!external) {
    report.notConverted(
      '',
      'a Grafana deployment run by grafana-operator (no spec.external); this operator does not run Grafana: ' +
        'deploy it another way and point a GrafanaInstance at it',
    );
    return undefined;
  }
  const url = external.string('url');
  if (!url) {
    report.notConverted('', 'spec.external.url is missing');
    return undefined;
  }
  const config = isObject(source.spec) && isObject(source.spec.config) ? source.spec.config : {};
  const security = isObject(config.security) ? config.security : {};
  const auth = authOf(external, security, source, report, conversion);
  if (!auth) {
    report.notConverted('', 'no credentials: set spec.external.apiKey, or adminUser and adminPassword');
    return undefined;
  }
  const out: Record<string, unknown> = { url, auth };
  const client = spec.object('client');
  const tls = tlsOf(client?.object('tls') ?? external.object('tls'), source, report);
  if (client) {
    external.drop('tls', 'spec.client.tls is used instead, as grafana-operator does');
    const timeout = client.number('timeout');
    if (timeout !== undefined) {
      if (timeout >= 1 && timeout <= 300) out.timeoutSeconds = timeout;
      else report.notConverted(client.at('timeout'), 'timeoutSeconds must be from 1 to 300');
    }
    client.drop('preferIngress', 'the operator connects to spec.url only');
    client.finish();
  } else external.take('tls');
  if (tls) out.tls = tls;
  const tenant = external.string('tenantNamespace');
  if (tenant && tenant !== 'default')
    report.notConverted(external.at('tenantNamespace'), 'GrafanaManifest resources have no equivalent');
  external.finish();
  if (isObject(source.spec) && isObject(source.spec.config)) {
    // Only the admin's credentials are read from config, as grafana-operator does for an external Grafana.
    spec.take('config');
    for (const [section, values] of Object.entries(config)) {
      for (const key of isObject(values) ? Object.keys(values) : []) {
        if (section !== 'security' || !key.startsWith('admin_'))
          report.notConverted(
            `spec.config.${section}.${key}`,
            'a grafana.ini setting of the Grafana deployment',
          );
      }
    }
  }
  spec.finish(
    'a setting of the Grafana deployment grafana-operator runs, or of its client, with no equivalent',
  );
  return ourManifest(source, 'GrafanaInstance', source.metadata.name, out);
}

function authOf(
  external: SpecReader,
  security: Record<string, unknown>,
  source: SourceObject,
  report: ObjectReport,
  conversion: Conversion,
): Record<string, unknown> | undefined {
  const apiKey = secretRef(external.take('apiKey'));
  const user = secretRef(external.take('adminUser'));
  const password = secretRef(external.take('adminPassword'));
  if (apiKey) {
    if (user || password)
      report.notConverted('spec.external.adminUser', 'apiKey is used instead, as grafana-operator does');
    return { token: { secretKeyRef: apiKey } };
  }
  const inlineUser = typeof security.admin_user === 'string' ? security.admin_user : undefined;
  if (!user && !inlineUser) return undefined;
  let passwordRef = password;
  if (!passwordRef) {
    if (typeof security.admin_password !== 'string') return undefined;
    const name = conversion.secretToFill(source, 'admin', {
      password: `the admin password (spec.config.security.admin_password of Grafana ${source.metadata.name})`,
    });
    passwordRef = { name, key: 'password' };
    report.changed(
      'spec.config.security.admin_password',
      `now read from Secret ${name} key password, left empty to fill`,
    );
  }
  return {
    basic: {
      ...(user ? { usernameSecretKeyRef: user } : { username: inlineUser }),
      passwordSecretKeyRef: passwordRef,
    },
  };
}

/** A core/v1 SecretKeySelector as our SecretKeyRef (`optional` has no equivalent). */
export function secretRef(value: unknown): { name: string; key: string } | undefined {
  if (!isObject(value) || typeof value.name !== 'string' || typeof value.key !== 'string') return undefined;
  return { name: value.name, key: value.key };
}

function tlsOf(
  tls: SpecReader | undefined,
  source: SourceObject,
  report: ObjectReport,
): Record<string, unknown> | undefined {
  if (!tls) return undefined;
  if (tls.boolean('insecureSkipVerify')) return { insecureSkipVerify: true };
  const ref = tls.object('certSecretRef');
  const name = ref?.string('name');
  if (!ref || !name) return undefined;
  const namespace = ref.string('namespace');
  if (namespace && namespace !== source.metadata.namespace) {
    report.notConverted(
      ref.path,
      `Secret ${namespace}/${name} is in another namespace; copy it into this one`,
    );
  }
  report.changed(
    ref.path,
    `its ca.crt is the CA (tls.caSecretKeyRef); a client certificate (tls.crt, tls.key) is not used`,
  );
  ref.finish();
  return { caSecretKeyRef: { name, key: 'ca.crt' } };
}
