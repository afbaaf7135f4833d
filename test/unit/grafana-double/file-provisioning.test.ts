import { jest } from '@jest/globals';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROVISIONING_FIXTURES } from '../../support/grafana.js';
import { Harness } from './helpers.js';

const RELOAD = '/api/admin/provisioning/alerting/reload';
const IN_ORG_2 = { headers: { 'X-Grafana-Org-Id': '2' } };

describe('grafana double only: alerting file provisioning and its reload (§8.12)', () => {
  let h: Harness;

  // The double logs why a reload failed, as Grafana does; keep it out of the test output.
  beforeEach(() => jest.spyOn(console, 'error').mockImplementation(() => undefined));
  afterEach(async () => {
    jest.restoreAllMocks();
    await h.stop();
  });

  it("provisions the fixture's objects with provenance file into org 2, and a second reload changes nothing", async () => {
    h = await Harness.start({ provisioningPath: PROVISIONING_FIXTURES });
    expect(
      (await h.admin('POST', '/api/orgs', { body: { name: 'Provisioned from files' } })).body,
    ).toMatchObject({
      orgId: 2,
    });
    const snapshot = async () => ({
      rule: (await h.admin('GET', '/api/v1/provisioning/alert-rules/gpo-file-rule', IN_ORG_2)).body,
      contactPoints: (
        await h.admin('GET', '/api/v1/provisioning/contact-points?name=gpo-from-file', IN_ORG_2)
      ).body,
      muteTiming: (await h.admin('GET', '/api/v1/provisioning/mute-timings/gpo-from-file', IN_ORG_2)).body,
      template: (await h.admin('GET', '/api/v1/provisioning/templates/gpo-from-file', IN_ORG_2)).body,
      policies: (await h.admin('GET', '/api/v1/provisioning/policies', IN_ORG_2)).body,
      folders: (await h.admin('GET', '/api/folders', IN_ORG_2)).body,
    });

    expect(await h.admin('POST', RELOAD)).toMatchObject({
      status: 200,
      body: { message: 'Alerting config reloaded' },
    });
    const first = await snapshot();
    expect(first.rule).toMatchObject({
      uid: 'gpo-file-rule',
      title: 'Provisioned from a file',
      ruleGroup: 'from-files',
      provenance: 'file',
    });
    expect(first.folders).toEqual([expect.objectContaining({ title: 'Provisioned from files' })]);
    expect((first.folders as Array<{ uid: string }>)[0]?.uid).toBe(
      (first.rule as { folderUID: string }).folderUID,
    );
    expect(first.contactPoints).toEqual([
      expect.objectContaining({ uid: 'gpo-file-email', provenance: 'file', type: 'email' }),
    ]);
    expect(first.muteTiming).toMatchObject({
      provenance: 'file',
      time_intervals: [{ weekdays: ['sunday'] }],
    });
    expect(first.template).toMatchObject({ provenance: 'file' });
    expect(first.policies).toMatchObject({
      receiver: 'gpo-from-file',
      group_by: ['alertname'],
      provenance: 'file',
    });
    // Org 1 is untouched.
    expect((await h.admin('GET', '/api/v1/provisioning/alert-rules')).body).toEqual([]);

    expect((await h.admin('POST', RELOAD)).status).toBe(200);
    const second = await snapshot();
    expect({ ...second, rule: { ...(second.rule as object), updated: undefined } }).toEqual({
      ...first,
      rule: { ...(first.rule as object), updated: undefined },
    });
  });

  it('answers a bare 500 when a file names an org that does not exist', async () => {
    h = await Harness.start({ provisioningPath: PROVISIONING_FIXTURES });
    const failed = await h.admin('POST', RELOAD);
    expect([failed.status, failed.body]).toEqual([500, { message: 'Internal Server Error' }]);
  });

  it('refuses the delete lists it does not model, rather than ignoring them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gpo-provisioning-'));
    const alerting = join(dir, 'alerting');
    mkdirSync(alerting);
    writeFileSync(join(alerting, 'delete.yaml'), 'apiVersion: 1\ndeleteRules:\n  - orgId: 1\n    uid: x\n');
    h = await Harness.start({ provisioningPath: dir });
    expect((await h.admin('POST', RELOAD)).status).toBe(500);
  });

  it('finds nothing to do without a provisioning folder', async () => {
    h = await Harness.start();
    expect((await h.admin('POST', RELOAD)).status).toBe(200);
  });
});
