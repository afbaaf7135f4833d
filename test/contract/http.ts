/**
 * Plain HTTP calls to a Grafana (the double or a real one), shared by the contract suite and the
 * double-only tests: the answer as status, parsed body, text and headers.
 */
export function basic(login: string, password: string): string {
  return `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}`;
}

export function bearer(token: string): string {
  return `Bearer ${token}`;
}

export interface CallOptions {
  auth?: string;
  /** JSON-encoded with `Content-Type: application/json` unless `rawBody` is given. */
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  /** Parsed JSON, or the text when the body is not JSON; undefined when empty. */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
  headers: Headers;
}

export async function call(
  baseUrl: string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<CallResult> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.auth !== undefined) headers.authorization = options.auth;
  let body: string | undefined = options.rawBody;
  if (body === undefined && options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(baseUrl.replace(/\/+$/, '') + path, { method, headers, body });
  const text = await res.text();
  let parsed: unknown;
  if (text !== '') {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  return { status: res.status, body: parsed, text, headers: res.headers };
}

export const RBAC_MESSAGE_PREFIX =
  "You'll need additional permissions to perform this action. Permissions needed: ";

/** The 403 RBAC body (docs/grafana-api.md §1.3) for `permission`. */
export function expectRbacDenied(result: CallResult, permission: string): void {
  expect(result.status).toBe(403);
  expect(result.body).toEqual({
    title: 'Access denied',
    message: RBAC_MESSAGE_PREFIX + permission,
    accessErrorId: expect.stringMatching(/^ACE\d{10}$/),
  });
}
