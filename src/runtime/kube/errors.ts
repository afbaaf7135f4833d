/** A non-2xx answer from the apiserver, with its metav1.Status reason when it sent one. */
export class KubeApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly reason: string | undefined,
    readonly apiMessage: string,
  ) {
    super(`${method} ${path}: ${status}${reason ? ` ${reason}` : ''}: ${apiMessage}`);
    this.name = 'KubeApiError';
  }

  static fromResponse(method: string, path: string, status: number, text: string): KubeApiError {
    let reason: string | undefined;
    let message = text.slice(0, 500);
    try {
      const body = JSON.parse(text) as { reason?: string; message?: string };
      reason = body.reason;
      message = body.message ?? message;
    } catch {
      // Not a metav1.Status (e.g. a proxy error page): keep the raw text.
    }
    return new KubeApiError(method, path, status, reason, message);
  }
}

export function isNotFound(err: unknown): boolean {
  return err instanceof KubeApiError && err.status === 404;
}

export function isConflict(err: unknown): boolean {
  return err instanceof KubeApiError && err.status === 409;
}

export function isGone(err: unknown): boolean {
  return err instanceof KubeApiError && err.status === 410;
}
