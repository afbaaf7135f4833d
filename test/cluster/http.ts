import { request } from 'node:https';

export interface ApiResponse {
  status: number;
  body: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

export interface ApiRequestOptions {
  token: string;
  ca: string | Buffer;
  method?: string;
  body?: unknown;
  /** Defaults to a JSON merge patch for PATCH and to JSON otherwise. */
  contentType?: string;
  timeoutMs?: number;
}

/** One request to the apiserver with a bearer token, trusting only the test CA. */
export function apiRequest(server: string, path: string, options: ApiRequestOptions): Promise<ApiResponse> {
  const url = new URL(path, server);
  const method = options.method ?? 'GET';
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const contentType =
    options.contentType ?? (method === 'PATCH' ? 'application/merge-patch+json' : 'application/json');
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        ca: options.ca,
        headers: {
          authorization: `Bearer ${options.token}`,
          accept: 'application/json',
          ...(payload === undefined
            ? {}
            : { 'content-type': contentType, 'content-length': Buffer.byteLength(payload) }),
        },
        timeout: options.timeoutMs ?? 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(body);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, body, json });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${url} timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}
