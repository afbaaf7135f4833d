/** Library-panel requests shared by the contract suite and the double-only tests. */
import type { CallOptions, CallResult } from './http.js';

interface AdminCaller {
  admin(method: string, path: string, options?: Omit<CallOptions, 'auth'>): Promise<CallResult>;
}

/** Shortcuts bound to a harness, as the admin of its org. */
export function libraryPanelCalls(h: AdminCaller) {
  return {
    create: (body: Record<string, unknown>) => h.admin('POST', '/api/library-elements', { body }),
    patch: (uid: string, body: Record<string, unknown>) =>
      h.admin('PATCH', `/api/library-elements/${uid}`, { body }),
    /** Saves dashboard `uid` with `panels`, overwriting whatever is there. */
    saveDashboard: (uid: string, panels: unknown[], extra: Record<string, unknown> = {}) =>
      h.admin('POST', '/api/dashboards/db', {
        body: { dashboard: { uid, title: `Dash ${uid}`, panels }, overwrite: true, ...extra },
      }),
  };
}

/** A dashboard panel that uses library panel `uid`. */
export const libraryPanel = (uid: string) => ({ id: 1, gridPos: {}, libraryPanel: { uid, name: uid } });
