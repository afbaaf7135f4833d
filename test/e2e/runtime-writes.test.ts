/**
 * What the runtime writes to Kubernetes, against the real apiserver: status through /status only
 * when it changed, finalizers that never overwrite someone else's concurrent edit, and Events
 * deduplicated and aggregated like kubelet's recorder. Races are made real by doing the other
 * party's write through the apiserver at the moment ours is about to be sent.
 */
import { loadConfig } from '../../src/config.js';
import { jest } from '@jest/globals';
import { pino } from 'pino';
import {
  GrafanaInstanceResource,
  grafanaInstanceSpecSchema,
  type GrafanaInstance,
  type GrafanaInstanceSpec,
  type GrafanaInstanceStatus,
} from '../../src/api/generated/index.js';
import { EventRecorder } from '../../src/runtime/events.js';
import { addFinalizer, FINALIZER, removeFinalizer } from '../../src/runtime/finalizers.js';
import type { KubeClient } from '../../src/runtime/kube/client.js';
import type { KubeObject } from '../../src/runtime/kube/types.js';
import { EVENT_MESSAGE_LIMIT } from '../../src/lib/messages.js';
import type { KindAdapter, Outcome } from '../../src/runtime/reconciler.js';
import { updateStatus } from '../../src/runtime/status.js';
import { createTestNamespace } from '../support/cluster.js';
import { TestKube } from '../support/kube.js';
import { skeletonFor } from '../support/skeleton.js';

const logger = pino({ level: 'silent' });
const spec: GrafanaInstanceSpec = {
  url: 'http://grafana.invalid',
  auth: { token: { secretKeyRef: { name: 'token', key: 'token' } } },
};
const OTHER_FINALIZER = 'example.com/someone-else';

let kube: TestKube;

beforeAll(async () => {
  kube = new TestKube(await createTestNamespace('runtime-writes'));
});

afterAll(() => kube?.client.close());

const get = (name: string) => kube.get<GrafanaInstance>(GrafanaInstanceResource, name);

/**
 * The real client, except that just before our next patch the other party's write (`race`) goes
 * to the apiserver first.
 */
function racingClient(race: () => Promise<unknown>): KubeClient {
  const real = kube.client;
  const client = Object.create(real) as KubeClient;
  let raced = false;
  const first = async () => {
    if (raced) return;
    raced = true;
    await race();
  };
  client.jsonPatch = async (...args: Parameters<KubeClient['jsonPatch']>) => {
    await first();
    return real.jsonPatch(...args);
  };
  client.mergePatch = async (...args: Parameters<KubeClient['mergePatch']>) => {
    await first();
    return real.mergePatch(...args);
  };
  return client;
}

/** The real client, keeping what each of its patches of one kind was answered with. */
function answersOf(method: 'jsonPatch' | 'mergePatch'): { client: KubeClient; answers: KubeObject[] } {
  const real = kube.client;
  const client = Object.create(real) as KubeClient;
  const answers: KubeObject[] = [];
  const patch = real[method] as (...args: unknown[]) => Promise<KubeObject>;
  client[method] = (async (...args: unknown[]) => {
    const answer = await patch.apply(real, args);
    answers.push(answer);
    return answer;
  }) as never;
  return { client, answers };
}

/** The operator's default: a repeated Event's count is written back at most once a minute. */
const DEFAULT_REWRITE_MS = loadConfig({}).eventRewriteIntervalMs;
describe('status writes (/status subresource)', () => {
  it('only a changed status is written; it replaces the whole status and never moves the generation', async () => {
    await kube.instance('status', spec);
    const object = await get('status');
    expect(
      await updateStatus(kube.client, GrafanaInstanceResource, object, { version: '12.2.0', orgId: 1 }),
    ).toBe(true);
    const written = await get('status');
    expect(written.status).toEqual({ version: '12.2.0', orgId: 1 });
    expect(written.metadata?.generation).toBe(1);

    // The same status again costs the apiserver nothing.
    expect(
      await updateStatus(kube.client, GrafanaInstanceResource, written, { orgId: 1, version: '12.2.0' }),
    ).toBe(false);
    expect((await get('status')).metadata?.resourceVersion).toBe(written.metadata?.resourceVersion);

    // A field no longer set is removed, not left behind as a merge would.
    await updateStatus(kube.client, GrafanaInstanceResource, written, { orgId: 2 });
    expect((await get('status')).status).toEqual({ orgId: 2 });
  });

  it("a status write asks for the object's metadata alone back: not its spec again, but the resourceVersion it made", async () => {
    await kube.instance('answer', spec);
    const object = await get('answer');
    const { client, answers } = answersOf('jsonPatch');
    expect(await updateStatus(client, GrafanaInstanceResource, object, { orgId: 1 })).toBe(true);
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ kind: 'PartialObjectMetadata', metadata: { name: 'answer' } });
    expect(answers[0]).not.toHaveProperty('spec');
    expect(answers[0]).not.toHaveProperty('status');
    const now = await get('answer');
    expect(now.status).toEqual({ orgId: 1 });
    expect(object.metadata?.resourceVersion).toBe(now.metadata?.resourceVersion);
  });

  it('a status write from a copy someone changed meanwhile still lands: no 409, no lost spec or metadata edit', async () => {
    await kube.instance('stale-copy', spec);
    const stale = await get('stale-copy');
    await kube.client.mergePatch(GrafanaInstanceResource, kube.namespace, 'stale-copy', {
      metadata: { labels: { edited: 'meanwhile' } },
      spec: { url: 'http://grafana.example' },
    });
    await updateStatus(kube.client, GrafanaInstanceResource, stale, { orgId: 1 });
    const now = await get('stale-copy');
    expect(now.status).toEqual({ orgId: 1 });
    expect(now.metadata?.labels).toEqual({ edited: 'meanwhile' });
    expect(now.spec.url).toBe('http://grafana.example');
  });
});

describe('finalizer writes', () => {
  it("adding and removing ours asks for the object's metadata alone back, and keeps the object's metadata current", async () => {
    await kube.instance('finalizer-answer', spec);
    const object = await get('finalizer-answer');
    const { client, answers } = answersOf('mergePatch');
    await addFinalizer(client, GrafanaInstanceResource, object);
    const added = await get('finalizer-answer');
    expect(added.metadata?.finalizers).toEqual([FINALIZER]);
    expect(object.metadata).toMatchObject({
      finalizers: [FINALIZER],
      resourceVersion: added.metadata?.resourceVersion,
    });
    await removeFinalizer(client, GrafanaInstanceResource, object);
    expect((await get('finalizer-answer')).metadata?.finalizers).toBeUndefined();
    expect(answers.map((answer) => answer.kind)).toEqual(['PartialObjectMetadata', 'PartialObjectMetadata']);
    for (const answer of answers) expect(answer).not.toHaveProperty('spec');
  });
});

describe('the skeleton under concurrent edits', () => {
  type Adapter = KindAdapter<GrafanaInstanceSpec, GrafanaInstanceStatus, GrafanaInstance>;
  const connected: Outcome<GrafanaInstanceStatus> = {
    ready: { status: 'True', reason: 'Connected', message: 'ok' },
    status: { orgId: 1 },
  };
  const adapter: Adapter = {
    resource: GrafanaInstanceResource,
    specSchema: grafanaInstanceSpecSchema,
    finalizes: true,
    reconcile: async () => connected,
    finalize: async () => undefined,
  };
  const skeleton = (client: KubeClient) => skeletonFor(adapter, client);
  const key = (name: string) => `${kube.namespace}/${name}`;
  const finalizers = async (name: string) => (await get(name)).metadata?.finalizers ?? [];

  it('a finalizer added by someone else while ours is being added is kept; ours follows on the retry', async () => {
    await kube.instance('add-race', spec);
    const reconcile = skeleton(
      racingClient(() =>
        kube.client.mergePatch(GrafanaInstanceResource, kube.namespace, 'add-race', {
          metadata: { finalizers: [OTHER_FINALIZER] },
        }),
      ),
    );
    expect(await reconcile(key('add-race'))).toEqual({ retry: true });
    expect(await finalizers('add-race')).toEqual([OTHER_FINALIZER]);
    expect(await reconcile(key('add-race'))).toEqual({});
    expect(await finalizers('add-race')).toEqual([OTHER_FINALIZER, FINALIZER]);
    expect((await get('add-race')).status?.conditions?.[0]).toMatchObject({ reason: 'Connected' });
  });

  it('the object edited while it is reconciled: status is still written, the edit kept', async () => {
    await kube.instance('edited', spec);
    await skeleton(kube.client)(key('edited'));
    const reconcile = skeletonFor(
      {
        ...adapter,
        reconcile: async () => {
          await kube.client.mergePatch(GrafanaInstanceResource, kube.namespace, 'edited', {
            metadata: { labels: { during: 'reconcile' } },
          });
          return { ...connected, status: { orgId: 7 } };
        },
      },
      kube.client,
    );
    expect(await reconcile(key('edited'))).toEqual({});
    const object = await get('edited');
    expect(object.status?.orgId).toBe(7);
    expect(object.metadata?.labels).toEqual({ during: 'reconcile' });
  });

  it('a finalizer removed by someone else while we remove ours: theirs stays removed, ours goes on the retry, the object goes', async () => {
    await kube.instance('remove-race', spec);
    await kube.client.mergePatch(GrafanaInstanceResource, kube.namespace, 'remove-race', {
      metadata: { finalizers: [OTHER_FINALIZER] },
    });
    await skeleton(kube.client)(key('remove-race'));
    expect(await finalizers('remove-race')).toEqual([OTHER_FINALIZER, FINALIZER]);
    await kube.delete(GrafanaInstanceResource, 'remove-race');
    const reconcile = skeleton(
      racingClient(() =>
        kube.client.jsonPatch(GrafanaInstanceResource, kube.namespace, 'remove-race', [
          { op: 'replace', path: '/metadata/finalizers', value: [FINALIZER] },
        ]),
      ),
    );
    const first = await reconcile(key('remove-race')).then(
      (result) => ({ result }),
      (error: unknown) => ({ error: String(error) }),
    );
    expect(first).toEqual({ result: { retry: true } });
    expect(await finalizers('remove-race')).toEqual([FINALIZER]);
    expect(await reconcile(key('remove-race'))).toEqual({});
    await kube.waitGone(GrafanaInstanceResource, 'remove-race');
  });
});

describe('Events', () => {
  const realNow = Date.now.bind(Date);
  let offset = 0;
  beforeAll(() => jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offset));
  afterAll(() => jest.restoreAllMocks());

  const eventsOf = (name: string) => kube.events(name);
  const involved = async (name: string): Promise<KubeObject> => ({
    ...(await get(name)),
    apiVersion: 'grafana.provisioning.dev/v1beta1',
    kind: 'GrafanaInstance',
  });

  it('one Event per object, type, reason and message; a repeat bumps its count at most once a minute; after ten minutes it is a new Event', async () => {
    await kube.instance('events', spec);
    const object = await involved('events');
    const recorder = new EventRecorder(kube.client, 'events-test', 'replica-1', logger, DEFAULT_REWRITE_MS);
    await recorder.record(object, 'Warning', 'Unreachable', 'connection refused');
    await recorder.record(object, 'Warning', 'Unreachable', 'connection refused');
    let events = await eventsOf('events');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'Warning',
      reason: 'Unreachable',
      message: 'connection refused',
      count: 1,
      involvedObject: { kind: 'GrafanaInstance', name: 'events', uid: object.metadata?.uid },
      reportingComponent: 'events-test',
      reportingInstance: 'replica-1',
    });

    offset += 61_000;
    await recorder.record(object, 'Warning', 'Unreachable', 'connection refused');
    events = await eventsOf('events');
    expect(events).toHaveLength(1);
    // Two repeats were folded into it: the one within the minute and this one.
    expect(events[0]?.count).toBe(3);

    // Another message, or the same one past the aggregation window, is a new Event.
    await recorder.record(object, 'Warning', 'Unreachable', 'connection reset');
    offset += 11 * 60_000;
    await recorder.record(object, 'Warning', 'Unreachable', 'connection refused');
    events = await eventsOf('events');
    expect(events.map((e) => `${e.message} ×${e.count}`).sort()).toEqual([
      'connection refused ×1',
      'connection refused ×3',
      'connection reset ×1',
    ]);
  });

  it('a long message is cut to the Event limit, and a failure to record is no failure of the caller', async () => {
    await kube.instance('long-event', spec);
    const object = await involved('long-event');
    const recorder = new EventRecorder(kube.client, 'events-test', 'replica-1', logger, DEFAULT_REWRITE_MS);
    await recorder.record(object, 'Warning', 'InvalidSpec', 'x'.repeat(5000));
    const [event] = await eventsOf('long-event');
    expect(event?.message.length).toBeLessThanOrEqual(EVENT_MESSAGE_LIMIT);

    const elsewhere = { ...object, metadata: { ...object.metadata, namespace: 'no-such-namespace-here' } };
    await expect(recorder.record(elsewhere, 'Normal', 'Synced', 'ok')).resolves.toBeUndefined();
  });
});
