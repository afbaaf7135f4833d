/**
 * One source of truth per kind: api/<kind>.yaml (a CRD whose schema may `$ref` shared pieces in
 * api/definitions.yaml). This renders, from it:
 *   - crds/<plural>.<group>.yaml: the CRD the apiserver gets ($refs inlined, as CRDs require);
 *   - src/api/generated/<kind>.ts: TypeScript types for spec/status, the resource identity, and
 *     the spec's JSON schema for runtime validation.
 * `--check` fails when the committed outputs differ from a fresh render (a unit test runs it too).
 *
 *   npx tsx scripts/generate-api.ts [--check]
 */
import { readFile, readdir, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, type JSONSchema } from 'json-schema-to-typescript';
import * as prettier from 'prettier';
import { parse, stringify } from 'yaml';

type Schema = Record<string, unknown>;

interface CrdSource {
  file: string;
  crd: {
    metadata: { name: string };
    spec: {
      group: string;
      names: { kind: string; plural: string };
      scope: 'Namespaced' | 'Cluster';
      versions: Array<{ name: string; storage?: boolean; schema: { openAPIV3Schema: Schema } }>;
    };
  };
}

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function renderAll(root = ROOT): Promise<Map<string, string>> {
  const apiDir = path.join(root, 'api');
  const definitions = (
    parse(await readFile(path.join(apiDir, 'definitions.yaml'), 'utf8')) as {
      definitions: Record<string, Schema>;
    }
  ).definitions;
  const sources: CrdSource[] = [];
  for (const file of (await readdir(apiDir)).sort()) {
    if (!file.endsWith('.yaml') || file === 'definitions.yaml') continue;
    sources.push({ file, crd: parse(await readFile(path.join(apiDir, file), 'utf8')) as CrdSource['crd'] });
  }
  const outputs = new Map<string, string>();
  const indexLines: string[] = [];
  for (const source of sources) {
    const { group, names, scope, versions } = source.crd.spec;
    const crdOut = structuredClone(source.crd);
    for (const version of crdOut.spec.versions) {
      version.schema.openAPIV3Schema = inline(
        version.schema.openAPIV3Schema,
        definitions,
        source.file,
        false,
      ) as Schema;
    }
    outputs.set(
      `crds/${names.plural}.${group}.yaml`,
      `# Generated from api/${source.file} by scripts/generate-api.ts; edit the source, then run \`npm run generate\`.\n` +
        stringify(crdOut, { aliasDuplicateObjects: false, lineWidth: 0 }),
    );
    const storage = versions.find((v) => v.storage) ?? versions[0];
    if (!storage) throw new Error(`${source.file}: no versions`);
    const moduleName = names.kind.toLowerCase();
    outputs.set(
      `src/api/generated/${moduleName}.ts`,
      await renderTypes(
        names.kind,
        { group, version: storage.name, plural: names.plural, namespaced: scope === 'Namespaced' },
        storage.schema.openAPIV3Schema,
        source.file,
        definitions,
      ),
    );
    indexLines.push(`export * from './${moduleName}.js';`);
  }
  outputs.set('src/api/generated/definitions.ts', await renderDefinitions(definitions));
  outputs.set(
    'src/api/generated/index.ts',
    `${BANNER('api/')}\n\nexport * from './definitions.js';\n${indexLines.join('\n')}\n`,
  );
  return outputs;
}

const BANNER = (from: string) =>
  `// Generated from ${from} by scripts/generate-api.ts; edit the source, then run \`npm run generate\`.`;

/**
 * Replaces `$ref: '#/definitions/X'` with the definition; sibling keys (e.g. a more specific
 * description) override the definition's. For TypeScript a $ref becomes a reference to the named
 * type in definitions.ts, so every kind shares one `SecretKeyRef`, one `Conditions`, ….
 *
 * A recursive definition is written out `x-unroll.depth` times, then `x-unroll.beyond` takes its
 * place (a CRD schema cannot refer to itself). `expanding` holds the definitions being inlined.
 */
function inline(
  node: unknown,
  definitions: Record<string, Schema>,
  file: string,
  forTypes: boolean,
  expanding: string[] = [],
): unknown {
  const recurse = (child: unknown, stack = expanding) => inline(child, definitions, file, forTypes, stack);
  if (Array.isArray(node)) return node.map((item) => recurse(item));
  if (!node || typeof node !== 'object') return node;
  const schema = node as Schema;
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/definitions/', '');
    const definition = definitions[name];
    if (!definition) throw new Error(`${file}: unknown $ref ${schema.$ref}`);
    const { $ref: _ref, ...overrides } = schema;
    if (forTypes)
      return { tsType: name, ...(overrides.description ? { description: overrides.description } : {}) };
    return {
      ...(recurse(unrolled(name, definitions, expanding), [...expanding, name]) as Schema),
      ...(recurse(overrides) as Schema),
    };
  }
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) if (key !== UNROLL) out[key] = recurse(value);
  return out;
}

/** Generator-only key of a recursive definition: `{ depth, beyond }` (see api/definitions.yaml). */
const UNROLL = 'x-unroll';

/** The body a $ref to `name` expands to at this depth of `expanding`. */
function unrolled(name: string, definitions: Record<string, Schema>, expanding: string[]): Schema {
  const definition = definitions[name] as Schema;
  const unroll = definition[UNROLL] as { depth: number; beyond: Schema } | undefined;
  const depth = expanding.filter((expanded) => expanded === name).length;
  if (unroll) return depth >= unroll.depth ? unroll.beyond : definition;
  if (depth > 0 && !expanding.slice(expanding.indexOf(name)).some((n) => definitions[n]?.[UNROLL]))
    throw new Error(`definitions.yaml: ${[...expanding, name].join(' -> ')} recurses without ${UNROLL}`);
  return definition;
}

/** Whether `name` reaches itself through $refs: its validation schema is then written out in full. */
function isRecursive(name: string, definitions: Record<string, Schema>): boolean {
  const seen = new Set<string>();
  const refsOf = (node: unknown): string[] =>
    Array.isArray(node)
      ? node.flatMap(refsOf)
      : node && typeof node === 'object'
        ? typeof (node as Schema).$ref === 'string'
          ? [((node as Schema).$ref as string).replace('#/definitions/', '')]
          : Object.values(node as Schema).flatMap(refsOf)
        : [];
  const pending = refsOf(definitions[name]);
  while (pending.length) {
    const next = pending.pop()!;
    if (next === name) return true;
    if (seen.has(next)) continue;
    seen.add(next);
    pending.push(...refsOf(definitions[next]));
  }
  return false;
}

async function renderDefinitions(definitions: Record<string, Schema>): Promise<string> {
  const parts = [BANNER('api/definitions.yaml')];
  for (const [name, schema] of Object.entries(definitions)) {
    const resolved = inline(schema, definitions, 'definitions.yaml', true) as Schema;
    parts.push((await compile(toTypeSchema(resolved, name) as JSONSchema, name, TYPE_OPTIONS)).trim());
  }
  // Validation schemas, each once; the kinds' spec schemas refer to them by name.
  for (const name of dependencyOrder(definitions)) {
    // A recursive definition is written out in full where it is used (see keepRefs).
    if (isRecursive(name, definitions)) continue;
    const schema = stripForValidation(keepRefs(definitions[name], 'definitions.yaml', definitions));
    parts.push(`export const ${schemaConstName(name)} = ${schemaSource(schema)} as const;`);
  }
  return format(`${parts.join('\n\n')}\n`);
}

const TYPE_OPTIONS = {
  bannerComment: '',
  additionalProperties: false,
  format: false,
  strictIndexSignatures: true,
} as const;

async function format(source: string): Promise<string> {
  const options =
    (await prettier.resolveConfig(path.join(ROOT, 'src', 'api', 'generated', 'index.ts'))) ?? {};
  return prettier.format(source, { ...options, parser: 'typescript' });
}

async function renderTypes(
  kind: string,
  resource: { group: string; version: string; plural: string; namespaced: boolean },
  source: Schema,
  file: string,
  definitions: Record<string, Schema>,
): Promise<string> {
  const root = inline(source, definitions, file, true) as Schema;
  const properties = (root.properties ?? {}) as Record<string, Schema>;
  const referenced = [
    ...new Set([...JSON.stringify(root).matchAll(/"tsType":"([A-Za-z]+)"/g)].map((m) => m[1])),
  ]
    .filter((name) => name && /^[A-Z]/.test(name) && name !== 'Record')
    .sort();
  const parts: string[] = [
    BANNER(`api/${file}`),
    `import type { KubeObject, ResourceType } from '../../runtime/kube/types.js';`,
    ...(referenced.length ? [`import type { ${referenced.join(', ')} } from './definitions.js';`] : []),
  ];
  // One compile for spec and status together, so a shared definition is declared once.
  const body: Schema = { type: 'object', properties: {} as Schema, additionalProperties: false };
  for (const part of ['spec', 'status'] as const) {
    const schema = properties[part];
    if (schema)
      (body.properties as Schema)[part] = {
        ...schema,
        title: `${kind}${part === 'spec' ? 'Spec' : 'Status'}`,
      };
  }
  const ts = await compile(toTypeSchema(body, `${kind}Parts`) as JSONSchema, `${kind}Parts`, TYPE_OPTIONS);
  parts.push(ts.trim());
  const rawSpec = (source.properties as Record<string, Schema> | undefined)?.spec;
  const specSchema = rawSpec ? stripForValidation(keepRefs(rawSpec, file, definitions)) : {};
  const schemaRefs = [...new Set(referencedSchemas(specSchema))].sort();
  if (schemaRefs.length)
    parts.push(`import { ${schemaRefs.map(schemaConstName).join(', ')} } from './definitions.js';`);
  parts.push(
    `/** The ${kind} custom resource. */
export interface ${kind} extends KubeObject {
  spec: ${kind}Spec;
  status?: ${properties.status ? `${kind}Status` : 'Record<string, unknown>'};
}

export const ${kind}Resource = ${JSON.stringify({ ...resource, kind })} as const satisfies ResourceType;

/** The spec's OpenAPI schema (CEL rules and x-kubernetes-* keys removed) for runtime validation. */
export const ${lowerFirst(kind)}SpecSchema = ${schemaSource(specSchema)} as const;`,
  );
  return format(`${parts.join('\n\n')}\n`);
}

/** JSON-schema-to-TypeScript input: unknown-field maps become open records. */
function toTypeSchema(schema: Schema, title: string): Schema {
  // Memoised so a definition shared by identity stays shared (and is emitted once).
  const seen = new WeakMap<object, unknown>();
  const convert = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(convert);
    if (!node || typeof node !== 'object') return node;
    if (seen.has(node)) return seen.get(node);
    const input = node as Schema;
    const out: Schema = {};
    seen.set(node, out);
    for (const [key, value] of Object.entries(input)) {
      if (key.startsWith('x-kubernetes-') || key === UNROLL) continue;
      out[key] =
        key === 'properties'
          ? Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, convert(v)]))
          : convert(value);
    }
    if (input['x-kubernetes-preserve-unknown-fields'] === true && !input.properties) {
      delete out.type;
      out.tsType = input.type === 'object' ? 'Record<string, unknown>' : 'unknown';
    } else if (input['x-kubernetes-preserve-unknown-fields'] === true) {
      // Some fields declared, the rest kept as they come: an open object.
      out.additionalProperties = true;
    }
    if (input['x-kubernetes-int-or-string'] === true) out.tsType = 'number | string';
    return out;
  };
  return { ...(convert(schema) as Schema), title };
}

/** Marks where a validation schema uses a shared definition: emitted as that definition's const. */
const REF = '$definition';

/** `$ref: '#/definitions/X'` (with at most a description beside it) becomes a {@link REF} marker. */
function keepRefs(node: unknown, file: string, definitions: Record<string, Schema>): unknown {
  if (Array.isArray(node)) return node.map((item) => keepRefs(item, file, definitions));
  if (!node || typeof node !== 'object') return node;
  const schema = node as Schema;
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/definitions/', '');
    if (!definitions[name]) throw new Error(`${file}: unknown $ref ${schema.$ref}`);
    // A const cannot contain itself: a recursive type is validated as the CRD checks it, unrolled.
    if (isRecursive(name, definitions)) return inline(schema, definitions, file, false);
    const siblings = Object.keys(schema).filter((key) => key !== '$ref' && key !== 'description');
    if (siblings.length)
      throw new Error(`${file}: $ref ${schema.$ref} with ${siblings.join(', ')} beside it`);
    return { [REF]: name };
  }
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [key, keepRefs(value, file, definitions)]),
  );
}

function referencedSchemas(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(referencedSchemas);
  if (!node || typeof node !== 'object') return [];
  const ref = (node as Schema)[REF];
  if (typeof ref === 'string') return [ref];
  return Object.values(node as Schema).flatMap(referencedSchemas);
}

/** Definitions ordered so each comes after the ones it uses (consts cannot be used before they exist). */
function dependencyOrder(definitions: Record<string, Schema>): string[] {
  const ordered: string[] = [];
  const visit = (name: string, path: string[]) => {
    if (ordered.includes(name)) return;
    if (path.includes(name)) throw new Error(`definitions.yaml: ${[...path, name].join(' -> ')} is a cycle`);
    if (isRecursive(name, definitions)) return;
    const uses = referencedSchemas(keepRefs(definitions[name], 'definitions.yaml', definitions));
    for (const used of uses) visit(used, [...path, name]);
    ordered.push(name);
  };
  for (const name of Object.keys(definitions)) visit(name, []);
  return ordered;
}

function schemaConstName(definition: string): string {
  return `${lowerFirst(definition)}Schema`;
}

/** JSON, except that a {@link REF} marker is written as the name of the definition's const. */
function schemaSource(node: unknown): string {
  return JSON.stringify(node, (_key, value: unknown) =>
    value && typeof value === 'object' && typeof (value as Schema)[REF] === 'string'
      ? `\u0000${schemaConstName((value as Schema)[REF] as string)}\u0000`
      : value,
  ).replace(/"\\u0000([A-Za-z]+)\\u0000"/g, '$1');
}

function stripForValidation(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripForValidation);
  if (!node || typeof node !== 'object') return node;
  const out: Schema = {};
  for (const [key, value] of Object.entries(node as Schema)) {
    if (key.startsWith('x-kubernetes-') || key === 'description' || key === 'title') continue;
    out[key] =
      key === 'properties'
        ? Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, stripForValidation(v)]))
        : stripForValidation(value);
  }
  return out;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const outputs = await renderAll();
  const stale: string[] = [];
  for (const [relative, content] of outputs) {
    const target = path.join(ROOT, relative);
    const current = await readFile(target, 'utf8').catch(() => undefined);
    if (current === content) continue;
    stale.push(relative);
    if (!check) {
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, content);
    }
  }
  if (check && stale.length) {
    console.error(`generated files are out of date (run \`npm run generate\`): ${stale.join(', ')}`);
    process.exit(1);
  }
  console.log(
    stale.length ? `${check ? 'stale' : 'wrote'}: ${stale.join(', ')}` : 'generated files are up to date',
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
