/**
 * Silences of the org's built-in Alertmanager (`/api/alertmanager/grafana/api/v2`,
 * docs/grafana-api.md §21), as `api_alertmanager_silences.go`, the notifier's SilenceService and
 * Alertmanager's `silences.Set`/`expire` answer them on 11, 12 and 13 alike:
 * - GET lists every silence of the org, expired ones too, with `status.state`; GET one is 404
 *   `silence not found` for an unknown id;
 * - POST without an id creates: 202 `{"silenceID"}`, a start already past becomes now. With an id
 *   (404 when unknown) it updates in place when the matchers are the same and, for an active
 *   silence, the start too and the end not past (`canUpdate`); otherwise a silence not yet expired
 *   is expired and a new one with a new id is made;
 * - the window is checked: an end before the start or already past is a 400;
 * - DELETE expires (200 `silence deleted`), 404 for an unknown id; a silence already expired is
 *   left as it is.
 */
import { randomUUID } from 'node:crypto';

import { json, messageError, success, type Reply } from '../errors.js';
import type { RequestContext, RouteModule } from '../router.js';
import type { OrgState } from '../state.js';
import { bindBody } from './alerting-common.js';

const BASE = '/api/alertmanager/grafana/api/v2';
const READ = { kind: 'org', action: 'alert.silences:read' } as const;
const CREATE = { kind: 'org', action: 'alert.silences:create' } as const;
const WRITE = { kind: 'org', action: 'alert.silences:write' } as const;

interface Matcher {
  name: string;
  value: string;
  isEqual: boolean;
  isRegex: boolean;
}

interface SilenceRecord {
  id: string;
  matchers: Matcher[];
  startsAt: number;
  endsAt: number;
  comment: string;
  createdBy: string;
  updatedAt: number;
}

const silencesOf = (org: OrgState) => org.extension('silences', () => new Map<string, SilenceRecord>());

export const silenceRoutes: RouteModule = {
  name: 'silences',
  register(router) {
    router.get(`${BASE}/silences`, READ, listSilences);
    router.get(`${BASE}/silence/:id`, READ, getSilence);
    // Grafana asks alert.silences:write for a POST with an id; both go to Editor, so the double
    // checks create only.
    router.post(`${BASE}/silences`, CREATE, saveSilence);
    router.delete(`${BASE}/silence/:id`, WRITE, deleteSilence);
  },
};

/** Alertmanager's getState. */
function stateOf(silence: SilenceRecord, now: number): 'active' | 'pending' | 'expired' {
  if (now < silence.startsAt) return 'pending';
  return now < silence.endsAt ? 'active' : 'expired';
}

function silenceDto(silence: SilenceRecord, now: number) {
  return {
    id: silence.id,
    status: { state: stateOf(silence, now) },
    updatedAt: new Date(silence.updatedAt).toISOString(),
    comment: silence.comment,
    createdBy: silence.createdBy,
    startsAt: new Date(silence.startsAt).toISOString(),
    endsAt: new Date(silence.endsAt).toISOString(),
    matchers: silence.matchers.map((m) => ({ ...m })),
  };
}

function listSilences(ctx: RequestContext): Reply {
  const now = Date.now();
  return json(
    200,
    [...silencesOf(ctx.org()).values()].map((s) => silenceDto(s, now)),
  );
}

function getSilence(ctx: RequestContext): Reply {
  const silence = silencesOf(ctx.org()).get(ctx.params.id ?? '');
  return silence ? json(200, silenceDto(silence, Date.now())) : messageError(404, 'silence not found', true);
}

type Decoded = Omit<SilenceRecord, 'id' | 'updatedAt'> & { id: string };

/** `PostableSilence.Validate` and Alertmanager's `validateSilence`, as one 400 with a message. */
function decodeSilence(value: unknown, now: number): Decoded | string {
  if (typeof value !== 'object' || value === null) return 'body must be an object';
  const body = value as Record<string, unknown>;
  const matchers = body.matchers;
  if (!Array.isArray(matchers) || matchers.length === 0) return 'at least one matcher required';
  const decoded: Matcher[] = [];
  for (const m of matchers as Array<Record<string, unknown>>) {
    if (typeof m?.name !== 'string' || m.name === '' || typeof m.value !== 'string')
      return 'invalid label matcher';
    decoded.push({ name: m.name, value: m.value, isEqual: m.isEqual !== false, isRegex: m.isRegex === true });
  }
  const startsAt = Date.parse(String(body.startsAt ?? ''));
  const endsAt = Date.parse(String(body.endsAt ?? ''));
  if (Number.isNaN(startsAt) || Number.isNaN(endsAt)) return 'startsAt and endsAt are required';
  if (typeof body.comment !== 'string' || body.comment === '') return 'comment in body is required';
  if (typeof body.createdBy !== 'string' || body.createdBy === '') return 'createdBy in body is required';
  if (endsAt < startsAt) return 'end time must not be before start time';
  if (endsAt < now) return "end time can't be in the past";
  const id = typeof body.id === 'string' ? body.id : '';
  return { id, matchers: decoded, startsAt, endsAt, comment: body.comment, createdBy: body.createdBy };
}

/** `canUpdate`: the change leaves the silence's history as it is. */
function canUpdate(prev: SilenceRecord, next: Decoded, now: number): boolean {
  if (JSON.stringify(prev.matchers) !== JSON.stringify(next.matchers)) return false;
  switch (stateOf(prev, now)) {
    case 'active':
      return Math.floor(prev.startsAt / 1000) === Math.floor(next.startsAt / 1000) && next.endsAt >= now;
    case 'pending':
      return next.startsAt >= now;
    default:
      return false;
  }
}

function saveSilence(ctx: RequestContext): Reply {
  const bound = bindBody(ctx);
  if (!bound.ok) return bound.reply;
  const now = Date.now();
  const decoded = decodeSilence(bound.value, now);
  if (typeof decoded === 'string') return messageError(400, `silence failed validation: ${decoded}`, true);
  const silences = silencesOf(ctx.org());
  const prev = decoded.id ? silences.get(decoded.id) : undefined;
  if (decoded.id && !prev) return messageError(404, 'silence not found', true);
  if (prev && canUpdate(prev, decoded, now)) {
    silences.set(prev.id, { ...decoded, id: prev.id, updatedAt: now });
    return json(202, { silenceID: prev.id });
  }
  if (prev && stateOf(prev, now) !== 'expired') expire(prev, now);
  const id = randomUUID();
  silences.set(id, { ...decoded, id, startsAt: Math.max(decoded.startsAt, now), updatedAt: now });
  return json(202, { silenceID: id });
}

/** Alertmanager's `expire`: an active silence ends now, a pending one starts and ends now. */
function expire(silence: SilenceRecord, now: number): void {
  if (stateOf(silence, now) === 'pending') silence.startsAt = now;
  silence.endsAt = now;
  silence.updatedAt = now;
}

function deleteSilence(ctx: RequestContext): Reply {
  const silence = silencesOf(ctx.org()).get(ctx.params.id ?? '');
  if (!silence) return messageError(404, 'silence not found', true);
  const now = Date.now();
  if (stateOf(silence, now) !== 'expired') expire(silence, now);
  return success('silence deleted');
}
