import { grafanaDashboardKind } from '../../../src/controllers/grafanadashboard.js';
import { grafanaFolderKind } from '../../../src/controllers/grafanafolder.js';
import { byName, inPlanOrder, withClusterState } from '../../../src/cli/plan/planned-objects.js';
import type { AnyObject, AnyObjectKind } from '../../../src/sync/object-kind.js';

const folder = (name: string, parentFolderRef?: string) =>
  ({
    metadata: { name },
    spec: { instanceSelector: {}, title: name, ...(parentFolderRef ? { parentFolderRef } : {}) },
  }) as unknown as AnyObject;

const names = (objects: AnyObject[]) => objects.map((o) => o.metadata?.name);

describe('the objects a plan covers', () => {
  it('plans folders with their parents first, whatever their names', () => {
    const kind = grafanaFolderKind() as unknown as AnyObjectKind;
    const objects = [
      folder('a-leaf', 'm-middle'),
      folder('m-middle', 'z-root'),
      folder('z-root'),
      folder('b'),
    ];
    expect(names(inPlanOrder(kind, objects))).toEqual(['b', 'z-root', 'm-middle', 'a-leaf']);
  });

  it('survives a parent cycle (the folders report it) and orders other kinds by name', () => {
    const folders = grafanaFolderKind() as unknown as AnyObjectKind;
    expect(names(inPlanOrder(folders, [folder('y', 'x'), folder('x', 'y')]))).toHaveLength(2);
    const dashboards = grafanaDashboardKind() as unknown as AnyObjectKind;
    expect(names(inPlanOrder(dashboards, [folder('b', 'a'), folder('a')]))).toEqual(['a', 'b']);
  });

  it('gives a file object the identity and status the cluster has for it', () => {
    const status = { instances: [{ name: 'main', synced: true, uid: 'team-1', appliedHash: 'sha256:1' }] };
    const cluster = [
      {
        ...folder('team'),
        metadata: { name: 'team', uid: 'k8s-uid', creationTimestamp: '2026-01-01T00:00:00Z', generation: 3 },
        status,
      } as AnyObject,
    ];
    const merged = withClusterState(folder('team'), cluster, new Date('2026-12-02T10:00:00.123Z'));
    expect(merged.metadata).toMatchObject({ uid: 'k8s-uid', creationTimestamp: '2026-01-01T00:00:00Z' });
    expect(merged.status).toBe(status);
  });

  it('stamps an object the cluster does not have as created now, so older holders keep their names', () => {
    const merged = withClusterState(folder('new'), [], new Date('2026-12-02T10:00:00.123Z'));
    expect(merged.metadata?.creationTimestamp).toBe('2026-12-02T10:00:00Z');
    expect(merged.status).toBeUndefined();
  });

  it('keeps one object per name, the later one', () => {
    const later = folder('a', 'p');
    expect(byName([folder('b'), folder('a'), later])).toEqual([later, folder('b')]);
  });
});
