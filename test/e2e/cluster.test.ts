import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CoreV1Api, KubeConfig, Watch } from '@kubernetes/client-node';
import { repoRoot } from '../cluster/binaries.js';
import type { ControlPlane } from '../cluster/control-plane.js';
import { pidAlive, processGroupMembers } from '../cluster/process.js';
import { createTestNamespace, e2eCluster, startPrivateControlPlane } from '../support/cluster.js';

// Jest reads testTimeout from the global config only, so the e2e project's value does not apply.
const SLOW = 120_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually<T>(
  what: string | (() => string),
  probe: () => T | undefined,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    }
    await sleep(50);
  }
}

interface WatchEvent {
  type: string;
  object: {
    code?: number;
    data?: Record<string, string>;
    metadata?: { name?: string; resourceVersion?: string };
  };
}

/** A client-node watch whose events are collected for inspection. */
async function openWatch(kc: KubeConfig, path: string, resourceVersion: string) {
  const events: WatchEvent[] = [];
  let finish: (error: unknown) => void = () => undefined;
  const ended = new Promise<unknown>((resolve) => (finish = resolve));
  const controller = await new Watch(kc).watch(
    path,
    { resourceVersion, allowWatchBookmarks: true },
    (type, object: WatchEvent['object']) => events.push({ type, object }),
    (error: unknown) => finish(error ?? null),
  );
  return {
    events,
    ended,
    close: () => controller.abort(),
    next: (what: string, match: (event: WatchEvent) => boolean) => eventually(what, () => events.find(match)),
  };
}

const kubeConfigOf = (cp: ControlPlane) => {
  const kc = new KubeConfig();
  kc.loadFromFile(cp.adminKubeconfig);
  return kc;
};

describe('the shared e2e control plane', () => {
  const cluster = e2eCluster();

  test('is kube-apiserver v1.35.4', async () => {
    const version = await cluster.request('/version');
    expect(version.status).toBe(200);
    expect(version.json).toMatchObject({ gitVersion: 'v1.35.4', major: '1', minor: '35' });
  });

  test('enforces RBAC: the unprivileged user may not list secrets, the admin may', async () => {
    const denied = await cluster.request('/api/v1/secrets', { as: 'user' });
    expect(denied.status).toBe(403);
    expect(denied.json).toMatchObject({ reason: 'Forbidden' });
    expect((denied.json as { message: string }).message).toContain(
      'User "e2e-user" cannot list resource "secrets"',
    );

    const viaKubectl = await cluster.kubectl(['get', 'secrets', '-A'], {
      kubeconfig: cluster.userKubeconfig,
    });
    expect(viaKubectl.code).not.toBe(0);
    expect(viaKubectl.stderr).toContain('Forbidden');

    expect((await cluster.request('/api/v1/secrets')).status).toBe(200);
    const admin = await cluster.kubectl(['get', 'secrets', '-A', '-o', 'name']);
    expect(admin).toMatchObject({ code: 0, stderr: '' });
  });

  test('round-trips a Namespace and a ConfigMap', async () => {
    const namespace = await createTestNamespace('cluster-test');
    expect(namespace).toMatch(/^cluster-test-[0-9a-f]{8}$/);
    const core = cluster.kubeConfig().makeApiClient(CoreV1Api);
    expect((await core.readNamespace({ name: namespace })).status?.phase).toBe('Active');

    const created = await core.createNamespacedConfigMap({
      namespace,
      body: { metadata: { name: 'round-trip', labels: { app: 'e2e' } }, data: { greeting: 'hello' } },
    });
    expect(created.metadata?.uid).toBeTruthy();

    const read = await core.readNamespacedConfigMap({ namespace, name: 'round-trip' });
    expect(read.data).toEqual({ greeting: 'hello' });
    expect(read.metadata?.labels).toEqual({ app: 'e2e' });

    read.data = { greeting: 'hello again' };
    const replaced = await core.replaceNamespacedConfigMap({ namespace, name: 'round-trip', body: read });
    expect(Number(replaced.metadata?.resourceVersion)).toBeGreaterThan(
      Number(created.metadata?.resourceVersion),
    );

    const viaKubectl = await cluster.kubectl([
      'get',
      'configmap',
      'round-trip',
      '-n',
      namespace,
      '-o',
      'json',
    ]);
    expect(viaKubectl.code).toBe(0);
    expect(JSON.parse(viaKubectl.stdout)).toMatchObject({ data: { greeting: 'hello again' } });

    // Not visible to the unprivileged user.
    const forbidden = await cluster.request(`/api/v1/namespaces/${namespace}/configmaps/round-trip`, {
      as: 'user',
    });
    expect(forbidden.status).toBe(403);

    await core.deleteNamespacedConfigMap({ namespace, name: 'round-trip' });
    const gone = await cluster.request(`/api/v1/namespaces/${namespace}/configmaps/round-trip`);
    expect(gone.status).toBe(404);
  });

  test('issues ServiceAccount tokens through TokenRequest that authenticate', async () => {
    const namespace = await createTestNamespace('cluster-token');
    const created = await cluster.request(`/api/v1/namespaces/${namespace}/serviceaccounts`, {
      method: 'POST',
      body: { metadata: { name: 'robot' } },
    });
    expect(created.status).toBe(201);

    const tokenRequest = await cluster.request(
      `/api/v1/namespaces/${namespace}/serviceaccounts/robot/token`,
      {
        method: 'POST',
        body: {
          apiVersion: 'authentication.k8s.io/v1',
          kind: 'TokenRequest',
          spec: { expirationSeconds: 600 },
        },
      },
    );
    expect(tokenRequest.status).toBe(201);
    const token = (tokenRequest.json as { status: { token: string } }).status.token;
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      aud: string[];
      iss: string;
    };
    expect(claims.iss).toBe(cluster.server);
    expect(claims.aud).toEqual([cluster.server]);

    const review = await cluster.request('/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      method: 'POST',
      as: { token },
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    });
    expect(review.status).toBe(201);
    expect(review.json).toMatchObject({
      status: { userInfo: { username: `system:serviceaccount:${namespace}:robot` } },
    });

    const access = await cluster.request('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
      method: 'POST',
      as: { token },
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: { resourceAttributes: { namespace, verb: 'list', resource: 'secrets' } },
      },
    });
    expect(access.status).toBe(201);
    expect(access.json).toMatchObject({ status: { allowed: false } });

    const bogus = await cluster.request('/api/v1/namespaces', { as: { token: `${token}x` } });
    expect(bogus.status).toBe(401);
  });
});

describe('an apiserver restart', () => {
  // Private control planes: restarting the shared one would break the other test files.
  let etcdServed: ControlPlane | undefined;
  let cached: ControlPlane | undefined;

  beforeAll(async () => {
    [etcdServed, cached] = await Promise.all([
      startPrivateControlPlane({ watchCache: false }),
      startPrivateControlPlane(),
    ]);
  }, SLOW);
  afterAll(async () => {
    await Promise.all([etcdServed?.stop(), cached?.stop()]);
  }, SLOW);

  const path = '/api/v1/namespaces/default/configmaps';
  const setValue = async (cp: ControlPlane, value: string) => {
    const res = await cp.request(`${path}/probe`, { method: 'PATCH', body: { data: { value } } });
    expect(res.status).toBe(200);
    return (res.json as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
  };
  const hasValue = (value: string) => (event: WatchEvent) =>
    event.type === 'MODIFIED' && event.object.data?.value === value;

  /** Watches from creation, restarts the apiserver; returns the last resourceVersion seen. */
  async function watchAcrossRestart(cp: ControlPlane) {
    const kc = kubeConfigOf(cp);
    const created = await cp.request(path, {
      method: 'POST',
      body: { metadata: { name: 'probe' }, data: { value: 'before' } },
    });
    expect(created.status).toBe(201);
    const first = await openWatch(
      kc,
      path,
      (created.json as { metadata: { resourceVersion: string } }).metadata.resourceVersion,
    );
    const rvBefore = await setValue(cp, 'seen-before-restart');
    const seen = await first.next('the change before the restart', hasValue('seen-before-restart'));
    expect(seen.object.metadata?.resourceVersion).toBe(rvBefore);

    await cp.stopApiserver();
    // The stop really dropped the watch (client-node reports the end through its done callback).
    await expect(Promise.race([first.ended.then(() => 'ended'), sleep(10_000)])).resolves.toBe('ended');
    await cp.startApiserver();
    return { kc, lastSeen: rvBefore, eventsBefore: first.events.length };
  }

  test(
    'with the watch cache off, a watch resumes from its last resourceVersion and misses nothing',
    async () => {
      const cp = etcdServed!;
      const { kc, lastSeen } = await watchAcrossRestart(cp);
      const whileAway = await setValue(cp, 'changed-before-resume');

      const resumed = await openWatch(kc, path, lastSeen);
      try {
        const caughtUp = await resumed.next(
          'the change made before resuming',
          hasValue('changed-before-resume'),
        );
        expect(caughtUp.object.metadata?.resourceVersion).toBe(whileAway);
        await setValue(cp, 'changed-after-resume');
        await resumed.next('the change made after resuming', hasValue('changed-after-resume'));
        const changes = resumed.events
          .filter((e) => e.type !== 'BOOKMARK')
          .map((e) => [e.type, e.object.data?.value]);
        // Nothing replayed from before lastSeen, nothing skipped, no error.
        expect(changes).toEqual([
          ['MODIFIED', 'changed-before-resume'],
          ['MODIFIED', 'changed-after-resume'],
        ]);
      } finally {
        resumed.close();
      }
    },
    SLOW,
  );

  test(
    'with the watch cache on (the default), resuming answers 410 Expired and a relist sees the change',
    async () => {
      const cp = cached!;
      const { kc, lastSeen } = await watchAcrossRestart(cp);
      await setValue(cp, 'changed-before-resume');

      const resumed = await openWatch(kc, path, lastSeen);
      const expired = await resumed.next('410 Expired', (e) => e.type === 'ERROR');
      expect(expired.object.code).toBe(410);
      resumed.close();

      const list = await cp.request(path);
      const listed = list.json as {
        metadata: { resourceVersion: string };
        items: Array<{ data: { value: string } }>;
      };
      expect(listed.items.map((item) => item.data.value)).toEqual(['changed-before-resume']);
      const rewatch = await openWatch(kc, path, listed.metadata.resourceVersion);
      try {
        await setValue(cp, 'changed-after-relist');
        await rewatch.next('the change after the relist', hasValue('changed-after-relist'));
      } finally {
        rewatch.close();
      }
    },
    SLOW,
  );
});

describe('orphan protection', () => {
  const { binaries } = e2eCluster().state;

  test.each(['SIGKILL', 'SIGTERM'] as const)(
    'a control plane whose node process gets %s leaves no process and no temp dir behind',
    async (signal) => {
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          join(repoRoot, 'test/cluster/run-control-plane.ts'),
          '--bin-dir',
          binaries.binDir,
        ],
        { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.once('exit', (_code, sig) => resolve(sig)),
      );
      try {
        const line = await eventually(
          () => `the child's control plane (its stderr: ${stderr})`,
          () => {
            if (stdout.includes('\n')) return stdout.slice(0, stdout.indexOf('\n'));
            if (child.exitCode !== null)
              throw new Error(`the child exited with ${child.exitCode}: ${stderr}`);
            return undefined;
          },
          100_000,
        );
        const facts = JSON.parse(line) as {
          dir: string;
          processes: Record<'etcd' | 'apiserver', { supervisor: number; server: number }>;
        };
        const groups = [facts.processes.etcd.supervisor, facts.processes.apiserver.supervisor];
        const pids = Object.values(facts.processes).flatMap((p) => [p.supervisor, p.server]);
        expect(pids.filter(pidAlive)).toEqual(pids);
        expect(existsSync(facts.dir)).toBe(true);

        const killedAt = Date.now();
        child.kill(signal);
        expect(await exited).toBe(signal);

        await eventually(
          'every etcd and kube-apiserver process to be gone',
          () =>
            pids.every((pid) => !pidAlive(pid)) && groups.every((g) => processGroupMembers(g).length === 0)
              ? true
              : undefined,
          10_000,
        );
        await eventually(
          'the temp dir to be removed',
          () => (existsSync(facts.dir) ? undefined : true),
          5_000,
        );
        console.log(`${signal}: control plane gone ${Date.now() - killedAt} ms after the parent was killed`);
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
    },
    SLOW,
  );
});
