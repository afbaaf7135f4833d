import { writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';

/** A kubeconfig with one cluster, one token user and one context; the CA is embedded. */
export async function writeKubeconfig(
  file: string,
  options: { server: string; caPem: string; user: string; token: string },
): Promise<void> {
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'e2e',
        cluster: {
          server: options.server,
          'certificate-authority-data': Buffer.from(options.caPem).toString('base64'),
        },
      },
    ],
    users: [{ name: options.user, user: { token: options.token } }],
    contexts: [{ name: options.user, context: { cluster: 'e2e', user: options.user, namespace: 'default' } }],
    'current-context': options.user,
  };
  await writeFile(file, stringify(config), { mode: 0o600 });
}
