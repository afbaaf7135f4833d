import type { GrafanaInstanceSpec } from '../api/generated/index.js';
import { GrafanaConfigurationError, type GrafanaConnection } from '../grafana/index.js';
import type { SecretReader } from '../runtime/secrets.js';

/**
 * Builds the connection settings of a GrafanaInstance from its spec and the Secrets it names.
 * The org is left to the caller: a name must be resolved against Grafana first.
 */
export async function connectionFromSpec(
  spec: GrafanaInstanceSpec,
  secrets: SecretReader,
): Promise<GrafanaConnection> {
  const { auth } = spec;
  let credentials: GrafanaConnection['auth'];
  if (auth.token) {
    credentials = { kind: 'token', token: (await secrets.value(auth.token.secretKeyRef)).trim() };
  } else if (auth.basic) {
    const username = auth.basic.usernameSecretKeyRef
      ? (await secrets.value(auth.basic.usernameSecretKeyRef)).trim()
      : (auth.basic.username ?? '');
    credentials = { kind: 'basic', username, password: await secrets.value(auth.basic.passwordSecretKeyRef) };
  } else {
    throw new GrafanaConfigurationError('set exactly one of spec.auth.token or spec.auth.basic');
  }
  const connection: GrafanaConnection = {
    url: spec.url,
    auth: credentials,
    timeoutSeconds: spec.timeoutSeconds ?? 10,
  };
  // 0 (no limit) is kept: it overrides the operator's default (GrafanaClients).
  if (spec.maxConcurrentRequests !== undefined) connection.maxConcurrentRequests = spec.maxConcurrentRequests;
  if (spec.tls) {
    connection.tls = {
      insecureSkipVerify: spec.tls.insecureSkipVerify ?? false,
      ...(spec.tls.caSecretKeyRef ? { ca: await secrets.value(spec.tls.caSecretKeyRef) } : {}),
    };
  }
  if (spec.org?.id !== undefined) connection.orgId = spec.org.id;
  return connection;
}
