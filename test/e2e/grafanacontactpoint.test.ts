import { GrafanaContactPointResource, type GrafanaContactPoint } from '../../src/api/generated/index.js';
import {
  muteTimingUid as nameUid,
  REDACTED_VALUE,
  type EmbeddedContactPoint,
} from '../../src/grafana/index.js';
import { objectFixture, type ObjectFixture } from '../support/fixture.js';
import { FROM_FILES, filesOrg } from '../support/files-org.js';
import { eventually } from '../support/wait.js';
import { reconcileOnFreshLists } from '../support/operator.js';

const CONTACT_POINTS = '/api/v1/provisioning/contact-points';

describe('GrafanaContactPoint', () => {
  let f: ObjectFixture;
  /** Names unique per run, so a shared real Grafana does not see clashes between runs. */
  let n: (name: string) => string;

  beforeAll(async () => {
    f = await objectFixture('contactpoint');
    n = (name) => `${name}-${f.kube.namespace}`;
    await f.kube.secret('webhook-auth', { password: 's3cret-1' });
  });

  afterAll(async () => {
    await f?.stop();
  });

  const email = (addresses = 'oncall@example.com') => ({
    type: 'email',
    settings: { addresses, singleEmail: true },
  });

  const webhook = (secret = 'webhook-auth') => ({
    type: 'webhook',
    settings: { url: 'http://alert-receiver.ops.svc:8080/hook', httpMethod: 'POST', username: 'grafana' },
    secureSettings: { password: { secretKeyRef: { name: secret, key: 'password' } } },
  });

  const contactPoint = (name: string, extra: Record<string, unknown> = {}) => ({
    instanceSelector: f.selector,
    name: n(name),
    receivers: [email(), webhook()],
    resyncPeriod: '10s',
    ...extra,
  });

  const synced = async (name: string) =>
    (await f.kube.waitReady(GrafanaContactPointResource, name, {
      status: 'True',
      reason: 'Synced',
    })) as GrafanaContactPoint;

  const message = (object: { status?: { conditions?: Array<{ type: string; message: string }> } }) =>
    object.status?.conditions?.find((c) => c.type === 'Ready')?.message ?? '';

  /** The receiver's integrations in Grafana, in the API's order. */
  const integrations = (name: string): Promise<EmbeddedContactPoint[]> =>
    f.grafana.api.contactPoints.list({ name });

  const byType = async (name: string, type: string) =>
    (await integrations(name)).find((i) => i.type === type);

  /** The secret the operator last sent Grafana for an integration (Grafana never shows it back). */
  const sentSecret = (integrationUid: string, key: string) =>
    f.grafana.recorder.requests
      .filter(
        (r) =>
          (r.method === 'POST' || r.method === 'PUT') &&
          r.status === 202 &&
          (r.body as { uid?: string } | undefined)?.uid === integrationUid,
      )
      .map((r) => (r.body as { settings?: Record<string, unknown> }).settings?.[key])
      .at(-1);

  /** The object's Ready condition while it is being deleted (generation no longer tracks it). */
  const deleting = (name: string, reason: string) =>
    eventually(
      async () => {
        const object = await f.kube.get<GrafanaContactPoint>(GrafanaContactPointResource, name);
        return object.status?.conditions?.find((c) => c.type === 'Ready' && c.reason === reason);
      },
      { what: `${name} Ready=False/${reason}` },
    );

  const writes = () =>
    f.grafana.recorder
      .writes()
      .filter((r) => r.path.startsWith(CONTACT_POINTS))
      .map((r) => `${r.method} ${r.path.slice(CONTACT_POINTS.length)} ${r.status}`);

  it('the CRD rejects no receivers and two receivers with one uid', async () => {
    await expect(
      f.kube.create(GrafanaContactPointResource, 'none', contactPoint('none', { receivers: [] })),
    ).rejects.toThrow(/receivers/);
    await expect(
      f.kube.create(
        GrafanaContactPointResource,
        'twice',
        contactPoint('twice', {
          receivers: [
            { ...email(), uid: 'same' },
            { ...webhook(), uid: 'same' },
          ],
        }),
      ),
    ).rejects.toThrow(/every receivers\[\]\.uid must be different/);
  });

  it('creates one integration per receiver (provenance api), secrets from a Secret, never in the status', async () => {
    await f.kube.create(GrafanaContactPointResource, 'ops', contactPoint('ops'));
    const object = await synced('ops');
    const uid = object.status?.uid ?? '';
    expect(uid).toMatch(/^ops-[0-9a-f]{8}$/);
    expect(object.status?.instances?.[0]).toMatchObject({
      name: 'main',
      synced: true,
      uid: nameUid(n('ops')),
    });
    expect(JSON.stringify(object.status)).not.toContain('s3cret');
    const stored = await integrations(n('ops'));
    expect(stored).toHaveLength(2);
    expect(await byType(n('ops'), 'email')).toMatchObject({
      uid: `${uid}-email`,
      name: n('ops'),
      settings: { addresses: 'oncall@example.com', singleEmail: true },
      disableResolveMessage: false,
      provenance: 'api',
    });
    expect(await byType(n('ops'), 'webhook')).toMatchObject({
      uid: `${uid}-webhook`,
      settings: {
        url: 'http://alert-receiver.ops.svc:8080/hook',
        httpMethod: 'POST',
        username: 'grafana',
        password: REDACTED_VALUE,
      },
      provenance: 'api',
    });
    expect(sentSecret(`${uid}-webhook`, 'password')).toBe('s3cret-1');
  });

  it('an unchanged contact point costs no write, although Grafana hides its secrets', async () => {
    await f.kube.create(GrafanaContactPointResource, 'idle', contactPoint('idle'));
    const before = await synced('idle');
    const recorder = f.grafana.recorder;
    recorder.clearRequests();
    const reconciles = async () =>
      Number(
        /controller_runtime_reconcile_total\{controller="grafanacontactpoint",result="requeue_after"\} (\d+)/.exec(
          await (await fetch(f.operator.metricsUrl)).text(),
        )?.[1] ?? 0,
      );
    const count = await reconciles();
    await f.kube.touch(GrafanaContactPointResource, 'idle');
    await eventually(async () => (await reconciles()) > count, { what: 'a reconcile after the touch' });
    // And a resync that reads a fresh list ([REDACTED] secrets) after the shared list expired.
    await reconcileOnFreshLists(f, GrafanaContactPointResource, ['idle']);
    expect(await reconciles()).toBeGreaterThan(count + 1);
    expect(recorder.writes()).toEqual([]);
    expect(
      recorder.requests
        .filter((r) => r.path.startsWith(CONTACT_POINTS))
        .every((r) => r.path === CONTACT_POINTS),
    ).toBe(true);
    const after = await f.kube.get<GrafanaContactPoint>(GrafanaContactPointResource, 'idle');
    expect(after.status).toEqual(before.status);
  });

  it('a Secret change (rotation) re-sends the secret of the integrations that use it', async () => {
    await f.kube.secret('rotating', { password: 'old-password' });
    await f.kube.create(
      GrafanaContactPointResource,
      'rotation',
      contactPoint('rotation', {
        receivers: [email(), webhook('rotating')],
        // Only the Secret watch can make this happen within the test's patience.
        resyncPeriod: '1h',
      }),
    );
    const uid = (await synced('rotation')).status?.uid ?? '';
    f.grafana.recorder.clearRequests();
    await f.kube.secret('rotating', { password: 'new-password' });
    await eventually(() => sentSecret(`${uid}-webhook`, 'password') === 'new-password', {
      what: 'the rotated secret in Grafana',
    });
    expect(writes()).toEqual([`PUT /${uid}-webhook 202`]);
  });

  it('applies changes: a changed setting is a PUT, a new receiver a POST, a removed one a DELETE', async () => {
    await f.kube.create(GrafanaContactPointResource, 'changing', contactPoint('changing'));
    const uid = (await synced('changing')).status?.uid ?? '';
    f.grafana.recorder.clearRequests();
    await f.kube.patchSpec(GrafanaContactPointResource, 'changing', {
      receivers: [
        email('team@example.com'),
        { type: 'email', settings: { addresses: 'manager@example.com' }, disableResolveMessage: true },
      ],
    });
    await synced('changing');
    const stored = await integrations(n('changing'));
    expect(stored.map((i) => [i.uid, i.settings.addresses, i.disableResolveMessage])).toEqual([
      [`${uid}-email`, 'team@example.com', false],
      [`${uid}-email-1`, 'manager@example.com', true],
    ]);
    expect(writes()).toEqual([`PUT /${uid}-email 202`, `POST  202`, `DELETE /${uid}-webhook 202`]);
  });

  it('reverts changes made in Grafana, and says so in an Event', async () => {
    await f.kube.create(GrafanaContactPointResource, 'drift', contactPoint('drift'));
    const uid = (await synced('drift')).status?.uid ?? '';
    // Provenance api: the UI refuses to edit it, another API client does not.
    await f.grafana.api.contactPoints.update(`${uid}-email`, {
      name: n('drift'),
      type: 'email',
      settings: { addresses: 'someone-else@example.com' },
    });
    await f.grafana.api.contactPoints.delete(`${uid}-webhook`);
    // What the next resync does, without waiting the 10 s resyncPeriod for it.
    await reconcileOnFreshLists(f, GrafanaContactPointResource, ['drift']);
    await eventually(
      async () => {
        const stored = await integrations(n('drift'));
        return (
          stored.length === 2 &&
          stored.find((i) => i.type === 'email')?.settings.addresses === 'oncall@example.com'
        );
      },
      { timeoutMs: 30_000, what: 'the edits reverted' },
    );
    const events = await eventually(
      async () => {
        const found = (await f.kube.events('drift')).filter((e) => e.reason === 'DriftReverted');
        return found.length > 0 && found;
      },
      { what: 'a DriftReverted event' },
    );
    expect(events.map((e) => e.message).join(' ')).toMatch(
      /receivers\[0\]\.settings\.addresses|receivers\[1\] \(missing\)/,
    );
  });

  it('switches provenance both ways (none re-creates each integration, api is a PUT)', async () => {
    await f.kube.create(GrafanaContactPointResource, 'switch', contactPoint('switch'));
    const uid = (await synced('switch')).status?.uid ?? '';
    f.grafana.recorder.clearRequests();
    await f.kube.patchSpec(GrafanaContactPointResource, 'switch', { editableInGrafana: true });
    await synced('switch');
    const editable = await integrations(n('switch'));
    expect(editable.map((i) => [i.uid, i.provenance])).toEqual([
      [`${uid}-email`, undefined],
      [`${uid}-webhook`, undefined],
    ]);
    expect(writes()).toEqual([
      `DELETE /${uid}-email 202`,
      `POST  202`,
      `DELETE /${uid}-webhook 202`,
      `POST  202`,
    ]);
    // The secret survived the re-creation.
    expect(sentSecret(`${uid}-webhook`, 'password')).toBe('s3cret-1');
    f.grafana.recorder.clearRequests();
    await f.kube.patchSpec(GrafanaContactPointResource, 'switch', { editableInGrafana: false });
    await synced('switch');
    expect((await integrations(n('switch'))).map((i) => i.provenance)).toEqual(['api', 'api']);
    expect(writes()).toEqual([`PUT /${uid}-email 202`, `PUT /${uid}-webhook 202`]);
  });

  it("a contact point a policy uses: the provenance switch keeps it, deletion waits with Grafana's message", async () => {
    await f.kube.create(
      GrafanaContactPointResource,
      'paged',
      contactPoint('paged', { receivers: [email()] }),
    );
    const uid = (await synced('paged')).status?.uid ?? '';
    await f.grafana.api.notificationPolicies.put({
      receiver: 'grafana-default-email',
      routes: [{ receiver: n('paged'), object_matchers: [['severity', '=', 'critical']] }],
    });
    try {
      // Its only integration cannot be deleted while the policy uses it: replaced through a sibling.
      await f.kube.patchSpec(GrafanaContactPointResource, 'paged', { editableInGrafana: true });
      await synced('paged');
      expect((await integrations(n('paged'))).map((i) => [i.uid, i.provenance])).toEqual([
        [`${uid}-email`, undefined],
      ]);

      await f.kube.delete(GrafanaContactPointResource, 'paged');
      const blocked = await deleting('paged', 'DeletionBlocked');
      expect(blocked.status).toBe('False');
      expect(blocked.message).toContain(`Grafana refuses to delete contact point "${n('paged')}"`);
      expect(blocked.message).toContain('Contact point is currently referenced by a notification policy');
      expect(blocked.message).toContain('notification policy: the policy matching severity="critical"');
      expect(
        (await f.kube.get<GrafanaContactPoint>(GrafanaContactPointResource, 'paged')).metadata?.finalizers,
      ).toHaveLength(1);
      expect(await integrations(n('paged'))).toHaveLength(1);
    } finally {
      await f.grafana.api.notificationPolicies.reset();
    }
    await f.kube.waitGone(GrafanaContactPointResource, 'paged');
    expect(await integrations(n('paged'))).toEqual([]);
  });

  // Grafana's HTTP API cannot make a contact point of provenance file: its provisioning files do,
  // in an org of their own (support/files-org.ts), on the double and on GRAFANA_URL alike.
  it('a file-provisioned contact point is a Conflict, even with adopt', async () => {
    const files = await filesOrg(f.kube, f.grafana);
    try {
      f.grafana.recorder.clearRequests();
      await f.kube.create(GrafanaContactPointResource, 'from-file', {
        ...contactPoint('from-file', { adopt: true }),
        instanceSelector: files.selector,
        name: FROM_FILES.name,
      });
      const conflict = await f.kube.waitReady(GrafanaContactPointResource, 'from-file', {
        status: 'False',
        reason: 'Conflict',
      });
      expect(message(conflict)).toContain("Grafana's provisioning files (provenance file)");
      expect(message(conflict)).toContain('cannot be managed through the API');
      expect(writes().filter((w) => !w.endsWith(' 400') && !w.endsWith(' 500'))).toEqual([]);
      const stored = await files.api.contactPoints.list({ name: FROM_FILES.name });
      expect(stored.map((i) => [i.uid, i.provenance, i.settings.addresses])).toEqual([
        [FROM_FILES.receiverUid, 'file', FROM_FILES.addresses],
      ]);
    } finally {
      await files.close(f.kube, [[GrafanaContactPointResource, 'from-file']]);
    }
  });

  it('a new name renames the contact point in place (same integrations)', async () => {
    await f.kube.create(GrafanaContactPointResource, 'renaming', contactPoint('renaming'));
    const uid = (await synced('renaming')).status?.uid ?? '';
    await f.kube.patchSpec(GrafanaContactPointResource, 'renaming', { name: n('renamed') });
    const renamed = await synced('renaming');
    expect(renamed.status?.instances?.[0]?.uid).toBe(nameUid(n('renamed')));
    expect((await integrations(n('renamed'))).map((i) => i.uid).sort()).toEqual([
      `${uid}-email`,
      `${uid}-webhook`,
    ]);
    expect(await integrations(n('renaming'))).toEqual([]);
  });
});
