import { GrafanaInstanceResource, type GrafanaInstance } from '../../../src/api/generated/index.js';
import type { KindScenario, ScenarioContext } from './scenario.js';

const NAME = 'instance';
const secretName = (which: 'first' | 'second') => `instance-${which}-credentials`;

/** The credentials of the Grafana under test, from one of two Secrets holding them. */
const auth = (c: ScenarioContext, which: 'first' | 'second') =>
  'token' in c.f.grafana.credentials
    ? { token: { secretKeyRef: { name: secretName(which), key: 'token' } } }
    : {
        basic: {
          username: c.f.grafana.credentials.username,
          passwordSecretKeyRef: { name: secretName(which), key: 'password' },
        },
      };

/**
 * The connection: Grafana has no content for it, so what is read back is what the operator found
 * there (the version and org, in status) and whether the current spec was checked.
 */
export const instances: KindScenario = {
  title: 'GrafanaInstance',
  type: GrafanaInstanceResource,
  name: NAME,
  readyReason: 'Connected',
  prepare: async (c) => {
    const { credentials } = c.f.grafana;
    const data: Record<string, string> =
      'token' in credentials ? { token: credentials.token } : { password: credentials.password };
    for (const which of ['first', 'second'] as const) await c.f.kube.secret(secretName(which), data);
  },
  spec: (c) => ({ url: c.f.grafana.url, auth: auth(c, 'first'), resyncPeriod: '10s' }),
  change: (c) => ({ auth: auth(c, 'second') }),
  read: async (c) => {
    const object = await c.f.kube.client.find<GrafanaInstance>(
      GrafanaInstanceResource,
      c.f.kube.namespace,
      NAME,
    );
    if (!object) return undefined;
    const ready = object.status?.conditions?.find((condition) => condition.type === 'Ready');
    const { version } = await c.f.grafana.api.health.buildInfo();
    return {
      reason: ready?.reason,
      checkedSpec: ready?.observedGeneration === object.metadata?.generation,
      secret: (object.spec.auth.token?.secretKeyRef ?? object.spec.auth.basic?.passwordSecretKeyRef)?.name,
      version: object.status?.version === version,
      orgId: object.status?.orgId,
    };
  },
  expected: (_c, stage) => ({
    reason: 'Connected',
    checkedSpec: true,
    secret: secretName(stage === 'created' ? 'first' : 'second'),
    version: true,
    orgId: 1,
  }),
};
