/**
 * What the operator says of itself on /metrics: its apiserver requests
 * (`rest_client_requests_total`, by method and resource: GET is get, list and watch alike),
 * its heap, and the CPU and memory of its process from /proc.
 */
import { readFile } from 'node:fs/promises';
import { samples, scrape } from '../../test/support/metrics.js';

export interface OperatorReading {
  /** `METHOD resource` → requests since the operator started. */
  apiserver: Record<string, number>;
  heapUsedBytes: number;
}

export async function readMetrics(metricsUrl: string): Promise<OperatorReading> {
  const text = await scrape(metricsUrl);
  const apiserver: Record<string, number> = {};
  for (const { labels, value } of samples(text, 'rest_client_requests_total')) {
    const key = `${labels.method} ${labels.resource}`;
    apiserver[key] = (apiserver[key] ?? 0) + value;
  }
  const heapUsedBytes = samples(text, 'nodejs_heap_size_used_bytes')[0]?.value ?? 0;
  return { apiserver, heapUsedBytes };
}

/** Counts in `after` less those in `before`, leaving out those that did not change. */
export function difference(
  before: Record<string, number>,
  after: Record<string, number>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(after)) {
    const delta = value - (before[key] ?? 0);
    if (delta !== 0) out[key] = delta;
  }
  return out;
}

export interface ProcessReading {
  rssBytes: number;
  /** The part of RSS that is pages of mapped files: the node binary's code and data (ICU). */
  rssFileBytes: number;
  cpuSeconds: number;
}

/** VmRSS (and its RssFile part) and user + system CPU time of a process, from /proc. */
export async function readProcess(pid: number): Promise<ProcessReading> {
  const [status, stat] = await Promise.all([
    readFile(`/proc/${pid}/status`, 'utf8'),
    readFile(`/proc/${pid}/stat`, 'utf8'),
  ]);
  const kB = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
  const [rssBytes, rssFileBytes] = [kB('VmRSS'), kB('RssFile')];
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  return { rssBytes, rssFileBytes, cpuSeconds };
}

/** USER_HZ, 100 on every Linux the operator runs on. */
const CLOCK_TICKS_PER_SECOND = 100;
