import { describe, expect, it } from '@jest/globals';
import {
  diffContactPoint,
  observeIn,
  type DesiredContactPoint,
} from '../../../src/alerting/contact-point.js';
import {
  desiredIntegrations,
  integrationUid,
  sentSettings,
  settingsDrift,
} from '../../../src/alerting/contact-point-settings.js';
import { ObjectError } from '../../../src/lib/object-error.js';
import { deriveUid } from '../../../src/sync/uid.js';
import { REDACTED_VALUE, type EmbeddedContactPoint } from '../../../src/grafana/index.js';

const OBJECT_UID = 'ops-1a2b3c4d';

const desired = (extra: Partial<DesiredContactPoint> = {}): DesiredContactPoint => ({
  name: 'ops',
  integrations: [
    {
      uid: `${OBJECT_UID}-email`,
      derived: true,
      type: 'email',
      settings: { addresses: 'oncall@example.com', singleEmail: true },
      secure: {},
      disableResolveMessage: false,
    },
    {
      uid: `${OBJECT_UID}-webhook`,
      derived: true,
      type: 'webhook',
      settings: { url: 'http://receiver:8080/hook', tlsConfig: { insecureSkipVerify: false } },
      secure: { password: 's3cret', 'tlsConfig.clientKey': 'KEY' },
      disableResolveMessage: false,
    },
  ],
  editable: false,
  ...extra,
});

/** `GET /contact-points` for what desired() sends: secure settings redacted, keys sorted. */
const grafanaReturns = (): EmbeddedContactPoint[] => [
  {
    uid: `${OBJECT_UID}-email`,
    name: 'ops',
    type: 'email',
    settings: { addresses: 'oncall@example.com', singleEmail: true },
    disableResolveMessage: false,
    provenance: 'api',
  },
  {
    uid: `${OBJECT_UID}-webhook`,
    name: 'ops',
    type: 'webhook',
    settings: {
      password: REDACTED_VALUE,
      tlsConfig: { clientKey: REDACTED_VALUE, insecureSkipVerify: false },
      url: 'http://receiver:8080/hook',
    },
    disableResolveMessage: false,
    provenance: 'api',
  },
];

describe('integration uids', () => {
  it('are the object uid plus the type (numbered per type), or a hash when that is too long', () => {
    expect(integrationUid(OBJECT_UID, 'email', 0)).toBe('ops-1a2b3c4d-email');
    expect(integrationUid(OBJECT_UID, 'Email', 1)).toBe('ops-1a2b3c4d-email-1');
    const long = deriveUid('monitoring', 'platform-team-primary-on-call-rotation');
    const uid = integrationUid(long, 'prometheus-alertmanager', 0);
    expect(uid.length).toBeLessThanOrEqual(40);
    expect(uid).toMatch(/^[a-zA-Z0-9_-]+$/);
    expect(uid).toBe(integrationUid(long, 'prometheus-alertmanager', 0));
    expect(uid).not.toBe(integrationUid(long, 'prometheus-alertmanager', 1));
  });
});

describe('settingsDrift: secure settings count by presence only', () => {
  it('matches [REDACTED] with any secret sent, nested ones too', () => {
    expect(
      settingsDrift(
        {
          url: 'http://receiver:8080/hook',
          password: 'p',
          tlsConfig: { clientKey: 'k', insecureSkipVerify: false },
        },
        grafanaReturns()[1]!.settings,
      ),
    ).toEqual([]);
  });

  it('reports a changed, added or removed setting, and a secret Grafana lost', () => {
    const stored = { ...grafanaReturns()[0]!.settings, subject: 'edited' };
    expect(settingsDrift({ addresses: 'a@example.com', singleEmail: true }, stored)).toEqual([
      'addresses',
      'subject',
    ]);
    expect(settingsDrift({ url: 'u', password: 'p' }, { url: 'u' })).toEqual(['password']);
    expect(settingsDrift({ url: 'u' }, { url: 'u', password: REDACTED_VALUE })).toEqual(['password']);
  });
});

describe('observeIn: which integrations are the receiver, and whose they are', () => {
  it('finds the receiver by name and by uid, and knows it is ours from the status or the uids', () => {
    const all = [...grafanaReturns(), { ...grafanaReturns()[0]!, uid: 'other', name: 'someone-else' }];
    expect(observeIn(all, desired(), 'ops')).toMatchObject({ name: 'ops', recorded: true });
    expect(observeIn(all, desired(), 'ops')?.integrations.map((i) => i.uid)).toEqual([
      `${OBJECT_UID}-email`,
      `${OBJECT_UID}-webhook`,
    ]);
    // No status record, but uids derived from this object.
    expect(observeIn(all, desired(), undefined)?.recorded).toBe(true);
    expect(observeIn([], desired(), 'ops')).toBeUndefined();
  });

  it('a receiver with the name made by someone else is not ours', () => {
    const hand = [{ ...grafanaReturns()[0]!, uid: 'by-hand', provenance: undefined }];
    expect(observeIn(hand, desired(), undefined)).toMatchObject({ recorded: false });
    // Renamed in the spec onto a name someone else uses.
    expect(observeIn(hand, desired(), 'old-name')).toMatchObject({ recorded: false });
  });

  it('an integration provisioned from files is never managed', () => {
    const fromFile = [{ ...grafanaReturns()[0]!, provenance: 'file' as const }];
    expect(() => observeIn(fromFile, desired(), 'ops')).toThrow(
      /provisioning files \(provenance file\) and cannot be managed through the API/,
    );
  });
});

describe('diffContactPoint', () => {
  const observed = (integrations = grafanaReturns()) => ({ name: 'ops', integrations, recorded: true });

  it('is in sync with what Grafana returns', () => {
    expect(diffContactPoint(desired(), observed())).toEqual([]);
  });

  it('names missing and extra integrations and each changed field', () => {
    const [emailIntegration, webhookIntegration] = grafanaReturns();
    expect(diffContactPoint(desired(), observed([emailIntegration!]))).toEqual(['receivers[1] (missing)']);
    const extra = { ...emailIntegration!, uid: 'added-by-hand' };
    expect(diffContactPoint(desired(), observed([...grafanaReturns(), extra]))).toEqual([
      'integration added-by-hand (email, not in spec.receivers)',
    ]);
    const edited = {
      ...emailIntegration!,
      name: 'renamed',
      disableResolveMessage: true,
      settings: { addresses: 'x@example.com', singleEmail: true },
      provenance: undefined,
    };
    expect(diffContactPoint(desired(), observed([edited, webhookIntegration!]))).toEqual([
      'receivers[0].name',
      'receivers[0].disableResolveMessage',
      'receivers[0].settings.addresses',
      'receivers[0].provenance',
    ]);
  });

  it('with editableInGrafana nothing is drift', () => {
    expect(diffContactPoint(desired({ editable: true }), observed([]))).toEqual([]);
  });
});

describe("desiredIntegrations: the spec's receivers, secrets read from Secrets", () => {
  const secrets: Record<string, string> = { 'hook/password': 'p', 'hook/key': '' };
  const read = (ref: { name: string; key: string }) =>
    Promise.resolve(secrets[`${ref.name}/${ref.key}`] ?? '');

  it('derives uids per type, keeps given ones, and drops empty secrets', async () => {
    const integrations = await desiredIntegrations(
      [
        { type: 'email', settings: { addresses: 'a@example.com' } },
        {
          type: 'webhook',
          settings: { url: 'http://hook' },
          secureSettings: {
            password: { secretKeyRef: { name: 'hook', key: 'password' } },
            'tlsConfig.clientKey': { secretKeyRef: { name: 'hook', key: 'key' } },
          },
        },
        { type: 'Email', uid: 'given', disableResolveMessage: true },
      ],
      OBJECT_UID,
      read,
    );
    expect(integrations).toEqual([
      {
        uid: `${OBJECT_UID}-email`,
        derived: true,
        type: 'email',
        settings: { addresses: 'a@example.com' },
        secure: {},
        disableResolveMessage: false,
      },
      {
        uid: `${OBJECT_UID}-webhook`,
        derived: true,
        type: 'webhook',
        settings: { url: 'http://hook' },
        secure: { password: 'p' },
        disableResolveMessage: false,
      },
      { uid: 'given', derived: false, type: 'Email', settings: {}, secure: {}, disableResolveMessage: true },
    ]);
  });

  it('refuses a secret setting written inline, or given twice', async () => {
    const error = await desiredIntegrations(
      [{ type: 'webhook', settings: { tlsConfig: { clientKey: 'KEY' } } }],
      OBJECT_UID,
      read,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ObjectError);
    expect((error as ObjectError).message).toBe(
      'spec.receivers[0].settings.tlsConfig.clientKey is a secret setting of webhook integrations (Grafana stores it encrypted); read it from a Secret with spec.receivers[0].secureSettings.tlsConfig.clientKey.secretKeyRef instead',
    );
    await expect(
      desiredIntegrations(
        [
          {
            type: 'custom',
            settings: { token: 't' },
            secureSettings: { token: { secretKeyRef: { name: 'hook', key: 'password' } } },
          },
        ],
        OBJECT_UID,
        read,
      ),
    ).rejects.toThrow('spec.receivers[0]: "token" is set in both settings and secureSettings');
  });

  it("sends the settings with the secrets merged in at their dotted keys, leaving the spec's alone", () => {
    const integration = desired().integrations[1]!;
    expect(sentSettings(integration)).toEqual({
      url: 'http://receiver:8080/hook',
      password: 's3cret',
      tlsConfig: { insecureSkipVerify: false, clientKey: 'KEY' },
    });
    expect(integration.settings).toEqual({
      url: 'http://receiver:8080/hook',
      tlsConfig: { insecureSkipVerify: false },
    });
  });
});
