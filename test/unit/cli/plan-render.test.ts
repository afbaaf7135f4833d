import { fieldChanges } from '../../../src/cli/plan/field-changes.js';
import { hasPendingChanges, isIncomplete, type Plan } from '../../../src/cli/plan/model.js';
import { fieldLine, renderJson, renderText } from '../../../src/cli/plan/render.js';

const instance = { name: 'main', url: 'http://grafana:3000', orgId: 1, ready: true, message: 'Connected' };

const plan: Plan = {
  namespace: 'team-a',
  instances: [instance, { name: 'old', url: 'http://old:3000', ready: false, message: 'Unauthorized' }],
  changes: [
    {
      instance: 'main',
      kind: 'GrafanaFolder',
      name: 'team',
      action: 'create',
      uid: 'team-1',
      message: 'absent',
    },
    {
      instance: 'main',
      kind: 'GrafanaDashboard',
      name: 'overview',
      action: 'create',
      uid: 'overview-1',
      after: ['GrafanaFolder/team'],
      message: 'absent',
    },
    {
      instance: 'main',
      kind: 'GrafanaDatasource',
      name: 'prometheus',
      action: 'update',
      uid: 'prometheus-1',
      message: 'changed in Grafana: writing back what drifted',
      fields: [
        { path: 'url', before: 'http://a', after: 'http://b' },
        { path: 'secureJsonData.basicAuthPassword', secret: true },
      ],
    },
    {
      instance: 'main',
      kind: 'GrafanaFolder',
      name: 'ops',
      action: 'no change',
      uid: 'ops-1',
      message: 'unchanged',
    },
    { instance: 'main', kind: 'GrafanaFolder', name: 'taken', action: 'conflict', message: 'uid x exists' },
  ],
};

describe('plan rendering', () => {
  it('prints one line per object and instance, the fields below, and a summary', () => {
    expect(renderText(plan)).toBe(
      [
        'GrafanaInstance old is not ready: Unauthorized',
        'main  create     GrafanaFolder/team (uid team-1): absent',
        'main  create     GrafanaDashboard/overview (uid overview-1), after creating GrafanaFolder/team: absent',
        'main  update     GrafanaDatasource/prometheus (uid prometheus-1): changed in Grafana: writing back what drifted',
        '    url: "http://a" → "http://b"',
        '    secureJsonData.basicAuthPassword: (secret, changed)',
        'main  no change  GrafanaFolder/ops (uid ops-1)',
        'main  conflict   GrafanaFolder/taken: uid x exists',
        'Plan for namespace team-a: 2 to create, 1 to update, 0 to adopt, 0 to delete; 1 in conflict.',
        '',
      ].join('\n'),
    );
  });

  it('says so when nothing would be written', () => {
    const quiet: Plan = { ...plan, instances: [instance], changes: [plan.changes[3]!] };
    expect(renderText(quiet)).toMatch(/\nPlan for namespace team-a: no changes\.\n$/);
    expect(hasPendingChanges(quiet)).toBe(false);
    expect(hasPendingChanges(plan)).toBe(true);
  });

  it('gives tools the plan, a count per action and whether anything is pending', () => {
    const json = JSON.parse(renderJson(plan)) as Record<string, unknown>;
    expect(json).toMatchObject({ namespace: 'team-a', pending: true, changes: plan.changes });
    expect(json.summary).toEqual({
      create: 2,
      update: 1,
      adopt: 0,
      delete: 0,
      'no change': 1,
      conflict: 1,
      waiting: 0,
      invalid: 0,
      error: 0,
    });
  });

  it('an object that could not be planned makes the plan incomplete', () => {
    expect(isIncomplete(plan)).toBe(false);
    expect(isIncomplete({ ...plan, changes: [{ ...plan.changes[0]!, action: 'error' }] })).toBe(true);
  });

  it('shows absent values as (none) and cuts long ones', () => {
    expect(fieldLine({ path: 'folderUid', after: 'team-1' })).toBe('folderUid: (none) → "team-1"');
    expect(fieldLine({ path: 'description', before: 'x'.repeat(200), after: '' })).toMatch(
      /^description: "x{78}… → ""$/,
    );
  });
});

describe('the values behind the fields a diff names', () => {
  it('finds them in the payload and in what Grafana has, down to the leaves of objects', () => {
    const desired = { payload: { url: 'http://b', jsonData: { timeInterval: '1m', httpMethod: 'POST' } } };
    const observed = { url: 'http://a', jsonData: { timeInterval: '30s', httpMethod: 'POST' } };
    expect(fieldChanges(['url', 'jsonData'], desired, observed)).toEqual([
      { path: 'url', before: 'http://a', after: 'http://b' },
      { path: 'jsonData.timeInterval', before: '30s', after: '1m' },
    ]);
  });

  it('looks dashboard JSON paths up in the dashboard, and a folder under its uid field', () => {
    const desired = { dashboard: { title: 'New', panels: [{ title: 'CPU' }] }, folderUid: 'f2' };
    const observed = { dashboard: { title: 'Old', panels: [{ title: 'Load' }] }, folderUid: 'f1' };
    expect(fieldChanges(['title', 'panels[0].title', 'folder'], desired, observed)).toEqual([
      { path: 'title', before: 'Old', after: 'New' },
      { path: 'panels[0].title', before: 'Load', after: 'CPU' },
      { path: 'folder', before: 'f1', after: 'f2' },
    ]);
  });

  it('never shows a secret value', () => {
    const desired = { settings: { url: 'http://hook', password: 'p2' } };
    const observed = { settings: { url: 'http://old', password: 'p1' } };
    expect(fieldChanges(['secureJsonData.token', 'settings'], desired, observed)).toEqual([
      { path: 'secureJsonData.token', secret: true },
      { path: 'settings.password', secret: true },
      { path: 'settings.url', before: 'http://old', after: 'http://hook' },
    ]);
  });

  it('names a field it cannot look up without values', () => {
    expect(fieldChanges(['permissions'], {}, {})).toEqual([{ path: 'permissions' }]);
  });
});
