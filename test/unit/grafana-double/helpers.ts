import { GrafanaDouble } from '../../grafana-double/server.js';
import type { GrafanaDoubleOptions } from '../../grafana-double/types.js';

export const ADMIN = basic('admin', 'admin');

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

/** A running double plus a `call` bound to it; `stop()` in afterEach/afterAll. */
export class Harness {
  readonly double: GrafanaDouble;

  private constructor(double: GrafanaDouble) {
    this.double = double;
  }

  static async start(options: Partial<GrafanaDoubleOptions> = {}): Promise<Harness> {
    const double = new GrafanaDouble(options);
    await double.start();
    return new Harness(double);
  }

  async call(method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.auth !== undefined) headers.authorization = options.auth;
    let body: string | undefined = options.rawBody;
    if (body === undefined && options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(this.double.url + path, { method, headers, body });
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

  /** As admin (basic auth, org 1 unless a header says otherwise). */
  admin(method: string, path: string, options: Omit<CallOptions, 'auth'> = {}): Promise<CallResult> {
    return this.call(method, path, { ...options, auth: ADMIN });
  }

  stop(): Promise<void> {
    return this.double.stop();
  }
}

export const RBAC_MESSAGE_PREFIX =
  "You'll need additional permissions to perform this action. Permissions needed: ";

/** The 403 RBAC body (§1.3) for `permission`. */
export function expectRbacDenied(result: CallResult, permission: string): void {
  expect(result.status).toBe(403);
  expect(result.body).toEqual({
    title: 'Access denied',
    message: RBAC_MESSAGE_PREFIX + permission,
    accessErrorId: expect.stringMatching(/^ACE\d{10}$/),
  });
}
