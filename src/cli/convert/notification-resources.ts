/** grafana-operator's GrafanaNotificationTemplate and GrafanaMuteTiming as ours. */
import { specConverter, type SpecInput } from './common.js';
import { SpecReader } from './spec-reader.js';

export const convertNotificationTemplate = specConverter('GrafanaNotificationTemplate', (input) => {
  const template = input.spec.string('template');
  if (!template) {
    input.report.notConverted('', 'spec.template is empty');
    return undefined;
  }
  return { ...nameAndEditable(input), template };
});

const INTERVAL_FIELDS = ['times', 'weekdays', 'days_of_month', 'months', 'years', 'location'];

export const convertMuteTiming = specConverter('GrafanaMuteTiming', (input) => {
  const { spec, report } = input;
  const intervals = spec.array('time_intervals').map((value, i) => {
    const interval = SpecReader.of(value, spec.at(`time_intervals[${i}]`), report);
    const out: Record<string, unknown> = {};
    for (const key of INTERVAL_FIELDS) {
      const field = interval.take(key);
      if (Array.isArray(field) ? field.length > 0 : typeof field === 'string' && field !== '')
        out[key] = field;
    }
    interval.finish();
    return out;
  });
  return { ...nameAndEditable(input), time_intervals: intervals };
});

/** Both kinds' name, and editableInGrafana: grafana-operator leaves both editable unless editable is false. */
function nameAndEditable({ source, spec }: SpecInput): Record<string, unknown> {
  return {
    name: spec.string('name') ?? source.metadata.name,
    ...(spec.boolean('editable') !== false ? { editableInGrafana: true } : {}),
  };
}
