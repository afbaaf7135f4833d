import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { resolvePermissions } from '../../../src/access/grantees.js';
import { ObjectError } from '../../../src/lib/object-error.js';
import type { InstanceTarget } from '../../../src/sync/targets.js';
import { accessOf } from '../../grafana-double/routes/folder-permissions.js';
import type { GrafanaDouble } from '../../grafana-double/server.js';
import { startDoubleTarget, type DoubleTarget } from '../../support/double-target.js';

describe('resolvePermissions against the double', () => {
  let double: GrafanaDouble;
  let target: InstanceTarget;

  let fixture: DoubleTarget;

  beforeEach(async () => {
    fixture = await startDoubleTarget();
    ({ double, target } = fixture);
  });

  afterEach(() => fixture.stop());

  const userLists = () => double.requests.filter((r) => r.path === '/api/org/users').length;

  it('resolves a login or an e-mail (any case) and a team name to ids, sorted', async () => {
    const alice = double.state.addUser('alice', 'pw', { orgs: { 1: 'Viewer' }, email: 'Alice@Example.com' });
    const sre = accessOf(double.state.org(1)).addTeam('SRE');
    const resolved = await resolvePermissions(target, [
      { user: 'alice@example.com', permission: 'Admin' },
      { team: 'SRE', permission: 'Edit' },
      { role: 'Viewer', permission: 'View' },
      { userId: 42, permission: 'View' },
    ]);
    expect(resolved).toEqual(
      [
        { grantee: 'role:Viewer', permission: 'View' },
        { grantee: `team:${sre.id}`, permission: 'Edit' },
        { grantee: 'user:42', permission: 'View' },
        { grantee: `user:${alice.id}`, permission: 'Admin' },
      ].sort((a, b) => (a.grantee < b.grantee ? -1 : 1)),
    );
    await resolvePermissions(target, [{ user: 'ALICE', permission: 'View' }]);
    expect(userLists()).toBe(1);
  });

  it('a service account by name is a user grantee with its id; the same one by id is listed twice', async () => {
    const robot = double.state.createServiceAccount(1, 'deploy-robot', 'Viewer');
    double.state.createServiceAccount(double.state.createOrg('Other').id, 'other-org-robot', 'Viewer');
    expect(
      await resolvePermissions(target, [{ serviceAccount: 'deploy-robot', permission: 'Edit' }]),
    ).toEqual([{ grantee: `user:${robot.id}`, permission: 'Edit' }]);
    await expect(
      resolvePermissions(target, [{ serviceAccount: 'other-org-robot', permission: 'View' }]),
    ).rejects.toThrow('no service account named "other-org-robot" in org 1');
    await expect(
      resolvePermissions(target, [
        { serviceAccount: 'deploy-robot', permission: 'View' },
        { userId: robot.id, permission: 'Edit' },
      ]),
    ).rejects.toThrow(`service account "deploy-robot" and userId ${robot.id}, which are the same grantee`);
  });

  it('an unknown name is DependencyNotReady; the next look after 5 s finds a new user', async () => {
    await expect(resolvePermissions(target, [{ user: 'carol', permission: 'View' }])).rejects.toMatchObject({
      reason: 'DependencyNotReady',
      message: expect.stringContaining('no user with login or e-mail "carol"'),
    });
    await expect(resolvePermissions(target, [{ team: 'Nobody', permission: 'View' }])).rejects.toThrow(
      'no team named "Nobody"',
    );
    const carol = double.state.addUser('carol', 'pw', { orgs: { 1: 'Viewer' } });
    // The users list is fresh: a miss does not list again within 5 s.
    await expect(resolvePermissions(target, [{ user: 'carol', permission: 'View' }])).rejects.toBeInstanceOf(
      ObjectError,
    );
    const listsBefore = userLists();
    const realNow = Date.now;
    Date.now = () => realNow() + 6_000;
    try {
      await expect(resolvePermissions(target, [{ user: 'carol', permission: 'View' }])).resolves.toEqual([
        { grantee: `user:${carol.id}`, permission: 'View' },
      ]);
    } finally {
      Date.now = realNow;
    }
    expect(userLists()).toBe(listsBefore + 1);
  });

  it('the same grantee twice is InvalidSpec, naming both entries', async () => {
    const bob = double.state.addUser('bob', 'pw', { orgs: { 1: 'Viewer' }, email: 'bob@example.com' });
    await expect(
      resolvePermissions(target, [
        { user: 'bob', permission: 'View' },
        { userId: bob.id, permission: 'Edit' },
      ]),
    ).rejects.toMatchObject({
      reason: 'InvalidSpec',
      message: `spec.permissions lists user "bob" and userId ${bob.id}, which are the same grantee; list each grantee once`,
    });
    await expect(
      resolvePermissions(target, [
        { role: 'Viewer', permission: 'View' },
        { role: 'Viewer', permission: 'Edit' },
      ]),
    ).rejects.toThrow('spec.permissions lists role Viewer twice');
  });
});
