import { GrafanaMuteTimingResource } from '../../../src/api/generated/index.js';
import { editsIn } from '../../support/grafana-edits.js';
import { objectSpec, type KindScenario } from './scenario.js';

const WEEKENDS = [{ weekdays: ['saturday', 'sunday'] }];
const NIGHTS = [{ times: [{ start_time: '20:00', end_time: '24:00' }], location: 'Europe/Berlin' }];

export const muteTimings: KindScenario = {
  title: 'GrafanaMuteTiming',
  type: GrafanaMuteTimingResource,
  name: 'mute-timing',
  spec: (c) => ({ ...objectSpec(c), name: c.n('scenario-quiet'), time_intervals: WEEKENDS }),
  change: () => ({ time_intervals: NIGHTS }),
  read: async (c) => (await c.f.grafana.api.muteTimings.find(c.n('scenario-quiet')))?.time_intervals,
  expected: (_c, stage) => (stage === 'created' ? WEEKENDS : NIGHTS),
  // Provenance api: the UI refuses to edit it, another API client does not.
  edit: async (c) => {
    const current = await c.f.grafana.api.muteTimings.get(c.n('scenario-quiet'));
    await c.f.grafana.api.muteTimings.update(c.n('scenario-quiet'), {
      name: c.n('scenario-quiet'),
      time_intervals: [{ weekdays: ['monday'] }],
      version: current.version,
    });
  },
  drift: ['time_intervals[0]'],
  editInUi: async (c) => {
    await editsIn(c.f.grafana).editMuteTiming(c.n('scenario-quiet'), [{ weekdays: ['friday'] }]);
  },
  provenance: async (c) => (await c.f.grafana.api.muteTimings.get(c.n('scenario-quiet'))).provenance ?? '',
  byHand: async (c) => {
    await c.f.grafana.api.muteTimings.create(
      { name: c.n('scenario-quiet'), time_intervals: [{ weekdays: ['wednesday'] }] },
      { disableProvenance: true },
    );
    return {};
  },
};
