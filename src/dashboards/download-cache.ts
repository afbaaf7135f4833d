/**
 * Downloads kept per object: one entry per owner (the object's key), reused while the URL and
 * credentials are the same and the entry is younger than its TTL. Expired entries are dropped
 * whenever something is downloaded, so deleted objects do not keep theirs for long.
 */
import { noteUnrepeatable } from '../lib/read-record.js';

export class DownloadCache {
  private readonly entries = new Map<string, { source: string; body: Buffer; expiresAt: number }>();

  async get(owner: string, source: string, ttlMs: number, load: () => Promise<Buffer>): Promise<Buffer> {
    // Held for a TTL, not watched: a resync must look at the URL again in full (read-record.ts).
    noteUnrepeatable(`download of ${owner}`);
    const now = Date.now();
    const entry = this.entries.get(owner);
    if (entry && entry.source === source && entry.expiresAt > now) return entry.body;
    const body = await load();
    for (const [key, old] of this.entries) if (old.expiresAt <= now) this.entries.delete(key);
    if (ttlMs > 0) this.entries.set(owner, { source, body, expiresAt: now + ttlMs });
    else this.entries.delete(owner);
    return body;
  }

  get size(): number {
    return this.entries.size;
  }
}
