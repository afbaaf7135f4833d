import { contractGrafana } from './harness.js';

const route = (dashboardUid: string) => `/api/dashboards/uid/${dashboardUid}/public-dashboards`;
const NOT_FOUND = { messageId: 'publicdashboards.notFound', message: 'Dashboard not found' };

/** A dashboard's public dashboard as GrafanaDashboard spec.publicDashboard relies on it (§6.12). */
describe('contract: public dashboards (§6.12)', () => {
  const h = contractGrafana();

  const dashboard = async (uid: string) => {
    const res = await h.admin('POST', '/api/dashboards/db', { body: { dashboard: { uid, title: uid } } });
    expect(res.status).toBe(200);
  };
  const create = async (uid: string, body: Record<string, unknown> = {}) => {
    const res = await h.admin('POST', route(uid), { body });
    expect(res.status).toBe(200);
    return res.body as { uid: string; accessToken: string } & Record<string, unknown>;
  };

  it('a dashboard without one is 404 publicdashboards.notFound; one is created paused and shared by link unless told', async () => {
    await dashboard('pd-defaults');
    const none = await h.admin('GET', route('pd-defaults'));
    expect(none.status).toBe(404);
    expect(none.body).toMatchObject(NOT_FOUND);
    const made = await create('pd-defaults');
    expect(made).toMatchObject({
      dashboardUid: 'pd-defaults',
      isEnabled: false,
      timeSelectionEnabled: false,
      annotationsEnabled: false,
      share: 'public',
    });
    expect(made.accessToken).toMatch(/^[0-9a-f]{32}$/);
    expect((await h.admin('GET', route('pd-defaults'))).body).toMatchObject({
      uid: made.uid,
      accessToken: made.accessToken,
    });
  });

  it('a second create is 400 dashboardIsPublic; PATCH changes only the fields it names, never uid or token', async () => {
    await dashboard('pd-patch');
    const made = await create('pd-patch', { isEnabled: true });
    const again = await h.admin('POST', route('pd-patch'), { body: { isEnabled: true } });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ messageId: 'publicdashboards.dashboardIsPublic' });
    const patched = await h.admin('PATCH', `${route('pd-patch')}/${made.uid}`, {
      body: { timeSelectionEnabled: true },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      uid: made.uid,
      accessToken: made.accessToken,
      isEnabled: true,
      timeSelectionEnabled: true,
    });
  });

  it('takes a given uid and access token on create: how a public dashboard is made again under its link', async () => {
    await dashboard('pd-again');
    const made = await create('pd-again', { isEnabled: true });
    // Deleting the dashboard deletes its public dashboard.
    expect((await h.admin('DELETE', '/api/dashboards/uid/pd-again')).status).toBe(200);
    await dashboard('pd-again');
    expect((await h.admin('GET', route('pd-again'))).status).toBe(404);
    const remade = await create('pd-again', {
      uid: made.uid,
      accessToken: made.accessToken,
      isEnabled: true,
    });
    expect(remade).toMatchObject({ uid: made.uid, accessToken: made.accessToken });
  });

  it('DELETE removes it (200); a second DELETE is 404 publicdashboards.notFound', async () => {
    await dashboard('pd-delete');
    const made = await create('pd-delete');
    expect((await h.admin('DELETE', `${route('pd-delete')}/${made.uid}`)).status).toBe(200);
    expect((await h.admin('GET', route('pd-delete'))).status).toBe(404);
    const again = await h.admin('DELETE', `${route('pd-delete')}/${made.uid}`);
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject(NOT_FOUND);
  });
});
