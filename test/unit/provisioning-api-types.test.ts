import { buildKinds, PLAIN_KINDS } from '../../src/controllers/kinds.js';
import { configPath } from '../../src/provisioning-api/apply.js';
import { withDefaults } from '../../src/provisioning-api/config-defaults.js';
import { extractSecureValues } from '../../src/provisioning-api/secure-values.js';
import { parseObjectId } from '../../src/provisioning-api/object-id.js';
import { TypeTable, typeNameOf } from '../../src/provisioning-api/type-table.js';

describe('provisioning API types', () => {
  const kinds = buildKinds({ ruleGroupOwners: {} as never });
  const types = new TypeTable(kinds, PLAIN_KINDS);

  it('names every kind of kinds.ts as the issue lists them, in the same order', () => {
    expect(types.names()).toEqual([
      'folder',
      'datasource',
      'library-panel',
      'dashboard',
      'alert-rule-group',
      'alert-rule',
      'contact-point',
      'notification-template',
      'mute-timing',
      'notification-policy',
      'team',
      'service-account',
      'organization',
      'silence',
      'repository',
      'app-resource',
      'notification-policy-route',
    ]);
    expect(typeNameOf('GrafanaSomeLaterKind')).toBe('some-later-kind');
  });

  it('splits an id at its first dot, so names may hold dots', () => {
    expect(parseObjectId('datasource.prom.eu-1', types)).toMatchObject({
      type: { name: 'datasource' },
      name: 'prom.eu-1',
    });
    expect(parseObjectId('nothing.prom', types)).toBeUndefined();
    expect(parseObjectId('datasource.', types)).toBeUndefined();
  });

  it('selects every instance when config has no instanceSelector, and types a core datasource by its name', () => {
    expect(withDefaults('datasource', 'prometheus', { url: 'u' })).toEqual({
      url: 'u',
      instanceSelector: {},
      type: 'prometheus',
    });
    expect(withDefaults('datasource', 'metrics', { url: 'u' })).toEqual({ url: 'u', instanceSelector: {} });
    expect(withDefaults('folder', 'prometheus', { instanceSelector: { matchLabels: { a: 'b' } } })).toEqual({
      instanceSelector: { matchLabels: { a: 'b' } },
    });
  });

  it("names the apiserver's field paths as paths of config", () => {
    expect(configPath('.spec.url')).toBe('config.url');
    expect(configPath('spec.secureJsonData[a]')).toBe('config.secureJsonData[a]');
    expect(configPath('metadata.name')).toBe('metadata.name');
  });

  it('takes plain values out of every field the schema makes a secretKeyRef, for any type', () => {
    const contactPoint = types.get('contact-point')!;
    const { spec, values } = extractSecureValues(
      contactPoint.specSchema,
      {
        name: 'oncall',
        receivers: [
          { type: 'slack', settings: { recipient: '#a' }, secureSettings: { url: 'https://hooks/x' } },
          { type: 'email', secureSettings: { kept: { secretKeyRef: { name: 's', key: 'k' } } } },
        ],
      },
      'oncall-provisioning-api',
    );
    expect(values).toEqual({ 'receivers.0.secureSettings.url': 'https://hooks/x' });
    expect(spec).toEqual({
      name: 'oncall',
      receivers: [
        {
          type: 'slack',
          settings: { recipient: '#a' },
          secureSettings: {
            url: { secretKeyRef: { name: 'oncall-provisioning-api', key: 'receivers.0.secureSettings.url' } },
          },
        },
        { type: 'email', secureSettings: { kept: { secretKeyRef: { name: 's', key: 'k' } } } },
      ],
    });
    const dashboard = extractSecureValues(
      types.get('dashboard')!.specSchema,
      { urlAuthorization: 'Bearer t' },
      'd',
    );
    expect(dashboard.values).toEqual({ urlAuthorization: 'Bearer t' });
    // A plain string where the schema has no secretKeyRef stays as it is (validation judges it).
    expect(extractSecureValues(types.get('datasource')!.specSchema, { url: 'u' }, 'd').values).toEqual({});
  });
});
