import { GrafanaSilenceResource } from '../../../src/api/generated/index.js';
import { sortedMatchers } from '../../../src/alerting/silence.js';
import type { GrafanaApi, GrafanaSilence } from '../../../src/grafana/index.js';
import { objectSpec, type KindScenario, type ScenarioContext } from './scenario.js';

/** The matcher that tells the scenario's silence from every other (unique per object and run). */
const marker = (c: ScenarioContext) => ({
  name: 'scenario',
  value: c.n('silence'),
  isEqual: true,
  isRegex: false,
});
const matchers = (c: ScenarioContext) =>
  sortedMatchers([marker(c), { name: 'severity', value: 'warning|info', isEqual: true, isRegex: true }]);
const END = '2099-01-01T00:00:00.000Z';
const CHANGED_END = '2098-06-01T12:00:00.000Z';

/** The silences not expired that carry `c`'s marker matcher. */
export async function liveSilences(api: GrafanaApi, c: ScenarioContext): Promise<GrafanaSilence[]> {
  const { value } = marker(c);
  return (await api.silences.list()).filter(
    (s) => s.status.state !== 'expired' && s.matchers.some((m) => m.name === 'scenario' && m.value === value),
  );
}

export const silences: KindScenario = {
  title: 'GrafanaSilence',
  type: GrafanaSilenceResource,
  name: 'silence',
  spec: (c) => ({
    ...objectSpec(c),
    // One regex matcher, one plain one, in an order Grafana keeps as sent.
    matchers: [
      { name: 'severity', value: 'warning|info', isRegex: true },
      { name: 'scenario', value: c.n('silence') },
    ],
    endsAt: END,
    comment: `maintenance ${c.n('silence')}`,
  }),
  change: (c) => ({ endsAt: CHANGED_END, comment: `extended ${c.n('silence')}` }),
  // Found by its marker, not its id: an edit gives it a new one.
  read: async (c) => {
    const live = await liveSilences(c.f.grafana.api, c);
    if (live.length === 0) return undefined;
    return live.map((s) => ({
      matchers: sortedMatchers(s.matchers),
      comment: s.comment,
      createdBy: s.createdBy,
      endsAt: new Date(s.endsAt).toISOString(),
      state: s.status.state,
    }));
  },
  expected: (c, stage) => [
    {
      matchers: matchers(c),
      comment: stage === 'created' ? `maintenance ${c.n('silence')}` : `extended ${c.n('silence')}`,
      createdBy: 'grafana-provisioning-operator',
      endsAt: stage === 'created' ? END : CHANGED_END,
      state: 'active',
    },
  ],
  // The Expire button of the Silences page.
  edit: async (c, id) => {
    await c.f.grafana.api.silences.expire(id);
  },
  drift: ['expired'],
  // Made on the Silences page: the same matchers and comment, another end and author.
  byHand: async (c) => {
    const id = await c.f.grafana.api.silences.save({
      matchers: matchers(c),
      startsAt: new Date().toISOString(),
      endsAt: '2097-01-01T00:00:00.000Z',
      comment: `maintenance ${c.n('silence')}`,
      createdBy: 'admin',
    });
    return { uid: id };
  },
};
