import { contractGrafana } from './harness.js';

const GROUP = '/apis/provisioning.grafana.app';

/**
 * Git Sync repositories as GrafanaRepository relies on them (§22), with the feature toggle
 * provisioning: the versions served per release, secure values, admission defaults, optimistic
 * locking and the 424 of a job for an unhealthy repository. Against GRAFANA_URL the tests need a
 * Grafana started with the toggle; without it they check only that the group is absent.
 */
describe('contract: Git Sync repositories (§22)', () => {
  const h = contractGrafana({ featureToggles: { provisioning: true } });
  /** The version the operator would write, or undefined where the group is not served. */
  let version: string | undefined;

  beforeAll(async () => {
    const discovery = await h.call('GET', GROUP, { auth: h.adminAuth });
    const served = ((discovery.body?.versions ?? []) as Array<{ version: string }>).map((v) => v.version);
    version = ['v1beta1', 'v0alpha1'].find((v) => served.includes(v));
  });

  const base = () => `${GROUP}/${version}/namespaces/${h.namespace}/repositories`;
  const repository = (name: string, extra: Record<string, unknown> = {}) => ({
    apiVersion: `provisioning.grafana.app/${version}`,
    kind: 'Repository',
    metadata: { name },
    spec: {
      title: 'Contract',
      type: 'git',
      git: { url: 'https://git.invalid/contract.git', branch: 'main' },
      sync: { enabled: false, target: 'folder' },
    },
    ...extra,
  });
  /** Runs `test` where the group is served; elsewhere it must be absent (before 12, or no toggle). */
  const served = (test: () => Promise<void>) => async () => {
    if (version === undefined) {
      expect(h.byVersion({ '<12.0': 'absent', default: process.env.GRAFANA_URL ? 'absent' : 'served' })).toBe(
        'absent',
      );
      return;
    }
    await test();
  };

  it('is served per release: none before 12, v0alpha1 on 12.x, and v1beta1 beside it on main', async () => {
    const discovery = await h.call('GET', GROUP, { auth: h.adminAuth });
    const versions = ((discovery.body?.versions ?? []) as Array<{ version: string }>)
      .map((v) => v.version)
      .sort();
    if (process.env.GRAFANA_URL && discovery.status === 404) return;
    expect(versions).toEqual(
      h.byVersion({ '<12.0': [], '<13.0': ['v0alpha1'], default: ['v0alpha1', 'v1beta1'] }),
    );
  });

  it(
    'creates with the token as a secure value, answered only as a reference; admission fills in the defaults',
    served(async () => {
      const name = h.unique('contract');
      const created = await h.admin('POST', base(), {
        body: repository(name, { secure: { token: { create: 'contract-token' } } }),
      });
      expect(created.status).toBe(201);
      const got = await h.admin('GET', `${base()}/${name}`);
      expect(got.status).toBe(200);
      expect(got.text).not.toContain('contract-token');
      expect(got.body.secure.token.name).toBeTruthy();
      expect(got.body.spec.workflows).toEqual([]);
      expect(got.body.spec.sync.intervalSeconds).toBeGreaterThan(0);
      expect((await h.admin('POST', base(), { body: repository(name) })).status).toBe(409);
      expect((await h.admin('GET', `${base()}/${h.unique('missing')}`)).status).toBe(404);
    }),
  );

  it(
    'an update without secure keeps the token, remove drops it; a stale resourceVersion is a 409',
    served(async () => {
      const name = h.unique('contract');
      await h.admin('POST', base(), {
        body: repository(name, { secure: { token: { create: 'contract-token' } } }),
      });
      const first = await h.admin('GET', `${base()}/${name}`);
      const rv = first.body.metadata.resourceVersion as string;
      const kept = await h.admin('PUT', `${base()}/${name}`, {
        body: { ...repository(name), metadata: { name, resourceVersion: rv } },
      });
      expect(kept.status).toBe(200);
      expect((await h.admin('GET', `${base()}/${name}`)).body.secure?.token?.name).toBeTruthy();
      const stale = await h.admin('PUT', `${base()}/${name}`, {
        body: { ...repository(name), metadata: { name, resourceVersion: rv } },
      });
      expect(stale.status).toBe(409);
      await h.admin('PUT', `${base()}/${name}`, {
        body: repository(name, { secure: { token: { remove: true } } }),
      });
      expect((await h.admin('GET', `${base()}/${name}`)).body.secure?.token?.name).toBeFalsy();
      expect((await h.admin('DELETE', `${base()}/${name}`)).status).toBe(200);
    }),
  );

  it(
    'a pull job for a repository Grafana cannot reach is refused with 424',
    served(async () => {
      const name = h.unique('contract');
      await h.admin('POST', base(), { body: repository(name) });
      const job = await h.admin('POST', `${base()}/${name}/jobs`, {
        body: { action: 'pull', pull: { incremental: false } },
      });
      expect(job.status).toBe(424);
    }),
  );
});
