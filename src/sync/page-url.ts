/**
 * The address of a Grafana page for `status.instances[].url`: Grafana's relative url (`/d/uid/slug`)
 * on the instance's base URL, without credentials, query or fragment.
 *
 * Grafana prefixes the urls it returns with its own sub-path (`setting.AppSubUrl`, the path of its
 * `root_url`; pkg/services/dashboards/models.go GetDashboardURL). A url that already starts with the
 * instance URL's path therefore goes on the origin; any other (a Grafana that does not know the
 * sub-path it is served under, and the page paths the operator builds itself) goes below that path:
 * `http://host/grafana` + `/d/x` and + `/grafana/d/x` are both `http://host/grafana/d/x`.
 */
export function pageUrl(instanceUrl: string, relative: string): string {
  if (!relative.startsWith('/')) return relative;
  let base: URL;
  try {
    base = new URL(instanceUrl);
  } catch {
    return relative;
  }
  const subPath = base.pathname.replace(/\/+$/, '');
  const prefixed = subPath !== '' && (relative === subPath || relative.startsWith(`${subPath}/`));
  return `${base.origin}${prefixed ? '' : subPath}${relative}`;
}
