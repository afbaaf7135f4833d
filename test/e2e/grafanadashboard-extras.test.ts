import { readFileSync } from 'node:fs';
import { GrafanaDashboardResource, type GrafanaDashboard } from '../../src/api/generated/index.js';
import { driftEvent } from '../support/events.js';
import { objectFixture, type ObjectFixture } from '../support/fixture.js';
import { editsIn } from '../support/grafana-edits.js';
import { reconcileOnFreshLists } from '../support/operator.js';
import { eventually } from '../support/wait.js';

type Json = Record<string, unknown>;

/** A dashboard with a variable of each kind that has a value, as Grafana saves them. */
const withVariables = (title: string): Json => ({
  ...(JSON.parse(
    readFileSync(new URL('../fixtures/dashboards/variables.json', import.meta.url), 'utf8'),
  ) as Json),
  title,
});

describe('GrafanaDashboard extras: spec.variables', () => {
  let f: ObjectFixture;
  /** Names unique per run, so a shared real Grafana does not see clashes between runs. */
  let n: (name: string) => string;

  beforeAll(async () => {
    f = await objectFixture('dash-extras');
    n = (name) => `${name}-${f.kube.namespace}`;
  });

  afterAll(async () => {
    await f?.stop();
  });

  const spec = (title: string, extra: Json = {}) => ({
    instanceSelector: f.selector,
    resyncPeriod: '10s',
    json: JSON.stringify(withVariables(title)),
    ...extra,
  });
  const synced = async (name: string) =>
    (await f.kube.waitReady(GrafanaDashboardResource, name, {
      status: 'True',
      reason: 'Synced',
    })) as GrafanaDashboard;
  const uidOf = async (name: string) => (await synced(name)).status?.uid ?? '';
  const variablesIn = async (uid: string) =>
    ((await f.grafana.api.dashboards.get(uid)).dashboard.templating as { list: Json[] }).list;

  it('writes the defaults into templating.list, and saves again when they change', async () => {
    await f.kube.create(
      GrafanaDashboardResource,
      'vars',
      spec(n('vars'), {
        variables: [
          { name: 'env', value: 'prod' },
          { name: 'cluster', value: 'eu-1' },
        ],
      }),
    );
    const uid = await uidOf('vars');
    const [env, , , cluster] = await variablesIn(uid);
    expect(env).toMatchObject({
      current: { text: 'prod', value: 'prod' },
      options: [
        { value: 'dev', selected: false },
        { value: 'prod', selected: true },
      ],
    });
    expect(cluster).toMatchObject({ query: 'eu-1', current: { text: 'eu-1', value: 'eu-1' } });

    await f.kube.patchSpec(GrafanaDashboardResource, 'vars', {
      variables: [
        { name: 'env', value: 'dev', text: 'Development' },
        { name: 'cluster', value: 'eu-1' },
      ],
    });
    await eventually(
      async () =>
        JSON.stringify((await variablesIn(uid))[0]?.current) === '{"text":"Development","value":"dev"}',
      { what: 'env defaulting to dev' },
    );
  });

  it('a default changed in Grafana is reverted with a DriftReverted Event', async () => {
    const uid = await uidOf('vars');
    await editsIn(f.grafana).editDashboard(uid, (dashboard) => {
      const env = (dashboard.templating as { list: Json[] }).list[0]!;
      env.current = { text: 'prod', value: 'prod' };
    });
    await reconcileOnFreshLists(f, GrafanaDashboardResource, ['vars']);
    await driftEvent(f.kube, 'vars', 'templating.list[0].current');
    expect((await variablesIn(uid))[0]?.current).toEqual({ text: 'Development', value: 'dev' });
  });

  it('a name that is not a variable of the dashboard is InvalidSpec naming it, and nothing is written', async () => {
    const before = f.grafana.recorder.writes().length;
    await f.kube.create(
      GrafanaDashboardResource,
      'typo',
      spec(n('typo'), { variables: [{ name: 'enviroment', value: 'prod' }] }),
    );
    const object = await f.kube.waitReady(GrafanaDashboardResource, 'typo', {
      status: 'False',
      reason: 'InvalidSpec',
    });
    expect(object.status?.conditions?.find((c) => c.type === 'Ready')?.message).toContain(
      'spec.variables names enviroment, which is not a variable of the dashboard in spec.json (its variables: env, job, ds, cluster, filter, filters)',
    );
    expect(
      f.grafana.recorder
        .writes()
        .slice(before)
        .filter((w) => JSON.stringify(w.body).includes(n('typo'))),
    ).toEqual([]);
  });
});
