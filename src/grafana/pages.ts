/**
 * The classic list APIs that page with `page` and a page size (`/api/orgs`, `/api/folders`,
 * `/api/search`, `/api/teams/search`) give no total: the last page is the first one shorter than
 * the page size.
 */

/**
 * Every item, asking for pages 1, 2, … until one comes back short (or empty, or `null`); each as
 * `keep` makes it (undefined: left out) when its page arrives, so a caller that needs a few fields
 * of thousands of items never holds them all whole.
 */
export async function collectPages<T, Kept = T>(
  pageSize: number,
  fetchPage: (page: number) => Promise<readonly T[] | null | undefined>,
  keep: (item: T) => Kept | undefined = (item) => item as unknown as Kept,
): Promise<Kept[]> {
  const items: Kept[] = [];
  for (let page = 1; ; page++) {
    const batch = (await fetchPage(page)) ?? [];
    for (const item of batch) {
      const kept = keep(item);
      if (kept !== undefined) items.push(kept);
    }
    if (batch.length < pageSize) return items;
  }
}
