import { describe, expect, it } from '@jest/globals';
import { withVariableDefaults } from '../../../src/dashboards/variables.js';
import type { JsonObject } from '../../../src/lib/json.js';
import { fixture } from './dashboards.js';

/** A dashboard with one variable of each kind that has a value, as Grafana saves them. */
const dashboard = (): JsonObject => JSON.parse(fixture('variables.json')) as JsonObject;

const variable = (json: JsonObject, name: string) =>
  ((json.templating as JsonObject).list as JsonObject[]).find((v) => v.name === name)!;

describe('withVariableDefaults: spec.variables in templating.list', () => {
  it('leaves the dashboard as it is without entries', () => {
    const json = dashboard();
    expect(withVariableDefaults(json, undefined, 'spec.json')).toBe(json);
    expect(withVariableDefaults(json, [], 'spec.json')).toBe(json);
  });

  it('selects a value: current, and options[].selected where the variable keeps options', () => {
    const json = dashboard();
    const out = withVariableDefaults(json, [{ name: 'env', value: 'prod' }], 'spec.json');
    expect(variable(out, 'env')).toEqual({
      ...variable(json, 'env'),
      current: { text: 'prod', value: 'prod' },
      options: [
        { text: 'dev', value: 'dev', selected: false },
        { text: 'prod', value: 'prod', selected: true },
      ],
    });
    // Nothing else changes, and the input is not modified.
    expect(variable(out, 'job')).toEqual(variable(json, 'job'));
    expect(variable(json, 'env').current).toEqual({ text: 'dev', value: 'dev' });
    expect(out.title).toBe('Variables');
  });

  it('takes the text shown for a value, several values for a multi-value variable', () => {
    const out = withVariableDefaults(
      dashboard(),
      [
        { name: 'ds', value: 'loki-uid', text: 'Loki' },
        { name: 'job', values: ['api', 'web'] },
      ],
      'spec.json',
    );
    expect(variable(out, 'ds').current).toEqual({ text: 'Loki', value: 'loki-uid' });
    expect(variable(out, 'job').current).toEqual({ text: ['api', 'web'], value: ['api', 'web'] });
    expect(variable(out, 'job').options).toEqual([]);
  });

  it('puts the value of a constant and a textbox in their query too, as Grafana saves them', () => {
    const out = withVariableDefaults(
      dashboard(),
      [
        { name: 'cluster', value: 'eu-1' },
        { name: 'filter', value: 'status=500' },
      ],
      'spec.json',
    );
    expect(variable(out, 'cluster')).toEqual({
      name: 'cluster',
      type: 'constant',
      query: 'eu-1',
      current: { text: 'eu-1', value: 'eu-1' },
      hide: 2,
    });
    expect(variable(out, 'filter')).toMatchObject({
      query: 'status=500',
      current: { text: 'status=500', value: 'status=500' },
      options: [{ text: 'status=500', value: 'status=500', selected: true }],
    });
  });

  it('a name that is not a variable of the dashboard is InvalidSpec naming it and the variables there are', () => {
    expect(() =>
      withVariableDefaults(
        dashboard(),
        [
          { name: 'env', value: 'prod' },
          { name: 'envv', value: 'prod' },
        ],
        'spec.json',
      ),
    ).toThrow(
      expect.objectContaining({
        reason: 'InvalidSpec',
        message:
          'spec.variables names envv, which is not a variable of the dashboard in spec.json (its variables: env, job, ds, cluster, filter, filters)',
      }),
    );
    expect(() => withVariableDefaults({ title: 'x' }, [{ name: 'a', value: '1' }], 'ConfigMap d/k')).toThrow(
      expect.objectContaining({ message: expect.stringContaining('(it has none)') }),
    );
  });

  it('several values for a one-value variable, or a value for ad hoc filters, is InvalidSpec', () => {
    expect(() =>
      withVariableDefaults(dashboard(), [{ name: 'env', values: ['dev', 'prod'] }], 'spec.json'),
    ).toThrow(
      expect.objectContaining({
        reason: 'InvalidSpec',
        message:
          'spec.variables: env holds one value (a custom variable without multi-value); set value, not values',
      }),
    );
    expect(() => withVariableDefaults(dashboard(), [{ name: 'filters', value: 'a' }], 'spec.json')).toThrow(
      expect.objectContaining({ reason: 'InvalidSpec', message: expect.stringContaining('ad hoc') }),
    );
  });
});
