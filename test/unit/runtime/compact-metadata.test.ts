import { compactMetadataRecord, InternTable } from '../../../src/runtime/compact-metadata.js';
import { specOrMetadataChanged } from '../../../src/runtime/controller.js';
import type { KubeObject } from '../../../src/runtime/kube/types.js';

/** A PartialObjectMetadata as a list or watch answers it, parsed from its own JSON text. */
function partial(name: string, resourceVersion: string, labels: Record<string, string> = {}): KubeObject {
  return JSON.parse(
    JSON.stringify({
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: {
        name,
        namespace: 'team-' + 'a',
        uid: `uid-${name}`,
        resourceVersion,
        generation: 1,
        labels: { app: 'grafana', ...labels },
        annotations: { note: 'x'.repeat(200), owner: 'platform' },
        finalizers: ['grafana.integreatly.org/finalizer'],
        ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'cm', uid: 'u1' }],
      },
    }),
  ) as KubeObject;
}

describe('compact metadata records', () => {
  it('drops kind and apiVersion and keeps the metadata as it was', () => {
    const record = compactMetadataRecord(partial('a', '7'), new InternTable());
    expect(record).toEqual({ metadata: partial('a', '7').metadata });
    expect(Object.keys(record.metadata!)).toEqual(Object.keys(partial('a', '7').metadata!));
  });

  it('shares one finalizers list, read only, among records that hold the same', () => {
    const table = new InternTable();
    const a = compactMetadataRecord(partial('a', '1'), table);
    const b = compactMetadataRecord(partial('b', '2'), table);
    expect(a.metadata!.finalizers).toBe(b.metadata!.finalizers);
    expect(Object.isFrozen(a.metadata!.finalizers)).toBe(true);
  });

  it('tells a change of labels from a record listed again unchanged', () => {
    const table = new InternTable();
    const before = compactMetadataRecord(partial('a', '1'), table);
    const same = compactMetadataRecord(partial('a', '2'), table);
    const relabelled = compactMetadataRecord(partial('a', '3', { tier: 'gold' }), table);
    expect(specOrMetadataChanged({ type: 'update', key: 'team-a/a', object: same, previous: before })).toBe(
      false,
    );
    expect(
      specOrMetadataChanged({ type: 'update', key: 'team-a/a', object: relabelled, previous: same }),
    ).toBe(true);
  });

  it('starts its table over past its limit, the strings staying what they were', () => {
    const table = new InternTable(2);
    const values = ['one', 'two', 'three', 'one'].map((v) => table.string(`${v}`));
    expect(values).toEqual(['one', 'two', 'three', 'one']);
    expect(table.list(['f1'])).toEqual(['f1']);
  });
});
