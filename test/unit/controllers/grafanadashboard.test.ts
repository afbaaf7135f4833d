import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { GrafanaDashboard } from '../../../src/api/generated/index.js';
import {
  dashboardDrift,
  decodeContent,
  DownloadCache,
  inputsOf,
  inputValues,
  locateJsonError,
  parseDashboard,
  prepareDashboard,
  substituteInputs,
  type JsonObject,
} from '../../../src/controllers/dashboard-content.js';
import {
  grafanaComDownloadUrl,
  grafanaDashboardKind,
  type DesiredDashboard,
} from '../../../src/controllers/grafanadashboard.js';
import { ObjectError, type KindContext } from '../../../src/controllers/shared/grafana-object.js';
import { contentHash } from '../../../src/controllers/shared/hash.js';
import { MAX_JSON_DEPTH } from '../../../src/runtime/json-depth.js';
import { SnapshotCache } from '../../../src/controllers/shared/snapshot.js';
import type { InstanceTarget } from '../../../src/controllers/shared/targets.js';
import { dashboardsOf } from '../../grafana-double/dashboard-state.js';
import type { GrafanaDouble } from '../../grafana-double/server.js';
import { startDoubleTarget, type DoubleTarget } from '../../support/double-target.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../fixtures/dashboards/${name}`, import.meta.url), 'utf8');
const nodeExporter = () => fixture('node-exporter.json');
const serviceLogs = () => fixture('service-logs.json');
const apiserver = () => fixture('kubernetes-apiserver.json');

/** The ObjectError a call throws, for asserting on reason and message. */
function objectError(run: () => unknown): ObjectError {
  try {
    run();
  } catch (err) {
    if (err instanceof ObjectError) return err;
    throw err;
  }
  throw new Error('expected an ObjectError');
}

/** What desired() builds from a fixture, with every datasource input mapped to a uid. */
function prepared(text: string, mapped: Record<string, string>, editable = false): JsonObject {
  const parsed = parseDashboard(text, 'spec.json');
  const values = inputValues(inputsOf(parsed, 'spec.json'), new Map(Object.entries(mapped)), 'spec.json');
  return prepareDashboard(substituteInputs(parsed, values), { editable });
}

describe('dashboard content: exported dashboards', () => {
  it('parses an export for sharing and reads its inputs', () => {
    const parsed = parseDashboard(nodeExporter(), 'spec.json');
    expect(parsed).toMatchObject({ title: 'Node Exporter / Host Overview', schemaVersion: 39, version: 7 });
    expect(inputsOf(parsed, 'spec.json')).toEqual([
      { name: 'DS_PROMETHEUS', type: 'datasource', pluginId: 'prometheus' },
    ]);
    const logs = inputsOf(parseDashboard(serviceLogs(), 'spec.json'), 'spec.json');
    expect(logs.map((i) => [i.name, i.type, i.value])).toEqual([
      ['DS_LOKI', 'datasource', undefined],
      ['DS_PROMETHEUS', 'datasource', undefined],
      ['VAR_CLUSTER', 'constant', 'prod-eu-1'],
    ]);
  });

  it('substitutes every ${INPUT} (targets, templating, annotations, collapsed rows) and nothing else', () => {
    const out = prepared(serviceLogs(), { DS_LOKI: 'loki-uid', DS_PROMETHEUS: 'prom-uid' });
    const text = JSON.stringify(out);
    expect(text).not.toContain('${DS_');
    expect(text).not.toContain('${VAR_CLUSTER}');
    const panels = out.panels as JsonObject[];
    expect(panels[1]).toMatchObject({ datasource: { type: 'loki', uid: 'loki-uid' } });
    expect((panels[2]!.targets as JsonObject[])[0]!.expr).toBe(
      '{cluster="prod-eu-1", namespace="$namespace"} |~ "$search"',
    );
    const annotations = (out.annotations as { list: JsonObject[] }).list;
    expect(annotations[1]!.datasource).toEqual({ type: 'loki', uid: 'loki-uid' });
    // Grafana's own variables and macros stay as they are.
    expect(text).toContain('[$__auto]');
    expect(text).toContain('$namespace');

    const hosts = prepared(nodeExporter(), { DS_PROMETHEUS: 'prom-uid' });
    const collapsed = (hosts.panels as JsonObject[]).find((p) => p.title === 'Disk I/O')!;
    expect(collapsed.datasource).toEqual({ type: 'prometheus', uid: 'prom-uid' });
    const nested = (collapsed.panels as JsonObject[])[0]!;
    expect((nested.targets as JsonObject[])[0]!.datasource).toEqual({ type: 'prometheus', uid: 'prom-uid' });
    const templating = (hosts.templating as { list: JsonObject[] }).list;
    expect(templating[0]!.datasource).toEqual({ type: 'prometheus', uid: 'prom-uid' });
  });

  it('prepares the dashboard without the export keys and the source id/version/uid, with the editable flag', () => {
    const out = prepared(nodeExporter(), { DS_PROMETHEUS: 'prom-uid' });
    // The uid is the object's, put in when it is written (see the uid choice below).
    for (const key of ['__inputs', '__requires', '__elements', 'id', 'version', 'uid'])
      expect(out).not.toHaveProperty(key);
    expect(out).toMatchObject({
      editable: false,
      title: 'Node Exporter / Host Overview',
      schemaVersion: 39,
      iteration: 1712134587123,
      refresh: '1m',
    });
    expect(prepared(apiserver(), {}, true)).toMatchObject({ editable: true });
    expect(prepared(apiserver(), {})).not.toHaveProperty('id');
    const titled = prepareDashboard({ title: '  Padded  ' }, { editable: false });
    expect(titled.title).toBe('Padded');
  });

  it('names the inputs that have no datasource, and mappings that name no input', () => {
    const parsed = parseDashboard(serviceLogs(), 'spec.json');
    const inputs = inputsOf(parsed, 'spec.json');
    const missing = objectError(() => inputValues(inputs, new Map(), 'spec.json'));
    expect(missing.reason).toBe('InvalidSpec');
    expect(missing.message).toBe(
      "the dashboard's inputs DS_LOKI (loki) and DS_PROMETHEUS (prometheus) have no datasource; map them in spec.datasources (inputName with datasourceUid or datasourceName)",
    );
    const one = objectError(() => inputValues(inputs, new Map([['DS_LOKI', 'l']]), 'spec.json'));
    expect(one.message).toMatch(/^the dashboard's input DS_PROMETHEUS \(prometheus\) has no datasource/);
    const typo = objectError(() =>
      inputValues(
        inputs,
        new Map([
          ['DS_LOKI', 'l'],
          ['DS_PROM', 'p'],
        ]),
        'ConfigMap logs (key dashboard.json)',
      ),
    );
    expect(typo.message).toBe(
      'spec.datasources names "DS_PROM", which ConfigMap logs (key dashboard.json) does not declare in __inputs (it declares DS_LOKI, DS_PROMETHEUS and VAR_CLUSTER)',
    );
    const none = objectError(() => inputValues([], new Map([['DS_X', 'x']]), 'spec.json'));
    expect(none.message).toContain('(it declares no inputs)');
  });
});

describe('dashboard content: what is not a dashboard', () => {
  it('reports a syntax error with line, column and position', () => {
    const broken = '{\n  "title": "Broken",\n  "panels": [\n    {"id": 1,}\n  ]\n}';
    const err = objectError(() => parseDashboard(broken, 'spec.json'));
    expect(err.reason).toBe('InvalidSpec');
    expect(err.message).toBe(
      `spec.json is not valid JSON: unexpected "}", expected a property name in double quotes at line 4, column 14 (position 50)`,
    );
    expect(broken[50]).toBe('}');
  });

  it('locates the usual mistakes', () => {
    const at = (text: string) => locateJsonError(text);
    expect(at('{"a": 1}')).toBeUndefined();
    expect(at(nodeExporter())).toBeUndefined();
    expect(at("{'title': 'x'}")).toEqual({
      offset: 1,
      problem: `unexpected "'", expected a property name in double quotes`,
    });
    expect(at('{"a": 1} x')).toEqual({
      offset: 9,
      problem: 'unexpected "x" after the end of the JSON value',
    });
    expect(at('{"a": [1, 2')).toEqual({
      offset: 11,
      problem: "unexpected end of input, expected ',' or ']' after an array element",
    });
    expect(at('{"a": "line\nbreak"}')).toEqual({
      offset: 11,
      problem: 'unescaped control character (such as a line break) in a string',
    });
    expect(at('{"a": 01}')).toEqual({
      offset: 7,
      problem: `unexpected "1", expected ',' or '}' after a property value`,
    });
    expect(at('{"a": "open')).toEqual({ offset: 6, problem: 'unterminated string' });
    expect(at('{"a": tru}')).toEqual({ offset: 6, problem: 'unexpected "t", expected a value' });
    // A truncated copy of a large export: the position is near its end.
    const text = nodeExporter();
    const truncated = text.slice(0, text.length - 200);
    const message = objectError(() => parseDashboard(truncated, 'spec.json')).message;
    expect(message).toMatch(/^spec\.json is not valid JSON: .+ at line \d+, column \d+ \(position \d+\)$/);
  });

  it('refuses JSON that is not a dashboard object, saying why', () => {
    const reason = (text: string) => objectError(() => parseDashboard(text, 'spec.json')).message;
    expect(reason('[{"title": "x"}]')).toBe('spec.json is an array, not a dashboard (a JSON object)');
    expect(reason('"dashboard"')).toBe('spec.json is a string, not a dashboard (a JSON object)');
    expect(reason('null')).toBe('spec.json is null, not a dashboard (a JSON object)');
    expect(reason('{"panels": []}')).toBe('spec.json has no "title"; Grafana needs one to save a dashboard');
    expect(reason('{"title": "   "}')).toBe(
      'spec.json has an empty "title"; Grafana needs one to save a dashboard',
    );
    // A title of the wrong type is named as such, not as missing.
    expect(reason('{"title": 123}')).toBe('spec.json: the dashboard title must be a string (got number)');
    expect(reason('{"title": ["x"]}')).toBe('spec.json: the dashboard title must be a string (got array)');
    expect(reason('{"title": "x", "panels": {}}')).toBe('spec.json: "panels" must be an array (got object)');
    expect(objectError(() => inputsOf({ title: 'x', __inputs: [{ name: 7 }] }, 'spec.json')).message).toBe(
      'spec.json: __inputs[0].name must be a string (got number)',
    );
    expect(reason(JSON.stringify({ dashboard: JSON.parse(apiserver()), meta: { version: 3 } }))).toBe(
      'spec.json looks like a Grafana API request or response; use the JSON in its "dashboard" field',
    );
    expect(
      reason(
        JSON.stringify({
          apiVersion: 'dashboard.grafana.app/v2beta1',
          kind: 'Dashboard',
          metadata: { name: 'x' },
          spec: { title: 'x', elements: {} },
        }),
      ),
    ).toContain('is a dashboard.grafana.app/v2beta1 Dashboard resource');
    // An empty dashboard is still a dashboard.
    expect(parseDashboard('{"title": "Empty"}', 'spec.json')).toEqual({ title: 'Empty' });
    // A byte-order mark (files saved on Windows) is not an error.
    expect(parseDashboard('\uFEFF{"title": "BOM"}', 'spec.json').title).toBe('BOM');
  });

  it('decompresses gzip content and refuses corrupt gzip', () => {
    const text = apiserver();
    expect(decodeContent(gzipSync(text), 'spec.gzipJson')).toBe(text);
    expect(decodeContent(Buffer.from(text), 'ConfigMap x (key y)')).toBe(text);
    const corrupt = gzipSync(text).subarray(0, 40);
    expect(objectError(() => decodeContent(corrupt, 'spec.gzipJson')).message).toMatch(
      /^spec\.gzipJson is not valid gzip data: /,
    );
  });

  it('refuses gzip that decompresses to more than the size limit, without decompressing it all', () => {
    // 40 MiB of spaces: 40 KiB compressed, the kind of bomb that fits in a spec.
    const bomb = gzipSync(Buffer.alloc(40 * 1024 * 1024, 0x20));
    const error = objectError(() => decodeContent(bomb, 'spec.gzipJson'));
    expect(error.reason).toBe('InvalidSpec');
    expect(error.message).toBe(
      'spec.gzipJson decompresses to more than 32 MiB, the largest dashboard accepted',
    );
  });

  it('refuses a dashboard nested deeper than MAX_JSON_DEPTH, naming where, before anything walks it', () => {
    const deep = (levels: number) =>
      `{"title":"deep","panels":[${'{"a":'.repeat(levels - 2)}1${'}'.repeat(levels - 2)}]}`;
    // 100 levels: the dashboard object, the panels array and 98 nested objects.
    expect(parseDashboard(deep(MAX_JSON_DEPTH), 'spec.json').title).toBe('deep');
    const error = objectError(() => parseDashboard(deep(MAX_JSON_DEPTH + 1), 'spec.json'));
    expect(error.reason).toBe('InvalidSpec');
    expect(error.message).toMatch(
      /^spec\.json is nested too deeply: more than 100 levels of objects and arrays at panels\[0\](\.a)+$/,
    );
    // What the issue reported: 3,000 levels overflowed the stack while hashing (no status at all).
    const huge = objectError(() => parseDashboard(deep(3000), 'spec.json'));
    expect(huge.message).toMatch(
      /^spec\.json is nested too deeply: more than 100 levels .* at panels\[0\]\.a\.a/,
    );
    expect(huge.message.length).toBeLessThan(400);
  });
});

type Stored = JsonObject & { panels: JsonObject[]; templating: { list: JsonObject[] } };

describe('dashboard drift (the stored JSON equals the desired JSON, server keys aside)', () => {
  const desired = () => prepared(nodeExporter(), { DS_PROMETHEUS: 'prom-uid' });
  /** What GET answers after a save: the JSON with id, uid and version injected. */
  const stored = (json: JsonObject, version = 3): Stored =>
    ({ ...structuredClone(json), id: 17, version }) as unknown as Stored;

  it('nothing when Grafana holds what was sent, whatever id/version/uid it injected or nulls it added', () => {
    const sent = desired();
    expect(dashboardDrift(sent, stored(sent))).toEqual([]);
    const enriched = stored(sent);
    enriched.panels[1]!.libraryPanel = null;
    enriched.uid = 'whatever-grafana-says';
    expect(dashboardDrift(sent, enriched)).toEqual([]);
  });

  it('fields added in Grafana are drift too (a UI edit that only adds a description or a unit)', () => {
    const sent = desired();
    const edited = stored(sent);
    (edited.panels[2] as JsonObject).description = 'added by hand';
    ((edited.panels[3] as JsonObject).fieldConfig as { defaults: JsonObject }).defaults.unit = 'bytes';
    expect(dashboardDrift(sent, edited).sort()).toEqual([
      'panels[2].description',
      'panels[3].fieldConfig.defaults.unit',
    ]);
  });

  it('a refresh Grafana raised to its minimum is not drift; a shorter one is', () => {
    const sent = { ...desired(), refresh: '1s' };
    expect(dashboardDrift(sent, stored({ ...sent, refresh: '5s' }))).toEqual([]);
    expect(dashboardDrift({ ...sent, refresh: '1m' }, stored({ ...sent, refresh: '30s' }))).toEqual([
      'refresh',
    ]);
  });

  it('names the paths of a UI edit', () => {
    const sent = desired();
    const edited = stored(sent);
    edited.panels[9]!.title = 'CPU (edited)';
    (edited.panels[9]!.targets as JsonObject[])[0]!.expr = 'up';
    edited.templating.list[0]!.sort = 3;
    edited.refresh = '5s';
    expect(dashboardDrift(sent, edited)).toEqual([
      'panels[9].targets[0].expr',
      'panels[9].title',
      'refresh',
      'templating.list[0].sort',
    ]);
    const removed = stored(sent);
    removed.panels.pop();
    expect(dashboardDrift(sent, removed)).toEqual(['panels']);
    const dropped = stored(sent);
    delete dropped.tags;
    expect(dashboardDrift(sent, dropped)).toEqual(['tags']);
  });

  it('lists at most five paths and counts the rest', () => {
    const sent = desired();
    const edited = stored(sent);
    for (const panel of edited.panels) panel.title = 'renamed';
    const drift = dashboardDrift(sent, edited);
    expect(drift).toHaveLength(6);
    expect(drift.at(-1)).toBe(`${(sent.panels as unknown[]).length - 5} more`);
  });

  it('a null that was sent may be missing in Grafana', () => {
    expect(dashboardDrift({ title: 't', gnetId: null }, { title: 't' })).toEqual([]);
    expect(dashboardDrift({ title: 't', gnetId: 1860 }, { title: 't' })).toEqual(['gnetId']);
  });
});

describe('GrafanaDashboard uid: read from the JSON, put in when written', () => {
  const kind = grafanaDashboardKind();
  const desiredOf = (json: string) =>
    kind.desired(
      {
        object: {
          metadata: { name: 'apiserver', namespace: 'monitoring' },
          spec: { instanceSelector: {}, json },
        },
        key: 'monitoring/apiserver',
        namespace: 'monitoring',
        uid: 'not-read-by-desired',
        references: new Set<string>(),
      } as unknown as KindContext<GrafanaDashboard>,
      { name: 'main' } as InstanceTarget,
    );

  it("offers the JSON's uid, wherever the JSON came from, and keeps it out of the prepared JSON", async () => {
    const desired = await desiredOf(apiserver());
    expect(kind.contentUid?.(desired)).toEqual({ value: 'k8s-apiserver', source: 'spec.json' });
    expect(desired.dashboard).not.toHaveProperty('uid');
    const none = await desiredOf(JSON.stringify({ title: 'No uid', panels: [] }));
    expect(kind.contentUid?.(none)).toBeUndefined();
  });

  it('hashes the JSON with the uid in it, as earlier releases did: an unchanged object is not written again on upgrade', async () => {
    const desired = await desiredOf(apiserver());
    // The applied hash the previous release recorded for this object with this uid (computed with
    // its code): status.appliedHash of existing objects stays valid.
    expect(
      contentHash({ content: kind.hashable(desired, 'apiserver-1a2b3c4d'), secrets: {}, configMaps: {} }),
    ).toBe('sha256:380373b98e2f24b68f510d01dbde7507');
  });
});

describe('DownloadCache', () => {
  it('reuses a download per object while URL and credentials are the same and it is fresh', async () => {
    const cache = new DownloadCache();
    let loads = 0;
    const load = async () => Buffer.from(`body ${++loads}`);
    expect((await cache.get('ns/a', 'https://x/d.json|', 60_000, load)).toString()).toBe('body 1');
    expect((await cache.get('ns/a', 'https://x/d.json|', 60_000, load)).toString()).toBe('body 1');
    expect((await cache.get('ns/a', 'https://x/other.json|', 60_000, load)).toString()).toBe('body 2');
    expect((await cache.get('ns/b', 'https://x/other.json|', 60_000, load)).toString()).toBe('body 3');
    expect((await cache.get('ns/c', 'https://x/d.json|', 0, load)).toString()).toBe('body 4');
    expect((await cache.get('ns/c', 'https://x/d.json|', 0, load)).toString()).toBe('body 5');
    expect(cache.size).toBe(2);
  });

  it('grafana.com URLs, with GRAFANA_COM_URL overriding the base', () => {
    const previous = process.env.GRAFANA_COM_URL;
    try {
      delete process.env.GRAFANA_COM_URL;
      expect(grafanaComDownloadUrl(1860, 37)).toBe(
        'https://grafana.com/api/dashboards/1860/revisions/37/download',
      );
      process.env.GRAFANA_COM_URL = 'http://127.0.0.1:9999/';
      expect(grafanaComDownloadUrl(1860, undefined)).toBe(
        'http://127.0.0.1:9999/api/dashboards/1860/revisions/latest/download',
      );
    } finally {
      if (previous === undefined) delete process.env.GRAFANA_COM_URL;
      else process.env.GRAFANA_COM_URL = previous;
    }
  });
});

describe('GrafanaDashboard reads against the double (calls counted)', () => {
  let double: GrafanaDouble;
  let target: InstanceTarget;
  const kind = grafanaDashboardKind();
  const uid = 'hosts-0a1b2c3d';

  let fixture: DoubleTarget;

  beforeEach(async () => {
    fixture = await startDoubleTarget();
    ({ double, target } = fixture);
  });

  afterEach(() => fixture.stop());

  /** desired() for an inline-JSON object whose status recorded `version` on "main". */
  const desiredFor = (json: string, version?: number): Promise<DesiredDashboard> => {
    const inputs = json.includes('"__inputs"');
    const object: GrafanaDashboard = {
      metadata: { name: 'hosts', namespace: 'ns' },
      spec: {
        instanceSelector: {},
        json,
        ...(inputs ? { datasources: [{ inputName: 'DS_PROMETHEUS', datasourceUid: 'prom-uid' }] } : {}),
      },
      status: version === undefined ? {} : { instances: [{ name: 'main', synced: true, uid, version }] },
    };
    const context = {
      object,
      key: 'ns/hosts',
      namespace: 'ns',
      uid,
      references: new Set<string>(),
    } as unknown as KindContext<GrafanaDashboard>;
    return kind.desired(context, target);
  };
  const calls = () =>
    double.requests.map((r) => `${r.method} ${r.path.replace(/\/uid\/.*/, '/uid/:uid')}`).sort();
  const ageSnapshots = () => {
    target.snapshots = new SnapshotCache(10_000);
  };

  it('a search that lags behind writes (§6.8) neither hides our dashboard nor shows a deleted one', async () => {
    double.options.searchLagMs = 60 * 60_000;
    const first = await desiredFor(nodeExporter());
    await kind.write(target, uid, first, undefined);
    ageSnapshots();
    // Search does not list it yet: a GET finds it, so nothing is created again.
    expect(await kind.observe(target, uid, await desiredFor(nodeExporter(), 1))).toMatchObject({
      uid,
      version: 1,
    });
    await kind.remove(target, uid);
    ageSnapshots();
    // Search still lists it: the storage list and a GET say it is gone.
    expect(await kind.observe(target, uid, await desiredFor(nodeExporter(), 1))).toBeUndefined();
  });

  it('a save answered with version 0 (12.0-era builds, §6.7) records no version; the next check reads the real one and writes nothing', async () => {
    double.options.saveAnswerVersion = 'zero';
    const applied = await kind.write(target, uid, await desiredFor(nodeExporter()), undefined);
    expect(applied.uid).toBe(uid);
    expect(applied.version).toBeUndefined();
    ageSnapshots();
    double.clearRequests();
    const unrecorded = await desiredFor(nodeExporter());
    const observed = await kind.observe(target, uid, unrecorded);
    expect(observed).toMatchObject({ uid, version: 1 });
    expect(kind.diff(unrecorded, observed!)).toEqual([]);
    expect(double.writes()).toEqual([]);
  });

  it('creates after one search and a GET that confirms the miss; an unchanged check costs the two shared lists and no GET; an edit costs one GET', async () => {
    const first = await desiredFor(nodeExporter());
    expect(await kind.observe(target, uid, first)).toBeUndefined();
    const applied = await kind.write(target, uid, first, undefined);
    expect(applied).toMatchObject({ uid, version: 1, url: `/d/${uid}/node-exporter-host-overview` });
    // Missing from search, asked by uid before the create (which would overwrite what has it).
    expect(calls()).toEqual(['GET /api/dashboards/uid/:uid', 'GET /api/search', 'POST /api/dashboards/db']);
    const save = double.requests.find((r) => r.method === 'POST')!.body as JsonObject;
    expect(save).toMatchObject({
      overwrite: true,
      folderUid: '',
      message: 'Applied by grafana-provisioning-operator from ns/hosts',
    });
    expect(save.dashboard).not.toHaveProperty('id');
    expect(save.dashboard).not.toHaveProperty('version');
    expect(save.dashboard).not.toHaveProperty('__inputs');

    // A resync later: fresh lists, version as recorded → no GET, no drift.
    double.clearRequests();
    ageSnapshots();
    const again = await desiredFor(nodeExporter(), applied.version);
    const seen = await kind.observe(target, uid, again);
    expect(seen).toMatchObject({ uid, version: 1 });
    expect(seen).not.toHaveProperty('dashboard');
    expect(kind.diff(again, seen!)).toEqual([]);
    expect(calls()).toEqual([
      'GET /api/search',
      'GET /apis/dashboard.grafana.app',
      'GET /apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards',
    ]);
    expect(double.requests.find((r) => r.path.endsWith('/dashboards'))!.headers.accept).toContain(
      'as=PartialObjectMetadataList',
    );

    // Someone edits it in the UI: the version moves, one GET, drift named.
    dashboardsOf(double.state.org(1)).uiEditDashboard(uid, (data) => {
      (data.panels as JsonObject[])[9]!.title = 'CPU (edited)';
    });
    double.clearRequests();
    ageSnapshots();
    const edited = await kind.observe(target, uid, again);
    expect(edited).toMatchObject({ version: 2, folderUid: '' });
    expect(kind.diff(again, edited!)).toEqual(['panels[9].title']);
    expect(calls()).toEqual([
      'GET /api/dashboards/uid/:uid',
      'GET /api/search',
      'GET /apis/dashboard.grafana.app/v1beta1/namespaces/default/dashboards',
    ]);
    // Reverted: the next check within the same snapshot window reads nothing.
    const reverted = await kind.write(target, uid, again, edited);
    expect(reverted.version).toBe(3);
    double.clearRequests();
    const after = await desiredFor(nodeExporter(), reverted.version);
    expect(kind.diff(after, (await kind.observe(target, uid, after))!)).toEqual([]);
    expect(calls()).toEqual([]);
  });

  it('with editableInGrafana an edit is read but not drift', async () => {
    const object = await desiredFor(nodeExporter());
    const applied = await kind.write(target, uid, { ...object, editable: true }, undefined);
    dashboardsOf(double.state.org(1)).uiEditDashboard(uid, { title: 'Renamed in the UI' });
    const editable = { ...(await desiredFor(nodeExporter(), applied.version)), editable: true };
    const seen = await kind.observe(target, uid, editable);
    expect(seen?.title).toBe('Renamed in the UI');
    expect(kind.diff(editable, seen!)).toEqual([]);
    expect(kind.diff({ ...editable, editable: false }, seen!)).toEqual(['title']);
  });

  it('without the /apis group (11.x) every check is one GET, and an unchanged one is still no drift', async () => {
    double.options.dashboardApis = false;
    const first = await desiredFor(apiserver());
    const applied = await kind.write(target, uid, first, undefined);
    double.clearRequests();
    ageSnapshots();
    const again = await desiredFor(apiserver(), applied.version);
    const seen = await kind.observe(target, uid, again);
    expect(seen).toHaveProperty('dashboard');
    expect(kind.diff(again, seen!)).toEqual([]);
    expect(calls()).toEqual([
      'GET /api/dashboards/uid/:uid',
      'GET /api/search',
      'GET /apis/dashboard.grafana.app',
    ]);
    // Discovery is not asked again for a while; the GET is.
    double.clearRequests();
    ageSnapshots();
    await kind.observe(target, uid, again);
    expect(calls()).toEqual(['GET /api/dashboards/uid/:uid', 'GET /api/search']);
  });

  it('the folder is always drift, even when a move did not change the version', async () => {
    double.state.org(1).seedFolder({ uid: 'ops', title: 'Ops' });
    const first = { ...(await desiredFor(apiserver())), folderUid: 'ops' };
    const applied = await kind.write(target, uid, first, undefined);
    const again = { ...(await desiredFor(apiserver(), applied.version)), folderUid: 'ops' };
    // Moved without a new version: search shows the other folder, so it is read after all.
    dashboardsOf(double.state.org(1)).dashboard(uid)!.folderUid = '';
    ageSnapshots();
    double.clearRequests();
    const moved = await kind.observe(target, uid, again);
    expect(moved).toMatchObject({ folderUid: '', version: applied.version });
    expect(kind.diff(again, moved!)).toEqual(['folder']);
    expect(calls()).toContain('GET /api/dashboards/uid/:uid');
    // Moved and saved: the same.
    dashboardsOf(double.state.org(1)).dashboard(uid)!.version += 1;
    ageSnapshots();
    expect(kind.diff(again, (await kind.observe(target, uid, again))!)).toEqual(['folder']);
  });

  it('a dashboard made in Grafana since the search list was read is found before creating over it', async () => {
    const wanted = await desiredFor(apiserver());
    expect(await kind.observe(target, 'made-by-hand', wanted)).toBeUndefined();
    await target.api.dashboards.save({
      dashboard: { uid: 'made-by-hand', title: 'By hand', panels: [] },
      folderUid: '',
      overwrite: false,
    });
    // The shared search list is still the one read before the save.
    expect(await kind.observe(target, 'made-by-hand', wanted)).toMatchObject({
      uid: 'made-by-hand',
      title: 'By hand',
    });
  });

  it('a dashboard deleted since the search is created again', async () => {
    const first = await desiredFor(apiserver());
    const applied = await kind.write(target, uid, first, undefined);
    const again = await desiredFor(apiserver(), applied.version);
    expect(await kind.observe(target, uid, again)).toMatchObject({ uid });
    dashboardsOf(double.state.org(1)).delete(uid);
    target.snapshots.invalidate('dashboard-versions');
    expect(await kind.observe(target, uid, again)).toBeUndefined();
  });
});
