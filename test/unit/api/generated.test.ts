import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { renderAll, ROOT } from '../../../scripts/generate-api.js';
import { grafanaInstanceSpecSchema } from '../../../src/api/generated/index.js';
import { validateSpec } from '../../../src/runtime/validation.js';

describe('generated API (one source of truth per kind)', () => {
  it('crds/ and src/api/generated/ match a fresh render of api/', async () => {
    const outputs = await renderAll();
    expect(outputs.size).toBeGreaterThan(2);
    for (const [relative, content] of outputs) {
      const committed = await readFile(path.join(ROOT, relative), 'utf8').catch(() => '<missing>');
      expect({ file: relative, content: committed }).toEqual({ file: relative, content });
    }
  });

  it('generated CRDs contain no $ref (the apiserver does not resolve them) and describe every property', async () => {
    const outputs = await renderAll();
    for (const [relative, content] of outputs) {
      if (!relative.startsWith('crds/')) continue;
      expect(content).not.toContain('$ref');
      const crd = parse(content) as { spec: { versions: Array<{ schema: { openAPIV3Schema: unknown } }> } };
      const undescribed: string[] = [];
      walk(crd.spec.versions[0]!.schema.openAPIV3Schema, '', undescribed);
      expect({ file: relative, undescribed }).toEqual({ file: relative, undescribed: [] });
    }
  });

  it('a recursive definition is unrolled x-unroll.depth levels for the CRD and the validator, and stays recursive in TypeScript', async () => {
    const outputs = await renderScratch(TREE_DEFINITIONS);
    const crd = parse(outputs.get('crds/trees.example.dev.yaml')!) as {
      spec: { versions: Array<{ schema: { openAPIV3Schema: Node } }> };
    };
    let node = crd.spec.versions[0]!.schema.openAPIV3Schema.properties!.spec!.properties!.children!.items!;
    const levels: string[] = [];
    while (node.properties) {
      levels.push(node.description!);
      node = node.properties.children!.items!;
    }
    expect(levels).toEqual(['A node.', 'A node.']);
    expect(node).toEqual({
      type: 'object',
      description: 'Deeper.',
      'x-kubernetes-preserve-unknown-fields': true,
    });
    const types = outputs.get('src/api/generated/tree.ts')!;
    expect(types).toContain('children?: Nodes;');
    expect(outputs.get('src/api/generated/definitions.ts')).toMatch(/export type Nodes = Node\[\];/);
    expect(outputs.get('src/api/generated/definitions.ts')).toMatch(/children\?: Nodes;/);
    // The validator's copy is unrolled like the CRD's (a const cannot contain itself).
    const validator = types.split('export const treeSpecSchema')[1]!;
    expect(validator.match(/name: \{ type: 'string' \}/g)).toHaveLength(2);
    expect(validator).toContain("children: { type: 'array', items: { type: 'object' } }");
  });

  it('refuses a definition that recurses without x-unroll', async () => {
    await expect(renderScratch(TREE_DEFINITIONS.replace(/ {4}x-unroll:[^]*?Deeper\.\n/, ''))).rejects.toThrow(
      'Nodes -> Node -> Nodes recurses without x-unroll',
    );
  });

  it('the runtime validator derived from the schema rejects what the CRD rejects structurally', () => {
    const good = {
      url: 'https://g.example.com',
      auth: { token: { secretKeyRef: { name: 's', key: 'token' } } },
    };
    expect(validateSpec(grafanaInstanceSpecSchema, good)).toEqual({ valid: true, errors: [] });
    const bad = {
      url: 'https://g.example.com',
      auth: { token: { secretKeyRef: { name: 's' } } },
      timeoutSeconds: 0,
    };
    const result = validateSpec(grafanaInstanceSpecSchema, bad);
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual(
      expect.arrayContaining([
        "spec.auth.token.secretKeyRef: must have required property 'key'",
        'spec.timeoutSeconds: must be >= 1',
      ]),
    );
  });
});

interface Node {
  type?: string;
  description?: string;
  properties?: Record<string, Node>;
  items?: Node;
}

const TREE_DEFINITIONS = `definitions:
  Node:
    type: object
    description: A node.
    properties:
      name:
        type: string
        description: Its name.
      children:
        $ref: '#/definitions/Nodes'
    x-unroll:
      depth: 2
      beyond:
        type: object
        description: Deeper.
        x-kubernetes-preserve-unknown-fields: true
  Nodes:
    type: array
    description: Its children.
    items:
      $ref: '#/definitions/Node'
`;

const TREE_KIND = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: trees.example.dev
spec:
  group: example.dev
  names: { kind: Tree, plural: trees }
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              description: The root.
              properties:
                children:
                  $ref: '#/definitions/Nodes'
`;

/** Renders an api/ folder holding `definitions` and one kind using them. */
async function renderScratch(definitions: string): Promise<Map<string, string>> {
  const root = await mkdtemp(path.join(tmpdir(), 'gpo-generate-'));
  try {
    await mkdir(path.join(root, 'api'));
    await writeFile(path.join(root, 'api', 'definitions.yaml'), definitions);
    await writeFile(path.join(root, 'api', 'tree.yaml'), TREE_KIND);
    return await renderAll(root);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** Every property below spec/status carries a description, so `kubectl explain` is useful. */
function walk(node: unknown, where: string, undescribed: string[]): void {
  if (!node || typeof node !== 'object') return;
  const schema = node as { properties?: Record<string, unknown>; items?: unknown; description?: string };
  for (const [name, child] of Object.entries(schema.properties ?? {})) {
    const path = where ? `${where}.${name}` : name;
    if (path !== 'metadata' && !(child as { description?: string }).description) undescribed.push(path);
    walk(child, path, undescribed);
  }
  if (schema.items) walk(schema.items, `${where}[]`, undescribed);
}
