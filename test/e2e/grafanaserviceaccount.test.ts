import {
  GrafanaFolderResource,
  GrafanaInstanceResource,
  GrafanaServiceAccountResource,
  type GrafanaServiceAccount,
} from '../../src/api/generated/index.js';
import { CoreTypes, type KubeObject } from '../../src/runtime/kube/types.js';
import { placesASecretMustNotReach } from '../support/leaks.js';
import { connectInstance, objectFixture, type ObjectFixture } from '../support/fixture.js';
import { editsIn } from '../support/grafana-edits.js';
import { reconcileNow } from '../support/operator.js';
import { eventually } from '../support/wait.js';
import { readServiceAccount } from './scenarios/service-accounts.js';

type SecretObject = KubeObject & { data?: Record<string, string> };

describe('GrafanaServiceAccount', () => {
  let f: ObjectFixture;
  /** Names unique per run, so a shared real Grafana does not see clashes between runs. */
  let n: (name: string) => string;
  /** Every token value a Secret held, for the scan of status, Events, logs and metrics. */
  const values = new Set<string>();

  beforeAll(async () => {
    // Tokens renewed a fifth into their lifetime: a rotation of the shortest lifetime the schema
    // allows (1m) is seen 12 s after its token was made, not 40 s.
    f = await objectFixture('sa', { env: { TOKEN_ROTATION_PERCENT: '20' } });
    n = (name) => `${name}-${f.kube.namespace}`;
  });

  afterAll(async () => {
    await f?.stop();
  });

  const account = (name: string, extra: Record<string, unknown> = {}) => ({
    instanceSelector: f.selector,
    name: n(name),
    resyncPeriod: '10s',
    ...extra,
  });

  const ready = (name: string, reason = 'Synced', status: 'True' | 'False' = 'True') =>
    f.kube.waitReady(GrafanaServiceAccountResource, name, {
      status,
      reason,
    }) as Promise<GrafanaServiceAccount>;

  const message = (object: { status?: { conditions?: Array<{ type: string; message: string }> } }) =>
    object.status?.conditions?.find((c) => c.type === 'Ready')?.message ?? '';

  const secret = (name: string) => f.kube.client.find<SecretObject>(CoreTypes.secret, f.kube.namespace, name);

  /** The token its Secret holds (remembered for the leak scan). */
  const tokenIn = async (name: string): Promise<string> => {
    const encoded = (await secret(name))?.data?.token;
    if (!encoded) throw new Error(`Secret ${name} holds no token`);
    const value = Buffer.from(encoded, 'base64').toString('utf8');
    values.add(value);
    return value;
  };

  const grafanaTokens = async (name: string) => {
    const seen = await readServiceAccount(f.grafana.api, n(name));
    return seen ? f.grafana.api.serviceAccounts.tokens(seen.id) : [];
  };

  it('writes the token to a Secret it owns, which a GrafanaInstance uses as is', async () => {
    const created = await f.kube.create<GrafanaServiceAccount>(
      GrafanaServiceAccountResource,
      'bootstrap',
      account('bootstrap', { role: 'Admin', tokens: [{ name: 'operator', secretName: 'bootstrap-token' }] }),
    );
    await ready('bootstrap');
    const held = await secret('bootstrap-token');
    expect(held?.metadata?.ownerReferences).toEqual([
      expect.objectContaining({
        kind: 'GrafanaServiceAccount',
        uid: created.metadata?.uid,
        controller: true,
      }),
    ]);
    expect(await tokenIn('bootstrap-token')).toMatch(/^glsa_/);
    expect(await readServiceAccount(f.grafana.api, n('bootstrap'))).toMatchObject({
      role: 'Admin',
      tokens: 1,
    });

    // The bootstrap loop: an instance authenticating with that Secret, and a folder made through it.
    await f.kube.instance(
      'bootstrapped',
      { url: f.grafana.url, auth: { token: { secretKeyRef: { name: 'bootstrap-token', key: 'token' } } } },
      { grafana: 'bootstrapped' },
    );
    const instance = await f.kube.waitReady(GrafanaInstanceResource, 'bootstrapped', {
      status: 'True',
      reason: 'Connected',
    });
    expect(message(instance)).toContain(n('bootstrap'));
    await f.kube.create(GrafanaFolderResource, 'through-token', {
      instanceSelector: { matchLabels: { grafana: 'bootstrapped' } },
      title: n('Made through the token'),
    });
    await f.kube.waitReady(GrafanaFolderResource, 'through-token', { status: 'True', reason: 'Synced' });
  });

  it('makes a token deleted in Grafana again, puts the new value into the Secret, and the instance follows', async () => {
    const before = await tokenIn('bootstrap-token');
    const [token] = await grafanaTokens('bootstrap');
    const seen = await readServiceAccount(f.grafana.api, n('bootstrap'));
    await editsIn(f.grafana).deleteServiceAccountToken(seen!.id, token!.id);
    await reconcileNow(f, GrafanaServiceAccountResource, ['bootstrap']);
    const after = await eventually(async () => {
      const value = await tokenIn('bootstrap-token');
      return value !== before && value;
    });
    expect(after).toMatch(/^glsa_/);
    expect((await grafanaTokens('bootstrap')).map((t) => t.id)).not.toContain(token!.id);
    await eventually(async () =>
      (await f.kube.events('bootstrap')).find(
        (e) => e.reason === 'DriftReverted' && e.message.includes('tokens.operator (deleted in Grafana)'),
      ),
    );
    // The old token is revoked: what is written through the instance now goes with the new one.
    await f.kube.create(GrafanaFolderResource, 'after-renewal', {
      instanceSelector: { matchLabels: { grafana: 'bootstrapped' } },
      title: n('Made after the renewal'),
    });
    await f.kube.waitReady(GrafanaFolderResource, 'after-renewal', { status: 'True', reason: 'Synced' });
  });

  it('rotates a token before it expires, at its rotation time and not at a resync: new value, old one revoked, the instance stays Ready', async () => {
    await f.kube.create(
      GrafanaServiceAccountResource,
      'rotated',
      account('rotated', {
        role: 'Admin',
        // A resync an hour away: only the rotation's own recheck can renew the token in time.
        resyncPeriod: '1h',
        tokens: [{ name: 'short', secretName: 'rotated-token', expiresIn: '1m' }],
      }),
    );
    await ready('rotated');
    const first = await tokenIn('rotated-token');
    const [firstToken] = await grafanaTokens('rotated');
    expect(firstToken?.expiration).toBeTruthy();
    await f.kube.instance(
      'rotating',
      { url: f.grafana.url, auth: { token: { secretKeyRef: { name: 'rotated-token', key: 'token' } } } },
      { grafana: 'rotating' },
    );
    const connected = await f.kube.waitReady(GrafanaInstanceResource, 'rotating', {
      status: 'True',
      reason: 'Connected',
    });
    const readySince = connected.status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime;

    const second = await eventually(
      async () => {
        const value = await tokenIn('rotated-token');
        return value !== first && value;
      },
      { timeoutMs: 30_000, what: 'the token rotated into its Secret' },
    );
    expect(second).toMatch(/^glsa_/);
    await eventually(async () => !(await grafanaTokens('rotated')).some((t) => t.id === firstToken!.id), {
      what: 'the old token revoked in Grafana',
    });
    const [secondToken] = await grafanaTokens('rotated');
    expect(secondToken?.id).not.toBe(firstToken!.id);
    // Grafana refuses the old value; the instance goes on with the new one, Ready all along.
    const answer = await fetch(`${f.grafana.url}/api/user`, {
      headers: { authorization: `Bearer ${first}` },
    });
    expect(answer.status).toBe(401);
    await f.kube.waitReady(GrafanaInstanceResource, 'rotating', { status: 'True', reason: 'Connected' });
    await reconcileNow(f, GrafanaInstanceResource, ['rotating']);
    const still = await f.kube.waitReady(GrafanaInstanceResource, 'rotating', {
      status: 'True',
      reason: 'Connected',
    });
    expect(still.status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime).toBe(readySince);
    await f.kube.delete(GrafanaInstanceResource, 'rotating');
    await f.kube.waitGone(GrafanaInstanceResource, 'rotating');
  });

  it('makes a new token when the Secret is lost, and revokes the one nobody holds any more', async () => {
    const [orphan] = await grafanaTokens('bootstrap');
    await f.kube.client.delete(CoreTypes.secret, f.kube.namespace, 'bootstrap-token');
    await eventually(async () => (await secret('bootstrap-token')) !== undefined);
    await tokenIn('bootstrap-token');
    await eventually(async () => {
      const tokens = await grafanaTokens('bootstrap');
      return tokens.length === 1 && tokens[0]!.id !== orphan!.id;
    });
  });

  it('revokes a token removed from the spec and deletes its Secret', async () => {
    await f.kube.create(
      GrafanaServiceAccountResource,
      'pair',
      account('pair', {
        tokens: [
          { name: 'a', secretName: 'pair-a' },
          { name: 'b', secretName: 'pair-b', expiresIn: '720h' },
        ],
      }),
    );
    await ready('pair');
    await tokenIn('pair-a');
    await tokenIn('pair-b');
    const tokens = await grafanaTokens('pair');
    expect(tokens).toHaveLength(2);
    // The token with a lifetime expires in Grafana 720h after its creation.
    const lived = tokens.find((t) => t.expiration);
    expect(Date.parse(lived!.expiration!) - Date.parse(lived!.created)).toBeGreaterThan(719 * 3600_000);

    await f.kube.patchSpec(GrafanaServiceAccountResource, 'pair', {
      tokens: [{ name: 'a', secretName: 'pair-a' }],
    });
    await eventually(async () => (await grafanaTokens('pair')).length === 1);
    await eventually(async () => (await secret('pair-b')) === undefined);
    expect(await secret('pair-a')).toBeDefined();
  });

  it('never writes a Secret it does not own: a Conflict naming it', async () => {
    await f.kube.secret('taken', { token: 'not-the-operators' });
    await f.kube.create(
      GrafanaServiceAccountResource,
      'taker',
      account('taker', { tokens: [{ name: 'api', secretName: 'taken' }] }),
    );
    const object = await ready('taker', 'Conflict', 'False');
    expect(message(object)).toContain('Secret taken exists and is not owned by this GrafanaServiceAccount');
    expect(Buffer.from((await secret('taken'))!.data!.token!, 'base64').toString()).toBe('not-the-operators');
    expect(await readServiceAccount(f.grafana.api, n('taker'))).toBeUndefined();
  });

  it('tokens need a single instance: InvalidSpec when the selector matches two', async () => {
    await connectInstance(f.kube, f.grafana, 'second', { grafana: 'second' });
    await f.kube.create(
      GrafanaServiceAccountResource,
      'both',
      account('both', {
        instanceSelector: {
          matchExpressions: [{ key: 'grafana', operator: 'In', values: ['main', 'second'] }],
        },
        tokens: [{ name: 'api', secretName: 'both-token' }],
      }),
    );
    const object = await ready('both', 'InvalidSpec', 'False');
    expect(message(object)).toContain(
      'spec.tokens needs spec.instanceSelector to select a single GrafanaInstance',
    );
    expect(await secret('both-token')).toBeUndefined();
  });

  it('no token value appears in status, Events, logs or metrics', async () => {
    expect(values.size).toBeGreaterThanOrEqual(4);
    const places = await placesASecretMustNotReach(f, [
      GrafanaServiceAccountResource,
      GrafanaInstanceResource,
    ]);
    expect(places.logs).toContain('GrafanaServiceAccount');
    for (const [place, text] of Object.entries(places)) {
      for (const value of values) {
        // Any recognisable part of it: the secret half of a glsa_ token is enough to use it.
        const leaked = [value, value.slice(5, 37)].some((part) => text.includes(part));
        expect({ place, leaked }).toEqual({ place, leaked: false });
      }
    }
  });
});
