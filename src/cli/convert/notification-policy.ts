/**
 * grafana-operator's GrafanaNotificationPolicy as ours: the route tree with Grafana's field names
 * on both sides. Matchers grafana-operator sent as equality (`matchers`) and regular expressions
 * (`match_re`) become object_matchers; routeSelector (routes from GrafanaNotificationPolicyRoute
 * objects) is reported: merge those routes into spec.routes.
 */
import { isObject } from '../../lib/json.js';
import { prometheusDuration, specConverter } from './common.js';
import { SpecReader } from './spec-reader.js';

const ROUTE_SELECTOR =
  "routes from GrafanaNotificationPolicyRoute objects are not merged in; write them into this route's routes";
const TOP_LEVEL = 'it never worked on the top-level route in grafana-operator';

export const convertNotificationPolicy = specConverter('GrafanaNotificationPolicy', ({ spec, report }) => {
  const route = spec.object('route');
  const receiver = route?.string('receiver');
  if (!route || !receiver) {
    report.notConverted('', 'spec.route.receiver is missing');
    return undefined;
  }
  const out: Record<string, unknown> = { receiver, ...timing(route) };
  for (const key of [
    'continue',
    'match_re',
    'matchers',
    'object_matchers',
    'mute_time_intervals',
    'active_time_intervals',
  ])
    route.drop(key, TOP_LEVEL);
  const routes = nestedRoutes(route);
  if (routes.length > 0) out.routes = routes;
  route.finish();
  // grafana-operator leaves the tree editable in Grafana unless editable is false.
  if (spec.boolean('editable') !== false) out.editableInGrafana = true;
  return out;
});

/** group_by and the three timings, shared by the top-level and nested routes. */
function timing(route: SpecReader): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const groupBy = route.strings('group_by');
  if (groupBy) out.group_by = groupBy;
  for (const key of ['group_wait', 'group_interval', 'repeat_interval']) {
    const value = prometheusDuration(route, key);
    if (value) out[key] = value;
  }
  route.drop('routeSelector', ROUTE_SELECTOR);
  route.drop('provenance', 'deprecated, it had no effect');
  return out;
}

function nestedRoutes(parent: SpecReader): Array<Record<string, unknown>> {
  return parent.array('routes').map((value, i) => {
    const route = SpecReader.of(value, parent.at(`routes[${i}]`), parent.report);
    const out: Record<string, unknown> = {};
    const receiver = route.string('receiver');
    if (receiver) out.receiver = receiver;
    const matchers = objectMatchers(route);
    if (matchers.length > 0) out.object_matchers = matchers;
    if (route.boolean('continue')) out.continue = true;
    Object.assign(out, timing(route));
    for (const key of ['mute_time_intervals', 'active_time_intervals']) {
      const names = route.strings(key);
      if (names) out[key] = names;
    }
    const routes = nestedRoutes(route);
    if (routes.length > 0) out.routes = routes;
    route.finish();
    return out;
  });
}

/** object_matchers as they are, matchers as `=` (all grafana-operator sent), match_re as `=~`. */
function objectMatchers(route: SpecReader): string[][] {
  const out: string[][] = [];
  for (const triple of route.array('object_matchers'))
    if (Array.isArray(triple) && triple.length === 3) out.push(triple.map(String));
  route.array('matchers').forEach((matcher, i) => {
    if (!isObject(matcher) || typeof matcher.name !== 'string') return;
    out.push([matcher.name, '=', String(matcher.value ?? '')]);
    if (matcher.isRegex === true || matcher.isEqual === false)
      route.report.changed(
        route.at(`matchers[${i}]`),
        'isRegex and isEqual had no effect in grafana-operator: converted as =',
      );
  });
  const matchRe = route.take('match_re');
  if (isObject(matchRe))
    for (const [label, regex] of Object.entries(matchRe)) out.push([label, '=~', String(regex)]);
  return out;
}
