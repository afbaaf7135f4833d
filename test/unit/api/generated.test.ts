import { readFile } from 'node:fs/promises';
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
