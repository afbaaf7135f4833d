/**
 * `export`: connects to Grafana, reads one org and writes its manifests.
 */
import type { GrafanaInstanceSpec } from '../../api/generated/index.js';
import {
  GrafanaApi,
  GrafanaApiError,
  GrafanaConfigurationError,
  GrafanaHttpClient,
  type GrafanaAuth,
} from '../../grafana/index.js';
import { actingOrg, NotOrgMemberError, OrgNotFoundError, resolveOrg } from '../../instances/identity.js';
import { CliError } from '../exit.js';
import { writeManifests } from '../manifests.js';
import type { CliContext } from '../command.js';
import { Progress } from '../progress.js';
import { grafanaAuth, type CredentialOptions } from './credentials.js';
import { exportManifests, parseKinds } from './manifests.js';
import type { InstanceSource } from './map-instance.js';
import { readOrg } from './read.js';

export interface ExportCommandOptions extends CredentialOptions {
  url: string;
  org?: string;
  namespace?: string;
  out?: string;
  kinds?: string;
  adopt?: boolean;
}

export async function runExport(
  options: ExportCommandOptions,
  context: Pick<CliContext, 'stdout' | 'stderr'>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const kinds = parseKinds(options.kinds);
  const auth = await grafanaAuth(options, env);
  const source: InstanceSource = {
    url: options.url,
    auth: auth.kind === 'token' ? { kind: 'token' } : { kind: 'basic', username: auth.username },
    ...(options.org === undefined ? {} : { org: orgOption(options.org) }),
  };
  const progress = new Progress('export', undefined, context.stderr as NodeJS.WriteStream);
  const root = connect(options.url, auth);
  try {
    const spec = instanceSpec(source);
    const orgId = await explained(resolveOrg(root, spec));
    const api = orgId === undefined ? root : root.withOrg(orgId);
    const org = await explained(actingOrg(api, spec));
    const snapshot = await explained(readOrg(api, org, kinds, progress));
    const entries = exportManifests(snapshot, source, {
      adopt: options.adopt === true,
      kinds,
      ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
    });
    progress.finish(`read from org ${org.id} (${org.name}), ${entries.length} manifests`);
    await writeManifests(entries, options.out, context.stdout);
  } finally {
    root.http.close();
  }
}

/** `--org 3` is an id, anything else a name. */
function orgOption(text: string): { id: number } | { name: string } {
  return /^[1-9][0-9]*$/.test(text) ? { id: Number(text) } : { name: text };
}

function connect(url: string, auth: GrafanaAuth): GrafanaApi {
  try {
    return new GrafanaApi(new GrafanaHttpClient({ url, auth }));
  } catch (err) {
    if (err instanceof GrafanaConfigurationError || err instanceof TypeError)
      throw new CliError(`--url ${url}: ${err.message}`);
    throw err;
  }
}

/** The spec the instance checks use to word their errors (secret names do not matter there). */
function instanceSpec(source: InstanceSource): GrafanaInstanceSpec {
  const ref = { name: 'credentials', key: 'value' };
  return {
    url: source.url,
    auth:
      source.auth.kind === 'token'
        ? { token: { secretKeyRef: ref } }
        : { basic: { username: source.auth.username, passwordSecretKeyRef: ref } },
    ...(source.org ? { org: source.org } : {}),
  };
}

/** Grafana's refusals and the org checks as one line each; anything else is a defect. */
async function explained<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (
      err instanceof GrafanaApiError ||
      err instanceof GrafanaConfigurationError ||
      err instanceof NotOrgMemberError ||
      err instanceof OrgNotFoundError
    ) {
      throw new CliError(inOptionWords(err.message));
    }
    throw err;
  }
}

/** The instance checks word their hints for a GrafanaInstance's spec; here the options stand for it. */
function inOptionWords(message: string): string {
  return message.replace(/\b(spec\.)?org\.id\b/g, '--org ID').replace(/\b(spec\.)?auth\.basic\b/g, '--user');
}
