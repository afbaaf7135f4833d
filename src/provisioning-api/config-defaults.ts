/**
 * Ids of Grafana's core datasource plugins: the directories of public/app/plugins/datasource/ in
 * Grafana 11–13 whose name is the plugin's id (docs/grafana-api.md §5.8). azuremonitor and
 * cloud-monitoring are left out (their ids differ from the directory), and so are the
 * pseudo-datasources dashboard, grafana and mixed, which are not provisioned.
 */
export const CORE_DATASOURCE_PLUGIN_IDS: readonly string[] = [
  'alertmanager',
  'cloudwatch',
  'elasticsearch',
  'grafana-postgresql-datasource',
  'grafana-pyroscope-datasource',
  'grafana-testdata-datasource',
  'graphite',
  'influxdb',
  'jaeger',
  'loki',
  'mssql',
  'mysql',
  'opentsdb',
  'parca',
  'prometheus',
  'tempo',
  'zipkin',
];

/**
 * Fields of a type's spec that `config` may leave out because the API fills them in: the served
 * schema (schemas.ts) does not require them.
 */
export function defaultedFields(type: string): string[] {
  if (WITHOUT_INSTANCES.includes(type)) return [];
  return type === 'datasource' ? ['instanceSelector', 'type'] : ['instanceSelector'];
}

/** Types that select no instances: a policy route is merged by the policies that select it. */
const WITHOUT_INSTANCES = ['notification-policy-route'];

/**
 * `config` as the custom resource's spec, with what the API fills in:
 * - `instanceSelector: {}` when absent: every GrafanaInstance in the namespace;
 * - a datasource without `type` named after a core datasource plugin gets that plugin as its type
 *   (the draft's example posts `prometheus` with no type). Any other datasource needs `type`, and
 *   validation says so.
 */
export function withDefaults(
  type: string,
  name: string,
  config: Record<string, unknown>,
): Record<string, unknown> {
  const spec: Record<string, unknown> = { ...config };
  if (!WITHOUT_INSTANCES.includes(type)) spec.instanceSelector ??= {};
  if (type === 'datasource' && spec.type === undefined && CORE_DATASOURCE_PLUGIN_IDS.includes(name))
    spec.type = name;
  return spec;
}
