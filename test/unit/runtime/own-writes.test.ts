import { OwnWrites } from '../../../src/runtime/kube/own-writes.js';

const path = '/apis/grafana.provisioning.dev/v1beta1/namespaces/a/grafanadashboards/d';

function clock() {
  let now = 1_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('OwnWrites', () => {
  it('reads at the cached version when this client wrote nothing newer', () => {
    const writes = new OwnWrites();
    expect(writes.minimum(path, '120')).toBe('120');
    writes.note(path, '100');
    expect(writes.minimum(path, '120')).toBe('120');
  });

  it('reads at its own last write when the cache has not seen it yet (compared as numbers, not text)', () => {
    const writes = new OwnWrites();
    writes.note(path, '1000');
    expect(writes.minimum(path, '999')).toBe('1000');
    expect(writes.minimum(`${path}-other`, '999')).toBe('999');
  });

  it('forgets a write once a read was answered at its version or later', () => {
    const writes = new OwnWrites();
    writes.note(path, '200');
    writes.seen(path, '199');
    expect(writes.minimum(path, '150')).toBe('200');
    writes.seen(path, '200');
    expect(writes.minimum(path, '150')).toBe('150');
    expect(writes.size).toBe(0);
  });

  it('forgets writes older than its window, dropping them as new ones come', () => {
    const { now, advance } = clock();
    const writes = new OwnWrites(10_000, now);
    writes.note(path, '300');
    writes.note(`${path}-2`, '301');
    advance(10_001);
    expect(writes.minimum(path, '250')).toBe('250');
    writes.note(`${path}-3`, '302');
    expect(writes.size).toBe(1);
  });

  it('leaves a version that is not a number to a quorum read, and remembers no such write', () => {
    const writes = new OwnWrites();
    expect(writes.minimum(path, 'abc')).toBeUndefined();
    expect(writes.minimum(path, '')).toBeUndefined();
    writes.note(path, 'x1');
    writes.note(path, undefined);
    expect(writes.size).toBe(0);
  });
});
