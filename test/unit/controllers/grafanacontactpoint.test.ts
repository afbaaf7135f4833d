import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { GrafanaContactPoint } from '../../../src/api/generated/index.js';
import { grafanaContactPointKind } from '../../../src/controllers/grafanacontactpoint.js';
import { nameUid } from '../../../src/alerting/notification-resources.js';
import { ObjectError } from '../../../src/lib/object-error.js';
import { removeThrough, writeThrough } from '../../../src/sync/kind-calls.js';
import type { KindContext } from '../../../src/sync/object-kind.js';
import type { InstanceTarget } from '../../../src/sync/targets.js';
import { createOf, opAt, writeOf } from '../../support/kind-op.js';
import type { DesiredContactPoint } from '../../../src/alerting/contact-point.js';
import { GrafanaValidationError } from '../../../src/grafana/index.js';
import { alertingOf } from '../../grafana-double/alerting-state.js';
import type { GrafanaDouble } from '../../grafana-double/server.js';
import { startDoubleTarget, type DoubleTarget } from '../../support/double-target.js';

const OBJECT_UID = 'ops-1a2b3c4d';

describe('GrafanaContactPoint against the Grafana double', () => {
  let double: GrafanaDouble;
  let target: InstanceTarget;
  const kind = grafanaContactPointKind;
  const store = () => alertingOf(double.state.org(1));
  const writes = () =>
    double
      .writes()
      .map(
        (r) => `${r.method} ${r.path.slice('/api/v1/provisioning/contact-points'.length) || '/'} ${r.status}`,
      );

  let fixture: DoubleTarget;

  beforeEach(async () => {
    fixture = await startDoubleTarget();
    ({ double, target } = fixture);
  });

  afterEach(() => fixture.stop());

  const context = (spec: Record<string, unknown>, secrets: Record<string, string> = {}) =>
    ({
      uid: OBJECT_UID,
      namespace: 'ns',
      object: { metadata: { name: 'ops', namespace: 'ns' }, spec: { instanceSelector: {}, ...spec } },
      secrets: {
        value: async ({ name, key }: { name: string; key: string }) => {
          const value = secrets[`${name}/${key}`];
          if (value === undefined) throw new Error(`Secret "${name}" not found`);
          return value;
        },
      },
    }) as unknown as KindContext<GrafanaContactPoint>;

  const secretRef = (key: string) => ({ secretKeyRef: { name: 'hook', key } });

  it('desired(): secure settings from Secrets, uids per type; secrets inline or twice are InvalidSpec', async () => {
    const spec = {
      receivers: [
        { type: 'email', settings: { addresses: 'a@example.com' } },
        {
          type: 'webhook',
          settings: { url: 'http://receiver' },
          secureSettings: { password: secretRef('password'), 'tlsConfig.clientKey': secretRef('key') },
        },
        {
          type: 'email',
          uid: 'chosen',
          settings: { addresses: 'b@example.com' },
          disableResolveMessage: true,
        },
      ],
    };
    const got = await kind.desired(context(spec, { 'hook/password': 'p', 'hook/key': '' }), target);
    expect(got.name).toBe('ops');
    expect(got.integrations.map((i) => [i.uid, i.derived, i.secure])).toEqual([
      [`${OBJECT_UID}-email`, true, {}],
      [`${OBJECT_UID}-webhook`, true, { password: 'p' }],
      ['chosen', false, {}],
    ]);
    expect(JSON.stringify(kind.hashable!(got, OBJECT_UID))).not.toContain('"p"');

    const inline = await kind
      .desired(context({ receivers: [{ type: 'webhook', settings: { url: 'u', password: 'p' } }] }), target)
      .catch((e: unknown) => e);
    expect(inline).toBeInstanceOf(ObjectError);
    expect((inline as Error).message).toBe(
      'spec.receivers[0].settings.password is a secret setting of webhook integrations (Grafana stores it ' +
        'encrypted); read it from a Secret with spec.receivers[0].secureSettings.password.secretKeyRef instead',
    );
    // Every Grafana-managed type's secrets are known (§8.11), including the less common ones.
    for (const [type, key] of [
      ['kafka', 'password'],
      ['jira', 'api_token'],
      ['mqtt', 'tlsConfig.clientKey'],
      ['wecom', 'secret'],
      ['dingding', 'url'],
      ['oncall', 'authorization_credentials'],
      ['prometheus-alertmanager', 'basicAuthPassword'],
      ['webhook', 'http_config.oauth2.client_secret'],
    ] as const) {
      const settings: Record<string, unknown> = {};
      let at: Record<string, unknown> = settings;
      const parts = key.split('.');
      for (const part of parts.slice(0, -1)) at = (at[part] = {}) as Record<string, unknown>;
      at[parts.at(-1)!] = 'plaintext';
      const refused = await kind
        .desired(context({ receivers: [{ type, settings }] }), target)
        .catch((e: unknown) => e);
      expect([type, (refused as Error).message]).toEqual([
        type,
        expect.stringContaining(
          `spec.receivers[0].settings.${key} is a secret setting of ${type} integrations`,
        ),
      ]);
    }
    const twice = await kind
      .desired(
        context(
          {
            receivers: [
              { type: 'webhook', settings: { url: 'u' }, secureSettings: { url: secretRef('url') } },
            ],
          },
          { 'hook/url': 'http://secret' },
        ),
        target,
      )
      .catch((e: unknown) => e);
    expect((twice as Error).message).toBe(
      'spec.receivers[0]: "url" is set in both settings and secureSettings',
    );
  });

  it('a new receiver whose second integration Grafana refuses is not left half-created', async () => {
    const spec = {
      receivers: [
        { type: 'email', settings: { addresses: 'a@example.com' } },
        { type: 'webhook', settings: { httpMethod: 'POST' } },
      ],
    };
    const want = await kind.desired(context(spec), target);
    const error = await kind.write(createOf(opAt(target, OBJECT_UID, want))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrafanaValidationError);
    expect((error as Error).message).toContain(`required field 'url' is not specified`);
    expect(writes()).toEqual(['POST / 202', 'POST / 400', `DELETE /${OBJECT_UID}-email 202`]);
    expect(store().integrationsOf('ops')).toEqual([]);
  });

  it('a failed update keeps the integrations that were there before', async () => {
    store().seedContactPoint(
      { uid: `${OBJECT_UID}-email`, name: 'ops', type: 'email', settings: { addresses: 'a@example.com' } },
      { provenance: 'api' },
    );
    const spec = {
      receivers: [
        { type: 'email', settings: { addresses: 'b@example.com' } },
        { type: 'webhook', settings: { httpMethod: 'POST' } },
      ],
    };
    const want = await kind.desired(context(spec), target);
    const seen = await kind.observe(opAt(target, OBJECT_UID, want));
    await expect(kind.write(writeOf(opAt(target, OBJECT_UID, want), seen))).rejects.toBeInstanceOf(
      GrafanaValidationError,
    );
    expect(
      store()
        .integrationsOf('ops')
        .map((i) => i.uid),
    ).toEqual([`${OBJECT_UID}-email`]);
  });

  it('a webhook url from a Secret (Grafana shows it) is compared by value, without flapping', async () => {
    const spec = {
      receivers: [{ type: 'webhook', secureSettings: { url: secretRef('url') } }],
    };
    const want = await kind.desired(context(spec, { 'hook/url': 'http://receiver/hook?token=t' }), target);
    await kind.write(createOf(opAt(target, OBJECT_UID, want)));
    const seen = await kind.observe(opAt(target, OBJECT_UID, want));
    expect(seen?.integrations[0]?.settings).toEqual({ url: 'http://receiver/hook?token=t' });
    expect(kind.diff(want, seen!)).toEqual([]);
  });

  it('a provenance switch of the only integration of a receiver a policy uses goes through a temporary one', async () => {
    store().seedContactPoint(
      { uid: `${OBJECT_UID}-email`, name: 'ops', type: 'email', settings: { addresses: 'a@example.com' } },
      { provenance: 'api' },
    );
    store().seedPolicyTree({ receiver: 'ops' });
    const spec = {
      receivers: [{ type: 'email', settings: { addresses: 'a@example.com' } }],
      editableInGrafana: true,
    };
    // Written by this object before: its status records the receiver's name-derived uid.
    const op = {
      ...opAt<GrafanaContactPoint, DesiredContactPoint>(
        target,
        OBJECT_UID,
        await kind.desired(context(spec), target),
      ),
      record: { uid: nameUid('ops'), appliedHash: 'sha256:written' },
    };
    const seen = await kind.observe(op);
    expect(seen?.recorded).toBe(true);
    await kind.write(writeOf(op, seen));
    const temporary = double.requests.find((r) => r.method === 'POST')!;
    expect(temporary.body).not.toHaveProperty('uid');
    expect(writes()).toEqual([
      'POST / 202',
      `DELETE /${OBJECT_UID}-email 202`,
      'POST / 202',
      expect.stringMatching(/^DELETE \/[a-z0-9]+ 202$/),
    ]);
    expect(
      store()
        .integrationsOf('ops')
        .map((i) => [i.uid, i.provenance]),
    ).toEqual([[`${OBJECT_UID}-email`, '']]);
  });

  it('a write reads the receiver back with one list call, which the next observe uses; a remove lets the list go', async () => {
    const spec = { receivers: [{ type: 'email', settings: { addresses: 'a@example.com' } }] };
    const want = await kind.desired(context(spec), target);
    const lists = () =>
      double.requests.filter((r) => r.method === 'GET' && r.path === '/api/v1/provisioning/contact-points')
        .length;
    expect(await kind.observe(opAt(target, OBJECT_UID, want))).toBeUndefined();
    await writeThrough(kind, createOf(opAt(target, OBJECT_UID, want)));
    const afterWrite = lists();
    const seen = await kind.observe(opAt(target, OBJECT_UID, want));
    expect(seen?.integrations.map((i) => i.uid)).toEqual([`${OBJECT_UID}-email`]);
    expect(lists()).toBe(afterWrite);
    await removeThrough(kind, target, nameUid('ops'));
    // The remove lists the receiver by name; after it the shared list is read again.
    expect(await kind.observe(opAt(target, OBJECT_UID, want))).toBeUndefined();
    expect(lists()).toBe(afterWrite + 2);
  });

  it('remove() deletes every integration of the receiver, and reports what uses it when Grafana refuses', async () => {
    for (const type of ['email', 'webhook']) {
      store().seedContactPoint(
        {
          uid: `${OBJECT_UID}-${type}`,
          name: 'ops',
          type,
          settings: type === 'email' ? { addresses: 'a@example.com' } : { url: 'http://receiver' },
        },
        { provenance: 'api' },
      );
    }
    store().seedPolicyTree({
      receiver: 'grafana-default-email',
      routes: [{ receiver: 'ops', object_matchers: [['team', '=', 'ops']] }],
    });
    const error = await kind.remove(target, nameUid('ops')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ObjectError);
    expect((error as Error).message).toBe(
      'Grafana refuses to delete contact point "ops": Contact point is currently referenced by a notification ' +
        'policy. Used by notification policy: the policy matching team="ops". Remove it from there first, or set ' +
        'spec.deletionPolicy: Orphan',
    );
    // The first integration is the one that stays while the receiver is in use.
    expect(
      store()
        .integrationsOf('ops')
        .map((i) => i.uid),
    ).toEqual([`${OBJECT_UID}-email`]);
    store().seedPolicyTree({ receiver: 'grafana-default-email' });
    await kind.remove(target, nameUid('ops'));
    expect(store().integrationsOf('ops')).toEqual([]);
  });
});
