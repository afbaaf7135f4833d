/**
 * The org whose alerting objects come from Grafana's provisioning files
 * (test/fixtures/grafana-provisioning/alerting/provisioned-from-files.yaml): the same objects on
 * the double and on a real Grafana started as docs/testing.md describes, so the "provisioned from
 * files is a Conflict" tests run against both.
 */
import { GrafanaInstanceResource } from '../../src/api/generated/index.js';
import { connectInstance } from './fixture.js';
import { adminApiIn, type GrafanaUnderTest } from './grafana.js';
import { editsIn } from './grafana-edits.js';
import type { ResourceType } from '../../src/runtime/kube/types.js';
import type { TestKube } from './kube.js';
import type { GrafanaApi } from '../../src/grafana/index.js';

/** What the provisioning file holds (keep in step with it). */
export const FROM_FILES = {
  /** The file names its objects' org by id; the org must exist before Grafana reads it. */
  orgId: 2,
  orgName: 'Provisioned from files',
  folderTitle: 'Provisioned from files',
  ruleGroup: 'from-files',
  ruleUid: 'gpo-file-rule',
  ruleTitle: 'Provisioned from a file',
  /** The contact point, mute timing and template share this name. */
  name: 'gpo-from-file',
  receiverUid: 'gpo-file-email',
  addresses: 'file@example.com',
  muteTimingIntervals: [{ weekdays: ['sunday'] }],
  template: '{{ define "file.title" }}from a file{{ end }}',
  policyTree: { receiver: 'gpo-from-file', group_by: ['alertname'] },
} as const;

export interface FilesOrg {
  /** instanceSelector of the GrafanaInstance "files", signed in as the server admin in that org. */
  selector: { matchLabels: Record<string, string> };
  /** The test's own client in that org (not recorded). */
  api: GrafanaApi;
  /** The uid Grafana gave the rule group's folder (found by title, as the file names it). */
  folderUid: string;
  /**
   * Deletes the test's objects (waiting until the operator let them go) and then the instance,
   * and closes `api`. The provisioned objects stay: Grafana would restore them anyway.
   */
  close(kube: TestKube, objects: ReadonlyArray<readonly [ResourceType, string]>): Promise<void>;
}

/**
 * Makes sure the org exists (made here on the double; on a real Grafana the conformance setup
 * made it first, so its id is the file's), has Grafana re-read its alerting files, and connects a
 * GrafanaInstance "files" to it. Idempotent: Grafana's provisioning updates in place.
 */
export async function filesOrg(kube: TestKube, grafana: GrafanaUnderTest): Promise<FilesOrg> {
  const edits = editsIn(grafana);
  const orgId = (await edits.findOrg(FROM_FILES.orgName)) ?? (await edits.createOrg(FROM_FILES.orgName));
  if (orgId !== FROM_FILES.orgId) {
    throw new Error(
      `the org "${FROM_FILES.orgName}" has id ${orgId}, but the provisioning file names org ${FROM_FILES.orgId}: ` +
        'create it first on a fresh Grafana (docs/testing.md)',
    );
  }
  await edits.reloadAlertingProvisioning();
  const api = adminApiIn(grafana, orgId);
  const rule = await api.alertRules.get(FROM_FILES.ruleUid).catch((error: unknown) => {
    throw new Error(
      `rule ${FROM_FILES.ruleUid} is not in org ${orgId}: is test/fixtures/grafana-provisioning mounted as ` +
        `Grafana's provisioning folder (docs/testing.md)? ${(error as Error).message}`,
    );
  });
  const labels = { grafana: 'files' };
  await connectInstance(kube, { ...grafana, credentials: grafana.direct.admin }, 'files', labels, orgId);
  return {
    selector: { matchLabels: labels },
    api,
    folderUid: rule.folderUID,
    close: async (kube, objects) => {
      try {
        for (const [resource, name] of objects) await kube.delete(resource, name).catch(() => undefined);
        for (const [resource, name] of objects) await kube.waitGone(resource, name);
        await kube.delete(GrafanaInstanceResource, 'files');
        await kube.waitGone(GrafanaInstanceResource, 'files');
      } finally {
        api.http.close();
      }
    },
  };
}
