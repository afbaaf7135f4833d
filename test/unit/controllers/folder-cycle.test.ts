import { parentCycle } from '../../../src/folders/folder-ref.js';

/** A namespace of folders given as `name → parentFolderRef`. */
const parents = (edges: Record<string, string>) => async (name: string) => edges[name];

describe('parentCycle', () => {
  it('names a cycle through the folder in order, starting and ending with it', async () => {
    expect(await parentCycle('a', parents({ a: 'a' }))).toEqual(['a', 'a']);
    expect(await parentCycle('a', parents({ a: 'b', b: 'a' }))).toEqual(['a', 'b', 'a']);
    expect(await parentCycle('b', parents({ a: 'b', b: 'a' }))).toEqual(['b', 'a', 'b']);
    expect(await parentCycle('a', parents({ a: 'b', b: 'c', c: 'a' }))).toEqual(['a', 'b', 'c', 'a']);
  });

  it('finds none in a chain that ends, or that runs into a cycle the folder is not part of', async () => {
    expect(await parentCycle('a', parents({}))).toBeUndefined();
    expect(await parentCycle('a', parents({ a: 'b', b: 'c' }))).toBeUndefined();
    expect(await parentCycle('a', parents({ a: 'b', b: 'c', c: 'b' }))).toBeUndefined();
  });
});
