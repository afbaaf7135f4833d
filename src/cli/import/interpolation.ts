/**
 * The references Grafana's provisioning files may hold in a value (docs/grafana-api.md §20.5):
 * environment variables as `$VAR`, `${VAR}` or `$__env{VAR}`, files as `$__file{path}`, Vault
 * as `$__vault{…}`; `$$` is a literal `$`. Import never expands them: they name what the user
 * fills in.
 */
export interface References {
  variables: string[];
  files: string[];
  vault: string[];
}

const REFERENCE =
  /\$(?:__(env|file|vault)\{([^}]*)\}|\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/** The references in `text`, in order, each once. */
export function referencesIn(text: string): References {
  const found: References = { variables: [], files: [], vault: [] };
  for (const part of text.split('$$')) {
    for (const match of part.matchAll(REFERENCE)) {
      const [, expander, argument, braced, plain] = match;
      const list = expander === 'file' ? found.files : expander === 'vault' ? found.vault : found.variables;
      const name = (expander ? argument : (braced ?? plain)) ?? '';
      if (!list.includes(name)) list.push(name);
    }
  }
  return found;
}

/** Whether `text` holds any reference. */
export function hasReferences(text: string): boolean {
  const found = referencesIn(text);
  return found.variables.length + found.files.length + found.vault.length > 0;
}

/** The variable `text` consists of, when it is exactly one environment reference. */
export function wholeVariable(text: string): string | undefined {
  const match =
    /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*)|__env\{([A-Za-z_][A-Za-z0-9_]*)\})$/.exec(
      text.trim(),
    );
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}

/** Every string value under `value` with references, by dotted path: what Grafana would substitute. */
export function referencedStrings(
  value: unknown,
  path: string,
): Array<{ path: string; references: References }> {
  if (typeof value === 'string')
    return hasReferences(value) ? [{ path, references: referencesIn(value) }] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => referencedStrings(item, `${path}[${i}]`));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) =>
      referencedStrings(item, path ? `${path}.${key}` : key),
    );
  return [];
}

/** `$VAR, $__file{/x}` for a message. */
export function describeReferences(found: References): string {
  return [
    ...found.variables.map((name) => `$${name}`),
    ...found.files.map((path) => `$__file{${path}}`),
    ...found.vault.map((path) => `$__vault{${path}}`),
  ].join(', ');
}
