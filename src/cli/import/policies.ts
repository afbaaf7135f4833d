/**
 * A notification policy tree from a provisioning file (docs/grafana-api.md §20.4): each item of
 * `policies` is the root route with `orgId` beside its keys. Matchers are written three ways in
 * Grafana's files — `object_matchers` triples, `matchers` strings (`team = "ops"`) and the old
 * `match` / `match_re` maps — and become `object_matchers` triples.
 */
import { objectOf, type ImportContext } from './context.js';

const TIMING = ['group_by', 'group_wait', 'group_interval', 'repeat_interval'] as const;
const ROOT_KEYS = ['orgId', 'receiver', ...TIMING, 'routes'];
const ROUTE_KEYS = [
  'receiver',
  ...TIMING,
  'object_matchers',
  'matchers',
  'match',
  'match_re',
  'continue',
  'mute_time_intervals',
  'active_time_intervals',
  'routes',
];

export type Matcher = [string, string, string];

/** `name op value`, the value optionally quoted: Alertmanager's matcher syntax. */
export function parseMatcher(text: string): Matcher | undefined {
  const match = /^\s*([^\s=!~]+|"(?:[^"\\]|\\.)*")\s*(=~|!~|!=|=)\s*(.*?)\s*$/.exec(text);
  if (!match) return undefined;
  return [unquote(match[1]!), match[2]!, unquote(match[3]!)];
}

function unquote(text: string): string {
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"'))
    return text.slice(1, -1).replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
  return text;
}

/** The root route's spec fields; what has no equivalent on the root is reported. */
export function policySpec(
  context: ImportContext,
  where: string,
  policy: Record<string, unknown>,
): Record<string, unknown> {
  const spec: Record<string, unknown> = {};
  if (typeof policy.receiver === 'string') spec.receiver = policy.receiver;
  for (const key of TIMING) if (policy[key] !== undefined) spec[key] = policy[key];
  const routes = routesOf(context, where, policy.routes, 'routes');
  if (routes.length > 0) spec.routes = routes;
  for (const key of Object.keys(policy))
    if (!ROOT_KEYS.includes(key))
      context.report.note(
        where,
        ROUTE_KEYS.includes(key)
          ? `${key} on the root policy: Grafana refuses or ignores it there, left out`
          : `${key}: no equivalent, left out`,
      );
  return spec;
}

function routesOf(
  context: ImportContext,
  where: string,
  value: unknown,
  at: string,
): Record<string, unknown>[] {
  if (!Array.isArray(value)) return [];
  return value.map((item, i) => routeOf(context, where, objectOf(item), `${at}[${i}]`));
}

function routeOf(
  context: ImportContext,
  where: string,
  source: Record<string, unknown>,
  at: string,
): Record<string, unknown> {
  const route: Record<string, unknown> = {};
  for (const key of ['receiver', ...TIMING, 'continue', 'mute_time_intervals', 'active_time_intervals'])
    if (source[key] !== undefined) route[key] = source[key];
  const matchers: Matcher[] = [];
  for (const item of Array.isArray(source.object_matchers) ? source.object_matchers : [])
    if (Array.isArray(item) && item.length === 3) matchers.push(item.map(String) as Matcher);
    else
      context.report.note(
        where,
        `${at}.object_matchers: ${JSON.stringify(item)} is not a [label, operator, value] triple, left out`,
      );
  const strings = typeof source.matchers === 'string' ? splitMatchers(source.matchers) : source.matchers;
  for (const item of Array.isArray(strings) ? strings : []) {
    const parsed = typeof item === 'string' ? parseMatcher(item) : undefined;
    if (parsed) matchers.push(parsed);
    else context.report.note(where, `${at}.matchers: cannot read ${JSON.stringify(item)}, left out`);
  }
  for (const [label, value] of Object.entries(objectOf(source.match)))
    matchers.push([label, '=', String(value)]);
  for (const [label, value] of Object.entries(objectOf(source.match_re)))
    matchers.push([label, '=~', String(value)]);
  if (matchers.length > 0) route.object_matchers = matchers;
  const routes = routesOf(context, where, source.routes, `${at}.routes`);
  if (routes.length > 0) route.routes = routes;
  for (const key of Object.keys(source))
    if (!ROUTE_KEYS.includes(key)) context.report.note(where, `${at}.${key}: no equivalent, left out`);
  return route;
}

/** `{a="b", c=~"d"}` or `a="b",c="d"`: one string of several matchers. */
function splitMatchers(text: string): string[] {
  const inner = text.trim().replace(/^\{/, '').replace(/\}$/, '');
  return (
    inner
      .match(/(?:[^,"]|"(?:[^"\\]|\\.)*")+/g)
      ?.map((part) => part.trim())
      .filter(Boolean) ?? []
  );
}
