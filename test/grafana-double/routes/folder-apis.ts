/**
 * The app-platform folder group `/apis/folder.grafana.app` (§4.7, §10), read-only: discovery and
 * the list of an org's folders, over the same store as `/api/folders`. The list is read from
 * storage (`FolderUnifiedStoreImpl.list` → k8s List), not from the search index, so it shows
 * every write at once, whatever `searchLagMs` says.
 *
 * Modelled: `metadata.name` is the uid, the parent the `grafana.app/folder` annotation (absent at
 * the root), `metadata.generation` the folder's `version`; `spec` holds `title` and `description`.
 * `options.folderApis: false` makes the group absent (404), as on 11.x.
 */
import { json, routeNotFound, type Reply } from '../errors.js';
import type { RequestContext, RouteModule } from '../router.js';
import { OrgState } from '../state.js';
import { compareStrings } from '../util.js';
import { discoveryReply, listableOrg, listPage, objectMeta, type AppPlatformGroup } from './app-platform.js';

const GROUP = 'folder.grafana.app';
const FOLDERS: AppPlatformGroup = {
  group: GROUP,
  // 12.x serves v1beta1 (apps/folder/pkg/apis/folder/v1beta1); main also v1.
  versions: ['v1beta1'],
  preferred: 'v1beta1',
  resource: 'folders',
  readAction: 'folders:read',
};

export const folderApiRoutes: RouteModule = {
  name: 'folder-apis',
  register(router) {
    router.get(`/apis/${GROUP}`, { kind: 'signedIn' }, (ctx) =>
      ctx.options.folderApis ? discoveryReply(FOLDERS) : routeNotFound(),
    );
    router.get(`/apis/${GROUP}/:version/namespaces/:namespace/folders`, { kind: 'signedIn' }, list);
  },
};

function list(ctx: RequestContext): Reply {
  if (!ctx.options.folderApis) return routeNotFound();
  const org = listableOrg(ctx, FOLDERS);
  if (!(org instanceof OrgState)) return org;
  const apiVersion = `${GROUP}/${ctx.params.version ?? ''}`;
  const namespace = ctx.params.namespace ?? '';
  const records = [...org.folders.values()].sort((a, b) => compareStrings(a.uid, b.uid));
  const { page, listMeta } = listPage(ctx, records);
  return json(200, {
    kind: 'FolderList',
    apiVersion,
    metadata: listMeta,
    items: page.map((record) => ({
      kind: 'Folder',
      apiVersion,
      metadata: objectMeta(FOLDERS, record, namespace, record.parentUid),
      spec: { title: record.title, description: record.description },
    })),
  });
}
