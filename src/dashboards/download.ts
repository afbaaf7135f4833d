/** Dashboards fetched from a URL (spec.url, grafana.com), through the same HTTP client as Grafana's API. */
import { HTTPError, RequestError, TimeoutError, got } from '../lib/got.js';
import { ObjectError } from '../lib/object-error.js';
import { MAX_DASHBOARD_BYTES } from './parse.js';

const DOWNLOAD_TIMEOUT_MS = 30_000;

/**
 * GETs a dashboard from a URL (`Authorization` when given; got drops it on a redirect to another
 * host). Failures are DependencyNotReady, retried with backoff by the reconciler, so got does not
 * retry; messages show the URL without its query string, which may hold a token. More than
 * MAX_DASHBOARD_BYTES (after any Content-Encoding) is InvalidSpec, and the transfer is stopped.
 */
export async function download(url: string, authorization: string | undefined): Promise<Buffer> {
  const shown = displayUrl(url);
  const failed = (detail: string) =>
    new ObjectError('DependencyNotReady', `cannot download the dashboard from ${shown}: ${detail}`);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    const stream = got.stream(url, {
      headers: {
        accept: 'application/json',
        'user-agent': 'grafana-provisioning-operator',
        ...(authorization ? { authorization } : {}),
      },
      timeout: { request: DOWNLOAD_TIMEOUT_MS },
      retry: { limit: 0 },
    });
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      // Leaving the loop by throwing destroys the stream.
      if (size > MAX_DASHBOARD_BYTES) {
        throw new ObjectError(
          'InvalidSpec',
          `the dashboard at ${shown} is larger than ${MAX_DASHBOARD_BYTES / 1024 / 1024} MiB`,
        );
      }
      chunks.push(chunk as Buffer);
    }
  } catch (err) {
    if (err instanceof ObjectError) throw err;
    if (err instanceof HTTPError) {
      const { statusCode, statusMessage } = err.response;
      throw failed(`HTTP ${statusCode}${statusMessage ? ` ${statusMessage}` : ''}`);
    }
    if (err instanceof TimeoutError)
      throw failed(`no complete answer within ${DOWNLOAD_TIMEOUT_MS / 1000} s`);
    // ECONNREFUSED, ENOTFOUND, …: the code says it; got's message repeats the URL with its query.
    if (err instanceof RequestError) throw failed(err.code || err.message);
    throw failed((err as Error).message);
  }
  return Buffer.concat(chunks);
}

/** The URL without credentials, query or fragment. */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return 'an invalid URL';
  }
}
