import { GrafanaContactPointResource } from '../../../src/api/generated/index.js';
import { editsIn } from '../../support/grafana-edits.js';
import { objectSpec, type KindScenario, type ScenarioContext } from './scenario.js';

/** The contact point's name, and its integrations in Grafana. */
const name = (c: ScenarioContext) => c.n('scenario-oncall');
const integrations = (c: ScenarioContext) => c.f.grafana.api.contactPoints.list({ name: name(c) });
const email = (addresses: string) => ({ type: 'email', settings: { addresses, singleEmail: true } });

export const contactPoints: KindScenario = {
  title: 'GrafanaContactPoint',
  type: GrafanaContactPointResource,
  name: 'contact-point',
  spec: (c) => ({ ...objectSpec(c), name: name(c), receivers: [email('oncall@example.com')] }),
  change: () => ({ receivers: [email('platform@example.com')] }),
  read: async (c) => {
    const stored = await integrations(c);
    if (stored.length === 0) return undefined;
    return stored.map((i) => ({ type: i.type, addresses: i.settings.addresses }));
  },
  expected: (_c, stage) => [
    { type: 'email', addresses: stage === 'created' ? 'oncall@example.com' : 'platform@example.com' },
  ],
  // Provenance api: the UI refuses to edit it, another API client does not.
  edit: async (c) => {
    const [integration] = await integrations(c);
    await c.f.grafana.api.contactPoints.update(integration!.uid, {
      name: name(c),
      type: 'email',
      settings: { addresses: 'someone-else@example.com' },
    });
  },
  drift: ['receivers[0].settings.addresses'],
  editInUi: async (c) => {
    const [integration] = await integrations(c);
    await editsIn(c.f.grafana).editContactPoint(integration!.uid, {
      settings: { addresses: 'edited-in-ui@example.com' },
    });
  },
  provenance: async (c) => (await integrations(c))[0]?.provenance ?? '',
  // Taken over by the uid of its integration, which the spec names.
  byHand: async (c) => {
    const uid = c.n('hand').slice(0, 40);
    await c.f.grafana.api.contactPoints.create(
      { uid, name: name(c), type: 'email', settings: { addresses: 'hand@example.com' } },
      { disableProvenance: true },
    );
    return { spec: { receivers: [{ ...email('oncall@example.com'), uid }] } };
  },
};
