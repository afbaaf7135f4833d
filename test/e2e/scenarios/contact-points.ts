import { GrafanaContactPointResource } from '../../../src/api/generated/index.js';
import { objectSpec, type KindScenario } from './scenario.js';

const email = (addresses: string) => ({ type: 'email', settings: { addresses, singleEmail: true } });

export const contactPoints: KindScenario = {
  title: 'GrafanaContactPoint',
  type: GrafanaContactPointResource,
  name: 'contact-point',
  spec: (c) => ({ ...objectSpec(c), name: c.n('scenario-oncall'), receivers: [email('oncall@example.com')] }),
  change: () => ({ receivers: [email('platform@example.com')] }),
  read: async (c) => {
    const integrations = await c.f.grafana.api.contactPoints.list({ name: c.n('scenario-oncall') });
    if (integrations.length === 0) return undefined;
    return integrations.map((i) => ({ type: i.type, addresses: i.settings.addresses }));
  },
  expected: (_c, stage) => [
    { type: 'email', addresses: stage === 'created' ? 'oncall@example.com' : 'platform@example.com' },
  ],
  edit: async (c) => {
    const [integration] = await c.f.grafana.api.contactPoints.list({ name: c.n('scenario-oncall') });
    await c.f.grafana.api.contactPoints.update(integration!.uid, {
      name: c.n('scenario-oncall'),
      type: 'email',
      settings: { addresses: 'someone-else@example.com' },
    });
  },
};
