/**
 * How deep JSON the operator accepts may nest. Hashing, key sorting, input substitution, drift
 * comparison and JSON.stringify all recurse, and a few thousand levels overflow the stack; real
 * content is shallow (the deepest of the exported dashboards in test/fixtures nests 10 levels),
 * so anything past the limit is refused as InvalidSpec before any of them runs.
 */
export const MAX_JSON_DEPTH = 100;

/** Longest path shown in a message; longer ones keep their start and end. */
const MAX_SHOWN_PATH = 240;
const MAX_SHOWN_KEY = 40;

interface Frame {
  value: unknown;
  depth: number;
  parent: Frame | undefined;
  key: string | number | undefined;
}

/**
 * Where `value` nests deeper than `limit` objects and arrays (the value itself, when it is one,
 * is level 1), as a path under `root` such as `spec.model.a[0].b`; undefined when it does not.
 * Iterative, so it is safe on input of any depth.
 */
export function pathDeeperThan(value: unknown, root: string, limit = MAX_JSON_DEPTH): string | undefined {
  const stack: Frame[] = [{ value, depth: 1, parent: undefined, key: undefined }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if (frame.value === null || typeof frame.value !== 'object') continue;
    if (frame.depth > limit) return showPath(root, frame);
    const entries: Array<[string | number, unknown]> = Array.isArray(frame.value)
      ? frame.value.map((item, index) => [index, item])
      : Object.entries(frame.value);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i]!;
      if (child !== null && typeof child === 'object') {
        stack.push({ value: child, depth: frame.depth + 1, parent: frame, key });
      }
    }
  }
  return undefined;
}

/** The InvalidSpec message for `what` (e.g. "the dashboard in spec.json") nested too deep at `path`. */
export function tooDeepMessage(what: string, path: string, limit = MAX_JSON_DEPTH): string {
  return `${what} is nested too deeply: more than ${limit} levels of objects and arrays at ${path}`;
}

function showPath(root: string, frame: Frame): string {
  const keys: Array<string | number> = [];
  for (let f: Frame | undefined = frame; f?.key !== undefined; f = f.parent) keys.push(f.key);
  let path = root;
  for (const key of keys.reverse()) {
    if (typeof key === 'number') path += `[${key}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(key) && key.length <= MAX_SHOWN_KEY) path += path ? `.${key}` : key;
    else path += `[${JSON.stringify(key.length > MAX_SHOWN_KEY ? `${key.slice(0, MAX_SHOWN_KEY)}…` : key)}]`;
  }
  if (path.length <= MAX_SHOWN_PATH) return path;
  const half = MAX_SHOWN_PATH / 2;
  return `${path.slice(0, half)}…${path.slice(-half)}`;
}
