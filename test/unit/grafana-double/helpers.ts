import { call, basic, type CallOptions, type CallResult } from '../../contract/http.js';
import { GrafanaDouble } from '../../grafana-double/server.js';
import type { GrafanaDoubleOptions } from '../../grafana-double/types.js';

export { basic, bearer, expectRbacDenied, RBAC_MESSAGE_PREFIX } from '../../contract/http.js';
export type { CallOptions, CallResult } from '../../contract/http.js';

export const ADMIN = basic('admin', 'admin');

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

  call(method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
    return call(this.double.url, method, path, options);
  }

  /** As admin (basic auth, org 1 unless a header says otherwise). */
  admin(method: string, path: string, options: Omit<CallOptions, 'auth'> = {}): Promise<CallResult> {
    return this.call(method, path, { ...options, auth: ADMIN });
  }

  stop(): Promise<void> {
    return this.double.stop();
  }
}
