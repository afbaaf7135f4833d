/**
 * Turns a templated route (`/api/datasources/uid/:uid`) plus values into a URL under the
 * configured base URL. Routes stay templated everywhere else (errors, metrics) so that label
 * cardinality stays bounded and no user data ends up in a metric name.
 */

import { GrafanaConfigurationError } from './errors.js';

export type PathParams = Readonly<Record<string, string | number>>;

type QueryScalar = string | number | boolean;
export type QueryParams = Readonly<Record<string, QueryScalar | readonly QueryScalar[] | undefined>>;

const PARAM_PATTERN = /:([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * Normalises the base URL so relative joins keep its sub-path: Grafana behind a reverse proxy is
 * often served from `http://host/grafana/` (`root_url` with `serve_from_sub_path`).
 */
export function normaliseBaseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new GrafanaConfigurationError('Grafana URL is not a valid absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new GrafanaConfigurationError(`Grafana URL must use http or https, not ${url.protocol}`);
  }
  if (url.username || url.password) {
    // Credentials in the URL would leak into logs and error messages; they belong in `auth`.
    throw new GrafanaConfigurationError('Grafana URL must not embed credentials; configure them as auth');
  }
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname = `${url.pathname}/`;
  return url;
}

export function fillRoute(route: string, params: PathParams = {}): string {
  return route.replace(PARAM_PATTERN, (_match, name: string) => {
    const value = params[name];
    if (value === undefined) {
      throw new TypeError(`Missing path parameter :${name} for route ${route}`);
    }
    const text = String(value);
    if (text === '' || text === '.' || text === '..') {
      // URL parsing would drop or collapse such a segment and address a different resource.
      throw new GrafanaConfigurationError(
        `Path parameter :${name} for route ${route} must not be empty, "." or ".."`,
      );
    }
    return encodeURIComponent(text);
  });
}

export function buildUrl(baseUrl: URL, route: string, params?: PathParams, query?: QueryParams): URL {
  const url = new URL(fillRoute(route, params).replace(/^\/+/, ''), baseUrl);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    const values: readonly QueryScalar[] = Array.isArray(value) ? value : [value as QueryScalar];
    for (const item of values) url.searchParams.append(key, String(item));
  }
  return url;
}
