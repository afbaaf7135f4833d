import { GrafanaMuteTimingResource } from '../../../src/api/generated/index.js';
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
  edit: async (c) => {
    const current = await c.f.grafana.api.muteTimings.get(c.n('scenario-quiet'));
    await c.f.grafana.api.muteTimings.update(c.n('scenario-quiet'), {
      name: c.n('scenario-quiet'),
      time_intervals: [{ weekdays: ['monday'] }],
      version: current.version,
    });
  },
};
