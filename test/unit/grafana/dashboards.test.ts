import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  GrafanaApi,
  GrafanaConflictError,
  GrafanaHttpClient,
  GrafanaNotFoundError,
  GrafanaValidationError,
  GrafanaVersionMismatchError,
  undefinedIfNotFound,
} from '../../../src/grafana/index.js';
import { dashboardsOf } from '../../grafana-double/dashboard-state.js';
import { GrafanaDouble } from '../../grafana-double/server.js';

let double: GrafanaDouble;
let http: GrafanaHttpClient;
let api: GrafanaApi;

beforeEach(async () => {
  double = new GrafanaDouble();
  const url = await double.start();
  http = new GrafanaHttpClient({
    url,
    auth: { kind: 'basic', username: 'admin', password: 'admin' },
    retry: { baseDelayMs: 1 },
  });
  api = new GrafanaApi(http);
});

afterEach(async () => {
  http.close();
  await double.stop();
});

describe('DashboardsApi against the double', () => {
  it('saves, reads and deletes a dashboard', async () => {
    await api.folders.create({ uid: 'ops', title: 'Ops' });
    const saved = await api.dashboards.save({
      dashboard: { uid: 'cpu', title: 'CPU', tags: ['infra'], panels: [] },
      folderUid: 'ops',
      message: 'created by test',
    });
    expect(saved).toEqual({
      id: expect.any(Number),
      uid: 'cpu',
      url: '/d/cpu/cpu',
      status: 'success',
      version: 1,
      slug: 'cpu',
      folderUid: 'ops',
    });
    expect(double.requests.at(-1)?.body).toEqual({
      dashboard: { uid: 'cpu', title: 'CPU', tags: ['infra'], panels: [] },
      folderUid: 'ops',
      message: 'created by test',
    });

    const got = await api.dashboards.get('cpu');
    expect(got.dashboard).toEqual({
      uid: 'cpu',
      title: 'CPU',
      tags: ['infra'],
      panels: [],
      id: saved.id,
      version: 1,
    });
    expect(got.meta).toMatchObject({ folderUid: 'ops', folderTitle: 'Ops', provisioned: false, version: 1 });

    await expect(api.dashboards.delete('cpu')).resolves.toEqual({
      title: 'CPU',
      message: 'Dashboard CPU deleted',
      uid: 'cpu',
    });
    await expect(api.dashboards.get('cpu')).rejects.toBeInstanceOf(GrafanaNotFoundError);
    await expect(undefinedIfNotFound(api.dashboards.get('cpu'))).resolves.toBeUndefined();
    await expect(api.dashboards.delete('cpu')).rejects.toBeInstanceOf(GrafanaNotFoundError);
  });

  it('overwrite bumps the version on every save; a stale version is a VersionMismatch (412)', async () => {
    await api.dashboards.save({ dashboard: { uid: 'd', title: 'T' } });
    const second = await api.dashboards.save({ dashboard: { uid: 'd', title: 'T' }, overwrite: true });
    expect(second.version).toBe(2);
    const error = await api.dashboards
      .save({ dashboard: { uid: 'd', title: 'T', version: 1 } })
      .catch((e) => e);
    expect(error).toBeInstanceOf(GrafanaVersionMismatchError);
    expect(error).toMatchObject({ reason: 'VersionMismatch', status: 412, messageId: 'version-mismatch' });
    await expect(
      api.dashboards.save({ dashboard: { uid: 'd', title: 'T', version: 2 } }),
    ).resolves.toMatchObject({
      version: 3,
    });
  });

  it('classifies the 13.x 409 "Use overwrite flag" as a VersionMismatch too', async () => {
    double.options.dashboardConflictStatus = 409;
    await api.dashboards.save({ dashboard: { uid: 'd', title: 'T' } });
    const error = await api.dashboards.save({ dashboard: { uid: 'd', title: 'T' } }).catch((e) => e);
    expect(error).toBeInstanceOf(GrafanaVersionMismatchError);
    expect(error.status).toBe(409);
  });

  it('classifies an empty title as InvalidSpec with messageId empty-name, and a 413 as InvalidSpec', async () => {
    const empty = await api.dashboards.save({ dashboard: { title: ' ' } }).catch((e) => e);
    expect(empty).toBeInstanceOf(GrafanaValidationError);
    expect(empty).toMatchObject({ reason: 'InvalidSpec', status: 400, messageId: 'empty-name' });

    double.options.maxDashboardBytes = 1024 * 1024;
    const large = await api.dashboards
      .save({ dashboard: { title: 'L', blob: 'x'.repeat(1024 * 1024) } })
      .catch((e) => e);
    expect(large).toBeInstanceOf(GrafanaValidationError);
    expect(large).toMatchObject({ status: 413, grafanaMessage: 'Dashboard is too large, max is 1 MB' });
  });

  it('classifies a missing folder as NotFound so the caller requeues until the folder exists', async () => {
    const error = await api.dashboards
      .save({ dashboard: { title: 'T' }, folderUid: 'later' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(GrafanaNotFoundError);
    expect(error).toMatchObject({ status: 400, grafanaMessage: 'folder not found' });
  });

  it('classifies saving and deleting a file-provisioned dashboard as Conflict', async () => {
    dashboardsOf(double.state.org(1)).seedProvisionedDashboard({ uid: 'p', title: 'P' });
    expect((await api.dashboards.get('p')).meta.provisioned).toBe(true);
    const save = await api.dashboards
      .save({ dashboard: { uid: 'p', title: 'P' }, overwrite: true })
      .catch((e) => e);
    expect(save).toBeInstanceOf(GrafanaConflictError);
    expect(save).toMatchObject({ reason: 'Conflict', status: 400 });
    const del = await api.dashboards.delete('p').catch((e) => e);
    expect(del).toBeInstanceOf(GrafanaConflictError);
  });

  it('works per org through withOrg', async () => {
    const org = await api.orgs.create({ name: 'Team' });
    const team = api.withOrg(org.orgId);
    await team.dashboards.save({ dashboard: { uid: 'd', title: 'Team' } });
    await expect(team.dashboards.get('d')).resolves.toMatchObject({ dashboard: { title: 'Team' } });
    await expect(api.dashboards.get('d')).rejects.toBeInstanceOf(GrafanaNotFoundError);
  });
});
