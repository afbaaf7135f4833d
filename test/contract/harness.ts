/**
 * The Grafana a contract test runs against: the API double in the version profile of this jest
 * project (`contractProfile` in jest.config.js, else GRAFANA_DOUBLE_VERSION, else 12.2), or the
 * real Grafana in GRAFANA_URL with the server-admin credentials GRAFANA_USER / GRAFANA_PASSWORD
 * (default admin/admin). Tests reach it only through HTTP, so the same test holds for both.
 *
 * Isolation: every test runs in an org of its own, created before it and deleted after it, so
 * uids and names only need to be unique within the test and a shared Grafana is left as found.
 * A file whose tests clean up what they make may share one org (`orgPer: 'file'`): it is created
 * once, which saves the wait for its alerting configuration on a real Grafana.
 * Users are global: `createUser` makes unique logins and deletes them afterwards.
 */
import { randomBytes } from 'node:crypto';

import { profileFromEnv } from '../grafana-double/profiles.js';
import { GrafanaDouble } from '../grafana-double/server.js';
import { basic, bearer, call, type CallOptions, type CallResult } from './http.js';
import { versionMatches, type VersionTable } from './versions.js';

type OrgRole = 'Viewer' | 'Editor' | 'Admin';

interface Target {
  url: string;
  adminLogin: string;
  adminPassword: string;
  stop(): Promise<void>;
}

export interface ContractOptions {
  /**
   * Wait until the test's org answers the alerting provisioning API: Grafana creates an org's
   * Alertmanager configuration in its periodic org sync, not when the org is created (§3.1).
   */
  alerting?: boolean;
  /**
   * `test` (default): a new org per test. `file`: one org for the file's tests, which then must
   * use unique uids/names and leave the org as they found it (`defer` runs after each test).
   */
  orgPer?: 'test' | 'file';
  /** Feature toggles the double starts with (a real Grafana is as it was started). */
  featureToggles?: Record<string, boolean>;
}

/** Someone to call as: credentials and the org to name in `X-Grafana-Org-Id`. */
export interface Caller {
  auth: string;
  orgId: number;
}

export interface TestUser extends Caller {
  id: number;
  login: string;
  password: string;
  auth: string;
}

export interface TestToken extends Caller {
  serviceAccountId: number;
  serviceAccountUid: string;
  /** `sa-<orgId>-<name>` (§2.3). */
  login: string;
  token: string;
  auth: string;
}

const ALERTING_READY_TIMEOUT_MS = 90_000;

async function startTarget(featureToggles?: Record<string, boolean>): Promise<Target> {
  const url = process.env.GRAFANA_URL;
  if (url) {
    return {
      url,
      adminLogin: process.env.GRAFANA_USER ?? 'admin',
      adminPassword: process.env.GRAFANA_PASSWORD ?? 'admin',
      stop: async () => undefined,
    };
  }
  const projectProfile = (globalThis as { contractProfile?: string }).contractProfile;
  const version = profileFromEnv(
    projectProfile === undefined ? process.env : { GRAFANA_DOUBLE_VERSION: projectProfile },
  );
  const double = new GrafanaDouble({ version, ...(featureToggles ? { featureToggles } : {}) });
  return {
    url: await double.start(),
    adminLogin: double.options.adminLogin,
    adminPassword: double.options.adminPassword,
    stop: () => double.stop(),
  };
}

export class ContractGrafana {
  private target: Target | undefined;
  private currentOrgId: number | undefined;
  private grafanaVersion: string | undefined;
  private readonly cleanups: Array<() => Promise<unknown>> = [];
  /** Cleanups registered outside a test (the file's org): run after the file. */
  private readonly fileCleanups: Array<() => Promise<unknown>> = [];
  private inTest = false;

  /** Registers the jest hooks: one Grafana per file, one org per test. */
  constructor(private readonly options: ContractOptions = {}) {
    beforeAll(async () => {
      this.target = await startTarget(this.options.featureToggles);
      const health = await call(this.target.url, 'GET', '/api/health');
      if (health.status !== 200 || typeof health.body?.version !== 'string') {
        throw new Error(
          `GET /api/health answered ${health.status} ${health.text}: no version to test against`,
        );
      }
      this.grafanaVersion = health.body.version;
      if (this.orgPerFile) await this.setUpOrg();
    });
    beforeEach(async () => {
      this.inTest = true;
      if (!this.orgPerFile) await this.setUpOrg();
    });
    afterEach(async () => {
      this.inTest = false;
      await runCleanups(this.cleanups);
      if (!this.orgPerFile) this.currentOrgId = undefined;
    });
    afterAll(async () => {
      try {
        await runCleanups(this.fileCleanups);
      } finally {
        this.currentOrgId = undefined;
        await this.target?.stop();
      }
    });
  }

  get url(): string {
    return this.mustTarget().url;
  }

  /** The version `GET /api/health` reports, e.g. `12.2.0`. */
  get version(): string {
    if (this.grafanaVersion === undefined) throw new Error('Grafana not started yet');
    return this.grafanaVersion;
  }

  /** The org the current test runs in. */
  get orgId(): number {
    if (this.currentOrgId === undefined) throw new Error('no test org outside a test');
    return this.currentOrgId;
  }

  /** The k8s-style namespace of the test's org (`org-<id>`; `default` is org 1, §10). */
  get namespace(): string {
    return `org-${this.orgId}`;
  }

  /** The value for the running Grafana's version: the first matching key, else `default` (versions.ts). */
  byVersion<T>(table: VersionTable<T>): T {
    return versionMatches(this.version, table);
  }

  /** A name no other test or run uses: `<prefix>-<8 hex>`. */
  unique(prefix: string): string {
    return `${prefix}-${randomBytes(4).toString('hex')}`;
  }

  /**
   * Runs after the test (last registered first), before its org is deleted; registered outside a
   * test (in `beforeAll`), after the file.
   */
  defer(cleanup: () => Promise<unknown>): void {
    (this.inTest ? this.cleanups : this.fileCleanups).push(cleanup);
  }

  call(method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
    return call(this.url, method, path, options);
  }

  /** The server admin's login (what Grafana records as `createdBy`/`updatedBy` of its writes). */
  get adminLogin(): string {
    return this.mustTarget().adminLogin;
  }

  /** Basic-auth server-admin credentials. */
  get adminAuth(): string {
    const target = this.mustTarget();
    return basic(target.adminLogin, target.adminPassword);
  }

  /** As the server admin in the test's org, unless the options name another org. */
  admin(method: string, path: string, options: Omit<CallOptions, 'auth'> = {}): Promise<CallResult> {
    const names = Object.keys(options.headers ?? {}).some((h) => h.toLowerCase() === 'x-grafana-org-id');
    const headers = names ? options.headers : { ...options.headers, 'X-Grafana-Org-Id': String(this.orgId) };
    return this.call(method, path, { ...options, headers, auth: this.adminAuth });
  }

  /**
   * As `caller` in its org, named in `X-Grafana-Org-Id` unless the options name one: from 13.0 a
   * token is looked up in the request's org, org 1 when none is named (§1.2).
   */
  as(
    caller: Caller,
    method: string,
    path: string,
    options: Omit<CallOptions, 'auth'> = {},
  ): Promise<CallResult> {
    const names = Object.keys(options.headers ?? {}).some((h) => h.toLowerCase() === 'x-grafana-org-id');
    const headers = names
      ? options.headers
      : { ...options.headers, 'X-Grafana-Org-Id': String(caller.orgId) };
    return this.call(method, path, { ...options, headers, auth: caller.auth });
  }

  /** As the server admin with no org named: the admin's own current org. */
  serverAdmin(method: string, path: string, options: Omit<CallOptions, 'auth'> = {}): Promise<CallResult> {
    return this.call(method, path, { ...options, auth: this.adminAuth });
  }

  /** A new org (the admin is its Admin), deleted after the test with everything in it. */
  async createOrg(): Promise<number> {
    const created = await this.expectOk(
      this.serverAdmin('POST', '/api/orgs', { body: { name: this.unique('contract') } }),
      'create org',
    );
    const orgId = created.body.orgId as number;
    // Deleted from org 1 so the org is never the caller's current one (400 otherwise, §3).
    this.defer(() =>
      this.expectOk(
        this.serverAdmin('DELETE', `/api/orgs/${orgId}`, { headers: { 'X-Grafana-Org-Id': '1' } }),
        `delete org ${orgId}`,
      ),
    );
    return orgId;
  }

  /**
   * A user with `roles` per org (default: Viewer of the test's org), deleted after the test. Its
   * current org is the first org of `roles` (`POST /api/admin/users` with `orgId`, §3.1).
   */
  async createUser(roles: Record<number, OrgRole> = { [this.orgId]: 'Viewer' }): Promise<TestUser> {
    const login = this.unique('user');
    const password = randomBytes(12).toString('hex');
    const orgs = Object.entries(roles).map(([orgId, role]) => ({ orgId: Number(orgId), role }));
    const first = orgs[0];
    const created = await this.expectOk(
      this.serverAdmin('POST', '/api/admin/users', {
        body: { login, password, email: `${login}@example.test`, ...(first ? { orgId: first.orgId } : {}) },
      }),
      'create user',
    );
    const id = created.body.id as number;
    this.defer(() =>
      this.expectOk(this.serverAdmin('DELETE', `/api/admin/users/${id}`), `delete user ${id}`),
    );
    for (const [i, { orgId, role }] of orgs.entries()) {
      // The first org was joined with `auto_assign_org_role` (Viewer): set the role wanted.
      const joined =
        i === 0
          ? this.serverAdmin('PATCH', `/api/orgs/${orgId}/users/${id}`, { body: { role } })
          : this.serverAdmin('POST', `/api/orgs/${orgId}/users`, { body: { loginOrEmail: login, role } });
      await this.expectOk(joined, `give ${login} ${role} in org ${orgId}`);
    }
    return { id, login, password, auth: basic(login, password), orgId: first?.orgId ?? this.orgId };
  }

  /** A service account with `role` in `orgId` (default the test's org) and a token of it. */
  async createToken(role: OrgRole, orgId = this.orgId, name = this.unique('sa')): Promise<TestToken> {
    const inOrg = { headers: { 'X-Grafana-Org-Id': String(orgId) } };
    const account = await this.expectOk(
      this.admin('POST', '/api/serviceaccounts', { ...inOrg, body: { name, role } }),
      'create service account',
    );
    const serviceAccountId = account.body.id as number;
    this.defer(() =>
      this.expectOk(
        this.admin('DELETE', `/api/serviceaccounts/${serviceAccountId}`, inOrg),
        `delete service account ${serviceAccountId}`,
      ),
    );
    const token = await this.expectOk(
      this.admin('POST', `/api/serviceaccounts/${serviceAccountId}/tokens`, {
        ...inOrg,
        body: { name: this.unique('token') },
      }),
      'create token',
    );
    const key = token.body.key as string;
    return {
      serviceAccountId,
      serviceAccountUid: account.body.uid as string,
      login: account.body.login as string,
      token: key,
      auth: bearer(key),
      orgId,
    };
  }

  private get orgPerFile(): boolean {
    return this.options.orgPer === 'file';
  }

  private async setUpOrg(): Promise<void> {
    this.currentOrgId = await this.createOrg();
    if (this.options.alerting === true) await this.untilAlertingReady();
  }

  /** Waits until `orgId` (default the test's org) serves the alerting provisioning API (§3.1). */
  async untilAlertingReady(orgId = this.orgId): Promise<void> {
    const deadline = Date.now() + ALERTING_READY_TIMEOUT_MS;
    const inOrg = { headers: { 'X-Grafana-Org-Id': String(orgId) } };
    for (;;) {
      const res = await this.admin('GET', '/api/v1/provisioning/policies', inOrg);
      if (res.status === 200) return;
      if (Date.now() > deadline) {
        throw new Error(`org ${orgId}: alerting provisioning still answers ${res.status} ${res.text}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  private async expectOk(pending: Promise<CallResult>, what: string): Promise<CallResult> {
    const res = await pending;
    if (res.status < 200 || res.status > 299) throw new Error(`${what}: ${res.status} ${res.text}`);
    return res;
  }

  private mustTarget(): Target {
    if (this.target === undefined) throw new Error('Grafana not started yet');
    return this.target;
  }
}

/** Runs every cleanup, last registered first, and fails with all that failed. */
async function runCleanups(cleanups: Array<() => Promise<unknown>>): Promise<void> {
  const failures: unknown[] = [];
  for (const cleanup of cleanups.splice(0).reverse()) {
    try {
      await cleanup();
    } catch (err) {
      failures.push(err);
    }
  }
  if (failures.length > 0) throw new Error(`cleanup failed: ${failures.map(String).join('; ')}`);
}

/** The Grafana for one contract test file; call at the top of the file's outer `describe`. */
export function contractGrafana(options: ContractOptions = {}): ContractGrafana {
  return new ContractGrafana(options);
}
