/**
 * The provisioning HTTP API (docs/provisioning-api.md) served by the operator in this process,
 * against the real apiserver and the Grafana double: requests write custom resources, the
 * operator's controllers apply them, and the API answers with their status.
 */
import { randomBytes } from 'node:crypto';
import https from 'node:https';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { Ajv } from 'ajv';
import {
  GrafanaDatasourceResource,
  GrafanaInstanceResource,
  type GrafanaDatasource,
} from '../../src/api/generated/index.js';
import { FIELD_MANAGER, WRITER_ANNOTATION } from '../../src/provisioning-api/apply.js';
import { KubeClient } from '../../src/runtime/kube/client.js';
import { CoreTypes, type KubeObject } from '../../src/runtime/kube/types.js';
import { createTestNamespace, e2eCluster } from '../support/cluster.js';
import { connectInstance } from '../support/fixture.js';
import { itWithDouble, startGrafana, type GrafanaUnderTest } from '../support/grafana.js';
import { TestKube } from '../support/kube.js';
import { startOperator, type InProcessOperator } from '../support/operator.js';
import {
  API_PREFIX,
  auditLines,
  callApi,
  draftExample,
  runBash,
  type ApiAnswer,
} from '../support/provisioning-api.js';
import { eventually } from '../support/wait.js';

describe('provisioning API', () => {
  let kube: TestKube;
  let defaults: TestKube;
  let grafana: GrafanaUnderTest;
  let operator: InProcessOperator;
  let baseUrl: string;
  const cluster = e2eCluster();
  const admin = cluster.adminToken;

  /** The operator watching both namespaces, with the API on a free port. */
  const startApiOperator = async (env: Record<string, string> = {}, leaderElection = false) => {
    operator = await startOperator({
      namespace: kube.namespace,
      kubeConfig: cluster.kubeConfig(),
      leaderElection,
      env: { WATCH_NAMESPACES: `default,${kube.namespace}`, PROVISIONING_API_PORT: '0', ...env },
    });
    baseUrl = operator.provisioningApiUrl!;
    return operator;
  };

  beforeAll(async () => {
    kube = new TestKube(await createTestNamespace('prov-api'));
    // The draft's example posts to namespace `default`; no other test uses it.
    defaults = new TestKube('default');
    grafana = await startGrafana();
    await startApiOperator();
    await connectInstance(kube, grafana, 'main', { grafana: 'main' });
    await connectInstance(defaults, grafana, 'main', { grafana: 'main' });
  });

  afterAll(async () => {
    await defaults?.client.delete(GrafanaDatasourceResource, 'default', 'prometheus').catch(() => undefined);
    await operator?.stop();
    await defaults?.client.delete(GrafanaInstanceResource, 'default', 'main').catch(() => undefined);
    await grafana?.stop();
  });

  const collection = (namespace = kube.namespace) => `${API_PREFIX}/namespaces/${namespace}/provisioning`;
  const post = (
    body: unknown,
    options: { token?: string; query?: string; headers?: Record<string, string> } = {},
  ) =>
    callApi(baseUrl, 'POST', `${collection()}${options.query ?? ''}`, {
      token: options.token ?? admin,
      body,
      headers: options.headers,
    });
  const datasource = (name: string, config: Record<string, unknown> = {}) => ({
    type: 'datasource',
    name,
    config: {
      name: `${name}-${kube.namespace}`,
      type: 'prometheus',
      url: 'http://prometheus:9090',
      ...config,
    },
  });
  const statusUntilApplied = (location: string) =>
    eventually(async () => {
      const status = await callApi(baseUrl, 'GET', location, { token: admin });
      return status.body.status === 'applied' ? status : undefined;
    });
  const grafanaDatasource = async (name: string) =>
    (await grafana.api.datasources.list()).find((ds) => ds.name === name);

  it("the draft's curl example, verbatim apart from host and token, answers 201 and the datasource is in Grafana", async () => {
    const script = (await draftExample()).replace('http://grafana.local', baseUrl);
    const body = JSON.parse(await runBash(script, { TOKEN: admin })) as Record<string, unknown>;
    expect(body).toMatchObject({ id: 'datasource.prometheus', status: 'applied', reason: 'Synced' });
    const audit = (await auditLines(operator.logFile)).find(
      (line) => line.path === `${collection('default')}`,
    );
    expect(audit).toMatchObject({
      method: 'POST',
      code: 201,
      namespace: 'default',
      type: 'datasource',
      objectName: 'prometheus',
      name: 'grafana-provisioning-operator',
      caller: { username: 'e2e-admin', groups: expect.arrayContaining(['system:masters']) },
    });
    expect(JSON.stringify(audit)).not.toContain('localhost:9090');
    expect(await grafanaDatasource('prometheus')).toMatchObject({
      type: 'prometheus',
      url: 'http://localhost:9090',
      access: 'proxy',
    });
    const object = await defaults.get<GrafanaDatasource>(GrafanaDatasourceResource, 'prometheus');
    expect(object.spec).toMatchObject({
      instanceSelector: {},
      type: 'prometheus',
      url: 'http://localhost:9090',
    });
    expect(object.metadata?.annotations?.[WRITER_ANNOTATION]).toBe('e2e-admin');
    expect(object.metadata?.managedFields).toEqual(
      expect.arrayContaining([expect.objectContaining({ manager: FIELD_MANAGER, operation: 'Apply' })]),
    );
    expect(await defaults.events('prometheus')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          reason: 'AppliedThroughAPI',
          message: 'applied through the provisioning API by e2e-admin',
        }),
      ]),
    );
  });

  it('answers 401 without a token and with a token the apiserver does not accept', async () => {
    const missing = await callApi(baseUrl, 'POST', collection(), { body: datasource('anonymous') });
    expect(missing).toMatchObject({ status: 401, body: { reason: 'Unauthorized' } });
    const bad = await post(datasource('anonymous'), { token: 'not-a-token' });
    expect(bad).toMatchObject({
      status: 401,
      body: { reason: 'Unauthorized', message: 'the bearer token is not valid' },
    });
    expect(await kube.client.find(GrafanaDatasourceResource, kube.namespace, 'anonymous')).toBeUndefined();
    // One audit line per request, refused ones too: when, from where, how long, and no caller.
    const refusals = (await auditLines(operator.logFile)).filter(
      (line) => line.path === collection() && line.code === 401,
    );
    expect(refusals).toHaveLength(2);
    for (const line of refusals) {
      expect(line).toMatchObject({ method: 'POST', caller: null, namespace: kube.namespace });
      expect(Date.parse(String(line.time))).not.toBeNaN();
      expect(line.sourceAddress).toMatch(/127\.0\.0\.1/);
      expect(line.latencyMs).toEqual(expect.any(Number));
    }
  });

  it('answers 403 naming the missing permission to a user RBAC does not allow, and 201 once a Role grants it', async () => {
    const refused = await post(datasource('by-user'), { token: cluster.userToken });
    expect(refused).toMatchObject({
      status: 403,
      body: {
        reason: 'Forbidden',
        message: `e2e-user may not create grafanadatasources.grafana.provisioning.dev in namespace ${kube.namespace}`,
        missingPermission: { verb: 'create', resource: 'grafanadatasources', namespace: kube.namespace },
      },
    });
    expect(await kube.client.find(GrafanaDatasourceResource, kube.namespace, 'by-user')).toBeUndefined();
    await grantDatasourceWriter(kube.client, kube.namespace, 'e2e-user');
    const accepted = await eventually(
      async () => {
        const answer = await post(datasource('by-user'), { token: cluster.userToken });
        return answer.status === 403 ? undefined : answer;
      },
      { what: 'the Role to take effect' },
    );
    expect(accepted).toMatchObject({ status: 201, body: { id: 'datasource.by-user', status: 'applied' } });
    const object = await kube.get<GrafanaDatasource>(GrafanaDatasourceResource, 'by-user');
    expect(object.metadata?.annotations?.[WRITER_ANNOTATION]).toBe('e2e-user');
  });

  it('answers 202 with Location at once for Prefer: respond-async, and the status endpoint reaches applied', async () => {
    const answer = await post(datasource('later'), { headers: { Prefer: 'respond-async' } });
    expect(answer).toMatchObject({ status: 202, body: { id: 'datasource.later', status: 'pending' } });
    expect(answer.headers.get('preference-applied')).toBe('respond-async');
    const location = answer.headers.get('location');
    expect(location).toBe(`${collection()}/datasource.later/status`);
    const applied = await statusUntilApplied(location!);
    expect(applied.body).toMatchObject({ id: 'datasource.later', reason: 'Synced', instancesSummary: '1/1' });
    expect(await grafanaDatasource(`later-${kube.namespace}`)).toBeDefined();
  });

  itWithDouble('answers 202 when Grafana is slower than timeoutSeconds, then applied', async () => {
    const slowCreate = { method: 'POST', path: '/api/datasources', delayMs: 3_000, times: 1 };
    const fault = grafana.recorder.injectFault(slowCreate);
    try {
      const answer = await post(datasource('slow'), { query: '?timeoutSeconds=1' });
      expect(answer).toMatchObject({ status: 202, body: { id: 'datasource.slow', status: 'pending' } });
      await statusUntilApplied(answer.headers.get('location')!);
      expect(fault.hits).toBe(1);
    } finally {
      fault.remove();
    }
  });

  it("a failure the operator reports (Ready=False/Conflict at the new generation) is that status code with the condition's reason and message", async () => {
    expect((await post(datasource('holder', { name: `taken-${kube.namespace}` }))).status).toBe(201);
    const answer = await post(datasource('second', { name: `taken-${kube.namespace}` }));
    expect(answer).toMatchObject({
      status: 409,
      body: { id: 'datasource.second', status: 'failed', reason: 'Conflict' },
    });
    expect(answer.body.message).toContain(`taken-${kube.namespace}`);
  });

  it('an object the operator finds invalid (Ready=False/InvalidSpec) is a 400, and its status says failed with the condition', async () => {
    const answer = await post({ type: 'dashboard', name: 'broken', config: { json: '{"title": "Broken",' } });
    expect(answer).toMatchObject({
      status: 400,
      body: { id: 'dashboard.broken', status: 'failed', reason: 'InvalidSpec' },
    });
    const status = await callApi(baseUrl, 'GET', `${collection()}/dashboard.broken/status`, { token: admin });
    expect(status).toMatchObject({
      status: 200,
      body: {
        id: 'dashboard.broken',
        status: 'failed',
        reason: 'InvalidSpec',
        message: answer.body.message,
        generation: 1,
        observedGeneration: 1,
      },
    });
    expect(status.body.message).toContain('spec.json');
    expect(Array.isArray(status.body.instances)).toBe(true);
  });

  it('a suspended object (Ready=False/Suspended) is a 409', async () => {
    const answer = await post(datasource('paused', { suspend: true }));
    expect(answer).toMatchObject({
      status: 409,
      body: { id: 'datasource.paused', status: 'failed', reason: 'Suspended' },
    });
    expect(await grafanaDatasource(`paused-${kube.namespace}`)).toBeUndefined();
  });

  it('timeoutSeconds over 60, or not a whole number, is a 400 and applies nothing', async () => {
    for (const query of ['?timeoutSeconds=61', '?timeoutSeconds=soon']) {
      expect(await post(datasource('impatient'), { query })).toMatchObject({
        status: 400,
        body: { message: 'timeoutSeconds: an integer from 0 to 60' },
      });
    }
    expect(await kube.client.find(GrafanaDatasourceResource, kube.namespace, 'impatient')).toBeUndefined();
  });

  it('reads one object, lists them and reports status by id', async () => {
    expect((await post(datasource('listed'))).status).toBe(201);
    const one = await callApi(baseUrl, 'GET', `${collection()}/datasource.listed`, { token: admin });
    expect(one).toMatchObject({
      status: 200,
      body: {
        id: 'datasource.listed',
        type: 'datasource',
        name: 'listed',
        config: { url: 'http://prometheus:9090', instanceSelector: {} },
        status: { status: 'applied' },
      },
    });
    const list = await callApi(baseUrl, 'GET', collection(), { token: admin });
    expect(list.status).toBe(200);
    expect((list.body.items as Array<{ id: string }>).map((item) => item.id)).toContain('datasource.listed');
    const missing = await callApi(baseUrl, 'GET', `${collection()}/datasource.nothing/status`, {
      token: admin,
    });
    expect(missing).toMatchObject({ status: 404, body: { reason: 'NotFound' } });
  });

  it('DELETE removes the object, and from Grafana as its deletionPolicy says', async () => {
    expect((await post(datasource('doomed'))).status).toBe(201);
    expect((await post(datasource('kept', { deletionPolicy: 'Orphan' }))).status).toBe(201);
    const deleted = await callApi(baseUrl, 'DELETE', `${collection()}/datasource.doomed`, { token: admin });
    expect(deleted).toMatchObject({ status: 200, body: { id: 'datasource.doomed', status: 'deleted' } });
    expect(await grafanaDatasource(`doomed-${kube.namespace}`)).toBeUndefined();
    const orphaned = await callApi(baseUrl, 'DELETE', `${collection()}/datasource.kept`, { token: admin });
    expect(orphaned.status).toBe(200);
    expect(await kube.client.find(GrafanaDatasourceResource, kube.namespace, 'kept')).toBeUndefined();
    expect(await grafanaDatasource(`kept-${kube.namespace}`)).toBeDefined();
  });

  it('a field another manager set is never taken over: 409 naming the field and the manager', async () => {
    await kube.client.request('PATCH', KubeClient.path(GrafanaDatasourceResource, kube.namespace, 'shared'), {
      body: {
        apiVersion: 'grafana.provisioning.dev/v1beta1',
        kind: 'GrafanaDatasource',
        metadata: { name: 'shared' },
        spec: {
          instanceSelector: {},
          name: `shared-${kube.namespace}`,
          type: 'prometheus',
          url: 'http://a:9090',
        },
      },
      contentType: 'application/apply-patch+yaml',
      query: { fieldManager: 'argocd-controller' },
    });
    const answer: ApiAnswer = await post(datasource('shared', { url: 'http://b:9090' }));
    expect(answer).toMatchObject({
      status: 409,
      body: {
        reason: 'Conflict',
        conflicts: [expect.objectContaining({ field: 'config.url', manager: 'argocd-controller' })],
      },
    });
    const object = await kube.get<GrafanaDatasource>(GrafanaDatasourceResource, 'shared');
    expect(object.spec.url).toBe('http://a:9090');
  });

  describe('Idempotency-Key', () => {
    const keyed = (key: string, body: unknown) => post(body, { headers: { 'Idempotency-Key': key } });

    it('a repeat with the same key and body gets the first answer again; another body is a 409', async () => {
      const first = await keyed('key-1', datasource('keyed'));
      expect(first).toMatchObject({ status: 201, body: { id: 'datasource.keyed', status: 'applied' } });
      const again = await keyed('key-1', datasource('keyed'));
      expect(again.status).toBe(first.status);
      expect(again.text).toBe(first.text);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      const other = await keyed('key-1', datasource('keyed', { url: 'http://elsewhere:9090' }));
      expect(other).toMatchObject({ status: 409, body: { reason: 'IdempotencyKeyReused' } });
      const object = await kube.get<GrafanaDatasource>(GrafanaDatasourceResource, 'keyed');
      expect(object.spec.url).toBe('http://prometheus:9090');
      const keyedLines = (await auditLines(operator.logFile)).filter(
        (line) => line.idempotencyKey === 'key-1',
      );
      expect(keyedLines.map((line) => line.code)).toEqual([201, 201, 409]);
      // Another caller's key of the same spelling is another key.
      await grantDatasourceWriter(kube.client, kube.namespace, 'e2e-user').catch(() => undefined);
      const byUser = await eventually(async () => {
        const answer = await post(datasource('keyed-by-user'), {
          token: cluster.userToken,
          headers: { 'Idempotency-Key': 'key-1' },
        });
        return answer.status === 403 ? undefined : answer;
      });
      expect(byUser).toMatchObject({ status: 201, body: { id: 'datasource.keyed-by-user' } });
    });

    it('the record holds no body, and keys outlive an operator restart', async () => {
      const first = await keyed('key-restart', datasource('restart', { jsonData: { marker: 'not-stored' } }));
      expect(first.status).toBe(201);
      const records = await kube.client.list<KubeObject & { data?: Record<string, string> }>(
        CoreTypes.configMap,
        kube.namespace,
        { labelSelector: 'grafana.provisioning.dev/idempotency-record=true' },
      );
      expect(records.items.length).toBeGreaterThan(0);
      expect(JSON.stringify(records.items)).not.toContain('not-stored');
      await operator.stop();
      await startApiOperator();
      const again = await keyed('key-restart', datasource('restart', { jsonData: { marker: 'not-stored' } }));
      expect(again.status).toBe(201);
      expect(again.text).toBe(first.text);
      const other = await keyed('key-restart', datasource('restart'));
      expect(other).toMatchObject({ status: 409, body: { reason: 'IdempotencyKeyReused' } });
    });
  });

  describe('validation and schemas', () => {
    const absent = async (name: string) =>
      expect(await kube.client.find(GrafanaDatasourceResource, kube.namespace, name)).toBeUndefined();

    it('answers 400 listing every failing field path, and applies nothing', async () => {
      const answer = await post({
        type: 'datasource',
        name: 'metrics',
        config: { url: 5, access: 'sideways', jsonData: 'x' },
      });
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual(
        expect.arrayContaining([
          'config.type: required',
          'config.url: must be string',
          'config.access: must be equal to one of the allowed values',
          'config.jsonData: must be object',
        ]),
      );
      await absent('metrics');
    });

    it('answers 400 with the message of a CEL rule and of a field the CRD does not know, and applies nothing', async () => {
      const cel = await post(datasource('cel', { resyncPeriod: '5s' }));
      expect(cel.status).toBe(400);
      expect(cel.body.message).toContain('resyncPeriod must be a duration of at least 10s');
      await absent('cel');
      const unknown = await post(datasource('unknown-field', { colour: 'blue' }));
      expect(unknown.status).toBe(400);
      expect(JSON.stringify(unknown.body)).toContain('config.colour');
      await absent('unknown-field');
    });

    it('answers 400 listing the types for an unknown type', async () => {
      const answer = await post({ type: 'dashbord', name: 'x', config: {} });
      expect(answer).toMatchObject({ status: 400, body: { reason: 'Invalid' } });
      expect(answer.body.types).toEqual(
        expect.arrayContaining(['datasource', 'dashboard', 'alert-rule-group']),
      );
      expect(answer.body.message).toContain('unknown type "dashbord"');
    });

    it('answers 413 to a body over the limit', async () => {
      const big = JSON.stringify(datasource('big', { jsonData: { padding: 'x'.repeat(1024 * 1024) } }));
      const answer = await callApi(baseUrl, 'POST', collection(), { token: admin, rawBody: big });
      expect(answer).toMatchObject({ status: 413, body: { code: 413, reason: 'PayloadTooLarge' } });
      await absent('big');
    });

    it("serves each type's JSON schema, which the draft's body satisfies, and an OpenAPI 3 document", async () => {
      const schema = await callApi(baseUrl, 'GET', `${collection()}/schemas/datasource`, { token: admin });
      expect(schema.status).toBe(200);
      const validate = new Ajv({ strict: false }).compile(schema.body);
      const draftBody = /-d '([\s\S]*?)'/.exec(await draftExample())![1]!;
      expect(validate(JSON.parse(draftBody))).toBe(true);
      expect(validate({ type: 'datasource', name: 'x', config: { url: 5 } })).toBe(false);
      const missing = await callApi(baseUrl, 'GET', `${collection()}/schemas/nothing`, { token: admin });
      expect(missing.status).toBe(404);
      const openApi = await callApi(baseUrl, 'GET', `${API_PREFIX}/openapi.json`, { token: admin });
      expect(openApi.body).toMatchObject({ openapi: '3.0.3' });
      expect(Object.keys(openApi.body.paths as object)).toContain(
        `${API_PREFIX}/namespaces/{namespace}/provisioning`,
      );
    });
  });

  describe('secure values', () => {
    const value = `hunter2-${randomBytes(6).toString('hex')}`;
    const withPassword = (name: string) =>
      datasource(name, {
        basicAuth: true,
        basicAuthUser: 'grafana',
        secureJsonData: { basicAuthPassword: value },
      });

    it('land in a Secret owned by the object, and in no answer, log line, Event, audit line or record', async () => {
      const answers = [
        await post(withPassword('guarded'), { headers: { 'Idempotency-Key': 'with-secret' } }),
      ];
      expect(answers[0]).toMatchObject({ status: 201, body: { status: 'applied' } });
      const object = await kube.get<GrafanaDatasource>(GrafanaDatasourceResource, 'guarded');
      const ref = { name: 'guarded-provisioning-api', key: 'secureJsonData.basicAuthPassword' };
      expect(object.spec.secureJsonData).toEqual({ basicAuthPassword: { secretKeyRef: ref } });
      const secret = await kube.client.get<KubeObject & { data: Record<string, string> }>(
        CoreTypes.secret,
        kube.namespace,
        ref.name,
      );
      expect(Buffer.from(secret.data[ref.key]!, 'base64').toString()).toBe(value);
      expect(secret.metadata?.ownerReferences).toEqual([
        expect.objectContaining({ kind: 'GrafanaDatasource', name: 'guarded', uid: object.metadata?.uid }),
      ]);
      expect((await grafana.api.datasources.getByUid(object.status!.uid!)).secureJsonFields).toEqual({
        basicAuthPassword: true,
      });
      answers.push(
        await post(withPassword('guarded'), { headers: { 'Idempotency-Key': 'with-secret' } }),
        await callApi(baseUrl, 'GET', `${collection()}/datasource.guarded`, { token: admin }),
        await callApi(baseUrl, 'GET', `${collection()}/datasource.guarded/status`, { token: admin }),
        await callApi(baseUrl, 'GET', collection(), { token: admin }),
      );
      const configMaps = await kube.client.list(CoreTypes.configMap, kube.namespace);
      const events = await kube.client.list(CoreTypes.event, kube.namespace);
      const places = {
        answers: answers.map((answer) => answer.text).join('\n'),
        object: JSON.stringify(object),
        log: await readFile(operator.logFile, 'utf8'),
        audit: JSON.stringify(await auditLines(operator.logFile)),
        events: JSON.stringify(events.items),
        configMaps: JSON.stringify(configMaps.items),
      };
      for (const [place, text] of Object.entries(places))
        expect({ place, leaks: text.includes(value) }).toEqual({ place, leaks: false });
    });

    it('need a caller who may also write Secrets: 403 naming that permission', async () => {
      await grantDatasourceWriter(kube.client, kube.namespace, 'e2e-user').catch(() => undefined);
      const answer = await eventually(async () => {
        const attempt = await post(withPassword('user-secret'), { token: cluster.userToken });
        return attempt.body.message !==
          `e2e-user may not create grafanadatasources.grafana.provisioning.dev in namespace ${kube.namespace}`
          ? attempt
          : undefined;
      });
      expect(answer).toMatchObject({
        status: 403,
        body: { message: `e2e-user may not create secrets in namespace ${kube.namespace}` },
      });
      expect(
        await kube.client.find(GrafanaDatasourceResource, kube.namespace, 'user-secret'),
      ).toBeUndefined();
    });
  });

  it('answers 429 with Retry-After to a caller over the rate limit, and not to another caller', async () => {
    await operator.stop();
    await startApiOperator({ PROVISIONING_API_RATE_LIMIT_PER_MINUTE: '3' });
    const status = (token: string) =>
      callApi(baseUrl, 'GET', `${collection()}/datasource.listed/status`, { token });
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await status(admin));
    expect(answers.map((answer) => answer.status === 429)).toEqual([false, false, false, true]);
    expect(answers[3]!.body).toMatchObject({ code: 429, reason: 'TooManyRequests' });
    expect(Number(answers[3]!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await status(cluster.userToken)).status).not.toBe(429);
    // Refused before the token is checked: the line has no caller, but says what was asked where.
    const limited = (await auditLines(operator.logFile)).filter((line) => line.code === 429);
    expect(limited).toEqual([
      expect.objectContaining({
        method: 'GET',
        caller: null,
        namespace: kube.namespace,
        path: `${collection()}/datasource.listed/status`,
      }),
    ]);
  });

  it('serves HTTPS with the certificate and key in PROVISIONING_API_TLS_CERT_FILE / _KEY_FILE', async () => {
    await operator.stop();
    const dir = cluster.state.dir;
    await startApiOperator({
      PROVISIONING_API_TLS_CERT_FILE: path.join(dir, 'serving.crt'),
      PROVISIONING_API_TLS_KEY_FILE: path.join(dir, 'serving.key'),
    });
    const port = new URL(baseUrl).port;
    const ca = await readFile(cluster.caFile, 'utf8');
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = https.request(
        `https://127.0.0.1:${port}${collection()}/datasource.listed/status`,
        { ca, headers: { Authorization: `Bearer ${admin}` } },
        (response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk.toString()));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        },
      );
      request.on('error', reject);
      request.end();
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ id: 'datasource.listed' });
    // Plain HTTP is not served on that port.
    await expect(
      callApi(baseUrl, 'GET', `${collection()}/datasource.listed/status`, { token: admin }),
    ).rejects.toThrow();
  });

  it('is served by a replica that is not the leader: it applies through the leader, and sees the keys the leader took', async () => {
    await operator.stop();
    const leader = await startApiOperator({ POD_NAME: 'replica-a' }, true);
    await eventually(() => leader.operator.manager.isLeader(), { what: 'replica-a leading' });
    const standby = await startApiOperator({ POD_NAME: 'replica-b' }, true);
    try {
      expect(standby.operator.manager.isLeader()).toBe(false);
      const viaLeader = await callApi(leader.provisioningApiUrl!, 'POST', collection(), {
        token: admin,
        body: datasource('replicas'),
        headers: { 'Idempotency-Key': 'replicas' },
      });
      expect(viaLeader.status).toBe(201);
      const replayed = await callApi(standby.provisioningApiUrl!, 'POST', collection(), {
        token: admin,
        body: datasource('replicas'),
        headers: { 'Idempotency-Key': 'replicas' },
      });
      expect({ status: replayed.status, text: replayed.text }).toEqual({ status: 201, text: viaLeader.text });
      const viaStandby = await callApi(standby.provisioningApiUrl!, 'POST', collection(), {
        token: admin,
        body: datasource('replicas', { url: 'http://standby:9090' }),
      });
      expect(viaStandby).toMatchObject({
        status: 201,
        body: { id: 'datasource.replicas', status: 'applied' },
      });
      expect((await grafanaDatasource(`replicas-${kube.namespace}`))?.url).toBe('http://standby:9090');
    } finally {
      await standby.stop();
      operator = leader;
    }
  });
});

/** A Role that lets `user` write and read GrafanaDatasources in `namespace`, and its binding. */
async function grantDatasourceWriter(client: KubeClient, namespace: string, user: string): Promise<void> {
  const rbac = (plural: string, kind: string) => ({
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    plural,
    kind,
    namespaced: true,
  });
  await client.create(rbac('roles', 'Role'), namespace, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'datasource-writer', namespace },
    rules: [
      {
        apiGroups: ['grafana.provisioning.dev'],
        resources: ['grafanadatasources'],
        verbs: ['get', 'list', 'create', 'patch', 'delete'],
      },
    ],
  } as object);
  await client.create(rbac('rolebindings', 'RoleBinding'), namespace, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'datasource-writer', namespace },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'datasource-writer' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }],
  } as object);
}
