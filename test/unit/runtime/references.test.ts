import { ReferenceTracker } from '../../../src/runtime/references.js';

/** Which owners read which references, as owners come, change what they read, and go. */
describe('ReferenceTracker', () => {
  const instance = ReferenceTracker.key('GrafanaInstance', 'ns', 'grafana-0');
  const folder = (n: number) => ReferenceTracker.key('GrafanaFolder', 'ns', `folder-${n}`);
  const dashboard = (n: number) => ReferenceTracker.key('GrafanaDashboard', 'ns', `dash-${n}`);
  const storedRefs = (tracker: ReferenceTracker) =>
    (tracker as unknown as { refStrings: Map<string, string> }).refStrings;

  it('one reference, then two, then one, then none', () => {
    const tracker = new ReferenceTracker();
    tracker.set(dashboard(1), [instance]);
    expect(tracker.refs(dashboard(1))).toEqual([instance]);
    tracker.set(dashboard(1), [instance, folder(1)]);
    expect(tracker.refs(dashboard(1))).toEqual([instance, folder(1)]);
    expect(tracker.owners(folder(1))).toEqual([dashboard(1)]);
    tracker.set(dashboard(1), [folder(1)]);
    expect(tracker.refs(dashboard(1))).toEqual([folder(1)]);
    expect(tracker.owners(instance)).toEqual([]);
    tracker.set(dashboard(1), []);
    expect(tracker.refs(dashboard(1))).toEqual([]);
    expect(tracker.owners(folder(1))).toEqual([]);
    expect(storedRefs(tracker).size).toBe(0);
  });

  it('add during a reconcile keeps what was there; set then trims to what was read', () => {
    const tracker = new ReferenceTracker();
    tracker.set(dashboard(1), [instance]);
    tracker.add(dashboard(1), folder(1));
    tracker.add(dashboard(1), folder(1));
    expect(tracker.refs(dashboard(1))).toEqual([instance, folder(1)]);
    expect(tracker.owners(folder(1))).toEqual([dashboard(1)]);
    tracker.set(dashboard(1), [folder(1)]);
    expect(tracker.refs(dashboard(1))).toEqual([folder(1)]);
    expect(tracker.owners(instance)).toEqual([]);
    tracker.add(dashboard(2), instance);
    tracker.remove(dashboard(1));
    expect(tracker.owners(folder(1))).toEqual([]);
    expect(tracker.owners(instance)).toEqual([dashboard(2)]);
    expect([...storedRefs(tracker).keys()]).toEqual([instance]);
  });

  it('many owners of one reference, in the order they came; each reference stored once', () => {
    const tracker = new ReferenceTracker();
    for (let i = 0; i < 20; i++) tracker.set(dashboard(i), [instance, folder(i % 3)]);
    expect(tracker.owners(instance)).toEqual(Array.from({ length: 20 }, (_, i) => dashboard(i)));
    expect(tracker.owners(folder(0))).toEqual([0, 3, 6, 9, 12, 15, 18].map(dashboard));
    expect(storedRefs(tracker).size).toBe(4);
    tracker.set(dashboard(0), [instance, folder(0)]);
    expect(tracker.owners(instance).at(-1)).toBe(dashboard(0));
    for (let i = 0; i < 20; i++) tracker.remove(dashboard(i));
    expect(tracker.owners(instance)).toEqual([]);
    expect(storedRefs(tracker).size).toBe(0);
  });

  it('readers of an object include those waiting for any object of its kind, once each', () => {
    const tracker = new ReferenceTracker();
    tracker.set(dashboard(1), [folder(1), ReferenceTracker.anyKey('GrafanaFolder', 'ns')]);
    tracker.set(dashboard(2), [ReferenceTracker.anyKey('GrafanaFolder', 'ns')]);
    expect(tracker.readersOf('GrafanaFolder', 'ns', 'folder-1')).toEqual([dashboard(1), dashboard(2)]);
  });
});
