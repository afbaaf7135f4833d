import { convertManifests } from '../../../../src/cli/convert/convert.js';
import type { Manifest } from '../../../../src/cli/manifests.js';

/** A grafana-operator object of `kind`, selecting `dashboards: shared`. */
export function operatorObject(
  kind: string,
  name: string,
  spec: Record<string, unknown>,
  metadata: Record<string, unknown> = {},
): Manifest {
  return {
    apiVersion: 'grafana.integreatly.org/v1beta1',
    kind,
    metadata: { name, ...metadata },
    spec: { instanceSelector: { matchLabels: { dashboards: 'shared' } }, ...spec },
  };
}

/** Converts `manifests`: what was written (by kind/name), and the report's lines. */
export function convert(manifests: Manifest[], adopt = false) {
  const result = convertManifests(
    manifests.map((manifest) => ({ manifest })),
    { adopt },
  );
  const byName = new Map(result.entries.map((e) => [`${e.manifest.kind}/${e.manifest.metadata.name}`, e]));
  const lines = result.report.toString().split('\n').filter(Boolean);
  return {
    result,
    lines,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests reach into specs of any kind
    spec: (key: string) => byName.get(key)?.manifest.spec as Record<string, any> | undefined,
    entry: (key: string) => byName.get(key),
  };
}
