/**
 * `GET /api/search` (not in the contract). Read from Grafana's source, 12.x:
 * - `pkg/api/search.go` `Search`: parameters, 422 above `limit=5000`, 400 for ids and uids together,
 *   401 for `deleted=true` from a non-admin, 500 `Search failed` for an unknown `type`;
 * - `pkg/services/search/service.go` `SearchHandler`: without `sort`, hits are ordered folders first,
 *   then by lower-cased title (`HitList.Less`), and each hit's tags are sorted;
 * - `pkg/services/dashboards/service/dashboard_service.go` `FindDashboards`,
 *   `searchDashboardsThroughK8sRaw` and `makeQueryResult`: `type=dash-folder` searches the folder
 *   resource, so folders of every nesting level come back, each with its parent as `folderUid`
 *   (+ `folderId`, `folderTitle`, `folderUrl`); `folderUIDs` filters on that parent (`general` is
 *   the root); `query` matches a case-insensitive substring of the title; `limit` defaults to 1000
 *   and `page` to 1; `slug` is never filled (always `""`), `uri` is `db/<slug>`.
 * - `pkg/services/search/model/model.go` `Hit`: field names and omitempty.
 *
 * With `searchLagMs` (§6.8) the hits show the state of that many milliseconds ago
 * (search-index.ts), as unified storage's search index does.
 *
 * Assumptions: tags filter with all-of semantics (the legacy SQL filter; the unified-search path
 * may match any-of); the double keeps no stars, so `starred=true` finds nothing; `folderIds`, as in
 * `searchDashboardsThroughK8sRaw`, filters on the hit's own legacy id.
 */
import { hasPermission, roleIn } from '../auth.js';
import { dashboardsOf, dashboardUrl } from '../dashboard-state.js';
import { json, messageError, type Reply } from '../errors.js';
import type { RequestContext, RouteModule } from '../router.js';
import { LaggingIndex } from '../search-index.js';
import type { GrafanaState, OrgState } from '../state.js';
import type { DashboardRecord, FolderRecord, SearchHitDTO } from '../types.js';
import { compareStrings, parseGoInt, slugify } from '../util.js';

const MAX_LIMIT = 5000;
const DEFAULT_LIMIT = 1000;
const GENERAL_FOLDER_UID = 'general';

export const searchRoutes: RouteModule = {
  name: 'search',
  register(router, env) {
    const index = new LaggingIndex<Candidate>();
    // With a search lag (§6.8) every write is preceded by a copy of what search showed until then.
    env.state.addBeforeWriteListener(() => {
      if (env.options.searchLagMs > 0) index.record(allCandidates(env.state), env.options.searchLagMs);
    });
    // reqSignedIn only: results are filtered by the caller's permissions in its org.
    router.get('/api/search', { kind: 'signedIn' }, (ctx) => search(ctx, index));
  },
};

interface Candidate {
  hit: SearchHitDTO;
  /** Tags as stored, for the tag filter. */
  tags: readonly string[];
}

/** Parent folder fields of a hit (omitted at the root, omitempty). */
function parentFields(org: OrgState, parentUid: string): Partial<SearchHitDTO> {
  if (parentUid === '') return {};
  const parent = org.folder(parentUid);
  if (parent === undefined) return { folderUid: parentUid, folderUrl: `/dashboards/f/${parentUid}/` };
  return {
    folderId: parent.id,
    folderUid: parent.uid,
    folderTitle: parent.title,
    folderUrl: org.folderUrl(parent),
  };
}

function dashboardHit(org: OrgState, d: DashboardRecord): Candidate {
  const tags = Array.isArray(d.data.tags)
    ? d.data.tags.filter((t): t is string => typeof t === 'string')
    : [];
  const hit: SearchHitDTO = {
    id: d.id,
    uid: d.uid,
    orgId: org.id,
    title: d.title,
    uri: `db/${slugify(d.title)}`,
    url: dashboardUrl(d.uid, d.title),
    slug: '',
    type: 'dash-db',
    tags: [...tags].sort(compareStrings),
    isStarred: false,
    ...parentFields(org, d.folderUid),
    sortMeta: 0,
    isDeleted: false,
  };
  return { hit, tags };
}

function folderHit(org: OrgState, f: FolderRecord): Candidate {
  const hit: SearchHitDTO = {
    id: f.id,
    uid: f.uid,
    orgId: org.id,
    title: f.title,
    uri: `db/${slugify(f.title)}`,
    url: org.folderUrl(f),
    slug: '',
    type: 'dash-folder',
    tags: [],
    isStarred: false,
    ...parentFields(org, f.parentUid),
    sortMeta: 0,
    isDeleted: false,
  };
  return { hit, tags: [] };
}

/** Every folder and dashboard of every org, as search lists them now. */
function allCandidates(state: GrafanaState): Map<number, Candidate[]> {
  return new Map([...state.orgs.values()].map((org) => [org.id, orgCandidates(org)]));
}

function orgCandidates(org: OrgState): Candidate[] {
  return [
    ...[...org.folders.values()].map((f) => folderHit(org, f)),
    ...[...dashboardsOf(org).dashboards.values()].map((d) => dashboardHit(org, d)),
  ];
}

function search(ctx: RequestContext, index: LaggingIndex<Candidate>): Reply {
  const q = ctx.query;
  const limitParam = parseGoInt(q.get('limit')) ?? 0;
  const pageParam = parseGoInt(q.get('page')) ?? 0;
  const type = q.get('type') ?? '';
  const identity = ctx.identity;

  if (q.get('deleted') === 'true' && (identity === undefined || roleIn(identity, ctx.orgId) !== 'Admin')) {
    return messageError(401, 'Unauthorized');
  }
  if (limitParam > MAX_LIMIT) {
    return messageError(
      422,
      'Limit is above maximum allowed (5000), use page parameter to access hits beyond limit',
    );
  }
  const dashboardIds = q
    .getAll('dashboardIds')
    .map((v) => parseGoInt(v))
    .filter((v) => v !== undefined);
  let dashboardUids = q.getAll('dashboardUIDs');
  if (dashboardUids.length === 0) dashboardUids = q.getAll('dashboardUID');
  const folderIds = q
    .getAll('folderIds')
    .map((v) => parseGoInt(v))
    .filter((v) => v !== undefined);
  const folderUids = q.getAll('folderUIDs').map((uid) => (uid === GENERAL_FOLDER_UID ? '' : uid));
  if (
    (dashboardIds.length > 0 && dashboardUids.length > 0) ||
    (folderIds.length > 0 && folderUids.length > 0)
  ) {
    return messageError(400, 'search supports UIDs or IDs, not both');
  }

  let wantFolders: boolean;
  let wantDashboards: boolean;
  switch (type) {
    case '':
      wantFolders = true;
      wantDashboards = true;
      break;
    case 'dash-db':
    case 'dash-annotation':
      wantFolders = false;
      wantDashboards = true;
      break;
    case 'dash-folder':
    case 'dash-folder-alerting':
      wantFolders = true;
      wantDashboards = false;
      break;
    default:
      return messageError(500, 'Search failed', true);
  }

  const org = ctx.orgId > 0 ? ctx.state.findOrg(ctx.orgId) : undefined;
  // A user outside the requested org runs in org -1 and sees nothing; nothing is starred or deleted.
  if (org === undefined || identity === undefined) return json(200, []);
  if (q.get('starred') === 'true' || q.get('deleted') === 'true') return json(200, []);
  if (q.get('permission') === 'Edit' && !hasPermission(identity, ctx.orgId, 'dashboards:write')) {
    return json(200, []);
  }
  if (!hasPermission(identity, ctx.orgId, 'dashboards:read')) return json(200, []);

  const indexed = index.view(org.id, ctx.options.searchLagMs) ?? orgCandidates(org);
  const candidates = indexed.filter(({ hit }) => (hit.type === 'dash-folder' ? wantFolders : wantDashboards));

  const title = (q.get('query') ?? '').toLowerCase();
  const tags = q.getAll('tag');
  const matches = candidates
    .filter(({ hit }) => title === '' || hit.title.toLowerCase().includes(title))
    .filter(({ hit }) => dashboardUids.length === 0 || dashboardUids.includes(hit.uid))
    .filter(({ hit }) => dashboardIds.length === 0 || dashboardIds.includes(hit.id))
    .filter(({ hit }) => folderIds.length === 0 || folderIds.includes(hit.id))
    .filter(({ hit }) => folderUids.length === 0 || folderUids.includes(hit.folderUid ?? ''))
    .filter(({ tags: own }) => tags.every((t) => own.includes(t)))
    .map(({ hit }) => hit);

  const sort = q.get('sort') ?? '';
  const byTitle = (a: SearchHitDTO, b: SearchHitDTO): number =>
    compareStrings(a.title.toLowerCase(), b.title.toLowerCase()) || compareStrings(a.uid, b.uid);
  if (sort === 'alpha-desc') {
    matches.sort((a, b) => byTitle(b, a));
  } else if (sort === '') {
    const rank = (hit: SearchHitDTO): number => (hit.type === 'dash-folder' ? 0 : 1);
    matches.sort((a, b) => rank(a) - rank(b) || byTitle(a, b));
  } else {
    matches.sort(byTitle);
  }

  const limit = limitParam < 1 ? DEFAULT_LIMIT : limitParam;
  const page = pageParam < 1 ? 1 : pageParam;
  return json(200, matches.slice((page - 1) * limit, page * limit));
}
