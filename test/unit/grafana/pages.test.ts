import { describe, expect, it } from '@jest/globals';
import { collectPages } from '../../../src/grafana/pages.js';

/** A paged list of `total` numbers, recording which pages were asked for. */
function pagedList(total: number, pageSize: number) {
  const asked: number[] = [];
  const fetchPage = async (page: number): Promise<number[]> => {
    asked.push(page);
    const start = (page - 1) * pageSize;
    return Array.from({ length: Math.max(0, Math.min(pageSize, total - start)) }, (_, i) => start + i);
  };
  return { asked, fetchPage };
}

describe('collectPages', () => {
  it('follows pages until a short one, in order', async () => {
    const list = pagedList(7, 3);
    await expect(collectPages(3, list.fetchPage)).resolves.toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(list.asked).toEqual([1, 2, 3]);
  });

  it('asks for one more page when the last full page ends the list', async () => {
    const list = pagedList(6, 3);
    await expect(collectPages(3, list.fetchPage)).resolves.toEqual([0, 1, 2, 3, 4, 5]);
    expect(list.asked).toEqual([1, 2, 3]);
  });

  it('takes a null or absent page as the empty last one', async () => {
    await expect(collectPages(2, async () => null)).resolves.toEqual([]);
    await expect(collectPages(2, async (page) => (page === 1 ? ['a', 'b'] : undefined))).resolves.toEqual([
      'a',
      'b',
    ]);
  });

  it('keeps what `keep` makes of each item, leaving out undefined, and still pages by what Grafana sent', async () => {
    const list = pagedList(7, 3);
    const kept = await collectPages(3, list.fetchPage, (n) => (n % 3 === 0 ? undefined : `#${n}`));
    expect(kept).toEqual(['#1', '#2', '#4', '#5']);
    // Page 1 kept two of three items and was still a full page.
    expect(list.asked).toEqual([1, 2, 3]);
  });

  it('hands each page to `keep` as it arrives, before the next page is asked for', async () => {
    const list = pagedList(5, 2);
    const seen: string[] = [];
    await collectPages(
      2,
      async (page) => {
        seen.push(`page ${page}`);
        return list.fetchPage(page);
      },
      (n) => seen.push(`item ${n}`),
    );
    expect(seen).toEqual(['page 1', 'item 0', 'item 1', 'page 2', 'item 2', 'item 3', 'page 3', 'item 4']);
  });
});
