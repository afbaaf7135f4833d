/**
 * The paths of `spec.permissions`, the same for every kind that has it (folders, dashboards):
 * the exact list with names resolved, drift reverted without rewriting the object, zero writes
 * when unchanged, Grafana's defaults left alone when unset, and the Ready reasons of grantees
 * that are missing or listed twice. Each kind adds what only it does.
 */
import type { FolderPermissionEntry, FolderPermissionsApi } from '../../../src/grafana/index.js';
import type { ResourceType } from '../../../src/runtime/kube/types.js';
import type { ObjectFixture } from '../../support/fixture.js';
import type { RecordedRequest } from '../../grafana-double/recorder.js';
import { editsIn } from '../../support/grafana-edits.js';
import { reconcileOnFreshLists } from '../../support/operator.js';
import { eventually } from '../../support/wait.js';

type Spec = Record<string, unknown>;
interface WithInstances {
  status?: {
    uid?: string;
    instances?: Array<{ version?: number; url?: string }>;
    conditions?: Array<{ type: string; status: string; message?: string }>;
  };
}

export interface PermissionSubject {
  fixture: () => ObjectFixture;
  resource: ResourceType;
  /** The object's spec, titled `title`, with `extra` fields. */
  spec: (title: string, extra?: Spec) => Spec;
  /** The folder or dashboard permissions API of the fixture's Grafana. */
  api: (f: ObjectFixture) => FolderPermissionsApi;
  /** The permissions route of the object with this uid, as the recorder shows it. */
  route: (uid: string) => string;
  /** Writes of the object itself (not of its permissions), among the recorded requests. */
  objectWrites: (uid: string, writes: RecordedRequest[]) => RecordedRequest[];
  /** What Grafana gives a new object of this kind at the root, as sortedGrantees shows it. */
  defaults: (f: ObjectFixture) => unknown[];
}

/** `role:Viewer=View`, `team:3=Edit`, `user:12=Admin`, sorted. */
export const sortedGrantees = (entries: FolderPermissionEntry[]) =>
  entries
    .map(
      (e) =>
        `${e.role ? `role:${e.role}` : e.teamId ? `team:${e.teamId}` : `user:${e.userId}`}=${e.permissionName}`,
    )
    .sort();

/** Declares the shared `it`s inside the caller's `describe`. */
export function describePermissionScenarios(subject: PermissionSubject): void {
  const { resource } = subject;
  const f = () => subject.fixture();
  /** Names unique per run: a real Grafana keeps users, teams and service accounts between runs. */
  const unique = (name: string) => `${name}-${f().kube.namespace}`;
  const createUser = (login: string): Promise<number> =>
    editsIn(f().grafana).createUser(login, `${login}@example.com`);
  const synced = async (name: string) =>
    (await f().kube.waitReady(resource, name, { status: 'True', reason: 'Synced' })) as WithInstances;
  const uidOf = async (name: string) => (await synced(name)).status?.uid ?? '';
  const permissionsOf = async (name: string) => sortedGrantees(await subject.api(f()).get(await uidOf(name)));
  const permissionCalls = (uid: string) =>
    f().grafana.recorder.requests.filter((r) => r.path === subject.route(uid));
  const reason = async (name: string, expected: string) =>
    (await f().kube.waitReady(resource, name, { status: 'False', reason: expected })) as WithInstances;

  it('the CRD rejects an entry that names no grantee or two', async () => {
    const create = (name: string, permissions: unknown) =>
      f().kube.client.create(resource, f().kube.namespace, {
        apiVersion: `${resource.group}/${resource.version}`,
        kind: resource.kind,
        metadata: { name },
        spec: subject.spec('Bad', { permissions }),
      } as never);
    const message = /each permission names exactly one of role, user, userId, team, teamId or serviceAccount/;
    await expect(
      create('two-grantees', [{ role: 'Viewer', team: 'sre', permission: 'View' }]),
    ).rejects.toThrow(message);
    await expect(create('no-grantee', [{ permission: 'View' }])).rejects.toThrow(message);
    await expect(create('bad-level', [{ role: 'Viewer', permission: 'Read' }])).rejects.toThrow(
      /supported values: "View", "Edit", "Admin"/,
    );
  });

  it('makes the permissions exactly the list: roles, users, teams and service accounts by name or id', async () => {
    const teamId = await editsIn(f().grafana).createTeam(unique('sre'));
    const userId = await createUser(unique('alice'));
    const robot = await editsIn(f().grafana).createServiceAccountToken(unique('robot'), 'Viewer');
    const builder = await editsIn(f().grafana).createServiceAccountToken(unique('builder'), 'Editor');
    await f().kube.create(
      resource,
      'guarded',
      subject.spec('Guarded', {
        permissions: [
          { role: 'Viewer', permission: 'View' },
          { team: unique('sre'), permission: 'Edit' },
          { user: `${unique('alice')}@example.com`, permission: 'Admin' },
          { userId: robot.id, permission: 'View' },
          { serviceAccount: unique('builder'), permission: 'Edit' },
        ],
      }),
    );
    // Grafana's defaults for a new root-level object (Editors: Edit, the creator: Admin) are gone.
    expect(await permissionsOf('guarded')).toEqual(
      [
        'role:Viewer=View',
        `team:${teamId}=Edit`,
        `user:${userId}=Admin`,
        `user:${robot.id}=View`,
        `user:${builder.id}=Edit`,
      ].sort(),
    );

    // An empty list removes every permission set on the object.
    await f().kube.patchSpec(resource, 'guarded', { permissions: [] });
    const uid = await uidOf('guarded');
    await eventually(async () => (await subject.api(f()).get(uid)).length === 0, {
      what: 'the permissions emptied',
    });
  });

  it('reverts permissions changed in Grafana, and says so in an Event', async () => {
    await f().kube.create(
      resource,
      'locked',
      subject.spec('Locked', { permissions: [{ role: 'Editor', permission: 'View' }] }),
    );
    expect(await permissionsOf('locked')).toEqual(['role:Editor=View']);
    const before = await synced('locked');
    const uid = before.status?.uid ?? '';
    f().grafana.recorder.clearRequests();
    await subject.api(f()).set(uid, [
      { role: 'Editor', permission: 4 },
      { role: 'Viewer', permission: 2 },
    ]);
    // What the next resync does, without waiting the 10 s resyncPeriod for it.
    await reconcileOnFreshLists(f(), resource, ['locked']);
    await eventually(
      async () => sortedGrantees(await subject.api(f()).get(uid)).join() === 'role:Editor=View',
      { timeoutMs: 30_000, what: 'the permissions reverted' },
    );
    const events = await f().kube.events('locked');
    expect(events.find((e) => e.reason === 'DriftReverted')?.message).toContain('permissions');
    // Only the permissions are written back: the object itself is not written (its version stays).
    expect(subject.objectWrites(uid, f().grafana.recorder.writes())).toEqual([]);
    // The status still reports the object's version and url after the permissions-only write.
    const entry = ((await f().kube.get(resource, 'locked')) as WithInstances).status?.instances?.[0];
    expect(entry).toMatchObject({ version: before.status?.instances?.[0]?.version, url: expect.any(String) });
  });

  it('a resync of an unchanged object reads its permissions and writes nothing', async () => {
    await f().kube.create(
      resource,
      'steady',
      subject.spec('Steady', { permissions: [{ role: 'Viewer', permission: 'View' }] }),
    );
    const before = await synced('steady');
    const recorder = f().grafana.recorder;
    recorder.clearRequests();
    await f().kube.touch(resource, 'steady');
    await eventually(async () => permissionCalls(before.status?.uid ?? '').length > 0, {
      what: 'a reconcile after the touch',
    });
    expect(recorder.writes()).toEqual([]);
    expect(((await f().kube.get(resource, 'steady')) as WithInstances).status).toEqual(before.status);
  });

  it("without spec.permissions, Grafana's defaults stay and permissions are never read", async () => {
    await f().kube.create(resource, 'defaults', subject.spec('Defaults'));
    const uid = await uidOf('defaults');
    expect(permissionCalls(uid)).toEqual([]);
    expect(sortedGrantees(await subject.api(f()).get(uid))).toEqual(subject.defaults(f()));
  });

  it('an unknown user waits (DependencyNotReady) and applies once the user exists', async () => {
    const login = unique('late');
    await f().kube.create(
      resource,
      'for-late-user',
      subject.spec('For a late user', { permissions: [{ user: login, permission: 'Edit' }] }),
    );
    const waiting = await reason('for-late-user', 'DependencyNotReady');
    expect(waiting.status?.conditions?.[0]?.message).toContain(`no user with login or e-mail "${login}"`);
    const userId = await createUser(login);
    await eventually(
      async () => {
        const o = (await f().kube.get(resource, 'for-late-user')) as WithInstances;
        return o.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
      },
      { timeoutMs: 120_000, what: 'Ready after the user appeared' },
    );
    expect(await permissionsOf('for-late-user')).toEqual([`user:${userId}=Edit`]);
  });

  it('an unknown team or service account name waits (DependencyNotReady)', async () => {
    const team = unique('ghosts');
    await f().kube.create(
      resource,
      'for-ghost-team',
      subject.spec('For a ghost team', { permissions: [{ team, permission: 'View' }] }),
    );
    const waiting = await reason('for-ghost-team', 'DependencyNotReady');
    expect(waiting.status?.conditions?.[0]?.message).toContain(`no team named "${team}"`);

    const account = unique('ghost-robot');
    await f().kube.create(
      resource,
      'for-ghost-robot',
      subject.spec('For a ghost robot', { permissions: [{ serviceAccount: account, permission: 'View' }] }),
    );
    const robotWaiting = await reason('for-ghost-robot', 'DependencyNotReady');
    expect(robotWaiting.status?.conditions?.[0]?.message).toContain(`no service account named "${account}"`);
  });

  it('one grantee listed twice, or a team id Grafana does not know, is InvalidSpec', async () => {
    const login = unique('bob');
    await createUser(login);
    await f().kube.create(
      resource,
      'twice',
      subject.spec('Twice', {
        permissions: [
          { user: login, permission: 'View' },
          { user: `${login}@example.com`, permission: 'Edit' },
        ],
      }),
    );
    const twice = await reason('twice', 'InvalidSpec');
    expect(twice.status?.conditions?.[0]?.message).toContain('which are the same grantee');

    await f().kube.create(
      resource,
      'ghost-team',
      subject.spec('Ghost team', { permissions: [{ teamId: 987654, permission: 'View' }] }),
    );
    const ghost = await reason('ghost-team', 'InvalidSpec');
    expect(ghost.status?.conditions?.[0]?.message).toContain('a userId or teamId that does not exist');
  });
}
