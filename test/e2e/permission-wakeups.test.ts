/**
 * A folder or dashboard whose spec.permissions name a team or service account that a GrafanaTeam /
 * GrafanaServiceAccount of the namespace is about to make waits (DependencyNotReady), and is
 * requeued when that object changes: not left to its retry backoff, which after a few misses is
 * minutes (the demo's `acme` folder waited past its deadline that way). The operator here retries
 * only after 10 minutes, so Ready within the test's waits is the wake-up, not a retry.
 */
import {
  GrafanaDashboardResource,
  GrafanaFolderResource,
  GrafanaServiceAccountResource,
  GrafanaTeamResource,
} from '../../src/api/generated/index.js';
import type { ResourceType } from '../../src/runtime/kube/types.js';
import { objectFixture, type ObjectFixture } from '../support/fixture.js';
import { sortedGrantees } from './scenarios/permissions.js';

const NO_RETRY_SOON = { RETRY_BASE_DELAY_MS: '600000', RETRY_MAX_DELAY_MS: '600000' };

describe('permissions wait for the team or service account a GrafanaTeam / GrafanaServiceAccount makes', () => {
  let f: ObjectFixture;
  let n: (name: string) => string;

  beforeAll(async () => {
    f = await objectFixture('permission-wakeups', { env: NO_RETRY_SOON });
    n = (name) => `${name}-${f.kube.namespace}`;
  });

  afterAll(async () => {
    await f?.stop();
  });

  const message = async (resource: ResourceType, name: string) =>
    (
      await f.kube.waitReady(resource, name, { status: 'False', reason: 'DependencyNotReady' })
    ).status?.conditions?.find((c) => c.type === 'Ready')?.message;

  it('a folder naming a team, and a dashboard naming a service account, are Ready once those are made', async () => {
    await f.kube.create(GrafanaFolderResource, 'shared', {
      instanceSelector: f.selector,
      title: 'Shared',
      permissions: [{ team: n('platform'), permission: 'Edit' }],
    });
    await f.kube.create(GrafanaDashboardResource, 'robot-board', {
      instanceSelector: f.selector,
      json: JSON.stringify({ title: 'Robot board', panels: [], schemaVersion: 39 }),
      permissions: [{ serviceAccount: n('robot'), permission: 'View' }],
    });
    expect(await message(GrafanaFolderResource, 'shared')).toContain(`no team named "${n('platform')}"`);
    expect(await message(GrafanaDashboardResource, 'robot-board')).toContain(
      `no service account named "${n('robot')}"`,
    );

    await f.kube.create(GrafanaTeamResource, 'platform', {
      instanceSelector: f.selector,
      name: n('platform'),
    });
    await f.kube.create(GrafanaServiceAccountResource, 'robot', {
      instanceSelector: f.selector,
      name: n('robot'),
      role: 'Viewer',
    });

    const folder = await f.kube.waitReady(GrafanaFolderResource, 'shared', {
      status: 'True',
      reason: 'Synced',
    });
    const board = await f.kube.waitReady(GrafanaDashboardResource, 'robot-board', {
      status: 'True',
      reason: 'Synced',
    });
    const [team] = await f.grafana.api.teams.list({ name: n('platform') });
    const robot = (await f.grafana.api.serviceAccounts.list()).find((sa) => sa.name === n('robot'));
    expect(sortedGrantees(await f.grafana.api.folderPermissions.get(folder.status?.uid ?? ''))).toContain(
      `team:${team?.id}=Edit`,
    );
    expect(sortedGrantees(await f.grafana.api.dashboardPermissions.get(board.status?.uid ?? ''))).toContain(
      `user:${robot?.id}=View`,
    );
  }, 120_000);
});
