import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { GrafanaInstanceSpec } from '../../../src/api/generated/index.js';
import { GrafanaApi, GrafanaHttpClient } from '../../../src/grafana/index.js';
import {
  actingOrg,
  loginOf,
  NotOrgMemberError,
  OrgNotFoundError,
  resolveOrg,
} from '../../../src/instances/identity.js';
import { startDoubleTarget, type DoubleTarget } from '../../support/double-target.js';

const basic = (org?: GrafanaInstanceSpec['org']): GrafanaInstanceSpec => ({
  url: 'http://grafana',
  auth: { basic: { username: 'bob', passwordSecretKeyRef: { name: 's', key: 'pw' } } },
  ...(org ? { org } : {}),
});

describe('the identity of GrafanaInstance credentials, against the double', () => {
  let fixture: DoubleTarget;

  beforeEach(async () => {
    fixture = await startDoubleTarget();
  });

  afterEach(() => fixture.stop());

  it('resolves an org name to its id, and an unknown one to OrgNotFound', async () => {
    const { api } = fixture.target;
    const ops = fixture.double.state.createOrg('Ops');
    expect(await resolveOrg(api, basic({ name: 'Ops' }))).toBe(ops.id);
    expect(await resolveOrg(api, basic({ id: 7 }))).toBe(7);
    expect(await resolveOrg(api, basic())).toBeUndefined();
    await expect(resolveOrg(api, basic({ name: 'Nope' }))).rejects.toThrow(new OrgNotFoundError('Nope'));
  });

  it('names the acting org and login; a user without a role in the org is NotOrgMember', async () => {
    const { double } = fixture;
    const ops = double.state.createOrg('Ops');
    double.state.addUser('bob', 'pw', { orgs: { 1: 'Viewer' } });
    const http = new GrafanaHttpClient({
      url: double.url,
      auth: { kind: 'basic', username: 'bob', password: 'pw' },
      retry: { limit: 0 },
    });
    try {
      const bob = new GrafanaApi(http);
      expect(await actingOrg(bob, basic())).toMatchObject({ id: 1 });
      expect(await loginOf(bob)).toBe('bob');
      const refused = actingOrg(bob.withOrg(ops.id), basic({ id: ops.id }));
      await expect(refused).rejects.toBeInstanceOf(NotOrgMemberError);
      await expect(refused).rejects.toThrow(`the Grafana user has no role in org ${ops.id}`);
    } finally {
      http.close();
    }
  });
});
