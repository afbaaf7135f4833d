import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import type { KubeObject } from '../src/runtime/kube/types.js';
import { ROOT } from './generate-api.js';

/**
 * examples/ is written for a real cluster (Grafana at an in-cluster URL, a placeholder token);
 * the demo points the GrafanaInstances at its own Grafana and fills the credentials Secret.
 * Instances the examples give basic auth act as a Grafana server admin (they make orgs): with
 * `serverAdmin` they sign in as that user, the password put into the Secret they name; without
 * it they get `credentials` like every other instance. An instance whose token Secret no example
 * provides keeps it: a GrafanaServiceAccount of the examples makes that Secret (the multi-org
 * bootstrap), and the instance must act as that account, in its org.
 */
export async function renderExamples(grafana: {
  url: string;
  credentials: Record<string, string>;
  serverAdmin?: { username: string; password: string };
}): Promise<{ yaml: string; objects: KubeObject[] }> {
  const dir = path.join(ROOT, 'examples');
  const files = (await readdir(dir, { recursive: true })).filter((f) => /\.ya?ml$/.test(f)).sort();
  const objects: KubeObject[] = [];
  for (const file of files) {
    for (const doc of parseAllDocuments(await readFile(path.join(dir, file), 'utf8'))) {
      const object = doc.toJS() as
        (KubeObject & { spec?: Record<string, unknown>; stringData?: Record<string, string> }) | null;
      if (object) objects.push(object);
    }
  }
  const serverAdminSecrets = new Map<string, string>();
  const providedSecrets = new Set(
    objects.filter((o) => o.kind === 'Secret').map((o) => o.metadata?.name ?? ''),
  );
  for (const object of objects as Array<
    KubeObject & { spec?: Record<string, unknown>; stringData?: Record<string, string> }
  >) {
    if (object.kind === 'GrafanaInstance' && object.spec) {
      object.spec.url = grafana.url;
      const basic = (object.spec.auth as { basic?: BasicAuth } | undefined)?.basic;
      if (basic && grafana.serverAdmin) {
        basic.username = grafana.serverAdmin.username;
        serverAdminSecrets.set(basic.passwordSecretKeyRef.name, basic.passwordSecretKeyRef.key);
        continue;
      }
      const tokenSecret = (object.spec.auth as { token?: { secretKeyRef?: { name?: string } } } | undefined)
        ?.token?.secretKeyRef?.name;
      if (tokenSecret && !providedSecrets.has(tokenSecret)) continue;
      const secretName = 'grafana-credentials';
      object.spec.auth = grafana.credentials.token
        ? { token: { secretKeyRef: { name: secretName, key: 'token' } } }
        : {
            basic: {
              username: grafana.credentials.username,
              passwordSecretKeyRef: { name: secretName, key: 'password' },
            },
          };
    }
    if (object.kind === 'Secret' && object.metadata?.name === 'grafana-credentials') {
      object.stringData = { ...grafana.credentials };
      delete object.stringData.username;
    }
  }
  for (const object of objects as Array<KubeObject & { stringData?: Record<string, string> }>) {
    const key = object.kind === 'Secret' ? serverAdminSecrets.get(object.metadata?.name ?? '') : undefined;
    if (key && grafana.serverAdmin) object.stringData = { [key]: grafana.serverAdmin.password };
  }
  return { yaml: objects.map((o) => stringify(o)).join('---\n'), objects };
}

interface BasicAuth {
  username: string;
  passwordSecretKeyRef: { name: string; key: string };
}
