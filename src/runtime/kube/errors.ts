/** One cause of a metav1.Status: a field the apiserver refused, or a server-side apply conflict. */
export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

/** A non-2xx answer from the apiserver, with its metav1.Status reason (and causes) when it sent one. */
export class KubeApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly reason: string | undefined,
    readonly apiMessage: string,
    readonly causes: StatusCause[] = [],
    /**
     * A list page's continue token too old to go on from (410, etcd compacted meanwhile) comes
     * with one that goes on from the same key at the latest version: an inconsistent list, but
     * the rest of it (k8s.io/apiserver's etcd3 handleCompactedErrorForPaging).
     */
    readonly continueToken?: string,
  ) {
    super(`${method} ${path}: ${status}${reason ? ` ${reason}` : ''}: ${apiMessage}`);
    this.name = 'KubeApiError';
  }

  static fromResponse(method: string, path: string, status: number, text: string): KubeApiError {
    let reason: string | undefined;
    let message = text.slice(0, 500);
    let causes: StatusCause[] = [];
    let continueToken: string | undefined;
    try {
      const body = JSON.parse(text) as {
        reason?: string;
        message?: string;
        details?: { causes?: StatusCause[] };
        metadata?: { continue?: string };
      };
      reason = body.reason;
      message = body.message ?? message;
      causes = Array.isArray(body.details?.causes) ? body.details.causes : [];
      continueToken = body.metadata?.continue || undefined;
    } catch {
      // Not a metav1.Status (e.g. a proxy error page): keep the raw text.
    }
    return new KubeApiError(method, path, status, reason, message, causes, continueToken);
  }
}

export function isNotFound(err: unknown): boolean {
  return err instanceof KubeApiError && err.status === 404;
}

export function isConflict(err: unknown): boolean {
  return err instanceof KubeApiError && err.status === 409;
}

export function isGone(err: unknown): err is KubeApiError {
  return err instanceof KubeApiError && err.status === 410;
}

/**
 * What a read "not older than" a resourceVersion the apiserver's watch cache did not reach within
 * its wait (3 s) is answered: 504 Timeout, "Too large resource version" (k8s.io/apiserver's
 * storage.NewTooLargeResourceVersionError; its cause ResourceVersionTooLarge is absent from some
 * releases). A 504 of a proxy in between is told apart by nothing, and may be read again as well.
 */
export function isTooLargeResourceVersion(err: unknown): boolean {
  return err instanceof KubeApiError && err.status === 504;
}
