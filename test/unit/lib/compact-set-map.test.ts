import { CompactSetMap } from '../../../src/lib/compact-set-map.js';

/** What each key holds, whatever form it is stored in: one value, a few, many. */
describe('CompactSetMap', () => {
  it('one value, then two, then one again, then none', () => {
    const map = new CompactSetMap();
    expect(map.add('k', 'a')).toBe(true);
    expect(map.values('k')).toEqual(['a']);
    expect(map.add('k', 'a')).toBe(false);
    expect(map.add('k', 'b')).toBe(true);
    expect(map.values('k')).toEqual(['a', 'b']);
    expect(map.delete('k', 'a')).toBe(true);
    expect(map.values('k')).toEqual(['b']);
    expect(map.hasValue('k', 'a')).toBe(false);
    expect(map.hasValue('k', 'b')).toBe(true);
    expect(map.delete('k', 'b')).toBe(true);
    expect(map.has('k')).toBe(false);
    expect(map.size).toBe(0);
    expect(map.values('k')).toEqual([]);
  });

  it('deleting a value a key does not hold changes nothing', () => {
    const map = new CompactSetMap();
    expect(map.delete('k', 'a')).toBe(false);
    map.add('k', 'a');
    expect(map.delete('k', 'b')).toBe(false);
    map.add('k', 'b');
    expect(map.delete('k', 'c')).toBe(false);
    expect(map.values('k')).toEqual(['a', 'b']);
  });

  it('many values keep the order they were added in, and shrink back to one', () => {
    const map = new CompactSetMap();
    const values = Array.from({ length: 20 }, (_, i) => `v${i}`);
    for (const v of values) map.add('k', v);
    for (const v of values) expect(map.add('k', v)).toBe(false);
    expect(map.values('k')).toEqual(values);
    for (const v of values.slice(0, 19)) expect(map.delete('k', v)).toBe(true);
    expect(map.values('k')).toEqual(['v19']);
    expect(map.add('k', 'v0')).toBe(true);
    expect(map.values('k')).toEqual(['v19', 'v0']);
    expect(map.deleteKey('k')).toEqual(['v19', 'v0']);
    expect(map.has('k')).toBe(false);
  });

  it('a value removed from the middle leaves the others in order', () => {
    const map = new CompactSetMap();
    for (const v of ['a', 'b', 'c']) map.add('k', v);
    map.delete('k', 'b');
    map.add('k', 'b');
    expect(map.values('k')).toEqual(['a', 'c', 'b']);
  });

  it('keys are independent', () => {
    const map = new CompactSetMap();
    map.add('k1', 'a');
    map.add('k2', 'a');
    map.delete('k1', 'a');
    expect([...map.keys()]).toEqual(['k2']);
    expect(map.values('k2')).toEqual(['a']);
  });
});
