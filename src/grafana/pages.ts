/**
 * The classic list APIs that page with `page` and a page size (`/api/orgs`, `/api/folders`,
 * `/api/search`, `/api/teams/search`) give no total: the last page is the first one shorter than
 * the page size.
 */

/** Every item, asking for pages 1, 2, … until one comes back short (or empty, or `null`). */
export async function collectPages<T>(
  pageSize: number,
  fetchPage: (page: number) => Promise<readonly T[] | null | undefined>,
): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; ; page++) {
    const batch = (await fetchPage(page)) ?? [];
    items.push(...batch);
    if (batch.length < pageSize) return items;
  }
}
