import { toYaml, YamlFlow } from '../../grafana-double/alerting-export.js';
import {
  Fnv64,
  formatPromDuration,
  goDurationString,
  nameToUid,
  normaliseTemplate,
  parsePromDuration,
  templateFingerprint,
  uidToName,
} from '../../grafana-double/alerting-model.js';
import { alertingOf } from '../../grafana-double/alerting-state.js';
import { GrafanaState } from '../../grafana-double/state.js';
import { ruleBody } from '../../contract/alerting-fixtures.js';

describe('grafana double: alerting model helpers', () => {
  it('parses and prints durations like Prometheus model.Duration', () => {
    expect(parsePromDuration('60s')).toBe(60_000);
    expect(parsePromDuration('1h30m')).toBe(5_400_000);
    expect(parsePromDuration('0')).toBe(0);
    expect(parsePromDuration('')).toBeUndefined();
    expect(parsePromDuration('5 m')).toBeUndefined();
    expect(parsePromDuration('1.5m')).toBeUndefined();
    expect(formatPromDuration(60_000)).toBe('1m');
    expect(formatPromDuration(90_000)).toBe('1m30s');
    expect(formatPromDuration(0)).toBe('0s');
    expect(formatPromDuration(86_400_000)).toBe('1d');
    expect(formatPromDuration(7 * 86_400_000)).toBe('1w');
    expect(formatPromDuration(8 * 86_400_000)).toBe('8d');
    expect(formatPromDuration(1500)).toBe('1s500ms');
  });

  it("prints Go's time.Duration for error texts", () => {
    expect(goDurationString(15)).toBe('15s');
    expect(goDurationString(65)).toBe('1m5s');
    expect(goDurationString(3600)).toBe('1h0m0s');
    expect(goDurationString(0)).toBe('0s');
  });

  it('hashes with FNV-1 64 (Go fnv.New64)', () => {
    expect(new Fnv64().hex()).toBe('cbf29ce484222325');
    expect(new Fnv64().write(Buffer.from('a')).hex()).toBe('af63bd4c8601b7be');
    expect(templateFingerprint('x')).toMatch(/^[0-9a-f]{16}$/);
    expect(templateFingerprint('x')).not.toBe(templateFingerprint('y'));
  });

  it('derives mute timing and template uids from names (URL-safe base64, no padding)', () => {
    expect(nameToUid('weekends')).toBe('d2Vla2VuZHM');
    expect(uidToName('d2Vla2VuZHM')).toBe('weekends');
    expect(uidToName('weekends')).toBeUndefined();
  });

  it('wraps template content without a define block', () => {
    expect(normaliseTemplate('n', ' a\nb ')).toEqual({ template: '{{ define "n" }}\n  a\n  b\n{{ end }}' });
    expect(normaliseTemplate('n', '{{define "x"}}x{{end}}')).toEqual({ template: '{{define "x"}}x{{end}}' });
    expect(normaliseTemplate('n', '')).toEqual({ error: 'template must have content' });
    expect(normaliseTemplate('n', '{{ end }}')).toEqual({
      error: 'invalid template: template: :3: unexpected {{end}}',
    });
  });

  it('writes YAML the way yaml.v3 quotes scalars', () => {
    expect(
      toYaml({
        plain: 'hello world',
        number: '5',
        bool: 'true',
        old: 'yes',
        clock: '09:00',
        colon: 'a: b',
        hash: 'a #b',
        star: '*x',
        dash: '- x',
        empty: '',
        quote: "it's",
        lead: ' x',
        multi: 'line 1\nline 2',
        trailing: 'end\n',
        tab: 'a\tb',
        nums: [1, 2.5],
        flow: new YamlFlow(['monday', 'a:b']),
        nothing: [],
        none: {},
        nil: null,
      }),
    ).toBe(`plain: hello world
number: "5"
bool: "true"
old: "yes"
clock: "09:00"
colon: 'a: b'
hash: 'a #b'
star: '*x'
dash: '- x'
empty: ""
quote: it's
lead: ' x'
multi: |-
    line 1
    line 2
trailing: |
    end
tab: "a\\tb"
nums:
    - 1
    - 2.5
flow: [monday, 'a:b']
nothing: []
none: {}
nil: null
`);
  });
});

describe('grafana double: alerting seeding and UI edits', () => {
  const org = () => {
    const state = new GrafanaState();
    const o = state.org(1);
    o.seedFolder({ uid: 'f1', title: 'F' });
    return o;
  };

  it('seeds rules through the API normalisation, with any provenance', () => {
    const store = alertingOf(org());
    const rule = store.seedAlertRule(ruleBody({ uid: 'r', for: '120s' }), {
      provenance: 'file',
      intervalSeconds: 30,
    });
    expect(rule).toMatchObject({ uid: 'r', provenance: 'file', intervalSeconds: 30, forMs: 120_000 });
    expect(rule.data[0]?.model).toEqual({
      expr: 'up',
      hide: false,
      intervalMs: 1000,
      maxDataPoints: 43200,
      refId: 'A',
    });
    expect(() => store.seedAlertRule(ruleBody({ uid: 'r' }))).toThrow(/already exists/);
    expect(() => store.seedAlertRule(ruleBody({ uid: 'x', condition: 'Z' }))).toThrow(/invalid/);
  });

  it('UI edits change rules and contact points with provenance none and refuse provisioned ones', () => {
    const store = alertingOf(org());
    const ui = store.seedAlertRule(ruleBody({ uid: 'ui' }));
    const before = ui.updated;
    store.uiEditAlertRule('ui', { title: 'Edited', for: '10m' });
    expect(store.rule('ui')).toMatchObject({ title: 'Edited', forMs: 600_000, provenance: '' });
    expect((store.rule('ui')?.updated ?? '') >= before).toBe(true);
    store.seedAlertRule(ruleBody({ uid: 'api' }), { provenance: 'api' });
    expect(() => store.uiEditAlertRule('api', { title: 'x' })).toThrow(/provisioned/);

    const cp = store.seedContactPoint({
      uid: 'c',
      name: 'c',
      type: 'slack',
      settings: { url: 'https://a', recipient: '#x' },
    });
    store.uiEditContactPoint('c', { settings: { url: '[REDACTED]', recipient: '#y' } });
    expect(cp).toMatchObject({ settings: { recipient: '#y' }, secureSettings: { url: 'https://a' } });
    store.uiEditContactPoint('c', { name: 'renamed' });
    expect(store.integration('c')?.name).toBe('renamed');
    store.seedContactPoint(
      { uid: 'p', name: 'p', type: 'email', settings: { addresses: 'a@b' } },
      { provenance: 'file' },
    );
    expect(() => store.uiEditContactPoint('p', { disableResolveMessage: true })).toThrow(/provisioned/);
  });
});
