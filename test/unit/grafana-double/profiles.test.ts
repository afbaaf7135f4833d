import { GrafanaDouble } from '../../grafana-double/server.js';
import { profileFromEnv, profileOptions, VERSION_PROFILES } from '../../grafana-double/profiles.js';
import { bearer, Harness } from './helpers.js';

/** The switches each version profile sets, seen through the HTTP API as a client sees them. */
describe('version profiles', () => {
  it('names 11.2, 12.2 and 13.0; a full version picks its minor; 12.2 is the default', () => {
    expect(VERSION_PROFILES).toEqual(['11.2', '12.2', '13.0']);
    expect(new GrafanaDouble().options).toMatchObject({ version: '12.2.0', tokenOrgLookup: 'token' });
    expect(new GrafanaDouble({ version: '13.0' }).options).toMatchObject({
      version: '13.0.0',
      dashboardConflictStatus: 409,
      refreshBelowMinimum: 'reject',
    });
    expect(profileOptions('11.2.9')).toMatchObject({ version: '11.2.9', dashboardTitleOverwrite: true });
    // An explicit switch wins over the profile.
    expect(
      new GrafanaDouble({ version: '11.2', dashboardTitleOverwrite: false }).options.dashboardTitleOverwrite,
    ).toBe(false);
    expect(() => new GrafanaDouble({ version: '10.4' })).toThrow(/no profile for version 10.4/);
    expect(profileFromEnv({})).toBe('12.2');
    expect(profileFromEnv({ GRAFANA_DOUBLE_VERSION: '13.0' })).toBe('13.0');
    expect(() => profileFromEnv({ GRAFANA_DOUBLE_VERSION: '9' })).toThrow(
      /known profiles are 11.2, 12.2, 13.0/,
    );
  });

  it('reports the profile version on /api/health', async () => {
    for (const version of VERSION_PROFILES) {
      const h = await Harness.start({ version });
      try {
        expect((await h.call('GET', '/api/health')).body.version).toBe(`${version}.0`);
      } finally {
        await h.stop();
      }
    }
  });

  describe('dashboard saves matched by title (11.2, §6.5)', () => {
    const save = (h: Harness, dashboard: object, overwrite: boolean) =>
      h.admin('POST', '/api/dashboards/db', { body: { dashboard, overwrite } });

    it('11.2: overwrite takes the dashboard with that title over, keeping its uid; without it, 412 name-exists', async () => {
      const h = await Harness.start({ version: '11.2' });
      try {
        const first = await save(h, { uid: 'first', title: 'Same', tags: ['a'] }, false);
        expect(first.status).toBe(200);
        const refused = await save(h, { uid: 'second', title: 'Same' }, false);
        expect(refused.status).toBe(412);
        expect(refused.body).toEqual({
          status: 'name-exists',
          message: 'A dashboard with the same name in the folder already exists',
        });
        const taken = await save(h, { uid: 'second', title: 'Same', tags: ['b'] }, true);
        expect(taken.status).toBe(200);
        expect(taken.body).toMatchObject({ uid: 'first', id: first.body.id, version: 2 });
        expect((await h.admin('GET', '/api/dashboards/uid/second')).status).toBe(404);
        expect((await h.admin('GET', '/api/dashboards/uid/first')).body.dashboard.tags).toEqual(['b']);
        // Another folder is another namespace for titles.
        await h.admin('POST', '/api/folders', { body: { uid: 'f', title: 'F' } });
        const elsewhere = await h.admin('POST', '/api/dashboards/db', {
          body: { dashboard: { uid: 'third', title: 'Same' }, folderUid: 'f', overwrite: true },
        });
        expect(elsewhere.body.uid).toBe('third');
      } finally {
        await h.stop();
      }
    });

    it('12.2 and 13.0: titles repeat; a new uid is a new dashboard', async () => {
      for (const version of ['12.2', '13.0'] as const) {
        const h = await Harness.start({ version });
        try {
          await save(h, { uid: 'first', title: 'Same' }, false);
          const second = await save(h, { uid: 'second', title: 'Same' }, true);
          expect(second.body.uid).toBe('second');
        } finally {
          await h.stop();
        }
      }
    });
  });

  describe('refresh below min_refresh_interval (§6.6)', () => {
    it('11.2 and 12.2 store the minimum; 13.0 answers 400', async () => {
      for (const version of ['11.2', '12.2'] as const) {
        const h = await Harness.start({ version });
        try {
          const saved = await h.admin('POST', '/api/dashboards/db', {
            body: { dashboard: { uid: 'r', title: 'R', refresh: '1s' } },
          });
          expect(saved.status).toBe(200);
          expect((await h.admin('GET', '/api/dashboards/uid/r')).body.dashboard.refresh).toBe('5s');
        } finally {
          await h.stop();
        }
      }
      const h = await Harness.start({ version: '13.0' });
      try {
        const refused = await h.admin('POST', '/api/dashboards/db', {
          body: { dashboard: { uid: 'r', title: 'R', refresh: '1s' } },
        });
        expect(refused.status).toBe(400);
        expect(refused.body.message).toBe('Dashboard refresh interval is too low');
        for (const accepted of ['', 'auto', 'off', '0', '10s']) {
          const ok = await h.admin('POST', '/api/dashboards/db', {
            body: { dashboard: { uid: 'r', title: 'R', refresh: accepted }, overwrite: true },
          });
          expect(ok.status).toBe(200);
        }
      } finally {
        await h.stop();
      }
    });
  });

  describe('service-account tokens of an org other than 1 (§1.2)', () => {
    const token = 'glsa_org2_token';
    const start = async (version: '12.2' | '13.0') => {
      const h = await Harness.start({ version });
      expect((await h.admin('POST', '/api/orgs', { body: { name: 'Second' } })).body).toMatchObject({
        orgId: 2,
      });
      h.double.addServiceAccountToken(token, { orgId: 2, role: 'Admin' });
      return h;
    };

    it('12.2: found without an org header (its own org), 401 organization-mismatch for another org', async () => {
      const h = await start('12.2');
      try {
        expect((await h.call('GET', '/api/folders', { auth: bearer(token) })).status).toBe(200);
        const other = await h.call('GET', '/api/folders', {
          auth: bearer(token),
          headers: { 'X-Grafana-Org-Id': '1' },
        });
        expect(other.status).toBe(401);
        expect(other.body.messageId).toBe('api-key.organization-mismatch');
      } finally {
        await h.stop();
      }
    });

    it('13.0: looked up in the request org (org 1 without a header): only found with its own org named', async () => {
      const h = await start('13.0');
      try {
        const bare = await h.call('GET', '/api/folders', { auth: bearer(token) });
        expect(bare.status).toBe(401);
        expect(bare.body.messageId).toBe('api-key.invalid');
        const named = await h.call('GET', '/api/folders', {
          auth: bearer(token),
          headers: { 'X-Grafana-Org-Id': '2' },
        });
        expect(named.status).toBe(200);
      } finally {
        await h.stop();
      }
    });
  });
});
