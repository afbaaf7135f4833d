/**
 * Two shards of the operator on one control plane and one Grafana: built operator processes, as
 * two Deployments run them, each with its SHARD_SELECTOR and its own Lease. Objects labelled for a
 * shard are reconciled by that shard alone and each written to Grafana once; a reference from one
 * shard to an object of another works, and to an object no shard runs says so; an object relabelled
 * into the other shard moves there, unwritten; a shard's standby takes its Lease when the leader
 * dies and reconciles what comes next.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { GrafanaFolderResource, GrafanaInstanceResource } from '../../src/api/generated/index.js';
import { CoreTypes, type KubeObject } from '../../src/runtime/kube/types.js';
import { ROOT } from '../../scripts/generate-api.js';
import { GrafanaDouble } from '../grafana-double/server.js';
import { createTestNamespace, e2eCluster } from '../support/cluster.js';
import { TestKube, type WithStatus } from '../support/kube.js';
import { spawnOperator, waitForLog, type OperatorProcess } from '../support/operator.js';
import { eventually } from '../support/wait.js';

const TOKEN = 'glsa_shards';
const SHARD_LABEL = 'e2e.grafana.provisioning.dev/shard';
/** Short Leases, so a failover takes seconds; long enough for a loaded machine to renew in time. */
const LEASE_TIMING = { LEASE_DURATION_MS: '4000', RENEW_DEADLINE_MS: '3000', RETRY_PERIOD_MS: '300' };

interface Lease extends KubeObject {
  spec?: { holderIdentity?: string | null; leaseTransitions?: number };
}

/**
 * How many finished reconciles of each object of `kind` a process logged (its debug "reconciled"
 * lines), in its whole output or in the part of it given.
 */
function reconciles(proc: OperatorProcess, kind: string, output = proc.output()): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of output.split('\n')) {
    if (!line.includes('"reconciled"') || !line.endsWith('}')) continue;
    const entry = JSON.parse(line) as { msg?: string; kind?: string; name?: string };
    if (entry.msg === 'reconciled' && entry.kind === kind && entry.name)
      counts.set(entry.name, (counts.get(entry.name) ?? 0) + 1);
  }
  return counts;
}

const reconciled = (proc: OperatorProcess, kind: string) => new Set(reconciles(proc, kind).keys());

describe('shards: several operators, each with a label selector and a Lease of its own', () => {
  const cluster = e2eCluster();
  let kube: TestKube;
  let grafana: GrafanaDouble;
  const processes: OperatorProcess[] = [];

  beforeAll(async () => {
    if (!existsSync(path.join(ROOT, 'dist', 'main.js')))
      throw new Error('dist/main.js is missing: run `npm run build` first');
    kube = new TestKube(await createTestNamespace('shards'));
    grafana = new GrafanaDouble();
    await grafana.start();
    grafana.addServiceAccountToken(TOKEN, { orgId: 1, role: 'Admin', name: 'operator' });
    await kube.secret('token', { token: TOKEN });
  });

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.kill('SIGKILL')));
    await grafana?.stop();
    kube?.client.close();
  });

  function shard(name: string, identity: string): OperatorProcess {
    const proc = spawnOperator({
      kubeconfig: cluster.adminKubeconfig,
      namespace: kube.namespace,
      identity,
      env: { ...LEASE_TIMING, SHARD_SELECTOR: `${SHARD_LABEL}=${name}`, LEASE_NAME: `operator-${name}` },
    });
    processes.push(proc);
    return proc;
  }

  const lease = (name: string) => kube.get<Lease>(CoreTypes.lease, `operator-${name}`);
  const folder = (name: string, shardName: string, extra: Record<string, unknown> = {}) =>
    kube.create(
      GrafanaFolderResource,
      name,
      { instanceSelector: { matchLabels: { grafana: 'main' } }, title: `Shard folder ${name}`, ...extra },
      { labels: { [SHARD_LABEL]: shardName } },
    );
  const synced = (name: string) =>
    kube.waitReady(GrafanaFolderResource, name, { status: 'True', reason: 'Synced' });
  /**
   * Folder creations and changes the Grafana double accepted for the folder with this uid (a create
   * refused because the folder exists, from a shard whose list predates it, changes nothing).
   */
  const folderWrites = (uid: string) =>
    grafana
      .writes()
      .filter(
        (r) =>
          (r.status ?? 0) < 300 &&
          ((r.method === 'POST' && r.path === '/api/folders' && (r.body as { uid?: string })?.uid === uid) ||
            (r.path === `/api/folders/${uid}` && r.method !== 'DELETE')),
      );

  it('splits the objects between the shards, writes each once, reads across shards, and fails over', async () => {
    const a1 = shard('a', 'shard-a-1');
    await waitForLog(a1, /became leader/);
    const a2 = shard('a', 'shard-a-2');
    const b = shard('b', 'shard-b-1');
    await waitForLog(a2, /operator started/);
    await waitForLog(b, /became leader/);

    // One instance, checked by shard a; the objects of both shards select it.
    await kube.instance(
      'main',
      { url: grafana.url, auth: { token: { secretKeyRef: { name: 'token', key: 'token' } } } },
      { grafana: 'main', [SHARD_LABEL]: 'a' },
    );
    await folder('a-one', 'a');
    await folder('a-two', 'a');
    await folder('b-one', 'b');
    // Nested in a folder of the other shard: read from the apiserver, whoever syncs it.
    await folder('b-nested', 'b', { parentFolderRef: 'a-one' });
    // No shard runs "c": its folder stays untouched, and a folder nested in it waits, saying why.
    await folder('c-one', 'c');
    await folder('b-in-c', 'b', { parentFolderRef: 'c-one' });

    await kube.waitReady(GrafanaInstanceResource, 'main', { status: 'True', reason: 'Connected' });
    const uids = new Map<string, string>();
    for (const name of ['a-one', 'a-two', 'b-one', 'b-nested'])
      uids.set(name, (await synced(name)).status?.uid ?? '');
    const waiting = await kube.waitReady(GrafanaFolderResource, 'b-in-c', {
      status: 'False',
      reason: 'DependencyNotReady',
    });
    expect(waiting.status?.conditions?.find((c) => c.type === 'Ready')?.message).toMatch(
      /waiting for GrafanaFolder "c-one" to be synced to GrafanaInstance main/,
    );
    expect(folderWrites(uids.get('b-nested')!)[0]?.body).toMatchObject({ parentUid: uids.get('a-one') });

    // Who reconciled what: each object by its own shard's leader only, the standby nothing. (A
    // reconcile logs its line after writing status, so wait for the lines first.)
    const logged = (proc: OperatorProcess, names: string[]) =>
      eventually(() => names.every((name) => reconciled(proc, 'GrafanaFolder').has(name)), {
        what: `${proc.identity} logs reconciles of ${names.join(', ')}`,
      });
    await logged(a1, ['a-one', 'a-two']);
    await logged(b, ['b-in-c', 'b-nested', 'b-one']);
    expect([...reconciled(a1, 'GrafanaFolder')].sort()).toEqual(['a-one', 'a-two']);
    expect([...reconciled(b, 'GrafanaFolder')].sort()).toEqual(['b-in-c', 'b-nested', 'b-one']);
    expect(reconciled(a1, 'GrafanaInstance')).toEqual(new Set(['main']));
    expect(reconciled(b, 'GrafanaInstance').size).toBe(0);
    expect(a2.output()).not.toMatch(/became leader|controllers started/);
    expect((await kube.get<WithStatus>(GrafanaFolderResource, 'c-one')).status).toBeUndefined();
    // Written to Grafana once each: no shard wrote another's folder.
    for (const [name, uid] of uids)
      expect({ name, writes: folderWrites(uid).length }).toEqual({ name, writes: 1 });
    expect((await lease('a')).spec?.holderIdentity).toBe('shard-a-1');
    expect((await lease('b')).spec?.holderIdentity).toBe('shard-b-1');

    // Relabelled into shard a, a folder leaves shard b, which lets it go without a write. (A
    // reconcile shard b had under way, or had queued before the relabel reached it, may still finish
    // first: its work queue runs one key at a time, so none finishes after the let-go.)
    await kube.client.mergePatch(GrafanaFolderResource, kube.namespace, 'b-one', {
      metadata: { labels: { [SHARD_LABEL]: 'a' } },
    });
    const letGo = /"name":"b-one".*"msg":"no longer in this shard; let go"/;
    await waitForLog(b, letGo);
    await eventually(() => reconciled(a1, 'GrafanaFolder').has('b-one'), {
      what: 'shard a reconciles b-one',
    });
    const sinceLetGo = b.output().slice(b.output().search(letGo));
    expect(reconciles(b, 'GrafanaFolder', sinceLetGo).get('b-one')).toBeUndefined();

    // Shard a's leader dies without releasing its Lease: its standby takes over once it runs out.
    await a1.kill('SIGKILL');
    await folder('a-three', 'a');
    await waitForLog(a2, /became leader/);
    uids.set('a-three', (await synced('a-three')).status?.uid ?? '');
    await logged(a2, ['a-three']);
    expect(reconciled(b, 'GrafanaFolder').has('a-three')).toBe(false);
    expect(reconciled(b, 'GrafanaFolder').has('a-one')).toBe(false);
    const taken = await lease('a');
    expect(taken.spec?.holderIdentity).toBe('shard-a-2');
    expect(taken.spec?.leaseTransitions).toBeGreaterThanOrEqual(1);
    expect((await lease('b')).spec?.holderIdentity).toBe('shard-b-1');
    // The new leader found the folders it inherited in sync: still one write each.
    for (const [name, uid] of uids)
      expect({ name, writes: folderWrites(uid).length }).toEqual({ name, writes: 1 });
  });
});
