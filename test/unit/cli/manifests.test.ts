import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import {
  kubernetesName,
  NameAllocator,
  readManifests,
  writeManifests,
  type ManifestEntry,
} from '../../../src/cli/manifests.js';
import { CliError } from '../../../src/cli/exit.js';

describe('kubernetesName', () => {
  it.each([
    ['Node Exporter Full', 'node-exporter-full'],
    ['  --Prometheus (prod)!! ', 'prometheus-prod'],
    ['Ünïcödé', 'unicode'],
    ['a..b', 'a.b'],
    ['***', 'object'],
    ['x'.repeat(300), 'x'.repeat(253)],
  ])('%j → %j', (text, name) => {
    expect(kubernetesName(text)).toBe(name);
  });
});

describe('NameAllocator', () => {
  it('suffixes a taken name per kind, and the same input order gives the same names', () => {
    const names = () => {
      const allocator = new NameAllocator();
      return [
        allocator.allocate('GrafanaDashboard', 'Overview'),
        allocator.allocate('GrafanaDashboard', 'overview'),
        allocator.allocate('GrafanaDashboard', 'OVERVIEW'),
        allocator.allocate('GrafanaFolder', 'Overview'),
      ];
    };
    expect(names()).toEqual(['overview', 'overview-2', 'overview-3', 'overview']);
    expect(names()).toEqual(names());
  });

  it('keeps a suffixed long name within 253 characters', () => {
    const allocator = new NameAllocator();
    allocator.allocate('K', 'a'.repeat(300));
    const second = allocator.allocate('K', 'a'.repeat(300));
    expect(second).toHaveLength(253);
    expect(second.endsWith('-2')).toBe(true);
  });
});

describe('writeManifests and readManifests', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cli-manifests-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const entries: ManifestEntry[] = [
    {
      manifest: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, stringData: { password: '' } },
      comment: 'Fill in the password\nbefore applying',
    },
    {
      manifest: {
        apiVersion: 'grafana.provisioning.dev/v1beta1',
        kind: 'GrafanaFolder',
        metadata: { name: 'b' },
        spec: { title: 'B' },
      },
    },
    {
      manifest: {
        apiVersion: 'grafana.provisioning.dev/v1beta1',
        kind: 'GrafanaFolder',
        metadata: { name: 'a' },
        spec: { title: 'A' },
      },
    },
  ];

  it('writes one file per object under <kind>/<name>.yaml, comments above, and reads them back', async () => {
    const written = await writeManifests(entries, dir);
    expect(written.map((file) => file.slice(dir.length + 1))).toEqual([
      'grafanafolder/a.yaml',
      'grafanafolder/b.yaml',
      'secret/db.yaml',
    ]);
    expect(await readFile(join(dir, 'secret/db.yaml'), 'utf8')).toBe(
      '# Fill in the password\n# before applying\napiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: ""\n',
    );
    const read = await readManifests(dir);
    expect(read.map((entry) => [entry.source, entry.manifest.metadata.name])).toEqual([
      ['grafanafolder/a.yaml#1', 'a'],
      ['grafanafolder/b.yaml#1', 'b'],
      ['secret/db.yaml#1', 'db'],
    ]);
  });

  it('writes one sorted YAML stream to stdout, and reads a stream and a kubectl List back', async () => {
    const stdout = new PassThrough();
    let text = '';
    stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    await writeManifests(entries, '-', stdout);
    expect(text.split('---\n').map((doc) => /name: (\w+)/.exec(doc)?.[1])).toEqual(['a', 'b', 'db']);
    await writeFile(join(dir, 'stream.yaml'), text);
    await writeFile(
      join(dir, 'list.json'),
      JSON.stringify({
        kind: 'List',
        items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }],
      }),
    );
    const read = await readManifests(dir);
    expect(read.map((entry) => entry.manifest.metadata.name)).toEqual(['c', 'a', 'b', 'db']);
  });

  it("quotes strings that kubectl's YAML 1.1 reader would take for booleans or numbers", async () => {
    const stdout = new PassThrough();
    let text = '';
    stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const values = { a: 'on', b: 'yes', c: 'y', d: 'NO', e: '00:00', f: '012', g: 'plain' };
    await writeManifests(
      [{ manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: values } }],
      '-',
      stdout,
    );
    expect(text).toContain(
      '  a: "on"\n  b: "yes"\n  c: "y"\n  d: "NO"\n  e: "00:00"\n  f: "012"\n  g: plain\n',
    );
  });

  it('says which file and document does not parse, and which path does not exist', async () => {
    await mkdir(join(dir, 'sub'));
    await writeFile(join(dir, 'sub', 'bad.yaml'), 'kind: A\n---\nkind: [unclosed\n');
    await expect(readManifests(dir)).rejects.toBeInstanceOf(CliError);
    await expect(readManifests(dir)).rejects.toThrow(/^sub\/bad\.yaml: document 2: /);
    await expect(readManifests(join(dir, 'missing'))).rejects.toThrow(/missing: no such file or directory$/);
  });
});
