import { GrafanaInstanceResource } from '../../src/api/generated/index.js';
import { createTestNamespace, e2eCluster } from './cluster.js';
import type { VersionProfile } from '../grafana-double/profiles.js';
import { startGrafana, type GrafanaUnderTest } from './grafana.js';
import { TestKube } from './kube.js';
import { startOperator, type InProcessOperator } from './operator.js';

export interface ObjectFixture {
  kube: TestKube;
  grafana: GrafanaUnderTest;
  operator: InProcessOperator;
  /** instanceSelector that picks the fixture's GrafanaInstance "main". */
  selector: { matchLabels: Record<string, string> };
  stop(): Promise<void>;
}

/**
 * A namespace with a Ready GrafanaInstance "main" and the operator watching it; `env` adds
 * operator settings (as environment variables, see src/config.ts), `grafanaVersion` picks the
 * double's version profile, `featureToggles` switches the double's toggles.
 */
export async function objectFixture(
  prefix: string,
  options: {
    env?: Record<string, string>;
    grafanaVersion?: VersionProfile;
    featureToggles?: Record<string, boolean>;
  } = {},
): Promise<ObjectFixture> {
  const kube = new TestKube(await createTestNamespace(prefix));
  const grafana = await startGrafana({
    ...(options.grafanaVersion ? { version: options.grafanaVersion } : {}),
    ...(options.featureToggles ? { featureToggles: options.featureToggles } : {}),
  });
  const operator = await startOperator({
    namespace: kube.namespace,
    kubeConfig: e2eCluster().kubeConfig(),
    env: options.env,
  });
  await connectInstance(kube, grafana, 'main', { grafana: 'main' });
  return {
    kube,
    grafana,
    operator,
    selector: { matchLabels: { grafana: 'main' } },
    stop: async () => {
      await operator.stop();
      await grafana.stop();
    },
  };
}

export async function connectInstance(
  kube: TestKube,
  grafana: GrafanaUnderTest,
  name: string,
  labels: Record<string, string>,
  orgId?: number,
): Promise<void> {
  const secret = `${name}-credentials`;
  await kube.secret(
    secret,
    'token' in grafana.credentials
      ? { token: grafana.credentials.token }
      : { password: grafana.credentials.password },
  );
  await kube.instance(
    name,
    {
      url: grafana.url,
      auth:
        'token' in grafana.credentials
          ? { token: { secretKeyRef: { name: secret, key: 'token' } } }
          : {
              basic: {
                username: grafana.credentials.username,
                passwordSecretKeyRef: { name: secret, key: 'password' },
              },
            },
      ...(orgId ? { org: { id: orgId } } : {}),
    },
    labels,
  );
  await kube.waitReady(GrafanaInstanceResource, name, { status: 'True', reason: 'Connected' });
}
