/**
 * The GrafanaInstance the exported objects select: the Grafana and org they were read from, with
 * credentials from a Secret left empty for the user to fill (a token is never written out).
 */
import type { GrafanaInstanceSpec } from '../../api/generated/index.js';
import type { ManifestEntry } from '../manifests.js';
import { emptySecret, INSTANCE_LABEL, type ExportContext } from './context.js';

/** How the export signed in, without the secret itself. */
export interface InstanceSource {
  url: string;
  auth: { kind: 'token' } | { kind: 'basic'; username: string };
  /** As given with --org; omitted, the credential's own org. */
  org?: { id: number } | { name: string };
}

export function instanceManifests(context: ExportContext, source: InstanceSource): ManifestEntry[] {
  const secretName = context.names.allocate('Secret', `${context.instanceName}-credentials`);
  const key = source.auth.kind === 'token' ? 'token' : 'password';
  const spec: GrafanaInstanceSpec = {
    url: source.url,
    auth:
      source.auth.kind === 'token'
        ? { token: { secretKeyRef: { name: secretName, key } } }
        : { basic: { username: source.auth.username, passwordSecretKeyRef: { name: secretName, key } } },
    ...(source.org ? { org: source.org } : {}),
  };
  const instance = context.object('GrafanaInstance', context.instanceName, { spec });
  instance.metadata.labels = { [INSTANCE_LABEL]: context.instanceName };
  return [
    { manifest: instance },
    emptySecret(
      context,
      secretName,
      [key],
      source.auth.kind === 'token'
        ? 'The service-account token the operator signs in to Grafana with'
        : `The password of the Grafana user "${source.auth.username}"`,
      'the export never writes credentials out',
    ),
  ];
}
