/**
 * What every alerting provisioning route shares (§8.1): the `X-Disable-Provenance` header, body
 * binding, and the two error-body families (errutil JSON and `ErrResp`'s forced-status
 * `{"message"}`), plus the provenance errors of §8.9.
 */
import { isJsonContentType } from '../binding.js';
import { badRequestData, errutil, messageError, type Reply } from '../errors.js';
import type { Provenance } from '../alerting-model.js';
import type { RequestContext } from '../router.js';

export const PROVISIONING = '/api/v1/provisioning';
export const READ = { kind: 'org', action: 'alert.provisioning:read' } as const;
export const WRITE = { kind: 'org', action: 'alert.provisioning:write' } as const;
/** Needed for `decrypt=true` exports; org Admins hold it. */
export const READ_SECRETS = 'alert.provisioning.secrets:read';

/**
 * `determineProvenance`: only the header's *presence* counts; any value, even empty, means
 * provenance none. Without it the provenance is `api`.
 */
export function requestedProvenance(ctx: RequestContext): Provenance {
  return ctx.headers['x-disable-provenance'] !== undefined ? '' : 'api';
}

/**
 * `web.Bind` into a struct: JSON content type and a decodable body; an empty body is the zero
 * struct. Returns the decoded JSON for the area's own Go-style decoding.
 */
export function bindBody(ctx: RequestContext): { ok: true; value: unknown } | { ok: false; reply: Reply } {
  if (!isJsonContentType(ctx.headers['content-type'])) return { ok: false, reply: badRequestData() };
  const text = ctx.rawBody.toString('utf8');
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    const value = JSON.parse(text) as unknown;
    if (value === null) return { ok: true, value: {} };
    return { ok: true, value };
  } catch {
    return { ok: false, reply: badRequestData() };
  }
}

/** `ErrResp(status, err, "")`: `{"message": err.Error()}` with the status forced. */
export function errResp(status: number, message: string): Reply {
  return messageError(status, message, true);
}

/** `response.Error(500, ...)` for a plain (non-errutil) error through `ErrOrFallback(500, "", err)`. */
export function internalServerError(message = 'Internal Server Error'): Reply {
  return messageError(500, message, true);
}

/** How provenance renders in error texts: `""` is `none`. */
export function provenanceLabel(p: Provenance): string {
  return p === '' ? 'none' : p;
}

/** `validation.MakeErrProvenanceChangeNotAllowed` (templates, mute timings, policies; 12.x wording). */
export function invalidProvenance(stored: Provenance, requested: Provenance): Reply {
  const source = provenanceLabel(stored);
  const target = provenanceLabel(requested);
  return errutil(
    403,
    'alerting.notifications.invalidProvenance',
    `Resource with provenance status '${source}' cannot be managed via API that handles resources with ` +
      `provenance status '${target}'. You must use appropriate API to manage this resource`,
    { SourceProvenance: source, TargetProvenance: target },
  );
}

/** `errProvenanceMismatch` (rules and rule groups, 409). */
export function provenanceMismatch(
  operation: 'update' | 'delete',
  stored: Provenance,
  requested: Provenance,
): Reply {
  return errutil(
    409,
    'alerting.provenanceMismatch',
    `cannot ${operation} with provided provenance '${requested}', needs '${stored}'`,
    { Operation: operation, ProvidedProvenance: requested, StoredProvenance: stored },
  );
}

/** `ErrVersionConflict.Errorf(...)`: no public message, so the status reason. */
export function versionConflict(): Reply {
  return errutil(409, 'alerting.notifications.conflict', 'Conflict');
}

/** 204 from `response.JSON(http.StatusNoContent, ...)`: Go's server sends no body with 204. */
export function noContent(): Reply {
  return { status: 204 };
}
