import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { GrafanaRepositoryResource } from '../../../src/api/generated/index.js';
import { orgNamespace, type GrafanaApi, type RepositoryPlace } from '../../../src/grafana/index.js';
import { objectSpec, type KindScenario, type ScenarioContext } from './scenario.js';

/**
 * The directory the scenario's local repositories read: one Grafana can reach. With the double, a
 * directory of this machine; against a real Grafana, GRAFANA_REPOSITORY_PATH names one within its
 * permitted_provisioning_paths.
 */
let directory = process.env.GRAFANA_REPOSITORY_PATH ?? '';

/** The remote of examples/repositories/dashboards.yaml, for the tests that apply it to the double. */
export const EXAMPLE_REMOTE = { url: 'https://github.com/example/grafana-dashboards', branch: 'main' };

/** Where the org's repositories are (the fixture's instance acts in org 1). */
export async function repositoryPlace(api: GrafanaApi): Promise<RepositoryPlace> {
  return { version: (await api.repositories.servedVersion()) ?? 'v0alpha1', namespace: orgNamespace(1) };
}

/** A Kubernetes name unique to the run (Grafana names repositories as Kubernetes does). */
const repositoryName = (c: ScenarioContext) => c.n('repo').slice(0, 40).replace(/-+$/, '');

export const repositories: KindScenario = {
  title: 'GrafanaRepository',
  type: GrafanaRepositoryResource,
  name: 'repository',
  // Git Sync needs Grafana 12 or later with the feature toggle provisioning.
  supported: async (c) => (await c.f.grafana.api.repositories.servedVersion()) !== undefined,
  prepare: async () => {
    if (!directory) directory = mkdtempSync(join(tmpdir(), 'repository-'));
  },
  spec: (c) => ({
    ...objectSpec(c),
    title: `Dashboards ${c.n('repo')}`,
    type: 'local',
    path: directory,
    workflows: ['write'],
  }),
  change: (c) => ({ title: `Team dashboards ${c.n('repo')}`, workflows: [] }),
  read: async (c, uid) => {
    const api = c.f.grafana.api;
    const found = await api.repositories.get(await repositoryPlace(api), uid);
    if (!found) return undefined;
    const { spec } = found;
    return {
      title: spec.title,
      type: spec.type,
      path: spec.local?.path,
      workflows: spec.workflows,
      sync: { enabled: spec.sync.enabled, target: spec.sync.target },
    };
  },
  expected: (c, stage) => ({
    title: stage === 'created' ? `Dashboards ${c.n('repo')}` : `Team dashboards ${c.n('repo')}`,
    type: 'local',
    path: directory,
    workflows: stage === 'created' ? ['write'] : [],
    sync: { enabled: true, target: 'folder' },
  }),
  // The repository's settings page: another title, read-only.
  edit: async (c, uid) => {
    const api = c.f.grafana.api;
    const place = await repositoryPlace(api);
    const found = (await api.repositories.get(place, uid))!;
    await api.repositories.update(place, {
      metadata: { name: uid },
      spec: { ...found.spec, title: 'Edited in Grafana', workflows: [] },
    });
  },
  drift: ['title', 'workflows'],
  // Connected in Grafana's provisioning settings: same directory, another title.
  byHand: async (c) => {
    const api = c.f.grafana.api;
    const name = repositoryName(c);
    await api.repositories.create(await repositoryPlace(api), {
      metadata: { name },
      spec: {
        title: 'Connected by hand',
        type: 'local',
        local: { path: directory },
        workflows: [],
        sync: { enabled: false, target: 'folder' },
      },
    });
    return { uid: name, spec: { uid: name } };
  },
  cleanup: async () => {
    if (!process.env.GRAFANA_REPOSITORY_PATH && directory)
      rmSync(directory, { recursive: true, force: true });
  },
};
